"""``qrsign verify``: photos of signs, stickers pasted over them, PDFs and build folders."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from qrsign.core import vietqr
from qrsign.render import qr

from conftest import HEADER, make_workbook, run_cli

ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""],
    [2, "Hoàng Thị Phượng", "A05", "Techcombank", "19036123456012", "", ""],
    [3, "Hoàng Thị Phượng", "A05", "Viettel Money", "0905333405", "", ""],
    [4, "Hoàng Thị Phượng", "A05", "ACB", "257678859", "", ""],
]
STRANGER = vietqr.encode("970422", "0999888777")  # a thief's account


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("verify")
    sheet = make_workbook(root / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    out = root / "out"
    assert run_cli("build", sheet, "-o", out, "--date", "2026-11-27").code == 0
    combined = root / "combined"
    assert run_cli("build", sheet, "-o", combined, "--combine", "--date", "2026-11-27").code == 0
    return root


def _page_image(pdf_path: Path, page: int = 0, dpi: int = 110) -> Image.Image:
    with pdfium.PdfDocument(str(pdf_path)) as pdf:
        return pdf[page].render(scale=dpi / 72).to_pil().convert("RGB")


def _photo(image: Image.Image, angle: float, blur: float, path: Path, seed: int = 1) -> Path:
    """What a phone might take: rotated, slightly blurred, uneven light, JPEG."""
    rng = random.Random(seed)
    im = image.rotate(angle, expand=True, fillcolor=(120, 110, 100), resample=Image.BICUBIC)
    im = im.filter(ImageFilter.GaussianBlur(blur))
    shade = Image.linear_gradient("L").resize(im.size).point(lambda v: 200 + v * 55 // 255)
    im = Image.composite(im, Image.new("RGB", im.size, (40, 40, 40)), shade)
    noise = Image.effect_noise(im.size, 12).convert("RGB")
    im = Image.blend(im, noise, 0.06 + rng.random() * 0.02)
    im.save(path, "JPEG", quality=70)
    return path


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_photo_of_a_sign_passes(build, tmp_path):
    out = build / "out"
    sign = _manifest(out)["signs"][0]
    photo = _photo(_page_image(out / sign["file"], sign["page"] - 1), angle=9, blur=0.8, path=tmp_path / "p.jpg")
    run = run_cli("verify", photo, "--against", out / "manifest.json", "--json")
    assert run.code == 0, run.out
    data = run.json()
    assert data["qr_found"] == 1 and data["ok"]
    finding = data["findings"][0]
    assert finding["status"] == "ok" and finding["sign_id"] == sign["sign_id"] and finding["stall"] == "A01"


def test_sticker_pasted_over_a_sign_fails_and_says_so(build, tmp_path):
    out = build / "out"
    sign = _manifest(out)["signs"][0]
    page = _page_image(out / sign["file"], sign["page"] - 1)
    sticker = Image.open(__import__("io").BytesIO(qr.png(qr.encode(STRANGER), module_px=12))).convert("RGB")
    # the thief's sticker covers the printed QR (A4: QR box at 30 mm, 34 mm, 150 mm wide)
    px = 110 / 25.4
    sticker = sticker.resize((int(150 * px), int(150 * px)))
    page.paste(sticker, (int(30 * px), int(34 * px)))
    photo = _photo(page, angle=-6, blur=0.6, path=tmp_path / "sticker.jpg")
    for lang, words in (("en", "not one of the signs"), ("vi", "không phải biển nào")):
        run = run_cli("verify", photo, "--against", out, "--lang", lang)
        assert run.code == 1
        assert words in run.out
        assert "0999888777" in run.out  # who the sticker really pays
    data = run_cli("verify", photo, "--against", out, "--json").json()
    assert [f["status"] for f in data["findings"]] == ["unknown"]


def test_photo_of_a_combined_sign_recognises_every_qr(build, tmp_path):
    out = build / "combined"
    manifest = _manifest(out)
    phuong = [s for s in manifest["signs"] if s["stall"] == "A05"]
    photo = _photo(_page_image(out / phuong[0]["file"], phuong[0]["page"] - 1, dpi=150), angle=4, blur=0.5,
                   path=tmp_path / "combined.jpg")
    data = run_cli("verify", photo, "--against", out, "--json").json()
    assert data["ok"]
    assert sorted(f["sign_id"] for f in data["findings"]) == sorted(s["sign_id"] for s in phuong)


def test_build_folder_self_check_passes_and_catches_a_swapped_file(build, tmp_path):
    out = build / "out"
    run = run_cli("verify", out, "--json")
    assert run.code == 0
    assert run.json()["qr_found"] == 2 * len(ROWS)  # signs and checklist
    # a tampered copy: the first sign's page now carries another vendor's code
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(out, bad)
    manifest = _manifest(bad)
    first, second = manifest["signs"][0], manifest["signs"][1]
    first["payload"], second["payload"] = second["payload"], first["payload"]
    (bad / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = run_cli("verify", bad, "--json")
    assert run.code == 1
    statuses = {f["status"] for f in run.json()["findings"]}
    assert "mismatch" in statuses


def test_verify_a_pdf_against_the_sheet(build):
    out = build / "out"
    pdf = out / _manifest(out)["signs"][0]["file"]
    run = run_cli("verify", pdf, "--against", build / "cho.xlsx")
    assert run.code == 0, run.out


def test_no_qr_found_is_exit_1(tmp_path):
    blank = tmp_path / "blank.png"
    Image.new("L", (400, 300), 255).save(blank)
    run = run_cli("verify", blank, "--against", tmp_path / "missing.json")
    assert run.code == 2  # the reference is unusable
    ref = tmp_path / "m.json"
    ref.write_text(json.dumps({"signs": []}))
    run = run_cli("verify", blank, "--against", ref)
    assert run.code == 1


@pytest.mark.parametrize("content", [b"", b"not an image", b"\x89PNG\r\n\x1a\n broken"])
def test_unreadable_image_is_exit_2(tmp_path, content):
    bad = tmp_path / "x.png"
    bad.write_bytes(content)
    ref = tmp_path / "m.json"
    ref.write_text(json.dumps({"signs": []}))
    run = run_cli("verify", bad, "--against", ref)
    assert run.code == 2
    assert "x.png" in run.err and "Traceback" not in run.out + run.err


# --------------------------------------------------------------------------------------------------
# sharing the pages among the workers


def test_pages_are_shared_by_their_cost_and_each_page_once():
    """A checklist page (7 codes, about 95 dpi) costs about four sign pages (36 dpi): shares are weighed by
    cost, so the checklist's 36 pages are split as finely as the signs' 250, and every page is in one share
    with exactly the signs it must carry."""
    from qrsign.proof.verify import MIN_SHARE_PAGES, SHARES_PER_JOB, _cost, _shares

    signs = {p: [{"payload": f"s{p}"}] for p in range(1, 251)}
    listed = {p: [{"payload": f"c{p}"}] for p in range(1, 37)}
    work = [("a4.pdf", 1, 250, 36, signs, True, "a4.pdf"), ("list.pdf", 1, 36, 95, listed, True, "list.pdf")]
    shares = _shares(work, 2)
    for path, expected in (("a4.pdf", signs), ("list.pdf", listed)):
        mine = [s for s in shares if s[0] == path]
        assert [p for s in mine for p in range(s[1], s[2] + 1)] == list(expected)
        assert all(s[4] == {p: expected[p] for p in range(s[1], s[2] + 1)} for s in mine)
    target = sum(_cost(w) for w in work) / (2 * SHARES_PER_JOB)
    assert all(_cost(s) <= 1.25 * target or s[2] - s[1] + 1 == MIN_SHARE_PAGES for s in shares)
    assert len([s for s in shares if s[0] == "list.pdf"]) >= 4  # shares of the signs' page count: two
    assert len(shares) <= 2 * SHARES_PER_JOB + 2  # each share opens its file again: not many more than asked


def test_a_worker_unpickles_the_reference_once():
    import pickle

    from qrsign.proof.pages import _unpickled
    from qrsign.proof.reference import Reference

    ref = Reference.from_signs("m", [{"payload": "p", "bank_bin": "970436", "account": "1"}])
    sent = pickle.dumps(ref)
    first = _unpickled(sent)
    assert first == ref and _unpickled(bytes(bytearray(sent))) is first  # a new copy of the same bytes: cached
