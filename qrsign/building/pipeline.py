"""Build signs from a vendor sheet: read and check → plan files and pages → render (in parallel) → manifest.

What is built where is decided in :mod:`qrsign.render.planning`, without I/O, in the
parent process while the sheet is read; it depends only on the data and
options — never on how many worker processes render it — so ``--jobs 1`` and
``--jobs 4`` write byte-identical files. This module does the I/O around the
plan: it reads (with workers, in a child process of its own:
:mod:`qrsign.intake.aside`), hands each unit to a worker, and assembles the
manifest as the units come back. Every file is written atomically; the
manifest is written last, as the record of a finished build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from qrsign import _compat, fsutil
from qrsign._version import __version__
from qrsign.building import jsontext, outdir
from qrsign.building.manifest import (
    MANIFEST,
    MANIFEST_SCHEMA,
    SINCE_KEYS,
    ChecklistEntry,
    FileEntry,
    ImageEntry,
    Manifest,
    SignEntry,
)
from qrsign.building.workers import Workers
from qrsign.errors import InputError, RenderError
from qrsign.intake import aside
from qrsign.intake import sheet as sheetmod
from qrsign.intake.check import Checker, CheckResult, VendorRow, summaries, summary
from qrsign.models import Problem, Vendor
from qrsign.render import layout, planning, qr, rules
from qrsign.render.planning import (
    CHUNK,
    SPLITS,
    Item,
    PageSpec,
    Plan,
    Planner,
    PlanOptions,
    Unit,
    item_fields,
    label,
    pages_for,
)
from qrsign.render.rules import printable, unprintable

if TYPE_CHECKING:
    from qrsign.lifecycle.diff import Since
    from qrsign.render.document import Placed

@dataclass
class BuildOptions:
    template: str = layout.DEFAULT
    sheet: str | None = None
    market: str | None = None
    split_by: str = "market"
    combine: bool = False
    formats: tuple[str, ...] = ()
    jobs: int | None = None
    date: dt.date | None = None
    logos: dict[str, str] = field(default_factory=dict)
    ec: str = "M"
    max_signs_per_file: int = CHUNK
    checklist: bool = True
    #: ``progress(done, total)``: rows read so far with ``total=None`` while reading, then signs drawn of total
    progress: Callable[[int, int | None], None] | None = None
    #: the manifest of the build this one updates (:func:`qrsign.building.manifest.load_manifest`): only reprints
    #: and new signs are built; the manifest gets ``since``, ``reprint``, ``kept``, ``withdraw`` … and thu-hoi.pdf
    since: Manifest | None = None
    lang: str = "vi"
    replace: bool = False  # build into a folder that holds another sheet's build, replacing it
    #: also build hidden, filtered-out and struck-through rows (``--include-hidden``)
    include_hidden: bool = False
    #: which column feeds which field, as ``--column "Tên trên app=holder"`` says: header text or column letter
    #: → field (None or "ignore": not read); see :func:`qrsign.intake.sheet.read`
    columns: Mapping[str, str | None] | None = None

    def __post_init__(self) -> None:
        # a program's mistake, said plainly at once: "2026-01-15" would fail deep in the planner as an AttributeError
        if self.date is not None and not isinstance(self.date, dt.date):
            raise TypeError(f"date must be a datetime.date (dt.date(2026, 1, 15)), not {self.date!r}")


@dataclass(frozen=True)
class FileResult:
    file: str
    kind: str  # "signs" | "checklist"
    template: str
    pages: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class PlacedSign:
    """Where one row of a unit was drawn: ``ref`` is its position in the unit's rows."""

    ref: int
    file: str
    placed: Placed


@dataclass(frozen=True)
class ChecklistPage:
    """One checklist page: the unit's rows it lists (positions), each row's cell and QR box."""

    file: str
    page: int
    refs: list[int]
    cells: list[list[float]]
    qr_boxes: list[list[float]]
    #: Each row's text that came out too small, as (element, size), or None (see ``Placed.shrunk``).
    shrunk: list[tuple[str, float] | None] = field(default_factory=list)


