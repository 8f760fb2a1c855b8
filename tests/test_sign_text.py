"""The sign's text (issue 12, item 6): the holder's name is the largest text and stays whole in the
warning strip, accounts are grouped without a lone digit, stalls are not labelled twice, ``--combine``
keeps single-account vendors on the default sign, and ``make -o x.png`` is a card with the name."""

from __future__ import annotations

import ctypes
import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from qrsign.core import text
from qrsign.render import layout
from qrsign.render.layout import Box
from qrsign.render.planning import stall_label

from conftest import HEADER, make_workbook, run_cli

LONG = "Công Tằng Tôn Nữ Thị Hoàng Gia Phương Thảo Phát"  # one person (a firm's name is refused: issue 20)
LONG_HOLDER = "CONG TANG TON NU THI HOANG GIA PHUONG THAO PHAT"
MEDIUM = "Huỳnh Thị Ngọc Bích Phương Anh"  # one line on A4 would be smaller than the account


# --------------------------------------------------------------------------------------------------
# account grouping


@pytest.mark.parametrize(
    "account, grouped",
    [
        ("0011012345678", "0011 0123 45678"),  # 13 digits: 4-4-5, not 4-4-4-1
        ("0352350917", "0352 350 917"),  # a phone number as account: 4-3-3
        ("0905333405", "0905 333 405"),
        ("1352350917", "1352 3509 17"),  # 10 digits not starting with 0: not a phone number
        ("035235091", "0352 35091"),  # 9 digits starting with 0: not a phone number either, and 4-5
        ("19036123456012", "1903 6123 4560 12"),
        ("1903612345601234567", "1903 6123 4560 1234 567"),
        ("21510001234567", "2151 0001 2345 67"),
        ("12345678", "1234 5678"),
        ("257678859", "2576 78859"),
        ("12345", "12345"),
        ("1234", "1234"),
        ("1", "1"),
        ("", ""),
        ("VQRQ0001990hq", "VQRQ 0001 990hq"),
    ],
)
def test_account_grouping(account, grouped):
    assert text.group_account(account) == grouped
    assert "".join(grouped.split()) == account  # grouping only adds spaces
    groups = grouped.split()
    assert all(len(g) > 1 for g in groups) or len(account) <= 1  # never a lone character


def test_grouping_never_leaves_a_lone_character_for_any_length():
    for n in range(2, 20):
        account = "9" * n
        assert min(len(g) for g in text.group_account(account).split()) >= 2, n


# --------------------------------------------------------------------------------------------------
# stall labels


@pytest.mark.parametrize(
    "stall, label",
    [
        ("12", "Quầy 12"),
        ("A05", "Quầy A05"),
        ("Ki-ốt 3", "Ki-ốt 3"),
        ("Ki ốt 3", "Ki ốt 3"),
        ("Kiot 3", "Kiot 3"),
        ("KIOT 3", "KIOT 3"),
        ("Kiosk 2", "Kiosk 2"),
        ("Quầy 12", "Quầy 12"),
        ("quầy số 12", "quầy số 12"),
        ("Sạp A5", "Sạp A5"),
        ("Lô 7", "Lô 7"),
        ("Lô7", "Lô7"),
        ("Gian hàng 4", "Gian hàng 4"),
        ("Long 3", "Quầy Long 3"),  # starts like "Lô", is not
        ("Sapa 1", "Quầy Sapa 1"),  # starts like "Sạp", is not
        ("", ""),
    ],
)
def test_stall_label(stall, label):
    assert stall_label(stall) == label


def test_a_labelled_stall_is_printed_once_on_sign_and_checklist(tmp_path):
    row = [1, "Trần Văn Nam", "Ki-ốt 3", "MB", "0352350917", "", ""]
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, row]})
    out = tmp_path / "out"
    assert run_cli("build", sheet, "-o", out, "--date", "2026-11-27").code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for f in manifest["files"]:
        page = _texts(out / f["file"])[0]
        assert "Ki-ốt 3" in page and "Quầy" not in page, f["kind"]


# --------------------------------------------------------------------------------------------------
# sizes of the text on a sign, read back from the PDF


