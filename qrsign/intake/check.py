"""Turn a sheet's rows into vendors and problems: what ``qrsign check`` reports and ``build`` builds.

Rows are validated one by one (every problem of a row is reported, not just the
first), then looked at together:

- the same stall and holder with different accounts is one vendor with several
  accounts (a stall showing the QR of two banks) — not a problem;
- the same stall with a different holder is a warning (a shared stall); both are built;
- the same account on two stalls is a warning;
- a row repeated exactly is a warning and is built once.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from types import EllipsisType
from typing import Any

from qrsign.core import account, banks, names, text, vietqr
from qrsign.errors import DataError, InputError, QrsignError
from qrsign.intake import sheet as sheetmod
from qrsign.models import Problem, Vendor, VendorErrors, make_vendor, updated

#: The name on the starter workbook's example row (``qrsign init``), which is skipped without a word.
EXAMPLE_NAME = "Nguyễn Thị Hường"


@dataclass
class VendorRow:
    """A vendor that gets a sign, with where it came from."""

    vendor: Vendor
    sheet: str | None
    row: int | None
    columns: dict[str, str] = field(default_factory=dict)

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
            "sign_id": v.sign_id,
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
    #: (sheet, row) → (market, zone) of rows that are not vendors (totals, headings, signatures, hidden, struck)
    skipped: dict[tuple, tuple] = field(default_factory=dict)

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
) -> CheckResult:
    """Read and check a vendor sheet's rows; :class:`~qrsign.errors.InputError` for unusable input.

    ``include_hidden`` also reads hidden, filtered-out and struck-through rows. Whether the font can draw what
    a template prints is the renderer's rule, added by :func:`qrsign.render.rules.check_file` (what
    ``qrsign check`` and :func:`qrsign.check_file` run).
    """
    tables = sheetmod.read(path, sheet=sheet, limits=limits, include_hidden=include_hidden)
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
        result.problems.sort(key=lambda p: (_sheet_order(result, p.sheet), p.row or 0, p.column or "", p.code))
        return result

    def _candidates(self) -> Iterator[VendorRow]:
        result, tables = self.result, self.tables
        several = len(tables) > 1
        # a title naming the market ("… CHỢ ĐỒNG XA") on one sheet names it for the whole workbook
        workbook_hint = next((t.market_hint for t in tables if t.market_hint), None)
        for table in tables:
            if "stall" not in table.columns:
                result.problems.append(Problem(code="W-NO-STALL-COLUMN", severity="warning", sheet=table.sheet,
                                               row=table.header_row, field="stall"))
            hint = table.market_hint or workbook_hint
            zone_default = table.sheet if several and not (hint and text.fold(hint) == text.fold(table.sheet)) else None
            for raw in table.rows:
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
            for row, _reason, zone in table.skipped_at:
                result.skipped[(table.sheet, row)] = (hint, zone or zone_default)
            for row, code, column, value in table.notices:  # rows and columns left out, with why
                result.problems.append(Problem(code=code, severity="warning", sheet=table.sheet, row=row,
                                               column=column, field=_NOTICE_FIELDS.get(code), value=value))
            for row, name in table.examples:
                if name and name != EXAMPLE_NAME:  # someone typed a real vendor over the example row
                    result.problems.append(Problem(code="W-EXAMPLE-ROW", severity="warning", sheet=table.sheet,
                                                   row=row, column=table.columns.get("index"), field="index",
                                                   value=name))

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
        if cell.problem is not None:
            problems.append(Problem.from_error(cell.problem, severity=cell.severity, column=cell.column, **where))
            if cell.severity == "error":
                bad_fields.add(f)
    data: dict[str, Any] = {f: raw.get(f) for f in sheetmod.FIELDS if f in raw.cells}
    data.pop("card", None)
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
    """A "Mã QR" cell (issue 14): the payload is checked and used verbatim; typed bank/account must agree.

    Moves ``payload``/``image`` out of ``data`` into the vendor's ``qr_payload``/``qr_source``/``image``, and
    the payload's own BIN and account into ``bank_bin``/``account``, so the sign prints what the code pays.
    A row without a payload is a typed row (a wallet typed by hand is refused by ``make_vendor``).
    """
    payload = (data.pop("payload", "") or "").strip()
    image = (data.pop("image", "") or "").strip() or None
    column = table.columns.get("payload")
    if not payload:  # a typed row (make_vendor refuses typed wallets)
        return
    try:
        found = vietqr.drawable(payload)
    except DataError as exc:
        problems.append(Problem.from_error(exc, column=column, **where))
        bad_fields.add("payload")
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

    if "name" not in bad_fields and "name" in raw.cells:
        named = names.parse(raw.get("name"))
        for p in named.problems:
            report(p, "name", table.columns.get("name"))
        if named.ok:
            data["name"] = named.name

    if "account" in bad_fields or "card" in bad_fields:
        bad_fields.add("account")
        return
    typed, card_typed = raw.get("account"), raw.get("card")
    if not typed.strip() and not card_typed.strip() and raw.get("payload").strip():
        return  # the row's "Mã QR" carries the account (issue 14's _payload_row checks it)
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
    if result.ok:
        data["account"] = result.account
        data["card"] = result.is_card


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


def _at(target: VendorRow, here: VendorRow) -> str:
    """Row reference, with the sheet when it differs from the current one."""
    if target.sheet != here.sheet and target.sheet:
        return f"{target.row} ({target.sheet})"
    return str(target.row)
