"""``--market`` names a whole market (accents and case folded, "Chợ" optional), never a part of one.

"Chợ Hàng" must not take in "Chợ Hàng Da": a ``diff`` or ``build --since`` would
then list Chợ Hàng Da's working signs for withdrawal.
"""

from __future__ import annotations

import json

import pytest

from conftest import make_workbook

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Chợ"]
ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "Chợ Hàng"],
    [2, "Trần Văn Nam", "A02", "MB", "0352350917", "Chợ Hàng"],
    [3, "Lý Thị Bích", "H01", "VPBank", "123456789", "Chợ Hàng Da"],
    [4, "Vũ Văn Hải", "H02", "Agribank", "1500205123456", "chợ hàng da"],
]


@pytest.fixture(scope="module")
def old_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("market")
    from conftest import run_cli

    sheet = make_workbook(root / "v1.xlsx", {"Danh sách": [HEADER, *ROWS]})
    r = run_cli("build", sheet, "-o", root / "v1", "--date", "2026-01-15", "-j", "1", "--no-checklist")
    assert r.code == 0, r.err
    return root


def _stalls(entries) -> list[str]:
    return sorted(e["stall"] for e in entries)


@pytest.mark.parametrize("typed", ["Chợ Hàng", "chợ hàng", "CHO HANG", "Hàng", "hang"])
def test_check_takes_the_whole_market_only(old_build, cli, typed):
    r = cli("check", old_build / "v1.xlsx", "--market", typed, "--json")
    assert r.code == 0, r.err
    assert _stalls(r.json()["vendors"]) == ["A01", "A02"]


@pytest.mark.parametrize("typed", ["Chợ Hàng Da", "hàng da", "CHO HANG DA"])
def test_check_of_the_longer_name_takes_its_own_rows(old_build, cli, typed):
    r = cli("check", old_build / "v1.xlsx", "--market", typed, "--json")
    assert _stalls(r.json()["vendors"]) == ["H01", "H02"]


def test_a_part_of_a_name_is_not_a_market(old_build, cli):
    r = cli("check", old_build / "v1.xlsx", "--market", "Chợ Hàng D", "--lang", "en")
    assert r.code == 2
    assert "Chợ Hàng Da" in r.err  # the message lists the markets there are


def test_build_takes_the_whole_market_only(old_build, cli, tmp_path):
    r = cli("build", old_build / "v1.xlsx", "-o", tmp_path / "out", "--market", "Chợ Hàng", "-j", "1",
            "--no-checklist", "--date", "2026-01-15")
    assert r.code == 0, r.err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert _stalls(manifest["signs"]) == ["A01", "A02"]


def _new_sheet(path):
    """A year later, Chợ Hàng's list: A02 left. Chợ Hàng Da's list is a separate file, not given here."""
    return make_workbook(path, {"Danh sách": [HEADER, ROWS[0]]})


def test_diff_of_one_market_never_withdraws_another_markets_signs(old_build, cli, tmp_path):
    r = cli("diff", old_build / "v1", _new_sheet(tmp_path / "v2.xlsx"), "--market", "Chợ Hàng", "--json")
    assert r.code in (0, 1), r.err
    d = r.json()
    assert _stalls(d["withdraw"]) == ["A02"]
    assert _stalls(d["unchanged"]) == ["A01"]


def test_build_since_of_one_market_never_withdraws_another_markets_signs(old_build, cli, tmp_path):
    r = cli("build", _new_sheet(tmp_path / "v2.xlsx"), "-o", tmp_path / "v2", "--since", old_build / "v1",
            "--market", "Chợ Hàng", "-j", "1", "--date", "2027-01-20", "--json")
    assert r.code == 0, r.err
    manifest = json.loads((tmp_path / "v2" / "manifest.json").read_text(encoding="utf-8"))
    assert _stalls(manifest["withdraw"]) == ["A02"]
    assert _stalls(manifest["kept"]) == ["A01"]
