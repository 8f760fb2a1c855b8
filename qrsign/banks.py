"""Bank directory: resolve what people type in the "Ngân hàng" column to a NAPAS BIN.

The table ships inside the package (``qrsign/data/banks.csv``, provenance in its
header) and is never fetched at run time. Lookups are case-, accent-, space- and
punctuation-insensitive; generic words ("Ngân hàng", "TMCP", "Bank") are
dropped in a second pass. A text that fits two banks is an error, never a
guess, and an unknown text comes with "did you mean" suggestions.

>>> find("VCB").short_name, find("Ngân hàng Công Thương").short_name, find("970436").bin
('Vietcombank', 'VietinBank', '970436')
>>> find("LienVietPostBank").short_name, find("quan doi").bin
('LPBank', '970422')
>>> find("Vietcombak")
Traceback (most recent call last):
qrsign.errors.UnknownBank: ...
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources

from qrsign.errors import AmbiguousBank, UnknownBank
from qrsign.text import key, nfc

#: Words that say "bank" without saying which one; dropped in the second lookup pass.
_GENERIC = re.compile(
    r"^(?:nganhang|nh)+|^(?:tmcp|thuongmaicophan|tnhh|mtv)+|(?:vietnam|vn|bank|nganhang)+$"
)


@dataclass(frozen=True)
class Bank:
    """One participant in NAPAS 247: a bank, a digital bank or an e-wallet."""

    bin: str
    short_name: str
    name: str
    swift: str
    aliases: tuple[str, ...]

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
        }


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
        for bank in self.banks:
            for text in (bank.short_name, bank.name, bank.swift, *bank.aliases):
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
        raw = "" if text is None else str(text)
        k = key(raw)
        if not k:
            raise UnknownBank("E-BANK-EMPTY", field="bank", value=raw, suggestions=[])
        if k.isdigit() and len(k) == 6:
            if k in self.by_bin:
                return self.by_bin[k]
            raise UnknownBank(field="bank", value=raw, suggestions=[])
        for index, probe in ((self._exact, k), (self._loose, _strip_generic(k))):
            bins = index.get(probe)
            if bins and len(bins) == 1:
                return self.by_bin[next(iter(bins))]
            if bins:
                raise AmbiguousBank(
                    field="bank",
                    value=raw,
                    candidates=[self.by_bin[b].short_name for b in sorted(bins)],
                )
        raise UnknownBank(field="bank", value=raw, suggestions=self.suggest(raw))

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Short names of the banks closest to ``text``, best first."""
        k = _strip_generic(key(text)) or key(text)
        names: list[str] = []
        pool = {**self._exact, **self._loose}
        for match in difflib.get_close_matches(k, list(pool), n=12, cutoff=0.6):
            for b in sorted(pool[match]):
                name = self.by_bin[b].short_name
                if name not in names:
                    names.append(name)
        return names[:n]

    def search(self, text: str) -> list[Bank]:
        """Every bank whose names contain ``text`` (for ``qrsign banks QUERY``), else close ones."""
        k = key(text)
        hits = [
            b
            for b in self.banks
            if k == b.bin or any(k in key(t) for t in (b.short_name, b.name, b.swift, *b.aliases) if t)
        ]
        if hits:
            return hits
        try:
            return [self.find(text)]
        except (UnknownBank, AmbiguousBank):
            return [self.find(s) for s in self.suggest(text)]


def parse_csv(text: str) -> list[Bank]:
    """Banks from the CSV format of ``banks.csv`` (comment lines start with ``#``)."""
    lines = [line for line in nfc(text).splitlines() if line and not line.startswith("#")]
    banks = []
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
        banks.append(
            Bank(
                bin=row["bin"].strip(),
                short_name=row["short_name"].strip(),
                name=row["official_name_vi"].strip(),
                swift=(row.get("swift_code") or "").strip(),
                aliases=aliases,
            )
        )
    return banks


@functools.cache
def directory() -> Directory:
    """The directory shipped with qrsign (loaded once per process)."""
    text = resources.files("qrsign").joinpath("data/banks.csv").read_text(encoding="utf-8")
    return Directory(parse_csv(text))


def find(text: str) -> Bank:
    """Resolve ``text`` with the shipped directory; see :meth:`Directory.find`."""
    return directory().find(text)


def by_bin(bin: str) -> Bank | None:
    """The bank with this BIN, or None."""
    return directory().by_bin.get(bin)
