"""What a build makes, and where: files of signs and checklists, their rows and their pages — without I/O.

The plan depends only on the checked rows and the options, never on how many
worker processes draw it or on the order they finish, so ``--jobs 1`` and
``--jobs 4`` write byte-identical files. Everything here is pure: templates
come in loaded (:func:`qrsign.render.layout.load` reads files, the pipeline calls it),
and what leaves is frozen dataclasses that pickle, because units cross into
the worker processes. The pipeline (:mod:`qrsign.building.pipeline`) reads, renders and
writes; this module decides.

A market (or zone, ``--split-by``) is one folder; it is cut into files of
``CHUNK`` signs (the last file takes up to half a chunk more); a ``--combine``
build puts vendors with several accounts on the combined template and the
others on the default sign.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from qrsign.core import text
from qrsign.fsutil import safe_name
from qrsign.intake.check import VendorRow
from qrsign.models import Problem, Vendor
from qrsign.render import layout

SPLITS = ("market", "zone", "none")

#: Signs per file (the last file of a market takes up to half as many more): a file is what one worker
#: draws at a time and what reportlab holds in memory; 250 splits 1,000 signs evenly over 2 or 4 cores.
CHUNK = 250

#: A stall typed with its own label word: folded, punctuation as spaces, the word then a digit, space or the end.
_STALL_WORD = re.compile(r"(quay|sap|ki ?ot|kiosk|lo|gian(?: hang)?|stall|booth)(?![a-z])")


# --------------------------------------------------------------------------------------------------
# what one cell shows


@dataclass
class Item:
    """What one cell shows: its text fields and its payload (drawn by :class:`qrsign.render.document.SignDocument`)."""

    fields: dict[str, str]
    payload: str
    label: str = ""  # who it is, for messages ("Quầy 12 – Nguyễn Thị Hường")
    problems: list[Any] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)  # a pure function of a short text, asked for each sign and checklist row
def stall_label(stall: str) -> str:
    """The stall as printed: ``12`` → ``Quầy 12``; a stall typed with its own word stays as typed.

    The word is recognised without diacritics, case or punctuation, so
    ``Ki-ốt 3``, ``Kiot 3``, ``Sạp A5``, ``Lô 7`` and ``Quầy 12`` are not
    prefixed again, while a name that merely starts like one (``Long 3``) is.

    >>> [stall_label(s) for s in ("12", "Ki-ốt 3", "Kiot 3", "Quầy 12", "Sạp A5", "Lô 7", "Lô7", "Long 3", "")]
    ['Quầy 12', 'Ki-ốt 3', 'Kiot 3', 'Quầy 12', 'Sạp A5', 'Lô 7', 'Lô7', 'Quầy Long 3', '']
    """
    if not stall:
        return ""
    words = re.sub(r"[^a-z0-9]+", " ", text.fold(stall)).strip()
    return stall if _STALL_WORD.match(words) else f"Quầy {stall}"


def item_fields(vr: VendorRow, date_text: str) -> dict[str, str]:
    """The placeholders a template may print for one account (see ``layout.FIELDS``)."""
    v = vr.vendor
    bank = v.bank
    shown = bank_shown(v)
    stall_line = " · ".join(x for x in (stall_label(v.stall), v.market or "") if x)
    return {
        "holder": v.holder,
        "name": v.name,
        "account": v.account,
        "account_grouped": account_shown(v),
        "account_last4": v.account[-4:],
        "bank": shown,
        "bank_name": bank.name,
        "bank_label": f"{shown} – {bank.name}",
        "stall": v.stall,
        "stall_label": stall_label(v.stall),
        "stall_line": stall_line,
        "market": v.market or "",
        "zone": v.zone or "",
        "trade": v.trade or "",
        "sign_id": vr.sign_id,
        "date": date_text,
        "index": f"{vr.row}" if vr.row else "",
        "qr_origin": qr_origin(v),
    }


def bank_shown(v: Vendor) -> str:
    """The bank line: the short name, or the wallet the payer and the vendor know and the bank it pays
    through (``ZaloPay (qua BVBank)``) — a ZaloPay code pays a ``99ZP…`` account at BVBank, and a sign that
    said only "BVBank" would leave both wondering whose code it is."""
    from qrsign.core import vietqr
    from qrsign.messages import ui

    short = v.bank.short_name
    if v.qr_payload is not None:
        kind = vietqr.scan(v.qr_payload).kind
        if kind in ("ZaloPay", "MoMo") and kind != short:
            return ui("sign.via_bank", "vi", wallet=kind, bank=short)
    return short


def account_shown(v: Vendor) -> str:
    """The number as printed, in groups; a card's is labelled "Số thẻ" (payers who type it must choose a
    transfer to a card, and a 16-digit number reads like an account)."""
    from qrsign.core import vietqr
    from qrsign.messages import ui

    grouped = text.group_account(v.account)
    card = v.card or (v.qr_payload is not None and vietqr.scan(v.qr_payload).service == vietqr.SERVICE_CARD)
    return f"{ui('sign.card_number', 'vi')} {grouped}" if card else grouped


def qr_origin(v: Vendor) -> str:
    """Where the sign's payload came from, for the checklist: "", "· mã QR từ ảnh A01.png", "· mã QR trong bảng"."""
    from qrsign.messages import ui

    if v.qr_source == "imported":
        image = v.image or ""
        return ui("sign.origin.imported", "vi", image=image if len(image) <= 28 else image[:27] + "…")
    return ui("sign.origin.sheet", "vi") if v.qr_source == "sheet-payload" else ""


