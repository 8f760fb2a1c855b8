"""The data mask of a QR symbol: the one zxing-cpp would choose, found in a third of its time.

Why this exists: zxing-cpp's writer (zint inside) spends about 85 % of a code's
time scoring the eight data masks of ISO/IEC 18004 (§7.8.3), in C but one module
at a time: about 0.36 of 0.42 ms for a version-4 sign payload, a quarter of what a
worker spends on a sign. Told which mask to use (its ``dataMask`` option), it
encodes in 0.06 ms. This module scores the eight masks with Python's big-integer
bit operations, every row and column of the symbol at once (8-13 µs a mask),
and hands back the symbol of the best one: 0.2 ms a code in all.

The symbol stays zxing-cpp's, bit for bit:

- Masking XORs a fixed pattern over the data modules, and the format information
  depends only on the level and the mask. So for one version and level, the
  difference between a symbol drawn with mask *m* and with mask 0 is the same for
  every payload. It is learnt from zxing-cpp itself, once per version and level in
  a process (seven more encodings of the first payload of that size), never
  computed from the standard's tables.
- The score is zint's own (``qr_evaluate`` in zint's ``backend/qr.c``): runs of
  five or more (N1 = 3, +1 a module more), 2×2 blocks (3), ``1011101`` with four
  light modules before *or* after it, the symbol's edge counting as light (40, once
  a match), and 10 for every full 5 % the dark share strays from 50 %; the first
  mask with the lowest score wins. ``tests/test_qr.py`` checks the result equals
  zxing-cpp's own choice on payloads of every version and level.
- Were zxing-cpp to ignore ``dataMask``, every difference would be zero, every
  mask would score the same, and the symbol would be zxing-cpp's own choice: only
  slower, never wrong.

How the bits are laid out: a symbol with its 4-module quiet zone (as zxing-cpp
draws it) is ``n × n`` bits, ``n = size + 8``, row after row; module (x, y) is bit
``(y + 4) · n + x + 4``. The quiet zone keeps rows apart, so a shift by 1 moves
along a row and never into the next one's modules, and it is the "outside" that
zint counts as light beside a finder-like pattern. One integer holds four such
planes: the symbol, its transpose (so columns are scored as rows), and the light
modules of each, so every rule is a handful of operations on one integer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

QUIET = 4  # modules of quiet zone on each side, as zxing-cpp's image has them
MASKS = 8

#: Image bytes (0 = dark, 255 = light) to ASCII bits for ``int(…, 2)``.
_TO_BITS = bytes(ord("1") if b < 128 else ord("0") for b in range(256))
#: ASCII bits back to the module bytes of :class:`qrsign.render.qr.Symbol` (1 = dark).
_FROM_BITS = bytes(1 if b == ord("1") else 0 for b in range(256))


@dataclass(frozen=True)
class _Layout:
    """The masks of one version and level, as differences from mask 0, and the planes' constant bits."""

    size: int
    n: int  # size + 2 · QUIET: the stride of a row, and of a column in the transposed plane
    half: int  # where the light planes start: 2 · n²
    inside_dark: int  # the symbol's modules in the symbol's plane and its transpose
    outside_dark: int  # their quiet zones (light beside a pattern)
    dark_planes: int  # all the bits of the symbol's plane and its transpose
    symbol_plane: int  # the symbol alone (for the dark share)
    diffs: tuple[int, ...]  # four-plane XOR of mask m against mask 0


_layouts: dict[tuple[int, str], _Layout] = {}


