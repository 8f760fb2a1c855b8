"""The ``qrsign`` command line: a thin click layer over the library.

Only this module prints, chooses the language and turns typed errors into
exit codes: 0 all good, 1 the data has problems, 2 unusable input or usage.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import qrsign
from qrsign import __version__, banks, messages, vietqr
from qrsign import cli_console as console
from qrsign.errors import DataError, InputError, OutputError, QrsignError
from qrsign.messages import render, ui

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
            click.echo("\n" + ui("cli.stopped", lang), err=True)
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
            click.echo(ui("cli.internal", lang, kind=type(err).__name__, detail=err), err=True)
            sys.exit(EXIT_INPUT)

    return wrapper


def _fail(err: QrsignError, lang: str, as_json: bool) -> None:
    if "detail" in err.params:  # "permission denied", an OS strerror…: the catalogue's phrase instead
        err.params["detail"] = console.detail_phrase(err.params["detail"], lang)
        if err.code == "E-TEMPLATE-INVALID":
            err.params["detail"] = console.template_detail(err.params["detail"], lang)
    message = err.message(lang)
    if as_json:
        click.echo(json.dumps({"error": {"code": err.code, "field": err.field, "message": message}},
                              ensure_ascii=False))
    click.echo(f"{ui('error', lang)}: {message}", err=True)
    sys.exit(exit_code_for(err))


def emit_json(data: Any) -> None:
    # plain UTF-8 (console.setup_streams switches a cp1252/cp1258 stdout to UTF-8, so this never fails)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_marked(line: str) -> None:
    """A ✗ / ! / ✓ line, its mark coloured on a terminal (never when redirected or with NO_COLOR)."""
    click.echo(console.colour_line(line, sys.stdout))


def _version(ctx: click.Context, value: bool) -> None:
    """``qrsign --version`` in the catalogue's words (click's version option fixes its English text at import)."""
    if value and not ctx.resilient_parsing:
        click.echo(ui("click.version_text", console.current_lang()) % {"prog": "qrsign", "version": __version__})
        ctx.exit(0)


def problem_line(p, lang: str) -> str:
    """``✗ trang “Khu A”, dòng 17, cột E (Số tài khoản): message``."""
    mark = "✗" if p.severity == "error" else "!"
    loc = messages.where(lang, sheet=p.sheet, row=p.row, column=p.column, field=p.field)
    return f"{mark} {loc}: {p.message(lang)}" if loc else f"{mark} {p.message(lang)}"


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
    from qrsign.cli_intake import account_for_cli

    b = banks.find(bank)
    result = account_for_cli(account, card, bank, lang)
    acct, card = result.account, result.is_card
    value = _parse_amount(amount) if amount is not None else None
    text = qrsign.encode(b.bin, account, card=card, amount=value, purpose=purpose)
    acct = qrsign.decode(text).account
    cleaned = vietqr.clean_purpose(purpose) if purpose else None
    if cleaned and len(cleaned) > vietqr.PURPOSE_SOFT_LIMIT:
        click.echo(f"{ui('warning', lang)}: "
                   + render("W-PURPOSE-LONG", lang, length=len(cleaned), limit=vietqr.PURPOSE_SOFT_LIMIT), err=True)
    if as_json:
        emit_json({"payload": text, "bin": b.bin, "bank": b.short_name, "account": acct,
                   "service": vietqr.SERVICE_CARD if card else vietqr.SERVICE_ACCOUNT, "amount": value,
                   "purpose": cleaned, "static": value is None})
    else:
        click.echo(text)


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
    p = vietqr.scan(payload_text)  # any family, kept as issued; refusals are said after what the code is
    bank = banks.by_bin(p.bin) if p.bin else None
    data: dict[str, Any] = {
        "bin": p.bin,
        "bank": bank.short_name if bank else None,
        "bank_name": bank.name if bank else None,
        "account": p.account,
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
    click.echo(f"{ui('decode.family', lang)}: {ui('decode.family.' + p.family, lang, kind=p.kind)}")
    if p.bin:
        bank_text = f"{bank.short_name} – {bank.name} ({p.bin})" if bank else f"BIN {p.bin} (?)"
        click.echo(f"{ui('decode.bank', lang)}: {bank_text}")
    if p.account:
        click.echo(f"{ui('decode.card' if p.service == vietqr.SERVICE_CARD else 'decode.account', lang)}: {p.account}")
    if p.name:
        click.echo(f"{ui('decode.name', lang)}: {p.name}")
    kind = "decode.static" if p.static else "decode.dynamic" if p.static is False else "decode.unknown"
    click.echo(f"{ui('decode.kind', lang)}: {ui(kind, lang)}" + (f" ({p.service})" if p.service else ""))
    if p.amount is not None:
        click.echo(f"{ui('decode.amount', lang)}: {p.amount:,} VND".replace(",", "."))
    if data["purpose"]:
        click.echo(f"{ui('decode.purpose', lang)}: {data['purpose']}")
    if p.reference:
        click.echo(f"{ui('decode.reference', lang)}: {p.reference}")
    for w in data["warnings"]:
        click.echo(f"{ui('decode.warning', lang)}: {w['message']}", err=True)
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
    directory = banks.directory()
    found = list(directory) if not query else directory.search(query)
    if not found:
        raise DataError("E-BANK-UNKNOWN", field="bank", value=query, suggestions=[])
    if as_json:
        emit_json([b.to_dict() for b in found])
        return
    for b in found:
        click.echo(f"{b.bin}  {b.short_name:<18} {b.name}")


@main.command()
@click.argument("sheet_path", metavar="SHEET", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", "sheet_name", default=None, help="Only this sheet of the workbook.")
@click.option("--market", default=None, help="Only this market (or the market's name when the sheet has none).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a copy of the sheet with every problem marked (.xlsx).")
@click.option("--include-hidden", is_flag=True, help="Also read hidden, filtered-out and struck-through rows.")
@click.option("--template", "-t", default="a4-treo", show_default=True,
              help="The template the signs will be built with (name or .toml file): its printed fields are checked.")
@lang_option
@json_option
@handle_errors
def check(sheet_path: Path, sheet_name: str | None, market: str | None, report: Path | None, include_hidden: bool,
          template: str, lang: str, as_json: bool) -> None:
    """Check a vendor sheet (.xlsx, .xls, .ods, .csv, or a web portal's HTML/XML export) and list every problem.

    \b
    Example:
      qrsign check danh-sach.xlsx
      qrsign check danh-sach.xlsx --sheet "Khu A" --json
      qrsign check danh-sach.xlsx --report loi.xlsx
    """
    # a character the sign's font cannot draw (in a field the template prints) is an error here too
    result = qrsign.check_file(sheet_path, sheet=sheet_name, market=market, template=template,
                               include_hidden=include_hidden)
    if report is not None:
        from qrsign.report import write_report

        write_report(sheet_path, result, report, lang=lang)
    if as_json:
        emit_json(result.to_dict(lang))
    else:
        print_check(result, lang)
        if report is not None:
            click.echo(ui("check.report_written", lang, path=report))
    sys.exit(EXIT_DATA if result.errors else EXIT_OK)


def print_check(result, lang: str) -> None:
    from qrsign.check import summary

    for p in result.problems:
        echo_marked(problem_line(p, lang))
    s = summary(result)
    if result.problems:
        click.echo("")
    click.echo(format_summary(s, lang))


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
    lines.append(ui("summary.share", lang, share=f"{s['ready_share'] * 100:.0f}%"))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# signs


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


def _parse_logos(values: tuple[str, ...], template: str | None = None, combine: bool = False) -> dict[str, str]:
    """``NAME=FILE`` pairs; a NAME that is not one of the template's logo slots is a usage error (exit 2)."""
    lang = _lang_default_argv()
    logos = {}
    slots = _logo_slots(template, combine) if values and template else None
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise InputError("E-USAGE", detail=ui("usage.logo_form", lang, value=value))
        if slots is not None and name not in slots:
            raise InputError("E-USAGE-LOGO-SLOT", field="logo", value=value, slot=name, template=template,
                             slots=", ".join(sorted(slots)) or "—")
        if not Path(path).is_file():
            raise InputError("E-LOGO", field="logo", value=path, detail="file not found")
        logos[name] = str(Path(path).resolve())
    return logos


def _logo_slots(template: str | None, combine: bool) -> set[str] | None:
    """The logo slot names of ``template`` (and of the combined layout ``--combine`` switches to); None if unknown."""
    from qrsign import layout

    names: set[str] = set()
    try:
        chosen = [layout.load(template or layout.DEFAULT)]
        if combine and chosen[0].kind != "combined":
            chosen.append(layout.load(layout.COMBINED))
    except QrsignError:
        return None  # an unknown template is reported by the build itself
    for t in chosen:
        names.update(b.name for b in (*t.cell_boxes, *t.page_boxes) if b.kind == "logo" and b.name)
    return names


@main.command()
@click.argument("sheet_path", metavar="SHEET", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Output folder (created if needed).")
@click.option("--template", "-t", default="a4-treo", show_default=True,
              help="Template name (see: qrsign templates) or a .toml file.")
@click.option("--sheet", "sheet_name", default=None, help="Only this sheet of the workbook.")
@click.option("--market", default=None, help="Only this market (or the market's name when the sheet has none).")
@click.option("--split-by", type=click.Choice(["market", "zone", "none"]), default="market", show_default=True,
              help="One folder per market, per market and zone, or everything in the output folder.")
@click.option("--combine", is_flag=True, help="All accounts of one vendor on one sign (up to 3 QR codes).")
@click.option("--format", "formats", type=click.Choice(["png", "svg"]), multiple=True,
              help="Also write one QR image per account (repeatable).")
@click.option("--no-checklist", is_flag=True, help="Do not write the control checklist (doi-chieu.pdf).")
@click.option("--logo", "logos", multiple=True, metavar="NAME=FILE",
              help="A logo for the template's logo slot NAME (left, right). Repeatable.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: number of CPU cores). Output is identical for any value.")
@click.option("--ec", type=click.Choice(["M", "Q"]), default="M", show_default=True,
              help="QR error correction: M, or Q for wet and dirty stalls.")
@click.option("--verify", "verify_after", is_flag=True, help="Decode every page after building (self-check).")
@click.option("--replace", is_flag=True,
              help="The output folder holds another sheet's build: replace it (only its unchanged files are removed).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--since", "since_path", type=click.Path(path_type=Path), default=None, metavar="OLD_MANIFEST",
              help="Build only the signs that changed since that build, and a withdraw list (thu-hoi.pdf).")
@click.option("--include-hidden", is_flag=True, help="Also build hidden, filtered-out and struck-through rows.")
@_date_option
@lang_option
@json_option
@handle_errors
def build(sheet_path: Path, out_dir: Path, template: str, sheet_name: str | None, market: str | None,
          split_by: str, combine: bool, formats: tuple[str, ...], no_checklist: bool, logos: tuple[str, ...],
          jobs: int | None, ec: str, verify_after: bool, replace: bool, quiet: bool, since_path: Path | None,
          include_hidden: bool, print_date: str | None, lang: str, as_json: bool) -> None:
    """Build printable signs (PDF) for every valid row of a vendor sheet.

    Rows with errors are skipped and reported as `check` does; the others are
    built. Writes OUTPUT/manifest.json listing every sign's file and page, and a
    control checklist (doi-chieu.pdf) per market.

    \b
    Example:
      qrsign build examples/cho-mau.xlsx -o signs
      qrsign build danh-sach.xlsx -o bien --template a6-de-ban --split-by zone
      qrsign build danh-sach.xlsx -o bien --combine --format png
      qrsign build danh-sach-2027.xlsx -o bien-2027 --since bien/manifest.json

    Exit codes: 0 every row became a sign, 1 some rows were skipped, 2 nothing could be done.
    """
    from qrsign.check import problem_dict

    _refuse_file_output(out_dir)
    bar = console.progress_for("term.progress_build", lang, quiet=quiet or as_json)
    options = qrsign.BuildOptions(
        template=template, sheet=sheet_name, market=market, split_by=split_by, combine=combine,
        formats=tuple(dict.fromkeys(formats)), jobs=jobs, date=_parse_date(print_date),
        logos=_parse_logos(logos, template, combine), ec=ec, checklist=not no_checklist, progress=bar,
        replace=replace, since=_since_manifest(since_path, out_dir), lang=lang,
        include_hidden=include_hidden,
    )
    try:
        with _stop_on_sigterm():
            result = qrsign.build(sheet_path, out_dir, options)
    except InputError as err:
        from qrsign.cli_intake import print_problems_of

        print_problems_of(err, lang, as_json)
        raise
    finally:
        if bar:
            bar.close()
    stale = result.cleanup.stale_lock
    if stale is not None and not as_json:
        click.echo(ui("build.stale_lock", lang, pid=stale.get("pid", "?"), since=stale.get("time", "?")), err=True)
    verification = None
    if verify_after:
        vbar = console.progress_for("term.progress_verify", lang, quiet=quiet or as_json)
        try:
            verification = qrsign.verify(result.out_dir, jobs=jobs, progress=vbar)
        finally:
            if vbar:
                vbar.close()
    code = result.exit_code
    if verification is not None and not verification.ok:
        code = EXIT_DATA
    if as_json:
        data = {
            "output": str(result.out_dir),
            "manifest": str(result.out_dir / "manifest.json"),
            "signs": len(result.manifest["signs"]),
            "files": result.manifest["files"],
            "problems": [problem_dict(p, lang) for p in result.check.problems],
            "summary": result.manifest["summary"],
            "markets": result.manifest["markets"],
            "cleanup": result.cleanup.to_dict(),
        }
        if verification is not None:
            data["verify"] = verification.to_dict(lang)
        data.update({k: result.manifest[k] for k in _SINCE_KEYS if k in result.manifest})
        emit_json(data)
    else:
        for p in result.check.problems:
            echo_marked(problem_line(p, lang))
        if not quiet:
            if verification is not None:  # the ✓ lines first: summaries come last
                print_verification(verification, lang)
            print_build(result, lang)
            print_since(result, lang)
    sys.exit(code)


#: Suffixes that say "this is a file name", not the folder -o wants.
_FILE_SUFFIXES = (".pdf", ".png", ".svg", ".xlsx", ".xls", ".csv", ".ods", ".json", ".txt", ".zip")


def _refuse_file_output(out_dir: Path) -> None:
    """``build -o bien.pdf``: -o is a folder; an existing file or a file-like name is a usage error (exit 2)."""
    if out_dir.is_dir():
        return
    if out_dir.exists() or out_dir.suffix.lower() in _FILE_SUFFIXES:
        raise InputError("E-USAGE", detail=ui("usage.output_is_file", _lang_default_argv(), value=out_dir))


@contextlib.contextmanager
def _stop_on_sigterm():
    """A kill (SIGTERM) stops a build like Ctrl-C: workers are stopped, temp files removed, exit 130."""
    import signal
    import threading

    def stop(*_):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def print_build(result, lang: str) -> None:
    m = result.manifest
    pages = sum(f["pages"] for f in m["files"] if f["kind"] == "signs")
    click.echo(ui("term.built", lang, signs=console.plural("term.signs", len(m["signs"]), lang),
                  pages=console.plural("term.pages", pages, lang), folder=result.out_dir))
    for f in m["files"]:
        click.echo(ui("term.file", lang, file=f["file"], pages=console.plural("term.pages", f["pages"], lang)))
    print_cleanup(result.cleanup, lang)
    for s in m["markets"]:
        click.echo("")
        heading = s["market"] or "—"
        if s["zone"] is not None:
            heading += f" · {s['zone']}"
        click.echo(f"[{heading}]")
        click.echo(format_summary(s, lang))
    markets = {s["market"] for s in m["markets"]}
    if len(markets) > 1:  # a province, a ward with several markets: one grand total (zones are not markets)
        total = m["summary"]  # the whole sheet's figures: each row counted once, not once per market and zone
        click.echo("")
        click.echo(ui("term.total", lang, markets=len(markets),
                      signs=console.plural("term.signs", len(m["signs"]), lang),
                      rows=total.get("rows_read", 0), rejected=total.get("rows_rejected", 0)))


def print_cleanup(cleanup, lang: str) -> None:
    """What a rebuild did to the previous build's files (issue 12: nothing deleted that qrsign did not write)."""
    if cleanup.previous_source:
        click.echo(ui("build.replaced_build", lang, source=cleanup.previous_source))
    if cleanup.replaced:
        click.echo(ui("build.replaced", lang, count=len(cleanup.replaced)))
    for name in cleanup.removed:
        click.echo(ui("build.removed", lang, file=name))
    for name in cleanup.kept:
        click.echo(ui("build.kept", lang, file=name))


def print_verification(v, lang: str) -> None:
    for line in v.lines(lang):
        echo_marked(line)


@main.command()
@click.option("--bank", required=True, help="Bank short name, full name or BIN.")
@click.option("--account", required=True, help="Account number (or card number with --card).")
@click.option("--card", is_flag=True, help="Transfer to a NAPAS card number (QRIBFTTC) instead of an account.")
@click.option("--name", required=True, help="Account holder's name, as on the bank account (with diacritics).")
@click.option("--stall", default="", help="Stall number or label.")
@click.option("--market", default=None, help="Market name, printed under the stall.")
@click.option("--template", "-t", default="a4-treo", show_default=True, help="Template for a PDF sign.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="FILE.pdf for a sign; FILE.png for a card to share on Zalo or a fanpage (the QR with the "
                   "holder's name, bank and account under it); FILE.svg for the QR alone.")
@click.option("--qr-only", is_flag=True, help="With FILE.png: the bare QR code, without the name card.")
@click.option("--logo", "logos", multiple=True, metavar="NAME=FILE", help="A logo for the template's slot NAME.")
@click.option("--ec", type=click.Choice(["M", "Q"]), default="M", show_default=True, help="QR error correction.")
@_date_option
@lang_option
@json_option
@handle_errors
def make(bank: str, account: str, card: bool, name: str, stall: str, market: str | None, template: str,
         output: Path, qr_only: bool, logos: tuple[str, ...], ec: str, print_date: str | None, lang: str,
         as_json: bool) -> None:
    """Make one sign, one card to share (PNG) or one bare QR image, for a single vendor.

    \b
    Example:
      qrsign make --bank VCB --account 0011012345678 --name "Nguyễn Thị Hường" --stall 12 -o quay-12.pdf
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" -o quay-a5.png
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" -o qr.png --qr-only
    """
    from qrsign.cli_intake import account_for_cli, name_for_cli
    from qrsign.models import VendorErrors, make_vendor
    from qrsign.pipeline import make_one

    acct = account_for_cli(account, card, bank, lang)
    named = name_for_cli(name, lang)
    try:
        vendor = make_vendor(name=named, bank_bin=bank, account=acct.account, card=acct.is_card, stall=stall or "",
                             market=market)
    except VendorErrors as exc:
        raise exc.errors[0] from None
    info = make_one(vendor, output, template=template, date=_parse_date(print_date),
                    logos=_parse_logos(logos, template), ec=ec, qr_only=qr_only)
    if as_json:
        emit_json(info)
    else:
        click.echo(ui("make.done", lang, path=output, sign_id=vendor.sign_id))


@main.group(invoke_without_command=True)
@lang_option
@json_option
@click.pass_context
def templates(ctx: click.Context, lang: str, as_json: bool) -> None:
    """List the sign templates, or render a sample with `templates preview`.

    \b
    Example:
      qrsign templates
      qrsign templates --json
      qrsign templates preview a6-de-ban -o mau-a6.pdf
    """
    if ctx.invoked_subcommand is not None:
        return
    _list_templates(lang=lang, as_json=as_json)


@handle_errors
def _list_templates(lang: str, as_json: bool) -> None:
    from qrsign import layout

    items = [t.to_dict() for t in layout.all_templates()]
    if as_json:
        emit_json(items)
        return
    for t in items:
        desc = t["description"] if lang == "vi" else t["description_en"]
        click.echo(f"{t['name']:<12} {t['page_size']:<13} QR {t['qr_mm']:g} mm  {desc}")


@templates.command("preview")
@click.argument("name")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help="FILE.pdf to write.")
@lang_option
@json_option
@handle_errors
def templates_preview(name: str, output: Path, lang: str, as_json: bool) -> None:
    """Render one full sample page of template NAME with made-up vendors.

    \b
    Example:
      qrsign templates preview a4-treo -o mau.pdf
    """
    from qrsign.preview import preview

    info = preview(name, output)
    if as_json:
        emit_json(info)
    else:
        click.echo(ui("preview.done", lang, name=name, path=output))


# --------------------------------------------------------------------------------------------------
# verify


@main.command("verify")
@click.argument("target", type=click.Path(exists=False, path_type=Path))
@click.option("--against", type=click.Path(path_type=Path), default=None,
              help="manifest.json (or its build folder) or the vendor sheet to compare with.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes for PDF pages.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With photos and --against MANIFEST: write the patrol sheet, one row per stall (.xlsx).")
@lang_option
@json_option
@handle_errors
def verify_cmd(target: Path, against: Path | None, jobs: int | None, report: Path | None, lang: str,
               as_json: bool) -> None:
    """Decode every QR in a photo, a PDF or a build folder and check it is a known sign.

    Finds QR stickers pasted over signs: a code that is not one of the signs in
    the manifest (or the sheet) is reported with the account it really pays.
    On a build folder without --against it re-checks every page of every PDF
    against the folder's own manifest (do this before printing).

    \b
    Example:
      qrsign verify signs/
      qrsign verify anh-chup-quay-12.jpg --against signs/manifest.json
      qrsign verify bien.pdf --against danh-sach.xlsx
      qrsign verify anh-tuan-tra/ --against bien/manifest.json --report tuan-tra.xlsx

    Photos checked against a manifest also get a per-stall view (the market
    patrol): every stall with ok, foreign (a code that is not its own),
    unreadable or not_checked; a photo is matched to its stall by its code,
    else by its file name's first token (A05-chieu.jpg → stall A05).

    Exit codes: 0 every QR is a known sign, 1 a QR is unknown, wrong or none was found, 2 unusable input.
    """
    view = _patrol_view(target, against, report)
    bar = None if view else console.progress_for("term.progress_verify", lang, quiet=as_json)
    try:
        result = view[0] if view else qrsign.verify(target, against, jobs=jobs, progress=bar)
    finally:
        if bar:
            bar.close()
    if as_json:
        data = result.to_dict(lang)
        if view:
            data.update(patrol=view[1].counts(), stalls=[s.to_dict() for s in view[1].stalls],
                        unassigned=[p.to_dict() for p in view[1].unassigned])
        emit_json(data)
    else:
        print_verification(result, lang)
        if view:
            print_patrol(view[1], lang)
    if view and report is not None:
        from qrsign.patrol import write_sheet

        write_sheet(view[1], report, lang)
        if not as_json:
            click.echo(ui("patrol.report_written", lang, path=report))
    sys.exit(EXIT_OK if result.ok and (not view or view[1].ok) else EXIT_DATA)


# --------------------------------------------------------------------------------------------------
# starter workbook


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--market", default=None, help="Market name written in the title row (e.g. \"Chợ Đồng Xa\").")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@lang_option
@json_option
@handle_errors
def init(path: Path, market: str | None, force: bool, lang: str, as_json: bool) -> None:
    """Write a starter workbook to fill in with Excel or LibreOffice.

    It has the header row qrsign reads, account and phone columns formatted as
    text (so Excel keeps leading zeros), a bank dropdown fed by a list of every
    bank, an instructions sheet and an example row that `check` ignores.

    \b
    Example:
      qrsign init danh-sach.xlsx --market "Chợ Đồng Xa"
    """
    from qrsign.starter import write_starter

    if path.suffix.lower() != ".xlsx":  # `init ds.csv` would write an xlsx named .csv
        raise InputError("E-USAGE", detail=ui("usage.init_ext", lang, path=path))
    if path.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=path))
    info = write_starter(path, market=market, lang=lang)
    if as_json:
        emit_json(info)
    else:
        click.echo(ui("init.done", lang, path=path))




