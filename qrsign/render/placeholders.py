"""The one table of template placeholders: where each may appear and which vendor fields its text prints.

A text box of a template prints ``{placeholder}`` values. Three places need to agree on them: the template
loader (which placeholders a cell box or a page box may use), the planner (which values it computes for a cell
and for a page) and the printability rule (which vendor fields end up on paper, so the font must draw them).
They all read this table, and ``tests/test_placeholders.py`` checks that the planner computes every
placeholder listed here and that none that must be there prints blank — a placeholder forgotten by the planner
would otherwise print nothing and no other test would notice.

>>> PLACEHOLDERS["stall_line"].fields
('stall', 'market')
>>> sorted(p.name for p in PLACEHOLDERS.values() if p.page and not p.item)
['count', 'page', 'pages', 'sign_ids', 'title']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Placeholder:
    """One ``{name}`` a template may print."""

    name: str
    item: bool  # may appear in a cell box (one account)
    page: bool  # may appear in a page box
    #: Vendor fields its text comes from (placeholders made only of digits, bank data from the shipped bank list,
    #: dates and counters draw only what the font is known to have, so they list none).
    fields: tuple[str, ...] = ()
    #: Never blank for a valid vendor (a template may rely on it); others are blank when the sheet has no value.
    always: bool = True


_TABLE = (
    Placeholder("holder", item=True, page=True, fields=("holder",)),
    Placeholder("name", item=True, page=True, fields=("name",)),
    Placeholder("account", item=True, page=False),
    Placeholder("account_grouped", item=True, page=False),
    Placeholder("account_last4", item=True, page=False),
    Placeholder("bank", item=True, page=False),
    Placeholder("bank_name", item=True, page=False),
    Placeholder("bank_label", item=True, page=False),
    Placeholder("stall", item=True, page=True, fields=("stall",), always=False),
    Placeholder("stall_label", item=True, page=False, fields=("stall",), always=False),
    Placeholder("stall_line", item=True, page=True, fields=("stall", "market"), always=False),
    Placeholder("market", item=True, page=True, fields=("market",), always=False),
    Placeholder("zone", item=True, page=True, fields=("zone",), always=False),
    Placeholder("trade", item=True, page=False, fields=("trade",), always=False),
    Placeholder("sign_id", item=True, page=False),
    Placeholder("date", item=True, page=True),
    Placeholder("index", item=True, page=False, always=False),
    # the checklist names the screenshot a payload was imported from
    Placeholder("qr_origin", item=True, page=False, fields=("image",), always=False),
    Placeholder("page", item=False, page=True),
    Placeholder("pages", item=False, page=True),
    Placeholder("sign_ids", item=False, page=True),
    Placeholder("count", item=False, page=True),
    Placeholder("title", item=False, page=True, fields=("market", "zone"), always=False),
)

PLACEHOLDERS: dict[str, Placeholder] = {p.name: p for p in _TABLE}
#: Placeholders a cell box may use (one account), and a page box (the page).
ITEM_FIELDS = frozenset(p.name for p in _TABLE if p.item)
PAGE_FIELDS = frozenset(p.name for p in _TABLE if p.page)
#: Placeholder → the vendor fields its text comes from (only those that print vendor text).
PLACEHOLDER_FIELDS: dict[str, tuple[str, ...]] = {p.name: p.fields for p in _TABLE if p.fields}
