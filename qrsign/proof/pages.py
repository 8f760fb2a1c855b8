"""Checking PDF pages: render each page in grey, decode every code, and check it in its cell.

Boxes are in mm, page coordinates with the origin at the top-left corner and y
down (the orientation of a rendered page image), as the manifest records them.
:func:`verify_pdf_pages` runs in worker processes: everything it needs is in
its arguments.
"""

from __future__ import annotations

import functools
import math
import pickle
from dataclasses import dataclass, field
from typing import Any

from qrsign.errors import InputError
from qrsign.intake.pictures import read_codes
from qrsign.proof.findings import Finding
from qrsign.proof.reference import Reference, classify
from qrsign.render import qr

#: Pixels per module of the page's own codes at the first look. Every code of a 1,000-sign build (A4 signs and
#: checklists, anti-aliased by pdfium) decodes at 2; at 1.5 a quarter are lost. 3 keeps a margin over that
#: edge, and a page whose own code is not found is looked at again at twice the resolution.
PIXELS_PER_MODULE = 3.0
MIN_DPI, MAX_DPI, DEFAULT_DPI = 36, 300, 150
QUIET_ZONE = qr.QUIET_ZONE  # the modules of white around a code, as drawn (render.qr)
#: The finest module a phone reads from a code printed on a sign a customer can step up to (signage.md:
#: smartphones read modules of 0.4–0.5 mm; the template's own scan distance protects nothing, a payer
#: stands at arm's length). Two pixels per such module find it (measured: 12–33 mm codes on an A4 sign,
#: found at 120 dpi, missed at 36).
PHONE_MIN_MODULE_MM = 0.4
SWEEP_PIXELS_PER_MODULE = 2.0
SWEEP_DPI = math.ceil(SWEEP_PIXELS_PER_MODULE / PHONE_MIN_MODULE_MM * 25.4)  # 127


def _dpi_for(module_mm: float | None) -> int:
    if not module_mm:
        return DEFAULT_DPI
    return max(MIN_DPI, min(MAX_DPI, math.ceil(PIXELS_PER_MODULE / module_mm * 25.4)))


def _quiet_zone_clear(image, code) -> bool:
    """True when the band of 4 modules around the decoded symbol is white in the rendered page."""
    pos = code.position
    xs = [pos.top_left.x, pos.top_right.x, pos.bottom_left.x, pos.bottom_right.x]
    ys = [pos.top_left.y, pos.top_right.y, pos.bottom_left.y, pos.bottom_right.y]
    try:
        version = int(code.extra.get("Version", 0))
    except (TypeError, ValueError, AttributeError):
        return True
    if not version:
        return True
    n = 17 + 4 * version
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    module = (x1 - x0) / n  # zxing reports the symbol's outer corners
    margin = QUIET_ZONE * module - 1
    inner_pad = 2  # pixels: anti-aliased edge of the symbol
    W, H = image.size
    bands = [
        (x0 - margin, y0 - margin, x1 + margin, y0 - inner_pad),
        (x0 - margin, y1 + inner_pad, x1 + margin, y1 + margin),
        (x0 - margin, y0 - margin, x0 - inner_pad, y1 + margin),
        (x1 + inner_pad, y0 - margin, x1 + margin, y1 + margin),
    ]
    for bx0, by0, bx1, by1 in bands:
        box = (max(0, int(bx0 + 0.5)), max(0, int(by0 + 0.5)), min(W, int(bx1)), min(H, int(by1)))
        if box[2] <= box[0] or box[3] <= box[1]:
            continue
        lo, _ = image.crop(box).getextrema()
        if lo < 160:
            return False
    return True


def code_centre_mm(code, dpi: float) -> tuple[float, float]:
    """The centre of a decoded code in mm from the page's top-left corner (a page rendered at ``dpi``)."""
    pos = code.position
    corners = (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)
    k = 25.4 / dpi
    return sum(c.x for c in corners) / 4 * k, sum(c.y for c in corners) / 4 * k


def box_holds(box, point: tuple[float, float]) -> bool:
    """True when ``point`` (mm) lies in ``box`` = [x, y, w, h] (mm, top-left origin)."""
    x, y, w, h = (float(v) for v in box)
    return x <= point[0] <= x + w and y <= point[1] <= y + h


def cell_of(point: tuple[float, float], signs: list[dict]) -> dict | None:
    """The sign (of a page's expected signs) whose QR box holds ``point``."""
    return next((s for s in signs if s.get("qr_box") and box_holds(s["qr_box"], point)), None)


