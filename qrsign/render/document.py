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
import re
from dataclasses import dataclass
from itertools import repeat

from reportlab.lib.colors import HexColor
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from qrsign import _compat
from qrsign.core import banks, text, vietqr
from qrsign.errors import InputError, QrsignError, RenderError
from qrsign.messages import ui
from qrsign.render import deflate, fonts, qr
from qrsign.render.layout import Box, Template
from qrsign.render.planning import Item  # what a cell shows: planned without I/O, drawn here

_ASCENT_CAP = 0.70  # Be Vietnam Pro cap height / em (740/1000), a little under for visual centring

#: A run of text in one font style, and a word: runs with no space between them (``NGUYEN THI HUONG`` + ``.``).
Run = tuple[str, str]
Word = tuple[Run, ...]
#: The heavier style the holder's name takes inside a sentence (the warning strip).
_STRONG = {"regular": "bold", "medium": "bold", "bold": "extrabold", "extrabold": "extrabold"}
_HOLDER = "{holder}"
_ACCOUNTS = ("{account_grouped}", "{account}")
_ACCOUNT, _OTHER = "account", "other"  # the roles of text boxes with placeholders (and _HOLDER)
#: A font size and the lines of words drawn at it.
Fit = tuple[float, list[list[Word]]]


@dataclass(frozen=True)
class Placed:
    """Where an item ended up and how its QR came out."""

    page: int
    version: int
    module_mm: float
    shrunk: tuple[str, float] | None = None  # (placeholder, size) of a text that shrank below its min_size
    #: Boxes in mm, page coordinates with the origin at the page's top-left corner and y growing downwards
    #: (the templates' own units, and the orientation of a rendered page image): [x, y, w, h].
    cell: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    qr_box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    #: The big holder line of this item (in its cell, or once for the page on a combined sign), None when the
    #: template has none: verify reads the holder's name there, not in the sentence of the warning strip.
    holder_box: tuple[float, float, float, float] | None = None
    #: The warning strip's sentence could not hold the holder's name at a legible size and says "the name
    #: printed above" instead (the big holder line still shows it).
    strip_without_name: bool = False


@dataclass(frozen=True)
class CellFits:
    """How one cell's texts are fitted: the holder's and the account's boxes ranked against each other
    (:meth:`SignDocument._fit_ranked`), every other text box, and the smallest size among those others."""

    ranked: dict[int, Fit]
    others: dict[int, Fit]
    least: float


def _hex(colour: str):
    return HexColor(colour)


@functools.cache
def _fill_op(colour: str, size: float) -> str:
    """The fill-colour operator for text of ``colour`` (at ``size`` pt).

    Every text a volunteer or a payer reads is pure black, DeviceGray 0
    (``0 g``), whatever colour or size the template gives it: a mono laser or a
    photocopier screens grey and blue into dots that text cannot survive, and
    RGB or CMYK black may come out as a 4-colour grey. White stays white (text
    on a band); a template's colour still paints its bands and frames.
    """
    c = HexColor(colour)
    if (round(c.red * 255), round(c.green * 255), round(c.blue * 255)) == (255, 255, 255):
        return "1 g"
    return "0 g"


def refuse_qr_logo(path: str) -> None:
    """A logo that carries a QR code is refused (``E-LOGO-QR``): a sign shows one code, the vendor's, and a
    code in a logo would pay whoever it names from every sign printed."""
    found = _logo_codes(path)
    if found:
        try:
            scan = vietqr.scan(found[0])
            bank = banks.by_bin(scan.bin) if scan.bin else None
            who = f"{bank.short_name if bank else scan.bin} {scan.account}" if scan.account else found[0][:40]
        except QrsignError:
            who = found[0][:40]
        raise InputError("E-LOGO-QR", field="logo", value=path, detail=who)