# ---- commands and helpers of issue 11b (keep yours between these two lines) ----
# (the helpers live in qrsign/cli_intake.py: code after ``if __name__ == "__main__"`` is not yet defined when
# qrsign runs as ``python -m qrsign.cli``)
# ---- end of issue 11b ----


# ---- commands and helpers of issue 14 (keep yours between these two lines) ----


@main.command("import")
@click.argument("paths", metavar="IMAGE_OR_FOLDER...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Workbook to write (.xlsx), in the starter's layout with a \"Mã QR\" column.")
@click.option("--market", default=None, help="Market name written in the title row (e.g. \"Chợ Đồng Xa\").")
@click.option("--force", is_flag=True, help="Overwrite the output workbook if it exists.")
@lang_option
@json_option
@handle_errors
def import_cmd(paths: tuple[Path, ...], output: Path, market: str | None, force: bool, lang: str,
               as_json: bool) -> None:
    """Read the QR codes vendors already have (screenshots, photos) into a vendor workbook.

    Name each image by stall (A01.png, "A03 Tran Thi B.jpg"); PNG, JPEG, WebP
    and HEIC. Every QR found gives one row with its exact payload in the
    "Mã QR" column. Fill in missing names, then run `check` and `build`.

    \b
    Example:
      qrsign import anh-qr/ -o danh-sach.xlsx --market "Chợ Đồng Xa"
    """
    from qrsign.importer import import_images, write_workbook

    if output.suffix.lower() != ".xlsx":
        raise InputError("E-OUTPUT-TYPE", field="output", value=str(output))
    if output.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=output))
    result = import_images(list(paths))
    info = write_workbook(result, output, market=market, lang=lang) if result.rows else None
    if as_json:
        emit_json({"file": info["file"] if info else None, **result.to_dict(lang)})
    else:
        for f in result.findings:
            prefix = "✗ " if f.severity == "error" else f"! {f.image}: "
            click.echo(prefix + f.message(lang), err=True)
        if info:
            click.echo(ui("import.done", lang, rows=len(result.rows), images=result.images, path=output))
        if result.errors:
            click.echo(ui("import.problems", lang, count=len({f.image for f in result.errors})), err=True)
    sys.exit(result.exit_code)

