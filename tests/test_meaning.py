"""Rows mean what the ward office meant (issue 20, points 2–6 and 9): vendors who left, names as the bank holds
them, ditto marks, words glued to accounts, lost leading zeros, cards of another bank.

Each case is a sheet built in its shape, with the exact vendors built and the exact problems asserted.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _sheet_builders import Spec, write_xls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qrsign.core import account, names
from qrsign.intake import meaning
from qrsign.intake.check import summary
from qrsign.lifecycle import diff as diffmod
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

EN = {"QRSIGN_LANG": "en"}
HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]


def _xlsx(path: Path, rows: list[list], **kw) -> Path:
    return make_workbook(path, {"Chợ": rows}, **kw)


def _csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    return path


def built(result) -> list[tuple]:
    """The signs a check makes: (row, holder line, stall, bank, account)."""
    return [(vr.row, vr.vendor.holder, vr.vendor.stall, vr.vendor.bank.short_name, vr.vendor.account)
            for vr in result.vendors]


def found(result) -> list[tuple]:
    return [(p.row, p.column, p.code, p.severity, p.value) for p in result.problems]


# --------------------------------------------------------------------------------------------------
# point 2: vendors who left the market

LEFT_SHEET = [
    ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Trạng thái", "Ghi chú"],
    [1, "Nguyễn Văn An", "A1", "VCB", "0011004567891", "Đang kinh doanh", None],
    [2, "Trần Thị Bình", "A2", "ACB", "257678859", "Nghỉ bán", None],
    [3, "Lê Văn Cường", "A3", "BIDV", "21510001234567", None, "thôi kinh doanh từ tháng 9"],
    [4, "Phạm Thị Dung (đã nghỉ)", "A4", "MB", "0352350917", None, None],
    [5, "Hoàng Văn Em", "A5", "MB", "0352350918", "Tạm nghỉ", None],
    [6, "Đỗ Thị Phương", "A6", "MB", "0352350919", None, "đã trả ki-ốt"],
    [7, "Vũ Văn Giang", "A7", "MB", "0352350920", None, "sang nhượng cho bà Hạnh"],
    [8, "Ngô Thị Hạnh", "A7", "MB", "0352350921", "Đang kinh doanh", "nhận sang nhượng từ ông Giang"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_vendors_who_left_get_no_sign(tmp_path, fmt):
    path = _xlsx(tmp_path / "ds.xlsx", LEFT_SHEET) if fmt == "xlsx" else _csv(tmp_path / "ds.csv", LEFT_SHEET)
    result = check_file(path)
    assert built(result) == [
        (2, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567891"),
        (6, "HOANG VAN EM", "A5", "MBBank", "0352350918"),  # a pause is still built
        (9, "NGO THI HANH", "A7", "MBBank", "0352350921"),  # who took the stall over is arriving, not leaving
    ]
    assert found(result) == [
        (3, "F", "W-ROW-LEFT", "warning", "Nghỉ bán"),
        (4, "G", "W-ROW-LEFT", "warning", "thôi kinh doanh từ tháng 9"),
        (5, "B", "W-ROW-LEFT", "warning", "Phạm Thị Dung (đã nghỉ)"),
        (7, "G", "W-ROW-LEFT", "warning", "đã trả ki-ốt"),
        (8, "G", "W-ROW-LEFT", "warning", "sang nhượng cho bà Hạnh"),
    ]
    assert result.problems[2].params == {"name": "Phạm Thị Dung"}
    assert "left the market" in result.problems[0].message("en")
    s = summary(result)
    # counted with the rows that are not vendors, never as rejected rows (the ready share stays 100 %)
    got = (s["rows_read"], s["rows_skipped"], s["rows_left"], s["rows_rejected"], s["ready_share"])
    assert got == (3, 5, 5, 0, 1.0)
    assert result.rejected == []
    assert result.tables[0].skipped.get("left") == 5


@pytest.mark.parametrize("said, left", [
    ("Nghỉ bán", True), ("Đã nghỉ", True), ("Thôi kinh doanh", True), ("Đã chuyển đi", True),
    ("NGHỈ", True), ("thôi bán từ 1/9", True), ("trả lại quầy", True), ("đã trả kiot", True),
    ("Tạm nghỉ", False), ("tạm nghỉ bán 2 tuần", False), ("Đang kinh doanh", False), ("nghỉ thứ 2", False),
    ("nhận sang nhượng từ chị Lan", False), ("", False),
])
def test_what_says_a_vendor_left(said, left):
    assert meaning.says_left(said, status=True) is left


def test_diff_withdraws_the_sign_of_a_vendor_who_left(tmp_path):
    rows = [r[:5] for r in LEFT_SHEET]
    old = check_file(_xlsx(tmp_path / "old.xlsx", [rows[0], rows[1], rows[2]]))
    new = check_file(_xlsx(tmp_path / "new.xlsx", [LEFT_SHEET[0], LEFT_SHEET[1], LEFT_SHEET[2]]))
    d = diffmod.diff({"signs": [vr.to_dict() for vr in old.vendors]}, new)
    assert [w["stall"] for w in d.withdraw] == ["A2"] and d.pending == []
    assert [u["stall"] for u in d.unchanged] == ["A1"]


def test_a_row_whose_name_alone_is_struck_is_a_vendor_who_left(tmp_path):
    rows = [HEADER, [1, "Nguyễn Văn An", "A1", "VCB", "0011004567891"], [2, "Trần Thị Bình", "A2", "ACB", "257678859"]]
    path = write_xls(tmp_path / "ds.xls", Spec(rows))
    struck = tmp_path / "struck.xls"
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Chợ")
    strike = xlwt.easyxf("font: struck_out on")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            ws.write(r, c, value, strike if (r, c) == (2, 1) else xlwt.Style.default_style)
    wb.save(str(struck))
    assert [vr.row for vr in check_file(path).vendors] == [2, 3]
    result = check_file(struck)
    assert built(result) == [(2, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567891")]
    assert found(result) == [(3, "B", "W-ROW-STRUCK", "warning", "Trần Thị Bình")]


# --------------------------------------------------------------------------------------------------
# point 3: the holder line is one person's registered name


@pytest.mark.parametrize("typed, holder, title", [
    ("Bà Lê Thị Mận", "LE THI MAN", "Bà"),
    ("BA LE THI MAN", "LE THI MAN", "BA"),
    ("ONG PHAM VAN TU", "PHAM VAN TU", "ONG"),
    ("ông phạm văn tú", "PHAM VAN TU", "ông"),
    ("Ô. Phạm Văn Tú", "PHAM VAN TU", "Ô."),
    ("HO KINH DOANH TRUONG THI SEN", "TRUONG THI SEN", "HO KINH DOANH"),
    ("Hộ kinh doanh: Trương Thị Sen", "TRUONG THI SEN", "Hộ kinh doanh"),
    ("HKD Trương Thị Sen", "TRUONG THI SEN", "HKD"),
    ("Hộ KD Chị Trương Thị Sen", "TRUONG THI SEN", "Hộ KD Chị"),
    ("Anh Nguyễn Văn Tú", "NGUYEN VAN TU", "Anh"),
])
def test_a_title_is_taken_off_when_a_full_name_follows(typed, holder, title):
    r = names.parse(typed)
    assert r.ok and names.without_notes(r.name)[0] == r.name
    assert [(p.code, p.severity, p.params) for p in r.problems] == [
        ("W-NAME-TITLE", "warning", {"title": title, "holder": holder})]
    from qrsign.core.text import bank_style

    assert bank_style(r.name) == holder


@pytest.mark.parametrize("typed", ["Ông Văn Khải", "Chu Văn An", "CHU VAN AN", "Mai Thị Lan", "Nguyễn Thị Hường",
                                   "Lò Văn Tú"])
def test_surnames_that_look_like_titles_are_kept(typed):
    assert names.parse(typed) == names.NameResult(typed, typed, ())


@pytest.mark.parametrize("typed, code", [
    ("Cô Mai", "E-NAME-TITLE-ONLY"), ("Chị Nguyệt Nga", "E-NAME-TITLE-ONLY"), ("Bác Ba bán cá", "E-NAME-TITLE-ONLY"),
    ("CO MAI", "E-NAME-TITLE-ONLY"), ("HKD Lan", "E-NAME-TITLE-ONLY"),
    ("Cửa hàng Minh Anh", "E-NAME-SHOP"), ("Cơ sở Hòa Phát", "E-NAME-SHOP"), ("Tạp hóa Hương", "E-NAME-SHOP"),
    ("TAP HOA HUONG", "E-NAME-SHOP"), ("Hộ kinh doanh Tạp hóa Minh", "E-NAME-SHOP"),
    ("Nguyễn Văn A, Lê Thị B", "E-NAME-TWO-PEOPLE"), ("Nguyễn Văn A / Lê Thị B", "E-NAME-TWO-PEOPLE"),
    ("Nguyễn Văn A và Lê Thị B", "E-NAME-TWO-PEOPLE"), ("Nguyễn Văn A & Lê Thị B", "E-NAME-TWO-PEOPLE"),
    ("Vợ chồng Nguyễn Văn A", "E-NAME-TWO-PEOPLE"), ("NGUYEN VAN A VA LE THI B", "E-NAME-TWO-PEOPLE"),
    ("Lan", "E-NAME-ONE-WORD"),
    ("x", "E-NAME-PLACEHOLDER"), ("test", "E-NAME-PLACEHOLDER"), ("chưa có", "E-NAME-PLACEHOLDER"),
    ("?", "E-NAME-PLACEHOLDER"), ("...", "E-NAME-PLACEHOLDER"),
])
def test_what_cannot_be_one_persons_name_is_refused(typed, code):
    r = names.parse(typed)
    assert [(p.code, p.severity) for p in r.problems] == [(code, "error")]


def test_ambiguous_legacy_name_is_refused_not_converted():
    r = names.parse("YÕn")
    assert [(p.code, p.severity) for p in r.problems] == [("E-NAME-LEGACY", "error")] and not r.ok


def test_names_on_a_sheet(tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [
        HEADER,
        [1, "BA LE THI MAN", "A1", "VCB", "0011004567891"],
        [2, "Ông Văn Khải", "A2", "ACB", "257678859"],
        [3, "Cô Mai", "A3", "MB", "0352350917"],
        [4, "Cửa hàng Minh Anh", "A4", "MB", "0352350918"],
        [5, "Nguyễn Văn Bốn, Lê Thị Năm", "A5", "MB", "0352350919"],
        [6, "x", "A6", "MB", "0352350920"],
        [7, "Hộ kinh doanh Trương Thị Sen", "A7", "MB", "0352350921"],
    ])
    result = check_file(path)
    assert built(result) == [
        (2, "LE THI MAN", "A1", "Vietcombank", "0011004567891"),
        (3, "ONG VAN KHAI", "A2", "ACB", "257678859"),
        (8, "TRUONG THI SEN", "A7", "MBBank", "0352350921"),
    ]
    assert found(result) == [
        (2, "B", "W-NAME-TITLE", "warning", "BA LE THI MAN"),
        (4, "B", "E-NAME-TITLE-ONLY", "error", "Cô Mai"),
        (5, "B", "E-NAME-SHOP", "error", "Cửa hàng Minh Anh"),
        (6, "B", "E-NAME-TWO-PEOPLE", "error", "Nguyễn Văn Bốn, Lê Thị Năm"),
        (7, "B", "E-NAME-PLACEHOLDER", "error", "x"),
        (8, "B", "W-NAME-TITLE", "warning", "Hộ kinh doanh Trương Thị Sen"),
    ]
    assert "LE THI MAN" in result.problems[0].message("en")  # the warning shows the line that will print


def test_make_applies_the_name_rules(tmp_path):
    r = run_cli("make", "--bank", "VCB", "--account", "0011004567891", "--name", "Cô Mai", "-o",
                tmp_path / "a.png", env=EN)
    assert r.code == 1 and "form of address" in r.err


# --------------------------------------------------------------------------------------------------
# point 4: ditto marks


@pytest.mark.parametrize("mark", ["như trên", "Như trên", "nt", "NT", "n.t", "-nt-", '"', "〃", "—", "-----",
                                  "''", "nhu tren"])
def test_ditto_marks(mark):
    assert meaning.is_ditto(mark)


@pytest.mark.parametrize("value", ["-", "–", "A-01", "Nguyễn Thị Nt", "0011004567891", "NT1", ""])
def test_not_ditto_marks(value):
    assert not meaning.is_ditto(value)


DITTO_SHEET = [
    HEADER,
    [1, "như trên", "A1", "VCB", "0011004567891"],
    [2, "Nguyễn Văn An", "A1", "VCB", "0011004567891"],
    [3, "như trên", "nt", "〃", "0011004567892"],
    [4, '"', '"', "—", "-----"],
    [5, "Trần Thị Bình", "-", "ACB", "257678859"],
    [6, "n.t", "-----", "nt", "257678860"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_ditto_takes_the_row_above(tmp_path, fmt):
    path = _xlsx(tmp_path / "ds.xlsx", DITTO_SHEET) if fmt == "xlsx" else _csv(tmp_path / "ds.csv", DITTO_SHEET)
    result = check_file(path)
    assert built(result) == [
        (3, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567891"),
        (4, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567892"),  # a second account, not the mark
        (6, "TRAN THI BINH", "-", "ACB", "257678859"),
        (7, "TRAN THI BINH", "-", "ACB", "257678860"),
    ]
    ditto = [(p.row, p.column, p.code, p.value, p.params) for p in result.problems if "DITTO" in p.code]
    assert ditto == [
        (2, "B", "E-CELL-DITTO-NONE", "như trên", {}),  # nothing above the first row
        (4, "B", "W-CELL-DITTO", "như trên", {"taken": "Nguyễn Văn An", "above": 3}),
        (4, "C", "W-CELL-DITTO", "nt", {"taken": "A1", "above": 3}),
        (4, "D", "W-CELL-DITTO", "〃", {"taken": "VCB", "above": 3}),
        (5, "B", "W-CELL-DITTO", '"', {"taken": "Nguyễn Văn An", "above": 4}),
        (5, "C", "W-CELL-DITTO", '"', {"taken": "A1", "above": 4}),
        (5, "D", "W-CELL-DITTO", "—", {"taken": "VCB", "above": 4}),
        (5, "E", "W-CELL-DITTO", "-----", {"taken": "0011004567892", "above": 4}),
        (7, "B", "W-CELL-DITTO", "n.t", {"taken": "Trần Thị Bình", "above": 6}),
        (7, "C", "W-CELL-DITTO", "-----", {"taken": "-", "above": 6}),
        (7, "D", "W-CELL-DITTO", "nt", {"taken": "ACB", "above": 6}),
    ]
    # row 5 copied row 4 whole: the same account twice is a repeated row, built once
    assert [(p.row, p.code) for p in result.problems if p.code == "W-ROW-DUPLICATE"] == [(5, "W-ROW-DUPLICATE")]
    assert "took “Nguyễn Văn An” from row 3" in result.problems[1].message("en")


def test_ditto_never_reaches_over_a_section_heading(tmp_path):
    result = check_file(_xlsx(tmp_path / "ds.xlsx", [
        HEADER,
        [1, "Nguyễn Văn An", "A1", "VCB", "0011004567891"],
        ["I. KHU THỰC PHẨM"],
        [2, "Trần Thị Bình", "B1", "nt", "257678859"],
    ]))
    assert built(result) == [(2, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567891")]
    assert [(p.row, p.code, p.field) for p in result.problems] == [(4, "E-CELL-DITTO-NONE", "bank")]


# --------------------------------------------------------------------------------------------------
# point 5: words glued to an account


@pytest.mark.parametrize("typed, words, digits", [
    ("0912 345 678 - VCB", "VCB", "0912345678"),
    ("21510001234567 BIDV", "BIDV", "21510001234567"),
    ("0901234567ACB", "ACB", "0901234567"),
    ("1012345678 Hoa", "Hoa", "1012345678"),
    ("1012345678 Hòa", "Hòa", "1012345678"),
    ("CK 0912345678", "CK", "0912345678"),
    ("CK0912345678", "CK", "0912345678"),
    ("STK: 0912345678 Techcombank", "Techcombank", "0912345678"),
    ("0011004567891 (VCB)", "VCB", "0011004567891"),
    ("0912VCB345678", "VCB", "0912345678"),
    ("21510001234567MB", "MB", "21510001234567"),
])
def test_words_beside_the_digits_are_an_error_that_suggests_the_digits(typed, words, digits):
    r = account.parse(typed)
    assert (r.ok, r.account) == (False, "")
    assert [(p.code, p.params) for p in r.problems] == [("E-ACCOUNT-WORDS", {"words": words, "suggestion": digits})]


@pytest.mark.parametrize("typed", ["V3CAS1340181061", "PSP123456789000000", "99ZP24009M07248267", "VQRQ0001990hq"])
def test_virtual_accounts_keep_their_letters(typed):
    assert account.parse(typed) == account.AccountResult(typed, typed, False, ())


def test_glued_words_on_a_sheet_are_never_built(tmp_path):
    result = check_file(_xlsx(tmp_path / "ds.xlsx", [
        HEADER,
        [1, "Nguyễn Văn An", "A1", "VCB", "0912 345 678 - VCB"],
        [2, "Trần Thị Bình", "A2", "BIDV", "V3CAS1340181061"],
        [3, "Lê Thị Hoa", "A3", "Techcombank", "STK: 0912345678 Techcombank"],
    ]))
    assert built(result) == [(3, "TRAN THI BINH", "A2", "BIDV", "V3CAS1340181061")]
    assert found(result) == [(2, "E", "E-ACCOUNT-WORDS", "error", "0912 345 678 - VCB"),
                             (4, "E", "E-ACCOUNT-WORDS", "error", "STK: 0912345678 Techcombank")]
    assert "type only 0912345678" in result.problems[0].message("en")


def test_two_short_accounts_are_two_accounts_never_one_number():
    r = account.parse("12345678 87654321")
    assert [(p.code, p.params) for p in r.problems] == [
        ("E-ACCOUNT-TWO", {"first": "12345678", "second": "87654321"})]


def test_sixteen_digits_with_a_float_residue_are_refused():
    r = account.parse("1234567890123456.0")
    assert (r.account, [p.code for p in r.problems]) == ("", ["E-ACCOUNT-DIGITS-LOST"])


# --------------------------------------------------------------------------------------------------
# point 6: lost leading zeros


NUMBERS = [
    ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "SĐT"],
    [1, "Nguyễn Văn An", "A1", "VCB", 11012345678, None],  # Vietcombank 13 digits: 0011012345678
    [2, "Trần Thị Bình", "A2", "Sacombank", 60123456789, None],  # Sacombank 12 digits
    [3, "Lê Văn Cường", "A3", "MB", 912345678, "0912345678"],  # the row's phone without its 0
    [4, "Phạm Thị Dung", "A4", "BIDV", 21510001234567, None],  # BIDV 14 digits: cannot have lost a zero
    [5, "Hoàng Văn Em", "A5", "Agribank", 1500205123456, None],  # Agribank 13 digits
    [6, "Đỗ Thị Phương", "A6", "ACB", 257678859, None],  # a bank qrsign has no lengths for: compare
    [7, "Vũ Văn Giang", "A7", "VCB", 11012345679, None],  # the format shows the zeros
]


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_number_cells_that_lost_zeros_are_not_built(tmp_path, fmt):
    if fmt == "xlsx":
        path = _xlsx(tmp_path / "ds.xlsx", NUMBERS, formats={("Chợ", "E8"): "0000000000000"})
    else:
        path = write_xls(tmp_path / "ds.xls", Spec(NUMBERS, name="Chợ", formats={(8, 5): "0000000000000"}))
    result = check_file(path)
    assert built(result) == [
        (5, "PHAM THI DUNG", "A4", "BIDV", "21510001234567"),
        (6, "HOANG VAN EM", "A5", "Agribank", "1500205123456"),
        (7, "DO THI PHUONG", "A6", "ACB", "257678859"),
        (8, "VU VAN GIANG", "A7", "Vietcombank", "0011012345679"),
    ]
    assert [(p.row, p.code, p.value, p.params) for p in result.problems] == [
        (2, "E-ACCOUNT-ZEROS-LOST", "11012345678",
         {"suggestion": "0011012345678", "length": 13, "bank": "Vietcombank", "lengths": "10/13"}),
        (3, "E-ACCOUNT-ZEROS-LOST", "60123456789",
         {"suggestion": "060123456789", "length": 12, "bank": "Sacombank", "lengths": "12"}),
        (4, "E-ACCOUNT-ZERO-LOST-PHONE", "912345678", {"phone": "0912345678"}),
        (7, "W-ACCOUNT-NUMBER", "257678859", {}),
        (8, "W-ACCOUNT-ZEROS-RESTORED", "0011012345679", {"format": "0000000000000"}),
    ]
    message = result.problems[0].message("en")
    assert "Vietcombank issues accounts of 10/13 digits" in message and "0011012345678" in message


def test_number_cell_rule():
    assert account.number_cell("1012345678", bin="970436") is None  # Vietcombank's 10-digit accounts
    assert account.number_cell("912345678", bin="970436").params["suggestion"] == "0912345678"
    assert account.number_cell("123456789", bin="970436").code == "W-ACCOUNT-NUMBER"  # not a mobile number
    assert account.number_cell("1012345678", bin=None).code == "W-ACCOUNT-NUMBER"
    assert account.number_cell("912345678", bin=None, phone="0912 345 678").code == "E-ACCOUNT-ZERO-LOST-PHONE"
    assert account.number_cell("912345678", bin=None, phone="912345678").code == "W-ACCOUNT-NUMBER"


# --------------------------------------------------------------------------------------------------
# point 9: a NAPAS card of another bank


def test_card_of_another_bank_is_refused_naming_the_cards_bank(tmp_path):
    r = account.parse("9704540339226644", bin="970405")  # a BVBank card under Agribank
    assert [(p.code, p.severity, p.params) for p in r.problems] == [
        ("W-ACCOUNT-IS-CARD", "warning", {}),
        ("E-CARD-OTHER-BANK", "error", {"card_bank": "BVBank (970454)", "bank": "Agribank"})]
    assert account.parse("9704540339226644", bin="970454").ok
    assert account.parse("9704000000000059", bin="970436").ok is False  # 970400 is SaigonBank's
    run = run_cli("payload", "--bank", "Agribank", "--account", "9704540339226644", env=EN)
    assert run.code == 1 and "is a card of BVBank (970454), not of Agribank" in run.err and not run.out
    run = run_cli("payload", "--bank", "Agribank", "--account", "9704540339226644", "--card", env=EN)
    assert run.code == 1 and "BVBank" in run.err
    import qrsign

    with pytest.raises(qrsign.QrsignError) as info:
        qrsign.encode("Agribank", "9704540339226644", card=True)
    assert info.value.code == "E-CARD-OTHER-BANK"
    from qrsign.models import VendorErrors, make_vendor

    with pytest.raises(VendorErrors) as errors:  # the model itself, whoever builds a vendor
        make_vendor(name="Lê Văn An", bank_bin="Agribank", account="9704540339226644")
    assert [e.code for e in errors.value.errors] == ["E-CARD-OTHER-BANK"]
    result = check_file(_xlsx(tmp_path / "ds.xlsx", [
        HEADER, [1, "Nguyễn Văn An", "A1", "Agribank", "9704540339226644"],
        [2, "Trần Thị Bình", "A2", "BVBank", "9704540339226644"]]))
    assert built(result) == [(3, "TRAN THI BINH", "A2", "BVBank", "9704540339226644")]
    assert [(p.row, p.code) for p in result.problems] == [
        (2, "E-CARD-OTHER-BANK"), (2, "W-ACCOUNT-IS-CARD"), (3, "W-ACCOUNT-IS-CARD")]


def _luhn(number: str) -> bool:
    """The Luhn rule written out again (ISO/IEC 7812), independent of qrsign's."""
    digits = [int(d) for d in number][::-1]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def test_a_card_with_a_5_in_a_doubled_position_is_a_card():
    number = "9704000000000059"  # the 5 is doubled: 10 → 1 + 0
    assert _luhn(number) and account.luhn_ok(number)
    assert not account.luhn_ok("9704000000000058") and not _luhn("9704000000000058")
    r = account.parse(number)
    assert (r.account, r.is_card, [p.code for p in r.problems]) == (number, True, ["W-ACCOUNT-IS-CARD"])