@functools.lru_cache(maxsize=32)  # every document of a build checks the same few logos
def _logo_codes(path: str) -> tuple[str, ...]:
    """The QR codes in a picture, read on white (a transparent background would read as black) and, when the
    picture is small, enlarged so a code of one pixel per module is still read. () when it does not open:
    drawing it then reports why."""
    from PIL import Image

    from qrsign.intake.pictures import MAX_PIXELS, read_codes

    try:
        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                return ()
            rgba = im.convert("RGBA")
    except Exception:  # PIL raises many types for a bad image; drawImage reports it as E-LOGO
        return ()
    grey = Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
    scale = max(1, 1200 // max(grey.size))
    if scale > 1:
        grey = grey.resize((grey.width * scale, grey.height * scale), Image.Resampling.NEAREST)
    return tuple(c.text for c in read_codes(grey))


class SignDocument:
    """A PDF being built page by page for one template."""

    def __init__(self, template: Template, *, title: str = "", logos: dict[str, str] | None = None,
                 ec: str = "M") -> None:
        self.t = template
        self.ec = ec
        self.logos = {**template.logos, **(logos or {})}
        for path in self.logos.values():
            refuse_qr_logo(path)
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
        #: The fonts themselves: ``font.stringWidth`` is what ``pdfmetrics.stringWidth`` calls after a lookup.
        self._faces = {style: pdfmetrics.getFont(name) for style, name in self._fonts.items()}
        #: (box, words, floor) → (size, lines): bank names, markets and stall lines repeat from sign to sign
        self._fitted: dict[tuple, tuple[float, list[list[Word]]]] = {}
        self._split: dict[tuple[str, str], list[tuple[str, str]]] = {}  # see _chunks
        self._widths: dict[tuple[str, str], float] = {}  # see _width1
        self._assigned: dict[str, dict[int, int]] = {}  # style → its font's codes in this document (_chunks)
        #: style → (how many codes it had, its first subset's characters, their codes, that subset's name)
        self._subset0: dict[str, tuple[int, frozenset[str], dict[int, int], str]] = {}
        #: a width kept at 1 pt, times a size, is the width at that size (see _compat.scaled_widths)
        self._scaled = all(_compat.scaled_widths(face) for face in self._faces.values())
        self._box_roles: dict[int, list[str]] = {}  # see _roles
        self._texts: dict[int, list[tuple[int, Box, str | None]]] = {}  # see _dynamic_words
        self._static_least: dict[int, float] = {}  # see _least
        self._holder_boxes: dict[int, Box | None] = {}  # see _holder_line
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
            self._draw_text(b, _words(b, {}), x, y, label="template")

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

    def _width1(self, chars: str, style: str) -> float:
        """Width of ``chars`` in ``style`` at 1 pt, remembered for the document: the words of a sentence, bank
        names and stall labels come back on every sign."""
        key = (chars, style)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = self._faces[style].stringWidth(chars, 1.0)
        return found

    def _width(self, word: Word) -> float:
        """Width of ``word`` at 1 pt."""
        if len(word) == 1:
            return self._width1(*word[0])
        return sum(self._width1(t, style) for t, style in word)

    def fit(self, words: list[Word], b: Box, floor: float = 0.0) -> tuple[float, list[list[Word]]]:
        """Font size and lines so ``words`` fit box ``b``: the largest size over 1..``b.lines`` lines.

        Another line is taken when it gives a clearly (5 %) larger size, or any
        larger size while one line would stay below ``floor``: the holder's name
        wraps onto a second line before it gets smaller than the account number.
        Words never break, so the holder's name inside a sentence stays whole.
        """
        if not words:
            return b.size, []
        # a text in one style is known by its text (cheaper to hash than its words, the same fit)
        key = (id(b), words.style, words.text, floor) if type(words) is _Plain else (id(b), tuple(words), floor)
        found = self._fitted.get(key)
        if found is None:
            found = self._fitted[key] = self._fit(words, b, floor)
        return found

    def _fit(self, words: list[Word], b: Box, floor: float) -> tuple[float, list[list[Word]]]:
        box_w, box_h = b.w * mm, b.h * mm
        runs = _runs(words, b.font)
        width = self._width1(*runs[0]) if len(runs) == 1 else sum(self._width1(t, style) for t, style in runs)
        tallest = min(b.size, box_h / b.leading)
        best = (_floor(min(tallest, box_w / width if width else b.size)), [list(words)])
        if b.lines == 1 or len(words) == 1 or best[0] >= _floor(tallest):
            return best  # the width does not hold it back: more lines can only be smaller
        widths = self._widths  # a one-run word's run is its key there: most words of a warning strip are known
        sizes = [(widths.get(w[0]) if len(w) == 1 else None) or self._width(w) for w in words]
        space = self._width1(" ", b.font)
        for n in range(2, min(b.lines, len(words)) + 1):
            ranges = text.wrap_balanced(sizes, space, n)
            widest = max(sum(sizes[i:j]) + space * (j - i - 1) for i, j in ranges)
            s = _floor(min(b.size, box_h / (b.leading * len(ranges)), box_w / widest if widest else b.size))
            if s > best[0] * 1.05 or (best[0] < floor and s > best[0]):
                best = (s, [list(words[i:j]) for i, j in ranges])
        return best

    def _fit_ranked(self, page_words: dict[int, list[Word]], cell_words: list[dict[int, list[Word]]]
                    ) -> tuple[dict[int, Fit], list[CellFits]]:
        """Sizes of the holder's and the account's boxes on one page, so the holder's name is the largest.

        A box showing just ``{holder}`` is fitted with the account's natural
        size as its floor (it wraps before it shrinks below it); then every box
        showing just the account is drawn no larger than the holder's name of its
        cell, or of the page (a combined sign names the holder once). Returns
        ``(size, lines)`` by box index for the page, and for each cell its ranked
        fits, the fits of its other texts and the smallest of those (see :meth:`_least`).
        Every box is fitted once.
        """
        t = self.t
        page_roles, cell_roles = self._roles(t.page_boxes), self._roles(t.cell_boxes)

        def accounts(boxes: tuple[Box, ...], roles: list[str], words: dict[int, list[Word]]) -> dict[int, Fit]:
            return {i: self.fit(w, boxes[i]) for i, w in words.items() if w and roles[i] == _ACCOUNT}

        def holders(boxes: tuple[Box, ...], roles: list[str], words: dict[int, list[Word]], floor: float
                    ) -> dict[int, Fit]:
            return {i: self.fit(w, boxes[i], floor) for i, w in words.items() if w and roles[i] == _HOLDER}

        page_acc = accounts(t.page_boxes, page_roles, page_words)
        cell_acc = [accounts(t.cell_boxes, cell_roles, w) for w in cell_words]
        everything = [s for fits in (page_acc, *cell_acc) for s, _ in fits.values()]
        page_fit = holders(t.page_boxes, page_roles, page_words, max(everything, default=0.0))
        page_cap = min((s for s, _ in page_fit.values()), default=float("inf"))
        page_least = self._least(t.page_boxes, self._others(t.page_boxes, page_roles, page_words))
        page_fit.update({i: (min(s, max(page_cap, page_least)), lines) for i, (s, lines) in page_acc.items()})
        cells = []
        for acc, words in zip(cell_acc, cell_words, strict=True):
            fits = holders(t.cell_boxes, cell_roles, words,
                           max((s for s, _ in (*acc.values(), *page_acc.values())), default=0.0))
            others = self._others(t.cell_boxes, cell_roles, words)
            least = self._least(t.cell_boxes, others)
            cap = max(min([page_cap, *(s for s, _ in fits.values())]), least)
            fits.update({i: (min(s, cap), lines) for i, (s, lines) in acc.items()})
            cells.append(CellFits(fits, others, least))
        return page_fit, cells

    def _roles(self, boxes: tuple[Box, ...]) -> list[str]:
        """What each box shows, by index: ``{holder}`` alone, the account alone, other text with placeholders,
        or "" (static parts, the QR): worked out once per document for each tuple of boxes."""
        found = self._box_roles.get(id(boxes))
        if found is None:
            found = self._box_roles[id(boxes)] = [
                "" if b.kind != "text" or not b.dynamic else
                _HOLDER if b.text.strip() == _HOLDER else _ACCOUNT if b.text.strip() in _ACCOUNTS else _OTHER
                for b in boxes]
        return found

    def _others(self, boxes: tuple[Box, ...], roles: list[str], words: dict[int, list[Word]]) -> dict[int, Fit]:
        """The fits of the texts of a cell (or page) other than the holder's name and the account."""
        return {i: self.fit(w, boxes[i]) for i, w in words.items() if w and roles[i] == _OTHER}

    def _least(self, boxes: tuple[Box, ...], others: dict[int, Fit]) -> float:
        """The smallest size of the texts of a cell (or page) other than the holder's name and the account:
        the holder and the account are never drawn smaller than it (an account is not capped below it to
        stay under a long name)."""
        static = self._static_least.get(id(boxes))
        if static is None:
            static = self._static_least[id(boxes)] = min(
                (b.size for b in boxes if b.kind == "text" and not b.dynamic), default=float("inf"))
        least = min([static, *(s for s, _ in others.values())])
        return 0.0 if least == float("inf") else least

    def _draw_text(self, b: Box, words: list[Word], x: float, y: float, label: str,
                   fitted: Fit | None = None) -> float | None:
        """Draw ``words`` in box ``b`` whose bottom-left is (x, y) points; returns the size used.

        ``fitted`` is a size and lines already chosen (:meth:`_fit_ranked`).
        The text operators are written directly, the way reportlab documents for
        its subset TrueType fonts (``splitString`` + ``getSubsetInternalName``):
        a third of the time of ``drawString`` per line, the same PDF.
        """
        if not words:
            return None
        everything = _runs(words, b.font)
        for chars, style in everything:
            missing = _missing_glyphs(chars, style)
            if missing:
                raise RenderError("E-GLYPH-MISSING", field=b.name or "text", value=label,
                                  chars=[f"U+{cp:04X} '{chr(cp)}'" for cp in missing])
        size, lines = fitted or self.fit(words, b)
        lead = size * b.leading
        top = y + b.h * mm / 2 + lead * len(lines) / 2
        ops = [f"q {_fill_op(b.color, size)} BT"]
        for i, line in enumerate(lines):
            runs = everything if len(lines) == 1 else _runs(line, b.font)
            baseline = top - (i + 0.5) * lead - size * _ASCENT_CAP / 2
            if b.align == "left":
                left = x
            else:
                if self._scaled:  # the widths fit() measured, the same numbers
                    width = sum(self._width1(t, style) * size for t, style in runs)
                elif len(runs) == 1:  # most texts: one run (a sum of one width is that width)
                    width = self._faces[runs[0][1]].stringWidth(runs[0][0], size)
                else:
                    width = sum(self._faces[style].stringWidth(t, size) for t, style in runs)
                left = x + (b.w * mm - width) / (2 if b.align == "center" else 1)
            ops.append(f"1 0 0 1 {left:.2f} {baseline:.2f} Tm")
            for chunk_text, style in runs:
                for subset_name, chunk in self._chunks(chunk_text, style):
                    ops.append(f"{subset_name} {size:g} Tf ({chunk}) Tj")
        ops.append("ET Q")
        self.c.addLiteral(" ".join(ops))
        return size

    def _chunks(self, chars: str, style: str) -> list[tuple[str, str]]:
        """``chars`` as (subset font name, escaped bytes) pieces of this document's font subsets.

        reportlab assigns a glyph to a subset the first time the document uses it, and never again,
        so the pieces of a text are the same every time: bank names, markets and stall lines repeat
        on every sign, and are split once per document.
        """
        key = (chars, style)
        found = self._split.get(key)
        if found is None:
            found = self._split[key] = self._first_subset(chars, style) or self._pieces(chars, style)
        return found

    def _first_subset(self, chars: str, style: str) -> list[tuple[str, str]] | None:
        """``chars`` as the one piece of the font's first subset, when every character has a code there already
        (nearly every text after the first few signs); None otherwise. What :meth:`_pieces` gives it."""
        assigned = self._assigned.get(style)
        if not chars or assigned is None:
            return None
        known = self._subset0.get(style)
        if known is None or known[0] != len(assigned):  # reportlab gave more characters their codes
            font = self._faces[style]
            known = self._subset0[style] = (len(assigned), *_compat.first_subset_codes(assigned),
                                            font.getSubsetInternalName(0, self._doc))
        if not known[1].issuperset(chars):
            return None
        return [(known[3], escapePDF(chars.translate(known[2]).encode("latin-1")))]

    def _pieces(self, chars: str, style: str) -> list[tuple[str, str]]:
        """``chars`` as (subset font name, escaped bytes) pieces, through reportlab's subsets."""
        doc = self._doc
        font = self._faces[style]
        pieces = _compat.split_string(font, chars, doc, self._assigned.get(style))
        if style not in self._assigned:  # reportlab makes the font's state with its first text in the document
            kept = _compat.subset_assignments(font, doc)
            if kept is not None:
                self._assigned[style] = kept
        return [(font.getSubsetInternalName(subset, doc), escapePDF(chunk)) for subset, chunk in pieces]

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
        page_words = self._dynamic_words(t.page_boxes, page_fields or {})
        cell_words = [self._dynamic_words(t.cell_boxes, item.fields) for item in items]
        nameless = [self._strip_without_name(t.cell_boxes, words, item.fields)
                    for words, item in zip(cell_words, items, strict=True)]
        page_fit, cell_fits = self._fit_ranked(page_words, cell_words)
        for i, b in enumerate(t.page_boxes):
            if i in page_words:
                self._draw_text(b, page_words[i], b.x * mm, (t.page_h - b.y - b.h) * mm,
                                label=(page_fields or {}).get("name", ""), fitted=page_fit.get(i))
        holder_page_box = self._holder_line(t.page_boxes, 0.0, 0.0)
        for n, (item, (px, py)) in enumerate(zip(items, t.positions_for(len(items)), strict=True)):
            ox, oy = px * mm, (t.page_h - py - t.cell_h) * mm
            if self._cell_form:
                _compat.form_at(c, self._cell_form, ox, oy)
            shrunk: tuple[str, float] | None = None
            fits = cell_fits[n]
            least = fits.least
            qr_box = (0.0, 0.0, 0.0, 0.0)
            for i, b in enumerate(t.cell_boxes):
                bx, by = ox + b.x * mm, oy + (t.cell_h - b.y - b.h) * mm
                if b.kind == "qr":
                    qr_box = (round(px + b.x, 3), round(py + b.y, 3), b.w, b.h)
                    symbol, body = qr.drawing(item.payload, self.ec)
                    c.addLiteral(qr.pdf_ops(symbol, bx, by, b.w * mm, body))
                    module = b.w / (symbol.size + 2 * qr.QUIET_ZONE)
                elif b.kind == "text" and b.dynamic:
                    size = self._draw_text(b, cell_words[n][i], bx, by, label=item.label,
                                           fitted=fits.ranked.get(i) or fits.others.get(i))
                    if size is not None and (size < b.min_size or (i in fits.ranked and size < least)) and (
                            shrunk is None or size < shrunk[1]):
                        shrunk = (_element(b), size)
            placed.append(Placed(self.pages, symbol.version, round(module, 3), shrunk,
                                 cell=(round(px, 3), round(py, 3), t.cell_w, t.cell_h), qr_box=qr_box,
                                 holder_box=self._holder_line(t.cell_boxes, px, py) or holder_page_box,
                                 strip_without_name=nameless[n]))
        c.showPage()
        return placed

    def _holder_line(self, boxes: tuple[Box, ...], ox: float, oy: float) -> tuple[float, float, float, float] | None:
        """The box (mm, page coordinates, offset by the cell's corner ``ox``, ``oy``) of the text that shows just
        the holder's name; None when there is none. Which box that is, is looked for once per document."""
        if id(boxes) in self._holder_boxes:
            b = self._holder_boxes[id(boxes)]
        else:
            b = self._holder_boxes[id(boxes)] = next(
                (b for b in boxes if b.kind == "text" and b.text.strip() == _HOLDER), None)
        return None if b is None else (round(ox + b.x, 3), round(oy + b.y, 3), b.w, b.h)

    def _dynamic_words(self, boxes: tuple[Box, ...], fields: dict[str, str]) -> dict[int, list[Word]]:
        """The words of every text box with placeholders, by box index.

        Which boxes those are, and which of them show one placeholder and
        nothing else (``{bank}``: the words of its value), is worked out once
        per document for each tuple of boxes; the others are filled by
        :func:`_words`. The same words as :func:`_words` gives every box.
        """
        plan = self._texts.get(id(boxes))
        if plan is None:
            plan = self._texts[id(boxes)] = [(i, b, _single(b)) for i, b in enumerate(boxes)
                                             if b.kind == "text" and b.dynamic]
        out: dict[int, list[Word]] = {}
        for i, b, field in plan:
            if field is None:
                out[i] = _words(b, fields)
            else:
                value = fields.get(field, "")
                out[i] = _plain(value if type(value) is str else format(value, ""), b.font)
        return out

    def _strip_without_name(self, boxes: tuple[Box, ...], words: dict[int, list[Word]], fields: dict[str, str]
                            ) -> bool:
        """A sentence that names the holder (the warning strip) and cannot hold a long name at its
        ``min_size`` says "the name printed above" instead, at a legible size; ``words`` is changed in place.
        True when it did."""
        dropped = False
        for i, w in list(words.items()):
            b = boxes[i]
            if w and _HOLDER in b.text and b.text.strip() != _HOLDER and self.fit(w, b)[0] < b.min_size:
                words[i] = _words(b, {**fields, "holder": ui("sign.holder_above", "vi")})
                dropped = True
        return dropped

    def to_bytes(self) -> bytes:
        """The finished PDF: binary streams, compressed by :func:`qrsign.render.deflate.compressor`."""
        with _compat.binary_streams(), _compat.flate_with(deflate.compressor()[1]), _compat.page_dicts_once():
            self.c.save()
        return self.buffer.getvalue()


def _element(b: Box) -> str:
    """What a warning calls a text box: the field it shows, or ``warning_line`` for the sentence naming the
    holder (a strip that shrank is not the holder's name shrinking)."""
    if b.text.strip().startswith("{") and b.text.strip().endswith("}") and len(b.placeholders) == 1:
        return next(iter(b.placeholders))
    if _HOLDER in b.text:
        return "warning_line"
    return b.name or min(b.placeholders, default="text")


class _Blank:
    """``fields`` as ``format_map`` reads them, a missing one blank (a view: the fields are not copied)."""

    __slots__ = ("fields",)

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "")


