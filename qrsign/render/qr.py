"""QR symbols: the module matrix of a payload, and the shapes that draw it.

Encoder choice (measured, see ``benchmarks/README.md``): zxing-cpp's writer
(zint inside) picks segment modes optimally and runs the full ISO 18004 mask
evaluation natively; segno needs about 9 ms for the same (80 % of it in mask
scoring) and, without hand-made segments, a version or two more. zxing-cpp is
already qrsign's decoder, so it is one dependency for both directions. zint
scores the eight masks one module at a time, 85 % of an encoding; qrsign scores
them itself, on whole rows at once, and zxing-cpp draws the symbol with the mask
zint would have chosen (:mod:`qrsign.render.qrmask`): 0.2 instead of 0.4 ms a code,
the same modules. The level is pinned to M; the version is the smallest the
payload fits (``tests/test_qr.py`` checks it against an independent bit-count).

Matrices are drawn as one rectangle per horizontal run of dark modules, in
integer module units under a single transformation matrix.
"""

from __future__ import annotations

import functools
import io
import operator
import re
from dataclasses import dataclass
from itertools import chain, compress
from typing import Any

from qrsign.errors import DataError
from qrsign.render import qrmask

EC_LEVELS = ("L", "M", "Q", "H")
QUIET_ZONE = 4


@dataclass(frozen=True)
class Symbol:
    """A QR symbol: ``size``×``size`` modules, row-major, 1 = dark."""

    version: int
    ec: str
    size: int
    modules: bytes

    def dark(self, x: int, y: int) -> bool:
        return self.modules[y * self.size + x] == 1

    def rows(self) -> list[bytes]:
        s = self.size
        return [self.modules[i * s : (i + 1) * s] for i in range(s)]


def encode(payload: str, ec: str = "M") -> Symbol:
    """The smallest QR symbol (model 2, no ECI) holding ``payload`` at level ``ec``: zxing-cpp's, with the mask
    it would choose, scored by :mod:`qrsign.render.qrmask` (which is where the time of an encoding went)."""
    if ec not in EC_LEVELS:
        raise DataError("E-FORMAT", field="ec", value=ec)
    barcode, modules, size = qrmask.choose(_create, payload, ec)
    return Symbol(version=(size - 17) // 4, ec=barcode.ec_level or ec, size=size, modules=modules)


def _create(payload: str, ec: str, mask: int) -> Any:
    """zxing-cpp's symbol of ``payload`` at level ``ec`` drawn with data mask ``mask`` (0-7)."""
    import zxingcpp

    try:
        return zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=ec, dataMask=mask)
    except Exception as exc:  # zxing-cpp raises plain exceptions for content that does not fit
        raise DataError("E-PAYLOAD-TOO-LONG", field="payload", value=payload[:20], limit=vietqr_limit(),
                        detail=str(exc)) from None


def vietqr_limit() -> int:
    from qrsign.core.vietqr import MAX_PAYLOAD

    return MAX_PAYLOAD


_RUN = re.compile(rb"\x01+")


def rectangles(symbol: Symbol) -> list[tuple[int, int, int, int]]:
    """Dark areas as (x, y, w, 1) in modules, y down: one rectangle per horizontal run of dark modules.

    Every dark module is covered exactly once. (Merging runs vertically as
    well saves about 10 % of the compressed bytes but costs three times the
    time; measured in ``benchmarks/README.md``.)
    """
    s, mods = symbol.size, symbol.modules
    out = []
    for y in range(s):
        base = y * s
        for m in _RUN.finditer(mods, base, base + s):
            out.append((m.start() - base, y, m.end() - m.start(), 1))
    return out


@functools.lru_cache(maxsize=4096)
def drawing(payload: str, ec: str = "M") -> tuple[Symbol, str]:
    """The symbol of ``payload`` and its rectangles as PDF operators in module units (cached per process:
    a sign and its checklist row draw the same code)."""
    symbol = encode(payload, ec)
    return symbol, _operators(symbol)


