"""Which printed signs are still true: compare a previous build's manifest with a new vendor sheet.

A sign hangs for years; the list it came from changes every month. Signs are
compared per vendor account, in three passes, so that a change is reported as
a reprint of the sign it replaces (with that sign's ID, for the volunteer who
takes the old one down) rather than as one sign gone and one new:

1. same market, stall, printed name and payload → ``unchanged``;
2. same bank account (BIN and number), something printed changed (the name,
   the stall, the market) → ``reprint``;
3. same market, stall and holder, other account or bank → ``reprint``.

What is left of the new sheet is ``new``; what is left of the old signs is
``withdraw`` — unless the new sheet has a *rejected* row for that stall or
name: a typo in this year's list must not take down a sign that still pays,
so such a sign is ``pending`` (fix the row first).

Banks are renamed with their BIN kept (CB Bank → VCBNeo, OceanBank → MBV): a sign
printed before still pays but shows a name the payer's app no longer shows.
An unchanged sign whose printed bank name is not the directory's current one
is listed in ``renamed_bank`` (reprint advised). The directory's
``Bank.former`` (the ``former`` column of ``banks.csv``, the one table of renames) says which.

Manifests of qrsign 0.1 (no ``schema`` key) carry everything this needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qrsign.core import banks, text, vietqr
from qrsign.errors import InputError, QrsignError
from qrsign.intake.check import CheckResult, VendorRow

#: The manifest's schema: 1 is qrsign 0.1 (no ``schema`` key); 2 adds ``schema`` and, for ``--since``
#: builds, ``since``, ``reprint``, ``new``, ``kept``, ``withdraw``, ``pending`` and ``renamed_bank``.
SCHEMA = 2

#: What a withdraw / pending entry keeps of the old sign.
WITHDRAW_KEYS = ("stall", "name", "holder", "sign_id", "bank", "bank_bin", "account", "market", "zone")

def bank_names(bin_: str) -> tuple[str, tuple[tuple[str, int | None], ...]] | None:
    """The bank's current short name and its former names (with the year each ended), or None if unknown."""
    bank = banks.by_bin(bin_)
    if bank is None:
        return None
    return bank.short_name, tuple((f.name, f.until) for f in bank.former)


def renamed(bin_: str | None, shown: str | None) -> dict | None:
    """``{"bank_shown", "bank_now", "year_ended"}`` when ``shown`` is not the bank's current name, else None."""
    names = bank_names(bin_) if bin_ else None
    if names is None or not shown:
        return None
    current, former = names
    if text.key(shown) == text.key(current):
        return None
    year = next((y for n, y in former if text.key(n) == text.key(shown)), None)
    return {"bank_shown": shown, "bank_now": current, "year_ended": year}


# --------------------------------------------------------------------------------------------------


def _market_key(entry: dict) -> str:
    return text.fold(entry.get("market") or "")


def _exact(entry: dict) -> tuple:
    return (_market_key(entry), text.key(entry.get("stall") or ""), text.collapse(entry.get("name") or ""),
            entry.get("payload"))


def _from_bank_code(entry: dict) -> tuple | None:
    """``(bin, account, service)`` a sign made from a bank's own transfer code pays, or None for any other sign.

    Such a code carries what a typed row cannot (field 59, the app's reference): a row now typed with the
    same bank and account pays the same account, so the old sign is still true — no reprint for that. A
    wallet's or a merchant's code is not replaced by a typed row (the wallet needs its reference).
    """
    if entry.get("source") not in ("imported", "sheet-payload") or not isinstance(entry.get("payload"), str):
        return None
    try:
        found = vietqr.scan(entry["payload"])
    except QrsignError:
        return None
    if found.family != vietqr.FAMILY_TRANSFER or found.refusal is not None:
        return None
    return found.bin, found.account, found.service


def _typed_key(entry: dict) -> tuple | None:
    """Pass 1's second key: the place and name with the account (or card) paid, for a typed row (else None)."""
    if entry.get("source", "typed") != "typed" or not isinstance(entry.get("payload"), str):
        return None
    try:
        service = vietqr.scan(entry["payload"]).service
    except QrsignError:
        return None
    return (*_exact(entry)[:3], entry.get("bank_bin"), entry.get("account"), service)


def _code_key(entry: dict) -> tuple | None:
    """The same key for an old sign made from a bank's own code (None otherwise)."""
    pays = _from_bank_code(entry)
    return None if pays is None else (*_exact(entry)[:3], *pays)


def _person(entry: dict) -> tuple:
    return (_market_key(entry), text.key(entry.get("stall") or ""), entry.get("holder") or "")


