"""Shared test helpers: CLI runner, workbook builder, PDF decoder (pypdfium2 + zxing-cpp)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qrsign.cli import main

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


def decode_pdf(path: Path, dpi: int = 150) -> list[list[str]]:
    """Every QR text on every page, per page (sorted top-to-bottom, left-to-right)."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for page in pdf:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            codes = sorted(codes, key=lambda c: (round(c.position.top_left.y / 50), c.position.top_left.x))
            pages.append([c.text for c in codes])
    finally:
        pdf.close()
    return pages


def pdf_text(path: Path) -> list[str]:
    """Extracted text per page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]