def label(vr: VendorRow) -> str:
    """Who a row is, for titles and messages: ``Quầy 12 – Nguyễn Thị Hường``."""
    v = vr.vendor
    return " – ".join(x for x in (stall_label(v.stall), v.name) if x)


def date_text(date: dt.date | None) -> str:
    """The date as printed on a sign (today when none is given)."""
    return text.show_date(date or dt.date.today())


# --------------------------------------------------------------------------------------------------
# pages


@dataclass(frozen=True)
class PageSpec:
    """One page: the cells' items, the page's own fields, and which of the file's rows each item is."""

    items: list[Item]
    page_fields: dict[str, str]
    refs: list[int]  # index into the file's rows, one per item


def pages_for(template: layout.Template, rows: Sequence[VendorRow], date_text: str, where: str,
              items: dict[int, Item] | None = None) -> list[PageSpec]:
    """Lay ``rows`` out on pages of ``template``: N-up signs, checklist rows, or one vendor per combined page.

    ``items`` keeps each row's :class:`Item` by ``id`` of the row, so a unit's sign file and its checklist
    work out the fields of a row once.
    """
    made = {} if items is None else items

    def item(vr: VendorRow) -> Item:
        found = made.get(id(vr))
        if found is None:
            found = made[id(vr)] = Item(item_fields(vr, date_text), vr.vendor.payload, label(vr))
        return found

    index = {id(vr): i for i, vr in enumerate(rows)}
    parts: list[tuple[list[VendorRow], dict[str, str]]] = []
    if template.kind == "combined":
        for accounts in people(rows):
            for i in range(0, len(accounts), template.per_page):
                part = accounts[i : i + template.per_page]
                f = item_fields(part[0], date_text)
                page_fields = {k: f[k] for k in ("holder", "name", "stall", "stall_line", "market", "date")}
                page_fields["sign_ids"] = " ".join(vr.sign_id for vr in part)
                page_fields["count"] = str(len(part))
                parts.append((part, page_fields))
    else:
        for i in range(0, len(rows), template.per_page):
            part = list(rows[i : i + template.per_page])
            parts.append((part, {"market": part[0].vendor.market or "", "zone": part[0].vendor.zone or "",
                                 "date": date_text, "count": str(len(rows)), "title": f"– {where}" if where else ""}))
    total = str(len(parts))
    return [PageSpec([item(vr) for vr in part], {**page_fields, "page": str(number), "pages": total},
                     [index[id(vr)] for vr in part])
            for number, (part, page_fields) in enumerate(parts, start=1)]


