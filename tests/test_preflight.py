"""What a print shop's preflight and a mono laser see in the built PDFs, and whether a checklist stays legible.

Every output PDF is parsed (raw objects and pypdfium2): font subsets carry distinct tags, every font the
file names is embedded (no Helvetica), every text is pure black or white; and on the checklist and the
sticker a long name neither shrinks the holder and the account below the other texts nor the warning line
to nothing — what cannot fit is a warning naming the element.
"""

from __future__ import annotations

import ctypes
import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from qrsign.core import text
from qrsign.lifecycle import withdraw
from qrsign.render import layout

from conftest import HEADER, make_workbook, run_cli

ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""],
    [2, "Trần Văn Nam", "A02", "MBBank", "0352350917", "", ""],
    [3, "Hoàng Thị Phượng", "A05", "Techcombank", "19036123456012", "", ""],
    [4, "Hoàng Thị Phượng", "A05", "ACB", "257678859", "", ""],
]
LONG = "Nguyễn Thị Hồng Nhung Phương Thảo Bảo Ngọc Anh"
# a long name of one person (a company is not one person's name: names refuses it, see test_names)
COMPANY = "Công Tằng Tôn Nữ Thị Hoàng Lan Phương Thảo Ngọc Bích"
TEMPLATES = [t for t in layout.builtin_names() if t != layout.COMBINED]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[Path]:
    """Every PDF qrsign writes: each template's signs, the checklist, the combined sign, the withdraw list."""
    root = tmp_path_factory.mktemp("preflight")
    sheet = make_workbook(root / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    out = []
    for template in [*TEMPLATES, "--combine"]:
        args = ("--combine",) if template == "--combine" else ("-t", template)
        folder = root / template.strip("-")
        assert run_cli("build", sheet, "-o", folder, "--date", "2026-11-27", "-j", "1", "-q", *args).code == 0
        out += sorted(folder.rglob("*.pdf"))
    data, _ = withdraw.render([{"stall": "A04", "name": "Phạm Văn Đức", "bank": "ACB", "account": "257678859",
                                "sign_id": "SFPY-HAKR"},
                               {"stall": "B01", "name": "Đỗ Thị Lan", "bank": "BIDV", "account": "12010000123456",
                                "sign_id": "JGD8-9BF9", "new_sign_id": "JGD8-9BF9-2", "new_stall": "B07",
                                "reasons": ["stall"]}])
    (root / "thu-hoi.pdf").write_bytes(data)
    return [*out, root / "thu-hoi.pdf"]


def _fonts(data: bytes) -> list[bytes]:
    return re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", data)


def test_font_subsets_carry_distinct_tags(pdfs):
    for path in pdfs:
        names = _fonts(path.read_bytes())
        tags = [n.split(b"+")[0] for n in names]
        assert names and all(re.fullmatch(rb"[A-Z]{6}", t) for t in tags), (path.name, names)
        assert len(set(tags)) == len(tags), (path.name, names)  # not every subset AAAAAA+


def test_every_font_named_is_embedded_and_used(pdfs):
    """No Helvetica (reportlab's initial font) or any other font the file neither embeds nor uses."""
    for path in pdfs:
        data = path.read_bytes()
        assert b"Helvetica" not in data, path.name
        assert len(re.findall(rb"/FontFile2\s", data)) == len(_fonts(data)) > 0, path.name  # each one embedded


def _text_colours(path: Path) -> set[tuple[int, int, int]]:
    """The fill colour of every text object of every page, forms included (pdfium: 0–255 RGB)."""
    colours = set()
    with pdfium.PdfDocument(str(path)) as pdf:
        for page in pdf:
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
                r, g, b, a = (ctypes.c_uint() for _ in range(4))
                assert pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
                colours.add((r.value, g.value, b.value))
    return colours


def test_every_text_is_pure_black_or_white(pdfs):
    """A mono laser screens grey and blue text into dots: nothing a reader needs is printed in a tint."""
    for path in pdfs:
        colours = _text_colours(path)
        assert colours and colours <= {(0, 0, 0), (255, 255, 255)}, (path.name, colours)


def test_text_is_written_in_device_gray_black(pdfs):
    """Pure black is DeviceGray 0 (``0 g``) in the content, not RGB or CMYK black (a 4-colour grey)."""
    import zlib

    sign = next(p for p in pdfs if p.name == "a6-de-ban.pdf").read_bytes()
    ops = b"\n".join(zlib.decompressobj().decompress(sign[m.end():]) for m in re.finditer(rb"stream\r?\n", sign)
                     if sign[m.end():m.end() + 1] == b"x")
    assert b"q 0 g BT" in ops and b"0 0 0 rg" not in ops and not re.search(rb"q [0-9.]+ [0-9.]+ [0-9.]+ rg BT", ops)


# --------------------------------------------------------------------------------------------------
# legibility


def _runs(path: Path, page: int = 0) -> list[tuple[float, str]]:
    """Each line of text on a page with its font size, in reading order."""
    out: list[tuple[float, str]] = []
    with pdfium.PdfDocument(str(path)) as pdf:
        tp = pdf[page].get_textpage()
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            size = round(pdfium_c.FPDFText_GetFontSize(tp.raw, i), 2)
            if out and out[-1][0] == size and ch not in "\r\n":
                out[-1] = (size, out[-1][1] + ch)
            elif ch.strip():
                out.append((size, ch))
    return out


def _size_of(runs: list[tuple[float, str]], wanted: str) -> float:
    """The size of the text ``wanted`` (spaces ignored, it may wrap over lines of one size)."""
    key = "".join(wanted.split())
    joined = ""
    for n, (size, line) in enumerate(runs):
        joined = "".join(line.split())
        for size2, more in runs[n + 1 : n + 4]:
            if key.startswith(joined) and joined != key and size2 == size:
                joined += "".join(more.split())
        if key in joined:
            return size
    raise AssertionError(f"{wanted!r} not on the page")


@pytest.fixture(scope="module")
def long_names(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("long")
    sheet = make_workbook(root / "long.xlsx", {"Khu A": [HEADER,
                                                        [1, LONG, "A01", "Vietcombank", "0011004567891", "", ""],
                                                        [2, "Trần Văn Nam", "A02", "MBBank", "0352350917", "", ""],
                                                        [3, COMPANY, "A03", "BIDV", "12010000123456", "", ""]]})
    out = {}
    for template in ("a4-treo", "nhan-dan"):
        run = run_cli("build", sheet, "-o", root / template, "-t", template, "--date", "2026-12-01", "-j", "1",
                      "--json", "--lang", "en")
        assert run.code == 0, run.err
        out[template] = (root / template, run.json()["problems"])
    return out


def test_checklist_holder_and_account_stay_larger_than_the_name_as_typed(long_names):
    folder, problems = long_names["a4-treo"]
    runs = _runs(folder / "long" / "doi-chieu.pdf")
    for name, account in ((LONG, "0011 0045 67891"), (COMPANY, "1201 0000 1234 56"), ("Trần Văn Nam", "0352 350 917")):
        holder, acc, typed = _size_of(runs, text.bank_style(name)), _size_of(runs, account), _size_of(runs, name)
        assert holder >= typed and acc >= typed and min(holder, acc) >= 8, (name, holder, acc, typed)
        smallest_other = min(s for s, line in runs if "".join(line.split()) not in
                             ("".join(text.bank_style(name).split()), "".join(account.split())))
        assert min(holder, acc) > smallest_other  # never the smallest text of the cell
    assert not [p for p in problems if "doi-chieu" in json.dumps(p)]  # it all fits: nothing to warn about


def test_sticker_warning_line_stays_legible_and_does_not_blame_the_holder(long_names):
    folder, problems = long_names["nhan-dan"]
    runs = _runs(folder / "long" / "nhan-dan.pdf")
    strips = [size for size, line in runs if line.startswith("Kiểm tra tên người nhận")]
    assert len(strips) == 3 and min(strips) >= 6  # was 3.25 and 2.75 pt
    assert sum("tên in ở trên" in line for _, line in runs) == 2  # the two long names: "the name printed above"
    assert _size_of(runs, "TRAN VAN NAM trước khi chuyển.") >= 6  # a short name stays in the sentence
    assert _size_of(runs, text.bank_style(COMPANY)) >= 6  # and the big holder line still shows the long ones
    warned = [(p["code"], p["field"], p["row"]) for p in problems]
    assert warned == [("W-STRIP-NO-NAME", "holder", 2), ("W-STRIP-NO-NAME", "holder", 4)]
    assert all("check-the-name line" in p["message"] and "had to shrink" not in p["message"] for p in problems)


def test_a_name_that_cannot_fit_is_a_warning_and_does_not_drag_the_account_down(tmp_path):
    """One unbreakable 50-letter word: the holder's line cannot hold it legibly, which is a warning naming the
    holder's name on the sticker and on the checklist — and the account is no longer shrunk with it (it
    was capped at the holder's size: 3 pt), but stays at least the size of the cell's smallest other text."""
    name = "Nguyễn Hoàngthịphươngthảoquỳnhnhưngọcbíchtrâmanhtuyết"
    sheet = make_workbook(tmp_path / "one.xlsx", {"S": [HEADER, [1, name, "1", "ACB", "257678859", "", ""]]})
    run = run_cli("build", sheet, "-o", tmp_path / "out", "-t", "nhan-dan", "--date", "2026-11-27", "--json",
                  "--lang", "en")
    assert run.code == 0
    small = sorted((p["field"], p["message"].rsplit(" ", 1)[-1]) for p in run.json()["problems"]
                   if p["code"] == "W-TEXT-SMALL")
    assert small == [("holder", "doi-chieu."), ("holder", "nhan-dan.")]
    runs = _runs(tmp_path / "out" / "one" / "nhan-dan.pdf")
    holder, account = _size_of(runs, text.bank_style(name)), _size_of(runs, "2576 78859")
    sign_id = min(size for size, line in runs if "78NZ-947E" in line)
    assert holder < 4 and account >= sign_id
