"""--market that matches nothing, the ready share, and the closing hint that must never point at nothing."""

from __future__ import annotations

from qrsign.intake.check import summary
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

HEADER = ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Chợ"]
EN = {"QRSIGN_LANG": "en"}


def _markets(tmp_path):
    return make_workbook(tmp_path / "cho.xlsx", {"DS": [
        HEADER,
        ["Lê Văn An", "1", "VCB", "0011004567891", "Chợ Bến Thành"],
        ["Trần Thị Bình", "2", "VCB", "0011004567892", "Chợ Đồng Xa"],
    ]})


def test_market_matching_no_row_is_exit_2_naming_the_markets(tmp_path):
    path = _markets(tmp_path)
    for command in (["check", path], ["build", path, "-o", tmp_path / "out"]):
        run = run_cli(*command, "--market", "Chợ Hôm", env=EN)
        assert run.code == 2, run.err
        assert "No row belongs to market “Chợ Hôm”" in run.err
        assert "Chợ Bến Thành, Chợ Đồng Xa" in run.err
    assert not (tmp_path / "out" / "manifest.json").exists()
    assert run_cli("check", path, "--market", "dong xa", env=EN).code == 0


def test_ready_share_counts_rows():
    from qrsign.intake import sheet
    from qrsign.intake.check import check_tables

    rows = [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
            ["Lê Văn An", "1", "VCB", "0011004567891"], ["Lê Văn An", "1", "MB", "0352350917"],
            ["Lê Văn An", "1", "MB", "0352350917"],  # an exact repeat: neither ready nor rejected
            ["Trần Thị Bình", "2", "xyz", "0011004567893"]]
    from qrsign.intake.cells import SourceCell, SourceRow, SourceSheet

    source = SourceSheet("Chợ", iter(SourceRow(n, [SourceCell(v, "s") for v in r]) for n, r in enumerate(rows, 1)))
    table = sheet._table(source, sheet.DEFAULT_LIMITS)
    s = summary(check_tables([table]))
    # 2 vendor rows / (2 vendor rows + 1 rejected row); by people it would be 1 / 2
    assert (s["accounts"], s["rows_rejected"], s["rows_duplicate"], s["ready_share"]) == (2, 1, 1, 0.6667)


def test_no_hint_above_nothing(tmp_path):
    empty = make_workbook(tmp_path / "trong.xlsx", {"DS": [HEADER]})
    run = run_cli("build", empty, "-o", tmp_path / "o1", env=EN)
    assert run.code == 2
    assert "problems above" not in run.err and "no vendor rows" in run.err
    assert run.out == ""


def test_hint_comes_after_the_problems(tmp_path):
    bad = make_workbook(tmp_path / "loi.xlsx", {"DS": [HEADER, ["Lê Văn An", "1", "xyz", "0011004567891", "Chợ A"]]})
    run = run_cli("build", bad, "-o", tmp_path / "o2", env=EN)
    assert run.code == 2
    assert "Fix the problems above" in run.err
    assert "✗ sheet “DS”, row 2, column C (bank): Unknown bank “xyz”" in run.out


def test_check_result_market_filter_keeps_rows(tmp_path):
    result = check_file(_markets(tmp_path), market="Bến Thành")
    assert [vr.row for vr in result.vendors] == [2]