def _account(entry: dict) -> tuple:
    return (entry.get("bank_bin"), entry.get("account"))


def reasons(old: dict, new: dict) -> list[str]:
    """What changed between an old sign and its new row, in a fixed order."""
    out = []
    if text.collapse(old.get("name") or "") != text.collapse(new.get("name") or ""):
        out.append("name")
    if text.key(old.get("stall") or "") != text.key(new.get("stall") or ""):
        out.append("stall")
    if _market_key(old) != _market_key(new):
        out.append("market")
    if old.get("bank_bin") != new.get("bank_bin"):
        out.append("bank")
    if old.get("account") != new.get("account"):
        out.append("account")
    if not out and old.get("payload") != new.get("payload"):
        out.append("payload")
    return out


def split_sign_id(value: str) -> tuple[str, int]:
    """``"SFPY-HAKR-2"`` → ``("SFPY-HAKR", 2)``; an ID without a suffix is version 1."""
    base, _, version = (value or "").rpartition("-")
    if base.count("-") == 1 and version.isdigit():
        return base, int(version)
    return value or "", 1


def _versions(olds: list[dict]) -> dict[str, int]:
    """The highest version of the signs that hang, by payload: a reprint with the same code takes the next."""
    out: dict[str, int] = {}
    for o in olds:
        if o.get("payload"):
            out[o["payload"]] = max(out.get(o["payload"], 0), split_sign_id(o.get("sign_id") or "")[1])
    return out


def numbered(entry: dict, versions: dict[str, int]) -> int:
    """The version a sign printed from ``entry`` (a new row that is not an unchanged sign) takes: 1, or one more
    than the old signs with its code — so the old sign at the old stall and the new one never share an ID."""
    old = versions.get(entry.get("payload") or "")
    return old + 1 if old else 1


def _renumbered(entry: dict, versions: dict[str, int]) -> dict:
    base = split_sign_id(entry.get("sign_id") or "")[0]
    version = numbered(entry, versions)
    return {**entry, "sign_id": f"{base}-{version}" if version > 1 else base}


def _brief(entry: dict) -> dict:
    return {k: entry.get(k) for k in WITHDRAW_KEYS}


def old_signs(manifest: Mapping[str, Any]) -> list[dict]:
    """The signs a manifest says hang in the market: those it built and, for a ``--since`` build, those it kept."""
    return [s for s in [*manifest.get("kept", []), *manifest.get("signs", [])] if isinstance(s, dict)]


def manifest_schema(manifest: Mapping[str, Any]) -> int:
    """1 for qrsign 0.1 manifests (no ``schema`` key)."""
    value = manifest.get("schema", 1)
    return value if isinstance(value, int) else 1


@dataclass
class Diff:
    """What a new sheet means for the signs of an old build (see module docstring)."""

    old: dict[str, Any]
    reprint: list[dict] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)
    withdraw: list[dict] = field(default_factory=list)
    pending: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    renamed_bank: list[dict] = field(default_factory=list)
    rows_rejected: int = 0
    #: what was compared, when known (:func:`qrsign.diff` sets both; ``diff --json`` shows them first)
    old_manifest: str | None = None
    new_sheet: str | None = None

    @property
    def exit_code(self) -> int:
        """1 when rows of the new sheet were rejected (their signs may be missing from the comparison), else 0."""
        return 1 if self.rows_rejected else 0

    def counts(self) -> dict[str, int]:
        return {k: len(getattr(self, k)) for k in ("reprint", "new", "withdraw", "pending", "unchanged",
                                                     "renamed_bank")}

    @property
    def to_build(self) -> set[str]:
        """Sign IDs of the new sheet that need printing: reprints and new signs."""
        return {r["new"]["sign_id"] for r in self.reprint} | {n["sign_id"] for n in self.new}

    def to_dict(self) -> dict:
        shown = {"old_manifest": self.old_manifest, "new_sheet": self.new_sheet} if self.new_sheet else {}
        return {
            **shown,
            "schema": SCHEMA,
            "old": self.old,
            "counts": self.counts(),
            "rows_rejected": self.rows_rejected,
            "reprint": self.reprint,
            "new": self.new,
            "withdraw": self.withdraw,
            "pending": self.pending,
            "unchanged": self.unchanged,
            "renamed_bank": self.renamed_bank,
        }


def _take_once(index: dict[tuple, list[dict]], key: tuple, taken: set[int]) -> dict | None:
    """The first entry under ``key`` not taken yet (an entry may sit in two indexes); marks it taken."""
    for entry in index.get(key, ()):
        if id(entry) not in taken:
            taken.add(id(entry))
            return entry
    return None


