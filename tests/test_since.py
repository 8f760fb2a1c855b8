"""``qrsign build NEW -o DIR --since OLD_MANIFEST`` (issue 15): only the signs that changed, and a withdraw list."""

from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest
from year_later import FIXTURE, V1, V2, sheet

from conftest import decode_pdf, pdf_text, run_cli


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("since")
    v1 = root / "bien-2026"
    assert run_cli("build", sheet(root / "v1.xlsx", V1), "-o", v1, "--date", "2026-01-15", "-j", "1").code == 1
    v2 = root / "bien-2027"
    run = run_cli("build", sheet(root / "v2.xlsx", V2), "-o", v2, "--since", v1 / "manifest.json",
                  "--date", "2027-01-20", "-j", "1", "--json")
    assert run.code == 1, run.err  # the new sheet has a rejected row
    load = lambda p: json.loads((p / "manifest.json").read_text(encoding="utf-8"))  # noqa: E731
    return {"root": root, "v1": v1, "v2": v2, "m1": load(v1), "m2": load(v2), "json": run.json()}


def test_only_reprints_and_new_signs_are_built(builds):
    m1, m2 = builds["m1"], builds["m2"]
    built = sorted(s["stall"] for s in m2["signs"])
    assert built == ["A02", "A03", "A05", "B05", "B07", "H02"]
    payloads = {s["payload"] for s in m2["signs"]}
    on_paper = set()
    for f in m2["files"]:
        if f["kind"] == "signs":
            on_paper |= {code for page in decode_pdf(builds["v2"] / f["file"]) for code in page}
    assert on_paper == payloads  # every built sign decodes, and nothing else is printed
    assert not payloads & {s["payload"] for s in m1["signs"] if s["stall"] in ("A01", "B02", "B03", "H01")}
    checklist_ids = {i for c in m2["checklists"] for i in c["sign_ids"]}
    assert checklist_ids == {s["sign_id"] for s in m2["signs"]}


def test_manifest_records_the_comparison(builds):
    m1, m2 = builds["m1"], builds["m2"]
    old = {s["stall"]: s["sign_id"] for s in m1["signs"]}
    new = {s["stall"]: s["sign_id"] for s in m2["signs"]}
    assert m2["schema"] == 2 and m2["since"]["date"] == "2026-01-15"
    assert {r["stall"]: (r["old_sign_id"], r["sign_id"]) for r in m2["reprint"]} == {
        "A02": (old["A02"], new["A02"]), "A03": (old["A03"], new["A03"]), "A05": (old["A05"], new["A05"]),
        "B07": (old["B01"], new["B07"])}
    assert sorted(m2["new"]) == sorted([new["B05"], new["H02"]])
    assert sorted(s["stall"] for s in m2["kept"]) == ["A01", "B02", "B03", "H01", "H01"]
    assert [(w["stall"], w["name"], w["sign_id"]) for w in m2["withdraw"]] == [
        ("A04", "Phạm Văn Đức", old["A04"]), ("B04", "Bùi Văn Tâm", old["B04"])]
    assert set(m2["withdraw"][0]) >= {"stall", "name", "holder", "sign_id", "bank", "account", "market", "zone"}
    assert builds["json"]["withdraw"] == m2["withdraw"] and builds["json"]["replaced"] == m2["replaced"]
    withdraw_file = [f for f in m2["files"] if f["kind"] == "withdraw"]
    assert [f["file"] for f in withdraw_file] == ["thu-hoi.pdf"]


