"""``qrsign templates preview``: one full page of a template, filled with made-up vendors."""

from __future__ import annotations

import datetime as dt
import os

from qrsign.fsutil import prepare_file, write_bytes
from qrsign.intake.check import VendorRow
from qrsign.models import make_vendor
from qrsign.render import layout, planning, samples
from qrsign.render.document import SignDocument
from qrsign.render.planning import pages_for


def preview(name: str, output: str | os.PathLike, date: dt.date | None = None) -> dict:
    """Render one page of template ``name`` (or a .toml path) to ``output``; returns what was drawn."""
    template = layout.load(name)
    path = prepare_file(output)
    date_text = planning.date_text(date)
    rows = samples.vendors(template.per_page, seed=7)
    if template.kind == "combined":  # one vendor with several accounts
        rows = [{**rows[0], "bank": r["bank"], "account": r["account"]} for r in rows]
    vendors = [VendorRow(make_vendor(name=r["name"], bank_bin=r["bank"], account=r["account"], stall=r["stall"],
                                     market=r["market"], zone=r["zone"]), "preview", i + 2)
               for i, r in enumerate(rows)]
    (page,) = pages_for(template, vendors, date_text, vendors[0].vendor.market or "")
    doc = SignDocument(template, title=f"{template.name} – preview", ec="M")
    doc.add_page(page.items, page.page_fields)
    write_bytes(path, doc.to_bytes())
    return {"template": template.name, "file": str(path), "payloads": [vr.vendor.payload for vr in vendors]}


def sign_png(vr: VendorRow, *, template: str, date: dt.date | None = None, ec: str = "M", width: int = 600) -> bytes:
    """One vendor row's sign drawn with ``template`` exactly as ``make`` draws it, as a PNG ``width`` pixels wide."""
    import tempfile
    from pathlib import Path

    from qrsign.building.pipeline import make_one

    with tempfile.TemporaryDirectory(prefix="qrsign-preview-") as folder:
        pdf = Path(folder) / "bien.pdf"
        make_one(vr.vendor, pdf, template=template, date=date, ec=ec)
        return page_png(pdf, 1, width=width)


def page_png(pdf_path: str | os.PathLike, page: int = 1, *, width: int = 600) -> bytes:
    """One page of a PDF as a PNG ``width`` pixels wide; a missing page or a broken PDF is an :class:`InputError`."""
    import io

    import pypdfium2 as pdfium

    from qrsign.errors import InputError

    try:
        pdf = pdfium.PdfDocument(str(pdf_path))
    except Exception:  # pdfium raises its own error for broken or missing files
        raise InputError("E-VERIFY-UNREADABLE-FILE", field="file", value=str(pdf_path), detail="PDF") from None
    try:
        if not 1 <= page <= len(pdf):
            raise InputError("E-ROW-NOT-FOUND", field="page", value=str(page))
        pg = pdf[page - 1]
        image = pg.render(scale=width / pg.get_width()).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()
    finally:
        pdf.close()
