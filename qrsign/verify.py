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
- ``text``: the account number printed on the page is not the one in the QR.

Pages are rendered at a resolution chosen from the smallest module size in the
file (about 4 pixels per module), so checking is fast without losing codes.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign import banks, vietqr
from qrsign.errors import DataError, InputError
from qrsign.messages import render, ui

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif")
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
        sign = self.sign or {}
        who = f"{_bank_name(self.bin) or self.bin} {self.account}" if self.account else "—"
        if self.status == "ok":
            return ui("verify.ok", lang, stall=sign.get("stall") or "—", name=sign.get("name"),
                      bank=_bank_name(self.bin) or self.bin, account=self.account, sign_id=sign.get("sign_id"))
        if self.status == "unknown":
            return render("E-VERIFY-UNKNOWN", lang, holder_hint=who)
        if self.status == "mismatch":
            expected = f"{_bank_name(sign.get('bank_bin')) or sign.get('bank_bin')} {sign.get('account')}"
            return render("E-VERIFY-MISMATCH", lang, sign_id=sign.get("sign_id"), stall=sign.get("stall") or "—",
                          expected=expected, value=who)
        if self.status == "invalid":
            return render("E-VERIFY-INVALID", lang, detail=self.detail)
        if self.status == "missing":
            return render("E-VERIFY-MISSING", lang, page=self.page, file=self.source,
                          value=f"{sign.get('name')} ({sign.get('sign_id')})")
        if self.status == "text":
            return render("E-VERIFY-TEXT", lang, page=self.page, file=self.source, value=sign.get("account"))
        if self.status == "quiet-zone":
            return ui("verify.quiet_zone", lang, page=self.page, file=self.source,
                      name=sign.get("name") or self.account)
        if self.status == "file":
            return render("E-VERIFY-FILE-MISSING", lang, value=self.source)
        if self.status == "unverified":
            return render("E-VERIFY-NO-REFERENCE", lang, value=who)
        return self.detail

    @property
    def bad(self) -> bool:
        return self.status != "ok"


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
        bad = sum(v for k, v in c.items() if k != "ok")
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
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="not found") from None
    except (OSError, ValueError) as exc:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail=str(exc)[:100]) from None
    if not isinstance(data, dict) or not isinstance(data.get("signs"), list):
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="no signs list")
    for s in data["signs"]:
        if not isinstance(s, dict) or not isinstance(s.get("payload"), str):
            raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="a sign without payload")
        s.setdefault("bank_bin", None)
        s.setdefault("account", None)
    return data


def load_reference(against: Path) -> Reference:
    """A manifest (``manifest.json`` or a build folder) or a vendor sheet."""
    if against.is_dir():
        against = against / "manifest.json"
    if against.suffix.lower() == ".json":
        return Reference.from_signs(str(against), load_manifest(against)["signs"])
    from qrsign.check import check_file

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
        p = vietqr.decode(payload)
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


def read_codes(image, view=None) -> list:
    """QR codes in a PIL image (zxing-cpp), trying harder on large or difficult photos.

    ``view``, when given, is the same pixels as a zxing-cpp ``ImageView`` over
    the renderer's own buffer: tried first, it spares copying every page.
    """
    import zxingcpp

    fmt = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    codes = [c for c in zxingcpp.read_barcodes(view if view is not None else image, formats=fmt) if c.valid]
    if codes:
        return codes
    w, h = image.size
    if max(w, h) > 1600:  # big phone photos: a downscaled copy often decodes when the original does not
        scale = 1600 / max(w, h)
        small = image.resize((max(1, int(w * scale)), max(1, int(h * scale))))
        codes = [c for c in zxingcpp.read_barcodes(small, formats=fmt) if c.valid]
        if codes:
            return codes
    for binarizer in (zxingcpp.Binarizer.GlobalHistogram, zxingcpp.Binarizer.FixedThreshold):
        codes = [c for c in zxingcpp.read_barcodes(image, formats=fmt, binarizer=binarizer) if c.valid]
        if codes:
            return codes
    return []


def _open_image(path: Path):
    try:
        from PIL import Image, ImageOps

        with Image.open(path) as im:
            return ImageOps.exif_transpose(im).convert("L")
    except Exception as exc:  # PIL raises many types for broken images
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=str(path), detail=str(exc)[:100]) from None


def verify_image(path: Path, ref: Reference | None) -> list[Finding]:
    image = _open_image(path)
    return [classify(c.text, ref, str(path)) for c in read_codes(image)]


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


def verify_pdf_pages(path: str, first: int, last: int, dpi: int, ref: Reference | None,
                     expected_by_page: dict[int, list[dict]] | None, check_text: bool) -> tuple[int, list[Finding]]:
    """Render pages ``first..last`` (1-based) and classify every code; used in worker processes."""
    import pypdfium2 as pdfium

    findings: list[Finding] = []
    try:
        pdf = pdfium.PdfDocument(path)
    except Exception as exc:  # pdfium raises PdfiumError for broken files
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=path, detail=str(exc)[:100]) from None
    rel = path
    try:
        last = min(last, len(pdf))
        for number in range(first, last + 1):
            page = pdf[number - 1]
            image, view = _render_gray(page, dpi)
            codes = read_codes(image, view)
            expected = expected_by_page.get(number, []) if expected_by_page is not None else None
            seen = []
            for code in codes:
                f = classify(code.text, ref, rel, number, expected)
                if f.status == "ok" and not _quiet_zone_clear(image, code):
                    f.status = "quiet-zone"
                findings.append(f)
                seen.append(code.text)
            if expected:
                text = None
                for sign in expected:
                    if sign["payload"] not in seen:
                        findings.append(Finding("missing", rel, number, sign=sign))
                    elif check_text and sign.get("account"):
                        if text is None:
                            text = "".join(page.get_textpage().get_text_range().split())
                        if sign["account"] not in text:
                            findings.append(Finding("text", rel, number, sign["payload"], sign["bank_bin"],
                                                    sign["account"], sign=sign))
    finally:
        pdf.close()
    return last - first + 1, findings


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
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=str(path), detail=str(exc)[:100]) from None
    try:
        return len(pdf)
    finally:
        pdf.close()


