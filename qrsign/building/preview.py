"""``qrsign templates preview``: one full page of a template, filled with made-up vendors."""

from __future__ import annotations

import datetime as dt
import os

from qrsign.fsutil import prepare_file, write_bytes
from qrsign.intake.check import VendorRow
from qrsign.models import make_vendor
from qrsign.render import layout, samples
from qrsign.render.document import SignDocument
from qrsign.render.planning import pages_for


def preview(name: str, output: str | os.PathLike, date: dt.date | None = None) -> dict:
    """Render one page of template ``name`` (or a .toml path) to ``output``; returns what was drawn."""
    template = layout.load(name)
    path = prepare_file(output)
    date_text = (date or dt.date.today()).strftime("%d/%m/%Y")
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
