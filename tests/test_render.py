"""Every page of every template, rendered to pixels and decoded: the QR pays the account printed beside it.

For each built-in template a sheet is built with ``qrsign build``; each page is
rasterised with pypdfium2 and every QR decoded with zxing-cpp. The decoded
payloads of a page must be exactly the manifest's entries for that page, each
must parse to the bank and account of its sheet row, the page's text must
carry that account and holder, and the 4-module quiet zone must be white.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from qrsign.core import banks, vietqr
from qrsign.core.text import clean_account
from qrsign.render import layout

from conftest import HEADER, make_workbook, run_cli

DPI = 150
ROWS = [
    # name, stall, bank, account
    ("Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891"),
    ("Trần Văn Nam", "A02", "MB Bank", "0352350917"),
    ("Lê Thị Ánh", "A03", "Agribank", "1903612345601"),
    ("Phạm Quốc Dũng", "A04", "BIDV", "2151 0001 2345 67"),
    ("Hoàng Thị Phượng", "A05", "Techcombank", "1903612345601234567"),
    ("Hoàng Thị Phượng", "A05", "Viettel Money", "0905333405"),
    ("Hoàng Thị Phượng", "A05", "ACB", "257678859"),
    ("Võ Minh Tuấn", "A06", "VietinBank", "108867543210"),
    ("Đặng Thị Quỳnh", "A07", "VNPT Money", "0912345678"),  # a typed MoMo row is an error since issue 14
    ("Bùi Ngọc Hải", "A08", "VPBank", "0246813579"),
    ("Đỗ Thị Lan", "A09", "Sacombank", "060123456789"),
]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "cho.xlsx"
    rows = [["DANH SÁCH TIỂU THƯƠNG – CHỢ ĐỒNG XA"], [], HEADER]
    rows += [[i, n, s, b, a, "", ""] for i, (n, s, b, a) in enumerate(ROWS, start=1)]
    return make_workbook(path, {"Khu A": rows})


def _row_of(sheet_row: int) -> tuple:
    return ROWS[sheet_row - 4]  # title, blank, header come first


def _quiet_zone_clear(image, code, version: int) -> bool:
    p = code.position
    xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
    ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
    n = 17 + 4 * version
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    module = (x1 - x0) / n  # zxing reports the symbol's outer corners
    edge, outer = 2, 4 * module - 1
    w, h = image.size
    for box in (
        (x0 - outer, y0 - outer, x1 + outer, y0 - edge),
        (x0 - outer, y1 + edge, x1 + outer, y1 + outer),
        (x0 - outer, y0 - outer, x0 - edge, y1 + outer),
        (x1 + edge, y0 - outer, x1 + outer, y1 + outer),
    ):
        crop = image.crop((max(0, int(box[0])), max(0, int(box[1])), min(w, int(box[2])), min(h, int(box[3]))))
        if crop.getextrema()[0] < 200:
            return False
    return True


def _check_build(out: Path, template_name: str, *others: str) -> int:
    """Decode every page of every PDF in a build; returns how many QR codes were checked."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    expected: dict[tuple, list[dict]] = {}
    for s in manifest["signs"]:
        expected.setdefault((s["file"], s["page"]), []).append(s)
    checked = 0
    sign_files = [f for f in manifest["files"] if f["kind"] == "signs"]
    assert sign_files and all(f["template"] in (template_name, *others) for f in sign_files)
    for f in sign_files:
        pdf = pdfium.PdfDocument(str(out / f["file"]))
        assert len(pdf) == f["pages"]
        for number, page in enumerate(pdf, start=1):
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            codes = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
            signs = expected.pop((f["file"], number))
            assert Counter(c.text for c in codes) == Counter(s["payload"] for s in signs)
            text = page.get_textpage().get_text_range()
            flat = "".join(text.split())
            for code in codes:
                sign = next(s for s in signs if s["payload"] == code.text)
                decoded = vietqr.decode(code.text)
                name, stall, bank, account = _row_of(sign["row"])
                assert decoded.bin == banks.find(bank).bin == sign["bank_bin"]
                assert decoded.account == clean_account(account) == sign["account"]
                assert decoded.account in flat
                assert "".join(sign["holder"].split()) in flat  # may wrap onto two lines
                assert int(code.extra["Version"]) == sign["qr_version"]
                assert code.ec_level == "M"
                assert _quiet_zone_clear(image, code, sign["qr_version"])
                checked += 1
        pdf.close()
    assert not expected  # every manifest entry was on its page
    return checked


SIGN_TEMPLATES = [t.name for t in layout.all_templates() if t.kind != "combined"]


@pytest.mark.parametrize("template", SIGN_TEMPLATES)
def test_every_page_of_every_template_decodes_to_its_manifest(sheet, tmp_path, template):
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--template", template, "--date", "2026-11-27", "--jobs", "1")
    assert run.code == 0, run.out + run.err
    assert _check_build(out, template) == len(ROWS)