def markets_of(entries: list[dict]) -> dict[str, str]:
    """Folded market → the market as written, for entries (old signs or new rows); "" for no market."""
    out: dict[str, str] = {}
    for e in entries:
        out.setdefault(_market_key(e), text.collapse(e.get("market") or ""))
    return out


def refuse_other_markets(old_manifest: Mapping[str, Any], olds: list[dict], news: list[dict],
                         market: str | None) -> None:
    """Refuse (exit 2) an old build that shares no market with the new sheet, naming the old build's markets.

    Compared, every sign of the old build would be "withdraw" and every row "new" — a wrong manifest once
    listed 56 working signs of three other markets for withdrawal. Nothing to compare on either side is
    not refused (an empty old build, or no valid row: reported on their own).
    """
    if not news or not old_signs(old_manifest):
        return
    if olds and set(markets_of(olds)) & set(markets_of(news)):
        return
    shown = sorted({m or "—" for m in markets_of(old_signs(old_manifest)).values()}, key=text.fold)
    new_shown = sorted({m or "—" for m in markets_of(news).values()}, key=text.fold)
    raise InputError("E-SINCE-OTHER-MARKETS", field="since", value=str(old_manifest.get("source") or "?"),
                     markets=", ".join(shown), new_markets=", ".join(new_shown))


def _take(index: dict[tuple, list[dict]], key: tuple) -> dict | None:
    found = index.get(key)
    return found.pop(0) if found else None


def _index(entries: list[dict], key) -> dict[tuple, list[dict]]:
    out: dict[tuple, list[dict]] = {}
    for e in entries:
        out.setdefault(key(e), []).append(e)
    return out


def in_market(entry_market: str | None, market: str | None) -> bool:
    """``--market`` as the sheet reader applies it: the whole market name (:func:`qrsign.core.text.market_key`)."""
    return not market or text.market_key(market) == text.market_key(entry_market or "")


def compared_signs(old_manifest: Mapping[str, Any], market: str | None) -> list[dict]:
    """The old build's signs (copies) that ``--market`` keeps; when the old build named no market, ``--market``
    names it, as it does for the new sheet."""
    olds = [dict(s) for s in old_signs(old_manifest)]
    if market:
        if any(s.get("market") for s in olds):
            olds = [s for s in olds if in_market(s.get("market"), market)]
        else:
            for s in olds:
                s["market"] = text.collapse(market)
    return olds


def diff(old_manifest: Mapping[str, Any], new: CheckResult, market: str | None = None) -> Diff:
    """Compare the signs of ``old_manifest`` with the vendors of a checked new sheet."""
    olds = compared_signs(old_manifest, market)
    versions = _versions(olds)
    news = [vr.to_dict() for vr in new.vendors]
    result = Diff(old={"source": old_manifest.get("source"), "date": old_manifest.get("date"),
                       "qrsign": old_manifest.get("qrsign"), "schema": manifest_schema(old_manifest)},
                  rows_rejected=len(new.rejected))
    refuse_other_markets(old_manifest, olds, news, market)
    left: list[dict] = []
    exact = _index(olds, _exact)
    by_code = _index([o for o in olds if _code_key(o) is not None], _code_key)
    taken: set[int] = set()
    for n in news:
        typed = _typed_key(n)
        o = _take_once(exact, _exact(n), taken) or (_take_once(by_code, typed, taken) if typed else None)
        if o is None:
            left.append(n)
            continue
        result.unchanged.append({**_brief(o), "row": n.get("row"), "sheet": n.get("sheet")})
        change = renamed(o.get("bank_bin"), o.get("bank"))
        if change:
            result.renamed_bank.append({**_brief(o), **change})
    remaining = [o for group in exact.values() for o in group if id(o) not in taken]
    for key in (_account, _person):
        index = _index(remaining, key)
        still: list[dict] = []
        for n in left:
            o = _take(index, key(n))
            if o is None:
                still.append(n)
                continue
            result.reprint.append({"sign_id": o.get("sign_id"), "stall": n.get("stall"), "name": n.get("name"),
                                   "market": n.get("market"), "zone": n.get("zone"), "reasons": reasons(o, n),
                                   "old": _brief(o), "new": {**_brief(_renumbered(n, versions)),
                                                             "row": n.get("row"), "sheet": n.get("sheet")}})
        left = still
        remaining = [o for group in index.values() for o in group]
    result.new = [{**_brief(_renumbered(n, versions)), "row": n.get("row"), "sheet": n.get("sheet")} for n in left]
    held = _rejected_places(new)
    for o in remaining:
        if _place(o.get("market"), o.get("stall"), o.get("name")) & held:
            result.pending.append(_brief(o))
        else:
            result.withdraw.append(_brief(o))
    return result