def _chars(pdf_path: Path, page_index: int = 0) -> list[tuple[str, float, str, float]]:
    """Every drawn character of a page: (char, font size, font name, baseline y)."""
    with pdfium.PdfDocument(str(pdf_path)) as pdf:
        textpage = pdf[page_index].get_textpage()
        out = []
        buf = ctypes.create_string_buffer(256)
        for i in range(textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if ch.isspace():
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buf, len(buf), None)
            x, y = ctypes.c_double(), ctypes.c_double()
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, ctypes.byref(x), ctypes.byref(y))
            out.append((ch, round(size, 2), buf.value.decode("latin-1"), round(y.value, 1)))
        textpage.close()
    return out


def _runs_of(chars: list[tuple], wanted: str) -> list[list[tuple]]:
    """Each occurrence of ``wanted`` (spaces ignored) among ``chars``."""
    flat = "".join(c[0] for c in chars)
    key = "".join(wanted.split())
    found, start = [], flat.find(key)
    while start >= 0:
        found.append(chars[start : start + len(key)])
        start = flat.find(key, start + 1)
    return found


def _texts(pdf_path: Path) -> list[str]:
    with pdfium.PdfDocument(str(pdf_path)) as doc:
        return [p.get_textpage().get_text_range() for p in doc]


def _make_pdf(tmp_path: Path, template: str, name: str, account: str = "0011012345678", bank: str = "VCB") -> Path:
    out = tmp_path / f"{template}.pdf"
    run = run_cli("make", "--bank", bank, "--account", account, "--name", name, "--stall", "12", "--market",
                  "Chợ Đồng Xa", "-t", template, "-o", out, "--date", "2026-11-27")
    assert run.code == 0, run.out + run.err
    return out


@pytest.mark.parametrize("template", ["a4-treo", "a5-treo", "a6-de-ban", "nhan-dan"])
@pytest.mark.parametrize("name", [MEDIUM, LONG, "Lê Văn An"])
def test_holder_is_never_smaller_than_the_account(tmp_path, template, name):
    pdf = _make_pdf(tmp_path, template, name)
    chars = _chars(pdf)
    holder = text.bank_style(name)
    holder_size = max(c[1] for c in _runs_of(chars, holder)[0])  # the first is the name box, then the strip
    (account,) = _runs_of(chars, "0011012345678")
    account_size = max(c[1] for c in account)
    assert holder_size >= account_size
    # and it is the largest of the vendor's texts (the fixed header band aside)
    header = {id(c) for run in _runs_of(chars, "QUÉT MÃ ĐỂ THANH TOÁN") for c in run}
    assert holder_size >= max(c[1] for c in chars if id(c) not in header)


def test_a4_holder_wraps_instead_of_shrinking_below_the_account(tmp_path):
    chars = _chars(_make_pdf(tmp_path, "a4-treo", MEDIUM))
    name_box = _runs_of(chars, text.bank_style(MEDIUM))[0]
    assert len({c[3] for c in name_box}) == 2  # two lines
    size = name_box[0][1]
    one_line_width = 194 / 25.4 * 72  # the box, in points
    from reportlab.pdfbase import pdfmetrics

    from qrsign.render import fonts

    one_line_size = one_line_width / pdfmetrics.stringWidth(text.bank_style(MEDIUM), fonts.register("extrabold"), 1)
    assert size > one_line_size  # larger on two lines than it could be on one
    account_size = _runs_of(chars, "0011012345678")[0][0][1]
    assert size >= account_size


@pytest.mark.parametrize("template", ["a4-treo", "a5-treo", "a6-de-ban"])  # nhan-dan: see test_proof.py
def test_warning_strip_keeps_the_holder_on_one_line_in_bold(tmp_path, template):
    chars = _chars(_make_pdf(tmp_path, template, LONG))
    occurrences = _runs_of(chars, LONG_HOLDER)
    assert len(occurrences) == 2  # the name box and the warning strip
    strip = occurrences[1]
    assert len({c[3] for c in strip}) == 1  # one line
    assert all("Bold" in c[2] for c in strip)  # bold (the sentence around it is Medium)
    before = chars[chars.index(strip[0]) - 1]
    assert "Medium" in before[2]


def _fit_doc():
    from qrsign.render.document import SignDocument

    return SignDocument(layout.load("a4-treo"))


