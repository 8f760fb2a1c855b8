"""Files people print and open (issue 16): the starter workbook and the error report.

The print checks convert with LibreOffice when ``soffice`` is installed (CI may
not have it): the list fits one landscape page width, the instructions one page.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
BAD_EXAMPLE = ROOT / "examples" / "phuong-loi.xlsx"


def _starter(tmp_path: Path) -> Path:
    path = tmp_path / "danh-sach.xlsx"
    assert run_cli("init", path, "--market", "Chợ Đồng Xa").code == 0
    return path


def test_starter_print_setup(tmp_path):
    wb = openpyxl.load_workbook(_starter(tmp_path))
    ws, help_ws = wb["Danh sách"], wb["Hướng dẫn"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    # the 14-point title with stacked diacritics needs about twice its size in height
    assert ws.row_dimensions[1].height >= 2 * ws["A1"].font.size
    for row in range(2, help_ws.max_row + 1):
        for cell in help_ws[row]:
            if cell.value and isinstance(cell.value, str) and len(cell.value) > 18:
                assert cell.alignment.wrap_text, cell.coordinate
                assert help_ws.row_dimensions[row].height, row  # room for the wrapped lines


def _to_pdf(path: Path, tmp_path: Path) -> Path:
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=180, check=True)
    return tmp_path / (path.stem + ".pdf")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_starter_prints_on_three_pages_one_per_sheet(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_to_pdf(_starter(tmp_path), tmp_path))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert len(pdf) == 3, [t[:40] for t in texts]  # was 11: the list alone spanned 3 pages
    width, height = pdf[0].get_size()
    assert width > height  # landscape
    assert "DANH SÁCH TIỂU THƯƠNG – Chợ Đồng Xa" in texts[0]
    assert "Ghi chú" in texts[0] and "Số tài khoản" in texts[0]  # every column on the one page
    assert "HƯỚNG DẪN ĐIỀN DANH SÁCH" in texts[2] and "qrsign build danh-sach.xlsx -o bien" in texts[2]


def test_report_is_styled_filtered_and_summed_up(tmp_path):
    out = tmp_path / "loi.xlsx"
    r = run_cli("check", BAD_EXAMPLE, "--report", out)
    assert r.code == 1
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    header_row = next(c.row for c in ws["A"] if c.value == "TT")
    names = [ws.cell(r, 2).value for r in range(header_row + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert ws.column_dimensions["B"].width >= max(len(n) for n in names)  # names are no longer cut
    assert ws.cell(header_row, 2).font.bold and ws.cell(header_row, 2).fill.fgColor.rgb == "FFD9EAD3"
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith(f"A{header_row}:")
    summary = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "cảnh báo" in c.value
               and c.value.startswith("qrsign:")]
    assert summary == ["qrsign: 7 lỗi, 4 cảnh báo, 11 dòng cần xem lại."]  # row 15 types a former bank name (issue 11)
    # a report checks like its source: the summary line adds no row, moves no row
    again = run_cli("check", out, "--json").json()
    first = run_cli("check", BAD_EXAMPLE, "--json").json()
    assert [(p["row"], p["code"]) for p in again["problems"]] == [(p["row"], p["code"]) for p in first["problems"]]


def test_report_of_a_csv_puts_the_summary_below_the_table(tmp_path):
    out = tmp_path / "loi.xlsx"
    run_cli("check", ROOT / "examples" / "cho-mau.csv", "--report", out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("qrsign:")]
    assert len(cells) == 1 and cells[0].row > 2
