"""CLI helpers of issue 11: the account and name policies for ``payload`` and ``make``, and the problems
printed before "fix the problems above". Only the CLI imports this module (it prints)."""

from __future__ import annotations

from qrsign.cli.console import say
from qrsign.core import account, banks
from qrsign.messages import ui


def account_for_cli(typed: str, card: bool, bank: str, lang: str) -> account.AccountResult:
    """The account policy for ``payload`` and ``make``: its first error is raised, its warnings printed."""
    from qrsign.errors import UnknownBank
    from qrsign.messages import render
    from qrsign.models import account_error, account_error_or_value

    try:
        found: banks.Match | None = banks.match(bank)
    except UnknownBank:  # an unknown bank is said first, unless it is a wallet: the vendor model says what to do
        from qrsign.core import text, vietqr

        if text.key(bank) not in vietqr.ZALOPAY_NAMES:
            raise
        found = None
    result = account.parse(typed, card=card, bin=found.bank.bin if found else None)
    account_error_or_value(result)
    if found is not None and found.former is not None:
        code = "W-BANK-FORMER-NAME" if found.former.until else "W-BANK-FORMER-NAME-UNDATED"
        say(f"{ui('warning', lang)}: "
            + render(code, lang, value=bank, bank=found.bank.short_name, year=found.former.until), err=True)
    for p in result.warnings:
        say(f"{ui('warning', lang)}: {account_error(p).message(lang)}", err=True)
    return result


def name_for_cli(typed: str, lang: str) -> str:
    """The name policy for ``make``: a legacy-encoded name converted (with a warning), a note taken out."""
    from qrsign.core import names
    from qrsign.models import account_error

    result = names.parse(typed)
    for p in result.problems:
        err = account_error(p, "name")
        if p.severity == "error":
            raise err
        say(f"{ui('warning', lang)}: {err.message(lang)}", err=True)
    return result.name


def print_problems_of(err: Exception, lang: str, as_json: bool) -> None:
    """Before "nothing to build: fix the problems above", print those problems (never a hint above nothing)."""
    result = getattr(err, "check", None)
    if result is None or as_json:
        return
    from qrsign.cli.console import problem_line

    for p in result.problems:
        say(problem_line(p, lang))
