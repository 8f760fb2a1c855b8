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
    assert builds["json"]["withdraw"] == m2["withdraw"]
    withdraw_file = [f for f in m2["files"] if f["kind"] == "withdraw"]
    assert [f["file"] for f in withdraw_file] == ["thu-hoi.pdf"]


def test_withdraw_pdf_lists_exactly_the_gone_signs(builds):
    m1, m2 = builds["m1"], builds["m2"]
    text = "\n".join(pdf_text(builds["v2"] / "thu-hoi.pdf"))
    listed = set(re.findall(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b", text))
    assert listed == {w["sign_id"] for w in m2["withdraw"]}
    assert "Phạm Văn Đức" in text and "Bùi Văn Tâm" in text and "Đã thu hồi" in text
    for s in m1["signs"]:
        if s["stall"] not in ("A04", "B04"):
            assert s["name"] not in text or s["name"] in ("Phạm Văn Đức", "Bùi Văn Tâm")
    with pdfium.PdfDocument(str(builds["v2"] / "thu-hoi.pdf")) as pdf:
        image = pdf[0].render(scale=1).to_pil().convert("RGB")
    colours = {c for _, c in image.getcolors(1 << 20)}
    assert all(r == g == b for r, g, b in colours)  # black on white only: photocopies well


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
