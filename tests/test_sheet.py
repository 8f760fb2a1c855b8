"""Sheet reader: workbooks and CSVs as ward offices type them, and every spreadsheet trap."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from qrsign.errors import InputError
from qrsign.intake import sheet
from qrsign.render.rules import check_file

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

TITLE = "DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"
KHU_A = [
    [TITLE],
    ["Phường Mai Dịch – cập nhật tháng 10/2026"],
    [],
    ["STT", "Họ và tên", "Số quầy / Ki-ốt", "Ngành hàng", "NH", "STK", "SĐT", "Ghi chú"],
    [1, NFD("Nguyễn Thị Hường"), "A-01", "Rau củ", "VCB", "0011012345678", 912345678, None],
    [2, "Trần Văn Nam", "A-02", "Thịt", "MB Bank", 352350917, "0352350917", None],
    [],
    [3, "Lê Thị Hoa", "A-03", "Cá", "Quân đội", 352350918, None, None],
    [4, "Phạm Văn Đức", dt.datetime(2026, 12, 3), "Gạo", "BIDV", '="0011001234"', None, None],
    [5, "Đỗ Thị Lan", "A-05", "Hoa quả", "Techcombank", 1.9036123456789e16, None, None],
    [6, "Hoàng Văn Em", "A-06", "Đồ khô", "vietinbank", "=F5&F6", None, None],
    [7, "Vũ Thị Mai", "A-07", "Tạp hóa", "Ngân hàng Công Thương", "1234 5678 9012", None, "Quầy góc"],
    [None, "Tổng cộng", None, None, None, None, None, "7 tiểu thương"],
]
KHU_B = [
    ["Danh sách khu B"],
    ["TT", "Ho va ten", "Sap", "Ngan hang", "So tai khoan", "Dien thoai"],
    [1, "Ngô Văn Bảy", "B-01", "LienVietPostBank", "0123456789", None],
    [2, "Đinh Thị Tám", "B-02", "Viettel Money", "0987654321", None],
]


@pytest.fixture
def ward_office(workbook):
    return workbook(
        {"Khu A": KHU_A, "Khu B": KHU_B},
        formats={("Khu A", "F8"): "0000000000"},
        merges={"Khu A": ["A1:H1", "A2:H2"], "Khu B": ["A1:F1"]},
    )


def rows_of(table) -> list[tuple[int, dict]]:
    return [(r.row, {f: c.text for f, c in r.cells.items()}) for r in table.rows]


# --------------------------------------------------------------------------------------------------
# header detection


@pytest.mark.parametrize(
    "label, field",
    [
        ("Họ và tên", "name"),
        ("HỌ VÀ TÊN", "name"),
        ("Ho va ten", "name"),
        ("Họ tên", "name"),
        (NFD("Họ và tên"), "name"),
        ("Tên chủ tài khoản", "holder"),
        ("Ten chu tai khoan", "holder"),
        ("Số quầy / Ki-ốt", "stall"),
        ("Số quầy", "stall"),
        ("Sạp", "stall"),
        ("Ki-ốt", "stall"),
        ("Kiot", "stall"),
        ("NH", "bank"),
        ("Ngân hàng", "bank"),
        ("Ngan hang", "bank"),
        ("STK", "account"),
        ("Số tài khoản", "account"),
        ("Số tài khoản (ghi dạng văn bản)", "account"),
        ("So TK", "account"),
        ("SĐT", "phone"),
        ("Số điện thoại", "phone"),
        ("Ngành hàng", "trade"),
        ("Ghi chú", "note"),
        ("STT", "index"),
        ("  Họ   và  tên  ", "name"),
        ("Account number", "account"),
        ("Name", "name"),
        ("Số ĐT", "phone"),
        ("Quầy số", "stall"),
        ("Sạp số", "stall"),
        ("STK ngân hàng", "account"),
        ("Số TK ngân hàng", "account"),
        ("Ngày sinh", None),
        (None, None),
        (12, None),
    ],
)
def test_header_aliases(label, field):
    assert sheet.header_field(label) == field


def test_ward_office_tables(ward_office):
    tables = sheet.read(ward_office)
    assert [t.sheet for t in tables] == ["Khu A", "Khu B"]
    a, b = tables
    assert a.header_row == 4
    assert a.columns == {"name": "B", "stall": "C", "trade": "D", "bank": "E", "account": "F", "phone": "G",
                         "note": "H"}
    assert a.headers["account"] == "STK" and a.headers["phone"] == "SĐT"
    assert a.market_hint == "Chợ Đồng Xa"
    assert b.header_row == 2
    assert b.columns == {"name": "B", "stall": "C", "bank": "D", "account": "E", "phone": "F"}


def test_ward_office_rows_are_excel_rows(ward_office):
    a, b = sheet.read(ward_office)
    rows = rows_of(a)
    assert [r for r, _ in rows] == [5, 6, 8, 9, 10, 11, 12]
    first = rows[0][1]
    assert first["name"] == "Nguyễn Thị Hường"
    assert unicodedata.is_normalized("NFC", first["name"])
    assert first["phone"] == "0912345678"
    assert first["account"] == "0011012345678"
    assert a.skipped == {"totals": 1}  # an empty row is no row: not counted
    assert [r for r, _ in rows_of(b)] == [3, 4]


def test_ward_office_cells(ward_office):
    a, _ = sheet.read(ward_office)
    cells = {r.row: r.cells for r in a.rows}
    assert (cells[6]["account"].text, cells[6]["account"].problem.code, cells[6]["account"].severity) == (
        "352350917", "W-ACCOUNT-NUMBER", "warning")
    assert (cells[8]["account"].text, cells[8]["account"].problem.code) == ("0352350918", "W-ACCOUNT-ZEROS-RESTORED")
    assert cells[8]["account"].problem.params["format"] == "0000000000"
    # the stall Excel turned into a date
    stall = cells[9]["stall"]
    assert (stall.text, stall.column, stall.problem.code, stall.problem.field, stall.severity) == (
        "", "C", "E-CELL-DATE", "stall", "error")
    assert stall.problem.value == "03/12/2026"
    # a formula without a cached value that is only a string literal
    assert (cells[9]["account"].text, cells[9]["account"].problem) == ("0011001234", None)
    lost = cells[10]["account"]
    assert (lost.text, lost.column, lost.problem.code, lost.severity) == ("", "F", "E-ACCOUNT-DIGITS-LOST", "error")
    formula = cells[11]["account"]
    assert (formula.problem.code, formula.problem.value, formula.column) == ("E-CELL-FORMULA", "=F5&F6", "F")
    assert cells[12]["account"].text == "1234 5678 9012"


def test_ward_office_check(ward_office):
    result = check_file(ward_office)
    got = [(p.sheet, p.row, p.column, p.field, p.code, p.severity) for p in result.problems]
    assert got == [
        # the number cell is the row's phone without its 0: the zero was lost, no sign (issue 20)
        ("Khu A", 6, "F", "account", "E-ACCOUNT-ZERO-LOST-PHONE", "error"),
        ("Khu A", 8, "F", "account", "W-ACCOUNT-ZEROS-RESTORED", "warning"),
        ("Khu A", 9, "C", "stall", "E-CELL-DATE", "error"),
        ("Khu A", 10, "F", "account", "E-ACCOUNT-DIGITS-LOST", "error"),
        ("Khu A", 11, "F", "account", "E-CELL-FORMULA", "error"),
        ("Khu B", 3, "D", "bank", "W-BANK-FORMER-NAME", "warning"),  # LienVietPostBank, now LPBank (issue 11)
    ]
    vendors = [(vr.sheet, vr.row, vr.vendor.name, vr.vendor.stall, vr.vendor.bank_bin, vr.vendor.account)
               for vr in result.vendors]
    assert vendors == [
        ("Khu A", 5, "Nguyễn Thị Hường", "A-01", "970436", "0011012345678"),
        ("Khu A", 8, "Lê Thị Hoa", "A-03", "970422", "0352350918"),
        ("Khu A", 12, "Vũ Thị Mai", "A-07", "970415", "123456789012"),
        ("Khu B", 3, "Ngô Văn Bảy", "B-01", "970449", "0123456789"),
        ("Khu B", 4, "Đinh Thị Tám", "B-02", "971005", "0987654321"),
    ]
    first = result.vendors[0].vendor
    assert (first.phone, first.trade, first.market, first.zone) == ("0912345678", "Rau củ", "Chợ Đồng Xa", "Khu A")
    assert result.vendors[-1].vendor.zone == "Khu B"
    assert all(unicodedata.is_normalized("NFC", vr.vendor.name) for vr in result.vendors)
    # row problems are reported where Excel shows them
    assert {(r.sheet, r.row) for r in result.rejected} == {("Khu A", 6), ("Khu A", 9), ("Khu A", 10), ("Khu A", 11)}


def test_sheet_option(ward_office):
    tables = sheet.read(ward_office, sheet="Khu B")
    assert [t.sheet for t in tables] == ["Khu B"]
    assert [r for r, _ in rows_of(tables[0])] == [3, 4]
    assert [t.sheet for t in sheet.read(ward_office, sheet="khu b")] == ["Khu B"]
    assert [t.sheet for t in sheet.read(ward_office, sheet="Khu A")] == ["Khu A"]
    with pytest.raises(InputError) as info:
        sheet.read(ward_office, sheet="Khu C")
    err = info.value
    assert (err.code, err.field, err.value) == ("E-SHEET-NOT-FOUND", "sheet", "Khu C")
    assert err.params["sheets"] == ["Khu A", "Khu B"]


def test_sheets_without_header_are_skipped(workbook):
    path = workbook({
        "Hướng dẫn": [["Điền danh sách vào trang bên cạnh"], ["Cột Số tài khoản ghi dạng văn bản"]],
        "Danh sách": [["Họ và tên", "Sạp", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "1", "VCB", "0011012345678"]],
    })
    tables = sheet.read(path)
    assert [t.sheet for t in tables] == ["Danh sách"]


def test_table_offset_in_the_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chợ"
    ws["B3"] = TITLE
    ws.merge_cells("B3:F3")
    for j, value in enumerate(["STT", "Tên chủ tài khoản", "Sạp", "Ngân hàng", "Số tài khoản"]):
        ws.cell(5, 2 + j, value)
    for j, value in enumerate([1, "Nguyễn Văn An", "A1", "ACB", "257678859"]):
        ws.cell(6, 2 + j, value)
    for j, value in enumerate([2, "Bùi Thị Bình", "A2", "VCB", "0011012345678"]):
        ws.cell(9, 2 + j, value)
    wb.save(tmp_path / "offset.xlsx")
    (table,) = sheet.read(tmp_path / "offset.xlsx")
    assert table.header_row == 5
    assert table.columns == {"name": "C", "stall": "D", "bank": "E", "account": "F"}
    assert [(r, c["name"]) for r, c in rows_of(table)] == [(6, "Nguyễn Văn An"), (9, "Bùi Thị Bình")]


def test_holder_column_prints_as_the_holder_line_and_the_name_stays_as_typed(workbook):
    path = workbook({"S": [
        ["Họ và tên", "Tên chủ tài khoản", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["Chị Hường", "Nguyễn Thị Hường", "1", "VCB", "0011012345678"],
    ]})
    (table,) = sheet.read(path)
    assert (table.columns["name"], table.columns["holder"]) == ("A", "B")
    assert rows_of(table)[0][1]["holder"] == "Nguyễn Thị Hường"
    (vr,) = check_file(path).vendors
    assert (vr.vendor.name, vr.vendor.holder) == ("Chị Hường", "NGUYEN THI HUONG")


def test_holder_column_alone_is_the_name(workbook):
    path = workbook({"S": [["Tên chủ tài khoản", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Nguyễn Thị Hường", "1", "VCB", "0011012345678"]]})
    (table,) = sheet.read(path)
    assert table.columns["name"] == "A" and "holder" not in table.columns
    (vr,) = check_file(path).vendors
    assert (vr.vendor.name, vr.vendor.holder) == ("Nguyễn Thị Hường", "NGUYEN THI HUONG")


def test_totals_rows_skipped_but_names_like_totals_are_not(workbook):
    header = ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản"]
    path = workbook({"S": [
        header,
        [1, "Tống Thị Lan", "1", "Rau", None, None],          # a surname, not "Tổng"
        [2, "Nguyễn Văn An", "2", "Tổng hợp", None, None],    # a trade, not a total
        [3, "Công Tằng Tôn Nữ Thị Hà", "3", "Hoa", None, None],
        [4, "Lê Văn Cộng", "4", "Cá", "VCB", "0011012345678"],
        [None, "Tổng cộng", None, None, None, None],
        [None, None, None, "Tổng: 4", None, None],
        ["", "CỘNG:", None, None, None, None],
        [None, "Total", None, None, None, None],
    ]})
    result = check_file(path)
    assert result.tables[0].skipped == {"totals": 4}
    assert [vr.row for vr in result.vendors] == [5]
    assert [(p.row, p.column, p.code) for p in result.problems] == [
        (2, "E", "E-BANK-EMPTY"), (2, "F", "E-ACCOUNT-EMPTY"),
        (3, "E", "E-BANK-EMPTY"), (3, "F", "E-ACCOUNT-EMPTY"),
        (4, "E", "E-BANK-EMPTY"), (4, "F", "E-ACCOUNT-EMPTY"),
    ]


def test_repeated_header_and_example_rows_skipped(workbook):
    header = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]
    path = workbook({"S": [
        header,
        ["Ví dụ", "Nguyễn Văn Mẫu", "0", "VCB", "0011012345678"],
        [1, "Lê Văn An", "1", "ACB", "257678859"],
        header,
        [2, "Trần Thị Bình", "2", "ACB", "257678850"],
    ]})
    (table,) = sheet.read(path)
    assert [(r, c["name"]) for r, c in rows_of(table)] == [(3, "Lê Văn An"), (5, "Trần Thị Bình")]
    assert table.skipped == {"example": 1, "header": 1}


# --------------------------------------------------------------------------------------------------
# numbers in account and phone columns


@pytest.mark.parametrize(
    "value, fmt, text, code, severity",
    [
        (352350917, "General", "352350917", "W-ACCOUNT-NUMBER", "warning"),
        (352350917, "0", "352350917", "W-ACCOUNT-NUMBER", "warning"),
        (352350917, "#,##0", "352350917", "W-ACCOUNT-NUMBER", "warning"),
        (352350917, "@", "352350917", "W-ACCOUNT-NUMBER", "warning"),
        (352350917, "00000", "352350917", "W-ACCOUNT-NUMBER", "warning"),
        (352350917, "0000000000", "0352350917", "W-ACCOUNT-ZEROS-RESTORED", "warning"),
        (11012345678, "0000000000000", "0011012345678", "W-ACCOUNT-ZEROS-RESTORED", "warning"),
        (257678859.0, "General", "257678859", "W-ACCOUNT-NUMBER", "warning"),
        (999999999999999, "General", "999999999999999", "W-ACCOUNT-NUMBER", "warning"),
        (1.903612345678e15, "General", "", "E-ACCOUNT-DIGITS-LOST", "error"),
        (1.9036123456789e16, "0000000000000000000", "", "E-ACCOUNT-DIGITS-LOST", "error"),
        (1903612345678901, "General", "", "E-ACCOUNT-DIGITS-LOST", "error"),
        (25767.8859, "General", "", "E-ACCOUNT-DECIMAL", "error"),
    ],
)
def test_account_numbers(workbook, value, fmt, text, code, severity):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "1", "ACB", value]]},
                    formats={("S", "D2"): fmt})
    (table,) = sheet.read(path)
    (row,) = list(table.rows)
    cell = row.cells["account"]
    assert (cell.text, cell.problem.code, cell.problem.field, cell.severity, cell.column) == (
        text, code, "account", severity, "D")


def test_account_number_warning_keeps_the_row(workbook):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Lê Văn An", "1", "ACB", 257678859]]})
    result = check_file(path)
    assert [vr.vendor.account for vr in result.vendors] == ["257678859"]
    assert [(p.row, p.column, p.code, p.severity) for p in result.problems] == [(2, "D", "W-ACCOUNT-NUMBER", "warning")]
    assert "257678859" in result.problems[0].message("en")


@pytest.mark.parametrize("value, expected", [(912345678, "0912345678"), (352350917, "0352350917"),
                                             ("0912345678", "0912345678"), (2438234567, "2438234567")])
def test_phone_number_gets_its_zero(workbook, value, expected):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "SĐT"],
                           ["Lê Văn An", "1", "ACB", "257678859", value]]})
    result = check_file(path)
    assert result.vendors[0].vendor.phone == expected
    assert result.problems == []


def test_stall_as_date_is_an_error_naming_the_cell(workbook):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Lê Văn An", dt.datetime(2026, 3, 12), "ACB", "257678859"],
                           ["Trần Thị Bình", dt.date(2026, 12, 3), "ACB", "257678850"]]})
    result = check_file(path)
    assert result.vendors == []
    got = [(p.row, p.column, p.field, p.code, p.value) for p in result.problems]
    assert got == [(2, "B", "stall", "E-CELL-DATE", "12/03/2026"), (3, "B", "stall", "E-CELL-DATE", "03/12/2026")]
    assert "12/03/2026" in result.problems[0].message("en")


def test_formula_cells(workbook):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Lê Văn An", '="A-1"', "ACB", '="0011001234"'],
                           ["Trần Thị Bình", "2", "ACB", "=D2+1"],
                           ['=UPPER("x")', "3", "ACB", "257678859"]]})
    result = check_file(path)
    assert [(vr.row, vr.vendor.stall, vr.vendor.account) for vr in result.vendors] == [(2, "A-1", "0011001234")]
    got = [(p.row, p.column, p.field, p.code, p.value) for p in result.problems]
    assert got == [(3, "D", "account", "E-CELL-FORMULA", "=D2+1"), (4, "A", "name", "E-CELL-FORMULA", '=UPPER("x")')]


def test_formula_cells_with_cached_values(workbook, tmp_path):
    """Excel always stores a formula's last value: that value is what the reader must use."""
    import zipfile

    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Lê Văn An", "1", "VCB", '=CONCAT("0011","0123")'],
                           ["Trần Thị Bình", "=1+1", "ACB", "=0+257678859"]]})
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    xml = members["xl/worksheets/sheet1.xml"].decode()
    for cell, kind, value in (("D2", ' t="str"', "00110123"), ("B3", "", "2"), ("D3", "", "257678859")):
        xml, n = re.subn(rf'<c r="{cell}"><f>(.*?)</f><v\s*/>', rf'<c r="{cell}"{kind}><f>\1</f><v>{value}</v>', xml)
        assert n == 1, cell
    members["xl/worksheets/sheet1.xml"] = xml.encode()
    saved = tmp_path / "excel-saved.xlsx"
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    result = check_file(saved)
    assert [(vr.row, vr.vendor.stall, vr.vendor.account) for vr in result.vendors] == [
        (2, "1", "00110123"), (3, "2", "257678859")]
    assert [(p.row, p.column, p.code) for p in result.problems] == [(3, "D", "W-ACCOUNT-NUMBER")]


