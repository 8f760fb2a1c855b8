"""qrsign.render.planning: what is built where is decided without I/O, in frozen values that pickle; build() leaves
its options alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest

from qrsign.building import pipeline
from qrsign.intake.check import VendorRow
from qrsign.models import make_vendor
from qrsign.render import layout, planning, samples


def _rows(n: int, market: str = "Chợ Đồng Xa", seed: int = 7) -> list[VendorRow]:
    return [VendorRow(make_vendor(name=r["name"], bank_bin=r["bank"], account=r["account"], stall=f"S{i}",
                                  market=market, zone=r["zone"]), "Khu A", i + 2)
            for i, r in enumerate(samples.vendors(n, seed=seed, market=market))]


def _plan(rows: list[VendorRow], template: str = layout.DEFAULT, **options) -> tuple[planning.Plan, list[int]]:
    emitted: list[int] = []
    planner = planning.Planner(layout.load(template), planning.PlanOptions(template=template, date_text="01/12/2026",
                                                                           **options),
                               "cho-mau", emit=lambda i, unit: emitted.append(len(unit.rows)),
                               single=layout.load(layout.DEFAULT))
    for vr in rows:
        planner.add(vr)
    return planner.finish(), emitted


def test_a_market_is_cut_into_chunks_and_the_remainder_joins_the_last_file():
    plan, emitted = _plan(_rows(700))
    assert [len(u.rows) for u in plan.in_order] == [250, 250, 200]
    assert [u.sign_file for u in plan.in_order] == [f"cho-dong-xa/a4-treo-0{i}.pdf" for i in (1, 2, 3)]
    assert [u.checklist_file for u in plan.in_order] == [f"cho-dong-xa/doi-chieu-0{i}.pdf" for i in (1, 2, 3)]
    assert emitted == [250, 250, 200]  # the first two were handed out while rows were still coming
    # 375 is one file (250 + a remainder of half a chunk), 376 two
    assert [len(u.rows) for u in _plan(_rows(375))[0].in_order] == [375]
    assert [len(u.rows) for u in _plan(_rows(376))[0].in_order] == [250, 126]
    assert [u.sign_file for u in _plan(_rows(3))[0].in_order] == ["cho-dong-xa/a4-treo.pdf"]


def test_split_none_and_no_checklist():
    plan, _ = _plan(_rows(3), split_by="none", checklist=False)
    assert [(u.sign_file, u.checklist_file, u.where) for u in plan.in_order] == [("a4-treo.pdf", None, "")]


def test_a_combined_plan_puts_single_account_vendors_on_the_default_sign():
    rows = _rows(3)
    twice = VendorRow(make_vendor(name=rows[0].vendor.name, bank_bin="970436", account="0011004567891",
                                  stall="S0", market=rows[0].vendor.market), "Khu A", 9)
    plan, _ = _plan([rows[0], rows[1], twice, rows[2]], template=layout.COMBINED)
    units = plan.in_order
    assert [(u.template, [vr.row for vr in u.rows]) for u in units] == [
        (layout.COMBINED, [2, 9]), (layout.DEFAULT, [3, 4])]
    assert [u.sign_file for u in units] == [f"cho-dong-xa/{layout.load(layout.COMBINED).name}-01.pdf",
                                            "cho-dong-xa/a4-treo-02.pdf"]


def test_plan_values_are_frozen_and_pickle():
    plan, _ = _plan(_rows(4))
    unit = plan.in_order[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.sign_file = "elsewhere.pdf"  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(unit))
    assert again.sign_file == unit.sign_file and [vr.vendor.payload for vr in again.rows] == \
        [vr.vendor.payload for vr in unit.rows]
    pages = planning.pages_for(layout.load(layout.DEFAULT), unit.rows, unit.date_text, unit.where)
    assert [p.page_fields["page"] + "/" + p.page_fields["pages"] for p in pages] == ["1/4", "2/4", "3/4", "4/4"]
    assert [p.refs for p in pages] == [[0], [1], [2], [3]]  # one sign a page on the default template


def test_a_unit_result_crosses_the_process_boundary(tmp_path):
    plan, _ = _plan(_rows(2))
    result = pipeline.render_unit(plan.in_order[0], str(tmp_path))
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert [(p.ref, p.file, p.placed.page) for p in again.placed] == [(0, "cho-dong-xa/a4-treo.pdf", 1),
                                                                      (1, "cho-dong-xa/a4-treo.pdf", 2)]
    assert [(c.file, c.page, c.refs) for c in again.checklists] == [("cho-dong-xa/doi-chieu.pdf", 1, [0, 1])]


def test_build_does_not_change_its_options(tmp_path):
    options = pipeline.BuildOptions(combine=True, jobs=1, date=dt.date(2026, 12, 1))
    before = dataclasses.asdict(options)
    built = pipeline.build("examples/cho-mau.xlsx", tmp_path / "out", options)
    assert dataclasses.asdict(options) == before  # --combine was resolved into a value, not into the options
    assert built.manifest["combine"] is True
    assert built.manifest["template"] == layout.load(layout.COMBINED).name


def test_resolve_template_returns_what_combine_means():
    assert pipeline.resolve_template(layout.DEFAULT, False).name == layout.DEFAULT
    combined = pipeline.resolve_template(layout.DEFAULT, True)
    assert (combined.name, combined.combine, combined.template.kind) == (layout.COMBINED, True, "combined")
    assert pipeline.resolve_template(layout.COMBINED, False).combine is True
    with pytest.raises(pipeline.InputError):
        pipeline.resolve_template("a6-de-ban", True)


def test_build_does_not_change_a_check_result_it_is_given(tmp_path):
    from qrsign.intake.check import Checker
    from qrsign.intake.sheet import read

    checker = Checker(read("examples/cho-mau.xlsx"), source="examples/cho-mau.xlsx")
    for _ in checker.rows():
        pass
    checked = checker.finish()
    vendors, problems, rejected = checked.vendors, list(checked.problems), list(checked.rejected)
    built = pipeline.build("examples/cho-mau.xlsx", tmp_path / "out",
                           pipeline.BuildOptions(jobs=1, date=dt.date(2026, 12, 1), template="a6-de-ban"), checked)
    assert built.check is not checked
    assert checked.vendors is vendors and checked.problems == problems and checked.rejected == rejected
    assert len(built.manifest["signs"]) == len(vendors)


class _Inline:
    """Workers that run each job at once, here, and finish its future when told (``release``), in any order."""

    def __init__(self, jobs: int) -> None:
        from concurrent.futures import Future

        self.jobs = jobs
        self.jobs_run: list[tuple[str, str]] = []
        self._future = Future
        self.held: list = []

    def submit(self, fn, *args):
        future = self._future()
        self.jobs_run.append((fn.__name__, args[2] if len(args) > 2 else "whole"))
        self.held.append((future, fn(*args)))
        return future

    def release(self, order: list[int]) -> None:
        for i in order:
            future, result = self.held[i]
            future.set_result(result)


@pytest.mark.parametrize("order", [[0, 1], [1, 0]])
def test_a_last_unit_goes_as_two_jobs_when_a_worker_would_wait(tmp_path, order):
    """One market (one unit): its signs and its checklist are drawn by two workers; their results come back
    as one unit, the sign file first, whichever part finished first, and equal to one process drawing both."""
    plan, _ = _plan(_rows(3))
    unit = plan.in_order[0]
    workers = _Inline(jobs=2)
    renderer = pipeline.Renderer(tmp_path / "split", workers)  # type: ignore[arg-type]
    renderer.last = True
    renderer.emit(0, unit)
    assert workers.jobs_run == [("render_part", pipeline.SIGNS), ("render_part", pipeline.CHECKLIST)]
    workers.release(order)
    [(index, result)] = list(renderer.completed(plan.units, None))
    whole = pipeline.render_unit(unit, str(tmp_path / "whole"))
    assert index == 0 and result == whole
    assert [f.kind for f in result.files] == ["signs", "checklist"]


def test_a_unit_goes_whole_while_the_workers_are_busy_or_rows_are_still_read(tmp_path):
    """Split while the other worker draws, the checklist's codes would be encoded twice for nothing."""
    plan, _ = _plan(_rows(3))
    unit = plan.in_order[0]
    workers = _Inline(jobs=2)
    renderer = pipeline.Renderer(tmp_path, workers)  # type: ignore[arg-type]
    renderer.emit(0, unit)  # rows still being read: not the last unit
    renderer.last = True
    renderer.emit(1, unit)  # one worker busy with unit 0: the other takes this one whole
    assert workers.jobs_run == [("render_unit", "whole"), ("render_unit", "whole")]
    workers.release([1, 0])
    assert sorted(i for i, _ in renderer.completed(plan.units * 2, None)) == [0, 1]
