"""Draw signs into a PDF with reportlab.

One :class:`SignDocument` is one output PDF. What never changes from sign to
sign (bands, frames, static text, logos, cut marks) is drawn once into PDF form
XObjects and reused on every page; per sign only the texts and the QR are
drawn. The QR is vector rectangles in integer module units (no raster image),
pure black ink on a white box that includes the 4-module quiet zone.

Text is NFC already (models do that); here every string is checked against the
font's character map (:class:`~qrsign.errors.RenderError` otherwise, never a
silently missing glyph) and shrunk, then wrapped, to fit its box — never
overflowing or clipped.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from qrsign import _compat, fonts, qr
from qrsign.errors import InputError, RenderError
from qrsign.layout import Box, Template

_ASCENT_CAP = 0.70  # Be Vietnam Pro cap height / em (740/1000), a little under for visual centring


@dataclass
class Item:
    """What one cell shows: its text fields and its payload."""

    fields: dict[str, str]
    payload: str
    label: str = ""  # who it is, for messages ("Quầy 12 – Nguyễn Thị Hường")
    problems: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Placed:
    """Where an item ended up and how its QR came out."""

    page: int
    version: int
    module_mm: float
    shrunk: tuple[str, float] | None = None  # (placeholder, size) of a text that shrank below its min_size


def _hex(colour: str):
    return HexColor(colour)


@functools.cache
def _rgb(colour: str) -> str:
    """``#0B4F8A`` → ``0.043 0.31 0.541`` (PDF ``rg`` operands)."""
    c = HexColor(colour)
    return f"{c.red:.3g} {c.green:.3g} {c.blue:.3g}"


