"""Turn a sheet's rows into vendors and problems: what ``qrsign check`` reports and ``build`` builds.

Rows are validated one by one (every problem of a row is reported, not just the
first), then looked at together:

- the same stall and holder with different accounts is one vendor with several
  accounts (a stall showing the QR of two banks) — not a problem;
- the same stall with a different holder is a warning (a shared stall); both are built;
- the same account on two stalls is a warning;
- a row repeated exactly is a warning and is built once.

Before a row is checked, what it *means* is read (:mod:`qrsign.intake.meaning`): a ditto mark
("như trên", "nt", 〃) takes the value of the row above, with a warning that shows it; a vendor who left
the market (a status "Nghỉ bán", a note "đã trả ki-ốt", "(đã nghỉ)" after a name) gets no sign and is
counted with the rows that are not vendors, like a hidden row.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import EllipsisType
from typing import Any

from qrsign.core import account, banks, names, text, vietqr
from qrsign.errors import DataError, InputError, QrsignError
from qrsign.intake import meaning
from qrsign.intake import sheet as sheetmod
from qrsign.messages import FIELD_NAMES
from qrsign.models import (
    Problem,
    Vendor,
    VendorErrors,
    code_holder,
    make_vendor,
    many_accounts,
    typed_holder,
    updated,
)

#: The name on the starter workbook's example row (``qrsign init``), which is skipped without a word.
EXAMPLE_NAME = "Nguyễn Thị Hường"


@dataclass
class VendorRow:
    """A vendor that gets a sign, with where it came from."""

    vendor: Vendor
    sheet: str | None
    row: int | None
    columns: dict[str, str] = field(default_factory=dict)
    #: 2, 3 … for a sign reprinted with the same code as an old sign that still hangs (a stall move, a name
    #: corrected): its ID gets a visible suffix so the old and the new sign differ on paper.
    sign_version: int = 1

    @property
    def sign_id(self) -> str:
        """The sign's ID: the vendor's (from the payload), with ``-N`` for a reprint of version N."""
        base = self.vendor.sign_id
        return f"{base}-{self.sign_version}" if self.sign_version > 1 else base

    @functools.cached_property
    def stall_key(self) -> tuple:
        v = self.vendor
        return (text.fold(v.market or ""), text.fold(v.zone or ""), text.key(v.stall))

    @functools.cached_property
    def group_key(self) -> tuple:
        """Rows with the same key are one vendor with several accounts."""
        if not self.vendor.stall:
            return (*self.stall_key, self.vendor.person_key, self.sheet, self.row)
        return (*self.stall_key, self.vendor.person_key)

    def to_dict(self) -> dict:
        v = self.vendor
        return {
            "row": self.row,
            "sheet": self.sheet,
            "stall": v.stall,
            "name": v.name,
            "holder": v.holder,
            "bank_bin": v.bank_bin,
            "bank": v.bank.short_name,
            "bank_name": v.bank.name,
            "account": v.account,
            "market": v.market,
            "zone": v.zone,
            "trade": v.trade,
            "phone": v.phone,
            "note": v.note,
            "payload": v.payload,
            "sign_id": self.sign_id,
            "source": v.qr_source,
            "image": v.image,
        }


@dataclass(frozen=True)
class RejectedRow:
    """A row that gets no sign: where it is and whose it is, for the readiness figures."""

    sheet: str
    row: int
    market: str | None
    zone: str | None
    stall: str
    name: str

    @property
    def key(self) -> tuple:
        return (text.fold(self.market or ""), text.fold(self.zone or ""), text.key(self.stall), text.fold(self.name))


@dataclass
class TableInfo:
    sheet: str
    header_row: int
    columns: dict[str, str]
    headers: dict[str, str]
    skipped: dict[str, int]


@dataclass
class CheckResult:
    """Everything ``check`` found in one input."""

    source: str
    vendors: list[VendorRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    #: rows that get no sign, to count vendors who are not ready
    rejected: list[RejectedRow] = field(default_factory=list)
    #: (sheet, row) → (market, zone) of every row read, for per-market summaries
    places: dict[tuple, tuple] = field(default_factory=dict)
    #: (sheet, row) → (market, zone) of rows that are not vendors (totals, headings, signatures, hidden, struck,
    #: vendors who left the market)
    skipped: dict[tuple, tuple] = field(default_factory=dict)
    #: what was read: {"sheets": [Table.record() …], "not_read": [{"sheet", "reason", "headers", "missing"} …],
    #: "markets": [the markets the rows name]}
    read: dict[str, list] = field(default_factory=lambda: {"sheets": [], "not_read": [], "markets": []})
    #: (sheet, row) of the vendors who left the market (a status, a note): among ``skipped``
    left: set[tuple] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def groups(self) -> list[list[VendorRow]]:
        """Vendors with all their accounts, in sheet order (one list per stall holder)."""
        grouped: dict[tuple, list[VendorRow]] = {}
        for vr in self.vendors:
            grouped.setdefault(vr.group_key, []).append(vr)
        return list(grouped.values())

    def to_dict(self, lang: str = "vi") -> dict:
        return {
            "source": self.source,
            "read": self.read,
            "vendors": [vr.to_dict() for vr in self.vendors],
            "problems": [problem_dict(p, lang) for p in self.problems],
            "summary": summary(self),
        }


def problem_dict(p: Problem, lang: str) -> dict:
    return {
        "row": p.row,
        "sheet": p.sheet,
        "column": p.column,
        "field": p.field,
        "severity": p.severity,
        "code": p.code,
        "value": p.value,
        "message": p.message(lang),
    }


def summary(result: CheckResult, market: str | None | EllipsisType = ...,
            zone: str | None | EllipsisType = ...) -> dict:
    """Counts for a closing summary: rows read, signs, rows skipped and why, banks, share of vendors ready.

    With ``market`` (and ``zone``) given, only the rows of that market (zone) count.
    ``rows_skipped`` counts rows that are not vendors (totals, section headings,
    signature block, repeated headers, hidden and struck rows); they are not in
    ``rows_read`` and never lower ``ready_share``.
    """
    def keep(place: tuple) -> bool:
        return (market is ... or place[0] == market) and (zone is ... or place[1] == zone)

    rows = {at for at, place in result.places.items() if keep(place)}
    skipped = {at for at, place in result.skipped.items() if keep(place)}
    left = skipped & result.left
    vendors = [vr for vr in result.vendors if (vr.sheet, vr.row) in rows]
    rejected = [r for r in result.rejected if (r.sheet, r.row) in rows]
    problems = [p for p in result.problems if (p.sheet, p.row) in rows or (p.sheet, p.row) in skipped]
    people = len({vr.group_key for vr in vendors})
    banks: dict[str, int] = defaultdict(int)
    for vr in vendors:
        banks[vr.vendor.bank.short_name] += 1
    ready_keys = {vr.group_key[:4] for vr in vendors}
    not_ready = {r.key for r in rejected if r.key not in ready_keys}
    rejected_at = {(r.sheet, r.row) for r in rejected}
    reasons: dict[str, int] = defaultdict(int)
    for p in problems:
        if p.severity == "error" and (p.sheet, p.row) in rejected_at:
            reasons[p.code] += 1
    return {
        "rows_read": len(rows),
        "accounts": len(vendors),
        "vendors": people,
        "vendors_not_ready": len(not_ready),
        "rows_rejected": len(rejected),
        "rows_skipped": len(skipped),
        "sheets_not_read": sum(n["reason"] == "no_header" for n in result.read["not_read"]),
        "rows_left": len(left),
        "rows_duplicate": sum(1 for p in problems if p.code == "W-ROW-DUPLICATE"),
        "rejected_by_reason": dict(sorted(reasons.items())),
        "errors": sum(1 for p in problems if p.severity == "error"),
        "warnings": sum(1 for p in problems if p.severity == "warning"),
        "banks": dict(sorted(banks.items(), key=lambda kv: (-kv[1], kv[0]))),
        # rows, not people: a vendor row over all rows that were meant to be vendors (skipped rows and
        # exact repeats are neither)
        "ready_share": round(len(vendors) / (len(vendors) + len(rejected)), 4) if vendors or rejected else 0.0,
    }


def summaries(result: CheckResult) -> list[dict]:
    """A summary per market, and per zone inside a market that has several zones."""
    zones: dict[str | None, set] = {}
    for market, zone in result.places.values():
        zones.setdefault(market, set()).add(zone)
    out = []
    for market in sorted(zones, key=lambda m: text.fold(m or "")):
        out.append({"market": market, "zone": None, **summary(result, market)})
        if len(zones[market]) > 1:
            for zone in sorted(zones[market], key=lambda z: text.fold(z or "")):
                out.append({"market": market, "zone": zone, **summary(result, market, zone)})
    return out


# --------------------------------------------------------------------------------------------------


def check_file(
    path: str | os.PathLike,
    *,
    sheet: str | None = None,
    market: str | None = None,
    limits: sheetmod.Limits = sheetmod.DEFAULT_LIMITS,
    include_hidden: bool = False,
    columns: Mapping[str, str | None] | None = None,
) -> CheckResult:
    """Read and check a vendor sheet's rows; :class:`~qrsign.errors.InputError` for unusable input.

    ``include_hidden`` also reads hidden, filtered-out and struck-through rows; ``columns`` corrects the header
    matching (``{"Tên trên app": "holder"}``, see :func:`qrsign.intake.sheet.read`). Whether the font can draw
    what a template prints is the renderer's rule, added by :func:`qrsign.render.rules.check_file` (what
    ``qrsign check`` and :func:`qrsign.check_file` run).
    """
    tables = sheetmod.read(path, sheet=sheet, limits=limits, include_hidden=include_hidden, columns=columns)
    return check_tables(tables, source=str(path), market=market)


def check_tables(tables: list[sheetmod.Table], *, source: str = "", market: str | None = None) -> CheckResult:
    """Check every row of ``tables``; see :class:`Checker` to act on rows while they are being read."""
    return Checker(tables, source=source, market=market).finish()


class Checker:
    """Checks rows as the reader streams them.

    :meth:`rows` yields each vendor that gets a sign as soon as its row is
    checked — a later row can only be dropped as a repeat of an earlier one,
    never the other way round — so a build can start drawing while the rest of
    the sheet is still being read. :meth:`finish` adds the warnings that need
    every row (shared stalls and accounts) and returns the :class:`CheckResult`.
    """

    def __init__(self, tables: list[sheetmod.Table], *, source: str = "", market: str | None = None) -> None:
        self.tables = tables
        self.market = market
        self.result = CheckResult(source=source)
        self._seen: dict[tuple, VendorRow] = {}
        self._consumed = False

    def rows(self) -> Iterator[VendorRow]:
        candidates: Iterable[VendorRow] = self._candidates()
        if self.market:  # keeping (or naming) one market needs to know whether any row names a market
            candidates = _filter_market(list(candidates), self.market, self.result)
        for vr in candidates:
            if self._not_a_repeat(vr):
                yield vr
        self._consumed = True

    def finish(self) -> CheckResult:
        if not self._consumed:
            deque(self.rows(), maxlen=0)  # read (and check) whatever the caller did not consume
        result = self.result
        _shared_warnings(result.vendors, result.problems)
        _picture_warnings(result.vendors, result.problems)
        # the markets the rows name (a column, a title, --market): none means the signs print no market
        result.read["markets"] = sorted({vr.vendor.market for vr in result.vendors if vr.vendor.market}
                                        | {r.market for r in result.rejected if r.market}, key=text.fold)
        result.problems.sort(key=lambda p: (_sheet_order(result, p.sheet), p.row or 0, p.column or "", p.code))
        return result

    def _candidates(self) -> Iterator[VendorRow]:
        result, tables = self.result, self.tables
        several = len(tables) > 1
        # a title naming the market ("… CHỢ ĐỒNG XA") on one sheet names it for the whole workbook
        workbook_hint = next((t.market_hint for t in tables if t.market_hint), None)
        _not_read(tables, result)
        for table in tables:
            if "stall" not in table.columns:
                result.problems.append(Problem(code="W-NO-STALL-COLUMN", severity="warning", sheet=table.sheet,
                                               row=table.header_row, field="stall"))
            hint = table.market_hint or workbook_hint
            zone_default = table.sheet if several and not (hint and text.fold(hint) == text.fold(table.sheet)) else None
            reader = meaning.Reader(table)
            for raw in table.rows:
                raw, said = reader.read(raw)
                result.problems.extend(said)
                if reader.left is not None:
                    self._left(table, raw, hint, zone_default)
                    continue
                vr = _check_row(raw, table, result.problems, market_default=hint, zone_default=zone_default)
                if vr is not None:
                    result.places[(raw.sheet, raw.row)] = (vr.vendor.market, vr.vendor.zone)
                    yield vr
                else:
                    rejected = RejectedRow(
                        raw.sheet, raw.row, text.collapse(raw.get("market")) or hint,
                        text.collapse(raw.get("zone")) or zone_default, raw.get("stall"), raw.get("name"),
                    )
                    result.rejected.append(rejected)
                    result.places[(raw.sheet, raw.row)] = (rejected.market, rejected.zone)
            result.tables.append(TableInfo(table.sheet, table.header_row, dict(table.columns),
                                           dict(table.headers), dict(table.skipped)))
            result.read["sheets"].append(table.record())
            for row, _reason, zone in table.skipped_at:
                if (table.sheet, row) not in result.left:  # a vendor who left keeps the market of the row
                    result.skipped[(table.sheet, row)] = (hint, zone or zone_default)
            for row, code, column, value in table.notices:  # rows and columns left out, with why
                result.problems.append(Problem(code=code, severity="warning", sheet=table.sheet, row=row,
                                               column=column, field=_NOTICE_FIELDS.get(code), value=value))
            for row, code, field_, column, value, params in table.findings:  # form responses left out, with why
                result.problems.append(Problem(code=code, severity="warning", sheet=table.sheet, row=row,
                                               column=column, field=field_, value=value, params=params))
            for row, name in table.examples:
                if name and name != EXAMPLE_NAME:  # someone typed a real vendor over the example row
                    result.problems.append(Problem(code="W-EXAMPLE-ROW", severity="warning", sheet=table.sheet,
                                                   row=row, column=table.columns.get("index"), field="index",
                                                   value=name))

    def _left(self, table: sheetmod.Table, raw: sheetmod.RawRow, hint: str | None, zone_default: str | None) -> None:
        """A vendor who left the market: no sign, counted with the skipped rows (``diff`` withdraws the sign)."""
        at = (raw.sheet, raw.row)
        table.skipped["left"] = table.skipped.get("left", 0) + 1
        table.skipped_at.append((raw.row, "left", text.collapse(raw.get("zone")) or None))
        self.result.left.add(at)
        self.result.skipped[at] = (text.collapse(raw.get("market")) or hint,
                                   text.collapse(raw.get("zone")) or zone_default)

    def _not_a_repeat(self, vr: VendorRow) -> bool:
        """Keep ``vr`` unless it repeats an earlier row exactly (then warn, and build it once)."""
        v = vr.vendor
        exact = (vr.stall_key, v.person_key, v.bank_bin, v.account)
        first = self._seen.get(exact)
        if first is not None:
            self.result.problems.append(Problem(
                code="W-ROW-DUPLICATE", severity="warning", sheet=vr.sheet, row=vr.row,
                column=vr.columns.get("account"), field="account", value=v.account, params={"first": _at(first, vr)}))
            return False
        self._seen[exact] = vr
        self.result.vendors.append(vr)
        return True


def _not_read(tables: list[sheetmod.Table], result: CheckResult) -> None:
    """A sheet that seems to list vendors but has no header row qrsign can match: an error naming it."""
    for entry in getattr(tables, "not_read", []):
        result.read["not_read"].append(entry)
        if entry["reason"] != "no_header":
            continue  # a summary or an instructions sheet: shown as not read, no error
        result.problems.append(Problem(
            code="E-SHEET-NOT-READ", severity="error", sheet=entry["sheet"], value=entry["sheet"],
            params={"headers": entry["headers"], "missing": [_both_names(f) for f in entry["missing"]]}))


def _both_names(f: str) -> str:
    """A field as a volunteer would title its column, with the English word: "Họ và tên (name)"."""
    names_ = FIELD_NAMES.get(f)
    return f"{names_['vi']} ({names_['en']})" if names_ else f


#: the field a reader notice is about (for the column name in the message)
_NOTICE_FIELDS = {"W-ROW-HIDDEN": "name", "W-ROW-STRUCK": "name", "W-COLUMN-HIDDEN": None}


def _sheet_order(result: CheckResult, sheet: str | None) -> int:
    for i, t in enumerate(result.tables):
        if t.sheet == sheet:
            return i
    return -1


def _filter_market(rows: list[VendorRow], market: str | None, result: CheckResult) -> list[VendorRow]:
    """``--market``: keeps the rows of that market when the data names markets, else names the market."""
    if not market:
        return rows
    market = text.collapse(market)
    if any(m for m, _ in result.places.values()):
        wanted = text.market_key(market)
        keep = {at for at, (m, _) in result.places.items() if m and text.market_key(m) == wanted}
        if not keep:  # a typo in --market must not look like "nothing to do"
            found = sorted({m for m, _ in result.places.values() if m}, key=text.fold)
            raise InputError("E-MARKET-NOT-FOUND", field="market", value=market, markets=found)
        result.rejected = [r for r in result.rejected if (r.sheet, r.row) in keep]
        result.problems = [p for p in result.problems if p.row is None or (p.sheet, p.row) in keep]
        result.places = {at: place for at, place in result.places.items() if at in keep}
        return [vr for vr in rows if (vr.sheet, vr.row) in keep]
    result.rejected = [replace(r, market=market) for r in result.rejected]
    result.places = {at: (market, zone) for at, (_, zone) in result.places.items()}
    try:
        return [VendorRow(updated(vr.vendor, market=market), vr.sheet, vr.row, vr.columns) for vr in rows]
    except VendorErrors as exc:  # only the market changed: the --market value itself is wrong (too long …)
        err = exc.errors[0]
        raise InputError(err.code, field="market", value=err.value, **err.params) from None


def _check_row(raw: sheetmod.RawRow, table: sheetmod.Table, problems: list[Problem], *,
               market_default: str | None, zone_default: str | None) -> VendorRow | None:
    """Validate one row; append its problems; return the vendor when the row gets a sign."""
    where: dict[str, Any] = {"sheet": raw.sheet, "row": raw.row}
    bad_fields: set[str | None] = set()
    for f, cell in raw.cells.items():
        if cell.problem is not None and not _number_cell(raw, f):  # the account policy judges number cells
            problems.append(Problem.from_error(cell.problem, severity=cell.severity, column=cell.column, **where))
            if cell.severity == "error":
                bad_fields.add(f)
    data: dict[str, Any] = {f: raw.get(f) for f in sheetmod.FIELDS if f in raw.cells}
    data.pop("card", None)
    data.pop("timestamp", None)  # a form's timestamp says which response came last, nothing to print
    data.pop("holder", None)  # the holder column feeds holder_name, through the name policy
    data.pop("status", None)  # read by the meaning reader: a vendor who left never gets here
    _apply_policies(raw, table, data, problems, bad_fields)
    data["bank_bin"] = data.pop("bank", "")
    data.setdefault("market", None)
    data.setdefault("zone", None)
    data["market"] = data["market"] or market_default
    data["zone"] = data["zone"] or zone_default
    for f in ("trade", "phone", "note", "market", "zone"):
        if f in data and not data[f]:
            data[f] = None
    _payload_row(data, table, problems, bad_fields, where)
    try:
        vendor = make_vendor(**data)
    except VendorErrors as exc:
        for err in exc.errors:
            name = "bank" if err.field == "bank_bin" else err.field
            if name in bad_fields:
                continue
            problems.append(Problem.from_error(err, column=table.columns.get(name or ""), **where))
            bad_fields.add(name)
        vendor = None
    if bad_fields or vendor is None:
        return None
    if not vendor.stall and "stall" in table.columns:
        problems.append(Problem(code="W-STALL-EMPTY", severity="warning", column=table.columns["stall"],
                                field="stall", **where))
    return VendorRow(vendor, raw.sheet, raw.row, table.columns)  # one dict shared by the rows of a table


def _payload_row(data: dict, table: sheetmod.Table, problems: list[Problem], bad_fields: set,
                 where: dict) -> None:
    """A "Mã QR" cell: the payload is checked and used verbatim; typed bank/account must agree.

    Moves ``payload``/``image`` out of ``data`` into the vendor's ``qr_payload``/``qr_source``/``image``, and
    the payload's own BIN and account into ``bank_bin``/``account``, so the sign prints what the code pays.
    A row without a payload is a typed row (a wallet typed by hand is refused by ``make_vendor``).
    """
    payload = data.pop("payload", "") or ""  # as pasted: vietqr removes paste noise with a warning
    image = (data.pop("image", "") or "").strip() or None
    column = table.columns.get("payload")
    if not payload.strip():  # a typed row (make_vendor refuses typed wallets)
        return
    try:
        found = vietqr.drawable(payload)
    except DataError as exc:
        problems.append(Problem.from_error(exc, column=column, **where))
        bad_fields.add("payload")
        # the cell is meant to carry bank and account: the refusal says what is wrong, not "bank missing"
        if not data.get("bank_bin"):
            bad_fields.add("bank")
        if not data.get("account"):
            bad_fields.add("account")
        return
    for code, params in found.warnings:
        problems.append(Problem(code=code, severity="warning", column=column, field="payload",
                                value=found.name or found.account, params=params, **where))
    typed_bank, typed_account = data.get("bank_bin") or "", data.get("account") or ""
    shown = banks.by_bin(found.bin or "")
    payload_bank = f"{shown.short_name} ({found.bin})" if shown else f"BIN {found.bin}"
    if typed_bank:
        try:
            typed_bin = banks.find(typed_bank).bin
        except DataError:
            typed_bin = None
        # a wallet's QR pays through its bank (ZaloPay, old MoMo accounts: BVBank); naming the wallet agrees
        wallet = ("ZaloPay" if text.key(typed_bank) in vietqr.ZALOPAY_NAMES
                  else "MoMo" if typed_bin == vietqr.MOMO_BIN else None)
        agrees = typed_bin == found.bin or (wallet is not None and wallet == found.kind)
        if not agrees:
            problems.append(Problem(code="E-PAYLOAD-BANK-MISMATCH", severity="error", field="bank", value=typed_bank,
                                    column=table.columns.get("bank"), params={"payload_bank": payload_bank}, **where))
            bad_fields.add("bank")
    if typed_account and text.clean_account(typed_account).upper() != (found.account or "").upper():
        problems.append(Problem(code="E-PAYLOAD-ACCOUNT-MISMATCH", severity="error", field="account",
                                value=typed_account, column=table.columns.get("account"),
                                params={"payload_account": f"{found.account} ({payload_bank})"}, **where))
        bad_fields.add("account")
    data.update(bank_bin=found.bin, account=found.account, qr_payload=found.payload, image=image,
                qr_source="imported" if image else "sheet-payload")
    if not data.get("name") and found.name:  # the holder (or merchant) name the bank put in field 59
        data["name"] = found.name
    _name_differs(data, found, table, problems, where)


def _name_differs(data: dict, found: vietqr.Scan, table: sheetmod.Table, problems: list[Problem],
                  where: dict) -> None:
    """The warning ``import`` gives when the name on the row is not the holder in the code's field 59.

    The sign's holder line is field 59 (what the payer's app shows); the typed name stays on the "as
    typed" line. Either the code is someone else's, or the row names the vendor differently: a person
    must look. A merchant code's 59 is the shop's name, which rightly differs from the owner's.
    """
    typed = data.get("name") or ""
    if found.family == vietqr.FAMILY_MERCHANT or not typed or not found.name:
        return
    holder = code_holder(found.payload)
    if holder and typed_holder(typed) != holder:
        problems.append(Problem(code="W-PAYLOAD-NAME-DIFFERS", severity="warning", column=table.columns.get("name"),
                                field="name", value=text.collapse(typed), params={"holder": holder}, **where))


def _apply_policies(raw: sheetmod.RawRow, table: sheetmod.Table, data: dict, problems: list[Problem],
                    bad_fields: set) -> None:
    """The account, name and bank policies: what each typed cell becomes, with its warnings and errors.

    Every rewrite the policies make (a label removed, a float residue, a
    legacy-encoded name, a former bank name) is reported on the row here, so
    what is built never differs silently from what was typed.
    """
    where: dict[str, Any] = {"sheet": raw.sheet, "row": raw.row}

    def report(p, f: str, column: str | None) -> None:
        problems.append(Problem(code=p.code, severity=p.severity, column=column, field=f, value=p.value,
                                params=dict(p.params), **where))
        if p.severity == "error":
            bad_fields.add(f)

    bin_ = None
    if "bank" not in bad_fields and raw.get("bank").strip():
        try:
            found = banks.match(raw.get("bank"))
            bin_ = found.bank.bin
            if found.former is not None:
                code = "W-BANK-FORMER-NAME" if found.former.until else "W-BANK-FORMER-NAME-UNDATED"
                problems.append(Problem(code=code, severity="warning", column=table.columns.get("bank"),
                                        field="bank", value=text.collapse(raw.get("bank")),
                                        params={"bank": found.bank.short_name, "year": found.former.until},
                                        **where))
        except QrsignError:
            pass  # the vendor model reports it, with its suggestions

    # the holder line: the holder's own column when the row fills it, else the name
    who = "holder" if raw.get("holder").strip() else "name"
    if who not in bad_fields and who in raw.cells:
        named = names.parse(raw.get(who), person=not raw.get("payload").strip())  # a bank's code names the holder
        for p in named.problems:
            report(p, who, table.columns.get(who))
        if named.ok:
            data["holder_name" if who == "holder" else "name"] = named.name

    if "account" in bad_fields or "card" in bad_fields:
        bad_fields.add("account")
        return
    typed, card_typed = raw.get("account"), raw.get("card")
    if not typed.strip() and not card_typed.strip() and raw.get("payload").strip():
        return  # the row's "Mã QR" carries the account (_payload_row checks it)
    column = table.columns.get("account")
    as_card = False
    if card_typed.strip():
        if typed.strip():
            problems.append(Problem(code="E-ACCOUNT-AND-CARD", severity="error", column=table.columns.get("card"),
                                    field="account", value=typed.strip(), params={"card": card_typed.strip()},
                                    **where))
            bad_fields.add("account")
            return
        typed, as_card, column = card_typed, True, table.columns.get("card")
    result = account.parse(typed, card=as_card, bin=bin_)
    for p in result.problems:
        report(p, "account", column)
    said = account.number_cell(result.account, bin=bin_, phone=raw.get("phone")) \
        if result.ok and not as_card and _number_cell(raw, "account") else None
    if said is not None:  # the digits Excel stored, against the bank's lengths and the row's phone
        report(said, "account", column)
    if result.ok and "account" not in bad_fields:
        data["account"] = result.account
        data["card"] = result.is_card


def _number_cell(raw: sheetmod.RawRow, f: str) -> bool:
    """The reader stored this account cell as a number (it says so with W-ACCOUNT-NUMBER)."""
    cell = raw.cells.get(f)
    return f == "account" and cell is not None and getattr(cell.problem, "code", None) == "W-ACCOUNT-NUMBER"


def _shared_warnings(kept: list[VendorRow], problems: list[Problem]) -> None:
    """Warn about stalls with two holders and accounts on two stalls (both are still built)."""
    by_stall: dict[tuple, list[VendorRow]] = defaultdict(list)
    by_account: dict[tuple, list[VendorRow]] = defaultdict(list)
    for vr in kept:
        if vr.vendor.stall:
            by_stall[vr.stall_key].append(vr)
        by_account[(vr.vendor.bank_bin, vr.vendor.account)].append(vr)

    for group in by_stall.values():
        people: dict[str, VendorRow] = {}
        for vr in group:
            people.setdefault(vr.vendor.person_key, vr)
        if len(people) > 1:
            firsts = list(people.values())
            for vr in firsts[1:]:
                problems.append(Problem(
                    code="W-STALL-SHARED", severity="warning", sheet=vr.sheet, row=vr.row,
                    column=vr.columns.get("stall"), field="stall", value=vr.vendor.stall,
                    params={"names": [p.vendor.name for p in firsts], "rows": [_at(p, vr) for p in firsts]},
                ))
    for (_, acct), group in by_account.items():
        stalls = {vr.stall_key for vr in group}
        holders = {vr.vendor.person_key for vr in group}
        if len(group) > 1 and (len(stalls) > 1 or len(holders) > 1):
            for vr in group[1:]:
                problems.append(Problem(
                    code="W-ACCOUNT-SHARED", severity="warning", sheet=vr.sheet, row=vr.row,
                    column=vr.columns.get("account"), field="account", value=acct,
                    params={"bank": vr.vendor.bank.short_name,
                            "stalls": [g.vendor.stall or "—" for g in group], "rows": [_at(g, vr) for g in group]},
                ))


def _picture_warnings(kept: list[VendorRow], problems: list[Problem]) -> None:
    """``import``'s warning again: one picture's codes of different accounts that nothing ties to the vendor."""
    by_image: dict[str, list[VendorRow]] = defaultdict(list)
    for vr in kept:
        if vr.vendor.image and vr.vendor.qr_payload is not None:
            by_image[vr.vendor.image].append(vr)
    for image, group in by_image.items():
        loose = many_accounts([(vr.vendor.bank_bin, vr.vendor.account, vr.vendor.payload) for vr in group])
        if loose:
            first = group[0]
            problems.append(Problem(code="W-IMPORT-MANY-ACCOUNTS", severity="warning", sheet=first.sheet,
                                    row=first.row, column=first.columns.get("image"), field="image", value=image,
                                    params={"count": len(loose), "accounts": ", ".join(loose)}))


def _at(target: VendorRow, here: VendorRow) -> str:
    """Row reference, with the sheet when it differs from the current one."""
    if target.sheet != here.sheet and target.sheet:
        return f"{target.row} ({target.sheet})"
    return str(target.row)
