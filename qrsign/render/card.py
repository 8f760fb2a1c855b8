"""A shareable PNG card: the QR with the holder's name, bank and account under it (``make -o x.png``).

A vendor posts the code on Zalo or a fanpage; a payer who scans it from a
screenshot has no sign beside it, so the card carries what the sign carries:
the holder's name as banking apps show it (the largest text, wrapping onto a
second line before it gets smaller than the account number), the name as
typed, the account, the bank, the stall. ``make --qr-only`` still writes the
bare code.

Drawn with Pillow in the sign's font (Be Vietnam Pro, :func:`qrsign.render.fonts.font_path`);
the QR is pure black modules on white, scaled by a whole number of pixels per
module (no resampling blur), with its 4-module quiet zone. The PNG has no
timestamp, so the same vendor gives the same bytes.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from qrsign.core import text
from qrsign.messages import ui
from qrsign.render import fonts, qr

WIDTH = 720  # px: sharp on a phone screen, small enough to send (≈ 30–40 KB)
PAD = 36  # px left and right of the text
BLUE = (11, 79, 138)  # #0B4F8A, the signs' header band
BLACK = (0, 0, 0)
GREY = (51, 51, 51)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Line:
    """One text block of the card: its text and how it may be set."""

    text: str
    style: str
    size: int  # largest size, px
    color: tuple[int, int, int] = BLACK
    lines: int = 1
    min_size: int = 10


@functools.cache
def _font(style: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(fonts.font_path(style)), size)


def fit(block: Line, width: float, floor: float = 0.0) -> tuple[int, list[str]]:
    """Size (px) and lines so ``block`` fits ``width``: the rule of the PDF signs.

    Another line is taken when it gives a clearly larger size, or any larger
    size while one line would stay below ``floor`` (the holder's name wraps
    before it gets smaller than the account number).
    """
    words = block.text.split()
    if not words:
        return block.size, []
    ref = _font(block.style, 100)
    sizes = [ref.getlength(w) / 100 for w in words]
    space = ref.getlength(" ") / 100
    best: tuple[int, list[str]] = (0, [])
    for n in range(1, min(block.lines, len(words)) + 1):
        ranges = text.wrap_balanced(sizes, space, n)
        lines = [" ".join(words[i:j]) for i, j in ranges]
        widest = max(sum(sizes[i:j]) + space * (j - i - 1) for i, j in ranges)
        size = max(block.min_size, min(block.size, int(width / widest)))
        while size > block.min_size and max(_font(block.style, size).getlength(line) for line in lines) > width:
            size -= 1
        if n == 1 or size > best[0] * 1.05 or (best[0] < floor and size > best[0]):
            best = (size, lines)
    return best


def blocks(fields: dict[str, str], lang: str = "vi") -> dict[str, Line]:
    """What the card says under the QR, top to bottom, by role (empty fields are left out)."""
    out = {
        "check": Line(ui("card.check", lang), "medium", 22, GREY),
        "holder": Line(fields["holder"], "extrabold", 60, lines=2, min_size=14),
        "name": Line(fields.get("name", ""), "regular", 28, GREY),
        "account": Line(fields["account_grouped"], "bold", 50, min_size=14),
        "amount": Line(fields.get("amount", ""), "extrabold", 40, BLUE),  # a one-off code (make --amount)
        "bank": Line(fields["bank"], "bold", 32, BLUE),
        "bank_name": Line(fields.get("bank_name", ""), "regular", 22, GREY, lines=2),
        "stall": Line(fields.get("stall_line", ""), "bold", 26),
        "footer": Line(ui("card.footer", lang, sign_id=fields.get("sign_id", "")), "regular", 18, GREY),
    }
    return {role: b for role, b in out.items() if b.text.strip()}


def layout(fields: dict[str, str], lang: str = "vi") -> dict[str, tuple[Line, int, list[str]]]:
    """Each block with its size (px) and lines; the holder's name is never smaller than the account."""
    width = WIDTH - 2 * PAD
    items = blocks(fields, lang)
    account_size, account_lines = fit(items["account"], width)
    fitted = {role: fit(b, width) for role, b in items.items() if role not in ("holder", "account")}
    fitted["holder"] = fit(items["holder"], width, floor=account_size)
    fitted["account"] = (min(account_size, fitted["holder"][0]), account_lines)
    return {role: (b, *fitted[role]) for role, b in items.items()}


def png(fields: dict[str, str], payload: str, ec: str = "M", lang: str = "vi") -> bytes:
    """The card for one account as PNG bytes.

    ``fields`` as for a sign: :func:`qrsign.building.pipeline.item_fields`.
    """
    from PIL import Image, ImageDraw

    symbol = qr.encode(payload, ec)
    side = symbol.size + 2 * qr.QUIET_ZONE
    module = max(4, (WIDTH - 2 * PAD) // side)
    pixels = bytearray(b"\xff" * side * side)  # white, quiet zone included
    for y in range(symbol.size):
        for x in range(symbol.size):
            if symbol.dark(x, y):
                pixels[(y + qr.QUIET_ZONE) * side + x + qr.QUIET_ZONE] = 0
    code = Image.frombytes("L", (side, side), bytes(pixels))
    code = code.resize((side * module, side * module), Image.Resampling.NEAREST)

    band = 84
    placed = list(layout(fields, lang).values())
    leading = 1.28
    text_h = sum(int(size * leading) * len(lines) for _, size, lines in placed) + 8 * len(placed)
    height = band + code.height + text_h + 28
    card = Image.new("RGB", (WIDTH, height), WHITE)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, WIDTH - 1, band - 1), fill=BLUE)
    header = Line(ui("card.header", lang), "extrabold", 40, WHITE)
    hsize, _ = fit(header, WIDTH - 2 * PAD)
    draw.text((WIDTH / 2, band / 2), header.text, font=_font("extrabold", hsize), fill=WHITE, anchor="mm")
    card.paste(code.convert("RGB"), ((WIDTH - code.width) // 2, band))
    y = band + code.height
    for block, size, lines in placed:
        font = _font(block.style, size)
        step = int(size * leading)
        for line in lines:
            draw.text((WIDTH / 2, y + step / 2), line, font=font, fill=block.color, anchor="mm")
            y += step
        y += 8
    buffer = io.BytesIO()
    card.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
