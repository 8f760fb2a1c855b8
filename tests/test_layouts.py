"""Layouts ward offices really use, in every format: merged data rows, two-row headers, non-vendor rows,
hidden / filtered / struck rows, hidden duplicate columns, a stray cell far below the data."""

from __future__ import annotations

import json

import openpyxl
import pytest
from _sheet_builders import WRITERS, Spec, write, write_xlsx

from qrsign.errors import InputError
from qrsign.intake import sheet
from qrsign.intake.check import summary
from qrsign.render.rules import check_file

KINDS = sorted(WRITERS)
HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]


def rows_of(result) -> list[tuple]:
    return [(vr.row, vr.vendor.name, vr.vendor.bank.short_name, vr.vendor.account) for vr in result.vendors]


def problems_of(result) -> list[tuple]:
    return [(p.row, p.column, p.code) for p in result.problems]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bank_merged_over_five_vendors_applies_to_all_five(tmp_path, kind):
    rows = [HEADER] + [[i, f"Người {chr(64 + i)}", f"A{i}", "Agribank" if i == 1 else None, f"150020512345{i}"]
                       for i in range(1, 6)] + [[6, "Người F", "A6", "ACB", "257678859"]]
    path = write(kind, tmp_path, Spec(rows, merges=[(2, 4, 6, 4)]))
    result = check_file(path)
    expected = [(i + 1, f"Người {chr(64 + i)}", "Agribank", f"150020512345{i}") for i in range(1, 6)]
    assert rows_of(result) == expected + [(7, "Người F", "ACB", "257678859")]
    assert problems_of(result) == []


