"""The click group, its shared options, and the error boundary: typed errors become messages and exit codes.

Every command module registers on :func:`main`; only the CLI layer prints, picks the language and exits.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

import click

from qrsign import _compat, messages
from qrsign._version import __version__
from qrsign.cli import console
from qrsign.errors import InputError, OutputError, QrsignError
from qrsign.messages import ui

EXIT_OK, EXIT_DATA, EXIT_INPUT = 0, 1, 2



def _lang_default() -> str:
    lang = os.environ.get("QRSIGN_LANG", "vi").strip().lower()[:2]
    return lang if lang in messages.LANGS else "vi"


def lang_option(f: Callable) -> Callable:
    return click.option(
        "--lang", type=click.Choice(messages.LANGS), default=_lang_default, show_default="vi, or $QRSIGN_LANG",
        help="Language of messages: vi (Tiếng Việt) or en.",
    )(f)


def json_option(f: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")(f)


def exit_code_for(err: QrsignError) -> int:
    if isinstance(err, (InputError, OutputError)):
        return EXIT_INPUT
    return EXIT_DATA


def handle_errors(f: Callable) -> Callable:
    """Run a command; typed errors become a message on stderr and their exit code, never a traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") or _lang_default()
        as_json = kwargs.get("as_json", False)
        try:
            return f(*args, **kwargs)
        except QrsignError as err:
            _fail(err, lang, as_json)
        except KeyboardInterrupt:
            console.say("\n" + ui("cli.stopped", lang), err=True)
            sys.exit(130)
        except OSError as err:  # disk full, permission denied mid-way: still a message, not a traceback
            target = err.filename2 or err.filename or ""
            _fail(OutputError("E-OUTPUT-UNWRITABLE", value=target, detail=console.os_phrase(err, lang=lang)),
                  lang, as_json)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as err:  # a bug: say so plainly; QRSIGN_DEBUG=1 shows the traceback
            if os.environ.get("QRSIGN_DEBUG"):
                raise
            console.say(ui("cli.internal", lang, kind=type(err).__name__, detail=err), err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


def _fail(err: QrsignError, lang: str, as_json: bool) -> None:
    if "detail" in err.params:  # "permission denied", an OS strerror…: the catalogue's phrase instead
        err.params["detail"] = console.detail_phrase(err.params["detail"], lang)
        if err.code == "E-TEMPLATE-INVALID":
            err.params["detail"] = console.template_detail(err.params["detail"], lang)
    message = err.message(lang)
    if as_json:
        click.echo(console.json_text(json.dumps({"error": {"code": err.code, "field": err.field,
                                                           "message": message}}, ensure_ascii=False)))
    console.say(f"{ui('error', lang)}: {message}", err=True)
    sys.exit(exit_code_for(err))


def emit_json(data: Any) -> None:
    # plain UTF-8 (console.setup_streams switches a cp1252/cp1258 stdout to UTF-8, so this never fails)
    click.echo(console.json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def echo_marked(line: str) -> None:
    """A ✗ / ! / ✓ line, its mark coloured on a terminal (never when redirected or with NO_COLOR)."""
    click.echo(console.colour_line(console.printable(line), sys.stdout))


def _version(ctx: click.Context, value: bool) -> None:
    """``qrsign --version`` in the catalogue's words (click's version option fixes its English text at import)."""
    if value and not ctx.resilient_parsing:
        click.echo(ui("click.version_text", console.current_lang()) % {"prog": "qrsign", "version": __version__})
        ctx.exit(0)


# --------------------------------------------------------------------------------------------------


@click.group("qrsign", cls=console.QrsignGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _p, v: _version(ctx, v), help="Show the version and exit.")
@lang_option
def main(lang: str) -> None:
    """qrsign: biển VietQR cho tiểu thương từ bảng tính — VietQR stall signs from a spreadsheet.

    \b
    Bắt đầu / Start:
      qrsign init danh-sach.xlsx          # file mẫu để điền / a starter workbook
      qrsign check danh-sach.xlsx         # kiểm tra / check the sheet
      qrsign build danh-sach.xlsx -o bien # in biển / build the signs

    Exit codes: 0 all good, 1 the data has problems, 2 unusable input or usage.
    """
    _compat.lean_openpyxl()  # this process is qrsign's own: openpyxl without numpy, which qrsign never hands it
    # openpyxl warns in English on stderr about what it drops or turns into an error ("Data Validation extension
    # is not supported", "Cell E4 is marked as a date but…"); what matters reaches the volunteer as qrsign's own
    # message at the cell (E-CELL-ERROR…), in their language. A program that imports qrsign keeps the warnings.
    warnings.filterwarnings("ignore", module="openpyxl")
    # pydantic's documented switch: no scan of every installed package's entry points for plugins (qrsign's models
    # use none) when the first model is defined; PYDANTIC_DISABLE_PLUGINS set by the user is kept
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")




def format_summary(s: dict, lang: str) -> str:
    """The closing summary: rows read, vendors ready, rows skipped and why, banks, share ready."""
    if not s["rows_read"]:
        return ui("check.empty", lang)
    banks_text = ", ".join(f"{k} {v}" for k, v in s["banks"].items()) or "—"
    lines = [ui("summary.read", lang, **s),
             ui("summary.problems", lang, errors=s["errors"], warnings=s["warnings"], banks=banks_text)]
    if s["rejected_by_reason"]:
        reasons = ", ".join(f"{messages.short_reason(code, lang)} {n}" for code, n in s["rejected_by_reason"].items())
        lines.append(ui("summary.why", lang, reasons=reasons))
    if s.get("rows_skipped"):
        lines.append(ui("summary.rows_skipped", lang, n=s["rows_skipped"]))
    if s.get("sheets_not_read"):
        lines.append(ui("summary.sheets_not_read", lang, n=s["sheets_not_read"]))
    lines.append(ui("summary.share", lang, share=f"{s['ready_share'] * 100:.0f}%"))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# signs




def print_verification(v, lang: str) -> None:
    for line in v.lines(lang):
        echo_marked(line)


def _date_option(f: Callable) -> Callable:
    return click.option("--date", "print_date", default=None, metavar="YYYY-MM-DD",
                        help="Print date on the signs (default: today; SOURCE_DATE_EPOCH is honoured).")(f)


def _parse_date(value: str | None):
    import datetime as dt

    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise InputError("E-USAGE", detail=ui("usage.date", _lang_default_argv(), value=value)) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _lang_default_argv() -> str:
    return console.current_lang()
