"""The name policy: what a holder's name typed in a sheet becomes, and what is said about it.

Banks compare the uppercase holder line with the account's real holder, so
that line must be the holder's name and nothing else:

- a stray U+FEFF (a byte-order mark pasted with the text) is dropped silently;
- text typed with the VNI or TCVN3 fonts is converted to Unicode with a
  warning that shows the result, or refused when the conversion is not
  certain (:mod:`qrsign.core.legacy`);
- a note in parentheses ("Nguyễn Văn A (vợ)") is taken out of the name, with a
  warning: it never reaches the holder line;
- a courtesy title or household-business prefix ("Bà", "Ông", "Cô", "Chú",
  "Chị", "Anh", "Bác", "Ô.", "B.", "Hộ kinh doanh", "HKD") is taken off when a
  full name follows, with a warning that shows the holder line — and kept when
  the title word is a surname ("Ông Văn Khải": Ông is a surname);
- what cannot be one person's registered name is refused: a shop ("Cửa hàng …",
  "Cơ sở …", "Tạp hóa …"), two people ("A, B", "A / B", "A và B", "vợ chồng …"),
  a title with a given name only ("Cô Mai"), a single word, a placeholder ("x",
  "test", "chưa có", "?");
- characters that are not Vietnamese letters (emoji, CJK, symbols) are refused
  by :func:`qrsign.core.text.clean_name`, which the vendor model applies.

The title rule, and why: a title is taken off only when what follows is itself
a full name (two words or more) that starts with a common Vietnamese surname —
so "Bà Lê Thị Mận" prints LE THI MAN, while "Ông Văn Khải" (Văn is a middle
name, not a surname) stays the person named Ông. A title is matched with its
marks when the cell has marks ("Chu Văn An" is the surname Chu, not "Chú"), and
without them only in a cell typed without marks ("BA LE THI MAN").

Pure: no I/O.

>>> r = parse("Nguyeãn Vaên A (vôï)"); (r.name, [p.code for p in r.problems])
('Nguyễn Văn A', ['W-NAME-LEGACY', 'W-NAME-NOTE'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qrsign.core import legacy, text
from qrsign.core.account import AccountProblem
from qrsign.errors import QrsignError

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


def parse(raw: Any, *, person: bool = True) -> NameResult:
    """What the holder's name typed as ``raw`` becomes (see the module docstring).

    ``person=False`` skips the one-person rules (titles, shops, two people …): for a row whose "Mã QR" the
    bank issued, the holder is what the code says — a merchant's code names a shop, and that is right.
    """
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
        problems.append(AccountProblem("W-NAME-NOTE", "warning", s,
                                       {"note": "; ".join(notes), "holder": text.bank_style(name)}))
    if not person:
        return NameResult(typed, name, tuple(problems))
    one = one_person(name)
    refused = [p.code for p in one.problems if p.severity == "error"]
    if refused and refused != ["E-NAME-PLACEHOLDER"] and not _printable(name):
        # hidden or foreign characters: the vendor model says which, more precisely than "not a person"
        return NameResult(typed, name, tuple(problems))
    return NameResult(typed, one.name, (*problems, *one.problems))


# --------------------------------------------------------------------------------------------------
# One person's registered name


#: Common Vietnamese surnames (text.fold() forms). "Văn" and "Thị" are left out on purpose: after a title they
#: are middle names ("Ông Văn Khải" is a person named Ông).
SURNAMES = frozenset({
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong",
    "ly", "dao", "doan", "vuong", "trinh", "truong", "dinh", "lam", "phung", "mai", "to", "ha", "ta", "luu",
    "luong", "cao", "chau", "quach", "tang", "thai", "kieu", "trieu", "luc", "hua", "la", "tu", "chu", "khuc",
    "ton", "nghiem", "quan", "giang", "lo", "mac", "ong", "diep", "che", "cu", "dam", "than", "tong", "nong", "lu",
    "au", "ma", "kim", "vien", "pho", "khong", "phuong", "lai", "bach", "dong", "han", "trang", "thach", "ninh",
    "nhu", "vi", "hau", "be", "hoa", "kha", "son", "tieu", "khuong", "yen", "long", "lang", "dieu", "giap", "ung",
    "nham", "sam"
})
#: Courtesy titles as typed with marks, and their forms without marks (for cells typed without marks).
TITLES = ("bà", "ông", "cô", "chú", "chị", "anh", "bác", "ô.", "b.", "bà.", "ông.", "cô.")
_TITLES_PLAIN = frozenset(text.fold(t) for t in TITLES)
#: Title words that are also surnames: with a name after them that is not surname-led, they are the surname.
_TITLE_SURNAMES = frozenset({"ông", "ong", "chu"})
#: Household-business prefixes, as sequences of folded words.
_HOUSEHOLD = (("ho", "kinh", "doanh"), ("ho", "kd"), ("hkd",), ("h.k.d",), ("h.k.d.",), ("ho", "k.d"))
#: A shop's or a firm's name, by its first words (folded).
_SHOP_WORDS = (("cua", "hang"), ("co", "so"), ("tap", "hoa"), ("cong", "ty"), ("dai", "ly"), ("nha", "thuoc"),
               ("sieu", "thi"), ("hop", "tac", "xa"), ("doanh", "nghiep"), ("cty",), ("ctcp",), ("tnhh",),
               ("dntn",), ("htx",), ("shop",), ("tiem",), ("ch",), ("cs",))
#: What people type for "no name yet" (folded, whole cell).
_PLACEHOLDERS = frozenset({"x", "xx", "xxx", "test", "thu nghiem", "chua co", "chua", "chua ro", "khong", "khong co",
                           "khong ro", "n/a", "na", "none", "null", "tbd", "abc", "ten", "ho ten", "ho va ten",
                           "dang cap nhat", "cap nhat sau", "?", "??", "???", "...", "-", "0"})
#: Two people in one cell: a list separator, or "và" / "&" between two names.
_TWO_SEPARATORS = re.compile(r"[,/&+;]|\s[-\u2013\u2014]\s")


@dataclass(frozen=True)
class Person:
    """What :func:`one_person` made of a name: the name to print and the problems (a title taken off …)."""

    name: str
    problems: tuple[AccountProblem, ...] = ()


def one_person(name: str) -> Person:
    """The name of one person as the bank registers it, or an error saying why ``name`` cannot be one.

    >>> one_person("Bà Lê Thị Mận").name, one_person("Ông Văn Khải").name
    ('Lê Thị Mận', 'Ông Văn Khải')
    >>> [p.code for p in one_person("Cô Mai").problems], [p.code for p in one_person("Cửa hàng Minh Anh").problems]
    (['E-NAME-TITLE-ONLY'], ['E-NAME-SHOP'])
    """
    words = text.collapse(name).split()
    if not words:
        return Person(name)  # empty: the vendor model says a name is required
    folded = text.fold(" ".join(words)).split()
    if len(folded) != len(words):  # folding never joins or splits words; be sure anyway
        folded = [text.fold(w) for w in words]
    error = _not_a_person(name, words, folded)
    if error is not None:
        return Person(name, (error,))
    marked = any(not ch.isascii() for ch in name)
    taken: list[str] = []
    household = _household(folded)
    if household:
        taken.append(" ".join(words[:household]).rstrip(":-–"))
        words, folded = words[household:], folded[household:]
        if not words or _is_shop(folded):
            return Person(name, (AccountProblem("E-NAME-SHOP", "error", name),))
    if len(words) > 1 and _is_title(words[0], marked):
        rest, rest_folded = words[1:], folded[1:]
        if len(rest) >= 2 and rest_folded[0] in SURNAMES:
            taken.append(words[0])
            words = rest
        elif not (len(rest) >= 2 and words[0].lower() in _TITLE_SURNAMES):
            return Person(name, (AccountProblem("E-NAME-TITLE-ONLY", "error", name, {"title": words[0]}),))
    if len(words) == 1:
        if taken:
            return Person(name, (AccountProblem("E-NAME-TITLE-ONLY", "error", name, {"title": " ".join(taken)}),))
        return Person(name, (AccountProblem("E-NAME-ONE-WORD", "error", name),))
    if not taken:
        return Person(name)
    kept = " ".join(words)
    return Person(kept, (AccountProblem("W-NAME-TITLE", "warning", name,
                                        {"title": " ".join(taken), "holder": text.bank_style(kept)}),))


def _printable(name: str) -> bool:
    """The name passes the character rules (:func:`qrsign.core.text.clean_name`): only then is it read for
    who it names, so a name with hidden or foreign characters gets that error, not a vaguer one."""
    try:
        text.clean_name(name, "name", 10_000)
    except QrsignError:
        return False
    return True


def _not_a_person(name: str, words: list[str], folded: list[str]) -> AccountProblem | None:
    """A placeholder, a shop, or two people: never one person's name, whatever follows."""
    if (len(folded) <= 3 and " ".join(folded) in _PLACEHOLDERS) or not any(ch.isalpha() for ch in name):
        return AccountProblem("E-NAME-PLACEHOLDER", "error", name)
    if _is_shop(folded):
        return AccountProblem("E-NAME-SHOP", "error", name)
    joined = " ".join(folded)
    middle_and = "va" in folded[1:-1] and any(
        f == "va" and 0 < i < len(words) - 1 and (w.lower() == "và" or name.isascii())
        for i, (w, f) in enumerate(zip(words, folded, strict=True)))
    if (_TWO_SEPARATORS.search(name) or middle_and or "vo chong" in joined
            or joined.startswith(("ong ba ", "ong/ba", "ba con "))):
        return AccountProblem("E-NAME-TWO-PEOPLE", "error", name)
    return None


def _household(folded: list[str]) -> int:
    """How many words a household-business prefix takes ("Hộ kinh doanh", "HKD:"), or 0."""
    plain = [f.rstrip(":-–") for f in folded]
    for prefix in _HOUSEHOLD:
        if tuple(plain[:len(prefix)]) == prefix:
            return len(prefix)
    return 0


def _is_shop(folded: list[str]) -> bool:
    plain = tuple(f.rstrip(":-–.") for f in folded)
    return any(plain[:len(prefix)] == prefix for prefix in _SHOP_WORDS)


def _is_title(word: str, marked: bool) -> bool:
    """A courtesy title: with its marks in a cell typed with marks, folded in a cell typed without."""
    w = word.lower().rstrip(":,")
    return w in TITLES if marked else text.fold(w) in _TITLES_PLAIN
