"""Issue 20, the reader's part: headers matched by their words, sheets never dropped silently, what was read shown
(``result.read``, ``check --json``'s ``"read"``, the printed block), and ``--column`` to correct the mapping."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _sheet_builders import Spec, write

import qrsign
from qrsign.errors import InputError
from qrsign.intake import sheet
from qrsign.intake.check import summary
from qrsign.render.rules import check_file

#: A zone sheet headed the way that office does (issue 20, point 1): two name columns, the stall by another word,
#: "chi nhánh" in the bank's title, one column for "account or card".
ZONE_HEADER = ["STT", "Chủ hộ kinh doanh", "Tên chủ tài khoản ngân hàng", "Ki-ốt/Sạp", "Ngân hàng - Chi nhánh",
               "STK hoặc số thẻ", "Ngày sinh"]
ZONE_ROWS = [
    ["DANH SÁCH HỘ KINH DOANH KHU A - CHỢ ĐỒNG XA"],
    ZONE_HEADER,
    ["1", "Lê Văn Hùng", "Lê Thị Mận", "A-01", "Agribank chi nhánh Gia Lâm", "1500205123456", "1970"],
    ["2", "Phạm Văn Tú", "Phạm Văn Tú", "A-02", "VCB - CN Hà Nội", "0011004567891", "1968"],
]


def vendors_of(result) -> list[tuple]:
    return [(vr.row, vr.vendor.name, vr.vendor.holder, vr.vendor.stall, vr.vendor.bank.short_name,
             vr.vendor.account) for vr in result.vendors]


def write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in row] for row in rows])
    return path


def zone_file(kind: str, folder: Path, rows=ZONE_ROWS, name="Khu A") -> Path:
    if kind == "csv":
        return write_csv(folder / "khu-a.csv", rows)
    return write(kind, folder, Spec(rows, name=name))


# --------------------------------------------------------------------------------------------------
# Point 1: headers by their words


@pytest.mark.parametrize("label, field", [
    ("Chủ hộ kinh doanh", "name"),
    ("Họ tên chủ hộ kinh doanh", "name"),
    ("Chủ hộ", "name"),
    ("Tên chủ tài khoản ngân hàng", "holder"),
    ("Người đứng tên tài khoản", "holder"),
    ("Tên trên app", "holder"),
    ("Tên in trên app", "holder"),
    ("STK hoặc số thẻ", "account"),
    ("Số thẻ hoặc STK", "account"),
    ("Số TK/Số thẻ", "account"),
    ("Số thẻ", "card"),
    ("Ngân hàng - Chi nhánh", "bank"),
    ("Chi nhánh ngân hàng", "bank"),
    ("Ngân hàng mở tài khoản", "bank"),
    ("Số tài khoản ngân hàng", "account"),
    ("Ki ốt/Sạp", "stall"),
    ("Số ô", "stall"),
    ("Gian hàng", "stall"),
    ("Lô", "stall"),
    ("Vị trí kinh doanh", "stall"),
    ("Mã ki-ốt", "stall"),
    ("Trạng thái", "status"),
    ("Tình trạng kinh doanh", "status"),
    ("Dấu thời gian", "timestamp"),
    ("Timestamp", "timestamp"),
    # not headers of a field: never guessed
    ("Chi nhánh", None),
    ("Nơi ở", None),
    ("Ngày sinh", None),
    ("DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA NĂM 2026", None),
    ("Thông tin tài khoản", None),
])
def test_headers_are_matched_by_their_words(label, field):
    assert sheet.header_field(label) == field


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv"])
def test_a_zone_sheet_headed_its_own_way_is_read(tmp_path, kind):
    path = zone_file(kind, tmp_path)
    result = check_file(path)
    assert vendors_of(result) == [
        (3, "Lê Văn Hùng", "LE THI MAN", "A-01", "Agribank", "1500205123456"),
        (4, "Phạm Văn Tú", "PHAM VAN TU", "A-02", "Vietcombank", "0011004567891"),
    ]
    assert [p.code for p in result.errors] == []
    (read,) = result.read["sheets"]
    assert read["header_row"] == 2
    assert read["columns"] == [
        {"column": "A", "header": "STT", "field": "index"},
        {"column": "B", "header": "Chủ hộ kinh doanh", "field": "name"},
        {"column": "C", "header": "Tên chủ tài khoản ngân hàng", "field": "holder"},
        {"column": "D", "header": "Ki-ốt/Sạp", "field": "stall"},
        {"column": "E", "header": "Ngân hàng - Chi nhánh", "field": "bank"},
        {"column": "F", "header": "STK hoặc số thẻ", "field": "account"},
    ]
    assert read["ignored"] == [{"column": "G", "header": "Ngày sinh"}]
    assert result.read["not_read"] == []


def test_the_holder_column_feeds_the_name_policy(workbook):
    """The holder line is what the payer's app shows: the name rules judge the holder column, not the vendor's."""
    path = workbook({"Khu A": [ZONE_HEADER[:6], ["1", "Chị Mận", "Lê Thị M4n", "A-01", "ACB", "257678859"]]})
    result = check_file(path)
    assert result.vendors == []
    assert [(p.row, p.column, p.field, p.severity) for p in result.errors] == [(2, "C", "holder", "error")]


# --------------------------------------------------------------------------------------------------
# Point 1: a sheet that holds data is never dropped silently

UNKNOWN_HEADER = ["STT", "Họ tên", "Vị trí", "Đơn vị nhận tiền", "Mã nhận tiền"]


def district(workbook):
    return workbook({
        "Tổng hợp": [["TỔNG HỢP"], ["Khu", "Số hộ"], ["Khu A", 2], ["Khu C", 2]],
        "Khu A": ZONE_ROWS,
        "Khu C": [UNKNOWN_HEADER, ["1", "Đỗ Thị Lan", "C-01", "ACB", "257678859"],
                  ["2", "Ngô Văn Bảy", "C-02", "Techcombank", "19033334445556"]],
    }, name="quan.xlsx")


def test_a_sheet_whose_header_cannot_be_matched_is_named_counted_and_exits_1(workbook, cli):
    path = district(workbook)
    result = check_file(path)
    assert [vr.sheet for vr in result.vendors] == ["Khu A", "Khu A"]
    assert result.read["not_read"] == [
        {"sheet": "Tổng hợp", "reason": "not_a_list", "headers": ["Khu", "Số hộ"],
         "missing": ["name", "bank", "account"]},
        {"sheet": "Khu C", "reason": "no_header", "headers": UNKNOWN_HEADER, "missing": ["bank", "account"]}]
    assert [(p.sheet, p.row, p.code, p.severity) for p in result.errors] == [
        ("Khu C", None, "E-SHEET-NOT-READ", "error")]
    message = result.errors[0].message("vi")
    assert "Đơn vị nhận tiền" in message and "Ngân hàng (bank)" in message
    assert summary(result)["sheets_not_read"] == 1
    run = cli("check", path)
    assert run.code == 1
    assert "Trang “Khu C” không đọc được (tiêu đề: STT, Họ tên, Vị trí, Đơn vị nhận tiền, Mã nhận tiền)." in run.out
    assert "✗ trang “Khu C”: Trang tính này có vẻ là danh sách tiểu thương nhưng không đọc được" in run.out
    assert "1 trang tính có vẻ là danh sách nhưng KHÔNG được đọc" in run.out
    # the summary sheet (counts) is no vendor list: said, and no error
    assert "Trang “Tổng hợp” không phải danh sách tiểu thương, bỏ qua (có: Khu, Số hộ)." in run.out
    assert [p.sheet for p in result.problems] == ["Khu C"]


# --------------------------------------------------------------------------------------------------
# Point 6: --column corrects the mapping without editing the file


def test_column_choices_read_the_sheet_by_header_or_letter(workbook, cli):
    path = district(workbook)
    for columns in ({"Đơn vị nhận tiền": "bank", "Mã nhận tiền": "account"},
                    {"Khu C!D": "bank", "Khu C!E": "account"}):
        result = qrsign.check_file(path, columns=columns)
        assert [(vr.sheet, vr.vendor.bank.short_name, vr.vendor.account) for vr in result.vendors][2:] == [
            ("Khu C", "ACB", "257678859"), ("Khu C", "Techcombank", "19033334445556")]
        assert [n["sheet"] for n in result.read["not_read"]] == ["Tổng hợp"] and result.errors == []
    run = cli("check", path, "--column", "Đơn vị nhận tiền=bank", "--column", "Mã nhận tiền=account", "--json")
    assert run.code == 0
    khu_c = run.json()["read"]["sheets"][1]
    assert khu_c["columns"][3:] == [{"column": "D", "header": "Đơn vị nhận tiền", "field": "bank"},
                                    {"column": "E", "header": "Mã nhận tiền", "field": "account"}]


def test_a_column_choice_can_name_the_holder_or_leave_a_column_out(workbook):
    path = workbook({"S": [["Họ và tên", "Tên trên Zalo", "Quầy", "Ngân hàng", "Số tài khoản", "Ghi chú"],
                           ["Chị Lan", "Đỗ Thị Lan", "1", "ACB", "257678859", "cô Lan bán rau"]]})
    result = qrsign.check_file(path, columns={"Tên trên Zalo": "holder", "F": None})
    assert vendors_of(result) == [(2, "Chị Lan", "DO THI LAN", "1", "ACB", "257678859")]
    assert result.vendors[0].vendor.note is None
    assert result.read["sheets"][0]["ignored"] == [{"column": "F", "header": "Ghi chú"}]


def test_a_column_choice_with_an_unknown_field_or_header_is_a_usage_error(workbook, cli):
    path = district(workbook)
    with pytest.raises(InputError) as info:
        sheet.read(path, columns={"Mã nhận tiền": "sotaikhoan"})
    assert info.value.code == "E-COLUMN-FIELD" and "holder" in info.value.params["fields"]
    with pytest.raises(InputError) as info:
        sheet.read(path, columns={"Số tiền": "account"})
    assert info.value.code == "E-COLUMN-NOT-FOUND"
    assert {"Mã nhận tiền", "Chủ hộ kinh doanh"} <= set(info.value.params["headers"])
    run = cli("check", path, "--column", "Số tiền=account")
    assert run.code == 2 and "Số tiền" in run.err and "Mã nhận tiền" in run.err
    run = cli("check", path, "--column", "Mã nhận tiền")
    assert run.code == 2 and "TIÊU ĐỀ=TRƯỜNG" in run.err
    run = cli("check", path, "--column", "Mã nhận tiền=so tk", "--lang", "en")
    assert run.code == 2 and "there is no such field" in run.err and "holder" in run.err


def test_build_takes_column_choices(workbook, cli, tmp_path):
    path = district(workbook)
    run = cli("build", path, "-o", tmp_path / "out", "--column", "Khu C!D=bank", "--column", "Khu C!E=account",
              "--json", "--date", "2026-01-15", "--jobs", "1", "--no-checklist")
    assert run.code == 0, run.out
    assert run.json()["signs"] == 4
    # a letter without a sheet applies to every sheet: Khu A's bank column E is then no bank, nothing is read
    run = cli("build", path, "-o", tmp_path / "out2", "--column", "E=account", "--jobs", "1")
    assert run.code == 2 and "Không tìm thấy dòng tiêu đề" in run.err


# --------------------------------------------------------------------------------------------------
# Point 5: what was read, shown first


def test_check_prints_what_was_read_first(tmp_path, cli):
    rows = [*ZONE_ROWS[:2], ["", "Tổng cộng", "", "", "", 2, ""], *ZONE_ROWS[2:]]
    path = write_csv(tmp_path / "khu-a.csv", rows)
    run = cli("check", path)
    lines = run.out.splitlines()
    assert lines[:4] == [
        "Trang “khu-a”, dòng tiêu đề 2:",
        "  Họ và tên ← cột B “Chủ hộ kinh doanh”; Tên chủ tài khoản ← cột C “Tên chủ tài khoản ngân hàng”; "
        "Số quầy ← cột D “Ki-ốt/Sạp”; Ngân hàng ← cột E “Ngân hàng - Chi nhánh”; "
        "Số tài khoản ← cột F “STK hoặc số thẻ”",
        "  Cột không dùng: G “Ngày sinh”",
        "  Dòng bỏ qua: dòng tổng (3)",
    ]
    run = cli("check", path, "--json")
    assert run.json()["read"]["sheets"][0]["skipped_rows"] == {"totals": [3]}


# --------------------------------------------------------------------------------------------------
# Point 7: a two-column signature block is left out, whatever column its right half sits in

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]
SIGNED = [
    ["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"],
    HEADER,
    ["1", "Đỗ Thị Lan", "A-01", "ACB", "257678859"],
    ["2", "Ngô Văn Bảy", "A-02", "Techcombank", "19033334445556"],
    [None, None, None, None, "Hà Nội, ngày 12 tháng 11 năm 2026"],
    [None, "NGƯỜI LẬP BIỂU", None, None, "TRƯỞNG BAN QUẢN LÝ CHỢ"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký, ghi rõ họ tên)"],
    [None, "Nguyễn Văn Lập", None, None, "Trần Thị Trưởng"],
]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv"])
def test_a_two_column_signature_block_is_no_vendor(tmp_path, kind):
    path = zone_file(kind, tmp_path, SIGNED)
    result = check_file(path)
    assert [(vr.row, vr.vendor.holder, vr.vendor.bank.short_name, vr.vendor.account) for vr in result.vendors] == [
        (3, "DO THI LAN", "ACB", "257678859"), (4, "NGO VAN BAY", "Techcombank", "19033334445556")]
    assert result.problems == [] and result.rejected == []
    assert result.read["sheets"][0]["skipped_rows"] == {"footers": [5, 6, 7, 8]}
    assert summary(result)["ready_share"] == 1.0


def test_a_vendor_after_a_signature_line_with_an_account_is_still_a_vendor(workbook):
    path = workbook({"S": [HEADER, ["1", "Đỗ Thị Lan", "A-01", "ACB", "257678859"],
                           [None, "Kế toán", None, None, None],
                           ["2", "Ngô Văn Bảy", None, "ACB", "257678860"]]})
    result = check_file(path)
    assert [vr.row for vr in result.vendors] == [2, 4]


# --------------------------------------------------------------------------------------------------
# Point 8: form exports

FORM_HEADER = ["Dấu thời gian", "Họ và tên chủ hộ", "Số quầy", "Ngân hàng", "Số tài khoản"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_form_export_leaves_out_the_test_response_and_keeps_the_latest_answer(tmp_path, kind):
    rows = [
        FORM_HEADER,
        ["10/11/2026 08:01:10", "Test", "1", "VCB", "0011004567891"],
        ["10/11/2026 09:15:00", "Đỗ Thị Lan", "A-01", "Vcb", "0011004567890"],
        ["10/11/2026 09:20:00", "Ngô Văn Bảy", "A-02", "ACB", "257678859"],
        ["11/11/2026 18:02:45", "Đỗ Thị Lan", "A-01", "Vietcombank", "0011004567891"],
        ["11/11/2026 19:00:00", "Ngô Văn Bảy", "A-02", "MB", "0352350917"],  # a second bank: a second account
    ]
    path = zone_file(kind, tmp_path, rows, name="Câu trả lời")
    result = check_file(path, market="Chợ Đồng Xa")
    assert [(vr.row, vr.vendor.holder, vr.vendor.stall, vr.vendor.bank.short_name, vr.vendor.account)
            for vr in result.vendors] == [
        (4, "NGO VAN BAY", "A-02", "ACB", "257678859"),
        (5, "DO THI LAN", "A-01", "Vietcombank", "0011004567891"),
        (6, "NGO VAN BAY", "A-02", "MBBank", "0352350917"),
    ]
    assert [(p.row, p.column, p.code, p.value, p.params) for p in result.problems] == [
        (2, "B", "W-FORM-TEST", "Test", {}),
        (3, "E", "W-FORM-SUPERSEDED", "0011004567890", {"later": 5, "account": "0011004567891"}),
    ]
    message = result.problems[1].message("vi")
    assert "dòng 5" in message and "0011004567890" in message and "0011004567891" in message
    assert result.read["sheets"][0]["skipped_rows"] == {"test_responses": [2], "superseded": [3]}
    assert summary(result)["ready_share"] == 1.0


def test_the_later_timestamp_wins_when_the_export_is_sorted_otherwise(workbook):
    import datetime as dt

    path = workbook({"Form": [
        FORM_HEADER,
        [dt.datetime(2026, 11, 11, 18, 0), "Đỗ Thị Lan", "A-01", "ACB", "257678860"],
        [dt.datetime(2026, 11, 10, 9, 0), "Đỗ Thị Lan", "A-01", "ACB", "257678859"],
    ]})
    result = check_file(path)
    assert [(vr.row, vr.vendor.account) for vr in result.vendors] == [(2, "257678860")]
    assert [(p.row, p.code, p.params["later"]) for p in result.problems] == [(3, "W-FORM-SUPERSEDED", 2)]


def test_without_a_timestamp_column_two_rows_are_not_a_resubmission(workbook):
    path = workbook({"S": [HEADER, ["1", "Đỗ Thị Lan", "A-01", "ACB", "257678860"],
                           ["2", "Đỗ Thị Lan", "A-01", "ACB", "257678859"]]})
    result = check_file(path)
    assert [vr.row for vr in result.vendors] == [2, 3]
    assert "W-FORM-SUPERSEDED" not in {p.code for p in result.problems}


# --------------------------------------------------------------------------------------------------
# Point 10: small ones


def test_excels_text_apostrophe_from_a_csv_is_dropped(tmp_path):
    path = write_csv(tmp_path / "ds.csv", [HEADER, ["1", "Đỗ Thị Lan", "A-01", "Vietcombank", "'0011004567891"]])
    result = check_file(path, market="Chợ Đồng Xa")
    assert [(vr.vendor.account, vr.vendor.stall) for vr in result.vendors] == [("0011004567891", "A-01")]
    assert result.problems == []


def test_a_sheet_with_no_market_anywhere_gets_the_hint(tmp_path, cli):
    path = write_csv(tmp_path / "ds.csv", [HEADER, ["1", "Đỗ Thị Lan", "A-01", "ACB", "257678859"]])
    run = cli("check", path)
    assert run.code == 0
    assert "Thêm --market \"Chợ …\" vào lệnh check và build." in run.out
    assert run.json is not None and cli("check", path, "--json").json()["read"]["markets"] == []
    run = cli("check", path, "--market", "Chợ Đồng Xa")
    assert "--market" not in run.out
    assert cli("check", path, "--market", "Chợ Đồng Xa", "--json").json()["read"]["markets"] == ["Chợ Đồng Xa"]


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv"])
def test_a_roman_numbered_section_row_is_a_section(tmp_path, kind):
    rows = [HEADER, ["I", "Hàng khô", None, None, None], ["1", "Đỗ Thị Lan", "A-01", "ACB", "257678859"],
            ["II", "Rau quả", None, None, None], ["1", "Ngô Văn Bảy", "B-01", "ACB", "257678860"],
            ["3", "Vũ Thị Mai", None, None, None]]  # a vendor with nothing but a name stays a vendor
    path = zone_file(kind, tmp_path, rows)
    result = check_file(path, market="Chợ Đồng Xa")
    assert [(vr.row, vr.vendor.zone) for vr in result.vendors] == [(3, "Hàng khô"), (5, "Rau quả")]
    assert result.read["sheets"][0]["skipped_rows"] == {"sections": [2, 4]}
    assert [(r.row, r.zone) for r in result.rejected] == [(6, "Rau quả")]


def test_letters_for_every_column_do_not_make_the_title_row_the_header():
    """The page sends a choice for every column: letters name fields, not rows, so the title row above the table
    (one cell filled) is never taken for the header because the letters complete it."""
    from pathlib import Path

    from qrsign.render.rules import check_file as check

    messy = Path(__file__).resolve().parents[1] / "examples" / "phuong-loi.xlsx"
    plain = check(messy)
    cols = {f"Sheet1!{c['column']}": c["field"] for s in plain.read["sheets"] for c in s["columns"]}
    cols["Sheet1!G"] = None
    chosen = check(messy, columns=cols)
    sheet = chosen.read["sheets"][0]
    assert sheet["header_row"] == plain.read["sheets"][0]["header_row"] == 4
    assert sheet["ignored"] == [{"column": "G", "header": "Ghi chú"}]
    assert [vr.row for vr in chosen.vendors] == [vr.row for vr in plain.vendors]
