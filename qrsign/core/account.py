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
  19 characters, anything but ``[A-Za-z0-9]`` after the silent rules, words
  beside the digits (a bank, a label, a person's name: ``0912 345 678 - VCB``,
  ``CK 0912345678``, ``1012345678 Hoa``, ``0901234567ACB`` — virtual accounts
  carry letters only in their own places, never these), a NAPAS card number
  whose issuer (IIN) is another bank than the row's.

Number cells (:func:`number_cell`) get their own rule: the digits Excel stored
are checked against the lengths the row's bank issues and the row's phone, so
a lost leading zero is an error that names the account meant.

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

from qrsign.core import banks, text, vietqr
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
    if typed.isascii() and typed.isdigit() and MIN_LENGTH <= len(typed) <= MAX_LENGTH:
        return _digits_only(typed, card, bin)  # most cells: nothing to clean, no label, no word, no separator
    s = text.nfc(typed).replace("\ufeff", "").strip()
    error = _unreadable(typed, s)
    if error:
        return _failed(typed, [error])
    label, s = _strip_label(s)
    error = _words_beside_digits(typed, s) or _two_accounts(typed, s)
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
    other_bank = card_of_other_bank(compact, bin) if kind.is_card else None
    if other_bank is not None:
        problems.append(other_bank)
        return _failed(typed, problems)
    if kind.error:
        return _failed(typed, problems)
    return AccountResult(typed, compact, kind.is_card, tuple(problems))


def _digits_only(typed: str, card: bool, bin: str | None) -> AccountResult:
    """:func:`_parse` of 6–19 ASCII digits: every rule before the card rules passes them unchanged."""
    kind = _card_kind(typed, card=card, bin=bin, intl="")
    other_bank = card_of_other_bank(typed, bin) if kind.is_card else None
    if other_bank is not None or kind.error:
        return _failed(typed, [*kind.problems, *([other_bank] if other_bank else [])])
    return AccountResult(typed, typed, kind.is_card, tuple(kind.problems))


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


#: What splits a cell into words and numbers when looking for words beside the digits.
_WORD_SPLIT = re.compile(r"[\s.\-\u2010-\u2015\u2212:;,/|_+&()\[\]]+")
#: The letter runs of a token ("0901234567ACB" → "ACB"; "V3CAS1340181061" → "V", "CAS").
_LETTER_RUNS = re.compile(r"[^\W\d_]+")
#: Labels and words that are never part of an account, on text.key() ("CK" = chuyển khoản).
_LABEL_WORDS = frozenset({
    "ck", "chuyenkhoan", "stk", "tk", "sotk", "sotaikhoan", "taikhoan", "so", "no", "ac", "acc", "account",
    "the", "sothe", "card", "nh", "nganhang", "bank", "chinhanh", "cn", "pgd",
})
#: Words that join two accounts ("… hoặc …"): the two-account rule speaks for those.
_JOINERS = frozenset({"hoac", "or", "va"})


def _is_bank_or_label(word: str) -> bool:
    k = text.key(word)
    return k in _LABEL_WORDS or banks.directory().is_name_key(k)


def _words_beside_digits(typed: str, s: str) -> AccountProblem | None:
    """Words typed beside an account's digits — a bank ("… - VCB", "…ACB"), a label ("CK …"), the holder's
    given name ("… Hoa") — are never part of it. Virtual accounts carry letters in their own places
    (V3CAS…, PSP…, 99ZP…), never such words: the cell is an error that suggests the digits."""
    if not any(ch.isalpha() for ch in s):
        return None
    tokens = [t for t in _WORD_SPLIT.split(s) if t]
    words = [t for t in tokens if t.isalpha() and text.key(t) not in _JOINERS]
    core: list[str] = []  # what is left of the account: numbers, and virtual accounts' own letters
    for t in tokens:
        if t.isalpha():
            continue
        runs = _LETTER_RUNS.findall(t)
        if runs and all(_is_bank_or_label(r) for r in runs):  # "0901234567ACB", "CK0912345678", "0912VCB345678"
            words += runs
            core.append(_LETTER_RUNS.sub("", t))
        else:
            core.append(t)
    if not words or sum(len(t) >= 8 for t in core) >= 2:
        return None  # no word, or two long numbers: the two-account rule speaks
    said = " ".join(dict.fromkeys(words))
    suggestion = "".join(core)
    if len(suggestion) >= MIN_LENGTH:
        return _error("E-ACCOUNT-WORDS", typed, words=said, suggestion=suggestion)
    # Too few digits beside the words for an account. The length rules alone would count the words' letters
    # too and take "ACB 123" as the account "ACB123", "Nguyen Van A" as "NguyenVanA": a word glued on.
    digits = sum(ch.isdigit() for ch in suggestion)
    if digits:
        return _error("E-ACCOUNT-WORDS-SHORT", typed, words=said, digits=suggestion, length=len(suggestion),
                      limit=MIN_LENGTH)
    if len(words) > 1 or any(_is_bank_or_label(w) for w in words):
        return _error("E-ACCOUNT-NO-NUMBER", typed, words=said)
    return None  # one word alone ("NGUYENVANA"): a bank's alias account, or the length rules speak


