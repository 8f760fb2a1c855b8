"""The starter workbook (`qrsign init`): layout a volunteer relies on, and a filled starter that checks and builds."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess

import openpyxl
import pytest

from qrsign.core import banks
from qrsign.intake import sheet
from qrsign.workbooks.starter import ROWS, write_starter

HEADERS = ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]
LIST, BANKS, HELP = "Danh sách", "Ngân hàng", "Hướng dẫn"


@pytest.fixture
def starter(tmp_path, cli):
    path = tmp_path / "danh-sach.xlsx"
    r = cli("init", path, "--market", "Chợ Đồng Xa")
    assert r.code == 0, r.err
    return path


def _header_row(ws) -> int:
    for row in ws.iter_rows(min_row=1, max_row=10):
        if row[0].value == "STT":
            return row[0].row
    raise AssertionError("no header row")


def test_sheets_and_header(starter):
    wb = openpyxl.load_workbook(starter)
    assert wb.sheetnames == [LIST, BANKS, HELP]
    ws = wb[LIST]
    h = _header_row(ws)
    assert [c.value for c in ws[h]][: len(HEADERS)] == HEADERS
    assert all(c.value is None for c in ws[h][len(HEADERS):])
    for cell in ws[h][: len(HEADERS)]:
        assert cell.font.b, cell.coordinate
        assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb not in (None, "00000000")
    assert ws.freeze_panes == f"A{h + 1}"  # header stays visible while scrolling
    assert "Chợ Đồng Xa" in ws["A1"].value  # the title qrsign reads the market from
    for letter in "ABCDEFGH":
        assert ws.column_dimensions[letter].width and ws.column_dimensions[letter].width >= 7


def test_text_formats_keep_leading_zeros(starter):
    ws = openpyxl.load_workbook(starter)[LIST]
    h = _header_row(ws)
    for field in ("Số quầy", "Số tài khoản", "Số điện thoại"):
        col = HEADERS.index(field) + 1
        formats = {ws.cell(r, col).number_format for r in range(h + 1, h + ROWS + 1)}
        assert formats == {"@"}, field
        assert ws.column_dimensions[openpyxl.utils.get_column_letter(col)].number_format == "@"
    assert ws.cell(h + 5, HEADERS.index("Họ và tên") + 1).number_format != "@"  # only the number-like columns
    comment = ws.cell(h, HEADERS.index("Số tài khoản") + 1).comment
    assert comment is not None and "Văn bản (Text)" in comment.text and "số 0" in comment.text


def test_bank_dropdown_points_at_every_bank(starter):
    wb = openpyxl.load_workbook(starter)
    ws, bank_ws = wb[LIST], wb[BANKS]
    h = _header_row(ws)
    directory = banks.directory()
    assert len(directory) == 66
    rows = [[c.value for c in r] for r in bank_ws.iter_rows(min_row=2, max_col=3)]
    assert len(rows) == 66
    assert {r[0] for r in rows} == {b.bin for b in directory}
    assert all(bank_ws.cell(r, 1).data_type == "s" for r in range(2, 68))  # BINs as text
    assert {(r[0], r[1], r[2]) for r in rows} == {(b.bin, b.short_name, b.name) for b in directory}

    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.showErrorMessage and dv.error and dv.errorTitle and dv.prompt and dv.promptTitle
    assert len(dv.errorTitle) <= 32 and len(dv.error) <= 255 and len(dv.prompt) <= 255  # Excel's limits
    m = re.fullmatch(r"'(.+)'!\$B\$(\d+):\$B\$(\d+)", dv.formula1)  # no leading "=": a formula body
    assert m, dv.formula1
    assert m.group(1) == BANKS
    first, last = int(m.group(2)), int(m.group(3))
    listed = {bank_ws.cell(r, 2).value for r in range(first, last + 1)}
    assert listed == {b.short_name for b in directory}
    bank_col = openpyxl.utils.get_column_letter(HEADERS.index("Ngân hàng") + 1)
    assert str(dv.sqref) == f"{bank_col}{h + 1}:{bank_col}{h + ROWS}"


def test_instructions_sheet(starter):
    ws = openpyxl.load_workbook(starter)[HELP]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for needle in ("qrsign check danh-sach.xlsx", "qrsign build danh-sach.xlsx", "--report", "hai dòng",
                   "Văn bản (Text)", "Ví dụ"):
        assert needle in text, needle
    for field in HEADERS:
        assert field in text


def test_fresh_starter_checks_clean_and_only_the_list_is_read(starter, cli):
    r = cli("check", starter, "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["vendors"] == [] and data["problems"] == []
    (table,) = sheet.read(starter)  # the bank and instruction sheets are not mistaken for vendor tables
    assert table.sheet == LIST
    assert list(table.rows) == []
    assert table.skipped["example"] == 1
    assert table.market_hint == "Chợ Đồng Xa"


def test_without_market_no_market_is_invented(tmp_path):
    path = tmp_path / "mau.xlsx"
    info = write_starter(path)
    assert info["sheets"] == [LIST, BANKS, HELP] and info["market"] is None
    (table,) = sheet.read(path)
    assert table.market_hint is None


def _fill(path):
    """Fill rows the way a volunteer types them; return the expected (row, bank BIN, account)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LIST]
    h = _header_row(ws)
    rows = [
        [1, "Trần Văn Nam", "A-05", "Thủy sản", "MBBank", "0352350917", "0912345678", None],
        # one vendor, two banks: two rows with the same stall and name
        [2, "Lê Thị Ánh", "3/12", "Rau củ", "Vietcombank", "0011001234567", None, "hai tài khoản"],
        [3, "Lê Thị Ánh", "3/12", "Rau củ", "BIDV", "12345678901", None, None],
    ]
    for i, values in enumerate(rows):
        for c, v in enumerate(values, start=1):
            ws.cell(h + 2 + i, c).value = v  # h + 1 is the example row, left in place
    assert ws.cell(h + 2, 6).number_format == "@"  # what makes Excel keep "0352350917" as typed
    wb.save(path)
    return [(h + 2, "970422", "0352350917"), (h + 3, "970436", "0011001234567"), (h + 4, "970418", "12345678901")]