def choose(create: Any, payload: str, ec: str) -> tuple[Any, bytes, int]:
    """The symbol zxing-cpp would draw for ``payload`` at level ``ec``: its barcode (for the level it reports),
    its modules (``size × size`` bytes, 1 = dark, row-major) and its size.

    ``create(payload, ec, mask)`` is zxing-cpp's ``create_barcode`` with ``dataMask`` (it raises for a payload
    that does not fit, which the caller turns into a typed error).
    """
    barcode = create(payload, ec, 0)
    bits, n = _bits(barcode)
    size = n - 2 * QUIET
    # keyed by the level the symbol carries: its format bits are part of every mask's difference
    key = (size, barcode.ec_level or ec)
    lay = _layouts.get(key)
    if lay is None:
        lay = _layouts[key] = _learn(create, payload, ec, bits, n)
    planes = _planes(bits, n, lay)
    best, lowest = 0, -1
    for mask, diff in enumerate(lay.diffs):
        score = _score(planes ^ diff, lay)
        if lowest < 0 or score < lowest:
            best, lowest = mask, score
    if best:
        chosen = (planes ^ lay.diffs[best]) & lay.symbol_plane
        bits = format(chosen, f"0{n * n}b").encode("ascii")[::-1]
    return barcode, _modules(bits, n, size), size


def _bits(barcode: Any) -> tuple[bytes, int]:
    """The symbol with its quiet zone as ASCII bits, row after row, and its side ``n``."""
    image = barcode.to_image(scale=1, add_quiet_zones=True)
    return bytes(memoryview(image)).translate(_TO_BITS), int(image.shape[0])


def _planes(bits: bytes, n: int, lay: _Layout) -> int:
    """The four planes as one integer: symbol, transpose, and the light modules of each (bit 0 first)."""
    dark = int((bits + b"".join([bits[x::n] for x in range(n)]))[::-1], 2)
    return dark | ((dark ^ lay.inside_dark) << lay.half)


def _modules(bits: bytes, n: int, size: int) -> bytes:
    """The ``size × size`` module bytes inside the quiet zone."""
    first = QUIET * n + QUIET
    return b"".join([bits[first + y * n : first + y * n + size] for y in range(size)]).translate(_FROM_BITS)


def _learn(create: Any, payload: str, ec: str, bits0: bytes, n: int) -> _Layout:
    """How each mask differs from mask 0 for this version and level, from zxing-cpp's own symbols."""
    size, nn = n - 2 * QUIET, n * n
    row = b"0" * QUIET + b"1" * size + b"0" * QUIET
    plane = b"0" * (QUIET * n) + row * size + b"0" * (QUIET * n)
    two = int((plane + plane)[::-1], 2)
    dark_planes = (1 << 2 * nn) - 1
    lay = _Layout(size, n, 2 * nn, two, dark_planes & ~two, dark_planes, (1 << nn) - 1, ())
    first = _planes(bits0, n, lay)
    diffs = [0]
    for mask in range(1, MASKS):
        other, _ = _bits(create(payload, ec, mask))
        diffs.append(_planes(other, n, lay) ^ first)
    return dataclasses.replace(lay, diffs=tuple(diffs))


def _score(planes: int, lay: _Layout) -> int:
    """zint's penalty of one masked symbol (see the module docstring), over all four planes at once.

    Runs and blocks are counted in every plane: a row run of the transpose is a column run of the
    symbol, and a light plane's runs are light runs; each 2×2 block is seen twice (symbol and transpose).
    The finder-like pattern is looked for in the dark planes only, with the light planes beside it.
    """
    pairs = planes & (planes >> 1)
    fourth = planes >> 4
    runs = pairs & (pairs >> 2) & fourth  # five in a row from this bit on
    score = runs.bit_count() + 2 * (runs & ~(planes << 1)).bit_count()  # each run: (length − 4) + 2
    score += 3 * ((pairs & (pairs >> lay.n)).bit_count() // 2)
    dark = planes & lay.dark_planes  # the pattern is looked for in the lower half only: half the bits to move
    light = dark ^ lay.inside_dark
    found = dark & (light >> 1) & (pairs >> 2) & fourth & (light >> 5) & (dark >> 6)
    if found:
        clear = light | lay.outside_dark
        two = clear & (clear << 1)
        score += 40 * (found & (((two << 1) & (two << 3)) | ((two >> 8) & (two >> 10)))).bit_count()
    share = 100.0 * (planes & lay.symbol_plane).bit_count() / (lay.size * lay.size)
    return score + 10 * int(abs(share - 50.0) / 5.0)
