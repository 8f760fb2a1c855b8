"""``qrsign verify``: decode the QR codes that were actually drawn (or photographed) and check them.

Against QR stickers pasted over signs ("dán đè mã QR"), and as a build's
self-check before printing. A target is a photo (JPEG/PNG, as a phone takes
it), a PDF, or a build folder. Every QR found is decoded with zxing-cpp, parsed
as VietQR, and compared with what the reference (a manifest or the vendor
sheet) says should be there:

- ``ok``: the payload is one of the known signs (and, in a PDF, on its page);
- ``unknown``: a valid VietQR that is none of the signs — a stranger's code;
- ``mismatch``: a known sign's page carries another payload, or a code pays a
  known account but is not its printed code;
- ``invalid``: not a VietQR transfer payload at all;
- ``missing``: a page of a build lacks a code its manifest says it has;
- ``text``: the account number printed on the page is not the one in the QR;
- ``wrong-cell``: a known code sits in another sign's cell (each QR under another vendor's name);
- ``outside-cell``: a code lies in none of the page's QR boxes;
- ``cell-text`` / ``holder``: the cell holding the code does not print its account / its holder's name;
- ``no-qr``: a photo (or a page) with no readable code; ``unreadable``: a file that does not open;
- ``not-in-build``: a PDF or image in a build folder that its manifest does not list;
- ``changed``: a build's file whose SHA-256 is not the manifest's; ``skipped``: neither photo nor PDF (not a
  problem, listed so every file is accounted for).

Cell by cell: a build's manifest records, for every sign, its page, its cell
and its QR box in mm (page coordinates, origin at the top-left corner, y down —
the orientation of a rendered page image). Each decoded code is assigned to
the cell whose QR box holds its centre; the account and the holder's name must
then be in the text of that cell (pypdfium2 text by rectangle), not merely
somewhere on the page.

Pages are rendered at a resolution chosen from the smallest module size in the
file (about 4 pixels per module), so checking is fast without losing codes.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign.core import banks, vietqr
from qrsign.errors import DataError, InputError, QrsignError
from qrsign.intake.pictures import IMAGE_SUFFIXES, open_picture, read_codes
from qrsign.messages import render, ui
from qrsign.proof.shape import check_manifest


@dataclass(frozen=True)
class VerifyLimits:
    """Bounds on what verify takes on: a PDF of more pages is refused with a clear message, not ground through."""

    max_pages: int = 5000  # per PDF: ~20 s of rendering; a province build is split into files of ≤ 375 signs


LIMITS = VerifyLimits()
#: Statuses that are not a problem: ``skipped`` lists a file that is neither photo nor PDF.
NOT_BAD = ("ok", "skipped")
PIXELS_PER_MODULE = 4.0
MIN_DPI, MAX_DPI, DEFAULT_DPI = 36, 300, 150
QUIET_ZONE = 4


@dataclass
class Finding:
    """One QR (or one missing QR) and what it was found to be."""

    status: str  # ok | unknown | mismatch | invalid | missing | text | quiet-zone
    source: str
    page: int | None = None
    payload: str | None = None
    bin: str | None = None
    account: str | None = None
    sign: dict | None = None
    detail: str = ""
    other: dict | None = None  # wrong-cell: the sign whose code this is (``sign`` is the cell's owner)
    error: QrsignError | None = None  # unreadable: why the file did not open

    def to_dict(self, lang: str = "vi") -> dict:
        sign = self.sign or {}
        return {
            "status": self.status,
            "source": self.source,
            "page": self.page,
            "payload": self.payload,
            "bank_bin": self.bin,
            "bank": _bank_name(self.bin),
            "account": self.account,
            "sign_id": sign.get("sign_id"),
            "stall": sign.get("stall"),
            "name": sign.get("name"),
            "message": self.message(lang),
        }

    def message(self, lang: str) -> str:
        """The finding in words, by status (see :data:`_MESSAGES`); an unknown status shows its detail."""
        renderer = _MESSAGES.get(self.status)
        return renderer(self, lang) if renderer is not None else self.detail

    @property
    def _sign(self) -> dict:
        return self.sign or {}

    @property
    def _who(self) -> str:
        """The bank and account the QR carries, as the messages show it ("—" when it carries none)."""
        return f"{_bank_name(self.bin) or self.bin} {self.account}" if self.account else "—"

    @property
    def bad(self) -> bool:
        return self.status not in NOT_BAD


def _msg_ok(f: Finding, lang: str) -> str:
    sign = f._sign
    return ui("verify.ok", lang, stall=sign.get("stall") or "—", name=sign.get("name"),
              bank=_bank_name(f.bin) or f.bin, account=f.account, sign_id=sign.get("sign_id"))


def _msg_mismatch(f: Finding, lang: str) -> str:
    """The QR is not the sign's: both accounts are shown, the expected one first."""
    sign = f._sign
    expected = f"{_bank_name(sign.get('bank_bin')) or sign.get('bank_bin')} {sign.get('account')}"
    return render("E-VERIFY-MISMATCH", lang, sign_id=sign.get("sign_id"), stall=sign.get("stall") or "—",
                  expected=expected, value=f._who)