def test_error_cells(workbook):
    path = workbook({"S": [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                           ["Lê Văn An", "1", "#N/A", "257678859"]]})
    result = check_file(path)
    assert [(p.row, p.column, p.code) for p in result.problems] == [(2, "C", "E-CELL-ERROR")]


# --------------------------------------------------------------------------------------------------
# CSV

CSV_ROWS = [
    [TITLE],
    ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "SĐT"],
    ["Nguyễn Thị Hường", "12", "Vietcombank", "0011012345678", "0912345678"],
    ["Đỗ Thị Lan", "13", "Ngân hàng Quân đội", "0352350917", ""],
    [],
    ["Trần Văn Đức", "14", "Công Thương", "VQRQ0001990hq", ""],
]
CSV_EXPECTED = [
    (3, "Nguyễn Thị Hường", "12", "970436", "0011012345678", "0912345678"),
    (4, "Đỗ Thị Lan", "13", "970422", "0352350917", None),
    (6, "Trần Văn Đức", "14", "970415", "VQRQ0001990hq", None),
]


def csv_text(delimiter: str, rows=CSV_ROWS) -> str:
    return "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"


def to_cp1258(s: str) -> bytes:
    """What old Excel writes for "CSV (Comma delimited)" on Vietnamese Windows: cp1258, tone marks as
    combining characters after a precomposed base (â ê ô ă ơ ư đ are single bytes in cp1258)."""
    result = []
    for ch in unicodedata.normalize("NFC", s):
        try:
            result.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate(marks):
            head = unicodedata.normalize("NFC", base + mark)
            rest = "".join(marks[:i] + marks[i + 1 :])
            if len(head) == 1:
                try:
                    result.append((head + rest).encode("cp1258"))
                    break
                except UnicodeEncodeError:
                    pass
        else:
            result.append(unicodedata.normalize("NFD", ch).encode("cp1258"))
    return b"".join(result)


