"""Shared test helpers: CLI runner, workbook builder, PDF decoder (pypdfium2 + zxing-cpp)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from qrsign.cli.main import main

#: The fuzz and property tests in CI: derandomized (the same examples every run, so a red run is reproducible
#: and never flaky) and bounded (a test's own max_examples, else 200; no deadline on a shared machine).
#: Selected when CI=true (GitHub Actions and .ci/run set it); locally, hypothesis explores at random.
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

GOLDEN_PAYLOAD = (
    "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
)


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_cli(*args: str, env: dict | None = None) -> Run:
    """Run ``qrsign ARGS`` in-process; stdout and stderr apart."""
    runner = CliRunner()
    result = runner.invoke(main, [str(a) for a in args], env=env or {}, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def cli():
    return run_cli


#: Caches that hold loaded resources (fonts registered with reportlab), not the result of a rule: kept.
_RESOURCE_CACHES = frozenset({"qrsign.render.fonts.register", "qrsign.render.fonts.charset",
                              "qrsign.render.fonts.covers_ascii", "qrsign.render.card._font",
                              "qrsign._compat._reportlab_tested"})


def _rule_caches() -> list:
    """Every ``functools.cache``/``lru_cache`` function of the loaded qrsign modules but the resource caches."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "qrsign" or name.startswith("qrsign.")):
            continue
        for obj in list(vars(module).values()):
            qualified = f"{name}.{getattr(obj, '__qualname__', '')}"
            if (callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == name
                    and qualified not in _RESOURCE_CACHES):
                found.append(obj)
    return found


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty rule caches (the bank directory's lookups, the account policy, the legacy
    check…), so no test passes on a result an earlier test cached — and mutation testing (mutmut) reaches the
    mutant instead of a cached answer of the original code."""
    for fn in _rule_caches():
        fn.cache_clear()
    yield


def make_workbook(path: Path, sheets: dict[str, list[list[Any]]], *, formats: dict | None = None,
                  merges: dict | None = None) -> Path:
    """Write an .xlsx with openpyxl: ``sheets`` maps sheet name → rows (lists of cell values).

    ``formats`` maps (sheet, "E7") → number_format; ``merges`` maps sheet → ["A1:G1", …].
    """
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    for (sheet, coord), fmt in (formats or {}).items():
        wb[sheet][coord].number_format = fmt
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path):
    def _make(sheets, name="danh-sach.xlsx", **kw):
        return make_workbook(tmp_path / name, sheets, **kw)

    return _make


def _codes_per_page(path: Path, dpi: int) -> list[list]:
    """zxing-cpp's QR results on every page of a PDF rendered in grey at ``dpi``: the tests' one decoder."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [zxingcpp.read_barcodes(page.render(scale=dpi / 72, grayscale=True).to_pil(),
                                       formats=zxingcpp.BarcodeFormat.QRCode) for page in pdf]
    finally:
        pdf.close()


def decode_pdf(path: Path, dpi: int = 150) -> list[list[str]]:
    """Every QR text on every page, per page (sorted top-to-bottom, left-to-right)."""
    return [[c.text for c in sorted(codes, key=lambda c: (round(c.position.top_left.y / 50), c.position.top_left.x))]
            for codes in _codes_per_page(path, dpi)]


def pdf_text(path: Path) -> list[str]:
    """Extracted text per page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]


def decode_positions(path: Path, dpi: int = 150) -> list[list[tuple[str, tuple[float, float]]]]:
    """Per page: every QR text with its centre in mm (page coordinates, origin top-left, y down)."""
    from qrsign.proof.verify import code_centre_mm

    return [[(c.text, code_centre_mm(c, dpi)) for c in codes] for codes in _codes_per_page(path, dpi)]


def cell_texts(path: Path, boxes: list[tuple[int, list[float]]]) -> list[str]:
    """The text (whitespace removed) inside each (page, [x, y, w, h] mm) box."""
    import pypdfium2 as pdfium

    from qrsign.proof.verify import text_in_box

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for number, box in boxes:
            page = pdf[number - 1]
            out.append(text_in_box(page.get_textpage(), page.get_height(), box))
        return out
    finally:
        pdf.close()


def cell_problems(folder: Path) -> list[str]:
    """Check a build folder cell by cell, independently of ``qrsign verify``'s bookkeeping.

    For every sign (and checklist row) of the manifest: exactly one code on its
    page lies in its QR box and it is the sign's payload; the cell's text holds
    the account and the holder's name (spaces removed). Returns what is wrong.
    """
    from qrsign.proof.verify import box_holds

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    by_id = {s["sign_id"]: s for s in manifest["signs"]}
    placements: dict[str, list[tuple[int, dict, list[float], list[float], list[float]]]] = {}
    for s in manifest["signs"]:
        placements.setdefault(s["file"], []).append(
            (s["page"], s, s["cell"], s["qr_box"], s.get("holder_box") or s["cell"]))
    for c in manifest["checklists"]:
        for sid, cell, box in zip(c["sign_ids"], c["cells"], c["qr_boxes"], strict=True):
            placements.setdefault(c["file"], []).append((c["page"], by_id[sid], cell, box, cell))
    problems = []
    for file, items in placements.items():
        pages = decode_positions(folder / file)
        texts = cell_texts(folder / file, [(p, cell) for p, _, cell, _, _ in items])
        holders = cell_texts(folder / file, [(p, hb) for p, _, _, _, hb in items])
        for (page, sign, _cell, box, _hb), text, holder_text in zip(items, texts, holders, strict=True):
            inside = [t for t, centre in pages[page - 1] if box_holds(box, centre)]
            if inside != [sign["payload"]]:
                problems.append(f"{file} p.{page} {sign['sign_id']}: QR box holds {len(inside)} code(s), "
                                f"{'the right one' if sign['payload'] in inside else 'not its own'}")
            if sign["account"] not in text:
                problems.append(f"{file} p.{page} {sign['sign_id']}: account not in its cell")
            if "".join(sign["holder"].split()) not in holder_text:
                problems.append(f"{file} p.{page} {sign['sign_id']}: holder not in its cell")
    return problems
