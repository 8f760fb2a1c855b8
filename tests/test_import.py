"""``qrsign import`` (issue 14): screenshots and photos of vendors' own QR codes → workbook → check → build."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from qr14 import (
    BANK_59,
    MERCHANT,
    MOMO,
    MOMO_NO_REF,
    PLAIN,
    UTF8_59,
    VNPAY,
    ZALOPAY,
    pdf_payloads,
    photo,
    save,
    save_jpeg_with_orientation,
    screenshot,
)

from qrsign.intake import importer, pictures

from conftest import pdf_text, run_cli

GOOD = {
    "A01.png": [BANK_59],
    "A02 Trần Thị Đào.webp": [UTF8_59],
    "A03 Đặng Thị Quỳnh.jpg": [MOMO],  # a rotated, blurred photo with an EXIF orientation tag
    "A04 Bùi Ngọc Hải.png": [ZALOPAY, MERCHANT],  # two codes on one screenshot
    "A05.heic": [PLAIN],  # no name anywhere: the volunteer fills it in
}


def _make_good(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    save(screenshot([BANK_59]), folder / "A01.png")
    save(screenshot([UTF8_59], ("Mã QR", "Trần Thị Đào")), folder / "A02 Trần Thị Đào.webp", quality=85)
    save_jpeg_with_orientation(photo(screenshot([MOMO], ("MoMo", "DANG THI QUYNH"))),
                               folder / "A03 Đặng Thị Quỳnh.jpg")
    save(screenshot([ZALOPAY, MERCHANT], ("Nhận tiền",)), folder / "A04 Bùi Ngọc Hải.png")
    import pillow_heif

    pillow_heif.register_heif_opener()
    save(screenshot([PLAIN], ("VietQR",)), folder / "A05.heic", quality=90)
    (folder / "ghi-chu.txt").write_text("not an image, skipped inside a folder", encoding="utf-8")
    return folder


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return _make_good(tmp_path_factory.mktemp("anh") / "anh-qr")


@pytest.mark.parametrize("name, expected", [
    ("A01.png", ("A01", "")),
    ("A03 Tran Thi B.jpg", ("A03", "Tran Thi B")),
    ("B-12_Le_Van_C.webp", ("B-12", "Le Van C")),
    ("12 - Nguyễn Văn A.png", ("12", "Nguyễn Văn A")),
    ("A05 Lê Thị Lan (2).png", ("A05", "Lê Thị Lan")),
    ("IMG_1234.JPG", ("", "")),
    ("Screenshot_20241201-101500.png", ("", "")),
    ("Nguyen Van A.png", ("", "")),
    # camera and chat-app names never become a stall or a name
    ("z5123456789012_8f3a9c0d1e2b3a4f5c6d7e8f9a0b1c2d.jpg", ("", "")),  # Zalo on PC
    ("z4987654321098_0a1b2c3d4e5f60718293a4b5c6d7e8f9 (1).jpg", ("", "")),
    ("IMG_20241201_101500.jpg", ("", "")),
    ("IMG20241201101500.jpg", ("", "")),
    ("DSC01234.JPG", ("", "")),
    ("DSCN0042.jpg", ("", "")),
    ("PXL_20241201_101500123.jpg", ("", "")),
    ("Ảnh chụp màn hình 2024-12-01 101500.png", ("", "")),
    ("photo_2024-12-01_10-15-00.jpg", ("", "")),
    ("received_1234567890123456.jpeg", ("", "")),
    ("FB_IMG_1701423300000.jpg", ("", "")),
    ("20241201_101500.jpg", ("", "")),
    ("B07 cô Lan.jpg", ("B07", "cô Lan")),
    ("Z12 Lê Văn Tám.png", ("Z12", "Lê Văn Tám")),
])
def test_stall_and_name_from_file_name(name, expected):
    assert importer.stall_and_name(Path(name)) == expected


def test_exif_orientation_is_applied(tmp_path):
    upright = screenshot([BANK_59])  # portrait
    path = save_jpeg_with_orientation(upright, tmp_path / "A01.jpg")
    with Image.open(path) as raw:
        assert raw.width > raw.height  # stored landscape
    opened = pictures.open_picture(path)
    assert opened.size == upright.size


def test_import_reads_every_code_exactly(good, tmp_path):
    before = _digests(good)
    out = tmp_path / "ds.xlsx"
    r = run_cli("import", good, "-o", out, "--json")
    assert r.code == 0, r.out + r.err
    data = r.json()
    assert data["images"] == 5 and data["summary"]["errors"] == 0
    rows = [(x["image"], x["stall"], x["name"], x["payload"]) for x in data["rows"]]
    assert [(img, p) for img, _, _, p in rows] == [(img, p) for img, ps in GOOD.items() for p in ps]
    by_payload = {p: (stall, name) for _, stall, name, p in rows}
    assert by_payload[BANK_59] == ("A01", "NGUYEN THI HUONG")  # field 59
    assert by_payload[UTF8_59] == ("A02", "Trần Thị Đào")  # the file name
    assert by_payload[MERCHANT] == ("A04", "TAP HOA CO BA")  # a merchant code shows the merchant's name
    assert by_payload[PLAIN] == ("A05", "")
    assert _digests(good) == before  # inputs untouched


def test_workbook_layout(good, tmp_path):
    out = tmp_path / "ds.xlsx"
    assert run_cli("import", good, "-o", out, "--market", "Chợ Đồng Xa").code == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[3]]
    assert headers == ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản", "Số điện thoại",
                       "Ghi chú", "Mã QR", "Tệp ảnh"]
    assert "Chợ Đồng Xa" in ws["A1"].value
    assert [dv.sqref for dv in ws.data_validations.dataValidation][0] is not None  # the bank dropdown
    payload_cells = [ws.cell(r, 9) for r in range(5, 11)]
    assert [c.value for c in payload_cells] == [p for ps in GOOD.values() for p in ps]
    assert all(c.data_type == "s" and c.number_format == "@" for c in payload_cells)
    assert [ws.cell(r, 10).value for r in range(5, 11)][:2] == ["A01.png", "A02 Trần Thị Đào.webp"]
    assert [ws.cell(r, 5).value for r in range(5, 11)] == ["Vietcombank", "MBBank", "MoMo", "BVBank", "VietinBank",
                                                          "BIDV"]


def test_import_check_build_decode(good, tmp_path):
    sheet = tmp_path / "ds.xlsx"
    assert run_cli("import", good, "-o", sheet).code == 0
    r = run_cli("check", sheet, "--json")
    assert r.code == 1  # A05 has no name yet
    assert [(p["code"], p["row"]) for p in r.json()["problems"] if p["severity"] == "error"] == [("E-REQUIRED", 10)]
    wb = openpyxl.load_workbook(sheet)  # the volunteer fills the name in Excel
    wb.worksheets[0].cell(10, 2).value = "Phạm Quốc Dũng"
    wb.save(sheet)
    assert run_cli("check", sheet).code == 0
    out = tmp_path / "bien"
    r = run_cli("build", sheet, "-o", out, "--jobs", "1", "-q", "--date", "2026-12-01")
    assert r.code == 0, r.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sources = [p for ps in GOOD.values() for p in ps]
    assert [s["payload"] for s in manifest["signs"]] == sources
    assert [s["source"] for s in manifest["signs"]] == ["imported"] * 6
    assert [s["image"] for s in manifest["signs"]] == [img for img, ps in GOOD.items() for _ in ps]
    decoded = [p for f in manifest["files"] if f["kind"] == "signs" for p in pdf_payloads(out / f["file"])]
    assert sorted(decoded) == sorted(sources)  # byte-identical to what the apps issued
    assert run_cli("verify", out).code == 0
    import pypdfium2 as pdfium

    checklist = next(f["file"] for f in manifest["files"] if f["kind"] == "checklist")
    doc = pdfium.PdfDocument(str(out / checklist))
    page_text = doc[0].get_textpage().get_text_range()
    doc.close()
    assert "mã QR từ ảnh A01.png" in page_text  # the checklist says where each payload came from


def test_findings_name_the_file(tmp_path):
    folder = tmp_path / "xau"
    folder.mkdir()
    save(screenshot([BANK_59]), folder / "A01.png")
    save(screenshot([], ("không có mã",)), folder / "A02.png")
    save(screenshot([BANK_59[:-4] + "0000"]), folder / "A03.png")
    save(screenshot([VNPAY]), folder / "A04.jpg")
    save(screenshot([MOMO_NO_REF]), folder / "A05.png")
    save(screenshot(["https://example.com/thuc-don"]), folder / "A06.png")
    (folder / "A07.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    out = tmp_path / "ds.xlsx"
    r = run_cli("import", folder, "-o", out, "--json")
    assert r.code == 1
    data = r.json()
    assert [x["image"] for x in data["rows"]] == ["A01.png"]
    found = {p["image"]: p["code"] for p in data["problems"] if p["severity"] == "error"}
    assert found == {"A02.png": "E-IMPORT-NO-QR", "A03.png": "E-PAYLOAD-CRC",
                     "A04.jpg": "E-PAYLOAD-MERCHANT-UNSUPPORTED", "A05.png": "E-WALLET-NO-REFERENCE",
                     "A06.png": "E-PAYLOAD-URL", "A07.png": "E-IMAGE-UNREADABLE"}
    assert all(p["image"] in p["message"] for p in data["problems"] if p["severity"] == "error")
    said = {p["image"]: p["message"] for p in data["problems"]}
    assert "đường link, không phải mã nhận tiền" in said["A06.png"] and "trường" not in said["A06.png"]
    assert "hỏng — nhờ tiểu thương chụp lại mã trong app" in said["A03.png"]
    assert "0000" not in said["A03.png"] and "CRC" not in said["A03.png"]
    assert out.exists()  # the good rows are written; the findings say what to redo
    r = run_cli("import", folder, "-o", tmp_path / "b.xlsx", "--lang", "en")
    assert r.code == 1 and "A03.png" in r.err and "damaged" in r.err and "web link" in r.err


def test_usage_errors(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert run_cli("import", folder, "-o", tmp_path / "a.xlsx").code == 2
    (tmp_path / "note.txt").write_text("x", encoding="utf-8")
    assert run_cli("import", tmp_path / "note.txt", "-o", tmp_path / "a.xlsx").code == 2
    assert run_cli("import", tmp_path / "missing.png", "-o", tmp_path / "a.xlsx").code == 2
    img = save(screenshot([BANK_59]), tmp_path / "A01.png")
    assert run_cli("import", img, "-o", tmp_path / "a.csv").code == 2
    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"keep me")
    r = run_cli("import", img, "-o", existing)
    assert r.code == 2 and existing.read_bytes() == b"keep me"
    assert run_cli("import", img, "-o", existing, "--force").code == 0


def test_a_picture_that_inflates_to_gigabytes_is_refused_from_its_header(tmp_path):
    folder = tmp_path / "bom"
    folder.mkdir()
    Image.new("1", (9000, 9000), 1).save(folder / "A01.png", optimize=True)  # ~10 KB on disk, 81 MP
    assert (folder / "A01.png").stat().st_size < 200_000
    save(screenshot([BANK_59]), folder / "A02.png")
    r = run_cli("import", folder, "-o", tmp_path / "ds.xlsx", "--json")
    assert r.code == 1
    data = r.json()
    assert [(p["image"], p["code"]) for p in data["problems"]] == [("A01.png", "E-IMAGE-TOO-LARGE")]
    assert [x["payload"] for x in data["rows"]] == [BANK_59]


def test_the_holder_line_is_field_59_and_the_file_name_is_the_line_below(tmp_path):
    """A picture named for one person whose code's 59 names another: the sign's holder is 59, warned at
    import, check and build; the file-name text prints on the "as typed" line."""
    folder = tmp_path / "anh"
    folder.mkdir()
    save(screenshot([BANK_59]), folder / "B07 cô Lan.jpg")
    sheet = tmp_path / "ds.xlsx"
    r = run_cli("import", folder, "-o", sheet, "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert [(x["stall"], x["name"]) for x in data["rows"]] == [("B07", "cô Lan")]
    assert [(p["code"], p["image"]) for p in data["problems"]] == [("W-IMPORT-NAME-DIFFERS", "B07 cô Lan.jpg")]
    assert "NGUYEN THI HUONG" in data["problems"][0]["message"]
    r = run_cli("check", sheet, "--json")
    assert r.code == 0
    warned = [(p["code"], p["row"], p["value"]) for p in r.json()["problems"]]
    assert warned == [("W-PAYLOAD-NAME-DIFFERS", 5, "cô Lan")]
    out = tmp_path / "bien"
    r = run_cli("build", sheet, "-o", out, "--jobs", "1", "--date", "2026-12-01", "--no-checklist")
    assert r.code == 0, r.err
    assert "NGUYEN THI HUONG" in r.out and "“cô Lan”" in r.out  # build warns again
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(s["holder"], s["name"]) for s in manifest["signs"]] == [("NGUYEN THI HUONG", "cô Lan")]
    sign = next(f["file"] for f in manifest["files"] if f["kind"] == "signs")
    page = pdf_text(out / sign)[0]
    assert "NGUYEN THI HUONG" in page and "cô Lan" in page and "CO LAN" not in page


def test_a_code_without_59_keeps_the_typed_holder(tmp_path):
    folder = tmp_path / "anh"
    folder.mkdir()
    save(screenshot([PLAIN], ("VietQR",)), folder / "A05 Phạm Quốc Dũng.png")
    sheet = tmp_path / "ds.xlsx"
    assert run_cli("import", folder, "-o", sheet).code == 0
    r = run_cli("check", sheet, "--json")
    assert r.code == 0 and r.json()["problems"] == []
    assert [v["holder"] for v in r.json()["vendors"]] == ["PHAM QUOC DUNG"]


def test_one_picture_with_two_accounts_and_no_59_is_warned_at_import_and_check(tmp_path):
    folder = tmp_path / "anh"
    folder.mkdir()
    save(screenshot([PLAIN, ZALOPAY], ("Nhận tiền",)), folder / "C03 Hà.png")
    save(screenshot([BANK_59, UTF8_59], ("Nhận tiền",)), folder / "C04.png")  # both carry 59: tied by name
    sheet = tmp_path / "ds.xlsx"
    r = run_cli("import", folder, "-o", sheet, "--json")
    assert r.code == 0
    many = [p for p in r.json()["problems"] if p["code"] == "W-IMPORT-MANY-ACCOUNTS"]
    assert [p["image"] for p in many] == ["C03 Hà.png"]
    assert "BIDV 21510001234567" in many[0]["message"] and "BVBank 99ZP24009M07248267" in many[0]["message"]
    r = run_cli("check", sheet, "--json")
    again = [(p["code"], p["row"], p["value"]) for p in r.json()["problems"] if p["code"] == "W-IMPORT-MANY-ACCOUNTS"]
    assert again == [("W-IMPORT-MANY-ACCOUNTS", 5, "C03 Hà.png")]


def test_the_next_command_quotes_an_output_with_spaces(tmp_path):
    img = save(screenshot([BANK_59]), tmp_path / "A01.png")
    out = tmp_path / "Danh sách nhập.xlsx"
    r = run_cli("import", img, "-o", out)
    assert r.code == 0, r.err
    assert f'qrsign check "{out}"' in r.out
