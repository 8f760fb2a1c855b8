"""VietQR payload codec (NAPAS 247 interbank transfer, EMVCo merchant-presented).

A VietQR payload is a string of TLV fields: a 2-digit ID, a 2-digit decimal
length (a count of characters, 01-99) and the value. The fields qrsign writes::

    00 02 01                    payload format, always first
    01 02 11 | 12               static (reusable, no amount) | dynamic (with amount)
    38 ..                       NAPAS template
       00 10 A000000727         NAPAS GUID
       01 ..                    beneficiary: 00 06 <BIN>, 01 .. <account or card>
       02 08 QRIBFTTA|QRIBFTTC  transfer to an account | to a card
    53 03 704                   currency VND
    54 ..                       amount, plain integer VND (dynamic only)
    58 02 VN                    country
    62 ..                       additional data: 08 .. <purpose>
    63 04 XXXX                  CRC-16/CCITT-FALSE over everything before it, incl. "6304"

This module is pure (stdlib only, no I/O). Sources and the bugs peer libraries
had are summarised in ``docs`` of the project (from the NAPAS QR format
specification v1.5.2 and EMVCo MPM).

>>> p = encode("970416", "257678859")
>>> p
'00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F'
>>> d = decode(p)
>>> (d.bin, d.account, d.service, d.amount, d.purpose, d.static)
('970416', '257678859', 'QRIBFTTA', None, None, True)
>>> decode(p[:-1] + "0")
Traceback (most recent call last):
qrsign.errors.InvalidChecksum: ...
"""

from __future__ import annotations

import binascii
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from qrsign.core import text as textmod
from qrsign.core.text import strip_marks
from qrsign.errors import DataError, InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
SERVICES = (SERVICE_ACCOUNT, SERVICE_CARD)
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"

MAX_FIELD = 99
MAX_PAYLOAD = 512
MAX_ACCOUNT = 19
MAX_AMOUNT_DIGITS = 13
PURPOSE_SOFT_LIMIT = 25
#: 62 holds "08" + 2-digit length + purpose, and 62 itself is at most 99 long.
PURPOSE_HARD_LIMIT = MAX_FIELD - 4

_ACCOUNT_RE = re.compile(r"[A-Za-z0-9]{1,19}")
_BIN_RE = re.compile(r"[0-9]{6}")
#: A NAPAS card number as the card service (QRIBFTTC) carries it; the account policy uses the same rule.
CARD_NUMBER = re.compile(r"9704[0-9]{12,15}")
_AMOUNT_RE = re.compile(r"([0-9]+)(?:\.([0-9]*))?")


