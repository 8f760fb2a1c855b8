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
    assert data["patrol"] == {"ok": 3, "foreign": 1, "unreadable": 1, "not_checked": 5}
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
    assert "Patrol of 10 stalls: 3 OK, 1 foreign code, 1 unreadable, 5 not checked." in run.out
    ws = openpyxl.load_workbook(report).active
    assert [ws.cell(3, c).value for c in range(1, 6)] == [10, 3, 1, 1, 5]
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
