"""Commands about one payment code: ``payload``, ``decode`` and ``banks``.
"""

from __future__ import annotations

import re
from typing import Any

import click

from qrsign import api
from qrsign.cli.app import (
    emit_json,
    handle_errors,
    json_option,
    lang_option,
    main,
)
from qrsign.cli.console import safe, say
from qrsign.errors import DataError
from qrsign.messages import render, ui


@main.command()
@click.option("--bank", required=True, help="Bank short name, full name or BIN (VCB, Vietcombank, 970436).")
@click.option("--account", required=True, help="Account number (or card number with --card).")
@click.option("--card", is_flag=True, help="Transfer to a NAPAS card number (QRIBFTTC) instead of an account.")
@click.option("--amount", type=str, default=None, help="Amount in VND; makes a one-off (dynamic) code.")
@click.option("--purpose", default=None, help="Transfer note (ASCII, uppercase, letters/digits/spaces).")
@lang_option
@json_option
@handle_errors
def payload(bank: str, account: str, card: bool, amount: str | None, purpose: str | None, lang: str,
            as_json: bool) -> None:
    """Print the VietQR payload for one account.

    \b
    Example:
      qrsign payload --bank VCB --account 0011012345678
      qrsign payload --bank "MB Bank" --account 0352350917 --amount 50000 --purpose "Quay 12"
    """
    from qrsign.cli.intake import account_for_cli

    b = api.find_bank(bank)
    result = account_for_cli(account, card, bank, lang)
    acct, card = result.account, result.is_card
    value = _parse_amount(amount) if amount is not None else None
    text = api.encode(b.bin, account, card=card, amount=value, purpose=purpose)
    decoded = api.decode(text)
    acct = decoded.account
    for warning in api.payload_warnings(decoded):
        say(f"{ui('warning', lang)}: " + warning.message(lang), err=True)
    if as_json:
        emit_json({"payload": text, "bin": b.bin, "bank": b.short_name, "account": acct,
                   "service": decoded.service, "amount": value, "purpose": (decoded.purpose or "") if purpose else None,
                   "static": value is None})
    else:
        say(text)


_AMOUNT = re.compile(r"\d{1,3}(?:([.,\s])\d{3}(?:\1\d{3})*)?|\d+")


def _parse_amount(text: str) -> int:
    """Whole VND as people write it: ``50000``, ``50.000``, ``50,000``, ``1 500 000``, with or without ``đ``.

    Anything with decimals (``50000.50``, ``1,5``) is refused, never multiplied.
    """
    cleaned = text.strip().removesuffix("₫").removesuffix("đ").removesuffix("VND").strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise DataError("E-AMOUNT", field="amount", value=text)
    return int(re.sub(r"\D", "", cleaned))


@main.command()
@click.argument("payload_text", metavar="PAYLOAD")
@lang_option
@json_option
@handle_errors
def decode(payload_text: str, lang: str, as_json: bool) -> None:
    """Check a VietQR payload and print what it pays to.

    \b
    Example:
      qrsign decode 00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F
    """
    p = api.scan(payload_text)  # any family, kept as issued; refusals are said after what the code is
    bank = api.bank_by_bin(p.bin) if p.bin else None
    data: dict[str, Any] = {
        "bin": p.bin,
        "bank": bank.short_name if bank else None,
        "bank_name": bank.name if bank else None,
        "account": p.account,
        "account_kind": p.account_kind,
        "service": p.service,
        "amount": p.amount,
        "purpose": p.transfer.purpose if p.transfer else None,
        "static": p.static,
        "family": p.family,
        "kind": p.kind,
        "name": p.name,
        "reference": p.reference,
        "warnings": [{"code": c, "message": render(c, lang, **params)} for c, params in p.warnings],
    }
    if as_json:
        if p.refusal is None:
            emit_json(data)
            return
        p.check_drawable()
    say(f"{ui('decode.family', lang)}: {ui('decode.family.' + p.family, lang, kind=safe(p.kind))}")
    if p.bin:
        bank_text = f"{bank.short_name} – {bank.name} ({p.bin})" if bank else f"BIN {p.bin} (?)"
        say(f"{ui('decode.bank', lang)}: {bank_text}")
    if p.account:
        say(f"{ui('decode.' + p.account_kind, lang)}: {safe(p.account)}")
    if p.name:
        say(f"{ui('decode.name', lang)}: {safe(p.name)}")
    kind = "decode.static" if p.static else "decode.dynamic" if p.static is False else "decode.unknown"
    say(f"{ui('decode.kind', lang)}: {ui(kind, lang)}" + (f" ({p.service})" if p.service else ""))
    if p.amount is not None:
        say(f"{ui('decode.amount', lang)}: {p.amount:,} VND".replace(",", "."))
    if data["purpose"]:
        say(f"{ui('decode.purpose', lang)}: {safe(data['purpose'])}")
    if p.reference:
        say(f"{ui('decode.reference', lang)}: {safe(p.reference)}")
    for w in data["warnings"]:
        say(f"{ui('decode.warning', lang)}: {w['message']}", err=True)
    p.check_drawable()


@main.command("banks")
@click.argument("query", required=False)
@lang_option
@json_option
@handle_errors
def banks_cmd(query: str | None, lang: str, as_json: bool) -> None:
    """List banks and wallets, or look one up by name, alias or BIN.

    \b
    Example:
      qrsign banks
      qrsign banks "quân đội"
      qrsign banks 970415 --json
    """
    found = api.banks(query=query)
    if not found:
        raise DataError("E-BANK-UNKNOWN", field="bank", value=query, suggestions=[])
    if as_json:
        emit_json([b.to_dict() for b in found])
        return
    for b in found:
        say(f"{b.bin}  {b.short_name:<18} {b.name}")
