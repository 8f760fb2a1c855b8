"""``qrsign templates preview``: one full page of a template, filled with made-up vendors."""

from __future__ import annotations

import datetime as dt
import os

from qrsign import layout, samples
from qrsign.check import VendorRow
from qrsign.fsutil import prepare_file, write_bytes
from qrsign.models import make_vendor
from qrsign.pipeline import _label, item_fields
from qrsign.render import Item, SignDocument


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
    items = [Item(item_fields(vr, date_text), vr.vendor.payload, _label(vr)) for vr in vendors]
    first = items[0].fields
    page_fields = {"market": first["market"], "zone": first["zone"], "date": date_text, "page": "1", "pages": "1",
                   "count": str(len(items)), "title": f"– {first['market']}", "holder": first["holder"],
                   "name": first["name"], "stall": first["stall"], "stall_line": first["stall_line"],
                   "sign_ids": " ".join(vr.vendor.sign_id for vr in vendors)}
    doc = SignDocument(template, title=f"{template.name} – preview", ec="M")
    doc.add_page(items, page_fields)
    write_bytes(path, doc.to_bytes())
    return {"template": template.name, "file": str(path), "payloads": [vr.vendor.payload for vr in vendors]}
