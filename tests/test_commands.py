"""The sign commands end to end: make, templates, build options, several markets, examples as tests."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from qrsign.core import vietqr
from qrsign.render import layout

from conftest import HEADER, decode_pdf, make_workbook, pdf_text, run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAYLOAD_VCB = vietqr.encode("970436", "0011012345678")


# --------------------------------------------------------------------------------------------------
# make


def test_make_pdf_sign(tmp_path):
    out = tmp_path / "quay-12.pdf"
    run = run_cli("make", "--bank", "VCB", "--account", "0011 0123 4567 8", "--name", "Nguyễn Thị Hường",
                  "--stall", "12", "--market", "Chợ Đồng Xa", "-o", out, "--json", "--date", "2026-11-27")
    assert run.code == 0, run.err
    info = run.json()
    assert info["payload"] == PAYLOAD_VCB and info["page"] == 1 and info["template"] == "a4-treo"
    assert decode_pdf(out) == [[PAYLOAD_VCB]]
    text = pdf_text(out)[0]
    assert "NGUYEN THI HUONG" in text and "Nguyễn Thị Hường" in text and "0011 0123 45678" in text
    assert "Quầy 12 · Chợ Đồng Xa" in text and info["sign_id"] in text and "27/11/2026" in text


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_make_qr_image(tmp_path, suffix):
    out = tmp_path / f"qr{suffix}"
    run = run_cli("make", "--bank", "970436", "--account", "0011012345678", "--name", "Lê Văn An", "-o", out)
    assert run.code == 0, run.err
    if suffix == ".png":
        image = Image.open(out)
        assert [c.text for c in zxingcpp.read_barcodes(image)] == [PAYLOAD_VCB]
    else:
        assert out.read_text().startswith("<svg")


def test_make_refuses_bad_input(tmp_path):
    cases = [
        (["--bank", "Vietcombak", "--account", "1", "--name", "Lê Văn An"], 1, "Vietcombank"),
        (["--bank", "VCB", "--account", "0011012345678", "--name", "Nguy\u202eễn"], 1, "U+202E"),
        (["--bank", "VCB", "--account", "0011012345678", "--name", "Lê Văn An", "-o", tmp_path / "x.docx"], 2, ".pdf"),
        (["--bank", "VCB", "--account", "0011012345678", "--name", "Lê Văn An", "--stall", "12 🐟"], 1, "U+1F41F"),
        (["--bank", "VCB", "--account", "1", "--name", "Lê Văn An"], 1, "6 to 19"),
    ]
    for args, code, word in cases:
        if "-o" not in args:
            args = [*args, "-o", tmp_path / "x.pdf"]
        run = run_cli("make", *args, "--lang", "en")
        assert run.code == code, (args, run.err)
        assert word in run.err
    assert not (tmp_path / "x.pdf").exists()


# --------------------------------------------------------------------------------------------------
# templates


def test_templates_json_lists_every_layout():
    run = run_cli("templates", "--json")
    assert run.code == 0
    items = run.json()
    names = {t["name"] for t in items}
    assert names == {"a4-treo", "a5-treo", "a6-de-ban", "nhan-dan", "doi-chieu", "a4-nhieu-tk"}
    for t in items:
        assert {"name", "description", "page_size", "qr_mm"} <= set(t)
    qr_mm = {t["name"]: t["qr_mm"] for t in items}
    assert qr_mm["a4-treo"] == 150 and qr_mm["a5-treo"] == 110 and qr_mm["a6-de-ban"] == 75
    assert qr_mm["doi-chieu"] >= 25 * 41 / 33  # the symbol inside the box is at least 25 mm


@pytest.mark.parametrize("name", layout.builtin_names())
def test_templates_preview_renders_a_full_page(tmp_path, name):
    out = tmp_path / f"{name}.pdf"
    run = run_cli("templates", "preview", name, "-o", out, "--json")
    assert run.code == 0, run.err
    payloads = run.json()["payloads"]
    assert sorted(decode_pdf(out)[0]) == sorted(payloads)
    assert len(payloads) == layout.load(name).per_page


def test_templates_preview_of_a_custom_file(tmp_path):
    custom = tmp_path / "mine.toml"
    source = (ROOT / "templates" / "a6-de-ban.toml").read_text(encoding="utf-8")
    custom.write_text(source.replace('name = "a6-de-ban"', 'name = "mine"'), encoding="utf-8")
    run = run_cli("templates", "preview", custom, "-o", tmp_path / "mine.pdf")
    assert run.code == 0, run.err
    assert len(decode_pdf(tmp_path / "mine.pdf")[0]) == 4


# --------------------------------------------------------------------------------------------------
# build options and several markets


MARKETS = [
    ["STT", "Họ và tên", "Số quầy", "Chợ", "Khu", "Ngân hàng", "Số tài khoản"],
    [1, "Nguyễn Thị Hường", "A1", "Chợ Đồng Xa", "Khu A", "VCB", "0011004567891"],
    [2, "Trần Văn Nam", "A2", "Chợ Đồng Xa", "Khu B", "MB", "0352350917"],
    [3, "Lê Thị Ánh", "1", "Chợ Bến Thành", "Khu A", "Agribank", "1903612345601"],
    [4, "Phạm Quốc Dũng", "2", "Chợ Bến Thành", "Khu A", "BIDV", "21510001234567"],
    [5, "Đỗ Thị Lan", "3", "Chợ Bến Thành", "Khu C", "ACB", "257678859"],
]


@pytest.fixture
def markets(tmp_path) -> Path:
    return make_workbook(tmp_path / "tinh.xlsx", {"Tỉnh": MARKETS})


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_one_folder_and_checklist_per_market(markets, tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", markets, "-o", out, "--json")
    assert run.code == 0, run.err
    m = _manifest(out)
    assert sorted(f["file"] for f in m["files"]) == [
        "cho-ben-thanh/a4-treo.pdf", "cho-ben-thanh/doi-chieu.pdf",
        "cho-dong-xa/a4-treo.pdf", "cho-dong-xa/doi-chieu.pdf",
    ]
    by_market = {s["market"]: s for s in m["markets"] if s["zone"] is None}
    assert by_market["Chợ Bến Thành"]["accounts"] == 3 and by_market["Chợ Đồng Xa"]["accounts"] == 2
    zones = {(s["market"], s["zone"]) for s in m["markets"] if s["zone"]}
    assert ("Chợ Bến Thành", "Khu C") in zones and ("Chợ Đồng Xa", "Khu B") in zones
    for sign in m["signs"]:
        assert sign["file"].startswith("cho-ben-thanh/" if sign["market"] == "Chợ Bến Thành" else "cho-dong-xa/")


def test_split_by_zone_and_none(markets, tmp_path):
    zone = tmp_path / "zone"
    assert run_cli("build", markets, "-o", zone, "--split-by", "zone", "--no-checklist").code == 0
    assert sorted(f["file"] for f in _manifest(zone)["files"]) == [
        "cho-ben-thanh/khu-a/a4-treo.pdf", "cho-ben-thanh/khu-c/a4-treo.pdf",
        "cho-dong-xa/khu-a/a4-treo.pdf", "cho-dong-xa/khu-b/a4-treo.pdf",
    ]
    flat = tmp_path / "flat"
    assert run_cli("build", markets, "-o", flat, "--split-by", "none").code == 0
    assert sorted(f["file"] for f in _manifest(flat)["files"]) == ["a4-treo.pdf", "doi-chieu.pdf"]


def test_market_option_filters_markets(markets, tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", markets, "-o", out, "--market", "ben thanh")
    assert run.code == 0, run.err
    assert {s["market"] for s in _manifest(out)["signs"]} == {"Chợ Bến Thành"}


def test_market_option_names_a_sheet_without_markets(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, [1, "Trần Văn Nam", "1", "MB", "0352350917", "", ""]]})
    out = tmp_path / "out"
    assert run_cli("build", sheet, "-o", out, "--market", "Chợ Hôm").code == 0
    m = _manifest(out)
    assert m["signs"][0]["market"] == "Chợ Hôm" and m["signs"][0]["file"] == "cho-hom/a4-treo.pdf"
    assert "Chợ Hôm" in pdf_text(out / "cho-hom" / "a4-treo.pdf")[0]


def test_format_png_and_svg_beside_the_pdfs(markets, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", markets, "-o", out, "--format", "png", "--format", "svg").code == 0
    m = _manifest(out)
    assert len(m["images"]) == 2 * len(m["signs"])
    by_id = {s["sign_id"]: s["payload"] for s in m["signs"]}
    for image in m["images"]:
        path = out / image["file"]
        assert path.is_file() and path.parent.name == "qr"
        if image["format"] == "png":
            assert [c.text for c in zxingcpp.read_barcodes(Image.open(path))] == [by_id[image["sign_id"]]]


def test_build_verify_self_check(markets, tmp_path):
    run = run_cli("build", markets, "-o", tmp_path / "out", "--verify", "--json")
    assert run.code == 0, run.err
    data = run.json()
    assert data["verify"]["ok"] and data["verify"]["qr_found"] == 2 * (len(MARKETS) - 1)


def test_rebuild_removes_files_of_the_previous_build(markets, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", markets, "-o", out).code == 0
    assert (out / "cho-dong-xa" / "a4-treo.pdf").exists()
    assert run_cli("build", markets, "-o", out, "--market", "ben thanh").code == 0
    assert not (out / "cho-dong-xa").exists() or not any((out / "cho-dong-xa").iterdir())
    mine = out / "notes.txt"
    mine.write_text("the board's own file")
    assert run_cli("build", markets, "-o", out).code == 0
    assert mine.read_text() == "the board's own file"  # only files a build listed are ever removed


def test_human_summary_per_market_in_both_languages(markets, tmp_path):
    vi = run_cli("build", markets, "-o", tmp_path / "vi").out
    en = run_cli("build", markets, "-o", tmp_path / "en", "--lang", "en").out
    assert "[Chợ Bến Thành]" in vi and "Tỉ lệ tiểu thương sẵn sàng nhận thanh toán QR: 100%" in vi
    assert "[Chợ Bến Thành · Khu C]" in en and "Share of vendors ready to take QR payments: 100%" in en


# --------------------------------------------------------------------------------------------------
# every example is a test


def test_example_demo_market_checks_clean_and_builds(tmp_path):
    run = run_cli("check", EXAMPLES / "cho-mau.xlsx", "--json")
    assert run.code == 0 and run.json()["problems"] == []
    out = tmp_path / "signs"
    build = run_cli("build", EXAMPLES / "cho-mau.xlsx", "-o", out, "--verify", "--json")
    assert build.code == 0, build.err
    assert build.json()["verify"]["ok"]
    m = _manifest(out)
    assert {s["market"] for s in m["signs"]} == {"Chợ Đồng Xa"}
    assert {s["zone"] for s in m["signs"]} == {"Khu A - Rau củ", "Khu B - Thủy sản"}
    assert len(m["signs"]) == 21


def test_example_csv_reads_like_the_workbook():
    csv_vendors = run_cli("check", EXAMPLES / "cho-mau.csv", "--json").json()["vendors"]
    xlsx_vendors = [v for v in run_cli("check", EXAMPLES / "cho-mau.xlsx", "--json").json()["vendors"]
                    if v["sheet"] == "Khu A - Rau củ"]
    assert [(v["name"], v["bank_bin"], v["account"]) for v in csv_vendors] == [
        (v["name"], v["bank_bin"], v["account"]) for v in xlsx_vendors]


def test_example_messy_sheet_shows_what_check_catches():
    run = run_cli("check", EXAMPLES / "phuong-loi.xlsx", "--json", "--lang", "en")
    assert run.code == 1
    codes = {(p["row"], p["code"]) for p in run.json()["problems"]}
    assert {(6, "W-ACCOUNT-NUMBER"), (7, "E-CELL-DATE"), (8, "E-BANK-UNKNOWN"), (9, "E-ACCOUNT-DIGITS-LOST"),
            (11, "W-ROW-DUPLICATE"), (12, "E-BANK-AMBIGUOUS"), (13, "E-TEXT-HIDDEN"), (14, "W-STALL-SHARED"),
            (16, "E-NAME-SCRIPT"), (17, "E-ACCOUNT-EMPTY")} <= codes


# --------------------------------------------------------------------------------------------------
# logos and layout rules per sign


def test_user_logo_is_placed_and_the_qr_still_decodes(tmp_path):
    logo = tmp_path / "logo-cho.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(logo)
    out = tmp_path / "sign.pdf"
    run = run_cli("make", "--bank", "VCB", "--account", "0011012345678", "--name", "Lê Văn An", "-o", out,
                  "--logo", f"left={logo}")
    assert run.code == 0, run.err
    data = out.read_bytes()
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data
    assert decode_pdf(out) == [[PAYLOAD_VCB]]
    with pdfium.PdfDocument(str(out)) as pdf:  # the red square sits in the left logo slot (6 mm, 40 mm)
        image = pdf[0].render(scale=72 / 72).to_pil().convert("RGB")
    r, g, b = image.getpixel((int(17 / 25.4 * 72), int(51 / 25.4 * 72)))
    assert r > 150 and g < 80 and b < 80


def test_qr_modules_below_the_templates_minimum_are_a_warning_naming_the_vendor(tmp_path):
    small = tmp_path / "small.toml"
    small.write_text(
        'name = "small"\npage = "A6"\nmin_module_mm = 1.0\n[cell]\nsize = [105, 148]\n'
        '[[cell.box]]\nkind = "qr"\nx = 10\ny = 10\nw = 30\nh = 30\n'
        '[[cell.box]]\nkind = "text"\ntext = "{holder}"\nx = 10\ny = 45\nw = 80\nh = 10\n',
        encoding="utf-8")
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, [1, "Trần Văn Nam", "7", "MB", "0352350917", "", ""]]})
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--template", small, "--json", "--lang", "en")
    assert run.code == 0, run.err
    (warning,) = [p for p in run.json()["problems"] if p["code"] == "W-MODULE-SMALL"]
    assert warning["row"] == 2 and "Trần Văn Nam" in warning["message"] and "1.0 mm" in warning["message"]


def test_one_sheet_per_market_builds_one_folder_per_market(tmp_path):
    sheets = {
        "Chợ Bến Thành": [HEADER, [1, "Lê Thị Ánh", "1", "Agribank", "1903612345601", "", ""]],
        "Chợ Hôm": [HEADER, [1, "Trần Văn Nam", "7", "MB", "0352350917", "", ""],
                    [2, "Đỗ Thị Lan", "8", "ACB", "257678859", "", ""]],
    }
    out = tmp_path / "out"
    run = run_cli("build", make_workbook(tmp_path / "tinh.xlsx", sheets), "-o", out)
    assert run.code == 0, run.err
    m = _manifest(out)
    assert sorted(f["file"] for f in m["files"]) == [
        "cho-ben-thanh/a4-treo.pdf", "cho-ben-thanh/doi-chieu.pdf", "cho-hom/a4-treo.pdf", "cho-hom/doi-chieu.pdf"]
    assert {s["market"]: s["accounts"] for s in m["markets"] if s["zone"] is None} == {"Chợ Bến Thành": 1, "Chợ Hôm": 2}
    assert {s["zone"] for s in m["signs"]} == {None}  # a sheet named after a market is not a zone
