"""Text hygiene for names, headers and file names (pure, stdlib only).

Vietnamese text arrives NFC, NFD (macOS, cp1258 CSVs) or mixed, with stray
spaces, zero-width characters pasted from chat apps and, from hostile sheets,
bidi overrides or Cyrillic letters that look Latin. A sign must show the true
holder, so these are folded where harmless and refused where they could
mislead.

>>> fold("Đỗ Thị  Lan")
'do thi lan'
>>> bank_style("Đỗ Thị  Lan")
'DO THI LAN'
>>> slug("Quầy 12/A – Chợ Đồng Xa")
'quay-12-a-cho-dong-xa'
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata

from qrsign.errors import InvalidFormat

#: Bidi embedding/override/isolate controls and marks (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Invisible characters that hide inside names copied from chat apps.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
#: Spaces people type that are not U+0020.
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
#: "chợ" (market) in front of a market's name, on :func:`fold`'s text.
_MARKET_WORD = re.compile(r"^cho\b[\s\-:.,]*")
#: Dashes and dots people put in account numbers; stripped, nothing else is.
ACCOUNT_SEPARATORS = re.compile(r"[\s\u00a0\u2000-\u200a\u202f.\-\u2010-\u2015\u2212_]+")


def nfc(text: str) -> str:
    """NFC-normalise; every string qrsign keeps passes through here."""
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    """NFC, any kind of space to one U+0020, trimmed.

    >>> collapse("  Phạm\\u00a0Văn   Đức ")
    'Phạm Văn Đức'
    """
    return _SPACES.sub(" ", nfc(text)).strip()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics: Đ/đ to D/d by hand (U+0110 does not decompose), then marks.

    >>> strip_marks("Nguyễn Thị Hường, Đà Nẵng")
    'Nguyen Thi Huong, Da Nang'
    """
    if text.isascii():
        return text  # no marks and no Đ: most stalls, banks and accounts
    text = text.replace("Đ", "D").replace("đ", "d").replace("\u00d0", "D")  # U+00D0: legacy look-alike of Đ
    text = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


@functools.lru_cache(maxsize=8192)  # pure; markets, zones and each row's name are folded again and again
def fold(text: str) -> str:
    """A comparison key: no diacritics, casefolded, spaces collapsed."""
    return collapse(strip_marks(nfc(text))).casefold()


def key(text: str) -> str:
    """A tighter comparison key: :func:`fold` with everything but letters and digits removed.

    >>> key("Ngân hàng TMCP Ngoại-Thương (VN)")
    'nganhangtmcpngoaithuongvn'
    """
    return "".join(ch for ch in fold(text) if ch.isalnum())


def natural_key(label: str) -> tuple:
    """A stall label's sort key: its numbers compared as numbers, so A2 comes before A10.

    >>> sorted(["A10", "a2", "B1", "A1"], key=natural_key)
    ['A1', 'a2', 'A10', 'B1']
    """
    return tuple((1, int(p)) if p.isdigit() else (0, p) for p in re.split(r"(\d+)", key(label)) if p)


def market_key(name: str) -> str:
    """What ``--market`` compares: the whole market name, accents, case and punctuation folded, "Chợ" dropped.

    A whole name, never a part of one: "Chợ Hàng" is not "Chợ Hàng Da", whose
    signs a ``diff`` would otherwise list for withdrawal. The leading word
    "Chợ" is optional on either side, so ``--market "Hàng Da"`` still finds it.

    >>> market_key("Chợ Hàng Da") == market_key("hang da"), market_key("Chợ Hàng") == market_key("Chợ Hàng Da")
    (True, False)
    """
    folded = fold(name)
    bare = _MARKET_WORD.sub("", folded)
    return key(bare) or key(folded)