def _operators(symbol: Symbol) -> str:
    """``x y w 1 re`` for every run of :func:`rectangles`, in the same order, joined by newlines.

    A Python loop over a row's pieces cost a sign about 0.12 ms, nearly as much as encoding it. Here the loop
    runs in C. The rows are framed by a light module each, so no run crosses from one row into the next, and
    read as one integer of a byte per module. XOR with its shift by a byte (each module's left neighbour)
    marks the edges: a run's first module and the light module after it, in pairs. ``itertools.compress``
    picks their positions, and a run's text is two strings looked up by position and width (:func:`_grid`):
    0.07 ms, the same text (``tests/test_qr.py`` checks it against :func:`rectangles` on any grid).
    """
    s, mods = symbol.size, symbol.modules
    positions, where, widths = _grid(s)
    framed = b"\x00" + b"\x00".join([mods[i : i + s] for i in range(0, s * s, s)])
    a = int.from_bytes(framed, "little")
    edges = list(compress(positions, (a ^ (a << 8)).to_bytes(len(positions), "little")))
    starts = edges[0::2]
    width = map(widths.__getitem__, map(operator.sub, edges[1::2], starts))
    return "".join(chain.from_iterable(zip(map(where.__getitem__, starts), width, strict=True)))[:-1]


@functools.cache  # one per symbol size in use: a few, each built once per process
def _grid(size: int) -> tuple[list[int], list[str], list[str]]:
    """What :func:`_operators` looks up for a symbol of ``size``: the framed positions (0, the light byte
    before the first row, then each row and the light byte after it), each position's ``"x y "``, and each
    width's ``"w 1 re\\n"``."""
    stride = size + 1
    length = size * stride + 1
    where = [""] + [f"{(i - 1) % stride} {(i - 1) // stride} " for i in range(1, length)]
    return list(range(length)), where, [f"{w} 1 re\n" for w in range(size + 1)]


def pdf_ops(symbol: Symbol, x: float, y: float, box: float, body: str | None = None) -> str:
    """PDF content-stream operators drawing ``symbol`` in a white ``box``-point square at (x, y) (bottom-left).

    The quiet zone (4 modules each side) is inside the box. Dark modules are
    DeviceGray 0 (``0 g``): one ink on a press (no rich black) and solid black
    on every RGB path too (Chrome, pdfium, MuPDF, Ghostscript turn CMYK K into
    grey 32/255, which a mono laser screens). Coordinates are integers under
    one ``cm`` so the stream stays small.
    """
    n = symbol.size + 2 * QUIET_ZONE
    m = box / n
    if body is None:
        body = _operators(symbol)
    return (
        f"q 1 g {x:.3f} {y:.3f} {box:.3f} {box:.3f} re f\n"
        f"0 g {m:.5f} 0 0 {-m:.5f} {x + QUIET_ZONE * m:.4f} {y + box - QUIET_ZONE * m:.4f} cm\n"
        f"{body}\nf Q"
    )


def svg(symbol: Symbol, module_px: int = 10) -> str:
    """A standalone SVG of the symbol with its quiet zone, one path, black on white."""
    n = symbol.size + 2 * QUIET_ZONE
    d = "".join(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{w}v{h}h-{w}z" for x, y, w, h in rectangles(symbol))
    px = n * module_px
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{px}" height="{px}" viewBox="0 0 {n} {n}" '
        f'shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/>'
        f'<path fill="#000" d="{d}"/></svg>\n'
    )


def png(symbol: Symbol, module_px: int = 10) -> bytes:
    """A grayscale PNG of the symbol with its quiet zone, drawn by Pillow (deterministic bytes: no dates).

    Pixels are 0 (dark) or 255, ``module_px`` per module, the same image the
    stdlib writer of earlier versions made (the compressed bytes differ).
    """
    from PIL import Image, ImageOps

    image = Image.frombytes("L", (symbol.size, symbol.size), symbol.modules.translate(_PIXEL))
    image = ImageOps.expand(image, border=QUIET_ZONE, fill=255)
    n = symbol.size + 2 * QUIET_ZONE
    image = image.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=9)
    return out.getvalue()


_PIXEL = bytes([255, 0]) + bytes(254)  # module value 1 (dark) → 0 (black), 0 → 255 (white)
