"""Cross-row rules of ``check``: several accounts per vendor, shared stalls and accounts, repeated rows."""

from __future__ import annotations

import pytest

from qrsign.intake import check
from qrsign.intake.check import summary
from qrsign.render.rules import check_file

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]


@pytest.fixture
def sheet_of(workbook):
    def _make(*rows, title=None):
        data = ([[title], []] if title else []) + [HEADER] + [[i + 1, *r] for i, r in enumerate(rows)]
        return check_file(workbook({"Chợ": data}))

    return _make


def codes(result) -> list[tuple]:
    return [(p.row, p.code, p.severity) for p in result.problems]


def test_same_stall_same_holder_several_accounts_is_one_vendor(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "12", "VCB", "0011012345678"],
        ["NGUYỄN THỊ HƯỜNG", "12", "MB Bank", "0352350917"],
        ["Trần Văn Nam", "13", "ACB", "257678859"],
    )
    assert result.problems == []
    assert [vr.row for vr in result.vendors] == [2, 3, 4]
    groups = result.groups()
    assert [[vr.row for vr in g] for g in groups] == [[2, 3], [4]]
    assert [vr.vendor.bank_bin for vr in groups[0]] == ["970436", "970422"]
    s = summary(result)
    assert (s["accounts"], s["vendors"]) == (3, 2)


def test_same_stall_different_holder_is_a_shared_stall(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "12", "VCB", "0011012345678"],
        ["Trần Văn Nam", "12", "ACB", "257678859"],
    )
    assert [vr.row for vr in result.vendors] == [2, 3]
    assert codes(result) == [(3, "W-STALL-SHARED", "warning")]
    p = result.problems[0]
    assert (p.sheet, p.column, p.field, p.value) == ("Chợ", "C", "stall", "12")
    assert p.params["names"] == ["Nguyễn Thị Hường", "Trần Văn Nam"]
    assert p.params["rows"] == ["2", "3"]
    message = p.message("en")
    assert "Nguyễn Thị Hường" in message and "Trần Văn Nam" in message and "2, 3" in message
    assert len(result.groups()) == 2
    assert not result.errors


def test_stall_comparison_ignores_case_spaces_and_accents(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "Quầy A-1", "VCB", "0011012345678"],
        ["Trần Văn Nam", "quay a1", "ACB", "257678859"],
    )
    assert codes(result) == [(3, "W-STALL-SHARED", "warning")]


def test_same_account_on_two_stalls(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "12", "VCB", "0011012345678"],
        ["Nguyễn Thị Hường", "14", "Vietcombank", "0011 0123 4567 8"],
    )
    assert [vr.row for vr in result.vendors] == [2, 3]
    assert codes(result) == [(3, "W-ACCOUNT-SHARED", "warning")]
    p = result.problems[0]
    assert (p.column, p.field, p.value) == ("E", "account", "0011012345678")
    assert p.params["stalls"] == ["12", "14"] and p.params["rows"] == ["2", "3"]
    assert p.params["bank"] == "Vietcombank"
    assert "0011012345678" in p.message("vi") and "12, 14" in p.message("en")


def test_same_account_number_at_different_banks_is_not_shared(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "12", "VCB", "0011012345678"],
        ["Trần Văn Nam", "14", "ACB", "0011012345678"],
    )
    assert result.problems == []


def test_exact_repeated_row_is_kept_once(sheet_of):
    result = sheet_of(
        ["Nguyễn Thị Hường", "12", "VCB", "0011012345678"],
        ["Trần Văn Nam", "13", "ACB", "257678859"],
        ["Nguyễn Thị Hường", "12", "Vietcombank", "0011012345678"],
    )
    assert [vr.row for vr in result.vendors] == [2, 3]
    assert codes(result) == [(4, "W-ROW-DUPLICATE", "warning")]
    p = result.problems[0]
    assert (p.column, p.field, p.params["first"]) == ("E", "account", "2")
    assert "2" in p.message("en")
    assert summary(result)["rows_duplicate"] == 1


def test_rows_across_sheets(workbook):
    path = workbook({
        "Khu A": [HEADER, [1, "Nguyễn Thị Hường", "12", "VCB", "0011012345678"]],
        "Khu B": [HEADER, [1, "Trần Văn Nam", "5", "VCB", "0011012345678"]],
    })
    result = check_file(path)
    assert codes(result) == [(2, "W-ACCOUNT-SHARED", "warning")]
    p = result.problems[0]
    assert p.sheet == "Khu B"
    assert p.params["rows"] == ["2 (Khu A)", "2"]
    # the same stall number in two zones is two stalls
    path = workbook({
        "Khu A": [HEADER, [1, "Nguyễn Thị Hường", "12", "VCB", "0011012345678"]],
        "Khu B": [HEADER, [1, "Trần Văn Nam", "12", "ACB", "257678859"]],
    }, name="zones.xlsx")
    assert check_file(path).problems == []