def test_withdraw_pdf_lists_the_gone_signs_and_the_old_copy_of_every_reprint(builds):
    """Vendors gone, and every reprinted sign's old copy (new account, bank, name, a stall move) with its OLD
    sign ID and the new sign that replaces it."""
    m1, m2 = builds["m1"], builds["m2"]
    old = {s["stall"]: s for s in m1["signs"]}
    new = {s["stall"]: s for s in m2["signs"]}
    lines = [line for page in pdf_text(builds["v2"] / "thu-hoi.pdf") for line in page.splitlines()]
    rows = {re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}(?:-\d+)?\b", line)[0]: line for line in lines
            if re.search(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", line)}
    taken_down = {w["sign_id"] for w in m2["withdraw"]} | {old[s]["sign_id"] for s in ("A02", "A03", "A05", "B01")}
    assert set(rows) == taken_down
    assert [r["sign_id"] for r in m2["replaced"]] == [r["old_sign_id"] for r in m2["reprint"]]
    assert "Không còn trong danh sách" in rows[old["A04"]["sign_id"]]
    assert f"Đã in lại: biển {new['A02']['sign_id']}" in rows[old["A02"]["sign_id"]]
    # the moved sign is listed at its old stall, with the new stall and the new sign's ID
    assert "B01" in rows[old["B01"]["sign_id"]] and f"Sang quầy B07: biển {new['B07']['sign_id']}" in rows[
        old["B01"]["sign_id"]]
    text = "\n".join(lines)
    assert "Phạm Văn Đức" in text and "Bùi Văn Tâm" in text and "Đã thu hồi" in text
    for stall in ("A01", "B02", "B03"):  # unchanged signs stay up
        assert old[stall]["sign_id"] not in text
    with pdfium.PdfDocument(str(builds["v2"] / "thu-hoi.pdf")) as pdf:
        image = pdf[0].render(scale=1).to_pil().convert("RGB")
    colours = {c for _, c in image.getcolors(1 << 20)}
    assert all(r == g == b for r, g, b in colours)  # black on white only: photocopies well


def test_a_sign_reprinted_with_the_same_code_gets_a_new_id_and_diff_agrees(builds):
    """A stall move (B01 → B07) and a corrected name (A05) keep the code: the new sign's ID gets a version
    suffix, so the old sign (still at B01) and the new one differ on paper; unchanged signs keep theirs."""
    m1, m2 = builds["m1"], builds["m2"]
    old = {s["stall"]: s["sign_id"] for s in m1["signs"]}
    new = {s["stall"]: s["sign_id"] for s in m2["signs"]}
    assert new["B07"] == old["B01"] + "-2" and new["A05"] == old["A05"] + "-2"
    assert new["A02"] != old["A02"] and "-" not in new["A02"][5:]  # a new code: a new ID, no suffix
    assert {s["stall"]: s["sign_id"] for s in m2["kept"]}["A01"] == old["A01"]
    with pdfium.PdfDocument(str(builds["v2"] / next(s["file"] for s in m2["signs"] if s["stall"] == "B07"))) as pdf:
        page = next(s["page"] for s in m2["signs"] if s["stall"] == "B07")
        assert new["B07"] in pdf[page - 1].get_textpage().get_text_range()  # printed on the sign
    run = run_cli("diff", builds["v1"], builds["root"] / "v2.xlsx", "--json")
    reprints = {r["stall"]: r for r in run.json()["reprint"]}
    assert reprints["B07"]["new"]["sign_id"] == new["B07"] and reprints["A05"]["new"]["sign_id"] == new["A05"]
    assert {r["sign_id"]: r["old_sign_id"] for r in m2["reprint"]}[new["B07"]] == old["B01"]


def test_the_build_folder_still_verifies(builds):
    run = run_cli("verify", builds["v2"], "--json")
    assert run.code == 0, run.out
    assert run.json()["qr_found"] == 2 * len(builds["m2"]["signs"])  # each sign and its checklist row


def test_patrol_against_a_since_build_knows_the_kept_signs(builds, tmp_path):
    """Signs kept from last year hang in the market: a photo of one is ok against this year's manifest."""
    s = next(s for s in builds["m1"]["signs"] if s["stall"] == "A01")
    with pdfium.PdfDocument(str(builds["v1"] / s["file"])) as pdf:
        pdf[s["page"] - 1].render(scale=1.5).to_pil().convert("RGB").save(tmp_path / "A01.jpg")
    w = next(s for s in builds["m1"]["signs"] if s["stall"] == "A04")  # withdrawn, still hanging
    with pdfium.PdfDocument(str(builds["v1"] / w["file"])) as pdf:
        pdf[w["page"] - 1].render(scale=1.5).to_pil().convert("RGB").save(tmp_path / "A05.jpg")
    run = run_cli("verify", tmp_path, "--against", builds["v2"], "--json")
    stalls = {x["stall"]: x for x in run.json()["stalls"]}
    assert stalls["A01"]["status"] == "ok"
    assert stalls["A05"]["status"] == "foreign"  # the old sign of a vendor who left, hung at A05
    assert "A04" not in stalls  # withdrawn signs are not this year's stalls


def test_nothing_changed_builds_nothing_and_writes_no_withdraw_list(builds, tmp_path):
    out = tmp_path / "again"
    run = run_cli("build", sheet(tmp_path / "same.xlsx", V1[:11]), "-o", out, "--since", builds["v1"],
                  "--date", "2027-01-20", "-j", "1", "--json")
    assert run.code == 0, run.err
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["signs"] == [] and m["withdraw"] == [] and len(m["kept"]) == 11
    assert not (out / "thu-hoi.pdf").exists()


def test_since_reads_a_0_1_manifest(builds, tmp_path):
    out = tmp_path / "from-fixture"
    run = run_cli("build", builds["root"] / "v2.xlsx", "-o", out, "--since", FIXTURE, "-j", "1", "--lang", "en")
    assert run.code == 1
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(s["stall"] for s in m["signs"]) == ["A02", "A03", "A05", "B05", "B07", "H02"]
    assert len(m["withdraw"]) == 2 and m["since"]["schema"] == 1
    assert "4 reprinted, 2 new, 5 unchanged, 2 to take down." in run.out


def test_since_may_not_be_the_output_folder_itself(builds, tmp_path):
    """The new build would overwrite the old manifest and delete the PDFs of the signs still hanging."""
    before = sorted(p.name for p in builds["v1"].rglob("*"))
    run = run_cli("build", builds["root"] / "v2.xlsx", "-o", builds["v1"], "--since", builds["v1"] / "manifest.json")
    assert run.code == 2 and "--since" in run.err
    assert sorted(p.name for p in builds["v1"].rglob("*")) == before


def test_since_with_an_unreadable_manifest_is_exit_2(builds, tmp_path):
    bad = tmp_path / "m.json"
    bad.write_text('{"signs": "no"}', encoding="utf-8")
    run = run_cli("build", builds["root"] / "v2.xlsx", "-o", tmp_path / "o", "--since", bad)
    assert run.code == 2 and not (tmp_path / "o" / "manifest.json").exists()


def test_combined_reprints_every_account_of_the_vendor(tmp_path):
    """A combined sign carries all of a vendor's codes: one changed account reprints the whole sign."""
    v1 = tmp_path / "c1"
    assert run_cli("build", sheet(tmp_path / "v1.xlsx", V1), "-o", v1, "--combine", "-j", "1").code == 1
    rows = [r if r[0] != 11 else [11, "Lý Thị Bích", "H01", "Viettel Money", "0905000111", r[5], r[6]] for r in V1]
    v2 = tmp_path / "c2"
    assert run_cli("build", sheet(tmp_path / "v2.xlsx", rows), "-o", v2, "--combine", "--since", v1,
                   "-j", "1").code == 1
    m = json.loads((v2 / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(s["account"] for s in m["signs"]) == ["0905000111", "123456789"]
    (page,) = decode_pdf(v2 / m["signs"][0]["file"])
    assert sorted(page) == sorted(s["payload"] for s in m["signs"])
    assert [r["stall"] for r in m["reprint"]] == ["H01"]
    assert "123456789" not in [s["account"] for s in m["kept"]]  # printed again, so not "kept"
    assert len(m["kept"]) == 9  # 11 signs: one changed, one printed again with it


def test_a_reprint_alone_writes_a_withdraw_list(builds, tmp_path):
    """Nobody left, one account changed: the old sign still has to come down, so thu-hoi.pdf is written."""
    rows = [list(r) for r in V1[:11]]
    rows[1][4] = "0987654321"  # A02's new account
    out = tmp_path / "one"
    run = run_cli("build", sheet(tmp_path / "one.xlsx", rows), "-o", out, "--since", builds["v1"],
                  "--date", "2027-01-20", "-j", "1", "--lang", "en")
    assert run.code == 0, run.err
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    old_a02 = next(s["sign_id"] for s in builds["m1"]["signs"] if s["stall"] == "A02")
    assert m["withdraw"] == [] and [r["sign_id"] for r in m["replaced"]] == [old_a02]
    assert "thu-hoi.pdf (1 signs" in run.out
    assert old_a02 in "".join(pdf_text(out / "thu-hoi.pdf"))