# --------------------------------------------------------------------------------------------------
# the checker's grouping pins (issue 21)


def test_a_second_account_at_the_same_bank_is_a_second_sign(tmp_path):
    result = check_file(_xlsx(tmp_path / "ds.xlsx", [
        HEADER, [1, "Nguyễn Văn An", "A1", "VCB", "0011004567891"],
        [2, "Nguyễn Văn An", "A1", "VCB", "0011004567892"]]))
    assert built(result) == [(2, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567891"),
                             (3, "NGUYEN VAN AN", "A1", "Vietcombank", "0011004567892")]
    assert result.problems == [] and len(result.groups()) == 1


def test_one_account_under_two_holders_at_a_stall_is_warned(tmp_path):
    result = check_file(_xlsx(tmp_path / "ds.xlsx", [
        HEADER, [1, "Nguyễn Văn An", "A1", "VCB", "0011004567891"],
        [2, "Trần Thị Bình", "A1", "VCB", "0011004567891"]]))
    assert [vr.row for vr in result.vendors] == [2, 3]
    assert [(p.row, p.code) for p in result.problems] == [(3, "W-STALL-SHARED"), (3, "W-ACCOUNT-SHARED")]


# --------------------------------------------------------------------------------------------------
# the rule that must never break: no name changes without a problem on its row that shows what will print

_NAME_PIECES = st.sampled_from(["Bà", "BA", "Ông", "ong", "Cô", "Chị", "Hộ kinh doanh", "HKD", "Nguyễn", "LE", "Thị",
                                "Văn", "Mận", "Khải", "Mai", "(vợ)", "(đã nghỉ)", ",", "và", "/", "x", "nt", "\ufeff",
                                "Cửa hàng", "Ô.", "Lò", "An"])
NAMES = st.lists(_NAME_PIECES, min_size=0, max_size=5).map(" ".join) | st.text(max_size=20)


@given(NAMES)
@settings(max_examples=300, deadline=None)
def test_no_name_changes_without_a_problem_that_shows_it(typed):
    from qrsign.core.text import bank_style

    r = names.parse(typed)
    if not r.problems:
        assert r.name == names.strip_bom(typed)
    if r.ok and r.name != names.strip_bom(typed):
        shown = [p.params.get("holder") or p.params.get("converted") for p in r.problems]
        assert bank_style(names.without_notes(r.name)[0]) in {bank_style(s) for s in shown if s}, (typed, r)


@given(st.lists(NAMES, min_size=1, max_size=5))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reader_never_changes_a_name_without_a_problem_on_its_row(tmp_path_factory, cells):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from qrsign.core.text import collapse

    cells = [ILLEGAL_CHARACTERS_RE.sub("", c) for c in cells]
    path = tmp_path_factory.mktemp("names") / "ds.xlsx"
    make_workbook(path, {"Chợ": [HEADER] + [[i + 1, c, str(i + 1), "VCB", f"00110045678{i:02d}"]
                                          for i, c in enumerate(cells)]})
    result = check_file(path)
    flagged = {p.row for p in result.problems if p.field == "name"}
    for vr in result.vendors:
        typed = cells[vr.row - 2]
        if vr.row not in flagged:
            assert vr.vendor.name == collapse(names.strip_bom(typed)), (typed, vr.vendor.name)


def test_a_row_with_the_banks_own_code_keeps_the_name_the_code_carries(tmp_path):
    """A merchant's QR names a shop: with a "Mã QR" the one-person rules step aside (the code says the holder)."""
    from qr14 import MERCHANT

    result = check_file(make_workbook(tmp_path / "ds.xlsx", {"Chợ": [
        ["STT", "Họ và tên", "Số quầy", "Mã QR"],
        [1, "Tạp hóa Cô Ba", "A1", MERCHANT],
        [2, "Tạp hóa Cô Ba", "A2", None],
    ]}))
    assert [(vr.row, vr.vendor.holder) for vr in result.vendors] == [(2, "TAP HOA CO BA")]
    assert [(p.row, p.code) for p in result.problems if p.field == "name"] == [(3, "E-NAME-SHOP")]
