"""Bank directory: resolve what people type in the "Ngân hàng" column to a NAPAS BIN.

The table ships inside the package (``qrsign/core/data/banks.csv``, provenance in its
header) and is never fetched at run time. Lookups are case-, accent-, space- and
punctuation-insensitive; generic words ("Ngân hàng", "TMCP", "Bank") are
dropped in a second pass. A text that fits two banks is an error, never a
guess, and an unknown text comes with "did you mean" suggestions.

>>> find("VCB").short_name, find("Ngân hàng Công Thương").short_name, find("970436").bin
('Vietcombank', 'VietinBank', '970436')
>>> find("LienVietPostBank").short_name, find("quan doi").bin
('LPBank', '970422')
>>> find("Agribank chi nhánh Gia Lâm").short_name, find("VCB - CN Hà Nội").short_name
('Agribank', 'Vietcombank')
>>> m = match("CB Bank"); (m.bank.short_name, m.former)
('VCBNeo', FormerName(name='CB Bank', until=2025))
>>> find("Vietcombak")
Traceback (most recent call last):
qrsign.errors.UnknownBank: ...

Branch suffixes ("chi nhánh …", "CN …", "PGD …", "phòng giao dịch …", "Sở giao
dịch …") are ignored when the full text names no bank: a branch does not
change the BIN. Former names (``former`` column, with the year they ended)
still resolve; :func:`match` says which one was typed so the checker can warn
that the sign shows the current name.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

from qrsign.core.text import fold, key, nfc
from qrsign.errors import AmbiguousBank, UnknownBank

#: Words that say "bank" without saying which one; dropped in the second lookup pass.
_GENERIC = re.compile(
    r"^(?:nganhang|nh)+|^(?:tmcp|thuongmaicophan|tnhh|mtv)+|(?:vietnam|vn|bank|nganhang)+$"
)


#: Branch words and what follows them, matched on text.fold(): "Agribank chi nhánh Gia Lâm", "VCB - CN Hà Nội".
_BRANCH = re.compile(
    r"(?:^|[\s,;(\-–—/]+)(?:chi nhanh|cn|pgd|phong giao dich|so giao dich|sgd|hoi so chinh|hoi so|branch)\b.*$"
)
#: Words that say "bank" (or where) without saying which one: never enough to suggest a bank.
_WEAK_TOKENS = frozenset({"ngan", "hang", "nh", "bank", "tmcp", "tnhh", "mtv", "viet", "nam", "vn", "vietnam",
                          "thuong", "mai", "co", "phan", "chi", "nhanh", "cn", "pgd", "so", "giao", "dich"})


@dataclass(frozen=True)
class FormerName:
    """A name a bank used before a rename, and the year it ended (None where no source dates it)."""

    name: str
    until: int | None = None


@dataclass(frozen=True)
class Match:
    """What :func:`match` found: the bank, and the former name typed (if one was)."""

    bank: Bank
    former: FormerName | None = None


@dataclass(frozen=True)
class Bank:
    """One participant in NAPAS 247: a bank, a digital bank or an e-wallet."""

    bin: str
    short_name: str
    name: str
    swift: str
    aliases: tuple[str, ...]
    former: tuple[FormerName, ...] = ()

    @property
    def former_names(self) -> tuple[str, ...]:
        """Names this bank no longer uses (a sign showing one is out of date; the BIN is unchanged)."""
        return tuple(f.name for f in self.former)

    @property
    def label(self) -> str:
        """``Vietcombank – Ngân hàng TMCP Ngoại Thương Việt Nam``, as printed on signs."""
        return f"{self.short_name} – {self.name}"

    def to_dict(self) -> dict:
        return {
            "bin": self.bin,
            "short_name": self.short_name,
            "name": self.name,
            "swift": self.swift or None,
            "aliases": list(self.aliases),
            "former": [{"name": f.name, "until": f.until} for f in self.former],
        }


#: How close a typed word must be to a bank's name (difflib ratio) to be suggested.
_CLOSE = 0.75
#: Characters of a bank cell the "did you mean" search looks at: the longest bank name is far shorter.
_SUGGEST_CHARS = 200
#: A longer text names no bank (the sheet readers keep 1,000 characters of a cell).
_MATCH_CHARS = 1_000


def _may_reach(a: int, b: int, ratio: float) -> bool:
    """Whether two texts of lengths ``a`` and ``b`` can reach difflib ``ratio`` at all.

    ``ratio = 2·matches / (a + b)`` and ``matches <= min(a, b)``, so a long typed
    text is never compared, at length-times-bank-names cost, with a short name
    it cannot be close to.
    """
    return 2 * min(a, b) >= ratio * (a + b)


def _strip_generic(k: str) -> str:
    previous = None
    while previous != k:
        previous, k = k, _GENERIC.sub("", k)
    return k


class Directory:
    """An immutable set of banks with lookup indexes."""

    def __init__(self, banks: list[Bank]):
        self.banks = tuple(sorted(banks, key=lambda b: b.bin))
        self.by_bin = {b.bin: b for b in self.banks}
        self._exact: dict[str, set[str]] = {}
        self._loose: dict[str, set[str]] = {}
        self._former: dict[tuple[str, str], FormerName] = {}  # (bin, key) -> former name
        self._matched: dict[str, Match] = {}  # what was typed -> what it found (a sheet repeats bank names)
        for bank in self.banks:
            for f in bank.former:
                self._former.setdefault((bank.bin, key(f.name)), f)
            for text in (bank.short_name, bank.name, bank.swift, *bank.aliases, *bank.former_names):
                k = key(text) if text else ""
                if k:
                    self._exact.setdefault(k, set()).add(bank.bin)
                    loose = _strip_generic(k)
                    if len(loose) >= 2:
                        self._loose.setdefault(loose, set()).add(bank.bin)

    def __iter__(self):
        return iter(self.banks)

    def __len__(self) -> int:
        return len(self.banks)

    def find(self, text: str) -> Bank:
        """The one bank ``text`` names; :class:`UnknownBank` or :class:`AmbiguousBank` otherwise."""
        return self.match(text).bank

    def match(self, text: str) -> Match:
        """Like :meth:`find`, and says whether ``text`` is a former name of the bank."""
        raw = "" if text is None else str(text)
        hit = self._matched.get(raw)
        if hit is None:
            hit = self._match(raw)
            if len(self._matched) < 4096 and len(raw) <= _SUGGEST_CHARS:
                self._matched[raw] = hit
        return hit

    def _match(self, raw: str) -> Match:
        if len(raw) > _MATCH_CHARS:  # no bank's name is near this long: say so without folding all of it
            raise UnknownBank(field="bank", value=raw, suggestions=self.suggest(raw))
        k = key(raw)
        if not k:
            raise UnknownBank("E-BANK-EMPTY", field="bank", value=raw, suggestions=[])
        if k.isdigit() and len(k) == 6:
            if k in self.by_bin:
                return Match(self.by_bin[k])
            raise UnknownBank(field="bank", value=raw, suggestions=[])
        probes = [k]
        branchless = key(_BRANCH.sub("", fold(raw)))
        if branchless and branchless != k:
            probes.append(branchless)
        for probe in probes:
            for index, p in ((self._exact, probe), (self._loose, _strip_generic(probe))):
                bins = index.get(p)
                if bins and len(bins) == 1:
                    bank = self.by_bin[next(iter(bins))]
                    return Match(bank, self._former_typed(bank, probe))
                if bins:
                    raise AmbiguousBank(
                        field="bank",
                        value=raw,
                        candidates=[self.by_bin[b].short_name for b in sorted(bins)],
                    )
        raise UnknownBank(field="bank", value=raw, suggestions=self.suggest(raw))

    def _former_typed(self, bank: Bank, probe: str) -> FormerName | None:
        """The former name ``probe`` is, unless it is also a current name of the bank."""
        former = self._former.get((bank.bin, probe))
        if former is None:
            loose = _strip_generic(probe)
            former = next((f for (b, k), f in self._former.items() if b == bank.bin and _strip_generic(k) == loose),
                          None)
        if former is None:
            return None
        current = {key(t) for t in (bank.short_name, bank.name, bank.swift, *bank.aliases) if t}
        return None if probe in current else former

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Short names of the banks closest to ``text``, best first.

        A suggestion must be close to a real word of what was typed (not to
        "ngân hàng", "chi nhánh" or the place): "Agribank chi nhánh Gia Lâm"
        never suggests Citibank.

        The work is bounded whatever was typed: only the first
        ``_SUGGEST_CHARS`` characters are looked at (a bank's name is short),
        and a pair whose lengths alone rule out a close match is never compared.
        """
        raw = ("" if text is None else str(text))[:_SUGGEST_CHARS]
        folded = _BRANCH.sub("", fold(raw)) or fold(raw)
        words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
        tokens = {w for w in words if len(w) >= 3 and w not in _WEAK_TOKENS}
        joined = _strip_generic(key(folded))
        if len(joined) >= 3:
            tokens.add(joined)
        scored: dict[str, float] = {}
        pool = {**self._exact, **self._loose}
        for k, bins in pool.items():
            if len(k) < 3:
                continue
            best = 0.0
            for t in tokens:
                if t == k or (len(t) >= 4 and (k.startswith(t) or t.startswith(k) and len(k) >= 4)):
                    best = max(best, 0.95)
                elif _may_reach(len(t), len(k), max(best, _CLOSE)):
                    best = max(best, difflib.SequenceMatcher(None, t, k).ratio())
            if best >= _CLOSE:
                for b in bins:
                    name = self.by_bin[b].short_name
                    scored[name] = max(scored.get(name, 0.0), best)
        return [name for name, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))][:n]

    def search(self, text: str) -> list[Bank]:
        """Every bank whose names contain ``text`` (for ``qrsign banks QUERY``), else close ones."""
        k = key(text)
        try:  # the bank a sheet cell with this text would get comes first (a former name such as "CB Bank")
            exact: Bank | None = self.find(text)
        except (UnknownBank, AmbiguousBank):
            exact = None
        hits = [
            b
            for b in self.banks
            if k == b.bin
            or any(k in key(t) for t in (b.short_name, b.name, b.swift, *b.aliases, *b.former_names) if t)
        ]
        if exact is not None:
            hits = [exact, *(b for b in hits if b is not exact)]
        if hits:
            return hits
        return [self.find(s) for s in self.suggest(text)]


