"""The QR layer: smallest version at level M (checked by an independent bit count), exact drawing."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from qrsign.core import vietqr
from qrsign.render import qr

# Data codewords at level M for versions 1..15 (ISO/IEC 18004 table 7).
DATA_CODEWORDS_M = [16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415]
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _cci(mode: str, version: int) -> int:
    group = 0 if version <= 9 else 1 if version <= 26 else 2
    return {"num": (10, 12, 14), "alnum": (9, 11, 13), "byte": (8, 16, 16)}[mode][group]


def _segment_bits(mode: str, n: int, version: int) -> int:
    head = 4 + _cci(mode, version)
    if mode == "num":
        return head + 10 * (n // 3) + (0, 4, 7)[n % 3]
    if mode == "alnum":
        return head + 11 * (n // 2) + 6 * (n % 2)
    return head + 8 * n


def _modes_for(ch: str) -> list[str]:
    if ch.isdigit():
        return ["num", "alnum", "byte"]
    if ch in ALNUM:
        return ["alnum", "byte"]
    return ["byte"]


def min_bits(text: str, version: int) -> int:
    """Fewest bits for ``text`` over every split into numeric/alphanumeric/byte segments (O(n²) DP)."""
    n = len(text)
    best = [0] + [10**9] * n
    for end in range(1, n + 1):
        for start in range(end):
            chunk = text[start:end]
            for mode in ("num", "alnum", "byte"):
                if all(mode in _modes_for(c) for c in chunk):
                    best[end] = min(best[end], best[start] + _segment_bits(mode, len(chunk), version))
    return best[n]


def smallest_version(text: str) -> int:
    for version, codewords in enumerate(DATA_CODEWORDS_M, start=1):
        if min_bits(text, version) <= codewords * 8:
            return version
    raise AssertionError("payload too long for this table")


PAYLOADS = [
    vietqr.encode("970416", "257678859"),
    vietqr.encode("970436", "0011012345678"),
    vietqr.encode("970407", "1903612345601234567"),
    vietqr.encode("971025", "PSP123456789000000"),
    vietqr.encode("970422", "VQRQ0001990hq"),
    vietqr.encode("970436", "0011012345678", amount=150000, purpose="Thanh toán quầy 12 chợ Đồng Xa"),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_version_is_the_smallest_the_payload_allows(payload):
    symbol = qr.encode(payload)
    assert symbol.ec == "M"
    assert symbol.version == smallest_version(payload)
    assert symbol.size == 17 + 4 * symbol.version


def test_digits_and_capitals_payload_stays_small():
    # 91 characters of digits and capitals: alphanumeric-only would need version 5 at M
    payload = vietqr.encode("970436", "0011012345678")
    assert qr.encode(payload).version <= 4


def _covered(symbol: qr.Symbol) -> list[list[int]]:
    grid = [[0] * symbol.size for _ in range(symbol.size)]
    for x, y, w, h in qr.rectangles(symbol):
        for yy in range(y, y + h):
            for xx in range(x, x + w):
                grid[yy][xx] += 1
    return grid


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_rectangles_cover_every_dark_module_exactly_once(account):
    symbol = qr.encode(vietqr.encode("970436", account))
    grid = _covered(symbol)
    for y in range(symbol.size):
        for x in range(symbol.size):
            assert grid[y][x] == (1 if symbol.dark(x, y) else 0)


def test_pdf_ops_use_pure_black_and_integer_modules():
    symbol = qr.encode(PAYLOADS[0])
    ops = qr.pdf_ops(symbol, 10, 20, 300)
    assert "\n0 g " in ops and " k" not in ops  # DeviceGray black (solid on RGB paths too), no CMYK
    assert ops.startswith("q 1 g ")  # white box under the symbol (quiet zone)
    rects = re.findall(r"^(\S+) (\S+) (\S+) (\S+) re$", ops, re.M)[1:]
    assert rects and all(v.isdigit() for r in rects for v in r)


def test_png_and_svg_decode_to_the_payload(tmp_path):
    payload = PAYLOADS[1]
    symbol = qr.encode(payload)
    image = Image.open(io.BytesIO(qr.png(symbol)))
    assert image.size == ((symbol.size + 8) * 10,) * 2
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [payload]
    svg = qr.svg(symbol)
    assert svg.startswith("<svg") and 'fill="#000"' in svg and f'viewBox="0 0 {symbol.size + 8}' in svg
    assert qr.png(symbol) == qr.png(symbol)  # deterministic bytes


def test_quiet_zone_is_white_in_png():
    symbol = qr.encode(PAYLOADS[0])
    image = Image.open(io.BytesIO(qr.png(symbol, module_px=4))).convert("L")
    band = 4 * 4
    w, _ = image.size
    for box in ((0, 0, w, band), (0, w - band, w, w), (0, 0, band, w), (w - band, 0, w, w)):
        assert image.crop(box).getextrema() == (255, 255)


def test_font_charset_reader_matches_reportlab():
    """fonts.read_cmap (used to check sheets without loading reportlab) agrees with reportlab's own cmap."""
    from reportlab.pdfbase import pdfmetrics

    from qrsign.render import fonts

    for style in fonts.STYLES:
        ours = fonts.charset(style)
        theirs = set(pdfmetrics.getFont(fonts.register(style)).face.charToGlyph) - {0xFFFF}
        assert ours == theirs
        assert {ord(c) for c in "Nguyễn Thị Hường Đặng ₫ – ·"} - {32} <= ours


def test_operators_draw_exactly_the_rectangles():
    for payload in PAYLOADS:
        symbol = qr.encode(payload)
        expected = "\n".join(f"{x} {y} {w} {h} re" for x, y, w, h in qr.rectangles(symbol))
        assert qr._operators(symbol) == expected
        assert qr.drawing(payload) == (symbol, expected)
