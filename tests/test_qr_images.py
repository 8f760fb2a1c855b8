"""Issue 13: the PNG is drawn by Pillow and shows exactly the symbol's modules, with a 4-module quiet zone."""

from __future__ import annotations

import io

from PIL import Image

from qrsign.render import qr

from conftest import GOLDEN_PAYLOAD


def test_png_pixels_are_the_modules():
    symbol = qr.encode(GOLDEN_PAYLOAD)
    px = 3
    image = Image.open(io.BytesIO(qr.png(symbol, module_px=px)))
    n = symbol.size + 2 * qr.QUIET_ZONE
    assert image.mode == "L" and image.size == (n * px, n * px)
    pixels = image.tobytes()
    for y in range(n * px):
        for x in range(n * px):
            mx, my = x // px - qr.QUIET_ZONE, y // px - qr.QUIET_ZONE
            dark = 0 <= mx < symbol.size and 0 <= my < symbol.size and symbol.dark(mx, my)
            assert pixels[y * n * px + x] == (0 if dark else 255), (x, y)