@dataclass
class UnitResult:
    """What a worker sends back for one unit (it crosses the process boundary: every part pickles)."""

    files: list[FileResult]
    placed: list[PlacedSign]
    checklists: list[ChecklistPage]


@dataclass
class BuildResult:
    """A finished build: the sheet's check, the folder, its manifest, how the signs came out, what was cleaned."""

    check: CheckResult
    out_dir: Path
    manifest: Manifest
    problems: list[Problem]
    cleanup: outdir.Cleanup = field(default_factory=outdir.Cleanup)

    @property
    def exit_code(self) -> int:
        """1 when rows of the sheet were skipped (no sign), else 0."""
        return 1 if self.check.rejected else 0

    def to_dict(self, lang: str = "vi", *, verify: dict[str, Any] | None = None) -> dict[str, Any]:
        """What ``qrsign build --json`` prints; ``verify`` is what ``--verify`` found (``Verification.to_dict``)."""
        from qrsign.intake.check import problem_dict

        m = self.manifest
        data: dict[str, Any] = {
            "output": str(self.out_dir),
            "manifest": str(self.out_dir / MANIFEST),
            "signs": len(m["signs"]),
            "files": m["files"],
            "problems": [problem_dict(p, lang) for p in self.check.problems],
            "summary": m["summary"],
            "markets": m["markets"],
            "cleanup": self.cleanup.to_dict(),
        }
        if verify is not None:
            data["verify"] = verify
        data.update({k: m[k] for k in SINCE_KEYS if k in m})  # type: ignore[literal-required]
        return data


@dataclass(frozen=True)
class Resolved:
    """The template a build uses, and whether it is a combined build (see :func:`resolve_template`)."""

    template: layout.Template
    name: str  # as given, or ``layout.COMBINED`` for ``--combine``: what the units name and load
    combine: bool


def resolve_template(name: str, combine: bool) -> Resolved:
    """The template to build with; ``--combine`` picks the combined layout (and a combined layout implies it)."""
    template = layout.load(name)
    if template.kind == "combined":
        return Resolved(template, name, True)
    if not combine:
        return Resolved(template, name, False)
    if name != layout.DEFAULT:
        raise InputError("E-USAGE-COMBINE", value=template.name, combined=layout.COMBINED)
    return Resolved(layout.load(layout.COMBINED), layout.COMBINED, True)


def plan_options(options: BuildOptions, resolved: Resolved) -> PlanOptions:
    """What of the build's options the plan depends on."""
    return PlanOptions(template=resolved.name, split_by=options.split_by, checklist=options.checklist,
                       max_signs_per_file=options.max_signs_per_file, date_text=planning.date_text(options.date),
                       logos=dict(options.logos), ec=options.ec)


#: What the manifest keeps of each account (besides where it was printed), in this order.
ENTRY_KEYS = ("row", "sheet", "stall", "name", "holder", "bank_bin", "bank", "account", "market", "zone",
              "payload", "sign_id", "source")


def _entry(vr: VendorRow) -> SignEntry:
    row = vr.to_dict()
    image = {"image": row["image"]} if row.get("image") else {}  # the screenshot an imported payload came from
    return cast(SignEntry, {**{k: row[k] for k in ENTRY_KEYS}, **image, "file": None, "page": None})


# --------------------------------------------------------------------------------------------------
# rendering (runs in worker processes)