# ---- end of issue 14 ----


# ---- commands and helpers of issue 15 (keep yours between these two lines) ----
_SINCE_KEYS = ("since", "reprint", "new", "withdraw", "pending", "renamed_bank")


def _since_manifest(path: Path | None, out_dir: Path) -> dict | None:
    """``build --since``: the old manifest (a file or its build folder), never the -o folder's own."""
    if path is None:
        return None
    from qrsign.verify import load_manifest

    path = path / "manifest.json" if path.is_dir() else path
    if path.resolve() == (out_dir / "manifest.json").resolve():
        raise InputError("E-SINCE-SAME-FOLDER", field="since", value=str(path))
    return load_manifest(path)


def print_since(result, lang: str) -> None:
    m = result.manifest
    if "since" not in m:
        return
    click.echo("")
    click.echo(ui("build.since", lang, old=m["since"].get("source") or "—", reprint=len(m["reprint"]),
                  new=len(m["new"]), kept=len(m["kept"]), withdraw=len(m["withdraw"])))
    withdraw_file = next((f for f in m["files"] if f["kind"] == "withdraw"), None)
    if withdraw_file:
        click.echo(ui("build.withdraw_written", lang, file=withdraw_file["file"], count=len(m["withdraw"])))
    if m["pending"]:
        click.echo(ui("diff.pending", lang, n=len(m["pending"])))
        for e in m["pending"]:
            click.echo(ui("diff.withdraw_line", lang, **_line_fields(e)))
    if m["renamed_bank"]:
        click.echo(ui("diff.renamed", lang, n=len(m["renamed_bank"])))
        for e in m["renamed_bank"]:
            click.echo(ui("diff.renamed_line", lang, **_line_fields(e)))