# --------------------------------------------------------------------------------------------------
# entry points


def _jobs(jobs: int | None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


def _run_pages(work: list[tuple], jobs: int, ref: Reference | None) -> tuple[int, list[Finding]]:
    """``work``: (path, first, last, dpi, expected_by_page, check_text) ranges; in parallel when worth it."""
    pages = 0
    findings: list[Finding] = []
    if jobs <= 1 or len(work) <= 1:
        for w in work:
            n, f = verify_pdf_pages(w[0], w[1], w[2], w[3], ref, w[4], w[5])
            pages += n
            findings.extend(f)
        return pages, findings
    from qrsign.workers import parallel

    args = [(w[0], w[1], w[2], w[3], ref, w[4], w[5]) for w in work]
    for n, f in parallel(verify_pdf_pages, args, min(jobs, len(work))):
        pages += n
        findings.extend(f)
    findings.sort(key=lambda f: (f.source, f.page or 0))
    return pages, findings


def _ranges(path: str, pages: int, dpi: int, expected: dict | None, check_text: bool, jobs: int) -> list[tuple]:
    """Split one PDF's pages into ranges so every worker gets a share."""
    size = max(8, math.ceil(pages / (jobs * 2)))
    out = []
    for first in range(1, pages + 1, size):
        last = min(pages, first + size - 1)
        part = {p: v for p, v in expected.items() if first <= p <= last} if expected is not None else None
        out.append((path, first, last, dpi, part, check_text))
    return out


def verify_build(folder: str | os.PathLike, jobs: int | None = None) -> Verification:
    """Re-check every page of every PDF of a build against the folder's own manifest."""
    folder = Path(folder)
    manifest = load_manifest(folder / "manifest.json")
    ref = Reference.from_signs(str(folder / "manifest.json"), manifest["signs"])
    result = Verification(target=str(folder), reference=ref.source)
    by_file: dict[str, dict[int, list[dict]]] = {}
    modules: dict[str, float] = {}
    for s in manifest["signs"]:
        if s.get("file"):
            by_file.setdefault(s["file"], {}).setdefault(int(s["page"]), []).append(s)
            if s.get("module_mm"):
                modules[s["file"]] = min(modules.get(s["file"], 99.0), float(s["module_mm"]))
    by_id = {s["sign_id"]: s for s in manifest["signs"]}
    for c in manifest.get("checklists", []):
        by_file.setdefault(c["file"], {}).setdefault(int(c["page"]), []).extend(
            by_id[i] for i in c.get("sign_ids", []) if i in by_id)
    files = [f["file"] for f in manifest.get("files", [])] or sorted(by_file)
    work = []
    n_jobs = _jobs(jobs)
    for rel in files:
        path = folder / rel
        if not path.is_file():
            result.findings.append(Finding("file", rel))
            continue
        kind = next((f.get("kind") for f in manifest.get("files", []) if f["file"] == rel), "signs")
        module = modules.get(rel) if kind == "signs" else 0.6
        pages = _page_count(path)
        work.extend(_ranges(str(path), pages, _dpi_for(module), by_file.get(rel, {}), kind == "signs", n_jobs))
    pages, findings = _run_pages(work, n_jobs, ref)
    for f in findings:
        if f.source.startswith(str(folder)):
            f.source = os.path.relpath(f.source, folder)
    result.pages = pages
    result.findings.extend(findings)
    return result


def verify(target: str | os.PathLike, against: str | os.PathLike | None = None,
           jobs: int | None = None) -> Verification:
    """Verify a photo, a PDF or a build folder (see module docstring)."""
    target = Path(target)
    if not target.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(target))
    if target.is_dir() and against is None:
        if not (target / "manifest.json").is_file():
            raise InputError("E-MANIFEST", field="manifest", value=str(target / "manifest.json"), detail="not found")
        return verify_build(target, jobs)
    ref_path = Path(against) if against is not None else _find_manifest(target if target.is_dir() else target.parent)
    ref = load_reference(ref_path) if ref_path is not None else None
    result = Verification(target=str(target), reference=ref.source if ref else None)
    paths = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
    work = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            work.extend(_ranges(str(path), _page_count(path), DEFAULT_DPI, None, False, _jobs(jobs)))
        elif suffix in IMAGE_SUFFIXES:
            result.images += 1
            result.findings.extend(verify_image(path, ref))
        elif not target.is_dir():
            raise InputError("E-FILE-TYPE", field="file", value=str(path))
    pages, findings = _run_pages(work, _jobs(jobs), ref)
    result.pages = pages
    result.findings.extend(findings)
    return result

