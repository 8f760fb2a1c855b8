"""Data models: a vendor (one account of one stall), problems found in a sheet, manifest entries.

:class:`Vendor` is the only way data reaches a sign, so every rule that keeps a
sign honest is a validator here: names NFC and free of hidden or look-alike
characters, the bank resolved to a known BIN, the account in the form the
payload needs. Pydantic collects every field's error at once;
:func:`make_vendor` turns them back into qrsign's typed errors so a row's
problems can all be reported together.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from qrsign import banks, text, vietqr
from qrsign.errors import DataError, InvalidFormat, InvalidLength, QrsignError

#: Longest value accepted per field (characters, after cleaning).
LIMITS = {
    "name": 70,
    "stall": 20,
    "trade": 40,
    "phone": 20,
    "market": 60,
    "zone": 40,
    "note": 200,
}

Severity = Literal["error", "warning"]


def sign_id(payload: str) -> str:
    """A short, stable ID for the sign carrying ``payload``: 8 Crockford-base32 characters of its SHA-256.

    >>> sign_id("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F")
    '78NZ-947E'
    """
    digest = hashlib.sha256(payload.encode("ascii")).digest()[:5]
    b32 = base64.b32encode(digest).decode("ascii")
    crockford = b32.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    return f"{crockford[:4]}-{crockford[4:]}"


def parse_account(raw: str) -> str:
    """An account number as typed (spaces, dots, dashes allowed) → the form the payload carries.

    Errors quote what was typed, so the user can find it.

    >>> parse_account(" 0011 0123.4567-8 ")
    '0011012345678'
    """
    hidden = text.suspicious_chars(raw)
    if hidden:
        raise InvalidFormat("E-TEXT-HIDDEN", field="account", value=raw, chars=", ".join(hidden))
    acct = text.clean_account(raw)
    if not acct:
        raise InvalidFormat("E-ACCOUNT-EMPTY", field="account", value=raw)
    if len(acct) > vietqr.MAX_ACCOUNT:
        raise InvalidLength("E-ACCOUNT-LEN", field="account", value=acct, limit=vietqr.MAX_ACCOUNT, length=len(acct))
    if not (acct.isascii() and acct.isalnum()):
        raise InvalidFormat("E-ACCOUNT-CHARS", field="account", value=raw)
    return acct


class Vendor(BaseModel):
    """One account of one stall: what one sign (or one QR of a combined sign) carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    bank_bin: str
    account: str
    stall: str = ""
    card: bool = False
    trade: str | None = None
    phone: str | None = None
    market: str | None = None
    zone: str | None = None
    note: str | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> str:
        v = text.clean_name(str(v), "name", LIMITS["name"])
        if not v:
            raise InvalidFormat("E-REQUIRED", field="name", value=v)
        return v

    @field_validator("bank_bin", mode="before")
    @classmethod
    def _bank(cls, v: Any) -> str:
        return banks.find(str(v)).bin

    @field_validator("account", mode="before")
    @classmethod
    def _account(cls, v: Any) -> str:
        return parse_account(str(v))

    @field_validator("stall", "trade", "phone", "market", "zone", "note", mode="before")
    @classmethod
    def _free_text(cls, v: Any, info) -> str | None:
        if v is None:
            return "" if info.field_name == "stall" else None
        cleaned = text.clean_text(str(v), info.field_name, LIMITS[info.field_name])
        if info.field_name == "stall":
            return cleaned
        return cleaned or None

    @property
    def bank(self) -> banks.Bank:
        return banks.directory().by_bin[self.bank_bin]

    @functools.cached_property
    def holder(self) -> str:
        """The name as banking apps show it after a scan (uppercase, no diacritics)."""
        return text.bank_style(self.name)

    @functools.cached_property
    def payload(self) -> str:
        return vietqr.encode(self.bank_bin, self.account, card=self.card)

    @functools.cached_property
    def sign_id(self) -> str:
        return sign_id(self.payload)

    @functools.cached_property
    def person_key(self) -> str:
        """Who holds the account, for grouping: the folded name."""
        return text.fold(self.name)


def make_vendor(**fields: Any) -> Vendor:
    """Build a :class:`Vendor`, raising :class:`VendorErrors` (all field errors) when it is invalid."""
    try:
        vendor = Vendor(**fields)
        _ = vendor.payload  # the codec has the last word on what a payload can hold
        return vendor
    except ValidationError as exc:
        raise VendorErrors([_from_pydantic(e) for e in exc.errors()]) from None
    except QrsignError as exc:
        raise VendorErrors([exc]) from None


def updated(vendor: Vendor, **changes: Any) -> Vendor:
    """``vendor`` with ``changes``, checked like a new vendor (``model_copy(update=)`` would skip every check).

    >>> v = make_vendor(name="Đỗ Thị Lan", bank_bin="ACB", account="257678859")
    >>> updated(v, market="Chợ Đồng Xa").market
    'Chợ Đồng Xa'
    >>> updated(v, market="x" * 323)
    Traceback (most recent call last):
    qrsign.models.VendorErrors: ...
    """
    return make_vendor(**{**vendor.model_dump(), **changes})


class VendorErrors(DataError):
    """Every problem of one vendor record; ``errors`` holds one typed error per field."""

    code = "E-VENDOR"

    def __init__(self, errors: list[QrsignError]):
        super().__init__(field=errors[0].field if errors else None)
        self.errors = errors

    def message(self, lang: str = "en") -> str:
        return "; ".join(e.message(lang) for e in self.errors)


def _from_pydantic(err: Any) -> QrsignError:
    field = str(err["loc"][0]) if err.get("loc") else None
    original = (err.get("ctx") or {}).get("error")
    if isinstance(original, QrsignError):
        if original.field is None:
            original.field = field
        return original
    if err.get("type") == "missing":
        return InvalidFormat("E-REQUIRED", field=field, value=None)
    return InvalidFormat("E-FORMAT", field=field, value=err.get("input"), detail=err.get("msg"))


class Problem(BaseModel):
    """One problem found in a sheet, located as Excel shows it (sheet, row, column letter)."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: Any = None
    params: dict[str, Any] = {}

    @classmethod
    def from_error(
        cls, err: QrsignError, *, severity: Severity = "error", sheet=None, row=None, column=None
    ) -> Problem:
        value = err.value if isinstance(err.value, (str, int, float, type(None))) else str(err.value)
        return cls(
            code=err.code,
            severity=severity,
            sheet=sheet,
            row=row,
            column=column,
            field=err.field,
            value=value,
            params=dict(err.params),
        )

    def message(self, lang: str = "en") -> str:
        from qrsign.messages import render

        return render(self.code, lang, field=self.field, value=self.value, **self.params)
