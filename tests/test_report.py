"""The error report (`qrsign check --report`): problems marked in a copy, the input untouched, no formula anywhere."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from qrsign.core.text import column_letter
from qrsign.messages import FIELD_NAMES
from qrsign.workbooks.report import ERROR_FILL, WARNING_FILL

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]
HEADER_FIELDS = ["index", "name", "stall", "bank", "account", "phone", "note"]
LABEL = "Lỗi / Problem"
#: First characters that make a spreadsheet run text as a formula, and a leading space before "=".
TRIGGERS = ["=1+1", "+1", "-2", "@SUM(A1)", "\tTAB", "\rCR", " =1+1"]
HYPERLINK = '=HYPERLINK("http://x","y")'


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def messy_rows() -> list[list]:
    """Rows 3–9 under a title and the header; the fixture adds problems to rows 7 and 8; rows 5 and 9 are clean."""
    return [
        ["DANH SÁCH TIỂU THƯƠNG – CHỢ ĐỒNG XA"],
        HEADER,
        [1, "Nguyễn Văn An", "12", "Vietcombak", "0011001234567", "0912345678", TRIGGERS[0]],  # unknown bank
        [2, "Trần Thị Bình", "13", "VCB", 1.23456789012345e18, None, TRIGGERS[1]],  # digits lost
        [3, "Lê Văn Cường", dt.datetime(2024, 3, 12), "BIDV", "12345678901", None, TRIGGERS[2]],  # a date
        [4, HYPERLINK, "15", "BIDV", "12345678902", None, TRIGGERS[3]],  # a formula (no stored value)
        [5, "Đỗ Thị Hoa", "16", "ACB", "1234567", None, TRIGGERS[4]],
        [6, "Phạm Văn Đức", "17", "MBBank", "0352350917", None, TRIGGERS[5]],
        [7, "Hồ Thị Lan", "18", "MBBank", "0352350918", None, TRIGGERS[6]],
    ]


@pytest.fixture
def messy(tmp_path, workbook):
    path = workbook({"Khu A": messy_rows()}, name="in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Khu A"]
    ws["B7"] = "=cmd|' /C calc'!A0"  # text that *looks* like a formula, stored as text in the input
    ws["B7"].data_type = "s"
    ws["E8"] = 352350917  # a number: lost its leading zero (a warning)
    wb.save(path)
    return path


def problems(cli, path: Path, lang: str = "vi") -> list[dict]:
    r = cli("check", path, "--json", "--lang", lang)
    return r.json()["problems"]


def assert_no_formula(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                assert not re.search(rb"<(\w+:)?f[\s>/]", zf.read(name)), name


def problem_column(ws, header_row: int) -> int:
    found = [c.column for c in ws[header_row] if c.value == LABEL]
    assert len(found) == 1, [c.value for c in ws[header_row]]
    return found[0]


def test_xlsx_report_marks_every_problem(messy, tmp_path, cli):
    before = sha(messy)
    out = tmp_path / "loi.xlsx"
    r = cli("check", messy, "--report", out)
    assert r.code == 1, r.err
    assert sha(messy) == before  # the input is never written
    found = problems(cli, messy)
    codes = {p["code"] for p in found}
    assert {"E-BANK-UNKNOWN", "E-ACCOUNT-DIGITS-LOST", "E-CELL-DATE", "E-CELL-FORMULA", "E-NAME-CHARS",
            "W-ACCOUNT-NUMBER"} <= codes, codes

    ws = openpyxl.load_workbook(out)["Khu A"]
    col = problem_column(ws, 2)
    assert col == len(HEADER) + 1  # right after the last used column
    for p in found:
        cell = ws[f"{p['column']}{p['row']}"]
        want = ERROR_FILL if p["severity"] == "error" else WARNING_FILL
        assert cell.fill.fgColor.rgb == want, (p["code"], cell.coordinate)
        assert cell.comment is not None and p["message"] in cell.comment.text, p["code"]
        row_text = ws.cell(p["row"], col).value
        assert p["message"] in row_text and f"cột {p['column']}" in row_text, p["code"]
    bad_rows = {p["row"] for p in found}
    assert bad_rows == {3, 4, 5, 6, 7, 8}
    for r_ in range(3, 10):
        marked = ws.cell(r_, col).value
        assert bool(marked) == (r_ in bad_rows), r_
    assert ws["B9"].comment is None and ws["B9"].fill.fill_type is None  # a clean row stays clean


def test_xlsx_report_has_no_formula(messy, tmp_path, cli):
    out = tmp_path / "loi.xlsx"
    assert cli("check", messy, "--report", out).code == 1
    with zipfile.ZipFile(messy) as zf:  # the input really has a formula and formula-looking text
        assert b"<f>HYPERLINK" in zf.read("xl/worksheets/sheet1.xml")
    assert_no_formula(out)
    ws = openpyxl.load_workbook(out)["Khu A"]
    assert ws["B6"].value == "'" + HYPERLINK  # formula without a stored value: its text, neutralised
    assert ws["B7"].value == "'=cmd|' /C calc'!A0"
    notes = [ws.cell(r, 7).value for r in range(3, 10)]
    for got, typed in zip(notes, TRIGGERS, strict=True):
        assert got.startswith("'") and got[1:].strip() == typed.strip(), (got, typed)


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_each_trigger_is_neutralised(trigger, tmp_path, workbook, cli):
    path = workbook({"S": [HEADER, [1, "Ngô Văn Tư", "1", "Vietcombak", "0011001234567", None, trigger]]})
    wb = openpyxl.load_workbook(path)
    wb["S"]["G2"] = trigger
    wb["S"]["G2"].data_type = "s"  # as Excel stores typed text
    wb.save(path)
    out = tmp_path / "r.xlsx"
    assert cli("check", path, "--report", out).code == 1
    cell = openpyxl.load_workbook(out)["S"]["G2"]
    assert cell.data_type == "s" and cell.value.startswith("'")
    assert_no_formula(out)


def _store_cached_value(path: Path, value: str) -> None:
    """Give the first formula of sheet1 a stored result, as Excel does when it saves."""
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    xml, n = re.subn(r"(<c [^>]*?)(?: t=\"\w+\")?(>)<f>([^<]*)</f><v\s*/?>(?:</v>)?",
                     lambda m: f'{m.group(1)} t="str"{m.group(2)}<f>{m.group(3)}</f><v>{value}</v>', xml, count=1)
    assert n == 1, xml
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def test_formula_with_stored_value_becomes_that_value(tmp_path, workbook, cli):
    path = workbook({"S": [HEADER, [1, "Ngô Văn Tư", "1", "Vietcombak", "0011001234567", None, '=CONCAT("=", "x")']]})
    _store_cached_value(path, "=x")
    out = tmp_path / "r.xlsx"
    assert cli("check", path, "--report", out).code == 1
    cell = openpyxl.load_workbook(out)["S"]["G2"]
    assert cell.value == "'=x" and cell.data_type == "s"
    assert_no_formula(out)


def _write_csv(path: Path) -> Path:
    lines = [
        ";".join(HEADER),
        "1;Nguyễn Văn An;12;Vietcombak;0011001234567;0912345678;=1+1",
        "2;Trần Thị Bình;13;VCB;1,23457E+18;;+1",
        f'3;"{HYPERLINK.replace(chr(34), chr(34) * 2)}";15;BIDV;12345678902;;@SUM(A1)',
        "4;Phạm Văn Đức;3/12;MBBank;0352350917;;-2",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))  # Excel "CSV UTF-8", vi-VN ";"
    return path


def test_csv_report(tmp_path, cli):
    src = _write_csv(tmp_path / "ds-cho.csv")
    before = sha(src)
    out = tmp_path / "loi.xlsx"
    r = cli("check", src, "--report", out)
    assert r.code == 1, r.err
    assert sha(src) == before
    found = problems(cli, src)
    assert {"E-BANK-UNKNOWN", "E-ACCOUNT-SCIENTIFIC", "E-NAME-CHARS"} <= {p["code"] for p in found}
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["ds-cho", "Đã đọc"]  # the mapping on a sheet of its own (issue 20)
    read = [[c.value for c in row] for row in wb["Đã đọc"].iter_rows()]
    assert read[0] == ["Trang", "Cột", "Tiêu đề", "Đọc là"]
    assert read[1:] == [["ds-cho", column_letter(i + 1), h, FIELD_NAMES[f]["vi"]]
                        for i, (h, f) in enumerate(zip(HEADER, HEADER_FIELDS, strict=True))]
    ws = wb["ds-cho"]
    col = problem_column(ws, 1)
    assert col == len(HEADER) + 1
    for p in found:
        cell = ws[f"{p['column']}{p['row']}"]
        assert cell.fill.fgColor.rgb == ERROR_FILL and p["message"] in cell.comment.text
        assert p["message"] in ws.cell(p["row"], col).value
    assert ws["C5"].value == "3/12" and ws["E2"].value == "0011001234567"  # CSV text stays text
    assert ws["B4"].value == "'" + HYPERLINK and ws["G2"].value == "'=1+1" and ws["G5"].value == "'-2"
    assert ws.cell(5, col).value is None  # the clean row
    assert_no_formula(out)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_report_language(kind, messy, tmp_path, cli):
    src = messy if kind == "xlsx" else _write_csv(tmp_path / "ds.csv")
    texts = {}
    for lang in ("vi", "en"):
        out = tmp_path / f"r-{lang}.xlsx"
        assert cli("check", src, "--report", out, "--lang", lang).code == 1
        ws = openpyxl.load_workbook(out).worksheets[0]
        header = 2 if kind == "xlsx" else 1
        col = problem_column(ws, header)
        texts[lang] = ws.cell(header + 1, col).value  # the unknown-bank row
        messages = {p["row"]: p["message"] for p in problems(cli, src, lang)}
        assert messages[header + 1] in texts[lang]
    assert texts["vi"] != texts["en"]
    assert "Không nhận ra ngân hàng" in texts["vi"] and "cột D (Ngân hàng)" in texts["vi"]
    assert "Unknown bank" in texts["en"] and "column D (bank)" in texts["en"]


def test_report_over_the_input_is_refused(messy, tmp_path, cli):
    before = sha(messy)
    for target in (messy, tmp_path / "sub" / ".." / messy.name):
        (tmp_path / "sub").mkdir(exist_ok=True)
        r = cli("check", messy, "--report", target)
        assert r.code == 2, r.err
        assert "không được ghi đè lên file danh sách" in r.err
        assert sha(messy) == before
    link = tmp_path / "link.xlsx"
    try:
        os.symlink(messy, link)
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    assert cli("check", messy, "--report", link).code == 2
    assert sha(messy) == before and link.is_symlink()


def test_report_needs_an_xlsx_name(messy, tmp_path, cli):
    r = cli("check", messy, "--report", tmp_path / "loi.csv")
    assert r.code == 2 and ".xlsx" in r.err
    assert not (tmp_path / "loi.csv").exists()


def test_report_of_a_report_is_not_stale(messy, tmp_path, cli):
    first, second = tmp_path / "r1.xlsx", tmp_path / "r2.xlsx"
    assert cli("check", messy, "--report", first).code == 1
    wb = openpyxl.load_workbook(first)
    wb["Khu A"]["D3"] = "Vietcombank"  # the volunteer fixes one row in the report and checks it again
    wb.save(first)
    assert cli("check", first, "--report", second).code == 1
    ws = openpyxl.load_workbook(second)["Khu A"]
    col = problem_column(ws, 2)  # still one problem column, in the same place
    assert col == len(HEADER) + 1
    assert ws.cell(3, col).value is None and ws["D3"].comment is None and ws["D3"].fill.fill_type is None
    assert ws["E4"].comment.text.count("Excel") == 1  # the comment is rewritten, not appended to


def test_array_formula_becomes_text(tmp_path, workbook, cli):
    from openpyxl.worksheet.formula import ArrayFormula

    path = workbook({"S": [HEADER, [1, "Ngô Văn Tư", "1", "Vietcombank", "0011001234567", None, None]]})
    wb = openpyxl.load_workbook(path)
    wb["S"]["G2"] = ArrayFormula("G2", "=SUM(1,2)")
    wb.save(path)
    out = tmp_path / "r.xlsx"
    assert cli("check", path, "--report", out).code == 1  # a formula without a stored value is an error
    assert openpyxl.load_workbook(out)["S"]["G2"].value == "'=SUM(1,2)"
    assert_no_formula(out)


def test_sheet_level_and_row_level_problems(tmp_path, workbook, cli):
    """A problem without a cell still reaches the sheet: in the row's problem cell, or on the column's header."""
    from qrsign.models import Problem
    from qrsign.render.rules import check_file
    from qrsign.workbooks.report import write_report

    rows = [["STT", "Họ và tên", "Ngân hàng", "Số tài khoản"], [1, "Ngô Văn Tư", "Vietcombank", "0011001234567"]]
    path = workbook({"S": rows})
    result = check_file(path)
    assert [p.code for p in result.problems] == ["W-NO-STALL-COLUMN"]  # a whole-sheet warning
    result.problems.append(Problem(code="W-ROW-DUPLICATE", severity="warning", sheet="S", row=2,
                                   params={"first": 1}))  # a row-level problem: no column
    out = tmp_path / "r.xlsx"
    info = write_report(path, result, out, lang="en")
    assert info["problems"] == 2 and info["cells"] == 0 and info["rows"] == 1 and info["columns"] == {"S": "E"}
    ws = openpyxl.load_workbook(out)["S"]
    assert ws["E1"].value == LABEL and ws["E1"].fill.fgColor.rgb == WARNING_FILL
    assert "The sheet has no stall column" in ws["E1"].comment.text
    assert ws["E2"].value.startswith("Warning: This row repeats row 1") and ws["E2"].fill.fgColor.rgb == WARNING_FILL
    assert cli("check", path, "--report", tmp_path / "r2.xlsx").code == 0  # warnings only: exit 0, report written
    assert (tmp_path / "r2.xlsx").exists()