def text_in_box(textpage, page_height_pt: float, box) -> str:
    """The text pdfium finds inside ``box`` (mm, top-left origin), whitespace removed.

    Whitespace goes because a name may wrap onto two lines and an account is
    printed in groups with thin spaces.
    """
    x, y, w, h = (float(v) * 72 / 25.4 for v in box)
    raw = textpage.get_text_bounded(left=x, bottom=page_height_pt - y - h, right=x + w, top=page_height_pt - y)
    return "".join(raw.split())


def _compact(value: str | None) -> str:
    return "".join((value or "").split())


def verify_pdf_pages(path: str, first: int, last: int, dpi: int, ref: Reference | None,
                     expected_by_page: dict[int, list[dict]] | None, check_text: bool,
                     source: str | None = None) -> tuple[int, list[Finding]]:
    """Render pages ``first..last`` (1-based) and classify every code; used in worker processes.

    When the expected signs carry their QR boxes (a build's manifest), every
    code is checked in its cell: it must be the code of the sign whose QR box
    holds it, and that cell's text must print its account and holder's name.
    Without an expectation (a loose PDF), a page with no readable code is a
    ``no-qr`` finding.
    """
    pdf = _open_pdf(path)
    rel = source or path
    findings: list[Finding] = []
    try:
        last = min(last, len(pdf))
        for number in range(first, last + 1):
            expected = expected_by_page.get(number, []) if expected_by_page is not None else None
            findings += _verify_page(_Page(pdf[number - 1], rel, number, dpi), ref, expected, check_text)
    finally:
        pdf.close()
    return last - first + 1, findings


def verify_sent_pages(sent: bytes, path: str, first: int, last: int, dpi: int,
                      expected_by_page: dict[int, list[dict]] | None, check_text: bool,
                      source: str | None = None) -> tuple[int, list[Finding]]:
    """:func:`verify_pdf_pages` in a worker, with the reference as the parent pickled it: unpickled once per
    worker (a build's reference is thousands of signs; every share would pay for it again)."""
    return verify_pdf_pages(path, first, last, dpi, _unpickled(sent), expected_by_page, check_text, source)


@functools.lru_cache(maxsize=1)
def _unpickled(sent: bytes) -> Reference | None:
    return pickle.loads(sent)  # noqa: S301 - the parent process's own pickle, as the pool sends every argument