def test_combined_signs_decode_to_the_vendors_payloads(sheet, tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--combine", "--date", "2026-11-27", "--jobs", "1")
    assert run.code == 0, run.out + run.err
    assert _check_build(out, layout.COMBINED, layout.DEFAULT) == len(ROWS)  # single accounts: default sign
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    phuong = [s for s in manifest["signs"] if s["stall"] == "A05"]
    assert len(phuong) == 3 and len({(s["file"], s["page"]) for s in phuong}) == 1


def test_checklist_is_written_beside_every_build_and_lists_every_account(sheet, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", sheet, "-o", out, "--date", "2026-11-27").code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    checklists = [f for f in manifest["files"] if f["kind"] == "checklist"]
    assert len(checklists) == 1
    listed = [i for c in manifest["checklists"] for i in c["sign_ids"]]
    assert sorted(listed) == sorted(s["sign_id"] for s in manifest["signs"])
    pdf = out / checklists[0]["file"]
    with pdfium.PdfDocument(str(pdf)) as doc:
        texts = [p.get_textpage().get_text_range() for p in doc]
    assert "BẢNG ĐỐI CHIẾU" in texts[0] and "Chữ ký" in texts[0]
    for s in manifest["signs"]:
        assert any(s["account"] in "".join(t.split()) for t in texts)


TONES = {  # every vowel with every tone mark, in names
    "a": "àáảãạ", "ă": "ằắẳẵặ", "â": "ầấẩẫậ", "e": "èéẻẽẹ", "ê": "ềếểễệ", "i": "ìíỉĩị",
    "o": "òóỏõọ", "ô": "ồốổỗộ", "ơ": "ờớởỡợ", "u": "ùúủũụ", "ư": "ừứửữự", "y": "ỳýỷỹỵ",
}


def _tone_names() -> list[str]:
    names = []
    for base, toned in TONES.items():
        letters = base + toned
        names.append(f"Đặng {letters[:3].title()}n {letters[3:].upper()}ng")
    return names


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_every_tone_mark_prints_and_extracts_as_nfc(tmp_path, form):
    names = _tone_names()
    rows = [HEADER] + [[i, unicodedata.normalize(form, n), f"{i}", "VCB", f"00110045678{i:02d}", "", ""]
                       for i, n in enumerate(names, start=1)]
    sheet = make_workbook(tmp_path / "tones.xlsx", {"Tones": rows})
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--template", "a6-de-ban", "--no-checklist", "--date", "2026-11-27")
    assert run.code == 0, run.out + run.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    text = "".join(t for f in manifest["files"] for t in _texts(out / f["file"]))
    for name in names:
        assert unicodedata.normalize("NFC", name) in text


def _texts(pdf_path: Path) -> list[str]:
    with pdfium.PdfDocument(str(pdf_path)) as doc:
        return [p.get_textpage().get_text_range() for p in doc]


def test_long_names_shrink_to_fit_and_stay_whole(tmp_path):
    name = "Nguyễn Hoàng Thị Phương Thảo Quỳnh Như Ngọc Bích Trâm Anh Tuyết Nhung"
    sheet = make_workbook(tmp_path / "long.xlsx", {"S": [HEADER, [1, name, "1", "ACB", "257678859", "", ""]]})
    # the A4 sign wraps the holder's name onto two lines instead of shrinking it (issue 12b); a sticker
    # label's check-the-name line is too small even for that: it says "the name printed above" instead of
    # shrinking the sentence to 2.75 pt, and warns naming that line, not the holder's name
    for template, warned in (("a4-treo", False), ("nhan-dan", True)):
        out = tmp_path / template
        run = run_cli("build", sheet, "-o", out, "-t", template, "--no-checklist", "--date", "2026-11-27", "--json",
                      "--lang", "en")
        assert run.code == 0  # a warning, not an error: the sign is built
        small = [p for p in run.json()["problems"] if p["code"] in ("W-TEXT-SMALL", "W-STRIP-NO-NAME")]
        assert bool(small) == warned
        if warned:
            assert [p["code"] for p in small] == ["W-STRIP-NO-NAME"]
            assert small[0]["row"] == 2 and "too long for the check-the-name line" in small[0]["message"]
        text = "".join(_texts(out / json.loads((out / "manifest.json").read_text())["files"][0]["file"]))
        assert warned or name in text  # the label has no line for the name as typed
        assert "NGUYENHOANGTHIPHUONGTHAOQUYNHNHUNGOCBICHTRAMANHTUYETNHUNG" in "".join(text.split())  # may wrap


def _hashes(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_output_is_deterministic_and_the_same_for_any_number_of_jobs(sheet, tmp_path):
    runs = {}
    for name, jobs in (("a", "1"), ("b", "1"), ("c", "2")):
        out = tmp_path / name
        args = ("build", sheet, "-o", out, "--template", "a6-de-ban", "--date", "2026-11-27", "--jobs", jobs)
        assert run_cli(*args).code == 0
        runs[name] = _hashes(out)
    assert runs["a"] == runs["b"] == runs["c"]
    assert any(k.endswith(".pdf") for k in runs["a"])


def test_pdf_embeds_a_subset_font_and_no_images(sheet, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", sheet, "-o", out, "--no-checklist", "--date", "2026-11-27").code == 0
    data = (out / json.loads((out / "manifest.json").read_text())["files"][0]["file"]).read_bytes()
    assert b"/Subtype /Image" not in data and b"/Subtype/Image" not in data
    assert b"BeVietnamPro" in data and b"/FontFile2" in data


def test_the_font_files_are_the_ones_fontpkg_picks_without_its_scan(monkeypatch):
    """The family's package lists its files; font_path takes them from there instead of fontpkg's scan of every
    installed distribution's entry points, and gets the very file fontpkg.path would."""
    import importlib.metadata
    from pathlib import Path

    import fontpkg

    from qrsign.render import fonts

    expected = {style: Path(fontpkg.path(fonts.FAMILY, weight)) for style, (weight, _name) in fonts.STYLES.items()}
    fonts._family_files.cache_clear()

    def no_scan(*a, **k):
        raise AssertionError("entry points scanned")

    monkeypatch.setattr(importlib.metadata, "entry_points", no_scan)
    monkeypatch.setattr(fontpkg, "path", no_scan)
    try:
        assert {style: fonts.font_path(style) for style in fonts.STYLES} == expected
        assert all(p.is_file() for p in expected.values())
    finally:
        fonts._family_files.cache_clear()