def _render_file(template: layout.Template, pages: list[PageSpec], title: str, unit: Unit,
                 out_dir: str, rel: str, kind: str) -> tuple[FileResult, list[list[Placed]]]:
    from qrsign.render.document import SignDocument

    doc = SignDocument(template, title=title, logos=unit.logos, ec=unit.ec)
    placed = [doc.add_page(page.items, page.page_fields) for page in pages]
    data = doc.to_bytes()
    target = fsutil.inside(Path(out_dir), rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fsutil.write_bytes(target, data)
    return FileResult(rel, kind, template.name, doc.pages, len(data), hashlib.sha256(data).hexdigest()), placed


def render_unit(unit: Unit, out_dir: str) -> UnitResult:
    """Render a unit's sign file (and its checklist) and write them atomically; returns where each sign went."""
    items: dict[int, Item] = {}  # a row's fields, worked out once for its sign and its checklist row
    return _merged(render_part(unit, out_dir, SIGNS, items), render_part(unit, out_dir, CHECKLIST, items))


#: The parts of a unit one worker can draw while another draws the other (see :meth:`Renderer.emit`).
SIGNS, CHECKLIST = "signs", "checklist"


def render_part(unit: Unit, out_dir: str, part: str, items: dict[int, Item] | None = None) -> UnitResult:
    """Render one file of a unit, its signs or its checklist (none when the unit has no checklist), and write it
    atomically. ``items`` caches each row's fields between the two parts drawn in one process."""
    items = {} if items is None else items
    where = f" – {unit.where}" if unit.where else ""
    if part == SIGNS:
        template = layout.load(unit.template)
        pages = pages_for(template, unit.rows, unit.date_text, unit.where, items)
        sign_result, placed = _render_file(template, pages, template.description + where, unit, out_dir,
                                           unit.sign_file, "signs")
        result = UnitResult([sign_result], [], [])
        for page, marks in zip(pages, placed, strict=True):
            for ref, p in zip(page.refs, marks, strict=True):
                result.placed.append(PlacedSign(ref, unit.sign_file, p))
        return result
    result = UnitResult([], [], [])
    if unit.checklist_file:
        checklist = layout.load(layout.CHECKLIST)
        cpages = pages_for(checklist, unit.rows, unit.date_text, unit.where, items)
        check_result, cplaced = _render_file(checklist, cpages, checklist.description + where, unit, out_dir,
                                             unit.checklist_file, "checklist")
        result.files.append(check_result)
        for page, marks in zip(cpages, cplaced, strict=True):
            result.checklists.append(ChecklistPage(unit.checklist_file, marks[0].page, list(page.refs),
                                                   [list(m.cell) for m in marks], [list(m.qr_box) for m in marks],
                                                   [m.shrunk for m in marks]))
    return result


def _merged(signs: UnitResult, checklist: UnitResult) -> UnitResult:
    """One unit's result from its two parts: the sign file first, as when one process draws both."""
    return UnitResult(signs.files + checklist.files, signs.placed + checklist.placed,
                      signs.checklists + checklist.checklists)


class Renderer:
    """Renders units as the planner hands them over: in the workers at once, or here at the end (one job)."""

    def __init__(self, out_dir: Path, workers: Workers | None) -> None:
        self.out_dir = str(out_dir)
        self.workers = workers
        self.futures: dict[int, list[Future[UnitResult]]] = {}
        #: Set once the sheet is read: the units handed over from then on are the build's last ones.
        self.last = False

    def emit(self, index: int, unit: Unit) -> None:
        """Hand ``unit`` to the workers: as two jobs, its signs and its checklist, when it is one of the build's
        last and a worker would otherwise have nothing to draw (a market of up to 375 vendors is one unit: both
        cores draw it).

        Only then: the checklist shows every sign's code, which the worker that drew the signs has already
        encoded; another worker encodes them again (2.5 times the checklist's own time). Split while the other
        workers are busy, the last unit finished later as often as sooner (timelines of 1,000-sign builds).
        """
        if self.workers is None:
            return
        busy = sum(not f.done() for futures in self.futures.values() for f in futures)
        if self.last and unit.checklist_file and busy + 2 <= self.workers.jobs:
            self.futures[index] = [self.workers.submit(render_part, unit, self.out_dir, SIGNS),
                                   self.workers.submit(render_part, unit, self.out_dir, CHECKLIST)]
        else:
            self.futures[index] = [self.workers.submit(render_unit, unit, self.out_dir)]

    def close(self) -> None:
        """Every unit is handed over: the workers may leave once their work is done (:meth:`Workers.close`)."""
        if self.workers is not None:
            self.workers.close()

    def idle(self) -> bool:
        """A worker has nothing to draw: fewer units (or parts) out than workers."""
        if self.workers is None:
            return False
        return sum(not f.done() for futures in self.futures.values() for f in futures) < self.workers.jobs

    def completed(self, units: Sequence[Unit],
                  progress: Callable[[int, int | None], None] | None) -> Iterator[tuple[int, UnitResult]]:
        """Every unit's result as it is ready (rendered here, one job), with the unit's index in the planner:
        the caller works on one while the workers still draw the others."""
        total = sum(u.weight for u in units)
        done = 0
        ready = (((index, render_unit(unit, self.out_dir)) for index, unit in enumerate(units))
                 if self.workers is None else self._collected())
        for index, result in ready:
            done += units[index].weight
            if progress:
                progress(done, total)
            yield index, result

    def _collected(self) -> Iterator[tuple[int, UnitResult]]:
        """The workers' results by unit, as each unit's last part comes back (its parts merged in order)."""
        waiting = {future: index for index, futures in self.futures.items() for future in futures}
        parts: dict[int, dict[Future[UnitResult], UnitResult]] = {}
        for future in as_completed(waiting):
            index = waiting[future]
            got = parts.setdefault(index, {})
            got[future] = future.result()
            if len(got) == len(self.futures[index]):
                results = [got[f] for f in self.futures[index]]
                yield index, results[0] if len(results) == 1 else _merged(*results)


@contextlib.contextmanager
def _rendering(out: Path, jobs: int) -> Iterator[Renderer]:
    """Start the workers first (ready with reportlab and the fonts by the time the first chunk is read, then
    drawing each full chunk while the rest is still read); on any error leave complete files only."""
    with contextlib.ExitStack() as stack:
        if jobs > 1:
            stack.enter_context(_compat.quick_handover())  # units reach the workers while rows are checked
        workers = stack.enter_context(Workers(jobs)) if jobs > 1 else None
        try:
            yield Renderer(out, workers)
        except BaseException:  # Ctrl-C, a kill, a full disk, bad input: leave complete files only
            if workers is not None:
                workers.kill()
            fsutil.sweep_temp(out)
            raise


# --------------------------------------------------------------------------------------------------
# the stages of a build


def build(sheet_path: str | os.PathLike, out_dir: str | os.PathLike, options: BuildOptions | None = None,
          result: CheckResult | None = None) -> BuildResult:
    """Check the sheet and build every valid row's sign into ``out_dir`` (see module docstring).

    Neither ``options`` nor ``result`` (a check of the sheet done already) is changed: ``--combine`` is resolved
    into a new value (:func:`resolve_template`), and the build's own check result is returned.
    """
    options = options or BuildOptions()
    if options.split_by not in SPLITS:
        raise InputError("E-USAGE", detail=f"--split-by must be one of {', '.join(SPLITS)}")
    resolved = resolve_template(options.template, options.combine)  # fail early on an unknown template
    cleanup = outdir.Cleanup()
    # a failed build leaves no empty folder it created; the lock goes first
    with outdir.made_for_build(out_dir) as out, outdir.locked(out, cleanup):  # one build at a time into one folder
        outdir.check_other_build(out, Path(sheet_path).name, options.replace, cleanup)
        old = outdir.previous_manifest(out, MANIFEST)
        built, written = _build(sheet_path, out, options, result, resolved)
        built.cleanup = cleanup
        _remove_stale(out, old, built.manifest, Path(sheet_path), cleanup)
        write_json(out / MANIFEST, built.manifest, written)
        return built


def _build(sheet_path: str | os.PathLike, out: Path, options: BuildOptions, result: CheckResult | None,
           resolved: Resolved) -> tuple[BuildResult, dict[int, str]]:
    """The build itself, in a locked folder: every file but the manifest (written last, by the caller), and the
    manifest's entries already written out as JSON while a worker was idle (:func:`_write_ahead`)."""
    fsutil.sweep_temp(out)
    single = layout.load(layout.DEFAULT) if resolved.template.kind == "combined" else None
    jobs = options.jobs or os.cpu_count() or 1
    with _tables(sheet_path, options, result, jobs) as tables, _rendering(out, jobs) as renderer:
        planner = Planner(resolved.template, plan_options(options, resolved), Path(sheet_path).stem,
                          emit=renderer.emit, single=single)
        since = _since(options)
        _compat.settled()  # the build's modules are loaded: the program's collector leaves them alone
        result = _read_and_plan(sheet_path, options, result, tables(), resolved.template, planner, since)
        renderer.last = True
        plan = planner.finish()
        renderer.close()
        # each unit's entries as it comes back, while the workers still draw the others
        parts: dict[int, UnitPart] = {}
        texts: dict[int, str] = {}
        for index, res in renderer.completed(plan.units, options.progress):
            parts[index] = _assemble_unit(plan.units[index], res, resolved.template)
            if renderer.idle():
                _write_ahead(parts, texts)
    manifest, problems = _assemble(sheet_path, out, options, resolved, plan, parts)
    result.problems.extend(problems)
    manifest["summary"] = summary(result)
    manifest["markets"] = summaries(result)
    if since is not None:
        _add_since(manifest, since, result, out, options)
    return BuildResult(result, out, manifest, problems), texts


#: At most this many entries are written ahead (about 1 KB each): what the end of a build has time for, and a
#: province's manifest still streamed a piece at a time (:func:`write_json`).
AHEAD_ENTRIES = 4000


def _write_ahead(parts: Mapping[int, UnitPart], texts: dict[int, str]) -> None:
    """The JSON of the sign and checklist entries of the units back so far (``jsontext.item``), by ``id``.

    Called when a worker has nothing left to draw while another still draws (the last units of a 1,000-sign
    build end 30-200 ms apart): the manifest's largest part is then written on that idle core, not after the
    last unit, when nothing else runs (the build's last step 61 → 33 ms, the medians of 12 builds each). The
    entries are final once their unit is assembled; ``tests/test_jsontext.py`` holds the manifest written to the
    JSON of the manifest the build returns, whatever the options add after.
    """
    for part in parts.values():
        for entry in (*part.signs, *part.checklists):
            if len(texts) >= AHEAD_ENTRIES:
                return
            if id(entry) not in texts:
                texts[id(entry)] = jsontext.item(entry)


@contextlib.contextmanager
def _tables(sheet_path: str | os.PathLike, options: BuildOptions, result: CheckResult | None,
            jobs: int) -> Iterator[Callable[[], sheetmod.Tables | None]]:
    """A function that returns the sheet's tables (None when it was checked already). With workers to keep
    busy, a child process starts parsing here (:mod:`qrsign.intake.aside`): while this one loads reportlab
    for the workers, and then while it checks the rows the child has sent."""
    if result is not None:
        yield lambda: None
        return
    with aside.reading(sheet_path, aside=aside.can_read_aside(jobs), sheet=options.sheet,
                       include_hidden=options.include_hidden, columns=options.columns) as tables:
        yield tables


def _read_and_plan(sheet_path: str | os.PathLike, options: BuildOptions, result: CheckResult | None,
                   tables: sheetmod.Tables | None, template: layout.Template, planner: Planner,
                   since: Since | None) -> CheckResult:
    """Check the sheet's ``tables`` (unless ``result`` checked it already), handing every printable row to the
    planner; returns the check's result without the rows that cannot be printed."""
    checker = None
    if result is None:
        assert tables is not None
        checker = Checker(tables, source=str(sheet_path), market=options.market)
        rows, result = checker.rows(), checker.result
    else:  # a result checked already: work on a copy of its lists, the caller's stays as it was
        rows = iter(list(result.vendors))
        result = dataclasses.replace(result, vendors=list(result.vendors), problems=list(result.problems),
                                     rejected=list(result.rejected))
    fields = rules.printed_fields(template, checklist=options.checklist)
    signs = rules.makes_signs(template)
    unprintable: set[int] = set()
    for n_read, vr in enumerate(rows, 1):
        if options.progress:
            options.progress(n_read, None)
        if not printable(vr, result, fields) or (signs and not rules.static_only(vr, result)):
            unprintable.add(id(vr))
        elif since is None or planner.combined or since.wanted(vr):
            if since is not None:
                since.number(vr)
            planner.add(vr)
    if checker is not None:
        result = checker.finish()
    result.vendors = [vr for vr in result.vendors if id(vr) not in unprintable]
    if not result.vendors:
        # "fix the problems above" only when there are problems to show above it
        nothing = InputError("E-NOTHING-TO-BUILD" if result.problems else "E-NOTHING-TO-BUILD-EMPTY")
        nothing.check = result  # type: ignore[attr-defined]  # the CLI prints its problems first
        raise nothing
    if since is not None:
        since.check_markets(result)  # an old build of other markets: refused before the plan is finished
    if since is not None and planner.combined:
        since.trim(planner)  # a combined sign shows every account of its vendor: reprint them together
    return result


@dataclass
class UnitPart:
    """A unit's part of the manifest: its signs (in its rows' order), files, checklist pages and warnings."""

    signs: list[SignEntry]
    files: list[FileEntry]
    checklists: list[ChecklistEntry]
    problems: list[Problem]


def _assemble_unit(unit: Unit, res: UnitResult, template: layout.Template) -> UnitPart:
    """The manifest entries of one rendered unit, and the warnings of how its signs came out."""
    signs = [_entry(vr) for vr in unit.rows]
    problems: list[Problem] = []
    for placed in res.placed:
        entry = signs[placed.ref]
        _place(entry, placed)
        problems.extend(_placement_problems(entry, placed.placed, template))
    checklists: list[ChecklistEntry] = [
        {"file": c.file, "page": c.page, "sign_ids": [signs[p]["sign_id"] for p in c.refs], "cells": c.cells,
         "qr_boxes": c.qr_boxes} for c in res.checklists]
    problems.extend(_checklist_problems(signs, res.checklists))
    return UnitPart(signs, [cast(FileEntry, dict(f.__dict__)) for f in res.files], checklists, problems)


def _assemble(sheet_path: str | os.PathLike, out: Path, options: BuildOptions, resolved: Resolved, plan: Plan,
              parts: dict[int, UnitPart]) -> tuple[Manifest, list[Problem]]:
    """The manifest (without summary and ``--since`` keys) and the warnings of how the signs came out: the
    units' parts in the plan's order."""
    problems = list(plan.problems)
    signs: list[SignEntry] = []
    files: list[FileEntry] = []
    checklists: list[ChecklistEntry] = []
    for index in plan.order:
        part = parts[index]
        signs.extend(part.signs)
        files.extend(part.files)
        checklists.extend(part.checklists)
        problems.extend(part.problems)
    images = _write_images(signs, out, options.formats, options.ec) if options.formats else []
    manifest: Manifest = {
        "schema": MANIFEST_SCHEMA,
        "qrsign": __version__,
        "source": Path(sheet_path).name,
        "template": resolved.template.name,
        "date": (options.date or dt.date.today()).isoformat(),
        "split_by": options.split_by,
        "combine": resolved.combine,
        "signs": signs,
        "checklists": checklists,
        "files": files,
        "images": images,
    }
    return manifest, problems


def _place(entry: SignEntry, placed: PlacedSign) -> None:
    p = placed.placed
    entry.update({"file": placed.file, "page": p.page, "qr_version": p.version, "module_mm": p.module_mm,
                  "cell": list(p.cell), "qr_box": list(p.qr_box)})
    if p.holder_box is not None:
        entry["holder_box"] = list(p.holder_box)


def _checklist_problems(signs: Sequence[Mapping[str, Any]], pages: list[ChecklistPage]) -> list[Problem]:
    """W-TEXT-SMALL for a checklist row whose holder, account or other text came out too small."""
    return [Problem(code="W-TEXT-SMALL", severity="warning", sheet=signs[ref]["sheet"],
                    row=signs[ref]["row"], field=shrunk[0], value=signs[ref]["name"],
                    params={"size": shrunk[1], "template": layout.CHECKLIST})
            for c in pages for ref, shrunk in zip(c.refs, c.shrunk, strict=False) if shrunk is not None]


def _placement_problems(entry: Mapping[str, Any], p: Placed, template: layout.Template) -> list[Problem]:
    """W-MODULE-SMALL when a QR came out below the template's module size, W-TEXT-SMALL when a text shrank."""
    problems = []
    if p.module_mm < template.min_module_mm:
        problems.append(Problem(code="W-MODULE-SMALL", severity="warning", sheet=entry["sheet"],
                                row=entry["row"], field="account", value=entry["name"],
                                params={"module_mm": p.module_mm, "limit": template.min_module_mm,
                                        "template": template.name}))
    if p.shrunk is not None:
        problems.append(Problem(code="W-TEXT-SMALL", severity="warning", sheet=entry["sheet"],
                                row=entry["row"], field=p.shrunk[0], value=entry["name"],
                                params={"size": p.shrunk[1], "template": template.name}))
    if p.strip_without_name:
        problems.append(Problem(code="W-STRIP-NO-NAME", severity="warning", sheet=entry["sheet"],
                                row=entry["row"], field="holder", value=entry["name"],
                                params={"template": template.name}))
    return problems


# ``build --since OLD_MANIFEST`` (the logic is in qrsign.lifecycle.diff and qrsign.lifecycle.withdraw)


def _since(options: BuildOptions) -> Since | None:
    if options.since is None:
        return None
    from qrsign.lifecycle.diff import Since

    return Since(options.since, options.market)


def _add_since(manifest: Manifest, since: Since, result: CheckResult, out: Path, options: BuildOptions) -> None:
    """Add the comparison with the old build to ``manifest`` and write the withdraw list (when any)."""
    from qrsign.lifecycle import withdraw
    from qrsign.lifecycle.diff import take_down

    fields = since.manifest_fields(result, built={s["sign_id"] for s in manifest["signs"]})
    manifest.update(cast(Manifest, fields))
    entries = take_down(manifest["withdraw"], manifest.get("replaced") or [])
    if entries:  # vendors gone, and the old copy of every reprint: whenever there is something to take down
        name, pages, data = withdraw.write(entries, out, lang=options.lang, date=options.date,
                                           source=manifest["source"])
        manifest["files"].append({"file": name, "kind": "withdraw", "template": "thu-hoi", "pages": pages,
                                  "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})


def write_json(path: Path, data: Mapping[str, Any], known: Mapping[int, str] | None = None) -> None:
    """Write ``data`` as ``json.dump(data, ensure_ascii=False, indent=2)`` would, atomically, a piece at a time.

    ``json.dumps`` of a province's manifest would hold the whole text (and the
    encoder's millions of pieces) in memory at once: 200 MB for 18,000 signs.
    The text comes from :mod:`qrsign.building.jsontext` (the same bytes, faster).
    """
    with fsutil.atomic(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
        for piece in jsontext.chunks(data, known):
            text.write(piece)
        text.write("\n")
        text.flush()
        text.detach()


def _write_images(signs: list[SignEntry], out: Path, formats: tuple[str, ...], ec: str) -> list[ImageEntry]:
    """One QR image per account beside the PDFs (``<folder>/qr/<stall>-<bank>-<last4>.<ext>``)."""
    names = fsutil.UniqueNames()
    images: list[ImageEntry] = []
    for entry in signs:
        folder = str(Path(entry["file"]).parent) if entry["file"] else ""
        folder = "" if folder == "." else folder
        symbol = qr.encode(entry["payload"], ec)
        for fmt in formats:
            name = names.take(f"{folder}/qr/" + fsutil.safe_name(entry["stall"] or str(entry["row"]), entry["bank"],
                                                                  (entry["account"] or "")[-4:], ext=f".{fmt}"))
            name = name.lstrip("/")
            target = fsutil.inside(out, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = qr.png(symbol) if fmt == "png" else qr.svg(symbol).encode("utf-8")
            fsutil.write_bytes(target, data)
            images.append({"file": name, "sign_id": entry["sign_id"], "format": fmt,
                           "sha256": hashlib.sha256(data).hexdigest()})
    return images


def _remove_stale(out: Path, old: dict | None, manifest: Manifest, sheet: Path, cleanup: outdir.Cleanup) -> None:
    """Delete the previous build's files that this build does not write again, when it is safe to:
    listed in the old manifest with the same SHA-256, inside ``out``, a kind qrsign writes, not the sheet
    (:func:`qrsign.building.outdir.remove_stale`)."""
    new = {f["file"] for f in manifest["files"]} | {i["file"] for i in manifest["images"]}
    outdir.remove_stale(out, old, new, [sheet], cleanup)


# --------------------------------------------------------------------------------------------------


def card_png(vr: VendorRow, *, date: dt.date | None = None, ec: str = "M", payload: str | None = None,
             extra: dict[str, str] | None = None) -> bytes:
    """The shareable card of one vendor row (PNG): its QR with the holder, bank and account printed under it.

    ``payload`` replaces the vendor's (``make --amount``'s one-off code) and ``extra`` adds or replaces fields
    (that code's sign ID, the amount line).
    """
    from qrsign.render import card

    vendor = vr.vendor
    for f, chars in unprintable(vendor).items():
        raise RenderError("E-GLYPH-MISSING", field=f, value=getattr(vendor, f), chars=chars)
    fields = {**item_fields(vr, planning.date_text(date)), **(extra or {})}
    return card.png(fields, payload or vendor.payload, ec)


def make_one(vendor: Vendor, output: str | os.PathLike, *, template: str = layout.DEFAULT,
             date: dt.date | None = None, logos: dict[str, str] | None = None, ec: str = "M",
             qr_only: bool = False, amount: int | None = None) -> dict:
    """One sign (``.pdf``), one shareable card (``.png``: the QR with the holder, bank and account under it),
    or one bare QR image (``.svg``, or ``.png`` with ``qr_only``) for a single vendor.

    ``amount`` makes a one-off (dynamic) code, for one payment: a card that shows the amount, or the bare
    QR — never a stall sign, which would ask every customer for that amount without showing it.
    """
    from qrsign.core import vietqr
    from qrsign.models import sign_id

    path = fsutil.prepare_file(output)
    suffix = path.suffix.lower()
    vr = VendorRow(vendor, None, None)
    payload = vendor.payload
    if amount is not None:
        payload = vietqr.encode(vendor.bank_bin, vendor.account, card=vendor.card, amount=amount)
    info: dict[str, Any] = {
        "file": str(path), "payload": payload, "sign_id": sign_id(payload), "bank_bin": vendor.bank_bin,
        "account": vendor.account, "name": vendor.name, "holder": vendor.holder}
    if amount is not None:
        info["amount"] = amount
    if qr_only and suffix != ".png":
        raise InputError("E-QR-ONLY-FORMAT", field="output", value=str(output))
    if suffix == ".png" and not qr_only:
        from qrsign.messages import ui

        extra = {"sign_id": info["sign_id"]}
        if amount is not None:
            extra["amount"] = ui("card.amount", "vi", amount=f"{amount:,}".replace(",", "."))
        fsutil.write_bytes(path, card_png(vr, date=date, ec=ec, payload=payload, extra=extra))
        info.update(qr_version=qr.encode(payload, ec).version, card=True)
        return info
    if suffix in (".png", ".svg"):
        symbol = qr.encode(payload, ec)
        if suffix == ".png":
            fsutil.write_bytes(path, qr.png(symbol))
        else:
            fsutil.write_text(path, qr.svg(symbol))
        info.update(qr_version=symbol.version)
        return info
    if suffix != ".pdf":
        raise InputError("E-OUTPUT-TYPE", field="output", value=str(output))
    if amount is not None:
        raise InputError("E-MAKE-AMOUNT-SIGN", field="amount", value=str(output))
    tpl = layout.load(template)
    for f, chars in unprintable(vendor, rules.printed_fields(tpl, checklist=False)).items():
        raise RenderError("E-GLYPH-MISSING", field=f, value=getattr(vendor, f), chars=chars)
    from qrsign.render.document import SignDocument

    date_text = planning.date_text(date)
    doc = SignDocument(tpl, title=label(vr), logos=logos, ec=ec)
    (page,) = pages_for(tpl, [vr], date_text, vendor.market or "")
    placed = doc.add_page(page.items, page.page_fields)
    fsutil.write_bytes(path, doc.to_bytes())
    info.update(template=tpl.name, page=1, qr_version=placed[0].version, module_mm=placed[0].module_mm)
    return info