def _open_pdf(path: str) -> Any:
    """The PDF opened with pdfium; a broken file is a typed error, not pdfium's exception."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(path)
    except Exception as exc:  # pdfium raises PdfiumError for broken files
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=path, detail=str(exc)[:100]) from None


@dataclass
class _Page:
    """One PDF page being verified, and its text layer, read once and only when a text check needs it."""

    page: Any
    rel: str
    number: int
    dpi: int
    _textpage: Any = None
    _all_text: str | None = None
    _texts: dict[tuple, str] = field(default_factory=dict)

    def textpage(self) -> Any:
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        return self._textpage

    def text_in(self, box: Any) -> str:
        """The page's text inside ``box`` (mm), whitespace removed (see :func:`text_in_box`); read once per
        box (a checklist row's account and holder are both looked for in its cell)."""
        key = tuple(box)
        if key not in self._texts:
            self._texts[key] = text_in_box(self.textpage(), self.page.get_height(), box)
        return self._texts[key]

    def all_text(self) -> str:
        """All the page's text, whitespace removed (read once: every expected sign looks into it)."""
        if self._all_text is None:
            self._all_text = "".join(self.textpage().get_text_range().split())
        return self._all_text


def _verify_page(pg: _Page, ref: Reference | None, expected: list[dict] | None, check_text: bool) -> list[Finding]:
    """Every code on one page classified (in its cell when the signs carry QR boxes), then the expected
    signs whose code was not found. ``expected`` is None for a loose PDF: a page without a code is a finding.

    A page is rendered at its own codes' resolution, which misses a small code; so it is looked at twice:
    first its drawing objects (:func:`foreign_marks`), and a page that draws anything besides text, plain
    shapes and its own QR codes (a picture, a path of many pieces) is rendered at :data:`SWEEP_DPI`.
    A page where one of its own codes is not found is looked at again at twice the resolution before the
    code is called missing.
    """
    if pg.dpi < SWEEP_DPI and foreign_marks(pg.page, [s["qr_box"] for s in expected or () if s.get("qr_box")]):
        pg.dpi = SWEEP_DPI
    reads = _look(pg)
    if expected and pg.dpi < MAX_DPI and not {s["payload"] for s in expected} <= {r.code.text for r in reads}:
        pg.dpi = min(MAX_DPI, 2 * pg.dpi)
        reads = _both_looks(reads, _look(pg))
    findings: list[Finding] = []
    if expected is None and not reads:
        findings.append(Finding("no-qr", pg.rel, pg.number))
    placed = expected or []
    cells = bool(placed) and all(s.get("qr_box") for s in placed)
    for read in reads:
        f = _classify_code(read, pg, ref, expected, placed if cells else None)
        findings.append(f)
        if cells and check_text and f.status in ("ok", "quiet-zone") and f.sign:
            findings += _cell_text_findings(pg, read.code.text, f.sign)
    if expected:
        findings += _expected_findings(pg, expected, [r.code.text for r in reads], check_text and not cells)
    return findings


@dataclass(frozen=True)
class _Read:
    """A code as one look at the page read it, with the image it was read in and that image's resolution."""

    code: Any
    image: Any
    dpi: int

    def centre(self) -> tuple[float, float]:
        return code_centre_mm(self.code, self.dpi)


def _look(pg: _Page) -> list[_Read]:
    """The codes read in the page rendered at ``pg.dpi``."""
    image, view = _render_gray(pg.page, pg.dpi)
    return [_Read(code, image, pg.dpi) for code in read_codes(image, view)]


#: Two reads of one payload whose centres are this close (mm) are one code read twice.
SAME_PLACE_MM = 3.0


def _both_looks(first: list[_Read], second: list[_Read]) -> list[_Read]:
    """The second look's codes, and any code only the first look read (a code may read at one resolution and
    not at another: the second look must never hide what the first one saw)."""
    def seen_again(r: _Read) -> bool:
        centre = r.centre()
        return any(s.code.text == r.code.text and math.dist(centre, s.centre()) <= SAME_PLACE_MM for s in second)

    return second + [r for r in first if not seen_again(r)]


def _classify_code(read: _Read, pg: _Page, ref: Reference | None, expected: list[dict] | None,
                   cells: list[dict] | None) -> Finding:
    """One decoded code: what it is, whether it sits in its own sign's cell (``cells``: the signs, when they
    carry QR boxes), and whether its quiet zone is clear."""
    code = read.code
    f = classify(code.text, ref, pg.rel, pg.number, expected)
    if cells is not None and f.status == "ok":
        _place_in_cell(f, code, read.dpi, cells)
    elif cells is not None and f.status in ("mismatch", "unknown") and (ref is None or code.text not in ref.by_payload):
        _a_stranger(f, code, read.dpi, cells)
    elif f.status == "mismatch" and ref is not None:
        f.home = _printed_whole(pg, ref.by_payload.get(code.text, []))
    if f.status == "ok" and not _quiet_zone_clear(read.image, code):
        f.status = "quiet-zone"
    return f


def _place_in_cell(f: Finding, code: Any, dpi: int, cells: list[dict]) -> None:
    """A good code must be the code of the sign whose QR box holds it: else it is outside every cell, or in
    another sign's cell (a sign cut and pasted in the wrong place)."""
    owner = cell_of(code_centre_mm(code, dpi), cells)
    if owner is None:
        f.status = "outside-cell"
    elif owner["payload"] != code.text:
        f.status, f.other, f.sign = "wrong-cell", f.sign, owner
    else:
        f.sign = owner


def _printed_whole(pg: _Page, signs: list[dict]) -> dict | None:
    """The sign (of those whose code this is) whose account and holder's name the page prints too: a whole
    sign on another page than its own, not a code under someone else's name."""
    text = pg.all_text()
    return next((s for s in signs if s.get("account") and s["account"] in text
                 and _compact(s.get("holder")) in text), None)


def _a_stranger(f: Finding, code: Any, dpi: int, cells: list[dict]) -> None:
    """A code that is not the page's, lying in none of its QR boxes, is something added to the sign
    (a sticker, an edit, a logo): ``stranger``, with its size and place so it can be found on paper."""
    centre = code_centre_mm(code, dpi)
    if cell_of(centre, cells) is not None:
        return
    pos = code.position
    k = 25.4 / dpi
    xs = [c.x for c in (pos.top_left, pos.top_right, pos.bottom_left, pos.bottom_right)]
    f.status, f.sign = "stranger", None
    f.at = (round(centre[0]), round(centre[1]), round((max(xs) - min(xs)) * k))


def _cell_text_findings(pg: _Page, payload: str, sign: dict) -> list[Finding]:
    """The sign's cell must print its account, and its holder box the holder's name: the reader checks the
    QR against what is printed, so the print must match the code."""
    out = []
    if sign.get("account") and sign["account"] not in pg.text_in(sign["cell"]):
        out.append(Finding("cell-text", pg.rel, pg.number, payload, sign.get("bank_bin"), sign["account"], sign=sign))
    holder = _compact(sign.get("holder"))
    holder_box = sign.get("holder_box") or sign["cell"]
    if holder and holder not in pg.text_in(holder_box):
        out.append(Finding("holder", pg.rel, pg.number, payload, sign.get("bank_bin"), sign.get("account"),
                           sign=sign))
    return out


def _expected_findings(pg: _Page, expected: list[dict], seen: list[str], loose_text: bool) -> list[Finding]:
    """Expected signs whose code is not on the page; with ``loose_text`` (no cells to check), a sign whose
    account is printed nowhere on the page."""
    out = []
    for sign in expected:
        if sign["payload"] not in seen:
            out.append(Finding("missing", pg.rel, pg.number, sign=sign))
        elif loose_text and sign.get("account") and sign["account"] not in pg.all_text():
            out.append(Finding("text", pg.rel, pg.number, sign["payload"], sign["bank_bin"], sign["account"],
                               sign=sign))
    return out


def _render_gray(page, dpi: int):
    """A page as an 8-bit grey PIL image and a zxing-cpp view of the same memory (no copies)."""
    import zxingcpp
    from PIL import Image

    bitmap = page.render(scale=dpi / 72, grayscale=True)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    image = Image.frombuffer("L", (w, h), bitmap.buffer, "raw", "L", stride, 1)
    image.info["bitmap"] = bitmap  # the buffer must live as long as the image
    pixels: Any = memoryview(bitmap.buffer).cast("B", (h, stride))  # the stub wants numpy; any buffer works
    view = zxingcpp.ImageView(pixels, w, h, zxingcpp.ImageFormat.Lum, stride, 1)
    return image, view



# --------------------------------------------------------------------------------------------------
# the census: what a page draws besides text, plain shapes and its own codes

#: A path of at most this many segments is a plain shape (a rectangle is 5, a rounded one 17, a line 2): too
#: few to draw a QR code, unless there are many small ones (:data:`MANY_SMALL_SHAPES`, a code drawn module
#: by module); a module of a code the first look misses is under 1.5 mm, its finder pattern under 12 mm.
PLAIN_SEGMENTS = 24
SMALL_SHAPE_MM = 12.0
MANY_SMALL_SHAPES = 30


def foreign_marks(page: Any, qr_boxes: list) -> bool:
    """True when the page draws something that could be a QR code other than its own: a picture, a shading,
    a path of many segments outside its QR boxes (``[x, y, w, h]`` mm, top-left origin) or inside a form,
    or many small plain shapes. Text is not looked at (a code drawn with a font is not caught here)."""
    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    boxes = [_box_pt(box, height) for box in qr_boxes]
    small = 0
    for obj, level in _objects(page.raw, pdfium_c):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in (pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            return True  # a picture, a shading, or an object pdfium does not know
        bounds = _bounds(obj, pdfium_c)
        own = level == 0 and any(_inside(bounds, box) for box in boxes)
        if pdfium_c.FPDFPath_CountSegments(obj) > PLAIN_SEGMENTS:
            if not own:
                return True
        elif not own and max(bounds[2] - bounds[0], bounds[3] - bounds[1]) < SMALL_SHAPE_MM * 72 / 25.4:
            small += 1
            if small >= MANY_SMALL_SHAPES:
                return True
    return False


def _objects(parent: Any, pdfium_c: Any, form: bool = False, level: int = 0):
    """Every drawing object of a page (``parent``) or form, depth first, with its nesting level."""
    count = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    for i in range(count(parent)):
        obj = get(parent, i)
        yield obj, level
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM and level < 8:
            yield from _objects(obj, pdfium_c, True, level + 1)


def _bounds(obj: Any, pdfium_c: Any) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in points, in the coordinates of the object's container."""
    import ctypes

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, bottom.value, right.value, top.value


def _box_pt(box: Any, page_height_pt: float) -> tuple[float, float, float, float]:
    """A box [x, y, w, h] in mm (top-left origin) as (left, bottom, right, top) in points (PDF origin)."""
    x, y, w, h = (float(v) * 72 / 25.4 for v in box)
    return x, page_height_pt - y - h, x + w, page_height_pt - y


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack and inner[2] <= outer[2] + slack
            and inner[3] <= outer[3] + slack)
