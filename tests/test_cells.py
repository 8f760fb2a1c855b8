"""Proof at the cell: every code lies in its own sign's QR box, beside its own account and holder's name.

A per-page check passes a page whose QR codes were rotated between its cells;
these tests draw exactly that (by swapping the payloads handed to the QR
drawing) and require ``verify`` to report it, while every template's real
pages pass cell by cell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qrsign.proof.verify import verify
from qrsign.render import document as render
from qrsign.render import layout, planning

from conftest import HEADER, cell_problems, make_workbook, run_cli

ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""],
    [2, "Trần Văn Nam", "A02", "MBBank", "0352350917", "", ""],
    [3, "Lê Thị Nguyệt", "A03", "HDBank", "0689012345678", "", ""],
    [4, "Phạm Thị Sương", "A04", "OCB", "0100100012345", "", ""],
    [5, "Hoàng Thị Phượng", "A05", "Techcombank", "19036123456012", "", ""],
    [6, "Hoàng Thị Phượng", "A05", "ACB", "257678859", "", ""],
]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    return make_workbook(tmp_path_factory.mktemp("cells") / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})


def _build(sheet: Path, out: Path, *args: str) -> dict:
    run = run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--quiet", *args)
    assert run.code == 0, run.err
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


TEMPLATES = [t for t in layout.builtin_names() if t != layout.COMBINED]


@pytest.mark.parametrize("template", [*TEMPLATES, "--combine"])
def test_every_template_passes_cell_by_cell(sheet, tmp_path, template):
    args = ("--combine",) if template == "--combine" else ("-t", template)
    manifest = _build(sheet, tmp_path / "out", *args)
    for s in manifest["signs"]:
        x, y, w, h = s["qr_box"]
        cx, cy, cw, ch = s["cell"]
        assert cx <= x and cy <= y and x + w <= cx + cw and y + h <= cy + ch  # the QR box lies in its cell
    assert cell_problems(tmp_path / "out") == []
    result = verify(tmp_path / "out", jobs=1)
    assert result.ok, [f.to_dict("en") for f in result.findings if f.bad]
    assert result.found == len(manifest["signs"]) + sum(len(c["sign_ids"]) for c in manifest["checklists"])


def _swap_payloads(monkeypatch, a: str, b: str) -> None:
    """Draw ``a``'s QR where ``b``'s should be and the reverse; the manifest still records the truth."""
    real = render.qr.drawing

    def swapped(payload: str, ec: str = "M"):
        return real({a: b, b: a}.get(payload, payload), ec)

    monkeypatch.setattr(render.qr, "drawing", swapped)


@pytest.mark.parametrize("template", ["a6-de-ban", "nhan-dan"])
def test_qr_codes_swapped_between_cells_are_reported(sheet, tmp_path, monkeypatch, template):
    out = tmp_path / "out"
    honest = _build(sheet, tmp_path / "honest", "-t", template, "--no-checklist")
    first, second = honest["signs"][0], honest["signs"][1]
    assert first["page"] == second["page"]  # two cells of one page
    _swap_payloads(monkeypatch, first["payload"], second["payload"])
    _build(sheet, out, "-t", template, "--no-checklist")
    monkeypatch.undo()
    # the per-page view is fooled: the page carries exactly the codes it should
    problems = cell_problems(out)
    assert any(first["sign_id"] in p and "not its own" in p for p in problems)
    result = verify(out, jobs=1)
    assert not result.ok
    wrong = [f for f in result.findings if f.status == "wrong-cell"]
    assert sorted(f.sign["sign_id"] for f in wrong) == sorted([first["sign_id"], second["sign_id"]])
    by_cell = {f.sign["sign_id"]: f for f in wrong}
    assert by_cell[first["sign_id"]].payload == second["payload"]
    run = run_cli("verify", out, "--lang", "en")
    assert run.code == 1
    assert "WRONG CELL" in run.out and "TRAN VAN NAM" in run.out and "NGUYEN THI HUONG" in run.out
    data = run_cli("verify", out, "--json").json()
    assert sorted(f["status"] for f in data["findings"] if f["status"] != "ok") == ["wrong-cell", "wrong-cell"]
    # the PDF on its own is checked cell by cell too (it is one of the build's files: same bytes)
    pdf = out / first["file"]
    for against in (out, out / "manifest.json"):
        data = run_cli("verify", pdf, "--against", against, "--json").json()
        assert sorted(f["status"] for f in data["findings"] if f["status"] != "ok") == ["wrong-cell", "wrong-cell"]
    assert run_cli("verify", tmp_path / "honest" / first["file"], "--against", tmp_path / "honest").code == 0


def test_checklist_rows_swapped_are_reported(sheet, tmp_path, monkeypatch):
    """The control sheet is checked row by row too; a one-sign page carrying another's code is a mismatch."""
    honest = _build(sheet, tmp_path / "honest")
    a, b = honest["signs"][0], honest["signs"][1]
    _swap_payloads(monkeypatch, a["payload"], b["payload"])
    out = tmp_path / "out"
    _build(sheet, out)
    monkeypatch.undo()
    result = verify(out, jobs=1)
    bad = sorted((f.source, f.page, f.status, f.sign["sign_id"]) for f in result.findings if f.bad)
    checklist = honest["checklists"][0]["file"]
    assert bad == sorted([
        (a["file"], a["page"], "mismatch", a["sign_id"]),
        (a["file"], a["page"], "missing", a["sign_id"]),
        (b["file"], b["page"], "mismatch", b["sign_id"]),
        (b["file"], b["page"], "missing", b["sign_id"]),
        (checklist, 1, "wrong-cell", a["sign_id"]),
        (checklist, 1, "wrong-cell", b["sign_id"]),
    ])


def test_a_cell_that_prints_another_account_or_holder_is_reported(sheet, tmp_path, monkeypatch):
    real = planning.item_fields

    def tampered(vr, date_text):
        fields = real(vr, date_text)
        if vr.vendor.account == "0352350917":
            fields["account_grouped"] = "0352 3509 99"
            fields["holder"] = "TRAN VAN NGUYEN"
        return fields

    monkeypatch.setattr(planning, "item_fields", tampered)
    out = tmp_path / "out"
    _build(sheet, out, "-t", "a6-de-ban", "--no-checklist")
    monkeypatch.undo()
    result = verify(out, jobs=1)
    bad = sorted((f.status, f.account) for f in result.findings if f.bad)
    assert bad == [("cell-text", "0352350917"), ("holder", "0352350917")]
    run = run_cli("verify", out, "--lang", "en")
    assert run.code == 1 and "does not print the holder's name TRAN VAN NAM" in run.out


def test_bookkeeping_zips_are_strict():
    """More items than the page has cells is an error, not a sign silently left out."""
    template = layout.load("a6-de-ban")
    doc = render.SignDocument(template)
    item = render.Item({"holder": "A", "account": "1"}, "00020101021138540010A00000072701240006970422011003523509"
                       "170208QRIBFTTA53037045802VN630479DB")
    with pytest.raises(ValueError):
        doc.add_page([item] * (template.per_page + 1))
