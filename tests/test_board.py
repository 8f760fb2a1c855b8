"""``qrsign report MANIFEST… -o FILE.xlsx`` (issue 15): the board's figures, the same as the build summaries."""

from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from year_later import FIXTURE, V1, V2, sheet

from qrsign.workbooks import board

from conftest import run_cli


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("board")
    v1, v2 = root / "v1", root / "v2"
    first = run_cli("build", sheet(root / "v1.xlsx", V1), "-o", v1, "--date", "2026-01-15", "-j", "1", "--json")
    second = run_cli("build", sheet(root / "v2.xlsx", V2), "-o", v2, "--since", v1, "--date", "2027-01-20",
                     "-j", "1", "--json")
    return {"root": root, "v1": v1, "v2": v2, "s1": first.json(), "s2": second.json()}


def _figures(ws) -> dict[str, object]:
    """Label → value of the province sheet's figure block (rows 4…)."""
    out = {}
    for r in range(4, 4 + len(board.COLUMNS)):
        out[ws.cell(r, 1).value] = ws.cell(r, 2).value
    return out


def test_one_build_gives_its_own_summary(builds, tmp_path):
    report = tmp_path / "r.xlsx"
    run = run_cli("report", builds["v1"], "-o", report, "--json", "--lang", "en")
    assert run.code == 0, run.err
    data = run.json()
    s = builds["s1"]["summary"]  # what `build` printed and wrote
    p = data["province"]
    for k in ("rows_read", "vendors", "vendors_not_ready", "accounts", "rows_rejected", "ready_share", "banks",
              "rejected_by_reason", "errors", "warnings"):
        assert p[k] == s[k], k
    assert p["signs"] == builds["s1"]["signs"] == 11
    assert p["wallet_accounts"] == 1  # Viettel Money
    markets = {m["market"]: m for m in data["markets"]}
    for entry in builds["s1"]["markets"]:
        if entry["zone"] is None:
            for k in ("vendors", "vendors_not_ready", "accounts", "rows_rejected", "ready_share", "banks"):
                assert markets[entry["market"]][k] == entry[k]
    ws = openpyxl.load_workbook(report)["Province"]
    figures = _figures(ws)
    assert figures["Vendors ready"] == s["vendors"] == 10
    assert figures["Vendors not ready"] == s["vendors_not_ready"] == 1
    assert figures["Ready share"] == s["ready_share"]
    assert figures["Signs printed by that build"] == figures["Signs hanging (kept + reprinted + new)"] == 11


def test_a_year_later_the_newest_build_counts_and_reprints_show(builds, tmp_path):
    report = tmp_path / "r.xlsx"
    run = run_cli("report", builds["v1"], builds["v2"] / "manifest.json", "-o", report, "--json")
    assert run.code == 0
    data = run.json()
    s2 = builds["s2"]
    assert data["province"]["vendors"] == s2["summary"]["vendors"]
    assert data["province"]["ready_share"] == s2["summary"]["ready_share"]
    assert data["province"]["rejected_by_reason"] == {"E-BANK-UNKNOWN": 1}
    assert (data["province"]["reprint"], data["province"]["new"], data["province"]["withdraw"]) == (4, 2, 2)
    assert data["province"]["signs"] == s2["signs"] == 6
    # what hangs after the --since build: kept + reprinted + new (the withdrawn ones do not)
    assert data["province"]["signs_hanging"] == data["province"]["accounts"] == 11
    assert (data["province"]["kept"], data["province"]["reprint"] + data["province"]["new"]) == (5, 6)
    markets = {m["market"]: m for m in data["markets"]}
    assert (markets["Chợ Đồng Xa"]["signs_hanging"], markets["Chợ Hàng Da"]["signs_hanging"]) == (8, 3)
    zones_ = {(z["market"], z["zone"]): z["signs_hanging"] for z in data["zones"]}
    assert zones_ == {("Chợ Đồng Xa", "Khu A"): 4, ("Chợ Đồng Xa", "Khu B"): 4, ("Chợ Hàng Da", "Khu 1"): 3}
    sheet_ = openpyxl.load_workbook(report)["Theo chợ"]
    header = [c.value for c in sheet_[1]]
    rows = {sheet_.cell(r, 1).value: r for r in range(2, sheet_.max_row + 1)}
    hanging = header.index("Biển đang treo (giữ lại + in lại + mới)") + 1
    assert sheet_.cell(rows["Chợ Đồng Xa"], hanging).value == 8
    assert sheet_.cell(rows["Chợ Đồng Xa"], header.index("Biển in trong lần in này") + 1).value == 5
    assert (markets["Chợ Đồng Xa"]["reprint"], markets["Chợ Đồng Xa"]["withdraw"]) == (4, 2)
    assert markets["Chợ Hàng Da"]["new"] == 1 and markets["Chợ Hàng Da"]["date"] == "2027-01-20"
    zones = {(z["market"], z["zone"]): z for z in data["zones"]}
    assert set(zones) == {("Chợ Đồng Xa", "Khu A"), ("Chợ Đồng Xa", "Khu B"), ("Chợ Hàng Da", "Khu 1")}
    assert zones[("Chợ Đồng Xa", "Khu B")]["withdraw"] == 1
    # the order does not matter: the newer build wins
    again = run_cli("report", builds["v2"], builds["v1"], "-o", tmp_path / "r2.xlsx", "--json").json()
    assert again["province"] == data["province"]