def _floor(size: float) -> float:
    """Round a font size down to a quarter point, so the text never ends wider than its box."""
    return int(size * 4) / 4


def _words(b: Box, fields: dict[str, str]) -> list[Word]:
    """The words box ``b`` shows, filled from ``fields``, each a tuple of (text, style) runs.

    In a sentence that names the holder (the warning strip), the holder's name
    is one word in the heavier style, so it is never broken across lines and
    stands out; punctuation typed against it (``{holder}.``) sticks to it.

    >>> box = Box("text", 0, 0, 10, 10, text="là {holder}. Nếu", font="medium")
    >>> _words(box, {"holder": "NGUYEN THI HUONG"})
    [(('là', 'medium'),), (('NGUYEN THI HUONG', 'bold'), ('.', 'medium')), (('Nếu', 'medium'),)]
    """
    holder = fields.get("holder", "")
    if not b.dynamic:
        return _plain(b.text, b.font)
    if not holder or _HOLDER not in b.text or b.text.strip() == _HOLDER:
        return _plain(_format(b.text, fields), b.font)  # single-spaced: a line of empty placeholders disappears
    segments: list[tuple[str, str, bool]] = []
    for k, piece in enumerate(b.text.split(_HOLDER)):
        if k:
            segments.append((holder, _STRONG[b.font], True))
        segments.append((_format(piece, fields), b.font, False))
    words: list[list[Run]] = []
    joined = False  # whether the next text touches the last word (no space between)
    for piece, style, whole in segments:
        parts = [piece] if whole else piece.split()
        if not parts:
            joined = joined and not piece
            continue
        for i, part in enumerate(parts):
            if i == 0 and joined and words and (whole or not piece[0].isspace()):
                words[-1].append((part, style))
            else:
                words.append([(part, style)])
        joined = whole or not piece[-1].isspace()
    return [tuple(w) for w in words]