# --------------------------------------------------------------------------------------------------
# files


@dataclass(frozen=True)
class PlanOptions:
    """The options the plan depends on (from ``BuildOptions`` and the resolved template)."""

    template: str  # the template's name or .toml path as given (``layout.COMBINED`` for ``--combine``)
    split_by: str = "market"
    checklist: bool = True
    max_signs_per_file: int = CHUNK
    date_text: str = ""
    logos: dict[str, str] = field(default_factory=dict)
    ec: str = "M"


@dataclass(frozen=True)
class Unit:
    """One chunk of one market (or zone): one worker renders its sign file and its checklist file.

    Keeping a chunk's signs and checklist rows in one process lets both draw
    each QR from one encoding (``qr.drawing`` is cached per process).
    """

    rows: tuple[VendorRow, ...]
    sign_file: str
    checklist_file: str | None
    template: str
    where: str  # "Chợ Đồng Xa – Khu A", for titles
    date_text: str
    logos: dict[str, str]
    ec: str

    @property
    def weight(self) -> int:
        return len(self.rows) * (2 if self.checklist_file else 1)


@dataclass(frozen=True)
class Plan:
    """Every unit, by the index the planner handed it out with, and the order they appear in the manifest."""

    units: tuple[Unit, ...]
    order: tuple[int, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def in_order(self) -> list[Unit]:
        return [self.units[i] for i in self.order]


def group_key(vr: VendorRow, split_by: str, fallback: str) -> tuple[str, ...]:
    """The folder a row goes to: its market (``fallback`` when the sheet names none), and zone, or nothing."""
    market = vr.vendor.market or fallback
    if split_by == "none":
        return ()
    if split_by == "zone":
        return (market, vr.vendor.zone or "")
    return (market,)


def folder(key: tuple[str, ...]) -> str:
    return "/".join(safe_name(part) for part in key if part)


def people(rows: Sequence[VendorRow]) -> list[list[VendorRow]]:
    """Rows grouped by vendor (stall and holder), in sheet order."""
    found: dict[tuple, list[VendorRow]] = {}
    for vr in rows:
        found.setdefault(vr.group_key, []).append(vr)
    return list(found.values())


def file_name(key: tuple[str, ...], stem: str, number: int, single: bool) -> str:
    """``<market>/<stem>.pdf`` for a group's only file, ``<market>/<stem>-02.pdf`` for its second of several."""
    name = f"{safe_name(stem)}{'' if single else f'-{number:02d}'}.pdf"
    where = folder(key)
    return f"{where}/{name}" if where else name


def combined_chunks(rows: list[VendorRow], combined: str, single: str, limit: int) -> list[tuple[str, list[VendorRow]]]:
    """A combined build: vendors with several accounts on the combined template, the others on the
    default single-account sign (a combined sign with one QR is a worse sign for one account).

    Each kind is cut into files of whole vendors of about ``limit`` signs.
    """
    found = people(rows)
    chunks: list[tuple[str, list[VendorRow]]] = []
    for template, kind in ((combined, [p for p in found if len(p) > 1]), (single, [p for p in found if len(p) == 1])):
        chunk: list[VendorRow] = []
        for accounts in kind:
            if len(chunk) >= limit:
                chunks.append((template, chunk))
                chunk = []
            chunk.extend(accounts)
        if chunk:
            chunks.append((template, chunk))
    return chunks


def too_many_accounts(rows: list[VendorRow], limit: int) -> list[Problem]:
    """A warning for each vendor with more accounts than a combined page holds."""
    problems = []
    for accounts in people(rows):
        if len(accounts) > limit:
            first = accounts[0]
            problems.append(Problem(code="W-TOO-MANY-ACCOUNTS", severity="warning", sheet=first.sheet,
                                    row=first.row, column=first.columns.get("name"), field="name",
                                    value=label(first), params={"count": len(accounts), "limit": limit}))
    return problems


@dataclass
class _Group:
    key: tuple[str, ...]
    pending: list[VendorRow] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # indexes into Planner.units, in chunk order


class Planner:
    """Cuts the checked rows into units — one file of signs (and its checklist) each — as they arrive.

    A market (or zone) is cut into files of ``CHUNK`` signs in sheet order; the
    last file takes the remainder too when it is at most half a chunk, so files
    hold ``CHUNK`` to ``1.5 × CHUNK`` signs and a market of up to 375 is one
    file. A chunk is handed to ``emit`` as soon as that is decided, so workers
    draw it while the rest of the sheet is still being read. The cut depends
    only on the rows, so the files are the same whatever the number of workers.
    A combined build needs every row of a vendor first, so it is planned when
    the sheet has been read.

    ``template`` is the loaded template of ``options.template``; a combined
    build also needs the loaded default template (``single``), whose name its
    single-account files carry.
    """

    def __init__(self, template: layout.Template, options: PlanOptions, source_stem: str,
                 emit: Callable[[int, Unit], None] | None = None, single: layout.Template | None = None) -> None:
        self.template = template
        self.options = options
        self.source_stem = source_stem
        self.emit = emit
        self.single = single
        self.combined = template.kind == "combined"
        self.with_checklist = options.checklist and template.kind != "checklist"
        self.groups: dict[tuple, _Group] = {}
        self.units: list[Unit] = []
        self.problems: list[Problem] = []

    def add(self, vr: VendorRow) -> None:
        key = group_key(vr, self.options.split_by, self.source_stem)
        group = self.groups.setdefault(key, _Group(key))
        group.pending.append(vr)
        limit = self.options.max_signs_per_file
        # hold a full chunk back until half a chunk more has come: a small remainder joins the last file
        # (a market of 300 stays one file of 300, not 250 + 50), at the cost of starting a little later
        if not self.combined and len(group.pending) > limit + limit // 2:
            self._close(group, group.pending[:limit], last=False)
            group.pending = group.pending[limit:]

    def finish(self) -> Plan:
        """Plan what is left; returns every unit, and their order in the manifest."""
        for group in self.groups.values():
            if self.combined:
                self._plan_combined(group)
            if group.pending or not group.units:
                self._close(group, group.pending, last=True)
        order = tuple(i for g in self.groups.values() for i in g.units)
        return Plan(tuple(self.units), order, tuple(self.problems))

    def _plan_combined(self, group: _Group) -> None:
        """Each kind is cut into files of whole vendors; the sign file and its checklist share a number."""
        self.problems.extend(too_many_accounts(group.pending, self.template.per_page))
        chunks = combined_chunks(group.pending, self.options.template, layout.DEFAULT, self.options.max_signs_per_file)
        group.pending = []
        for i, (template, rows) in enumerate(chunks):
            self._close(group, rows, last=i == len(chunks) - 1, template=template)

    def _stem(self, template: str) -> str:
        if template == self.options.template:
            return self.template.name
        if self.single is None:
            raise ValueError(f"Planner needs the loaded template {template!r} (single=)")
        return self.single.name

    def _close(self, group: _Group, rows: list[VendorRow], last: bool, template: str | None = None) -> None:
        template = template or self.options.template
        number = len(group.units) + 1
        single = last and number == 1
        unit = Unit(
            rows=tuple(rows),
            sign_file=file_name(group.key, self._stem(template), number, single),
            checklist_file=file_name(group.key, layout.CHECKLIST, number, single) if self.with_checklist else None,
            template=template,
            where=" – ".join(k for k in group.key if k),
            date_text=self.options.date_text,
            logos=dict(self.options.logos),
            ec=self.options.ec,
        )
        group.units.append(len(self.units))
        self.units.append(unit)
        if self.emit is not None:
            self.emit(len(self.units) - 1, unit)