class SignDocument:
    """A PDF being built page by page for one template."""

    def __init__(self, template: Template, *, title: str = "", logos: dict[str, str] | None = None,
                 ec: str = "M") -> None:
        self.t = template
        self.ec = ec
        self.logos = {**template.logos, **(logos or {})}
        self.buffer = io.BytesIO()
        with _compat.binary_streams():  # binary (not ASCII85) streams: 20 % smaller files
            self._start(template, title)

    def _start(self, template: Template, title: str) -> None:
        self.c = Canvas(
            self.buffer,
            pagesize=(template.page_w * mm, template.page_h * mm),
            invariant=1,
            pageCompression=1,
            initialFontName=fonts.register("regular"),
        )
        self._doc = _compat.canvas_document(self.c)
        self.c.setTitle(title or template.name)
        self.c.setAuthor("qrsign")
        self.c.setCreator("qrsign")
        self.c.setSubject(template.description)
        self.pages = 0
        self._fonts = {style: fonts.register(style) for style in fonts.STYLES}
        self._cell_form = self._make_form("cell", template.cell_boxes, template.cell_w, template.cell_h)
        self._page_form = self._make_form("page", template.page_boxes, template.page_w, template.page_h,
                                          cut_marks=template.cut_marks)

    # ---------------------------------------------------------------------------------------------
    # static parts

    def _make_form(self, name: str, boxes: tuple[Box, ...], w: float, h: float, cut_marks: bool = False) -> str | None:
        static = [b for b in boxes if b.kind in ("rect", "line", "logo") or (b.kind == "text" and not b.dynamic)]
        if not static and not cut_marks:
            return None
        c = self.c
        c.beginForm(name, 0, 0, w * mm, h * mm)
        for b in static:
            self._draw_static(b, h)
        if cut_marks:
            self._draw_cut_marks()
        c.endForm()
        return name

    def _draw_static(self, b: Box, container_h: float) -> None:
        c = self.c
        x, y, w, h = b.x * mm, (container_h - b.y - b.h) * mm, b.w * mm, b.h * mm
        if b.kind == "rect":
            c.saveState()
            if b.fill:
                c.setFillColor(_hex(b.fill))
            if b.stroke:
                c.setStrokeColor(_hex(b.stroke))
                c.setLineWidth(b.stroke_width)
            if b.dash:
                c.setDash(3, 2)
            if b.radius:
                c.roundRect(x, y, w, h, b.radius * mm, stroke=int(bool(b.stroke)), fill=int(bool(b.fill)))
            else:
                c.rect(x, y, w, h, stroke=int(bool(b.stroke)), fill=int(bool(b.fill)))
            c.restoreState()
        elif b.kind == "line":
            c.saveState()
            c.setStrokeColor(_hex(b.stroke or b.color))
            c.setLineWidth(b.stroke_width)
            if b.dash:
                c.setDash(3, 2)
            c.line(x, (container_h - b.y) * mm, x + w, (container_h - b.y - b.h) * mm)
            c.restoreState()
        elif b.kind == "logo":
            path = self.logos.get(b.name)
            if path:
                try:
                    c.drawImage(path, x, y, w, h, preserveAspectRatio=True, anchor="c", mask="auto")
                except Exception as exc:  # reportlab/PIL raise many types for a bad image
                    raise InputError("E-LOGO", field="logo", value=path, detail=str(exc)[:100]) from None
        elif b.kind == "text":
            self._draw_text(b, b.text, x, y, label="template")

    def _draw_cut_marks(self) -> None:
        """Dashed light-grey cut lines along the cell edges that are not page edges."""
        t, c = self.t, self.c
        xs: set[float] = set()
        ys: set[float] = set()
        for px, py in t.positions.get(0, ()):
            xs.update((px, px + t.cell_w))
            ys.update((py, py + t.cell_h))
        c.saveState()
        c.setStrokeColor(_hex("#9E9E9E"))
        c.setLineWidth(0.4)
        c.setDash(4, 3)
        for x in sorted(xs):
            if 0.5 < x < t.page_w - 0.5:
                c.line(x * mm, 0, x * mm, t.page_h * mm)
        for y in sorted(ys):
            if 0.5 < y < t.page_h - 0.5:
                c.line(0, (t.page_h - y) * mm, t.page_w * mm, (t.page_h - y) * mm)
        c.restoreState()

    # ---------------------------------------------------------------------------------------------
    # text

    def fit(self, text: str, b: Box) -> tuple[float, list[str]]:
        """Font size and lines so ``text`` fits box ``b``: the largest size over 1..``b.lines`` lines."""
        font = self._fonts[b.font]
        box_w, box_h = b.w * mm, b.h * mm
        width = pdfmetrics.stringWidth(text, font, 1.0)
        size = min(b.size, box_h / b.leading, box_w / width if width else b.size)
        best = (_floor(size), [text])
        words = text.split()
        for n in range(2, min(b.lines, len(words)) + 1):
            lines = _wrap_balanced(words, n, lambda s: pdfmetrics.stringWidth(s, font, 1.0))
            widest = max(pdfmetrics.stringWidth(line, font, 1.0) for line in lines)
            s = _floor(min(b.size, box_h / (b.leading * len(lines)), box_w / widest if widest else b.size))
            if s > best[0] * 1.05:  # a clearly larger size is worth another line
                best = (s, lines)
        return best

    def _draw_text(self, b: Box, text: str, x: float, y: float, label: str) -> float | None:
        """Draw ``text`` in box ``b`` whose bottom-left is (x, y) points; returns the size used.

        The text operators are written directly, the way reportlab documents for
        its subset TrueType fonts (``splitString`` + ``getSubsetInternalName``):
        a third of the time of ``drawString`` per line, the same PDF.
        """
        if not text:
            return None
        ascii_ok = text.isascii() and text.isprintable() and fonts.covers_ascii(b.font)
        missing = () if ascii_ok else set(map(ord, text)) - fonts.charset(b.font) - {32}
        if missing:
            raise RenderError("E-GLYPH-MISSING", field=b.name or "text", value=label,
                              chars=[f"U+{cp:04X} '{chr(cp)}'" for cp in sorted(missing)])
        size, lines = self.fit(text, b)
        name = self._fonts[b.font]
        font = pdfmetrics.getFont(name)
        doc = self._doc
        escape = escapePDF
        lead = size * b.leading
        top = y + b.h * mm / 2 + lead * len(lines) / 2
        ops = [f"q {_rgb(b.color)} rg BT"]
        for i, line in enumerate(lines):
            baseline = top - (i + 0.5) * lead - size * _ASCENT_CAP / 2
            if b.align == "left":
                left = x
            else:
                width = pdfmetrics.stringWidth(line, name, size)
                left = x + (b.w * mm - width) / (2 if b.align == "center" else 1)
            ops.append(f"1 0 0 1 {left:.2f} {baseline:.2f} Tm")
            for subset, chunk in font.splitString(line, doc):
                ops.append(f"{font.getSubsetInternalName(subset, doc)} {size:g} Tf ({escape(chunk)}) Tj")
        ops.append("ET Q")
        self.c.addLiteral(" ".join(ops))
        return size

    # ---------------------------------------------------------------------------------------------
    # pages

    @_compat.with_binary_streams
    def add_page(self, items: list[Item], page_fields: dict[str, str] | None = None) -> list[Placed]:
        """Draw one page holding ``items`` (one per cell position); returns where each went."""
        t, c = self.t, self.c
        self.pages += 1
        placed: list[Placed] = []
        if self._page_form:
            c.doForm(self._page_form)
        for b in t.page_boxes:
            if b.kind == "text" and b.dynamic:
                text = _fill(b.text, page_fields or {})
                self._draw_text(b, text, b.x * mm, (t.page_h - b.y - b.h) * mm,
                                label=(page_fields or {}).get("name", ""))
        for item, (px, py) in zip(items, t.positions_for(len(items)), strict=True):
            ox, oy = px * mm, (t.page_h - py - t.cell_h) * mm
            if self._cell_form:
                c.saveState()
                c.translate(ox, oy)
                c.doForm(self._cell_form)
                c.restoreState()
            shrunk = None
            for b in t.cell_boxes:
                bx, by = ox + b.x * mm, oy + (t.cell_h - b.y - b.h) * mm
                if b.kind == "qr":
                    symbol, body = qr.drawing(item.payload, self.ec)
                    c.addLiteral(qr.pdf_ops(symbol, bx, by, b.w * mm, body))
                    module = b.w / (symbol.size + 2 * qr.QUIET_ZONE)
                elif b.kind == "text" and b.dynamic:
                    size = self._draw_text(b, _fill(b.text, item.fields), bx, by, label=item.label)
                    if size is not None and size < b.min_size and (shrunk is None or size < shrunk[1]):
                        shrunk = (min(b.placeholders, default="text"), size)
            placed.append(Placed(self.pages, symbol.version, round(module, 3), shrunk))
        c.showPage()
        return placed

    def to_bytes(self) -> bytes:
        with _compat.binary_streams():
            self.c.save()
        return self.buffer.getvalue()


def _fill(template_text: str, fields: dict[str, str]) -> str:
    """Fill placeholders; a line whose placeholders are all empty disappears."""
    try:
        out = template_text.format_map(_Blank(fields))
    except (ValueError, IndexError):
        return template_text
    return " ".join(out.split())


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def _floor(size: float) -> float:
    """Round a font size down to a quarter point, so the text never ends wider than its box."""
    return int(size * 4) / 4


def _wrap_balanced(words: list[str], n: int, width) -> list[str]:
    """Split ``words`` into at most ``n`` lines of similar width (greedy against the average).

    Widths are summed from each word's width and the space's, so a long
    warning line costs one width per word instead of one per growing prefix.
    """
    if len(words) <= 1:
        return [" ".join(words)]
    space = width(" ")
    sizes = [width(w) for w in words]
    target = (sum(sizes) + space * (len(words) - 1)) / n
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word, size in zip(words, sizes, strict=True):
        trial = current_width + space + size if current else size
        if current and trial > target * 1.08 and len(lines) < n - 1:
            lines.append(" ".join(current))
            current, current_width = [word], size
        else:
            current.append(word)
            current_width = trial
    if current:
        lines.append(" ".join(current))
    return lines