def _line_fields(e: dict) -> dict:
    return {**e, "stall": e.get("stall") or "—", "name": e.get("name") or e.get("holder") or "—",
            "bank": e.get("bank") or "", "account": e.get("account") or "", "sign_id": e.get("sign_id") or "—"}


@main.command("diff")
@click.argument("old_path", metavar="OLD_MANIFEST", type=click.Path(path_type=Path))
@click.argument("sheet_path", metavar="NEW_SHEET", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", "sheet_name", default=None, help="Only this sheet of the workbook.")
@click.option("--market", default=None, help="Only this market (of the sheet and of the old build).")
@lang_option
@json_option
@handle_errors
def diff_cmd(old_path: Path, sheet_path: Path, sheet_name: str | None, market: str | None, lang: str,
             as_json: bool) -> None:
    """Compare a previous build (its manifest.json or folder) with a new vendor sheet.

    Lists the signs to reprint (with the old sign ID), the new signs, the signs
    to take down (their account is gone), the unchanged ones, and the signs that
    show a bank's former name (they still pay; reprint advised). Nothing is
    written; `build --since` prints what this lists.

    \b
    Example:
      qrsign diff bien/manifest.json danh-sach-2027.xlsx
      qrsign diff bien danh-sach-2027.xlsx --market "Chợ Đồng Xa" --json

    Exit codes: 0 the comparison was made, 1 rows of the new sheet were rejected, 2 unusable input.
    """
    from qrsign.check import check_file
    from qrsign.diff import diff
    from qrsign.pipeline import check_printable
    from qrsign.verify import load_manifest

    manifest_path = old_path / "manifest.json" if old_path.is_dir() else old_path
    old = load_manifest(manifest_path)
    result = check_file(sheet_path, sheet=sheet_name, market=market)
    check_printable(result)
    d = diff(old, result, market)
    if as_json:
        emit_json({"old_manifest": str(manifest_path), "new_sheet": str(sheet_path), **d.to_dict()})
    else:
        print_diff(d, manifest_path, sheet_path, lang)
    sys.exit(EXIT_DATA if result.rejected else EXIT_OK)


def print_diff(d, old: Path, new: Path, lang: str) -> None:
    click.echo(ui("diff.heading", lang, old=old, date=d.old.get("date") or "—", new=new))
    if d.reprint:
        click.echo(ui("diff.reprint", lang, n=len(d.reprint)))
        for r in d.reprint:
            why = ", ".join(ui(f"diff.reason.{k}", lang) for k in r["reasons"])
            click.echo(ui("diff.reprint_line", lang, stall=r["stall"] or "—", name=r["name"], reasons=why,
                          sign_id=r["sign_id"]))
    for entries, heading, line in ((d.new, "diff.new", "diff.new_line"),
                                   (d.withdraw, "diff.withdraw", "diff.withdraw_line"),
                                   (d.pending, "diff.pending", "diff.withdraw_line"),
                                   (d.renamed_bank, "diff.renamed", "diff.renamed_line")):
        if entries:
            click.echo(ui(heading, lang, n=len(entries)))
            for e in entries:
                click.echo(ui(line, lang, **_line_fields(e)))
    click.echo(ui("diff.unchanged", lang, n=len(d.unchanged)))
    if d.rows_rejected:
        click.echo(ui("diff.rejected", lang, n=d.rows_rejected, new=new))
    if d.reprint or d.new or d.withdraw:
        click.echo(ui("diff.next", lang, new=new, old=old))
    elif not d.renamed_bank:
        click.echo(ui("diff.nothing", lang))
def _patrol_view(target: Path, against: Path | None, report: Path | None):
    """``verify PHOTOS --against MANIFEST``: (verification, patrol), or None for any other verify."""
    from qrsign import patrol

    manifest = None
    if against is not None:
        manifest = against / "manifest.json" if against.is_dir() else against
        if manifest.suffix.lower() != ".json":
            manifest = None
    if not target.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(target))
    if manifest is None or not patrol.is_patrol(target):
        if report is not None:
            raise InputError("E-PATROL-NEEDS-MANIFEST", field="report", value=str(report))
        return None
    if report is not None and report.suffix.lower() != ".xlsx":
        raise InputError("E-XLSX-TYPE", field="report", value=str(report))
    return patrol.patrol(target, manifest)