@pytest.mark.parametrize("kind", KINDS)
def test_name_and_stall_merged_over_two_accounts(tmp_path, kind):
    rows = [HEADER, [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"],
            [None, None, None, "ACB", "257678859"]]
    path = write(kind, tmp_path, Spec(rows, merges=[(2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 3, 3)]))
    result = check_file(path)
    assert [(vr.row, vr.vendor.name, vr.vendor.stall, vr.vendor.account) for vr in result.vendors] == [
        (2, "Nguyễn Thị Hường", "A01", "0011012345678"), (3, "Nguyễn Thị Hường", "A01", "257678859")]
    assert len(result.groups()) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_two_row_header_with_group_title_and_column_numbers(tmp_path, kind):
    rows = [
        ["DANH SÁCH HỘ KINH DOANH CHỢ ĐỒNG XA", None, None, None, None],
        ["STT", "Họ và tên", "Số quầy", "Thông tin tài khoản", None],
        [None, None, None, "Ngân hàng", "Số tài khoản"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        [1, "Trần Văn Bình", "B1", "ACB", "257678859"],
    ]
    merges = [(1, 1, 1, 5), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 3, 3), (2, 4, 2, 5)]
    path = write(kind, tmp_path, Spec(rows, merges=merges))
    result = check_file(path)
    (table,) = result.tables
    assert table.header_row == 3
    assert {k: table.columns[k] for k in ("name", "stall", "bank", "account")} == {
        "name": "B", "stall": "C", "bank": "D", "account": "E"}
    assert rows_of(result) == [(5, "Trần Văn Bình", "ACB", "257678859")]
    assert problems_of(result) == []
    assert summary(result)["rows_skipped"] == 1  # the column-number row
    assert sheet.read(path)[0].market_hint == "Chợ Đồng Xa"


@pytest.mark.parametrize("kind", KINDS)
def test_group_title_row_without_merges_and_english_second_header(tmp_path, kind):
    rows = [
        [None, None, None, "Thông tin tài khoản", None],
        ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["No.", "Full name", "Stall", "Bank", "Account number"],
        [1, 2, 3, 4, 5],
        [1, "Trần Văn Bình", "B1", "ACB", "257678859"],
    ]
    path = write(kind, tmp_path, Spec(rows))
    result = check_file(path)
    assert rows_of(result) == [(5, "Trần Văn Bình", "ACB", "257678859")]
    assert problems_of(result) == []
    assert result.tables[0].skipped == {"header": 2}


def _ward_with_footer() -> Spec:
    return Spec([
        ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["I. KHU THỰC PHẨM", None, None, None, None],
        [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"],
        [2, "Trần Văn Bình", "A02", "ACB", "257678859"],
        [None, "Cộng khu A: 2 hộ", None, None, None],
        ["KHU B", None, None, None, None],
        [3, "Lê Thị Cúc", "B01", "ACB", "257678860"],
        [None, "Tổng cộng", None, None, 3],
        [None, None, None, "Đồng Xa, ngày 12 tháng 11 năm 2026", None],
        [None, "Người lập biểu", None, "TM. BAN QUẢN LÝ CHỢ", None],
        [None, "(Ký, ghi rõ họ tên)", None, "Trưởng ban", None],
        [None, "Nguyễn Văn Lập", None, "Trần Văn Duyệt", None],
    ], merges=[(2, 1, 2, 5), (6, 1, 6, 5)])


@pytest.mark.parametrize("kind", KINDS)
def test_sections_totals_and_signature_block_are_skipped_counted_and_not_rejected(tmp_path, kind):
    path = write(kind, tmp_path, _ward_with_footer())
    result = check_file(path)
    assert [(vr.row, vr.vendor.zone, vr.vendor.account) for vr in result.vendors] == [
        (3, "KHU THỰC PHẨM", "0011012345678"), (4, "KHU THỰC PHẨM", "257678859"), (7, "KHU B", "257678860")]
    assert problems_of(result) == []
    s = summary(result)
    assert (s["rows_read"], s["rows_rejected"], s["rows_skipped"], s["ready_share"]) == (3, 0, 8, 1.0)
    assert result.tables[0].skipped == {"section": 2, "totals": 2, "signature": 4}


def test_the_total_with_a_count_in_the_account_column_is_a_total(tmp_path):
    path = write("xlsx", tmp_path, _ward_with_footer())
    assert check_file(path).tables[0].skipped == {"section": 2, "totals": 2, "signature": 4}


def test_zone_column_wins_over_section_headings(tmp_path):
    rows = [["Khu", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
            ["Dãy B", None, None, None, None],
            ["Khu A", "Lê Văn An", "1", "ACB", "257678859"]]
    result = check_file(write("xlsx", tmp_path, Spec(rows)))
    assert [(vr.vendor.zone, vr.vendor.account) for vr in result.vendors] == [("Khu A", "257678859")]
    assert result.tables[0].skipped == {"section": 1}


def test_a_vendor_without_bank_and_account_is_still_rejected_not_skipped(tmp_path):
    rows = [HEADER, [1, "Lò Văn Khu", "C1", None, None], [None, "Khu Văn Dãy", None, None, None]]
    result = check_file(write("xlsx", tmp_path, Spec(rows)))
    assert problems_of(result)[:2] == [(2, "D", "E-BANK-EMPTY"), (2, "E", "E-ACCOUNT-EMPTY")]
    assert summary(result)["rows_rejected"] == 1


def _hidden_spec() -> Spec:
    return Spec([
        HEADER,
        [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"],
        [2, "Trần Văn Bình", "A02", "ACB", "257678859"],   # hidden (or filtered out)
        [3, "Lê Thị Cúc", "A03", "ACB", "257678860"],      # struck through
        [4, "Phạm Văn Dũng", "A04", "ACB", "257678861"],
    ], hidden={3}, struck={4})


@pytest.mark.parametrize("kind", KINDS)
def test_hidden_and_struck_rows_are_skipped_with_a_warning_and_included_on_request(tmp_path, kind):
    path = write(kind, tmp_path, _hidden_spec())
    result = check_file(path)
    assert [vr.row for vr in result.vendors] == [2, 5]
    assert problems_of(result) == [(3, "B", "W-ROW-HIDDEN"), (4, "B", "W-ROW-STRUCK")]
    assert [p.value for p in result.problems] == ["Trần Văn Bình", "Lê Thị Cúc"]
    s = summary(result)
    assert (s["rows_skipped"], s["warnings"], s["ready_share"]) == (2, 2, 1.0)
    assert "--include-hidden" in result.problems[0].message("vi")
    everything = check_file(path, include_hidden=True)
    assert [vr.row for vr in everything.vendors] == [2, 3, 4, 5]
    assert problems_of(everything) == []


def test_autofilter_hidden_rows_in_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [HEADER, [1, "Lê Văn An", "1", "ACB", "257678859"], [2, "Trần Thị Bình", "2", "MB", "0352350917"]]:
        ws.append(row)
    ws.auto_filter.ref = "A1:E3"
    ws.auto_filter.add_filter_column(3, ["ACB"])
    ws.row_dimensions[3].hidden = True  # what Excel writes for a row the filter hides
    wb.save(tmp_path / "loc.xlsx")
    result = check_file(tmp_path / "loc.xlsx")
    assert [vr.row for vr in result.vendors] == [2]
    assert problems_of(result) == [(3, "B", "W-ROW-HIDDEN")]


def test_cli_include_hidden_on_check_and_build(tmp_path, cli):
    path = write("xls", tmp_path, _hidden_spec())
    run = cli("check", path, "--json")
    assert run.code == 0, run.out  # warnings only
    assert run.json()["summary"]["rows_skipped"] == 2
    run = cli("check", path, "--json", "--include-hidden")
    assert [v["row"] for v in run.json()["vendors"]] == [2, 3, 4, 5]
    run = cli("build", path, "-o", tmp_path / "out", "--json", "--include-hidden", "--date", "2026-12-01")
    assert run.code == 0, run.err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert len(manifest["signs"]) == 4
    run = cli("build", path, "-o", tmp_path / "out2", "--json", "--date", "2026-12-01")
    assert len(json.loads((tmp_path / "out2" / "manifest.json").read_text())["signs"]) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_hidden_old_account_column_beside_the_visible_one(tmp_path, kind):
    rows = [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số tài khoản"],
            ["Lê Văn An", "1", "ACB", "111111111", "257678859"]]
    path = write(kind, tmp_path, Spec(rows, hidden_cols={4}))
    if kind == "html":  # a page has no hidden columns: two account columns stay ambiguous
        with pytest.raises(InputError) as exc:
            check_file(path)
        assert exc.value.code == "E-SHEET-DUP-HEADER"
        return
    result = check_file(path)
    assert rows_of(result) == [(2, "Lê Văn An", "ACB", "257678859")]
    assert problems_of(result) == [(1, "D", "W-COLUMN-HIDDEN")]
    assert "E" in result.problems[0].message("en")


def test_two_visible_account_columns_are_still_ambiguous(tmp_path):
    rows = [["Họ và tên", "Ngân hàng", "Số tài khoản", "Số tài khoản"], ["Lê Văn An", "ACB", "1", "257678859"]]
    with pytest.raises(InputError) as exc:
        check_file(write("xls", tmp_path, Spec(rows)))
    assert exc.value.code == "E-SHEET-DUP-HEADER"


def test_a_stray_cell_far_below_the_data_is_not_too_big(tmp_path):
    spec = Spec([HEADER, [1, "Lê Văn An", "1", "ACB", "257678859"]])
    path = write_xlsx(tmp_path / "stray.xlsx", spec)
    wb = openpyxl.load_workbook(path)
    wb.active["G150000"] = " "
    wb.save(path)
    result = check_file(path, limits=sheet.Limits(rows=1000))
    assert rows_of(result) == [(2, "Lê Văn An", "ACB", "257678859")]
    # the cap still counts rows with content
    wb = openpyxl.load_workbook(path)
    for r in range(3, 10):
        wb.active.append([r, f"N{r}", str(r), "ACB", f"25767886{r}"])
    wb.save(path)
    with pytest.raises(InputError) as exc:
        check_file(path, limits=sheet.Limits(rows=3, header_scan=5))
    assert exc.value.code == "E-SHEET-TOO-MANY-ROWS"


def test_the_signature_block_stops_at_a_vendor_row(tmp_path):
    rows = [HEADER, [1, "Lê Văn An", "1", "ACB", "257678859"], [None, "Người lập biểu", None, None, None],
            [None, "Nguyễn Văn Lập", None, None, None], [2, "Trần Thị Bình", "2", "ACB", "257678860"],
            [3, "Lê Văn Cường", "3", None, None]]
    result = check_file(write("xlsx", tmp_path, Spec(rows)))
    assert [vr.row for vr in result.vendors] == [2, 5]
    assert problems_of(result) == [(6, "D", "E-BANK-EMPTY"), (6, "E", "E-ACCOUNT-EMPTY")]
    assert result.tables[0].skipped == {"signature": 2}


@pytest.mark.parametrize("kind", KINDS + ["csv"])
def test_group_title_row_over_sub_headers_without_merges(tmp_path, kind):
    """The upper row names most fields, the lower one only the two under the group title (no merge at all)."""
    from _sheet_builders import write_tsv

    rows = [
        ["STT", "Họ và tên", "Số quầy", "Thông tin tài khoản", None],
        [None, None, None, "Ngân hàng", "Số tài khoản"],
        [1, "Trần Văn Bình", "B1", "ACB", "257678859"],
    ]
    spec = Spec(rows)
    path = write_tsv(tmp_path / "a.csv", spec, "utf-8") if kind == "csv" else write(kind, tmp_path, spec)
    result = check_file(path)
    (table,) = result.tables
    assert (table.header_row, table.columns["name"], table.columns["account"]) == (2, "B", "E")
    assert rows_of(result) == [(3, "Trần Văn Bình", "ACB", "257678859")]
    assert problems_of(result) == []


@pytest.mark.parametrize("kind", KINDS)
def test_headings_in_the_name_column_and_merged_headings_become_the_zone(tmp_path, kind):
    rows = [
        HEADER,
        [None, "Dãy B", None, None, None],                       # shaped like a heading, in the name column
        [1, "Lê Văn An", "B1", "ACB", "257678859"],
        ["Hàng khô", None, None, None, None],                    # no heading words, but typed across the table
        [2, "Trần Thị Bình", "C1", "ACB", "257678860"],
        [None, "Hàng tươi", None, None, None],                   # neither: a vendor who lost bank and account
    ]
    path = write(kind, tmp_path, Spec(rows, merges=[(4, 1, 4, 5)]))
    result = check_file(path)
    assert [(vr.row, vr.vendor.zone) for vr in result.vendors] == [(3, "Dãy B"), (5, "Hàng khô")]
    assert problems_of(result)[:2] == [(6, "D", "E-BANK-EMPTY"), (6, "E", "E-ACCOUNT-EMPTY")]
    assert result.tables[0].skipped == {"section": 2}


@pytest.mark.parametrize("name", ["Kỳ Văn Hải", "Ký Thị Vân", "Tâm", "Kế Toàn", "Trương Bản"])
def test_names_that_look_a_little_like_signature_words_are_vendors(tmp_path, name):
    rows = [HEADER, [1, name, "1", None, None], [2, "Trần Thị Bình", "2", None, None]]
    result = check_file(write("xlsx", tmp_path, Spec(rows)))
    assert summary(result)["rows_rejected"] == 2 and summary(result)["rows_skipped"] == 0


@pytest.mark.parametrize("line", [
    "(Ký, ghi rõ họ tên)", "(Ký và ghi rõ họ tên)", "Ký tên", "Hà Nội, ngày 12 tháng 11 năm 2026",
    "Xác nhận của UBND phường", "TM. BAN QUẢN LÝ", "T/M Ban quản lý chợ", "Trưởng ban",
])
def test_signature_lines(tmp_path, line):
    rows = [HEADER, [1, "Lê Văn An", "1", "ACB", "257678859"], [None, line, None, None, None],
            [None, "Nguyễn Văn Ký", None, None, None]]
    result = check_file(write("xlsx", tmp_path, Spec(rows)))
    assert result.tables[0].skipped == {"signature": 2}
    assert summary(result)["ready_share"] == 1.0
