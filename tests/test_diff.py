"""``qrsign diff`` (issue 15): which printed signs are still true a year later."""

from __future__ import annotations

import json

import pytest
from year_later import FIXTURE, V1, V2, sheet

from qrsign.lifecycle import diff as diffmod
from qrsign.render.rules import check_file

from conftest import run_cli


@pytest.fixture(scope="module")
def v1(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff")
    out = root / "v1"
    assert run_cli("build", sheet(root / "v1.xlsx", V1), "-o", out, "--date", "2026-01-15", "-j", "1").code == 1
    return {"root": root, "out": out, "v2": sheet(root / "v2.xlsx", V2),
            "manifest": json.loads((out / "manifest.json").read_text(encoding="utf-8"))}


def _ids(manifest: dict) -> dict[str, str]:
    return {s["stall"]: s["sign_id"] for s in manifest["signs"]}


def test_manifest_has_a_schema(v1):
    assert v1["manifest"]["schema"] == diffmod.SCHEMA == 2
    assert "schema" not in json.loads(FIXTURE.read_text(encoding="utf-8"))  # qrsign 0.1 wrote none


@pytest.mark.parametrize("old", ["built", "fixture"])
def test_diff_lists_every_kind_of_change(v1, old):
    path = v1["out"] / "manifest.json" if old == "built" else FIXTURE
    run = run_cli("diff", path, v1["v2"], "--json")
    assert run.code == 1, run.err  # the new sheet has a rejected row (unknown bank)
    d = run.json()
    ids = _ids(v1["manifest"])
    assert d["counts"] == {"reprint": 4, "new": 2, "withdraw": 2, "pending": 0, "unchanged": 5, "renamed_bank": 0}
    reprint = {r["stall"]: r for r in d["reprint"]}
    assert {k: r["reasons"] for k, r in reprint.items()} == {
        "A02": ["account"], "A03": ["bank"], "A05": ["name"], "B07": ["stall"]}
    assert {k: r["sign_id"] for k, r in reprint.items()} == {
        "A02": ids["A02"], "A03": ids["A03"], "A05": ids["A05"], "B07": ids["B01"]}  # the OLD sign IDs
    assert reprint["A03"]["old"]["bank"] == "Techcombank" and reprint["A03"]["new"]["bank"] == "ACB"
    assert reprint["A05"]["old"]["holder"] == reprint["A05"]["new"]["holder"] == "HOANG THI PHUONG"
    assert reprint["A02"]["new"]["sign_id"] != ids["A02"]
    assert sorted((n["stall"], n["name"]) for n in d["new"]) == [("B05", "Đặng Thị Hoa"), ("H02", "Trịnh Văn Long")]
    assert sorted((w["stall"], w["sign_id"]) for w in d["withdraw"]) == [("A04", ids["A04"]), ("B04", ids["B04"])]
    assert sorted(u["stall"] for u in d["unchanged"]) == ["A01", "B02", "B03", "H01", "H01"]
    assert set(d) >= {"schema", "old", "counts", "reprint", "new", "withdraw", "pending", "unchanged", "renamed_bank"}
    assert d["old"]["schema"] == (2 if old == "built" else 1)


def test_readable_summary_in_both_languages(v1):
    vi = run_cli("diff", v1["out"], v1["v2"])
    assert "In lại 4 biển:" in vi.out and "quầy B07 · Đỗ Thị Lan: đổi quầy" in vi.out
    assert "Thu hồi 2 biển" in vi.out and "--since" in vi.out
    en = run_cli("diff", v1["out"], v1["v2"], "--lang", "en")
    assert "Reprint 4 signs:" in en.out and "stall A03 · Lê Thị Mai: bank changed" in en.out
    assert "Take down 2 signs" in en.out and "Unchanged: 5 signs." in en.out


def test_the_same_sheet_changes_nothing(v1, tmp_path):
    run = run_cli("diff", v1["out"], sheet(tmp_path / "same.xlsx", V1[:11]), "--json")
    assert run.code == 0
    assert run.json()["counts"] == {"reprint": 0, "new": 0, "withdraw": 0, "pending": 0, "unchanged": 11,
                                    "renamed_bank": 0}
    assert "Không có biển nào" in run_cli("diff", v1["out"], tmp_path / "same.xlsx").out


def test_a_rejected_row_does_not_withdraw_a_sign_that_still_pays(v1, tmp_path):
    """A typo in this year's list (bank unknown) must not put the stall's sign on the withdraw list."""
    rows = [r if r[2] != "A04" else [4, "Phạm Văn Đức", "A04", "ACBB Bank", "257678859", r[5], r[6]] for r in V1]
    run = run_cli("diff", v1["out"], sheet(tmp_path / "typo.xlsx", rows), "--json")
    assert run.code == 1
    d = run.json()
    assert [p["stall"] for p in d["pending"]] == ["A04"]
    assert "A04" not in [w["stall"] for w in d["withdraw"]]


def test_renamed_bank_on_a_manifest_showing_an_old_name(v1, tmp_path):
    old = json.loads(FIXTURE.read_text(encoding="utf-8"))
    b03 = next(s for s in old["signs"] if s["stall"] == "B03")
    b03["bank"] = "OceanBank"  # printed before OceanBank became MBV
    # a sign printed when 970444 was still CB Bank (now VCBNeo): same BIN, the payer's app shows the new name
    old["signs"].append({**b03, "stall": "B09", "name": "Cao Thị Yến", "holder": "CAO THI YEN", "bank_bin": "970444",
                         "bank": "CB Bank", "account": "5550001112", "payload": "x", "sign_id": "CBBK-0001"})
    rows = [*V2, [14, "Cao Thị Yến", "B09", "970444", "5550001112", "Chợ Đồng Xa", "Khu B"]]
    result = check_file(sheet(tmp_path / "v2b.xlsx", rows))
    cb = next(vr for vr in result.vendors if vr.vendor.stall == "B09")
    old["signs"][-1]["payload"] = cb.vendor.payload
    d = diffmod.diff(old, result)
    renamed = {r["stall"]: r for r in d.renamed_bank}
    assert set(renamed) == {"B03", "B09"}
    assert renamed["B03"]["bank_shown"] == "OceanBank" and renamed["B03"]["bank_now"] == "MBV"
    assert renamed["B09"]["bank_shown"] == "CB Bank" and renamed["B09"]["bank_now"] == "VCBNeo"
    assert renamed["B09"]["sign_id"] == "CBBK-0001"
    assert renamed["B09"]["year_ended"] in (2025, None)  # 2025 in diff's table; the directory's may differ
    assert {"B03", "B09"} <= {u["stall"] for u in d.unchanged}  # still pays: not a reprint by itself
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    en = run_cli("diff", path, tmp_path / "v2b.xlsx", "--lang", "en")
    assert "the sign shows “CB Bank”, now VCBNeo (sign CBBK-0001)" in en.out


def test_renamed_uses_the_directory_former_names_when_it_has_them(monkeypatch):
    from qrsign.core import banks

    class Bank:
        short_name = "NewName"
        former = (banks.FormerName("Old Name Bank", 2019),)

    monkeypatch.setattr(banks, "by_bin", lambda b: Bank())
    assert diffmod.renamed("970999", "Old Name Bank") == {"bank_shown": "Old Name Bank", "bank_now": "NewName",
                                                          "year_ended": 2019}
    assert diffmod.renamed("970999", "NewName") is None


def test_current_names_are_not_renamed():
    assert diffmod.renamed("970436", "Vietcombank") is None
    assert diffmod.renamed("970414", "MBV") is None
    assert diffmod.renamed("970449", "LienVietPostBank")["bank_now"] == "LPBank"


def test_market_filter(v1):
    run = run_cli("diff", v1["out"], v1["v2"], "--market", "Hàng Da", "--json")
    d = run.json()
    assert d["counts"]["withdraw"] == 0 and [n["stall"] for n in d["new"]] == ["H02"]
    assert sorted(u["stall"] for u in d["unchanged"]) == ["H01", "H01"]


def test_unusable_input_is_exit_2(v1, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    run = run_cli("diff", bad, v1["v2"])
    assert run.code == 2 and "manifest" in run.err
    assert run_cli("diff", tmp_path / "missing.json", v1["v2"]).code == 2
    assert run_cli("diff", v1["out"], tmp_path / "missing.xlsx").code == 2


def test_new_commands_run_as_python_m():
    """``python -m qrsign.cli`` must define every command block before it runs (build --since uses them)."""
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": root}
    for cmd in ("diff", "report"):
        run = subprocess.run([sys.executable, "-m", "qrsign.cli", cmd, "--help"], capture_output=True, text=True,
                             env=env, timeout=60)
        assert run.returncode == 0, run.stderr


def test_renames_come_from_the_bank_directory_alone(monkeypatch):
    """One table of renames: ``banks.csv``'s ``former`` column. A rename the directory learns is what diff reports,
    and a name the directory does not list as former is not invented by a second table."""
    import dataclasses

    from qrsign.core import banks

    real = banks.by_bin("970414")
    assert real is not None
    moved = dataclasses.replace(real, former=(banks.FormerName("Ngân hàng Thử Nghiệm", 2031),))
    monkeypatch.setattr(diffmod.banks, "by_bin", lambda b: moved if b == "970414" else banks.by_bin(b))
    assert diffmod.renamed("970414", "Ngân hàng Thử Nghiệm") == {
        "bank_shown": "Ngân hàng Thử Nghiệm", "bank_now": real.short_name, "year_ended": 2031}
    assert diffmod.renamed("970414", "OceanBank")["year_ended"] is None  # no longer former: no year from elsewhere
    assert diffmod.renamed("970414", real.short_name) is None
