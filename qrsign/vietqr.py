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
from dataclasses import dataclass, field

from qrsign.errors import DataError, InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from qrsign.text import strip_marks

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
_CARD_RE = re.compile(r"9704[0-9]{12,15}")
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
    if card and not _CARD_RE.fullmatch(account):
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


def _check_crc(payload: str) -> None:
    """The CRC must be the last field, ``6304`` + 4 hex digits, in either case."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
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


def decode(payload: str) -> Payload:
    """Parse and validate a VietQR transfer payload; raises a typed error naming the field.

    Accepts a lowercase CRC and fields in any order; checks lengths at every
    nesting level (root, 38, 38/01, 62).
    """
    if not isinstance(payload, str):
        raise InvalidFormat("E-PAYLOAD-TLV", field="payload", value=payload)
    payload = payload.strip()
    if not payload:
        raise InvalidLength("E-PAYLOAD-TRUNCATED", field="payload", value=payload)
    if len(payload) > MAX_PAYLOAD:
        raise InvalidLength("E-PAYLOAD-TOO-LONG", field="payload", value=payload[:20] + "…", limit=MAX_PAYLOAD)
    if not payload.isascii():
        raise InvalidFormat("E-PAYLOAD-CHARS", field="payload", value=payload)
    root = parse_tlv(payload)
    _check_crc(payload)
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
    if "01" not in napas:
        raise InvalidComponent("E-PAYLOAD-NO-BENEFICIARY", field="38/01", value=None)
    beneficiary = parse_tlv(napas["01"], "38/01/")
    bin_ = beneficiary.get("00", "")
    if not _BIN_RE.fullmatch(bin_):
        raise InvalidFormat("E-PAYLOAD-BIN", field="38/01/00", value=bin_ or None)
    account = beneficiary.get("01", "")
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