def bank_style(name: str) -> str:
    """The holder's name as banking apps show it after a scan: uppercase, no diacritics."""
    return collapse(strip_marks(name)).upper()


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe slug: ``[a-z0-9-]``, at most ``limit`` characters, never empty.

    >>> slug("../../etc/passwd"), slug("CON"), slug("‮gpj.exe"), slug("")
    ('etc-passwd', 'con', 'gpj-exe', 'x')
    """
    folded = fold(text)
    out = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].strip("-")
    return out or "x"


def suspicious_chars(text: str) -> list[str]:
    """Characters that must never be on a sign: controls, format characters, bidi, zero-width,
    private-use and unassigned code points. Returned as ``U+XXXX`` names, in order.

    >>> suspicious_chars("Nguy\\u200ben\\u202eA")
    ['U+200B ZERO WIDTH SPACE', 'U+202E RIGHT-TO-LEFT OVERRIDE']
    """
    if text.isprintable():  # checked in C: no character of an "Other" or line/paragraph separator category
        return []
    found = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in BIDI_CONTROLS or ch in ZERO_WIDTH or cat in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"):
            found.append(f"U+{ord(ch):04X} {_char_name(ch)}")
    return found


def visible(text: str, keep: str = "") -> str:
    r"""``text`` with every character :func:`suspicious_chars` names (and tabs, line breaks) shown as an escape.

    For text that did not come from qrsign (a payload, a file name, a cell) on its way to a terminal or a
    message: an ESC, a BEL or a bidi override then shows as ``\x1b``, ``\x07``, ``\u202e`` instead of
    acting on the screen. Characters in ``keep`` pass through (``"\n"`` for a whole message).

    >>> print(visible("Lan\x1b]52;c;aGk=\x07\u202e"))
    Lan\x1b]52;c;aGk=\x07\u202e
    """
    if text.isprintable():  # the usual case, checked in C: nothing to escape
        return text
    out = []
    for ch in text:
        if ch not in keep and (ch in "\t\n\r" or suspicious_chars(ch)):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def _char_name(ch: str) -> str:
    """The Unicode name, or what the character is when it has none (controls, private use, unassigned)."""
    name = unicodedata.name(ch, "")
    if name:
        return name
    return {"Cc": "CONTROL CHARACTER", "Co": "PRIVATE USE", "Cn": "UNASSIGNED", "Cs": "SURROGATE"}.get(
        unicodedata.category(ch), "UNNAMED")


def foreign_letters(text: str) -> list[str]:
    """Letters that are not Latin (Cyrillic а, Greek ο …): look-alikes of Latin letters.

    Vietnamese uses only Latin letters with diacritics, so any other script in
    a holder's name is either a typing accident or an attempt to mislead.

    >>> foreign_letters("Nguyễn Vаn A")
    ['U+0430 CYRILLIC SMALL LETTER A']
    >>> foreign_letters("ĐOÀN VĂN ĐỨC")
    []
    """
    if text.isascii():  # ASCII letters are Latin ones
        return []
    found = []
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN "):
            found.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}")
    return found


def clean_text(text: str, field: str, limit: int) -> str:
    """Collapse spaces and check a free-text field: no hidden characters, at most ``limit`` long.

    Raises :class:`~qrsign.errors.InvalidFormat` naming the field and the code point.
    """
    bad = suspicious_chars(text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
    if bad:
        raise InvalidFormat("E-TEXT-HIDDEN", field=field, value=text, chars=", ".join(bad))
    text = collapse(text)
    if len(text) > limit:
        from qrsign.errors import InvalidLength

        raise InvalidLength("E-TEXT-LEN", field=field, value=text, limit=limit, length=len(text))
    return text


def clean_name(text: str, field: str = "name", limit: int = 70) -> str:
    """A holder's name: :func:`clean_text`, plus only Vietnamese letters (with diacritics),
    spaces and ``.-'(),&/`` — a name with look-alike letters, other scripts, digits or symbols is refused,
    and so is text typed with the VNI/TCVN3 fonts (:mod:`qrsign.core.names` converts it, with a warning, first).
    A stray U+FEFF is dropped."""
    from qrsign.core import legacy

    text = text.replace("\ufeff", "")
    found = legacy.detect(text)
    if found is not None and found.certain:  # qrsign.core.names converts it with a warning; a model never does
        raise InvalidFormat("E-NAME-LEGACY-TEXT", field=field, value=text, encoding=found.encoding,
                            converted=found.text)
    if found is not None:
        raise InvalidFormat("E-NAME-LEGACY", field=field, value=text, encoding=found.encoding)
    text = clean_text(text, field, limit)
    foreign = foreign_letters(text)
    lookalikes = [f for f in foreign if f.split(" ", 2)[1] in _LOOKALIKE_SCRIPTS]
    if lookalikes:
        raise InvalidFormat("E-NAME-SCRIPT", field=field, value=text, chars=", ".join(lookalikes))
    letters = [ch for ch in dict.fromkeys(text) if ch.isalpha() and not legacy.is_vietnamese_letter(ch)]
    if letters:
        raise InvalidFormat("E-NAME-LETTERS", field=field, value=text,
                            chars=", ".join(f"“{ch}” U+{ord(ch):04X} {_char_name(ch)}" for ch in letters))
    other = sorted({ch for ch in text if not (ch.isalpha() or ch in NAME_PUNCTUATION)})
    if other:
        raise InvalidFormat("E-NAME-CHARS", field=field, value=text, chars=" ".join(other))
    return text


#: Scripts whose letters pass for Latin ones (the first word of their Unicode names).
_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"})


def clean_account(text: str) -> str:
    """An account or card number as people type it: separators (spaces, dots, dashes) removed.

    Case is kept: virtual accounts are alphanumeric and may be lowercase.

    >>> clean_account(" 1903 6123.4560-12 ")
    '19036123456012'
    """
    return ACCOUNT_SEPARATORS.sub("", nfc(text))


def column_letter(number: int) -> str:
    """A spreadsheet column's letters from its number, counting from 1 (as Excel and openpyxl do).

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(702), column_letter(16384)
    ('A', 'Z', 'AA', 'ZZ', 'XFD')
    """
    out = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str) -> int:
    """A spreadsheet column's number from its letters as openpyxl reads a cell reference
    (``column_index_from_string``, openpyxl 3.1): up to three letters, either case, "A" to "ZZZ"; anything else
    a ``ValueError``. (Its quirks too: the length is counted before upper-casing, and only the last three
    letters of the upper-cased text count, so a reference reads the same both ways.)

    >>> column_index("A"), column_index("ab"), column_index("XFD"), column_index("ZZZ")
    (1, 28, 16384, 18278)
    """
    if len(letters) > 3:
        raise ValueError(f"{letters} is not a valid column name")
    n = 0
    for ch, power in zip(reversed(letters.upper()), (1, 26, 676), strict=False):
        if not "A" <= ch <= "Z":
            raise ValueError(f"{letters} is not a valid column name")
        n += (ord(ch) - 64) * power
    if not 0 < n < 18279:
        raise ValueError(f"{letters} is not a valid column name")
    return n


def group_account(account: str, sep: str = " ") -> str:
    """An account number in groups, as people read it aloud and type it into a banking app.

    The one grouping rule for everything qrsign prints:

    - a phone-number account (10 digits starting with 0, as MB, Viettel Money and
      others allow) is grouped like a phone number, 4-3-3;
    - anything else is grouped in fours from the left, but a lone last character
      joins the group before it (13 digits are 4-4-5, never 4-4-4-1): a single
      digit on its own is easily misread as a stray mark or skipped;
    - up to 5 characters stay in one group.

    >>> group_account("0352350917")
    '0352 350 917'
    >>> group_account("0011012345678")
    '0011 0123 45678'
    >>> group_account("19036123456012")
    '1903 6123 4560 12'
    >>> group_account("123456789")
    '1234 56789'
    >>> group_account("12345678"), group_account("12345"), group_account("")
    ('1234 5678', '12345', '')
    >>> group_account("VQRQ0001990hq", "-")
    'VQRQ-0001-990hq'
    """
    if len(account) == 10 and account.isdigit() and account.startswith("0"):
        return sep.join((account[:4], account[4:7], account[7:]))
    groups = [account[i : i + 4] for i in range(0, len(account), 4)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2:] = [groups[-2] + groups[-1]]
    return sep.join(groups)


#: The old name, kept so callers written against it keep working: the same function.
group4 = group_account


def wrap_balanced(sizes: list[float], space: float, n: int) -> list[tuple[int, int]]:
    """Split words of widths ``sizes`` (``space`` between two) into at most ``n`` lines of similar
    width, greedy against the average; returns each line's ``(start, end)`` word indexes.

    Pure arithmetic, so the PDF signs (reportlab widths) and the PNG card (Pillow widths) share it.

    >>> wrap_balanced([3, 3, 3, 3], 1, 2), wrap_balanced([3, 3], 1, 1), wrap_balanced([5], 1, 2)
    ([(0, 2), (2, 4)], [(0, 2)], [(0, 1)])
    """
    if len(sizes) <= 1 or n <= 1:
        return [(0, len(sizes))]
    target = (sum(sizes) + space * (len(sizes) - 1)) / n
    lines: list[tuple[int, int]] = []
    start, current_width = 0, 0.0
    for i, size in enumerate(sizes):
        trial = current_width + space + size if i > start else size
        if i > start and trial > target * 1.08 and len(lines) < n - 1:
            lines.append((start, i))
            start, current_width = i, size
        else:
            current_width = trial
    lines.append((start, len(sizes)))
    return lines


#: Punctuation allowed in a holder's name besides letters and spaces.
NAME_PUNCTUATION = " .-'’(),&/"

#: First characters that make a spreadsheet treat text as a formula (OWASP ASVS 1.2.10, CWE-1236).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")


def neutralise(text: str) -> str:
    """Text that a spreadsheet will show as text, never run as a formula.

    >>> neutralise("=HYPERLINK(\\"x\\")"), neutralise(" =1+1"), neutralise("Quầy 3")
    ('\\'=HYPERLINK("x")', "' =1+1", 'Quầy 3')
    """
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


#: How a date is printed and shown (on signs, the withdraw list, a date cell quoted in a message): dd/mm/yyyy.
DATE_FORMAT = "%d/%m/%Y"


def show_date(value: datetime.date) -> str:
    """A date (or datetime) as qrsign prints it.

    >>> import datetime
    >>> show_date(datetime.date(2026, 1, 15))
    '15/01/2026'
    """
    return value.strftime(DATE_FORMAT)
