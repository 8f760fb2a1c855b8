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

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from qrsign.core import account, banks, names, text, vietqr
from qrsign.errors import DataError, InvalidFormat, QrsignError

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
    digest = hashlib.sha256(payload.encode("utf-8")).digest()[:5]  # = ASCII for qrsign's own payloads
    b32 = base64.b32encode(digest).decode("ascii")
    crockford = b32.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
    return f"{crockford[:4]}-{crockford[4:]}"


def parse_account(raw: str, *, card: bool = False) -> str:
    """An account number as typed → the form the payload carries, by the one account policy
    (:mod:`qrsign.core.account`). Raises its first error; warnings are for callers that show them
    (:func:`qrsign.core.account.parse`).

    Errors quote what was typed, so the user can find it.

    >>> parse_account(" 0011 0123.4567-8 ")
    '0011012345678'
    """
    return account_error_or_value(account.parse(raw, card=card))


def account_error_or_value(result: account.AccountResult) -> str:
    """The account of ``result``, or its first error raised as a typed :class:`~qrsign.errors.DataError`."""
    for p in result.errors:
        raise account_error(p)
    return result.account


def account_error(p: account.AccountProblem, field: str = "account") -> QrsignError:
    """A policy problem (account or name) as the typed error the rest of qrsign reports."""
    return account.problem_error(p, field)


class Vendor(BaseModel):
    """One account of one stall: what one sign (or one QR of a combined sign) carries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    bank_bin: str
    #: The account holder's name when the sheet has a column of its own for it ("Tên chủ tài khoản" beside
    #: "Chủ hộ"): the holder line prints it; ``name`` stays the vendor's name as the list calls them.
    holder_name: str | None = None
    account: str
    stall: str = ""
    card: bool = False
    trade: str | None = None
    phone: str | None = None
    market: str | None = None
    zone: str | None = None
    note: str | None = None
    #: A payload issued by the vendor's bank or wallet, drawn verbatim; bank_bin/account are its own.
    qr_payload: str | None = None
    #: Where the payload came from: "typed" (encoded by qrsign), "imported" (a QR image), "sheet-payload".
    qr_source: Literal["typed", "imported", "sheet-payload"] = "typed"
    #: The image file an imported payload was read from.
    image: str | None = None

    @field_validator("qr_payload", mode="before")
    @classmethod
    def _qr_payload(cls, v: Any) -> str | None:
        if v is None:
            return None
        return vietqr.drawable(str(v)).payload

    @model_validator(mode="after")
    def _payload_agrees(self) -> Vendor:
        """A verbatim payload must pay exactly the bank and account the sign prints."""
        if self.qr_payload is not None:
            found = vietqr.scan(self.qr_payload)
            if (found.bin, found.account) != (self.bank_bin, self.account):
                raise InvalidFormat("E-PAYLOAD-ACCOUNT-MISMATCH", field="account", value=self.account,
                                    payload_account=f"{found.bin} {found.account}")
        return self

    @model_validator(mode="before")
    @classmethod
    def _card_number(cls, data: Any) -> Any:
        """A NAPAS card number is a card transfer (QRIBFTTC), whoever typed it: never QRIBFTTA."""
        if (isinstance(data, dict) and data.get("account") is not None and not data.get("card")
                and account.is_napas_card(text.clean_account(str(data["account"])))
                and account.parse(str(data["account"])).is_card):
            data = {**data, "card": True}
        return data

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> str:
        v = text.clean_name(str(v), "name", LIMITS["name"])
        if not v:
            raise InvalidFormat("E-REQUIRED", field="name", value=v)
        return v

    @field_validator("holder_name", mode="before")
    @classmethod
    def _holder_name(cls, v: Any) -> str | None:
        if v is None:
            return None
        return text.clean_name(str(v), "holder", LIMITS["name"]) or None

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
        """The name as banking apps show it after a scan (uppercase, no diacritics, no note in parentheses).

        A bank's own code that carries field 59 says it itself: that is the name the payer's app shows, so
        it is the sign's holder line, whatever the row or the picture's file name call the vendor (they
        stay on the "as typed" line, and ``check`` warns when the two differ). Then a holder column of the sheet
        (``holder_name``), then the vendor's name.
        """
        return code_holder(self.qr_payload) or typed_holder(self.holder_name or self.name)

    @functools.cached_property
    def payload(self) -> str:
        if self.qr_payload is not None:
            return self.qr_payload
        return vietqr.encode(self.bank_bin, self.account, card=self.card)

    @functools.cached_property
    def sign_id(self) -> str:
        return sign_id(self.payload)

    @functools.cached_property
    def person_key(self) -> str:
        """Who holds the account, for grouping: the folded name (the holder's, when the sheet names them apart)."""
        return text.fold(self.holder_name or self.name)


def typed_holder(name: str) -> str:
    """A typed name as banking apps show it: ``Trần Thị Đào (bán rau)`` → ``TRAN THI DAO``."""
    return text.bank_style(names.without_notes(name)[0])


def code_holder(payload: str | None) -> str:
    """Field 59 of ``payload`` as banking apps show it, control characters left out; "" when it has none."""
    if payload is None:
        return ""
    name = vietqr.scan(payload).name or ""
    return text.bank_style("".join(ch if ch.isprintable() else " " for ch in name))


def many_accounts(codes: list[tuple[str, str, str]]) -> list[str]:
    """The accounts of one picture's codes (``(bin, account, payload)``) when nothing ties them to one vendor.

    Two codes of different banks or accounts in one picture make two signs; a code that carries field 59
    names its holder (and a differing name is warned on its own), but one without 59 is tied to the
    vendor by nothing but the picture. Returns ``["Vietcombank 0011…", …]``, or ``[]`` when all is well.
    """
    accounts = {(bin_, number) for bin_, number, _ in codes}
    if len(accounts) < 2 or all(vietqr.scan(payload).name for _, _, payload in codes):
        return []
    shown = []
    for bin_, number in sorted(accounts):
        bank = banks.by_bin(bin_)
        shown.append(f"{bank.short_name if bank else bin_} {number}")
    return shown


def make_vendor(**fields: Any) -> Vendor:
    """Build a :class:`Vendor`, raising :class:`VendorErrors` (all field errors) when it is invalid."""
    typed_bank = str(fields.get("bank_bin") or "")
    if fields.get("qr_payload") is None and text.key(typed_bank) in vietqr.ZALOPAY_NAMES:  # goes through BVBank
        raise VendorErrors([DataError("E-WALLET-TYPED", field="bank_bin", value=typed_bank, wallet="ZaloPay")])
    try:
        vendor = Vendor(**fields)
        _ = vendor.payload  # the codec has the last word on what a payload can hold
    except ValidationError as exc:
        raise VendorErrors([_from_pydantic(e) for e in exc.errors()]) from None
    except QrsignError as exc:
        raise VendorErrors([exc]) from None
    wallet = vietqr.typed_wallet(vendor.bank_bin, vendor.account) if vendor.qr_payload is None else None
    if wallet:  # only the wallet's own QR carries the reference its app needs (bank-changes.md)
        raise VendorErrors([DataError("E-WALLET-TYPED", field="bank_bin", value=vendor.bank_bin, wallet=wallet)])
    other = account.card_of_other_bank(vendor.account, vendor.bank_bin) if vendor.card and vendor.qr_payload is None \
        else None
    if other is not None:  # a card is paid through the bank that issued it, whoever builds the vendor
        raise VendorErrors([account_error(other)])
    return vendor


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