def test_the_workbook_has_three_levels_and_native_charts(builds, tmp_path):
    report = tmp_path / "bao-cao.xlsx"
    assert run_cli("report", builds["v1"], builds["v2"], "-o", report).code == 0
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["Toàn tỉnh", "Theo chợ", "Theo khu"]
    with zipfile.ZipFile(report) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 4  # banks and reasons (province), one per market and zone sheet
        assert any(b"<pieChart>" in z.read(n) for n in charts)
        assert all(b"<barChart>" in z.read(n) or b"<pieChart>" in z.read(n) for n in charts)
    markets = wb["Theo chợ"]
    header = [c.value for c in markets[1]]
    rows = {markets.cell(r, 1).value: r for r in range(2, markets.max_row + 1)}
    col = header.index("Tiểu thương sẵn sàng") + 1
    assert markets.cell(rows["Chợ Đồng Xa"], col).value == 8
    assert markets.cell(rows["Toàn tỉnh"], col).value == 10
    assert markets.cell(rows["Chợ Hàng Da"], header.index("Tỉ lệ sẵn sàng") + 1).number_format == "0%"


def test_reads_a_0_1_manifest(tmp_path):
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    run = run_cli("report", FIXTURE, "-o", tmp_path / "r.xlsx", "--json")
    assert run.code == 0
    assert run.json()["province"]["vendors"] == fixture["summary"]["vendors"]
    assert run.json()["province"]["reprint"] == 0


def test_market_names_are_text_never_formulas(tmp_path):
    m = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for e in m["markets"]:
        e["market"] = "=HYPERLINK(\"http://x\")" if e["market"] == "Chợ Hàng Da" else e["market"]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(m, ensure_ascii=False), encoding="utf-8")
    assert run_cli("report", path, "-o", tmp_path / "r.xlsx").code == 0
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Theo chợ"]
    values = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert all(ws.cell(r, 1).data_type == "s" for r in range(2, ws.max_row + 1))


def test_bad_input_is_exit_2(tmp_path):
    assert run_cli("report", tmp_path / "none.json", "-o", tmp_path / "r.xlsx").code == 2
    assert run_cli("report", FIXTURE, "-o", tmp_path / "r.csv").code == 2
    assert not (tmp_path / "r.csv").exists()
    no_summary = tmp_path / "m.json"
    no_summary.write_text('{"signs": []}', encoding="utf-8")
    run = run_cli("report", no_summary, "-o", tmp_path / "r.xlsx")
    assert run.code == 2 and "markets" in run.err


def test_market_rows_say_why_rows_were_rejected(builds, tmp_path):
    report = tmp_path / "r.xlsx"
    assert run_cli("report", builds["v1"], "-o", report, "--lang", "en").code == 0
    ws = openpyxl.load_workbook(report)["Markets"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    why = header.index("Why rejected") + 1
    assert ws.cell(rows["Chợ Hàng Da"], why).value == "unknown bank 1"
    assert ws.cell(rows["Chợ Đồng Xa"], why).value in (None, "")
    assert ws.cell(rows["All markets"], header.index("Rows rejected") + 1).value == 1


def test_memory_stays_flat_in_the_number_of_markets(tmp_path):
    """Each manifest is digested as it is read: what ``load`` keeps per market does not grow with its signs."""
    import tracemalloc

    def manifest(n: int, signs: int) -> dict:
        market = f"Chợ {n}"
        entries = [{"row": i, "stall": f"A{i}", "name": f"Nguyễn Thị Hường {i}", "holder": "NGUYEN THI HUONG",
                    "bank_bin": "970436", "bank": "Vietcombank", "account": f"{n:04d}{i:08d}", "market": market,
                    "zone": "Khu A", "payload": "0002010102113857" + "0" * 80, "sign_id": f"{n:04d}-{i:04d}",
                    "file": "a.pdf", "page": i} for i in range(signs)]
        whole = {"market": market, "zone": None, "vendors": signs, "accounts": signs, "banks": {"Vietcombank": signs}}
        return {"date": "2026-12-01", "signs": entries, "markets": [whole]}

    def retained(signs: int) -> int:
        paths = []
        for n in range(20):
            path = tmp_path / f"s{signs}-{n}.json"
            path.write_text(json.dumps(manifest(n, signs), ensure_ascii=False), encoding="utf-8")
            paths.append(path)
        tracemalloc.start()
        try:
            loaded = board.load(paths)
            kept, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert board.board(loaded).province.signs_hanging == 20 * signs
        return kept

    small, big = retained(10), retained(250)
    assert big < small * 1.5 + 20_000  # 25 times the signs, about the same memory (whole manifests: ~20×)