def test_fit_takes_a_second_line_rather_than_stay_below_the_floor():
    doc = _fit_doc()
    words = [(("AAAA", "extrabold"),), (("BBBB", "extrabold"),)]
    one = doc.fit(words, Box("text", 0, 0, 100, 100, font="extrabold", size=200, lines=1))[0]
    # a box where two lines come out only ~3 % larger than one: not worth it without a floor
    h = one * 1.03 * 2 * 1.2 / 72 * 25.4
    box = Box("text", 0, 0, 100, h, font="extrabold", size=200, lines=2)
    size, lines = doc.fit(words, box)
    assert len(lines) == 1 and size == pytest.approx(one, abs=0.3)
    size2, lines2 = doc.fit(words, box, floor=one + 5)
    assert len(lines2) == 2 and size2 > size


def test_the_account_is_capped_at_the_holders_size_on_a_combined_sign(tmp_path):
    # the combined layout with a narrow name box, so that the page's holder comes out smaller than the
    # accounts of its cells would be: they are drawn no larger than the holder's name
    source = (Path(layout.__file__).parents[2] / "templates" / "a4-nhieu-tk.toml").read_text(encoding="utf-8")
    narrow = source.replace('text = "{holder}"\nx = 8\ny = 140\nw = 281', 'text = "{holder}"\nx = 8\ny = 140\nw = 90')
    assert narrow != source
    (tmp_path / "narrow.toml").write_text(narrow, encoding="utf-8")
    rows = [HEADER, [1, LONG, "A5", "ACB", "257678859", "", ""], [2, LONG, "A5", "MB", "0352350917", "", ""]]
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": rows})
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "-t", tmp_path / "narrow.toml", "--no-checklist", "--date", "2026-11-27")
    assert run.code == 0, run.out + run.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    chars = _chars(out / manifest["files"][0]["file"])
    holder = max(c[1] for c in _runs_of(chars, LONG_HOLDER)[0])
    assert holder < 19  # the cells' account size: the cap is what keeps them below
    for account in ("257678859", "0352350917"):
        assert max(c[1] for c in _runs_of(chars, account)[0]) <= holder


# --------------------------------------------------------------------------------------------------
# --combine: several accounts → combined sign; one account → the default sign


def test_combine_keeps_single_account_vendors_on_the_default_sign(tmp_path):
    rows = [HEADER,
            [1, "Trần Văn Nam", "A1", "MB", "0352350917", "", ""],  # one account
            [2, "Hoàng Thị Phượng", "A2", "ACB", "257678859", "", ""],  # two accounts
            [3, "Hoàng Thị Phượng", "A2", "Techcombank", "19036123456012", "", ""]]
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": rows})
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--combine", "--date", "2026-11-27", "--json")
    assert run.code == 0, run.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    template_of = {f["file"]: f["template"] for f in manifest["files"] if f["kind"] == "signs"}
    by_stall = {}
    for s in manifest["signs"]:
        by_stall.setdefault(s["stall"], set()).add(template_of[s["file"]])
    assert by_stall == {"A1": {layout.DEFAULT}, "A2": {layout.COMBINED}}
    files = {f["file"] for f in manifest["files"]}
    assert len(files) == len(manifest["files"]) == 4  # two sign files, each with its checklist, no name clash
    # every code is still on its sign and the folder verifies
    from conftest import decode_pdf

    for f in template_of:
        codes = [c for page in decode_pdf(out / f) for c in page]
        assert sorted(codes) == sorted(s["payload"] for s in manifest["signs"] if s["file"] == f)
    assert run_cli("verify", out).code == 0


# --------------------------------------------------------------------------------------------------
# make -o card.png


def _make_png(tmp_path: Path, *extra: str, name: str = MEDIUM, out: str = "card.png") -> tuple[Path, dict]:
    path = tmp_path / out
    run = run_cli("make", "--bank", "MB", "--account", "0352350917", "--name", name, "--stall", "Sạp A5", "--market",
                  "Chợ Đồng Xa", "-o", path, "--json", *extra)
    assert run.code == 0, run.out + run.err
    return path, run.json()


def _decode(path: Path) -> list:
    return zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)


