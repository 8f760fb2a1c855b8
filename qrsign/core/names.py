"""The name policy: what a holder's name typed in a sheet becomes, and what is said about it.

Banks compare the uppercase holder line with the account's real holder, so
that line must be the holder's name and nothing else:

- a stray U+FEFF (a byte-order mark pasted with the text) is dropped silently;
- text typed with the VNI or TCVN3 fonts is converted to Unicode with a
  warning that shows the result, or refused when the conversion is not
  certain (:mod:`qrsign.core.legacy`);
- a note in parentheses ("Nguyễn Văn A (vợ)") is taken out of the name, with a
  warning: it never reaches the holder line;
- characters that are not Vietnamese letters (emoji, CJK, symbols) are refused
  by :func:`qrsign.core.text.clean_name`, which the vendor model applies.

Pure: no I/O.

>>> r = parse("Nguyeãn Vaên A (vôï)"); (r.name, [p.code for p in r.problems])
('Nguyễn Văn A', ['W-NAME-LEGACY', 'W-NAME-NOTE'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qrsign.core import legacy
from qrsign.core.account import AccountProblem

#: A note in parentheses or brackets, with the spaces around it.
_NOTE = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*")


@dataclass(frozen=True)
class NameResult:
    """The name to build with and the problems found (same shape as the account policy's)."""

    typed: str
    name: str
    problems: tuple[AccountProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def strip_bom(s: str) -> str:
    """Drop U+FEFF wherever it is: it is invisible, so the name read is the name seen."""
    return s.replace("\ufeff", "")


def without_notes(name: str) -> tuple[str, list[str]]:
    """``("Nguyễn Văn A (vợ)")`` → ``("Nguyễn Văn A", ["vợ"])``; a name that is only a note is kept.

    >>> without_notes("Lâm Văn Đức (chồng) [cũ]")
    ('Lâm Văn Đức', ['chồng', 'cũ'])
    """
    notes = [m.group(1).strip() for m in _NOTE.finditer(name)]
    if not notes:
        return name, []
    rest = " ".join(_NOTE.sub(" ", name).split())
    return (rest, notes) if rest else (name, [])


def parse(raw: Any) -> NameResult:
    """What the holder's name typed as ``raw`` becomes (see the module docstring)."""
    typed = "" if raw is None else str(raw)
    s = strip_bom(typed)
    problems: list[AccountProblem] = []
    found = legacy.detect(s)
    if found is not None:
        if not found.certain:
            problems.append(AccountProblem("E-NAME-LEGACY", "error", typed, {"encoding": found.encoding}))
            return NameResult(typed, s, tuple(problems))
        problems.append(AccountProblem("W-NAME-LEGACY", "warning", typed,
                                       {"encoding": found.encoding, "converted": found.text}))
        s = found.text
    name, notes = without_notes(s)
    if notes:
        from qrsign.core.text import bank_style

        problems.append(AccountProblem("W-NAME-NOTE", "warning", s,
                                       {"note": "; ".join(notes), "holder": bank_style(name)}))
    return NameResult(typed, name, tuple(problems))
