"""The account policy: the ONE place that decides what a typed account (or card) number becomes.

A sign proves that its QR equals what the reader understood, so the reader
must never understand something the office did not mean. Only three things
are removed without a word — spaces, dots and dashes *between digit groups*
(``2151 0000 123456``, ``1500-205-123456``, ``0011.0045.67891``) and a stray
U+FEFF. Everything else is a problem on the row:

- a rewrite the office can check, shown in a **warning** with the account that
  will be printed: a float residue typed as text (``21510001234567.0``), a
  label (``TK 0011004567891``, ``STK:``, ``Số TK``, ``No.``), ``+84`` in front
  of a phone number, a NAPAS card number (built as a card transfer);
- a **hint** (warning, nothing rewritten): ``84…`` + a mobile number, a phone
  number with its country code (a plain ``0903123456`` is a normal
  phone-number account and gets no hint);
- an **error**, never built: two accounts in one cell, letters that look like
  digits inside a digit account (``0011OO4O39383``), fewer than 6 or more than
  19 characters, anything but ``[A-Za-z0-9]`` after the silent rules.

Pure: no I/O, no click. :func:`parse` returns an :class:`AccountResult`; the
sheet checker, the models and the CLI all call it, so the printed account,
the payload and the manifest carry the same characters.

>>> parse("0011 0045.67891").account
'0011004567891'
>>> r = parse("TK 0011004567891"); (r.account, [p.code for p in r.problems])
('0011004567891', ['W-ACCOUNT-LABEL'])
>>> [p.code for p in parse("257678859 - 0352350917").problems]
['E-ACCOUNT-TWO']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from qrsign.core import text, vietqr
from qrsign.errors import DataError, InvalidFormat, InvalidLength, QrsignError

MIN_LENGTH = 6
MAX_LENGTH = 19

Severity = Literal["error", "warning"]

#: BINs of wallets whose account *is* the phone number (no phone hint there).
PHONE_ACCOUNT_BINS = frozenset({"971005", "971011"})

#: Separators removed silently, but only between two digit/letter groups.
_GROUP_SEP = r"[ \u00a0\u2000-\u200a\u202f.\-\u2010-\u2015\u2212_]"
_GROUPED = re.compile(rf"[A-Za-z0-9]+(?:{_GROUP_SEP}+[A-Za-z0-9]+)*")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f]+")
#: A float pasted as text: digits (maybe grouped) then ``.0`` / ``.00`` (or ``,0`` in Vietnamese Excel).
_FLOAT = re.compile(r"^([0-9][0-9 \u00a0]*)[.,]0{1,2}$")
#: Labels in front of the number, matched on text.fold() (no accents, lowercase).
_LABEL = re.compile(
    r"^(?P<label>(?:so\s*tai\s*khoan|so\s*tk|stk|tai\s*khoan|tk|a/c(?:\s*no)?|account(?:\s*(?:no|number))?"
    r"|so\s*the|the|card(?:\s*(?:no|number))?)\s*(?:[.:#]\s*)*|no\s*[.:#]\s*|no\s+|so\s*[.:]\s*)"
)
#: What separates two accounts typed in one cell.
_TWO = re.compile(r"\s*(?:[/;,|&+\n\r\t]|\s(?:hoac|hoặc|or|va|và)\s|\s[-\u2010-\u2015]\s)\s*", re.IGNORECASE)
#: Letters that stand for digits when typed inside a digit account.
LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_PHONE_84 = re.compile(r"^84[35789][0-9]{8}$")


@dataclass(frozen=True)
class AccountProblem:
    """One finding about a typed account: a stable code, its severity and the message's parameters."""

    code: str
    severity: Severity
    value: str
    params: dict[str, Any] = field(default_factory=dict)

    def error(self, field: str = "account") -> QrsignError:
        """This problem as the typed error qrsign raises and renders (``.message(lang)``)."""
        return problem_error(self, field)