def card_of_other_bank(number: str, bin: str | None) -> AccountProblem | None:
    """A NAPAS card number is issued by the bank its IIN (first 6 digits) names: under another bank's BIN the
    transfer goes nowhere the holder expects. An IIN qrsign does not know is left alone."""
    if not bin or number[:6] == bin:
        return None
    issuer = banks.by_bin(number[:6])
    if issuer is None:
        return None
    mine = banks.by_bin(bin)
    return _error("E-CARD-OTHER-BANK", number, card_bank=f"{issuer.short_name} ({issuer.bin})",
                  bank=mine.short_name if mine else bin)


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


@dataclass(frozen=True)
class IssuedLength:
    """A length of account a bank issues, and how many leading zeros such an account can start with."""

    length: int
    zeros: int = 0
    #: the zeros are lost only before a mobile number (a phone-number account: 0 + 3/5/7/8/9 + 8 digits)
    mobile: bool = False


#: Account lengths the banks issue, where qrsign knows them for sure (BIN → lengths). Vietcombank: 13 digits
#: starting with 0 (0011012345678) or 10 digits (1012345678, or a phone number 09…); Sacombank: 12 digits
#: (0601…); BIDV 14, VietinBank 12 and Agribank 13 digits, never starting with 0. Other banks issue vanity
#: and phone-number accounts of many lengths: their number cells keep the W-ACCOUNT-NUMBER warning.
ISSUED_LENGTHS: dict[str, tuple[IssuedLength, ...]] = {
    "970436": (IssuedLength(13, zeros=2), IssuedLength(10, zeros=1, mobile=True)),
    "970403": (IssuedLength(12, zeros=1),),
    "970418": (IssuedLength(14),),
    "970415": (IssuedLength(12),),
    "970405": (IssuedLength(13),),
}
_MOBILE = re.compile(r"0[35789][0-9]{8}")


def number_cell(digits: str, *, bin: str | None, phone: str | None = None) -> AccountProblem | None:
    """What to say about an account Excel stored as a number (``digits``, no leading zero possible).

    - the row's phone without its 0 (``912345678`` beside ``0912345678``): the zero was lost — an error that
      names the phone number;
    - shorter than every length the row's bank issues, by as many zeros as its accounts can start with
      (Vietcombank ``11012345678`` → ``0011012345678``; Sacombank 11 digits → 12): an error naming the
      account meant;
    - a length the bank issues: nothing to say (it cannot have lost a zero);
    - otherwise the W-ACCOUNT-NUMBER warning: compare with the card or app.
    """
    phone_digits = re.sub(r"\D", "", phone or "")
    if phone_digits.startswith("0") and phone_digits[1:] == digits:
        return _error("E-ACCOUNT-ZERO-LOST-PHONE", digits, phone=phone_digits)
    issued = ISSUED_LENGTHS.get(bin or "", ())
    if any(len(digits) == i.length for i in issued):
        return None
    for i in sorted(issued, key=lambda i: i.length):
        meant = digits.zfill(i.length)
        if 0 < i.length - len(digits) <= i.zeros and (not i.mobile or _MOBILE.fullmatch(meant)):
            bank = banks.by_bin(bin or "")
            return _error("E-ACCOUNT-ZEROS-LOST", digits, suggestion=meant, length=i.length,
                          bank=bank.short_name if bank else bin, lengths=_lengths(issued))
    return _warning("W-ACCOUNT-NUMBER", digits)


def _lengths(issued: tuple[IssuedLength, ...]) -> str:
    return "/".join(str(n) for n in sorted({i.length for i in issued}))


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