def _msg_wrong_cell(f: Finding, lang: str) -> str:
    """A QR in another sign's cell: whose cell it is and whose code it carries."""
    sign, other = f._sign, f.other or {}
    return render("E-VERIFY-WRONG-CELL", lang, page=f.page, file=f.source,
                  expected=f"{sign.get('holder') or sign.get('name')} {sign.get('account')}",
                  sign_id=sign.get("sign_id"),
                  value=f"{other.get('holder') or other.get('name') or '?'} {f.account}")


def _msg_no_qr(f: Finding, lang: str) -> str:
    """No QR on a PDF page or in a photo: the page number when there is one."""
    if f.page:
        return render("E-VERIFY-PAGE-NO-QR", lang, page=f.page, value=f.source)
    return render("E-VERIFY-PHOTO-NO-QR", lang, value=f.source)


def _msg_unreadable(f: Finding, lang: str) -> str:
    """A file that did not open: the typed error's own message when there is one."""
    if f.error is not None:
        return f.error.message(lang)
    return render("E-VERIFY-UNREADABLE-FILE", lang, value=f.source, detail=f.detail or "?")


#: Status → the message of a finding with that status.
_MESSAGES: dict[str, Callable[[Finding, str], str]] = {
    "ok": _msg_ok,
    "unknown": lambda f, lang: render("E-VERIFY-UNKNOWN", lang, holder_hint=f._who),
    "mismatch": _msg_mismatch,
    "invalid": lambda f, lang: render("E-VERIFY-INVALID", lang, detail=f.detail),
    "missing": lambda f, lang: render("E-VERIFY-MISSING", lang, page=f.page, file=f.source,
                                      value=f"{f._sign.get('name')} ({f._sign.get('sign_id')})"),
    "text": lambda f, lang: render("E-VERIFY-TEXT", lang, page=f.page, file=f.source, value=f._sign.get("account")),
    "quiet-zone": lambda f, lang: ui("verify.quiet_zone", lang, page=f.page, file=f.source,
                                     name=f._sign.get("name") or f.account),
    "file": lambda f, lang: render("E-VERIFY-FILE-MISSING", lang, value=f.source),
    "unverified": lambda f, lang: render("E-VERIFY-NO-REFERENCE", lang, value=f._who),
    "wrong-cell": _msg_wrong_cell,
    "outside-cell": lambda f, lang: render("E-VERIFY-OUTSIDE-CELL", lang, page=f.page, file=f.source, value=f._who),
    "cell-text": lambda f, lang: render("E-VERIFY-CELL-TEXT", lang, page=f.page, file=f.source, value=f.account),
    "holder": lambda f, lang: render("E-VERIFY-HOLDER", lang, page=f.page, file=f.source, account=f.account,
                                     holder=f._sign.get("holder")),
    "no-qr": _msg_no_qr,
    "not-in-build": lambda f, lang: render("E-VERIFY-NOT-IN-BUILD", lang, value=f.source),
    "unreadable": _msg_unreadable,
    "changed": lambda f, lang: render("E-VERIFY-CHANGED", lang, value=f.source),
    "skipped": lambda f, lang: ui("verify.skipped", lang, file=f.source),
}