@dataclass(frozen=True)
class AccountResult:
    """What a typed account becomes: ``account`` ("" when an error stops it), card or not, and why."""

    typed: str
    account: str
    is_card: bool
    problems: tuple[AccountProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def errors(self) -> list[AccountProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[AccountProblem]:
        return [p for p in self.problems if p.severity == "warning"]


def luhn_ok(digits: str) -> bool:
    """The Luhn check digit of a card number (ISO/IEC 7812) is right.

    >>> luhn_ok("9704000000000018"), luhn_ok("9704000000000019")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_napas_card(account: str) -> bool:
    """A NAPAS domestic card number: 9704, 16–19 digits, Luhn-valid."""
    return bool(vietqr.CARD_NUMBER.fullmatch(account)) and luhn_ok(account)


def silent(raw: str) -> str:
    """What the silent rules alone make of ``raw``: NFC, U+FEFF dropped, spaces trimmed, separators between
    groups removed. Used by the property test: any other difference must come with a problem."""
    s = text.nfc(raw).replace("\ufeff", "").strip()
    if _GROUPED.fullmatch(s):
        return text.ACCOUNT_SEPARATORS.sub("", s)
    return s


def parse(raw: Any, *, card: bool = False, bin: str | None = None) -> AccountResult:
    """Decide what the account typed as ``raw`` becomes.

    ``card=True`` means the user says it is a card (a card column, ``--card``):
    it must then have the NAPAS card shape. ``bin`` (when known) turns the phone
    hint off for wallets whose accounts are phone numbers. Results are cached:
    the checker and the vendor model ask about the same cell.
    """
    return _parse("" if raw is None else str(raw), card, bin)


@functools.lru_cache(maxsize=4096)
def _parse(typed: str, card: bool, bin: str | None) -> AccountResult:
    """The policy as a pipeline: silent clean-up, then each error check in turn (the first one stops the
    account), then the warnings that explain each rewrite, then what kind of number it is."""
    s = text.nfc(typed).replace("\ufeff", "").strip()
    error = _unreadable(typed, s)
    if error:
        return _failed(typed, [error])
    label, s = _strip_label(s)
    error = _two_accounts(typed, s)
    if error:
        return _failed(typed, [error])
    intl, s = _international_phone(s)
    compacted = _compact(typed, s)
    if isinstance(compacted, AccountProblem):
        return _failed(typed, [compacted])
    residue, compact = compacted
    error = _lookalike(typed, compact) or _bad_length(compact, residue)
    if error:
        return _failed(typed, [error])
    problems = _rewrite_warnings(typed, compact, label=label, residue=residue, intl=intl)
    kind = _card_kind(compact, card=card, bin=bin, intl=intl)
    problems += kind.problems
    if kind.error:
        return _failed(typed, problems)
    return AccountResult(typed, compact, kind.is_card, tuple(problems))


def _error(code: str, value: str, **params: Any) -> AccountProblem:
    return AccountProblem(code, "error", value, params)


def _warning(code: str, value: str, **params: Any) -> AccountProblem:
    return AccountProblem(code, "warning", value, params)


def _failed(typed: str, problems: list[AccountProblem]) -> AccountResult:
    """An error stops the account: nothing is built, but the warnings found so far are kept."""
    return AccountResult(typed, "", False, tuple(problems))


def _unreadable(typed: str, s: str) -> AccountProblem | None:
    """Hidden characters or nothing alphanumeric at all: there is no account to talk about."""
    hidden = text.suspicious_chars(s.replace("\n", " ").replace("\r", " ").replace("\t", " "))
    if hidden:
        return _error("E-TEXT-HIDDEN", typed, chars=", ".join(hidden))
    if not any(ch.isalnum() for ch in s):  # blank, or only separators (" - . ")
        return _error("E-ACCOUNT-EMPTY", typed)
    return None


def _strip_label(s: str) -> tuple[str, str]:
    """A label in front ("TK 0011…", "STK: …", "Số TK …", "No. …") is removed; it comes back in a warning.

    Returns ``(label, rest)``; the label is "" when there is none (or nothing digit-like follows it)."""
    if not any(ch.isalpha() for ch in s):  # every label has letters: most accounts are digits only
        return "", s
    m = _LABEL.match("".join((text.strip_marks(ch).lower() or ch)[:1] for ch in s))
    if m and m.end() < len(s) and s[m.end():].lstrip()[:1].isdigit():
        return s[: m.end()].strip(), s[m.end():].strip()
    return "", s


def _two_accounts(typed: str, s: str) -> AccountProblem | None:
    """Two accounts in one cell: the office must choose, qrsign never guesses which one."""
    parts = [p for p in _TWO.split(s) if p.strip()]
    if len(parts) > 1 and sum(len(text.ACCOUNT_SEPARATORS.sub("", p)) >= MIN_LENGTH for p in parts) >= 2:
        return _error("E-ACCOUNT-TWO", typed, first=text.ACCOUNT_SEPARATORS.sub("", parts[0]),
                      second=text.ACCOUNT_SEPARATORS.sub("", parts[1]))
    groups = [g for g in re.split(rf"{_GROUP_SEP}+", s) if g]
    if len(groups) > 1 and sum(len(g) >= 8 for g in groups) >= 2:  # "257678859 0352350917": not grouping
        return _error("E-ACCOUNT-TWO", typed, first=groups[0], second=groups[1])
    return None


def _international_phone(s: str) -> tuple[str, str]:
    """"+84 903 123 456" becomes the phone number as banks and wallets register it ("0903123456").

    Returns ``(intl, rest)``: ``intl`` is the typed form when rewritten (for the warning), else ""."""
    if s.startswith("+"):
        rest = text.ACCOUNT_SEPARATORS.sub("", s[1:])
        if rest.startswith("84") and rest[2:].isdigit() and 9 <= len(rest) - 2 <= 10:
            return s, "0" + rest[2:]
    return "", s


def _compact(typed: str, s: str) -> tuple[str, str] | AccountProblem:
    """The account without its separators: ``(residue, compact)``, where ``residue`` is the typed text when it
    was a float pasted as text. Separators are only silent between groups; anything else is shown back."""
    fm = _FLOAT.match(s)
    if fm:
        return s, _SPACES.sub("", fm.group(1))
    if _GROUPED.fullmatch(s):
        return "", text.ACCOUNT_SEPARATORS.sub("", s)
    odd = [ch for ch in s if not (ch.isascii() and ch.isalnum())]
    odd = [ch for ch in odd if not text.ACCOUNT_SEPARATORS.fullmatch(ch)] or odd
    return _error("E-ACCOUNT-CHARS", typed, chars=" ".join(_show_char(c) for c in dict.fromkeys(odd)))


def _lookalike(typed: str, compact: str) -> AccountProblem | None:
    """Letters that look like digits inside a digit account ("0011OO4O39383"): an error with the suggestion,
    never a silent fix — the office must look at what it typed."""
    letters = [ch for ch in compact if ch.isalpha()]
    if letters and all(ch in LOOKALIKES for ch in letters) and any(ch.isdigit() for ch in compact):
        fixed = "".join(LOOKALIKES.get(ch, ch) for ch in compact)
        where = ", ".join(f"{ch}→{LOOKALIKES[ch]} ({i + 1})" for i, ch in enumerate(compact) if ch in LOOKALIKES)
        return _error("E-ACCOUNT-LOOKALIKE", typed, chars=where, suggestion=fixed)
    return None


def _bad_length(compact: str, residue: str) -> AccountProblem | None:
    """Too short, too long, or a float residue long enough that Excel has already lost digits."""
    if len(compact) < MIN_LENGTH:
        return _error("E-ACCOUNT-SHORT", compact, length=len(compact), limit=MIN_LENGTH)
    if len(compact) > MAX_LENGTH:
        return _error("E-ACCOUNT-LEN", compact, length=len(compact), limit=MAX_LENGTH)
    if residue and len(compact) > 15:
        return _error("E-ACCOUNT-DIGITS-LOST", residue)
    return None


def _rewrite_warnings(typed: str, compact: str, *, label: str, residue: str, intl: str) -> list[AccountProblem]:
    """One warning per visible rewrite, each showing the account that will be printed."""
    problems = []
    if label:
        problems.append(_warning("W-ACCOUNT-LABEL", typed, label=label, account=compact))
    if residue:
        problems.append(_warning("W-ACCOUNT-FLOAT", typed, account=compact))
    if intl:
        problems.append(_warning("W-ACCOUNT-PHONE-INTL", typed, account=compact))
    return problems


@dataclass(frozen=True)
class _Kind:
    """What :func:`_card_kind` found: a card or not, the problems, and whether one of them is an error."""

    is_card: bool
    problems: list[AccountProblem]
    error: bool = False


def _card_kind(compact: str, *, card: bool, bin: str | None, intl: str) -> _Kind:
    """Card or account, and the hints that go with it (card-like, phone number with its country code)."""
    if card:
        if not vietqr.CARD_NUMBER.fullmatch(compact):
            return _Kind(False, [_error("E-CARD-FORMAT", compact)], error=True)
        return _Kind(True, [] if luhn_ok(compact) else [_warning("W-CARD-CHECK-DIGIT", compact)])
    if is_napas_card(compact):
        return _Kind(True, [_warning("W-ACCOUNT-IS-CARD", compact)])
    if vietqr.CARD_NUMBER.fullmatch(compact):
        return _Kind(False, [_warning("W-ACCOUNT-CARD-LIKE", compact)])
    if not intl and bin not in PHONE_ACCOUNT_BINS and _PHONE_84.match(compact):
        # "84903123456": a phone number with the country code, not as banks register it. A plain
        # "0903123456" gets no hint: phone-number accounts are normal (MB, TPBank, wallets …).
        return _Kind(False, [_warning("W-ACCOUNT-PHONE", compact, phone="0" + compact[2:])])
    return _Kind(False, [])


def _show_char(ch: str) -> str:
    if ch.isprintable() and not ch.isspace():
        return f"“{ch}”"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


# --------------------------------------------------------------------------------------------------
# the policy as python-stdnum's verbs: compact, validate, is_valid, format


def problem_error(p: AccountProblem, field: str = "account") -> QrsignError:
    """A policy problem (account or name) as the typed error the rest of qrsign reports and renders.

    >>> problem_error(parse("12345").errors[0]).code
    'E-ACCOUNT-SHORT'
    """
    cls: type[DataError] = InvalidLength if p.code in ("E-ACCOUNT-LEN", "E-ACCOUNT-SHORT") else InvalidFormat
    if p.severity == "warning":
        cls = DataError
    return cls(p.code, field=field, value=p.value, **p.params)


def compact(number: Any) -> str:
    """The number without what the silent rules remove (spaces, dots, dashes between groups; U+FEFF);
    nothing is checked. Use :func:`validate` for the account qrsign would print.

    >>> compact(" 0011 0123.4567-8 ")
    '0011012345678'
    """
    return silent("" if number is None else str(number))


def validate(number: Any, *, card: bool = False, bin: str | None = None) -> str:
    """The account qrsign prints and encodes for ``number``, or its first error raised as a typed
    :class:`~qrsign.errors.DataError` (:class:`~qrsign.errors.InvalidLength`, :class:`~qrsign.errors.InvalidFormat`).

    A rewrite the policy makes with a warning ("TK 0011…", "+84…") is accepted here: call :func:`parse` to show
    the warnings, as ``check`` does.

    >>> validate("TK 0011 0045 67891")
    '0011004567891'
    >>> validate("0011OO4O39383")
    Traceback (most recent call last):
    qrsign.errors.InvalidFormat: E-ACCOUNT-LOOKALIKE
    >>> validate("12345")
    Traceback (most recent call last):
    qrsign.errors.InvalidLength: E-ACCOUNT-SHORT
    """
    result = parse(number, card=card, bin=bin)
    for p in result.errors:
        raise problem_error(p)
    return result.account


def is_valid(number: Any, *, card: bool = False, bin: str | None = None) -> bool:
    """Whether :func:`validate` accepts ``number``.

    >>> is_valid("0011 0123 45678"), is_valid("257678859 - 0352350917"), is_valid(None)
    (True, False, False)
    """
    return parse(number, card=card, bin=bin).ok


def format(number: Any, *, card: bool = False, bin: str | None = None, separator: str = " ") -> str:
    """The account as a sign prints it: validated, then grouped for reading aloud
    (:func:`qrsign.core.text.group_account`); errors are raised as by :func:`validate`.

    >>> format("0011012345678"), format("0352.350.917"), format("9704 0000 0000 0018", separator="-")
    ('0011 0123 45678', '0352 350 917', '9704-0000-0000-0018')
    """
    return text.group_account(validate(number, card=card, bin=bin), separator)


def format_digits(value: int, fmt: str) -> str | None:
    """The digits Excel shows for ``value`` under a digit-only number format, or None for other formats.

    ``0`` placeholders force a digit (a leading zero), ``#``/``?`` show one when
    there is one; spaces, dashes, dots between groups, quoted or escaped text are
    literals — only literal digits are kept. ``0000 0000 00000`` and ``123`` →
    ``0000 0000 00123`` → ``000000000123``.
    """
    section = fmt.split(";")[0].strip()
    if not section or section.lower() == "general":
        return None
    tokens: list[tuple[str, str]] = []  # ("p", placeholder) or ("l", literal)
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            if end < 0:
                return None
            tokens.append(("l", section[i + 1:end]))
            i = end + 1
        elif ch == "\\" and i + 1 < len(section):
            tokens.append(("l", section[i + 1]))
            i += 2
        elif ch == "[":
            end = section.find("]", i)
            if end < 0:
                return None
            i = end + 1  # colour / locale / condition
        elif ch in "0#?":
            tokens.append(("p", ch))
            i += 1
        elif ch in " -_.()":
            tokens.append(("l", ch))
            i += 1
        else:
            return None  # decimals, exponents, percent, text (@), dates: not a digit mask
    placeholders = [t for kind, t in tokens if kind == "p"]
    if not placeholders:
        return None
    if any(kind == "l" and t == "." for kind, t in tokens):
        return None  # a decimal point: not a digit mask
    digits = str(value)
    width = len(placeholders)
    spare = digits[:-width] if len(digits) > width else ""
    padded = list(digits[-width:].rjust(width, "\0"))
    out: list[str] = []
    pi = 0
    for kind, t in tokens:
        if kind == "l":
            out.append("".join(ch for ch in t if ch.isdigit()))
            continue
        d = padded[pi]
        if pi == 0:
            out.append(spare)
        pi += 1
        if d != "\0":
            out.append(d)
        elif t == "0":
            out.append("0")
    return "".join(out)