def print_patrol(p, lang: str) -> None:
    marks = {"ok": "✓", "foreign": "✗", "unreadable": "✗", "not_checked": "·"}
    click.echo("")
    for st in p.stalls:
        photo = ui("patrol.photo", lang, photo=Path(st.photo).name) if st.photo else ""
        if st.taken:
            photo += f" ({st.taken})"
        status = ui(f"patrol.status.{st.status}", lang)
        if st.detail:
            status += ": " + ui("patrol.foreign_detail", lang, who=st.detail)
        click.echo(ui("patrol.line", lang, mark=marks[st.status], stall=st.stall or "—",
                      name=", ".join(st.names) or "—", status=status, photo=photo))
    for ph in p.unassigned:
        detail = ui("patrol.no_code", lang) if not ph.codes else ph.codes[0].message(lang)
        click.echo(ui("patrol.unassigned", lang, photo=Path(ph.file).name, detail=detail))
    c = p.counts()
    click.echo(ui("patrol.heading", lang, stalls=len(p.stalls), **c))
@main.command("report")
@click.argument("manifests", metavar="MANIFEST...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="FILE.xlsx to write.")
@lang_option
@json_option
@handle_errors
def report_cmd(manifests: tuple[Path, ...], output: Path, lang: str, as_json: bool) -> None:
    """The board's report: QR readiness of every market and zone of the builds, with charts (.xlsx).

    The figures are the build summaries of each manifest (vendors ready and not
    ready, accounts, signs built, rows rejected and why, banks and wallets),
    summed per market and for the province; reprints, new signs and withdrawals
    come from `build --since` manifests. When two manifests cover one market,
    the newer build counts.

    \b
    Example:
      qrsign report bien-cho-dong-xa bien-cho-hang-da -o bao-cao.xlsx
      qrsign report bien/manifest.json bien-2027/manifest.json -o bao-cao-2027.xlsx --json

    Exit codes: 0 the report was written, 2 a manifest cannot be read or the output cannot be written.
    """
    from qrsign import board

    b = board.board(board.load(list(manifests)))
    board.write(b, output, lang)
    if as_json:
        emit_json({"output": str(output), **b.to_dict()})
    else:
        p = b.province
        click.echo(ui("board.written", lang, path=output, markets=len(b.markets), vendors=p.value("vendors"),
                      share=f"{p.ready_share * 100:.0f}%"))
    sys.exit(EXIT_OK)
# ---- end of issue 15 ----


# ---- commands and helpers of issue 16 (keep yours between these two lines) ----
# ---- end of issue 16 ----


if __name__ == "__main__":  # pragma: no cover
    main()