@dataclass
class Verification:
    """Everything ``verify`` found."""

    target: str
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0
    images: int = 0
    reference: str | None = None

    @property
    def found(self) -> int:
        return sum(1 for f in self.findings if f.payload)

    @property
    def ok(self) -> bool:
        return self.found > 0 and not any(f.bad for f in self.findings)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.status for f in self.findings))

    def to_dict(self, lang: str = "vi") -> dict:
        return {
            "target": self.target,
            "reference": self.reference,
            "pages": self.pages,
            "images": self.images,
            "qr_found": self.found,
            "ok": self.ok,
            "counts": self.counts(),
            "findings": [f.to_dict(lang) for f in self.findings],
        }

    def lines(self, lang: str) -> list[str]:
        out = []
        for f in self.findings:
            where = f"{f.source}" + (f" p.{f.page}" if f.page else "")
            if f.bad or len(self.findings) <= 50:
                out.append(f"{'✓' if not f.bad else '✗'} {where}: {f.message(lang)}")
        if self.found == 0:
            out.append("✗ " + render("E-VERIFY-NO-QR", lang, value=self.target))
        c = self.counts()
        bad = sum(v for k, v in c.items() if k not in NOT_BAD)
        out.append(ui("verify.summary", lang, pages=self.pages, images=self.images, found=self.found,
                      ok=c.get("ok", 0), bad=bad))
        return out


def _bank_name(bin_: str | None) -> str | None:
    b = banks.by_bin(bin_) if bin_ else None
    return b.short_name if b else None


# --------------------------------------------------------------------------------------------------
# references


@dataclass
class Reference:
    """What is known: payload → manifest entries, and (BIN, account) → entries."""

    source: str
    by_payload: dict[str, list[dict]]
    by_account: dict[tuple, list[dict]]

    @classmethod
    def from_signs(cls, source: str, signs: list[dict]) -> Reference:
        by_payload: dict[str, list[dict]] = {}
        by_account: dict[tuple, list[dict]] = {}
        for s in signs:
            by_payload.setdefault(s["payload"], []).append(s)
            by_account.setdefault((s["bank_bin"], s["account"]), []).append(s)
        return cls(source, by_payload, by_account)


