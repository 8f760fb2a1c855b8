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



@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=40).flatmap(
    lambda side: st.binary(min_size=side * side, max_size=side * side).map(
        lambda raw: qr.Symbol(version=1, ec="M", size=side, modules=bytes(b & 1 for b in raw)))))
def test_operators_draw_any_grid_as_its_runs(symbol):
    """Every grid, not only real symbols: rows that end dark, rows wholly dark or light, a single module.
    The runs are found with bit operations over all rows at once; none may cross into the next row."""
    expected = "\n".join(f"{x} {y} {w} {h} re" for x, y, w, h in qr.rectangles(symbol))
    assert qr._operators(symbol) == expected


@pytest.mark.parametrize("size", [1, 2, 21, 177])
@pytest.mark.parametrize("fill", [0, 1])
def test_operators_of_a_blank_and_a_full_grid(size, fill):
    symbol = qr.Symbol(version=1, ec="M", size=size, modules=bytes([fill]) * (size * size))
    assert qr._operators(symbol) == "\n".join(f"0 {y} {size} 1 re" for y in range(size)) * fill

# --------------------------------------------------------------------------------------------------
# the data mask: qrsign scores the eight masks itself (qrsign.render.qrmask) and must pick zxing-cpp's own


def _zxing_own(payload: str, ec: str) -> tuple[bytes, str]:
    """The modules (1 = dark) and level of the symbol zxing-cpp draws when it chooses the mask itself."""
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
    image = bytes(memoryview(barcode.to_image(scale=1, add_quiet_zones=False)))
    return image.translate(bytes(1 if b < 128 else 0 for b in range(256))), barcode.ec_level


def _corpus(ec: str) -> list[str]:
    """Payloads of every version at level ``ec``: digits, capitals, bytes and Vietnamese, short to full."""
    import random
    import string

    rng = random.Random(f"qr-mask-{ec}")
    alphabet = string.digits + string.ascii_uppercase + " $%*+-./:" + "abcxyzĐđạữ"
    limit = {"L": 2900, "M": 2300, "Q": 1650, "H": 1250}[ec]
    lengths = [1, 2, 7, 14, 20, 26, 33] + [int(limit * (i / 40) ** 1.6) + 1 for i in range(1, 41)]
    # short payloads whose choice turns on the dark share (rule 4): found by dropping the rule and comparing
    tipped = {"L": "aTZ.*SGB:04I/:QA02LX", "M": "DbZ", "Q": "-AZRQVLO", "H": "WđKA7K% "}[ec]
    return [vietqr.encode("970436", "0011012345678"), tipped] + ["".join(rng.choice(alphabet) for _ in range(n))
                                                          for n in lengths for _ in range(2)]


@pytest.mark.parametrize("ec", qr.EC_LEVELS)
def test_the_mask_is_the_one_zxing_cpp_chooses_at_every_version(ec):
    versions = set()
    for payload in _corpus(ec):
        try:
            expected, level = _zxing_own(payload, ec)
        except Exception:  # longer than this level holds
            continue
        symbol = qr.encode(payload, ec)
        assert (symbol.modules, symbol.ec) == (expected, level), (ec, len(payload))
        versions.add(symbol.version)
    assert len(versions) >= 30, sorted(versions)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["970416", "970436", "970407", "970422", "971025"]),
       st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=19),
       st.sampled_from(qr.EC_LEVELS))
def test_every_sign_payload_gets_zxing_cpps_own_symbol(bin_, account, ec):
    payload = vietqr.encode(bin_, account)
    assert qr.encode(payload, ec).modules == _zxing_own(payload, ec)[0]


def test_a_writer_that_ignores_the_mask_option_still_gives_its_own_symbol(monkeypatch):
    """Were zxing-cpp to ignore ``dataMask``, every mask would look alike and its own choice would be kept."""
    from qrsign.render import qrmask

    monkeypatch.setattr(qrmask, "_layouts", {})
    deaf = lambda payload, ec, mask: zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode,  # noqa: E731
                                                             ec_level=ec)
    for payload in PAYLOADS:
        _, modules, size = qrmask.choose(deaf, payload, "M")
        assert modules == _zxing_own(payload, "M")[0] and size * size == len(modules)


def test_each_version_and_level_learns_its_own_masks(monkeypatch):
    """The masks' differences are learnt once per version and level, from the first payload of that size."""
    from qrsign.render import qrmask

    monkeypatch.setattr(qrmask, "_layouts", {})
    calls: list[int] = []

    def counting(payload, ec, mask):
        calls.append(mask)
        return qr._create(payload, ec, mask)

    short, longer = PAYLOADS[0], PAYLOADS[-1]
    for payload in (short, short, longer, short):
        for ec in ("M", "H"):
            assert qrmask.choose(counting, payload, ec)[1] == _zxing_own(payload, ec)[0]
    symbols = [qr.encode(p, ec) for p in (short, longer) for ec in ("M", "H")]
    assert sorted(qrmask._layouts) == sorted({(s.size, s.ec) for s in symbols})
    assert calls.count(0) == 8 and len(calls) == 8 + 7 * len(qrmask._layouts)