def parse_csv(text: str) -> list[Bank]:
    """Banks from the CSV format of ``banks.csv`` (comment lines start with ``#``)."""
    lines = [line for line in nfc(text).splitlines() if line and not line.startswith("#")]
    banks = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        former = []
        for item in (row.get("former") or "").split("|"):
            name, _, year = item.strip().rpartition(":") if item.strip()[-4:].isdigit() else (item.strip(), "", "")
            if name.strip():
                former.append(FormerName(name.strip(), int(year) if year else None))
        banks.append(
            Bank(
                bin=row["bin"].strip(),
                short_name=row["short_name"].strip(),
                name=row["official_name_vi"].strip(),
                swift=(row.get("swift_code") or "").strip(),
                aliases=aliases,
                former=tuple(former),
            )
        )
    return banks


@functools.cache
def directory() -> Directory:
    """The directory shipped with qrsign (loaded once per process)."""
    text = resources.files("qrsign.core").joinpath("data/banks.csv").read_text(encoding="utf-8")
    return Directory(parse_csv(text))


def match(text: str) -> Match:
    """Resolve ``text`` with the shipped directory, saying whether it is a former name; see :meth:`Directory.match`."""
    return directory().match(text)


def find(text: str) -> Bank:
    """Resolve ``text`` with the shipped directory; see :meth:`Directory.find`."""
    return directory().find(text)


def by_bin(bin: str) -> Bank | None:
    """The bank with this BIN, or None."""
    return directory().by_bin.get(bin)