_SINGLE = re.compile(r"\{([^\W\d]\w*)\}")  # a name: "{0}" is positional, which _format leaves as typed


def _single(b: Box) -> str | None:
    """The field a text box shows when its text is one placeholder and nothing else (``{bank}``), else None:
    its words are then the words of that field's value, as :func:`_words` would make them.

    >>> _single(Box("text", 0, 0, 1, 1, text="{bank}")), _single(Box("text", 0, 0, 1, 1, text="Quầy {stall}"))
    ('bank', None)
    """
    m = _SINGLE.fullmatch(b.text)
    return m.group(1) if m else None


def _format(template_text: str, fields: dict[str, str]) -> str:
    """Fill placeholders, spaces kept (a piece of a sentence around the holder's name)."""
    try:
        return template_text.format_map(_Blank(fields))
    except (ValueError, IndexError):
        return template_text


@functools.lru_cache(maxsize=8192)  # bank names, markets and stall lines repeat on every page
def _missing_glyphs(chars: str, style: str) -> tuple[int, ...]:
    """Code points of ``chars`` the font style cannot draw (spaces aside), in order; () when it can draw all."""
    if chars.isascii() and chars.isprintable() and fonts.covers_ascii(style):
        return ()
    if _drawable(style).issuperset(chars):  # every character drawn (nearly every text): no set arithmetic
        return ()
    return tuple(sorted(set(map(ord, chars)) - fonts.charset(style) - {32}))