def load_manifest(path: Path) -> dict:
    """A build's manifest, its shape checked (:mod:`qrsign.proof.shape`): anything else is ``E-MANIFEST``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="not found") from None
    except (OSError, ValueError) as exc:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail=str(exc)[:100]) from None
    except RecursionError:  # "[[[[…" nested past the parser's depth
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="nested too deep") from None
    check_manifest(data, str(path))
    for s in data["signs"]:
        s.setdefault("bank_bin", None)
        s.setdefault("account", None)
    return data


def load_reference(against: Path) -> Reference:
    """A manifest (``manifest.json`` or a build folder) or a vendor sheet."""
    if against.is_dir():
        against = against / "manifest.json"
    if against.suffix.lower() == ".json":
        return Reference.from_signs(str(against), load_manifest(against)["signs"])
    from qrsign.render.rules import check_file

    result = check_file(against)
    signs = [{**vr.to_dict(), "file": None, "page": None} for vr in result.vendors]
    return Reference.from_signs(str(against), signs)


def _find_manifest(start: Path) -> Path | None:
    for folder in [start, *start.parents][:4]:
        candidate = folder / "manifest.json"
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------------------------------
# decoding


def classify(payload: str, ref: Reference | None, source: str, page: int | None = None,
             expected: list[dict] | None = None) -> Finding:
    """What one decoded payload is, compared with the reference (and the page's expected signs)."""
    try:
        p = vietqr.drawable(payload)  # any payload qrsign draws: its own, and verbatim bank/wallet/merchant codes
    except DataError as exc:
        return Finding("invalid", source, page, payload, detail=exc.message("en"))
    base: dict[str, Any] = dict(source=source, page=page, payload=payload, bin=p.bin, account=p.account)
    if ref is None:
        return Finding("unverified", **base)
    known = ref.by_payload.get(payload)
    if known:
        if expected is not None and not any(s["payload"] == payload for s in expected):
            target = expected[0] if expected else known[0]
            return Finding("mismatch", sign=target, **base)
        return Finding("ok", sign=known[0], **base)
    same_account = ref.by_account.get((p.bin, p.account))
    if same_account:
        return Finding("mismatch", sign=same_account[0], **base)
    if expected:
        return Finding("mismatch", sign=expected[0], **base)
    return Finding("unknown", **base)


def verify_image(path: Path, ref: Reference | None, *, source: str | None = None) -> list[Finding]:
    """Every code in a photo, classified; a photo with no readable code is a ``no-qr`` finding."""
    image = open_picture(path)
    source = source or str(path)
    findings = [classify(c.text, ref, source) for c in read_codes(image)]
    return findings or [Finding("no-qr", source)]


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

    def textpage(self) -> Any:
        if self._textpage is None:
            self._textpage = self.page.get_textpage()
        return self._textpage

    def text_in(self, box: Any) -> str:
        """The page's text inside ``box`` (mm), whitespace removed (see :func:`text_in_box`)."""
        return text_in_box(self.textpage(), self.page.get_height(), box)

    def all_text(self) -> str:
        """All the page's text, whitespace removed (read once: every expected sign looks into it)."""
        if self._all_text is None:
            self._all_text = "".join(self.textpage().get_text_range().split())
        return self._all_text


def _verify_page(pg: _Page, ref: Reference | None, expected: list[dict] | None, check_text: bool) -> list[Finding]:
    """Every code on one page classified (in its cell when the signs carry QR boxes), then the expected
    signs whose code was not found. ``expected`` is None for a loose PDF: a page without a code is a finding."""
    image, view = _render_gray(pg.page, pg.dpi)
    codes = read_codes(image, view)
    findings: list[Finding] = []
    if expected is None and not codes:
        findings.append(Finding("no-qr", pg.rel, pg.number))
    placed = expected or []
    cells = bool(placed) and all(s.get("qr_box") for s in placed)
    for code in codes:
        f = _classify_code(code, image, pg, ref, expected, placed if cells else None)
        findings.append(f)
        if cells and check_text and f.status in ("ok", "quiet-zone") and f.sign:
            findings += _cell_text_findings(pg, code.text, f.sign)
    if expected:
        findings += _expected_findings(pg, expected, [code.text for code in codes], check_text and not cells)
    return findings


def _classify_code(code: Any, image: Any, pg: _Page, ref: Reference | None, expected: list[dict] | None,
                   cells: list[dict] | None) -> Finding:
    """One decoded code: what it is, whether it sits in its own sign's cell (``cells``: the signs, when they
    carry QR boxes), and whether its quiet zone is clear."""
    f = classify(code.text, ref, pg.rel, pg.number, expected)
    if cells is not None and f.status == "ok":
        _place_in_cell(f, code, pg.dpi, cells)
    if f.status == "ok" and not _quiet_zone_clear(image, code):
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


def _page_count(path: Path) -> int:
    """Pages of a PDF; over :data:`LIMITS` ``.max_pages`` it is refused with a message saying what to do."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=str(path), detail=str(exc)[:100]) from None
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > LIMITS.max_pages:
        raise InputError("E-VERIFY-TOO-MANY-PAGES", field="file", value=str(path), pages=pages,
                         limit=LIMITS.max_pages)
    return pages


# --------------------------------------------------------------------------------------------------
# entry points

Progress = Callable[[int, int | None], None]


def _jobs(jobs: int | None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


def _run_pages(work: list[tuple], jobs: int, ref: Reference | None,
               progress: Progress | None = None) -> tuple[int, list[Finding]]:
    """``work``: (path, first, last, dpi, expected_by_page, check_text, source) ranges; in parallel when worth it."""
    pages = 0
    total = sum(w[2] - w[1] + 1 for w in work)
    findings: list[Finding] = []
    total = sum(w[2] - w[1] + 1 for w in work)
    if progress and work:
        progress(0, total)
    if jobs <= 1 or len(work) <= 1:
        for w in work:
            n, f = verify_pdf_pages(w[0], w[1], w[2], w[3], ref, w[4], w[5], w[6])
            pages += n
            findings.extend(f)
            if progress:
                progress(pages, total)
        return pages, findings
    from qrsign.building.workers import parallel

    args = [(w[0], w[1], w[2], w[3], ref, w[4], w[5], w[6]) for w in work]
    for n, f in parallel(verify_pdf_pages, args, min(jobs, len(work))):
        pages += n
        findings.extend(f)
        if progress:
            progress(pages, total)
    findings.sort(key=lambda f: (f.source, f.page or 0))
    return pages, findings


def _ranges(path: str, pages: int, dpi: int, expected: dict | None, check_text: bool, jobs: int,
            source: str | None = None) -> list[tuple]:
    """Split one PDF's pages into ranges so every worker gets a share."""
    size = max(8, math.ceil(pages / (jobs * 2)))
    out = []
    for first in range(1, pages + 1, size):
        last = min(pages, first + size - 1)
        part = {p: v for p, v in expected.items() if first <= p <= last} if expected is not None else None
        out.append((path, first, last, dpi, part, check_text, source))
    return out


def _own_file(name: str) -> bool:
    """Files of a build folder that are bookkeeping, not output: the manifest, the lock, temp files."""
    base = name.rsplit("/", 1)[-1]
    return name == "manifest.json" or base.startswith(".qrsign")


def _image_finding(path: Path, ref: Reference | None, source: str) -> list[Finding]:
    """A photo in a folder: its codes, or one ``unreadable`` finding (a folder is never refused for one file)."""
    try:
        return verify_image(path, ref, source=source)
    except InputError as exc:
        return [_unreadable(source, exc)]


def expected_by_file(manifest: dict) -> tuple[dict[str, dict[int, list[dict]]], dict[str, float]]:
    """What each page of each file of a build must carry: file → page → sign entries (checklist rows with
    their own cell and QR box), and each sign file's smallest module (mm), to choose a resolution."""
    by_file: dict[str, dict[int, list[dict]]] = {}
    modules: dict[str, float] = {}
    for s in manifest["signs"]:
        if s.get("file"):
            by_file.setdefault(s["file"], {}).setdefault(int(s["page"]), []).append(s)
            if s.get("module_mm"):
                modules[s["file"]] = min(modules.get(s["file"], 99.0), float(s["module_mm"]))
    by_id = {s["sign_id"]: s for s in manifest["signs"]}
    for c in manifest.get("checklists", []):
        ids = c.get("sign_ids", [])
        cells, boxes = c.get("cells"), c.get("qr_boxes")
        placed = cells is not None and boxes is not None and len(cells) == len(ids) == len(boxes)
        entries = []
        for n, i in enumerate(ids):
            if i in by_id:
                entry = dict(by_id[i])
                entry.pop("holder_box", None)
                if placed:
                    entry.update(cell=cells[n], qr_box=boxes[n])
                else:
                    entry.pop("cell", None)
                    entry.pop("qr_box", None)
                entries.append(entry)
        by_file.setdefault(c["file"], {}).setdefault(int(c["page"]), []).extend(entries)
    return by_file, modules


def _build_file_of(pdf: Path, manifest_path: Path) -> tuple[dict, str] | None:
    """The manifest and the file entry a loose PDF is, when it is one of that build's files (same bytes)."""
    try:
        manifest = load_manifest(manifest_path)
    except InputError:
        return None
    sha = _sha256(pdf)
    for f in manifest.get("files", []):
        if isinstance(f, dict) and f.get("sha256") == sha and isinstance(f.get("file"), str):
            return manifest, f["file"]
    return None


def verify_build(folder: str | os.PathLike, jobs: int | None = None, *,
                 progress: Progress | None = None) -> Verification:
    """Re-check every file of a build folder against the folder's own manifest.

    Every PDF the manifest lists is decoded page by page and cell by cell; its
    SHA-256 must be the recorded one. QR images (PNG) must decode to their
    sign. Any other PDF or image in the folder is decoded too and reported as
    not from this build; other files are listed as skipped.
    """
    folder = Path(folder)
    manifest = load_manifest(folder / "manifest.json")
    ref = Reference.from_signs(str(folder / "manifest.json"), manifest["signs"])
    result = Verification(target=str(folder), reference=ref.source)
    by_file, modules = expected_by_file(manifest)
    by_id = {s["sign_id"]: s for s in manifest["signs"]}
    listed = {f["file"]: f for f in manifest.get("files", []) if isinstance(f, dict) and "file" in f}
    files = list(listed) or sorted(by_file)
    work = []
    n_jobs = _jobs(jobs)
    for rel in files:
        path = folder / rel
        if not path.is_file():
            result.findings.append(Finding("file", rel))
            continue
        sha = listed.get(rel, {}).get("sha256")
        if sha and _sha256(path) != sha:
            result.findings.append(Finding("changed", rel))
        kind = listed.get(rel, {}).get("kind", "signs")
        module = modules.get(rel) if kind == "signs" else 0.6
        pages = _page_count(path)
        work.extend(_ranges(str(path), pages, _dpi_for(module), by_file.get(rel, {}), True, n_jobs, rel))
    images = {i["file"]: i for i in manifest.get("images", []) if isinstance(i, dict) and "file" in i}
    for rel, info in images.items():
        path = folder / rel
        if not path.is_file():
            result.findings.append(Finding("file", rel))
            continue
        if info.get("sha256") and _sha256(path) != info["sha256"]:
            result.findings.append(Finding("changed", rel))
        if path.suffix.lower() == ".png":
            result.images += 1
            sign = by_id.get(info.get("sign_id"))
            for f in _image_finding(path, ref, rel):
                if sign is not None and f.payload is not None and f.payload != sign["payload"]:
                    f.status, f.sign = "mismatch", sign
                result.findings.append(f)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel in listed or rel in images or _own_file(rel):
            continue
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            result.findings.append(Finding("not-in-build", rel))
            try:
                work.extend(_ranges(str(path), _page_count(path), DEFAULT_DPI, None, False, n_jobs, rel))
            except InputError as exc:
                result.findings.append(_unreadable(rel, exc))
        elif suffix in IMAGE_SUFFIXES:
            result.findings.append(Finding("not-in-build", rel))
            result.images += 1
            result.findings.extend(_image_finding(path, ref, rel))
        else:
            result.findings.append(Finding("skipped", rel))
    pages, findings = _run_pages(work, n_jobs, ref, progress)
    result.pages = pages
    result.findings.extend(findings)
    return result


def verify(target: str | os.PathLike, against: str | os.PathLike | None = None, jobs: int | None = None, *,
           progress: Progress | None = None) -> Verification:
    """Verify a photo, a PDF or a build folder (see module docstring).

    In a folder every file is accounted for: each photo yields its codes or a
    ``no-qr`` finding, each PDF page likewise, a file that does not open is an
    ``unreadable`` finding, anything else is listed as ``skipped``.
    """
    target = Path(target)
    if not target.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(target))
    if target.is_dir() and against is None:
        if not (target / "manifest.json").is_file():
            raise InputError("E-MANIFEST", field="manifest", value=str(target / "manifest.json"), detail="not found")
        return verify_build(target, jobs, progress=progress)
    ref_path = Path(against) if against is not None else _find_manifest(target if target.is_dir() else target.parent)
    ref = load_reference(ref_path) if ref_path is not None else None
    result = Verification(target=str(target), reference=ref.source if ref else None)
    if not target.is_dir():
        suffix = target.suffix.lower()
        if suffix == ".pdf":
            # a file of a build (same bytes as a manifest entry) is checked page by page and cell by cell
            manifest_path = ref_path / "manifest.json" if ref_path is not None and ref_path.is_dir() else ref_path
            own = (_build_file_of(target, manifest_path)
                   if manifest_path is not None and manifest_path.suffix.lower() == ".json" else None)
            expected, dpi = None, DEFAULT_DPI
            if own is not None:
                by_file, modules = expected_by_file(own[0])
                expected, dpi = by_file.get(own[1], {}), _dpi_for(modules.get(own[1]) or 0.6)
            work = _ranges(str(target), _page_count(target), dpi, expected, True, _jobs(jobs))
            result.pages, result.findings = _run_pages(work, _jobs(jobs), ref, progress)
        elif suffix in IMAGE_SUFFIXES:
            result.images = 1
            result.findings = verify_image(target, ref)
        else:
            raise InputError("E-FILE-TYPE", field="file", value=str(target))
        return result
    work = []
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        rel = str(path)
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            try:
                work.extend(_ranges(rel, _page_count(path), DEFAULT_DPI, None, False, _jobs(jobs)))
            except InputError as exc:
                result.findings.append(_unreadable(rel, exc))
        elif suffix in IMAGE_SUFFIXES:
            result.images += 1
            result.findings.extend(_image_finding(path, ref, rel))
        else:
            result.findings.append(Finding("skipped", rel))
    pages, findings = _run_pages(work, _jobs(jobs), ref, progress)
    result.pages = pages
    result.findings.extend(findings)
    return result


def _unreadable(source: str, exc: InputError) -> Finding:
    return Finding("unreadable", source, error=exc)


def _sha256(path: Path) -> str | None:
    from qrsign.building.outdir import sha256_file

    return sha256_file(path)