def test_png_is_a_card_with_name_bank_and_account_under_the_qr(tmp_path):
    card, info = _make_png(tmp_path)
    bare, bare_info = _make_png(tmp_path, "--qr-only", out="bare.png")
    assert info["card"] is True and "card" not in bare_info
    (code,) = _decode(card)
    assert code.text == info["payload"] == bare_info["payload"]
    assert [c.text for c in _decode(bare)] == [info["payload"]]
    image, plain = Image.open(card).convert("L"), Image.open(bare).convert("L")
    assert image.height > plain.height and image.height > image.width  # the text is under the square code
    p = code.position
    qr_bottom = max(p.bottom_left.y, p.bottom_right.y)
    quiet = (qr_bottom - min(p.top_left.y, p.top_right.y)) / 37 * 4  # 4 modules of v5
    under = image.crop((0, int(qr_bottom + quiet), image.width, image.height))
    assert under.getextrema()[0] < 64  # dark text below the code's quiet zone
    dark_rows = sum(1 for y in range(under.height) if under.crop((0, y, under.width, y + 1)).getextrema()[0] < 128)
    assert dark_rows > 150  # several lines of text, not a stray mark
    assert plain.crop((0, plain.height - 30, plain.width, plain.height)).getextrema() == (255, 255)  # bare: quiet zone


def test_card_is_the_same_bytes_twice_and_holds_long_names(tmp_path):
    a, _ = _make_png(tmp_path, name=LONG, out="a.png")
    b, _ = _make_png(tmp_path, name=LONG, out="b.png")
    assert a.read_bytes() == b.read_bytes()
    from qrsign.render import card

    fields = {"holder": LONG_HOLDER, "name": LONG, "account_grouped": "0352 350 917", "bank": "MBBank",
              "bank_name": "Ngân hàng TMCP Quân đội", "stall_line": "Sạp A5", "sign_id": "X"}
    placed = card.layout(fields)
    holder, account = placed["holder"], placed["account"]
    assert len(holder[2]) == 2 and holder[1] >= account[1]  # wrapped, and still not smaller than the account
    assert max(card._font("extrabold", holder[1]).getlength(line) for line in holder[2]) <= card.WIDTH - 2 * card.PAD


def test_qr_only_is_only_for_png(tmp_path):
    run = run_cli("make", "--bank", "MB", "--account", "0352350917", "--name", "Trần Văn Nam", "-o",
                  tmp_path / "x.pdf", "--qr-only", "--lang", "en")
    assert run.code == 2
    assert "--qr-only" in run.err + run.out and ".png" in run.err + run.out
    assert not (tmp_path / "x.pdf").exists()


def test_card_refuses_characters_the_font_cannot_draw(tmp_path):
    run = run_cli("make", "--bank", "MB", "--account", "0352350917", "--name", "Trần Văn Nam", "--stall", "A5 ✓",
                  "-o", tmp_path / "x.png")
    assert run.code != 0
    assert not (tmp_path / "x.png").exists()


def test_card_fit_takes_a_second_line_rather_than_stay_below_the_floor():
    from qrsign.render import card

    block = card.Line("NGUYEN THI HUONG", "extrabold", 60, lines=2)
    width = card._font("extrabold", 100).getlength(block.text) / 100 * 58.5  # one line: 58 px of at most 60
    size, lines = card.fit(block, width)
    assert (size, len(lines)) == (58, 1)
    size, lines = card.fit(block, width, floor=59)
    assert (size, len(lines)) == (60, 2)


@given(st.from_regex(r"[A-Za-z0-9]{1,19}", fullmatch=True))
def test_grouping_only_adds_spaces_and_keeps_groups_readable(account):
    groups = text.group_account(account).split(" ")
    assert "".join(groups) == account
    assert all(2 <= len(g) <= 5 for g in groups) or len(account) == 1
    if len(account) == 10 and account.isdigit() and account[0] == "0":
        assert [len(g) for g in groups] == [4, 3, 3]


# --------------------------------------------------------------------------------------------------
# the bank line of a wallet's code, and a card's number (issue 24)


