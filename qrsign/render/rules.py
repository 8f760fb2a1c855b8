"""Per-row rules that depend on what is printed: one place, so ``check``, ``check_file()`` and ``build`` agree.

reportlab silently drops a character the font lacks, so a row whose printed
text has one (an emoji in a trade, a CJK market name) must not become a sign.
Which vendor fields end up on paper depends on the template: the rule reads
the template's text boxes for their ``{placeholder}`` fields and checks
exactly the vendor fields behind them — a custom template that prints
``{trade}`` gets ``trade`` checked; the built-in ones check the name, stall,
market and zone (and the checklist, which is built beside the signs by
default, prints the zone too).

>>> from qrsign.render import layout
>>> printed_fields(layout.load("a4-treo"), checklist=False)
('name', 'stall', 'market', 'holder')
>>> printed_fields()
('name', 'stall', 'market', 'zone', 'holder', 'image')
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from qrsign.intake import check
from qrsign.intake import sheet as sheetmod
from qrsign.intake.check import CheckResult, RejectedRow, VendorRow
from qrsign.models import Problem, Vendor
from qrsign.render import fonts, layout
from qrsign.render.placeholders import PLACEHOLDER_FIELDS

#: The order problems are reported in (the order of the columns of a usual sheet).
FIELD_ORDER = ("name", "stall", "market", "zone", "holder", "trade", "image")

#: The fields the built-in sign templates print (kept for callers of ``pipeline.PRINTED_FIELDS``).
PRINTED_FIELDS = ("name", "stall", "market", "zone")


def placeholders(template: layout.Template) -> set[str]:
    """Every ``{field}`` that a text box of ``template`` (cell or page) prints."""
    return {f for b in (*template.cell_boxes, *template.page_boxes) if b.kind == "text" for f in b.placeholders}


def printed_fields(template: layout.Template | str | None = None, *, checklist: bool = True) -> tuple[str, ...]:
    """Vendor fields that end up on paper with ``template`` (default: the default build), in report order.

    ``checklist``: the control checklist is built too (as ``build`` does unless told otherwise), so its
    fields count as printed.
    """
    tpl = layout.load(template or layout.DEFAULT) if not isinstance(template, layout.Template) else template
    used = placeholders(tpl)
    if checklist and tpl.kind != "checklist":
        used |= placeholders(layout.load(layout.CHECKLIST))
    wanted = {f for p in used for f in PLACEHOLDER_FIELDS.get(p, ())}
    return tuple(f for f in FIELD_ORDER if f in wanted)


def unprintable(vendor: Vendor, fields: Iterable[str] = PRINTED_FIELDS) -> dict[str, list[str]]:
    """Printed fields of ``vendor`` with characters the font cannot draw: field → characters."""
    found = {f: fonts.missing_glyphs(getattr(vendor, f) or "") for f in fields}
    if found.get("name"):
        found.pop("holder", None)  # the holder is the name in capitals: one problem for one cause
    return {f: chars for f, chars in found.items() if chars}


def printable(vr: VendorRow, result: CheckResult, fields: Iterable[str] = PRINTED_FIELDS) -> bool:
    """True when the font can draw every printed field of ``vr``; otherwise the row becomes an error in ``result``."""
    missing = unprintable(vr.vendor, fields)
    for f, chars in missing.items():
        column = vr.columns.get("name" if f == "holder" else f)
        result.problems.append(Problem(code="E-GLYPH-MISSING", severity="error", sheet=vr.sheet, row=vr.row,
                                       column=column, field=f, value=getattr(vr.vendor, f),
                                       params={"chars": chars}))
    if missing:
        v = vr.vendor
        result.rejected.append(RejectedRow(vr.sheet or "", vr.row or 0, v.market, v.zone, v.stall, v.name))
    return not missing


def check_printable(result: CheckResult, fields: Iterable[str] = PRINTED_FIELDS) -> None:
    """Move vendors whose printed text has a character the font lacks from ``vendors`` to errors."""
    fields = tuple(fields)
    result.vendors = [vr for vr in list(result.vendors) if printable(vr, result, fields)]


def check_file(
    path: str | os.PathLike,
    *,
    sheet: str | None = None,
    market: str | None = None,
    limits: sheetmod.Limits = sheetmod.DEFAULT_LIMITS,
    include_hidden: bool = False,
    template: str | None = None,
    checklist: bool = True,
) -> CheckResult:
    """Read and check a vendor sheet, as ``qrsign check`` does: the rows, then what the template prints.

    A row whose printed text has a character the font cannot draw is an error: the fields printed are those of
    ``template`` (a name or a ``.toml`` file; default: the default template) and, with ``checklist``, of the
    control checklist built beside it. An unknown template fails before the sheet is read.
    """
    fields = printed_fields(template, checklist=checklist)
    result = check.check_file(path, sheet=sheet, market=market, limits=limits, include_hidden=include_hidden)
    check_printable(result, fields)
    return result
