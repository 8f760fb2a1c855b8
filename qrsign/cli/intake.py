"""One-off values typed on the command line (``payload``, ``make``): the account and name policies' problems
are printed as warnings, their first error raised; and the problems printed before "fix the problems above".
Only the CLI imports this module (it prints); the policies themselves are :func:`qrsign.api.parse_account` and
:func:`qrsign.api.parse_name`."""

from __future__ import annotations

from qrsign import api
from qrsign.cli.console import problem_line, say
from qrsign.messages import ui


def account_for_cli(typed: str, card: bool, bank: str, lang: str) -> api.AccountResult:
    """The account policy for ``payload`` and ``make``: its first error is raised, its warnings printed
    (a bank's former name first)."""
    result = api.parse_account(typed, card=card, bank=bank)
    for p in result.errors:
        raise p.error()
    for p in result.warnings:
        say(f"{ui('warning', lang)}: {p.error().message(lang)}", err=True)
    return result


def name_for_cli(typed: str, lang: str) -> str:
    """The name policy for ``make``: a legacy-encoded name converted (with a warning), a note taken out."""
    result = api.parse_name(typed)
    for p in result.problems:
        err = p.error("name")
        if p.severity == "error":
            raise err
        say(f"{ui('warning', lang)}: {err.message(lang)}", err=True)
    return result.name


def print_problems_of(err: Exception, lang: str, as_json: bool) -> None:
    """Before "nothing to build: fix the problems above", print those problems (never a hint above nothing)."""
    result = getattr(err, "check", None)
    if result is None or as_json:
        return
    for p in result.problems:
        say(problem_line(p, lang))