def test_row_errors_are_all_reported_with_columns(sheet_of):
    result = sheet_of(["Nguyễn Vаn", "12", "Vietcombak", "12-3?"], title="DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA")
    assert result.vendors == []
    got = [(p.row, p.column, p.field, p.code) for p in result.problems]
    assert got == [(4, "B", "name", "E-NAME-SCRIPT"), (4, "D", "bank", "E-BANK-UNKNOWN"),
                   (4, "E", "account", "E-ACCOUNT-CHARS")]


def test_missing_stall_is_a_warning(sheet_of):
    result = sheet_of(["Nguyễn Thị Hường", None, "VCB", "0011012345678"])
    assert [vr.row for vr in result.vendors] == [2]
    assert [(p.row, p.column, p.code) for p in result.problems] == [(2, "C", "W-STALL-EMPTY")]


def test_summary_figures(sheet_of):
    result = sheet_of(
        ["Lê Văn An", "1", "VCB", "0011012345678"],        # row 2: ready
        ["Lê Văn An", "1", "MB", "0352350917"],            # row 3: An's second account
        ["Trần Thị Bình", "2", "ACB", "257678859"],          # row 4: ready
        ["Trần Thị Bình", "2", "ACB", "257678859"],          # row 5: exact repeat
        ["Lê Văn Cường", "3", "Vietcombak", "123456"],     # row 6: rejected (bank)
        ["Phạm Thị Dung", "4", "ACB", "12-3?x"],             # row 7: rejected (account)
        ["Lê Văn An", "1", "BVB", "999"],                  # row 8: rejected, but An is ready anyway
    )
    s = summary(result)
    assert s == {
        "rows_read": 7,
        "accounts": 3,
        "vendors": 2,
        "vendors_not_ready": 2,
        "rows_rejected": 3,
        "rows_skipped": 0,
        "sheets_not_read": 0,
        "rows_left": 0,
        "rows_duplicate": 1,
        # row 8's "999" is also too short (issue 11: VietQR accounts have 6 to 19 characters)
        "rejected_by_reason": {"E-ACCOUNT-CHARS": 1, "E-ACCOUNT-SHORT": 1, "E-BANK-AMBIGUOUS": 1, "E-BANK-UNKNOWN": 1},
        "errors": 4,
        "warnings": 1,
        "banks": {"ACB": 1, "MBBank": 1, "Vietcombank": 1},
        "ready_share": 0.5,
    }
    assert {(r.sheet, r.row) for r in result.rejected} == {("Chợ", 6), ("Chợ", 7), ("Chợ", 8)}
    d = result.to_dict("en")
    assert d["summary"] == s
    assert [v["row"] for v in d["vendors"]] == [2, 3, 4]


def test_summary_ready_share_rounding(sheet_of):
    result = sheet_of(
        ["Lê Văn An", "1", "VCB", "0011012345678"],
        ["Trần Thị Bình", "2", "ACB", "257678859"],
        ["Lê Văn Cường", "3", "xyz", "1"],
    )
    s = summary(result)
    assert (s["vendors"], s["vendors_not_ready"], s["ready_share"]) == (2, 1, 0.6667)


def test_summaries_per_zone(workbook):
    path = workbook({
        "Khu A": [["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"], HEADER, [1, "Lê Văn An", "1", "VCB", "0011012345678"]],
        "Khu B": [HEADER, [1, "Trần Thị Bình", "2", "ACB", "257678859"], [2, "Lê Văn Cường", "3", "xyz", "1"]],
    })
    result = check_file(path)
    rows = check.summaries(result)
    assert [(r["market"], r["zone"], r["vendors"], r["rows_rejected"]) for r in rows] == [
        ("Chợ Đồng Xa", None, 2, 1),
        ("Chợ Đồng Xa", "Khu A", 1, 0),
        ("Chợ Đồng Xa", "Khu B", 1, 1),
    ]


def test_empty_sheet_summary(sheet_of):
    result = sheet_of()
    assert result.vendors == [] and result.problems == []
    s = summary(result)
    assert (s["rows_read"], s["vendors"], s["ready_share"]) == (0, 0, 0.0)