def test_cp1258_helper_really_writes_nfd_marks():
    data = to_cp1258("Nguyễn")
    assert data == b"Nguy\xea\xden"  # ê + combining tilde (0xDE)
    assert data.decode("cp1258") == NFD("Nguyễn").replace("e\u0302", "ê")
    assert to_cp1258("Đỗ").decode("cp1258") != "Đỗ"  # not NFC on disk


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8", csv_text(",").encode("utf-8")),
        ("utf8-bom", csv_text(",").encode("utf-8-sig")),
        ("utf8-semicolon", csv_text(";").encode("utf-8")),
        ("utf8-nfd", NFD(csv_text(",")).encode("utf-8")),
        ("utf16-unicode-text", b"\xff\xfe" + csv_text("\t").encode("utf-16-le")),
        ("cp1258-semicolon", to_cp1258(csv_text(";"))),
        ("cp1258-comma", to_cp1258(csv_text(","))),
    ],
)
def test_csv_encodings_read_the_same(tmp_path, name, data):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data)
    result = check_file(path)
    got = [(vr.row, vr.vendor.name, vr.vendor.stall, vr.vendor.bank_bin, vr.vendor.account, vr.vendor.phone)
           for vr in result.vendors]
    assert got == CSV_EXPECTED
    assert result.problems == []
    assert all(unicodedata.is_normalized("NFC", vr.vendor.name) for vr in result.vendors)
    assert result.tables[0].header_row == 2
    assert result.vendors[0].vendor.market == "Chợ Đồng Xa"