@dataclass(frozen=True)
class Payload:
    """A decoded VietQR transfer payload."""

    bin: str
    account: str
    service: str
    amount: int | None = None
    purpose: str | None = None
    static: bool | None = True
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_card(self) -> bool:
        return self.service == SERVICE_CARD


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE of ``data`` (UTF-8) as 4 uppercase, zero-padded hex digits.

    >>> crc16("123456789")
    '29B1'
    """
    return format(binascii.crc_hqx(data.encode("utf-8"), 0xFFFF), "04X")


def tlv(tag: str, value: str) -> str:
    """One TLV field; refuses empty values and values over 99 characters."""
    if not value:
        raise InvalidLength("E-PAYLOAD-FIELD-EMPTY", field=tag, value=value)
    if len(value) > MAX_FIELD:
        raise InvalidLength("E-PAYLOAD-FIELD-LEN", field=tag, value=value, limit=MAX_FIELD, length=len(value))
    return f"{tag}{len(value):02d}{value}"


def clean_purpose(text: str) -> str:
    """The purpose as it goes in field 62/08: ASCII letters, digits and single spaces, uppercase.

    Đ/đ become D/d by hand (U+0110 does not decompose), then diacritics are
    stripped, anything else becomes a space. Uppercase keeps the whole payload
    in the QR's alphanumeric mode, so the code stays small.

    >>> clean_purpose("  Thanh toán đơn hàng #12, chợ Đồng Xa ")
    'THANH TOAN DON HANG 12 CHO DONG XA'
    """
    text = strip_marks(text)
    text = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in text)
    return " ".join(text.split()).upper()


def encode(
    bin: str,
    account: str,
    *,
    card: bool = False,
    amount: int | None = None,
    purpose: str | None = None,
) -> str:
    """Build a VietQR payload; static unless an ``amount`` (integer VND) is given.

    Raises a :class:`~qrsign.errors.DataError` subclass naming the field at fault.

    >>> p = encode("970436", "0011012345678", amount=50000, purpose="Quầy 12")
    >>> p[:60], p[60:]
    ('00020101021238570010A000000727012700069704360113001101234567',
     '80208QRIBFTTA53037045405500005802VN62110807QUAY 1263047965')
    """
    if not isinstance(bin, str) or not _BIN_RE.fullmatch(bin):
        raise InvalidFormat("E-PAYLOAD-BIN", field="bin", value=bin)
    if not isinstance(account, str) or not account:
        raise InvalidFormat("E-ACCOUNT-EMPTY", field="account", value=account)
    if len(account) > MAX_ACCOUNT:
        raise InvalidLength("E-ACCOUNT-LEN", field="account", value=account, limit=MAX_ACCOUNT, length=len(account))
    if not _ACCOUNT_RE.fullmatch(account):
        raise InvalidFormat("E-ACCOUNT-CHARS", field="account", value=account)
    if card and not CARD_NUMBER.fullmatch(account):
        raise InvalidFormat("E-CARD-FORMAT", field="account", value=account)
    if amount is not None:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InvalidFormat("E-AMOUNT", field="amount", value=amount)
        if len(str(amount)) > MAX_AMOUNT_DIGITS:
            raise InvalidLength("E-AMOUNT", field="amount", value=amount, limit=MAX_AMOUNT_DIGITS)
    cleaned = clean_purpose(purpose) if purpose is not None else ""
    if len(cleaned) > PURPOSE_HARD_LIMIT:
        raise InvalidLength(
            "E-PURPOSE-LEN", field="purpose", value=cleaned, limit=PURPOSE_HARD_LIMIT, length=len(cleaned)
        )

    beneficiary = tlv("00", bin) + tlv("01", account)
    napas = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_CARD if card else SERVICE_ACCOUNT)
    body = tlv("00", "01") + tlv("01", DYNAMIC if amount is not None else STATIC) + tlv("38", napas)
    body += tlv("53", CURRENCY_VND)
    if amount is not None:
        body += tlv("54", str(amount))
    body += tlv("58", COUNTRY_VN)
    if cleaned:
        body += tlv("62", tlv("08", cleaned))
    body += "6304"
    return body + crc16(body)


def parse_tlv(data: str, where: str = "") -> dict[str, str]:
    """Split ``data`` into {id: value}, checking every length; ``where`` names the template.

    >>> parse_tlv("0002010102")
    Traceback (most recent call last):
    qrsign.errors.InvalidLength: ...
    """
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(data):
        head = data[pos : pos + 4]
        tag = where + head[:2]
        if len(head) < 4:
            raise InvalidLength("E-PAYLOAD-TRUNCATED", field=tag or "payload", value=data[pos:])
        if not head.isascii() or not head.isdigit():
            raise InvalidFormat("E-PAYLOAD-TLV", field=tag, value=head)
        length = int(head[2:])
        if length == 0:
            raise InvalidLength("E-PAYLOAD-FIELD-EMPTY", field=tag, value="")
        value = data[pos + 4 : pos + 4 + length]
        if len(value) != length:
            raise InvalidLength(
                "E-PAYLOAD-TRUNCATED", field=tag, value=value, limit=length, length=len(value)
            )
        if head[:2] in fields:
            raise InvalidFormat("E-PAYLOAD-DUPLICATE", field=tag, value=value)
        fields[head[:2]] = value
        pos += 4 + length
    return fields


def _check_crc(payload: str, root: dict[str, str]) -> None:
    """The CRC is the last *root* field, ``6304`` + 4 hex digits (either case) that match the content.

    Read from the root walk, never from the text's last 8 characters: a ``6304XXXX`` at the end of another
    field's value (62/08 ending in it) is not a CRC field, whatever the checksum says.
    """
    if not root or list(root)[-1] != "63" or len(root["63"]) != 4:
        raise InvalidFormat("E-PAYLOAD-NO-CRC", field="63", value=payload[-8:])
    given = payload[-4:]
    expected = crc16(payload[:-4])
    if given.upper() != expected:
        raise InvalidChecksum("E-PAYLOAD-CRC", field="63", value=given, expected=expected)


def _amount(text: str) -> int:
    match = _AMOUNT_RE.fullmatch(text)
    if not match or len(text) > MAX_AMOUNT_DIGITS or (match.group(2) and match.group(2).strip("0")):
        raise InvalidFormat("E-AMOUNT", field="54", value=text)
    value = int(match.group(1))
    if value <= 0:
        raise InvalidFormat("E-AMOUNT", field="54", value=text)
    return value


#: What a copy-paste brings along inside a payload: line breaks (a wrapped chat message, a cell with
#: Alt+Enter) and invisible characters (zero-width spaces, byte-order marks, direction marks).
_PASTE_INSIDE = frozenset("\r\n\x0b\x0c\x85\u2028\u2029") | textmod.ZERO_WIDTH | textmod.BIDI_CONTROLS


def _char_label(ch: str) -> str:
    """``U+200B ZERO WIDTH SPACE``, ``U+0020 SPACE``, ``U+000A CONTROL CHARACTER``."""
    named = {"\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\t": "TAB"}.get(ch)
    if named:
        return f"U+{ord(ch):04X} {named}"
    hidden = textmod.suspicious_chars(ch)
    return hidden[0] if hidden else f"U+{ord(ch):04X} {unicodedata.name(ch, 'SPACE')}"


def _names(chars: str) -> str:
    """``U+200B ZERO WIDTH SPACE, U+0020 SPACE ×2``: what was removed, the same in any language."""
    counts: dict[str, int] = {}
    for ch in chars:
        counts[ch] = counts.get(ch, 0) + 1
    return ", ".join(_char_label(ch) + (f" ×{n}" if n > 1 else "") for ch, n in counts.items()) or "—"


def unpaste(text: object) -> tuple[str, dict[str, str] | None]:
    r"""A pasted payload without the noise around and inside it, and what was removed (None: nothing).

    Removed: whitespace and invisible characters at either end, line breaks and invisible characters
    inside. Spaces inside stay (field 59 holds them). Whatever is left must still pass every check,
    its CRC first, so a removal can only recover the code its issuer made; the warning shows the result.

    >>> cleaned, removed = unpaste("\u200b000201...\n6304ABCD  ")
    >>> cleaned, removed["start"], removed["inside"], removed["end"]
    ('000201...6304ABCD', 'U+200B ZERO WIDTH SPACE', 'U+000A LINE FEED', 'U+0020 SPACE ×2')
    """
    if not isinstance(text, str):
        return text, None  # type: ignore[return-value]  # _stripped refuses it
    if text.isprintable() and not text[:1].isspace() and not text[-1:].isspace():
        return text, None  # the usual case: no line break, no invisible character, nothing around

    def noise(ch: str) -> bool:
        return ch.isspace() or ch in _PASTE_INSIDE

    start, end = 0, len(text)
    while start < end and noise(text[start]):
        start += 1
    while end > start and noise(text[end - 1]):
        end -= 1
    inside = "".join(ch for ch in text[start:end] if ch in _PASTE_INSIDE)
    if not inside and (start, end) == (0, len(text)):
        return text, None
    cleaned = "".join(ch for ch in text[start:end] if ch not in _PASTE_INSIDE)
    return cleaned, {"start": _names(text[:start]), "inside": _names(inside), "end": _names(text[end:]),
                     "payload": cleaned}


def _stripped(payload: object) -> str:
    """The payload without surrounding spaces, refused when it is not text, empty or too long for a QR."""
    if not isinstance(payload, str):
        raise InvalidFormat("E-PAYLOAD-TLV", field="payload", value=payload)
    payload = payload.strip()
    if not payload:
        raise InvalidLength("E-PAYLOAD-TRUNCATED", field="payload", value=payload)
    if len(payload) > MAX_PAYLOAD:
        raise InvalidLength("E-PAYLOAD-TOO-LONG", field="payload", value=payload[:20] + "…", limit=MAX_PAYLOAD)
    if _URL.match(payload):  # a menu, a fanpage, a vietqr.io picture link: say so, not "malformed at field ht"
        raise InvalidFormat("E-PAYLOAD-URL", field="payload", value=payload[:60] + ("…" if len(payload) > 60 else ""))
    hidden = [] if payload.isprintable() else textmod.suspicious_chars(payload)  # isprintable: the fast path
    if hidden:  # no app issues a control, format or bidi character: what a reader makes of it is anyone's guess
        raise InvalidFormat("E-PAYLOAD-HIDDEN", field="payload", value=textmod.visible(payload),
                            chars=", ".join(dict.fromkeys(hidden)))
    return payload


#: A web address: the QR of a link, which pays nobody.
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]{1,15}://|www\.)", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# One reading: every payload qrsign draws means one thing to every bank app.
#
# EMVCo readers take the first merchant account (IDs 02-51) they support, and apps count the 2-digit
# lengths in characters, UTF-8 bytes or UTF-16 units. qrsign cannot know which an app does, so it draws
# a payload only when (1) it names one payee: a single merchant account field, and (2) a reader that
# counts otherwise sees the same fields up to and including that payee, and no field at all after the
# first one it reads differently (it stops there, as it must, since it is then inside a character or a
# value). Such a reader pays the same account or nobody; it can never find a second payee hidden in a
# value. Lengths are still checked as characters (``parse_tlv``); this is a check on top of it.

#: EMVCo merchant account information: 02-25 primitive IDs of card schemes, 26-51 templates (NAPAS's is 38).
PAYEE_IDS = frozenset(f"{n:02d}" for n in range(2, 52))


#: How a bank app may count a length besides characters: the encoding it counts in, and a unit's bytes.
COUNTINGS: dict[str, tuple[str, int]] = {"UTF-8": ("utf-8", 1), "UTF-16": ("utf-16-le", 2)}


def _reading(raw: bytes, codec: str, width: int) -> list[tuple[str, bytes]]:
    """The fields a lenient reader that counts lengths in ``width``-byte units of ``raw`` sees, up to where it
    cannot go on: a head that is not 4 ASCII digits (after a value that ended inside a character, the next
    head starts inside it) or a value running past the end."""
    fields: list[tuple[str, bytes]] = []
    pos = 0
    while pos + 4 * width <= len(raw):
        head = raw[pos : pos + 4 * width].decode(codec, "replace")
        if not (head.isascii() and head.isdigit()):
            break
        start = pos + 4 * width
        pos = start + int(head[2:]) * width
        fields.append((head[:2], raw[start:pos]))
    return fields


def _template_label(tag: str, value: str) -> str:
    """``38 NAPAS 970436/0011004567891``, ``26 VNPAY``: what a payee field says, for the refusal message."""
    try:
        sub = parse_tlv(value, f"{tag}/") if tag >= "26" else {}
        guid = sub.get("00", "").upper()
        if guid == NAPAS_GUID:
            ids = parse_tlv(sub.get("01", ""), f"{tag}/01/")
            return f"{tag} NAPAS {ids.get('00', '?')}/{ids.get('01', '?')}"
    except DataError:
        return f"{tag} ?"
    return f"{tag} {MERCHANT_GUIDS.get(guid, guid[:16] or '?')}" if tag >= "26" else f"{tag} {value[:19]}"


def _one_payee(root: dict[str, str]) -> None:
    """Refuse a payload with more than one merchant account: apps may pay either, qrsign must not guess."""
    payees = [tag for tag in root if tag in PAYEE_IDS]
    if len(payees) > 1:
        raise InvalidComponent("E-PAYLOAD-TEMPLATES", field=payees[0], value=", ".join(payees),
                               templates="; ".join(_template_label(tag, root[tag]) for tag in payees))


def _one_reading(payload: str, root: dict[str, str]) -> None:
    """Refuse a payload that a reader counting UTF-8 bytes or UTF-16 units could read to another payee.

    The same rule holds inside 62, where the wallet's reference (62/05) says whose wallet is paid: there
    only the purpose (62/08) may read differently, and only after every other sub-field.
    """
    if payload.isascii():
        return  # every counting is the same
    _same_reading(payload, root, PAYEE_IDS, "")
    if "62" in root and not root["62"].isascii():
        sub = parse_tlv(root["62"], "62/")
        _same_reading(root["62"], sub, frozenset(sub) - {"08"}, "62/")


def _same_reading(text: str, fields: dict[str, str], key_tags: frozenset[str], where: str) -> None:
    """Under each counting, ``text`` reads as ``fields`` up to and including the last of ``key_tags``, and no
    field is read after the first one that reads differently."""
    last_key = max((i for i, tag in enumerate(fields) if tag in key_tags), default=-1)
    for name, (codec, width) in COUNTINGS.items():
        chars = [(tag, value.encode(codec, "surrogatepass")) for tag, value in fields.items()]
        seen = _reading(text.encode(codec, "surrogatepass"), codec, width)
        if seen == chars:
            continue
        first = next((i for i, (a, b) in enumerate(zip(seen, chars, strict=False)) if a != b),
                     min(len(seen), len(chars)))
        if first <= last_key or len(seen) > first + 1:
            tag = chars[first][0] if first < len(chars) else seen[first][0]
            raise InvalidFormat("E-PAYLOAD-COUNTING", field=where + tag,
                                value=textmod.visible(fields.get(tag, "")), counting=name)


def _root(payload: str) -> dict[str, str]:
    """The root fields of a payload that has one reading: lengths, CRC last, one payee, any counting."""
    root = parse_tlv(payload)
    _check_crc(payload, root)
    _one_payee(root)
    _one_reading(payload, root)
    return root


def _beneficiary(napas: dict[str, str]) -> tuple[str, str]:
    """38/01: the BIN (00) and the account, card or merchant ID (01), nothing else (a third sub-field could
    mean something to one app and nothing to another)."""
    if "01" not in napas:
        raise InvalidComponent("E-PAYLOAD-NO-BENEFICIARY", field="38/01", value=None)
    ids = parse_tlv(napas["01"], "38/01/")
    bin_ = ids.get("00", "")
    if not _BIN_RE.fullmatch(bin_):
        raise InvalidFormat("E-PAYLOAD-BIN", field="38/01/00", value=bin_ or None)
    extra = sorted(set(ids) - {"00", "01"})
    if extra:
        raise InvalidComponent("E-PAYLOAD-BENEFICIARY-FIELDS", field=f"38/01/{extra[0]}", value=ids[extra[0]])
    return bin_, ids.get("01", "")


def decode(payload: str) -> Payload:
    """Parse and validate a VietQR transfer payload; raises a typed error naming the field.

    Accepts a lowercase CRC and fields in any order; checks lengths at every
    nesting level (root, 38, 38/01, 62).
    """
    payload = _stripped(payload)
    if not payload.isascii():
        raise InvalidFormat("E-PAYLOAD-CHARS", field="payload", value=payload)
    root = _root(payload)
    if not payload.startswith("000201"):
        raise InvalidFormat("E-PAYLOAD-FORMAT", field="00", value=root.get("00"))
    initiation = root.get("01")
    if initiation not in (None, STATIC, DYNAMIC):
        raise InvalidComponent("E-PAYLOAD-INITIATION", field="01", value=initiation)
    if "38" not in root:
        raise InvalidComponent("E-PAYLOAD-NO-NAPAS", field="38", value=None)
    napas = parse_tlv(root["38"], "38/")
    if napas.get("00", "").upper() != NAPAS_GUID:
        raise InvalidComponent("E-PAYLOAD-GUID", field="38/00", value=napas.get("00"))
    service = napas.get("02")
    if service not in SERVICES:
        raise InvalidComponent("E-PAYLOAD-SERVICE", field="38/02", value=service)
    bin_, account = _beneficiary(napas)
    if len(account) > MAX_ACCOUNT:
        raise InvalidLength(
            "E-ACCOUNT-LEN", field="38/01/01", value=account, limit=MAX_ACCOUNT, length=len(account)
        )
    if not _ACCOUNT_RE.fullmatch(account):
        raise InvalidFormat("E-ACCOUNT-CHARS" if account else "E-ACCOUNT-EMPTY", field="38/01/01", value=account)
    if root.get("53") != CURRENCY_VND:
        raise InvalidComponent("E-PAYLOAD-CURRENCY", field="53", value=root.get("53"))
    if root.get("58", "").upper() != COUNTRY_VN:
        raise InvalidComponent("E-PAYLOAD-COUNTRY", field="58", value=root.get("58"))
    amount = _amount(root["54"]) if "54" in root else None
    purpose = None
    if "62" in root:
        purpose = parse_tlv(root["62"], "62/").get("08")
    return Payload(
        bin=bin_,
        account=account,
        service=service,
        amount=amount,
        purpose=purpose,
        static=None if initiation is None else initiation == STATIC,
        fields=root,
    )


def is_valid(payload: str) -> bool:
    """True when ``payload`` decodes; never raises.

    >>> is_valid("not a payload"), is_valid(None)
    (False, False)
    """
    try:
        decode(payload)
    except DataError:
        return False
    return True


# --------------------------------------------------------------------------------------------------
# Payload families: what a QR a bank or wallet issued is, without re-encoding it.
#
# ``decode`` above stays the strict codec of what qrsign itself writes (ASCII, NAPAS transfers only).
# ``scan`` reads payloads other apps issued, kept byte for byte:
#
# - lengths count *characters* (Python ``str``), as ``parse_tlv`` and ``encode`` do: the NAPAS/EMVCo
#   length is "the number of characters", and the real payloads seen with UTF-8 in 59 (Odoo's
#   ``5914aAeEoOiIuUyYđĐ``) count characters. A payload whose lengths count UTF-8 bytes (vietqr-ts)
#   fails with a length error: refused, never repaired;
# - non-ASCII is allowed only in the free-text fields 59, 60 and the sub-fields of 62 (a warning);
#   every other field must be ASCII, and every TLV head is ASCII digits at every level;
# - the CRC is computed over the UTF-8 bytes, as every bank app does.

FAMILY_TRANSFER = "transfer"  # VietQR to an account or card (NAPAS 38, QRIBFTTA/QRIBFTTC)
FAMILY_WALLET = "wallet"  # a VietQR transfer into an e-wallet (MoMo, ZaloPay)
FAMILY_MERCHANT = "merchant"  # a merchant QR (VIETQRPay 38/QRPUSH, or another EMVCo template 26-51)
SERVICE_MERCHANT = "QRPUSH"
FREE_TEXT_FIELDS = ("59", "60", "62")
MOMO_BIN = "971025"
BVBANK_BIN = "970454"
#: GUIDs of merchant account templates (26-51) other than NAPAS's, as the decoders of record know them.
MERCHANT_GUIDS = {"A000000775": "VNPAY", "A000000727": "VIETQRPay"}


@dataclass(frozen=True)
class Scan:
    """What a payload issued by a bank or wallet is: its family, who it pays, and what to warn about.

    ``payload`` is the exact text (only surrounding whitespace removed); nothing here re-encodes it.
    ``refusal`` is the code of the reason qrsign cannot draw it correctly on a sign (None: it can).
    """

    payload: str
    family: str
    kind: str  # "VietQR", "MoMo", "ZaloPay", "VIETQRPay", "VNPAY", or the template's GUID
    bin: str | None
    account: str | None
    name: str | None = None  # field 59: holder (bank apps) or merchant name
    city: str | None = None  # field 60
    reference: str | None = None  # 62/05
    amount: int | None = None
    static: bool | None = True
    service: str | None = None
    warnings: tuple[tuple[str, dict], ...] = ()
    refusal: tuple[str, dict] | None = None
    transfer: Payload | None = field(default=None, compare=False, repr=False)

    @property
    def is_card(self) -> bool:
        return self.service == SERVICE_CARD

    @property
    def account_kind(self) -> str:
        """What 38/01/01 is: ``card`` (a NAPAS card number), ``merchant_id`` (a VIETQRPay point-of-sale code the
        bank issued) or ``account``."""
        if self.service == SERVICE_CARD:
            return "card"
        return "merchant_id" if self.service == SERVICE_MERCHANT else "account"

    def check_drawable(self) -> Scan:
        """Raise the refusal (a :class:`DataError`) when qrsign cannot show this payload correctly."""
        if self.refusal is not None:
            code, params = self.refusal
            extra = {k: v for k, v in params.items() if k not in ("field", "value")}
            raise InvalidComponent(code, field=params.get("field"), value=params.get("value"), kind=self.kind,
                                   **extra)
        return self


def _ascii_fields(root: dict[str, str]) -> list[str]:
    """Free-text fields holding non-ASCII text; raises for non-ASCII anywhere else."""
    found = []
    for tag, value in root.items():
        if value.isascii():
            continue
        if tag not in FREE_TEXT_FIELDS:
            raise InvalidFormat("E-PAYLOAD-CHARS", field=tag, value=value)
        found.append(tag)
    if "62" in root:
        for sub, value in parse_tlv(root["62"], "62/").items():
            if not value.isascii():
                found.append(f"62/{sub}")
        found = [t for t in found if t != "62"]
    return found


def _wallet(bin_: str, account: str) -> str | None:
    """The e-wallet a VietQR transfer pays into, from its BIN and account (bank-changes.md)."""
    upper = account.upper()
    if bin_ == MOMO_BIN:
        return "MoMo"
    if bin_ == BVBANK_BIN and upper.startswith("99MM"):
        return "MoMo"
    if bin_ == BVBANK_BIN and upper.startswith("99ZP"):
        return "ZaloPay"
    return None


#: Wallets that are not NAPAS participants of their own, as people type them (``text.key`` forms).
ZALOPAY_NAMES = ("zalopay", "vizalopay", "zalo", "vizalo")


def typed_wallet(bin_: str, account: str) -> str | None:
    """The wallet a *typed* bank and account would pay into (then only the wallet's own QR works)."""
    return _wallet(bin_, account or "")


def _lenient_transfer(payload: str) -> Payload:
    """``decode`` with the free-text fields allowed to carry UTF-8 (their values are never re-encoded)."""
    if payload.isascii():
        return decode(payload)
    # validate the structure with the free-text values swapped for ASCII of the same length, then re-check
    # the CRC on the real text: the swap changes nothing but the characters decode() refuses
    root = parse_tlv(payload)  # scan() has checked its one reading
    _check_crc(payload, root)
    masked = ""
    for tag, value in root.items():
        if tag == "62":
            subs = parse_tlv(value, "62/")
            value = "".join(f"{s}{len(v):02d}{'X' * len(v) if not v.isascii() else v}" for s, v in subs.items())
        elif not value.isascii():
            value = "X" * len(value)
        if tag == "63":
            break
        masked += f"{tag}{len(value):02d}{value}"
    masked += "6304"
    p = decode(masked + crc16(masked))
    sub62 = parse_tlv(root["62"], "62/") if "62" in root else {}
    return Payload(bin=p.bin, account=p.account, service=p.service, amount=p.amount, purpose=sub62.get("08"),
                   static=p.static, fields=root)


def scan(payload: str) -> Scan:
    """Recognise a payload a bank or wallet issued (see the block comment above); raises for broken ones.

    Structure, lengths (at every level), CRC and the one-reading rule are checked as strictly as
    :func:`decode` does; paste noise is removed first (:func:`unpaste`, with a ``W-PAYLOAD-CLEANED``
    warning). The family says what the code is. Refusals (what qrsign cannot show) are returned in
    ``refusal``, so ``qrsign decode`` can still say what the code is.
    """
    payload, noise = unpaste(payload)
    payload = _stripped(payload)
    root = parse_tlv(payload)
    _check_crc(payload, root)
    utf8 = _ascii_fields(root)
    _one_payee(root)
    _one_reading(payload, root)
    warnings: list[tuple[str, dict]] = [("W-PAYLOAD-CLEANED", noise)] if noise else []
    if utf8:
        warnings.append(("W-PAYLOAD-UTF8", {"fields": utf8}))
    if not payload.startswith("000201"):
        raise InvalidFormat("E-PAYLOAD-FORMAT", field="00", value=root.get("00"))
    sub62 = parse_tlv(root["62"], "62/") if "62" in root else {}
    common: dict[str, Any] = dict(payload=payload, name=root.get("59"), city=root.get("60"),
                                  reference=sub62.get("05"))
    napas = parse_tlv(root["38"], "38/") if "38" in root else {}
    if napas and napas.get("00", "").upper() == NAPAS_GUID and napas.get("02") != SERVICE_MERCHANT:
        p = _lenient_transfer(payload)
        wallet = _wallet(p.bin, p.account)
        if p.amount is not None or p.static is False:
            warnings.append(("W-PAYLOAD-DYNAMIC", {"amount": p.amount}))
        refusal = None
        if wallet == "MoMo" and not sub62.get("05"):
            refusal = ("E-WALLET-NO-REFERENCE", {"field": "62/05", "value": p.account, "wallet": wallet})
        return Scan(family=FAMILY_WALLET if wallet else FAMILY_TRANSFER, kind=wallet or "VietQR", bin=p.bin,
                    account=p.account, amount=p.amount, static=p.static, service=p.service,
                    warnings=tuple(warnings), refusal=refusal, transfer=p, **common)
    return _merchant(root, napas, warnings, common)


def _merchant(root: dict[str, str], napas: dict[str, str], warnings: list, common: dict[str, Any]) -> Scan:
    """A merchant QR: VIETQRPay (NAPAS 38 with QRPUSH) or another EMVCo merchant account template."""
    initiation = root.get("01")
    if initiation not in (None, STATIC, DYNAMIC):
        raise InvalidComponent("E-PAYLOAD-INITIATION", field="01", value=initiation)
    amount = _amount(root["54"]) if "54" in root else None
    if amount is not None or initiation == DYNAMIC:
        warnings.append(("W-PAYLOAD-DYNAMIC", {"amount": amount}))
    static = None if initiation is None else initiation == STATIC
    base = dict(family=FAMILY_MERCHANT, amount=amount, static=static, **common)
    if root.get("53") != CURRENCY_VND:
        raise InvalidComponent("E-PAYLOAD-CURRENCY", field="53", value=root.get("53"))
    if napas and napas.get("00", "").upper() == NAPAS_GUID:  # VIETQRPay: 38/01 = acquirer BIN + merchant ID
        bin_, merchant_id = _beneficiary(napas)
        refusal = None
        if not _ACCOUNT_RE.fullmatch(merchant_id):
            refusal = ("E-PAYLOAD-MERCHANT-ID", {"field": "38/01/01", "value": merchant_id})
        elif not common["name"]:
            refusal = ("E-PAYLOAD-MERCHANT-NO-NAME", {"field": "59"})
        return Scan(kind="VIETQRPay", bin=bin_, account=merchant_id, service=SERVICE_MERCHANT,
                    warnings=tuple(warnings), refusal=refusal, **base)
    for tag in sorted(root):
        if tag in PAYEE_IDS:  # the only one (_one_payee)
            guid = parse_tlv(root[tag], f"{tag}/").get("00", "") if tag >= "26" else ""
            kind = MERCHANT_GUIDS.get(guid.upper(), guid or tag)
            # qrsign cannot tell which bank and account such a code pays into, which a sign must print
            return Scan(kind=kind, bin=None, account=None, warnings=tuple(warnings),
                        refusal=("E-PAYLOAD-MERCHANT-UNSUPPORTED", {"field": tag, "value": kind}), **base)
    raise InvalidComponent("E-PAYLOAD-NO-NAPAS", field="38", value=None)


def drawable(payload: str) -> Scan:
    """:func:`scan` and refuse what qrsign cannot show correctly (the check every sign's payload passes)."""
    return scan(payload).check_drawable()
