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
            _fail(OutputError("E-OUTPUT-UNWRITABLE", value=err.filename or "", detail=err.strerror or str(err)),
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
    message = err.message(lang)
    if as_json:
        click.echo(json.dumps({"error": {"code": err.code, "field": err.field, "message": message}},
                              ensure_ascii=False))
    click.echo(f"{ui('error', lang)}: {message}", err=True)
    sys.exit(exit_code_for(err))


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def problem_line(p, lang: str) -> str:
    """``✗ trang “Khu A”, dòng 17, cột E (Số tài khoản): message``."""
    mark = "✗" if p.severity == "error" else "!"
    loc = messages.where(lang, sheet=p.sheet, row=p.row, column=p.column, field=p.field)
    return f"{mark} {loc}: {p.message(lang)}" if loc else f"{mark} {p.message(lang)}"


# --------------------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="qrsign")
def main() -> None:
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
    b = qrsign.find_bank(bank)
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
    p = qrsign.decode(payload_text)
    bank = banks.by_bin(p.bin)
    data = {
        "bin": p.bin,
        "bank": bank.short_name if bank else None,
        "bank_name": bank.name if bank else None,
        "account": p.account,
        "service": p.service,
        "amount": p.amount,
        "purpose": p.purpose,
        "static": p.static,
    }
    if as_json:
        emit_json(data)
        return
    bank_text = f"{bank.short_name} – {bank.name} ({p.bin})" if bank else f"BIN {p.bin} (?)"
    kind = "decode.static" if p.static else "decode.dynamic" if p.static is False else "decode.unknown"
    click.echo(f"{ui('decode.bank', lang)}: {bank_text}")
    click.echo(f"{ui('decode.card' if p.is_card else 'decode.account', lang)}: {p.account}")
    click.echo(f"{ui('decode.kind', lang)}: {ui(kind, lang)} ({p.service})")
    if p.amount is not None:
        click.echo(f"{ui('decode.amount', lang)}: {p.amount:,} VND".replace(",", "."))
    if p.purpose:
        click.echo(f"{ui('decode.purpose', lang)}: {p.purpose}")


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
@click.option("--template", "-t", default="a4-treo", show_default=True,
              help="The template the signs will be built with (name or .toml file): its printed fields are checked.")
@lang_option
@json_option
@handle_errors
def check(sheet_path: Path, sheet_name: str | None, market: str | None, report: Path | None, template: str,
          lang: str, as_json: bool) -> None:
    """Check a vendor sheet (.xlsx or .csv) and list every problem, row by row.

    \b
    Example:
      qrsign check danh-sach.xlsx
      qrsign check danh-sach.xlsx --sheet "Khu A" --json
      qrsign check danh-sach.xlsx --report loi.xlsx
    """
    # a character the sign's font cannot draw (in a field the template prints) is an error here too
    result = qrsign.check_file(sheet_path, sheet=sheet_name, market=market, template=template)
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
        click.echo(problem_line(p, lang))
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
            raise InputError("E-USAGE", detail=f"--date: {value!r} is not YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _parse_logos(values: tuple[str, ...]) -> dict[str, str]:
    logos = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise InputError("E-USAGE", detail=f"--logo {value!r}: use NAME=FILE, e.g. --logo left=logo-cho.png")
        if not Path(path).is_file():
            raise InputError("E-LOGO", field="logo", value=path, detail="file not found")
        logos[name] = str(Path(path).resolve())
    return logos


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
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@_date_option
@lang_option
@json_option
@handle_errors
def build(sheet_path: Path, out_dir: Path, template: str, sheet_name: str | None, market: str | None,
          split_by: str, combine: bool, formats: tuple[str, ...], no_checklist: bool, logos: tuple[str, ...],
          jobs: int | None, ec: str, verify_after: bool, quiet: bool, print_date: str | None, lang: str,
          as_json: bool) -> None:
    """Build printable signs (PDF) for every valid row of a vendor sheet.

    Rows with errors are skipped and reported as `check` does; the others are
    built. Writes OUTPUT/manifest.json listing every sign's file and page, and a
    control checklist (doi-chieu.pdf) per market.

    \b
    Example:
      qrsign build examples/cho-mau.xlsx -o signs
      qrsign build danh-sach.xlsx -o bien --template a6-de-ban --split-by zone
      qrsign build danh-sach.xlsx -o bien --combine --format png

    Exit codes: 0 every row became a sign, 1 some rows were skipped, 2 nothing could be done.
    """
    from qrsign.check import problem_dict

    show_progress = not (quiet or as_json) and sys.stderr.isatty()
    bar = _Progress(lang) if show_progress else None
    options = qrsign.BuildOptions(
        template=template, sheet=sheet_name, market=market, split_by=split_by, combine=combine,
        formats=tuple(dict.fromkeys(formats)), jobs=jobs, date=_parse_date(print_date), logos=_parse_logos(logos),
        ec=ec, checklist=not no_checklist, progress=bar.update if bar else None,
    )
    try:
        with _stop_on_sigterm():
            result = qrsign.build(sheet_path, out_dir, options)
    finally:
        if bar:
            bar.close()
    verification = None
    if verify_after:
        verification = qrsign.verify(result.out_dir, jobs=jobs)
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
        }
        if verification is not None:
            data["verify"] = verification.to_dict(lang)
        emit_json(data)
    else:
        for p in result.check.problems:
            click.echo(problem_line(p, lang))
        if not quiet:
            print_build(result, lang)
            if verification is not None:
                print_verification(verification, lang)
    sys.exit(code)


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


class _Progress:
    """A progress bar on stderr (only on a terminal)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar: Any = None
        self.last = 0

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            label = ui("build.progress", self.lang)
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.last)
        self.last = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def print_build(result, lang: str) -> None:
    m = result.manifest
    pages = sum(f["pages"] for f in m["files"] if f["kind"] == "signs")
    click.echo(ui("build.done", lang, signs=len(m["signs"]), pages=pages, folder=result.out_dir))
    for f in m["files"]:
        click.echo(ui("build.file", lang, file=f["file"], pages=f["pages"]))
    for s in m["markets"]:
        click.echo("")
        heading = s["market"] or "—"
        if s["zone"] is not None:
            heading += f" · {s['zone']}"
        click.echo(f"[{heading}]")
        click.echo(format_summary(s, lang))


def print_verification(v, lang: str) -> None:
    for line in v.lines(lang):
        click.echo(line)


@main.command()
@click.option("--bank", required=True, help="Bank short name, full name or BIN.")
@click.option("--account", required=True, help="Account number.")
@click.option("--name", required=True, help="Account holder's name, as on the bank account (with diacritics).")
@click.option("--stall", default="", help="Stall number or label.")
@click.option("--market", default=None, help="Market name, printed under the stall.")
@click.option("--template", "-t", default="a4-treo", show_default=True, help="Template for a PDF sign.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="FILE.pdf for a sign, FILE.png or FILE.svg for the QR alone (for Zalo, a fanpage).")
@click.option("--logo", "logos", multiple=True, metavar="NAME=FILE", help="A logo for the template's slot NAME.")
@click.option("--ec", type=click.Choice(["M", "Q"]), default="M", show_default=True, help="QR error correction.")
@_date_option
@lang_option
@json_option
@handle_errors
def make(bank: str, account: str, name: str, stall: str, market: str | None, template: str, output: Path,
         logos: tuple[str, ...], ec: str, print_date: str | None, lang: str, as_json: bool) -> None:
    """Make one sign, or one QR image, for a single vendor.

    \b
    Example:
      qrsign make --bank VCB --account 0011012345678 --name "Nguyễn Thị Hường" --stall 12 -o quay-12.pdf
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" -o qr.png
    """
    from qrsign.models import VendorErrors, make_vendor
    from qrsign.pipeline import make_one

    try:
        vendor = make_vendor(name=name, bank_bin=bank, account=account, stall=stall or "", market=market)
    except VendorErrors as exc:
        raise exc.errors[0] from None
    info = make_one(vendor, output, template=template, date=_parse_date(print_date), logos=_parse_logos(logos), ec=ec)
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
@lang_option
@json_option
@handle_errors
def verify_cmd(target: Path, against: Path | None, jobs: int | None, lang: str, as_json: bool) -> None:
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

    Exit codes: 0 every QR is a known sign, 1 a QR is unknown, wrong or none was found, 2 unusable input.
    """
    result = qrsign.verify(target, against, jobs=jobs)
    if as_json:
        emit_json(result.to_dict(lang))
    else:
        print_verification(result, lang)
    sys.exit(EXIT_OK if result.ok else EXIT_DATA)


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

    if path.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=path))
    info = write_starter(path, market=market, lang=lang)
    if as_json:
        emit_json(info)
    else:
        click.echo(ui("init.done", lang, path=path))


if __name__ == "__main__":  # pragma: no cover
    main()


# ---- commands and helpers of issue 14 (keep yours between these two lines) ----
# ---- end of issue 14 ----


# ---- commands and helpers of issue 15 (keep yours between these two lines) ----
# ---- end of issue 15 ----


# ---- commands and helpers of issue 16 (keep yours between these two lines) ----
# ---- end of issue 16 ----