def _place(market: str | None, stall: str | None, name: str | None) -> set[tuple]:
    """Keys that tie an old sign to a rejected row: its stall in its market, and its holder's name there."""
    m = text.fold(market or "")
    keys = {("name", m, text.fold(name or ""))} if name else set()
    if stall:
        keys.add(("stall", m, text.key(stall)))
    return keys


def _rejected_places(result: CheckResult) -> set[tuple]:
    out: set[tuple] = set()
    for r in result.rejected:
        out |= _place(r.market, r.stall, r.name)
    return out


# --------------------------------------------------------------------------------------------------
# ``build --since``: only reprints and new signs are built; the rest goes into the manifest


def replaced(d: Diff) -> list[dict]:
    """The old copy of every reprinted sign, to take down with its old ID: where it hangs (the old stall,
    after a move) and the new sign that replaces it (``new_sign_id``, ``new_stall``, ``reasons``)."""
    return [{**r["old"], "new_sign_id": r["new"]["sign_id"], "new_stall": r["new"].get("stall"),
             "reasons": r["reasons"]} for r in d.reprint]


def take_down(withdraw: list[dict], replaced_signs: list[dict]) -> list[dict]:
    """Every sign of the withdraw list: the signs of vendors who are gone and the old copies of reprints."""
    return [*withdraw, *replaced_signs]


class Since:
    """The ``--since`` filter of a build: tells, row by row as the sheet is read, whether a sign is needed.

    A row needs a sign unless an old sign shows exactly the same thing (pass 1
    of :func:`diff`); that is decidable per row, so the build can keep streaming.
    """

    def __init__(self, old_manifest: Mapping[str, Any], market: str | None = None) -> None:
        self.old = old_manifest
        self.market = market
        signs = old_signs(old_manifest)
        no_market = not any(s.get("market") for s in signs)
        if no_market and market:  # the old build named no market either: --market names it (as in diff)
            signs = [{**s, "market": text.collapse(market)} for s in signs]
        self._exact = {_exact(s) for s in signs}
        self._by_code = {key for key in map(_code_key, signs) if key is not None}
        self._versions = _versions(signs)

    def wanted(self, vr: VendorRow) -> bool:
        """Whether the row needs a sign: no old sign shows the same (pass 1 of :func:`diff`)."""
        entry = vr.to_dict()
        if _exact(entry) in self._exact:
            return False
        typed = _typed_key(entry)
        return typed is None or typed not in self._by_code

    def check_markets(self, result: CheckResult) -> None:
        """Refuse before anything is planned further when the old build shares no market with the sheet."""
        news = [vr.to_dict() for vr in result.vendors]
        refuse_other_markets(self.old, compared_signs(self.old, self.market), news, self.market)

    def number(self, vr: VendorRow) -> None:
        """Give a sign to be printed its version (see :func:`numbered`), so its ID is the one ``diff`` reports."""
        if self.wanted(vr):
            vr.sign_version = numbered({"payload": vr.vendor.payload}, self._versions)

    def trim(self, planner: Any) -> None:
        """Combined builds: keep every account of a vendor with one account to print, drop the other vendors."""
        for key, group in list(planner.groups.items()):
            people = {vr.group_key for vr in group.pending if self.wanted(vr)}
            group.pending = [vr for vr in group.pending if vr.group_key in people]
            if not group.pending:
                del planner.groups[key]

    def manifest_fields(self, result: CheckResult, built: set[str] | frozenset[str] = frozenset()) -> dict:
        """What a ``--since`` build adds to its manifest (all keys additive to schema 1).

        ``kept`` lists the old signs that still hang and were not printed again
        (a combined reprint prints a vendor's unchanged accounts too).
        """
        d = diff(self.old, result, self.market)
        kept_ids = {u["sign_id"] for u in d.unchanged} - set(built)
        kept = [s for s in old_signs(self.old) if s.get("sign_id") in kept_ids]
        return {
            "since": d.old,
            "reprint": [{"sign_id": r["new"]["sign_id"], "old_sign_id": r["sign_id"], "stall": r["stall"],
                         "name": r["name"], "market": r["market"], "zone": r["zone"], "reasons": r["reasons"]}
                        for r in d.reprint],
            "new": [n["sign_id"] for n in d.new],
            "kept": kept,
            "withdraw": d.withdraw,
            "replaced": replaced(d),
            "pending": d.pending,
            "renamed_bank": d.renamed_bank,
        }
