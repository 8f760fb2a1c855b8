"""What a forger or a careless edit does to a built PDF, done with pdfium the way a PDF editor would:
reorder or drop pages, stamp a small QR code (vector, or a picture) onto a page, and refresh the file's
hash in the manifest so that only the decoding proof can tell."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from qrsign.render import qr


def reorder(src: Path, dst: Path, order: list[int]) -> Path:
    """``dst`` holds the pages of ``src`` in ``order`` (0-based); leaving one out drops it."""
    pdf, out = pdfium.PdfDocument(str(src)), pdfium.PdfDocument.new()
    out.import_pages(pdf, order)
    buf = io.BytesIO()
    out.save(buf)
    dst.write_bytes(buf.getvalue())
    return dst


def _stamp(size_pt: tuple[float, float], draw) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=size_pt, invariant=1)
    draw(c, size_pt[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def add_code(src: Path, dst: Path, page: int, payload: str, x: float, y: float, size: float,
             picture: bool = False) -> Path:
    """``dst`` is ``src`` with a ``size`` mm QR code of ``payload`` at (``x``, ``y``) mm from the top-left
    corner of ``page`` (1-based): vector rectangles, or a PNG picture with ``picture``."""
    pdf = pdfium.PdfDocument(str(src))
    target = pdf[page - 1]
    symbol = qr.encode(payload)

    def draw(c, height):
        bottom = height - (y + size) * mm
        if picture:
            c.drawImage(ImageReader(io.BytesIO(qr.png(symbol, module_px=8))), x * mm, bottom, size * mm, size * mm)
        else:
            c.addLiteral(qr.pdf_ops(symbol, x * mm, bottom, size * mm))

    stamp = pdfium.PdfDocument(_stamp(target.get_size(), draw))
    xobject = stamp.page_as_xobject(0, pdf)
    target.insert_obj(xobject.as_pageobject())
    target.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    dst.write_bytes(buf.getvalue())
    return dst


def cover(src: Path, dst: Path, page: int, x: float, y: float, w: float, h: float, grey: float = 1) -> Path:
    """``dst`` is ``src`` with a white (or ``grey``) ``w`` × ``h`` mm box at (``x``, ``y``) mm from the top-left
    corner of ``page`` (1-based): a scratch or a sticker that damages what is under it, or a mark beside it."""
    pdf = pdfium.PdfDocument(str(src))
    target = pdf[page - 1]

    def draw(c, height):
        c.setFillGray(grey)
        c.rect(x * mm, height - (y + h) * mm, w * mm, h * mm, stroke=0, fill=1)

    stamp = pdfium.PdfDocument(_stamp(target.get_size(), draw))
    target.insert_obj(stamp.page_as_xobject(0, pdf).as_pageobject())
    target.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    dst.write_bytes(buf.getvalue())
    return dst


def refresh_hash(folder: Path, rel: str) -> None:
    """Write the file's current SHA-256 (and size and pages) into the build's manifest, as a forger would."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    data = (folder / rel).read_bytes()
    with pdfium.PdfDocument(data) as pdf:
        pages = len(pdf)
    for entry in manifest["files"]:
        if entry["file"] == rel:
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), pages=pages)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