def test_filled_starter_checks_and_builds(starter, tmp_path, cli):
    expected = _fill(starter)
    r = cli("check", starter, "--json")
    assert r.code == 0, r.out + r.err
    data = r.json()
    assert data["problems"] == []
    got = [(v["row"], v["bank_bin"], v["account"]) for v in data["vendors"]]
    assert got == expected  # exactly the filled rows: the example row is ignored
    assert {v["market"] for v in data["vendors"]} == {"Chợ Đồng Xa"}
    assert [v["stall"] for v in data["vendors"]] == ["A-05", "3/12", "3/12"]

    out = tmp_path / "bien"
    r = cli("build", starter, "-o", out, "-j", "1", "--date", "2024-01-01", "--json")
    assert r.code == 0, r.out + r.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted((s["bank_bin"], s["account"]) for s in manifest["signs"]) == sorted(
        (b, a) for _, b, a in expected
    )


def test_a_vendor_typed_over_the_example_row_is_not_lost_silently(starter, cli):
    wb = openpyxl.load_workbook(starter)
    ws = wb[LIST]
    example = _header_row(ws) + 1
    assert ws.cell(example, 1).value == "Ví dụ"
    ws.cell(example, 2).value = "Trần Văn Nam"  # the volunteer kept "Ví dụ" in STT
    wb.save(starter)
    r = cli("check", starter, "--json", "--lang", "en")
    assert r.code == 0
    (problem,) = r.json()["problems"]
    assert (problem["code"], problem["row"], problem["severity"]) == ("W-EXAMPLE-ROW", example, "warning")
    assert "Trần Văn Nam" in problem["message"] and "Ví dụ" in problem["message"]


def test_init_refuses_to_overwrite(starter, cli):
    before = hashlib.sha256(starter.read_bytes()).hexdigest()
    r = cli("init", starter)
    assert r.code == 2
    assert "--force" in r.err
    assert hashlib.sha256(starter.read_bytes()).hexdigest() == before
    r = cli("init", starter, "--force")
    assert r.code == 0
    assert openpyxl.load_workbook(starter)[LIST]["A1"].value == "DANH SÁCH TIỂU THƯƠNG"  # rewritten, no market


def test_starter_has_no_formula_cells(tmp_path):
    path = tmp_path / "x.xlsx"
    write_starter(path, market="=HYPERLINK(\"http://x\",\"y\")")
    ws = openpyxl.load_workbook(path)[LIST]
    assert ws["A1"].data_type == "s"
    import zipfile

    with zipfile.ZipFile(path) as zf:
        assert not any(re.search(rb"<f[\s>/]", zf.read(n)) for n in zf.namelist() if n.endswith(".xml"))


def test_report_on_a_filled_starter_keeps_its_help(starter, tmp_path, cli):
    """The report marks a starter's bad row and keeps the starter's own comments, formats and dropdown."""
    _fill(starter)
    wb = openpyxl.load_workbook(starter)
    ws = wb[LIST]
    h = _header_row(ws)
    ws.cell(h + 2, 5).value = "Vietcombak"
    wb.save(starter)
    out = tmp_path / "loi.xlsx"
    assert cli("check", starter, "--report", out).code == 1
    ws = openpyxl.load_workbook(out)[LIST]
    assert ws.cell(h + 2, 5).comment is not None and "Vietcombak" in ws.cell(h + 2, 5).comment.text
    assert ws.cell(h, 9).value == "Lỗi / Problem" and "Vietcombak" in ws.cell(h + 2, 9).value
    assert "Văn bản (Text)" in ws.cell(h, 6).comment.text
    assert ws.cell(h + 50, 6).number_format == "@"
    assert len(ws.data_validations.dataValidation) == 1
    out2 = tmp_path / "loi2.xlsx"  # a report made from the report keeps them too
    assert cli("check", out, "--report", out2).code == 1
    assert "Văn bản (Text)" in openpyxl.load_workbook(out2)[LIST].cell(h, 6).comment.text


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_filled_starter_saved_by_libreoffice_still_checks_clean(starter, tmp_path, cli):
    """The starter as a volunteer's office suite writes it back: dropdown, text formats and rows survive."""
    expected = _fill(starter)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
                    str(starter)], check=True, capture_output=True, timeout=180)
    resaved = out / starter.name
    r = cli("check", resaved, "--json")
    assert r.code == 0, r.out + r.err
    assert [(v["row"], v["bank_bin"], v["account"]) for v in r.json()["vendors"]] == expected
    ws = openpyxl.load_workbook(resaved)[LIST]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and "Ngân hàng" in validation.formula1


def test_hints_quote_a_path_with_spaces(tmp_path, cli):
    """A command shown in a hint runs as copied: a path with spaces is quoted (terminal and instructions)."""
    path = tmp_path / "Danh sách chợ mới.xlsx"
    r = cli("init", path)
    assert r.code == 0, r.err
    assert f'qrsign check "{path}"' in r.out
    ws = openpyxl.load_workbook(path)[HELP]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert 'qrsign check "Danh sách chợ mới.xlsx"' in text and 'qrsign build "Danh sách chợ mới.xlsx" -o' in text
    assert "qrsign check Danh" not in text
    assert "Sửa trong file Danh sách chợ mới.xlsx" in text  # prose keeps the plain name