def test_zalopay_sign_names_the_wallet_and_a_card_sign_says_so_thẻ(tmp_path):
    from qr14 import ZALOPAY

    from conftest import pdf_text

    sheet = make_workbook(tmp_path / "ds.xlsx", {"Danh sách": [
        ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Mã QR"],
        [1, "Bùi Ngọc Hải", "A01", "", "", ZALOPAY],
        [2, "Lê Thị Mai", "A02", "Vietcombank", "9704 3600 0000 0016", ""],  # a NAPAS card
        [3, "Phạm Văn Tư", "A03", "Vietcombank", "0011001234567", ""],
    ]})
    out = tmp_path / "bien"
    r = run_cli("build", sheet, "-o", out, "--jobs", "1", "-q", "--date", "2026-12-01")
    assert r.code == 0, r.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sign = next(f["file"] for f in manifest["files"] if f["kind"] == "signs")
    pages = [" ".join(p.split()) for p in pdf_text(out / sign)]
    assert "ZaloPay (qua BVBank)" in pages[0] and "Ngân hàng TMCP Bản Việt" in pages[0]
    assert "Số thẻ 9704 3600 0000 0016" in pages[1]
    assert "Số thẻ" not in pages[2] and "ZaloPay" not in pages[2] and "0011 0012 34567" in pages[2]
    checklist = next(f["file"] for f in manifest["files"] if f["kind"] == "checklist")
    listed = " ".join(" ".join(p.split()) for p in pdf_text(out / checklist))
    assert "ZaloPay (qua BVBank)" in listed and "Số thẻ 9704 3600 0000 0016" in listed


def _runs_as_specified(line, style):
    """What a line's runs are: its words joined by spaces in the box's style, neighbouring runs of one style
    merged (the drawing code gets there faster); an empty line is one empty run."""
    if not line:
        return [("", style)]
    flat = []
    for k, word in enumerate(line):
        flat += [(" ", style)] * bool(k) + list(word)
    runs = []
    for chars, run_style in flat:
        if runs and runs[-1][1] == run_style:
            runs[-1] = (runs[-1][0] + chars, run_style)
        else:
            runs.append((chars, run_style))
    return runs


_STYLES = st.sampled_from(["regular", "medium", "bold"])
_WORD = st.lists(st.tuples(st.text(alphabet="aĐễ.B ", max_size=4), _STYLES), min_size=1, max_size=3).map(tuple)


@given(st.lists(_WORD, max_size=8), _STYLES)
def test_a_lines_runs_are_its_words_joined_and_merged_by_style(line, style):
    from qrsign.render.document import _runs

    assert _runs(line, style) == _runs_as_specified(line, style)


@given(st.text(alphabet="aĐễ.B \t", max_size=30), _STYLES)
def test_a_plain_texts_one_run_is_its_words_single_spaced(text, style):
    from qrsign.render.document import _plain, _runs

    words = _plain(text, style)
    assert _runs(words, style) == _runs_as_specified(list(words), style) == [(" ".join(text.split()), style)]


_FIELD_TEXT = st.text(st.sampled_from("ab ĐƯỜNG\u00a0\t-"), max_size=12)


_BOX_TEXT = st.sampled_from(["{holder}", "{bank}", " {bank}", "{bank} ", "{bank}{name}", "Quầy {stall}",
                             "là {holder}. Nếu", "{holder}.", "{}", "{0}", "static"])


@given(fields=st.dictionaries(st.sampled_from(["holder", "bank", "name", "stall"]), _FIELD_TEXT, max_size=4),
       texts=st.lists(_BOX_TEXT, min_size=1, max_size=6))
def test_the_words_of_a_sign_are_those_each_box_would_give(fields, texts):
    """The document's shortcut for a box that shows one placeholder alone gives the words :func:`_words` gives,
    for every box text and every value (spaces, no-break spaces, empty, missing); and a text in one style
    is fitted the same whether known by its text or by its words."""
    from qrsign.render import document

    doc = _fit_doc()
    boxes = tuple(Box("text", 0, 0, 60, 10, text=t, font="bold", lines=2) for t in texts)
    got = doc._dynamic_words(boxes, fields)
    want = {i: document._words(b, fields) for i, b in enumerate(boxes) if b.dynamic}
    assert got == want
    for i, words in got.items():
        assert type(words) is type(want[i])
        if type(words) is document._Plain:
            assert (words.text, words.style) == (want[i].text, want[i].style)
        if words:
            assert doc.fit(words, boxes[i]) == document.SignDocument._fit(doc, list(words), boxes[i], 0.0)
