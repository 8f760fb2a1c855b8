"""Market patrol (issue 15): ``verify PHOTOS --against MANIFEST`` stall by stall, and the patrol sheet."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter
from year_later import FIXTURE, V1, sheet

from qrsign.core import vietqr
from qrsign.proof import patrol
from qrsign.render import qr
from qrsign.workbooks import patrol as patrol_sheet

from conftest import run_cli

STRANGER = vietqr.encode("970422", "0999888777")  # a thief's account
PX = 110 / 25.4  # pixels per mm of the rendered page


@pytest.fixture(scope="module")
def market(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("patrol")
    out = root / "v1"
    assert run_cli("build", sheet(root / "v1.xlsx", V1), "-o", out, "--date", "2026-01-15", "-j", "1").code == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    by_stall = {s["stall"]: s for s in manifest["signs"]}
    photos = root / "photos"
    photos.mkdir()

    def page(stall: str) -> Image.Image:
        s = by_stall[stall]
        with pdfium.PdfDocument(str(out / s["file"])) as pdf:
            return pdf[s["page"] - 1].render(scale=PX / (72 / 25.4)).to_pil().convert("RGB")

    def save(im: Image.Image, name: str, taken: str | None = None) -> None:
        exif = Image.Exif()
        if taken:
            exif.get_ifd(0x8769)[0x9003] = taken
        im.rotate(4, expand=True, fillcolor=(120, 110, 100)).save(photos / name, "JPEG", quality=80,
                                                                   exif=exif.tobytes())

    save(page("A01"), "A01.jpg", "2027:01:20 08:15:00")  # its own sign
    sticker = Image.open(io.BytesIO(qr.png(qr.encode(STRANGER), module_px=12))).convert("RGB")
    pasted = page("A02")
    pasted.paste(sticker.resize((int(150 * PX), int(150 * PX))), (int(30 * PX), int(34 * PX)))
    save(pasted, "A02-sang.jpg", "2027:01:20 08:17:30")  # a sticker pasted over the QR
    save(page("A03").filter(ImageFilter.GaussianBlur(14)), "quay_A03.jpg")  # unreadable
    save(page("B02"), "IMG_0001.jpg")  # named by the phone: matched by its code
    save(page("H01"), "H01.jpg")  # H01 has two signs; one photographed is enough
    return {"root": root, "out": out, "manifest": manifest, "photos": photos}


def _stalls(data: dict) -> dict[str, dict]:
    return {s["stall"]: s for s in data["stalls"]}


def test_every_stall_gets_a_status(market):
    run = run_cli("verify", market["photos"], "--against", market["out"] / "manifest.json", "--json")
    assert run.code == 1, run.out  # a foreign code and an unreadable photo are findings
    data = run.json()
    stalls = _stalls(data)
    assert set(stalls) == {s["stall"] for s in market["manifest"]["signs"]}
    assert stalls["A01"]["status"] == "ok" and stalls["A01"]["photo"].endswith("A01.jpg")
    assert stalls["A01"]["taken"] == "2027-01-20 08:15:00"
    assert stalls["A02"]["status"] == "foreign" and stalls["A02"]["taken"] == "2027-01-20 08:17:30"
    assert stalls["A02"]["detail"] == "MBBank 0999888777"
    assert stalls["A03"]["status"] == "unreadable" and stalls["A03"]["taken"] is None
    assert stalls["B02"]["status"] == "ok" and stalls["B02"]["photo"].endswith("IMG_0001.jpg")
    assert stalls["H01"]["status"] == "ok" and len(stalls["H01"]["sign_ids"]) == 2
    for s in ("A04", "A05", "B01", "B03", "B04"):
        assert stalls[s]["status"] == "not_checked" and stalls[s]["photo"] is None
    assert data["patrol"] == {"ok": 3, "foreign": 1, "wrong_stall": 0, "unreadable": 1, "not_checked": 5}
    assert sum(data["patrol"].values()) == len(data["stalls"])  # the counts add up
    assert data["unassigned"] == []


def test_a_clean_patrol_exits_0(market, tmp_path):
    (tmp_path / "A01.jpg").write_bytes((market["photos"] / "A01.jpg").read_bytes())
    run = run_cli("verify", tmp_path, "--against", market["out"], "--json")
    assert run.code == 0, run.out
    assert run.json()["patrol"]["ok"] == 1


def test_a_foreign_photo_with_no_stall_name_is_unassigned(market, tmp_path):
    (tmp_path / "IMG_0002.jpg").write_bytes((market["photos"] / "A02-sang.jpg").read_bytes())
    run = run_cli("verify", tmp_path, "--against", market["out"] / "manifest.json", "--json", "--lang", "en")
    assert run.code == 1
    data = run.json()
    assert [Path(p["file"]).name for p in data["unassigned"]] == ["IMG_0002.jpg"]
    assert data["unassigned"][0]["codes"] == [STRANGER]
    assert all(s["status"] == "not_checked" for s in data["stalls"])


def test_patrol_sheet(market, tmp_path):
    report = tmp_path / "tuan-tra.xlsx"
    run = run_cli("verify", market["photos"], "--against", market["out"], "--report", report, "--lang", "en")
    assert run.code == 1
    assert "stall A02 · Trần Văn Nam: FOREIGN CODE" in run.out
    assert "Patrol of 10 stalls: 3 OK, 1 foreign code, 0 wrong stall, 1 unreadable, 5 not checked." in run.out
    ws = openpyxl.load_workbook(report).active
    assert [ws.cell(3, c).value for c in range(1, 7)] == [10, 3, 1, 0, 1, 5]
    rows = {ws.cell(r, 3).value: r for r in range(6, 16)}
    assert ws.cell(rows["A02"], 6).value == "FOREIGN CODE"
    assert ws.cell(rows["A02"], 6).fill.fgColor.rgb == patrol_sheet.FILLS["foreign"]
    assert ws.cell(rows["A01"], 6).fill.fgColor.rgb == patrol_sheet.FILLS["ok"]
    assert ws.cell(rows["A01"], 8).value == "2027-01-20 08:15:00"
    assert ws.cell(rows["B04"], 6).fill.fgColor.rgb == patrol_sheet.FILLS["not_checked"]


def test_report_needs_photos_and_a_manifest(market, tmp_path):
    run = run_cli("verify", market["out"], "--report", tmp_path / "x.xlsx")
    assert run.code == 2 and "--report" in run.err
    run = run_cli("verify", market["photos"], "--against", market["out"], "--report", tmp_path / "x.csv")
    assert run.code == 2 and not (tmp_path / "x.csv").exists()


def test_patrol_reads_a_0_1_manifest(market):
    """The fixture was written by qrsign 0.1: the same payloads, so the same verdicts."""
    run = run_cli("verify", market["photos"], "--against", FIXTURE, "--json")
    stalls = _stalls(run.json())
    assert stalls["A01"]["status"] == "ok" and stalls["A02"]["status"] == "foreign"


def test_name_token():
    assert patrol.name_token("A05-chieu.jpg") == "a05"
    assert patrol.name_token("quay_12 (2).JPG") == "12"
    assert patrol.name_token("Sạp B3.png") == "b3"
    assert patrol.name_token("IMG_0001.jpg") == "img"


# --------------------------------------------------------------------------------------------------
# issue 24: a sign at the wrong stall, one account on two stalls, one market of the build


def test_a_photo_named_for_one_stall_showing_another_stalls_sign_is_a_wrong_stall(market, tmp_path):
    (tmp_path / "A03.jpg").write_bytes((market["photos"] / "A01.jpg").read_bytes())  # A01's sign hangs at A03
    run = run_cli("verify", tmp_path, "--against", market["out"], "--json")
    assert run.code == 1, run.out  # not a pass for A01
    data = run.json()
    stalls = _stalls(data)
    assert stalls["A03"]["status"] == "wrong_stall" and stalls["A03"]["photo"].endswith("A03.jpg")
    assert stalls["A01"]["status"] == "not_checked"
    assert data["patrol"]["wrong_stall"] == 1 and sum(data["patrol"].values()) == len(stalls)
    vi = run_cli("verify", tmp_path, "--against", market["out"])
    assert "BIỂN NHẦM QUẦY: ảnh quầy A03 là biển của quầy A01 (Nguyễn Thị Hường)" in vi.out
    report = tmp_path / "tuan-tra.xlsx"
    assert run_cli("verify", tmp_path, "--against", market["out"], "--report", report).code == 1
    ws = openpyxl.load_workbook(report).active
    rows = {ws.cell(r, 3).value: r for r in range(6, 16)}
    assert ws.cell(rows["A03"], 6).value == "BIỂN NHẦM QUẦY"
    assert "là biển của quầy A01" in ws.cell(rows["A03"], 9).value
    # a wide photo that catches the neighbour's sign beside the stall's own is the stall's own
    photo = patrol.Photo("A01.jpg", None, [])
    signs = market["manifest"]["signs"]
    own = next(s for s in signs if s["stall"] == "A01")
    other = next(s for s in signs if s["stall"] == "A02")
    photo.codes = [_finding(own["payload"]), _finding(other["payload"])]
    p = patrol.assign(signs, [photo])
    assert {st.stall: st.status for st in p.stalls if st.status != "not_checked"} == {"A01": "ok"}


def _finding(payload: str):
    from qrsign.proof.verify import Finding

    return Finding("ok", "x", payload=payload)


def test_one_account_on_two_stalls_is_judged_by_the_photos_name():
    shared = vietqr.encode("970436", "0011004567891")
    signs = [{"market": "Chợ Đồng Xa", "stall": s, "name": n, "payload": shared, "sign_id": i}
             for s, n, i in (("A03", "Lê Thị Mai", "X1"), ("A04", "Lê Thị Mai", "X2"))]
    signs.append({"market": "Chợ Đồng Xa", "stall": "A05", "name": "Phạm Văn Đức",
                  "payload": vietqr.encode("970416", "257678859"), "sign_id": "X3"})
    p = patrol.assign(signs, [patrol.Photo("A04.jpg", None, [_finding(shared)]),
                              patrol.Photo("A05.jpg", None, [_finding(shared)])])
    assert {st.stall: st.status for st in p.stalls} == {"A03": "not_checked", "A04": "ok", "A05": "wrong_stall"}
    assert p.stalls[2].detail == "A03 (Lê Thị Mai)"
    # named by the camera, a code two stalls share says nothing about which stall it hangs at
    p = patrol.assign(signs, [patrol.Photo("IMG_0001.jpg", None, [_finding(shared)])])
    assert [ph.file for ph in p.unassigned] == ["IMG_0001.jpg"] and not p.ok


def test_verify_against_takes_market(market, tmp_path):
    run = run_cli("verify", market["photos"], "--against", market["out"], "--market", "chợ hàng da", "--json")
    data = run.json()
    assert {s["market"] for s in data["stalls"]} == {"Chợ Hàng Da"}
    assert data["patrol"] == {"ok": 1, "foreign": 0, "wrong_stall": 0, "unreadable": 0, "not_checked": 0}
    # the other market's photos are not this market's stalls: matched to none of them
    assert sorted(Path(p["file"]).name for p in data["unassigned"]) == [
        "A01.jpg", "A02-sang.jpg", "IMG_0001.jpg", "quay_A03.jpg"]
    run = run_cli("verify", market["photos"], "--against", market["out"], "--market", "Chợ Hàng", "--json")
    assert run.code == 2 and run.json()["error"]["code"] == "E-MARKET-NOT-FOUND"  # a whole name, not a part
    assert run_cli("verify", market["out"], "--market", "Chợ Hàng Da").code == 2