@pytest.mark.parametrize("value, delimiter", [("1.23457E+13", ","), ("1,23457E+13", ";"), ("1.9E+15", ","),
                                              ("9.70403E+15", ";")])
def test_csv_exponent_account(tmp_path, value, delimiter):
    path = tmp_path / "sci.csv"
    rows = [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "1", "VCB", value],
            ["Trần Thị Bình", "2", "VCB", "0011012345678"]]
    path.write_text(csv_text(delimiter, rows), encoding="utf-8")
    result = check_file(path)
    assert [(p.row, p.column, p.field, p.code, p.value) for p in result.problems] == [
        (2, "D", "account", "E-ACCOUNT-SCIENTIFIC", value)
    ]
    assert [vr.row for vr in result.vendors] == [3]


def test_csv_quoted_cells_and_blank_lines(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('Họ và tên,Số quầy,Ngân hàng,Số tài khoản\n'
                    '"Lê Thị Hoa",12,"MB Bank, chi nhánh Hà Nội","0011 0123 4567"\n'
                    ',,,\n"Tổng cộng",,,\n', encoding="utf-8")
    result = check_file(path)
    # a comma inside quotes stays in its cell (a comma in a name would be two people: issue 20)
    assert [(vr.row, vr.vendor.name, vr.vendor.bank_bin, vr.vendor.account) for vr in result.vendors] == [
        (2, "Lê Thị Hoa", "970422", "001101234567")]
    assert result.tables[0].skipped == {"totals": 1}


# --------------------------------------------------------------------------------------------------
# unusable input


def test_no_header_xlsx(workbook):
    path = workbook({"S": [["Danh sách"], ["Họ và tên", "Ngân hàng", "Quầy"], ["Lê Văn An", "VCB", "1"]]})
    with pytest.raises(InputError) as info:
        sheet.read(path)
    err = info.value
    assert (err.code, err.field) == ("E-SHEET-NO-HEADER", "file")
    assert err.params["found"] == ["Họ và tên", "Ngân hàng", "Quầy"]  # what it recognised, the stall too
    assert "Họ và tên" in str(err)


def test_no_header_csv(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        sheet.read(path)
    assert (info.value.code, info.value.params["found"]) == ("E-SHEET-NO-HEADER", [])


def test_header_below_the_scan_window(workbook):
    rows = [[f"dòng {i}"] for i in range(40)] + [["Họ và tên", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "VCB", "1"]]
    with pytest.raises(InputError) as info:
        sheet.read(workbook({"S": rows}))
    assert info.value.code == "E-SHEET-NO-HEADER"


def test_duplicate_header_columns(workbook):
    path = workbook({"S": [["Họ và tên", "Ngân hàng", "Số tài khoản", "STK"], ["Lê Văn An", "VCB", "1", "2"]]})
    with pytest.raises(InputError) as info:
        sheet.read(path)
    assert (info.value.code, info.value.field, info.value.params["columns"]) == (
        "E-SHEET-DUP-HEADER", "account", ["C", "D"])


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.xlsx", b"", "E-FILE-EMPTY"),
        ("text.xlsx", "Họ và tên,Ngân hàng\n".encode(), "E-SHEET-CORRUPT"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "E-SHEET-CORRUPT"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "E-SHEET-CORRUPT"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "E-FILE-TYPE"),
        ("binary.csv", b"abc\x00def" * 10, "E-FILE-TYPE"),
    ],
)
def test_unusable_files(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        sheet.read(path)
    assert (info.value.code, info.value.field) == (code, "file")


def test_truncated_zip(workbook, tmp_path):
    data = workbook({"S": [["Họ và tên", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "VCB", "1"]]}).read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 10):
        path = tmp_path / "cut.xlsx"
        path.write_bytes(data[:cut])
        with pytest.raises(InputError) as info:
            sheet.read(path)
        assert info.value.code == "E-SHEET-CORRUPT", cut


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError) as info:
        sheet.read(tmp_path / "nope.xlsx")
    assert info.value.code == "E-FILE-NOT-FOUND"
    with pytest.raises(InputError) as info:
        sheet.read(tmp_path)
    assert info.value.code == "E-FILE-UNREADABLE"


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    with pytest.raises(InputError) as info:
        sheet.read(path)
    assert info.value.code == "E-SHEET-CORRUPT"


def test_check_file_uses_path_objects(ward_office):
    assert isinstance(ward_office, Path)
    assert check_file(str(ward_office)).source == str(ward_office)