@functools.cache
def _drawable(style: str) -> frozenset[str]:
    """The characters ``style`` draws, and the space: a text made of them misses no glyph."""
    return frozenset(map(chr, fonts.charset(style))) | {" "}


class _Plain(list[Word]):
    """The words of a text in one style, single-spaced, that keeps the text itself: its one run is that
    text, not the words joined again (most boxes of every sign)."""

    __slots__ = ("style", "text")
    style: str
    text: str


def _plain(text: str, style: str) -> list[Word]:
    """The words of ``text``, each one run in ``style``: ``((word, style),)``, made by ``zip`` in C (a generator
    expression cost a tuple's worth of Python per word of every text drawn)."""
    parts = text.split()
    words = _Plain(zip(zip(parts, repeat(style))))
    words.text, words.style = " ".join(parts), style
    return words


def _runs(line: list[Word], style: str) -> list[Run]:
    """One line's runs to draw: words joined by spaces in the box's style, same-style runs merged."""
    if type(line) is _Plain and line.style == style:
        return [(line.text, style)]
    for word in line:  # a plain loop: this runs for every text of every sign
        if len(word) != 1 or word[0][1] != style:
            break
    else:  # plain text: one run
        return [(" ".join([word[0][0] for word in line]), style)]
    runs: list[Run] = []
    pieces: list[str] = []  # the text of the run being gathered, in ``current`` style
    current = None
    for k, word in enumerate(line):
        if k:  # the space before a word, in the box's style (no tuple made for it: a warning strip has 20 words)
            if current != style:
                if pieces:
                    runs.append(("".join(pieces), current))  # type: ignore[arg-type]  # current is set then
                pieces, current = [], style
            pieces.append(" ")
        for chars, run_style in word:
            if run_style != current:
                if pieces:
                    runs.append(("".join(pieces), current))  # type: ignore[arg-type]  # current is set then
                pieces, current = [], run_style
            pieces.append(chars)
    if pieces:
        runs.append(("".join(pieces), current))  # type: ignore[arg-type]
    return runs
