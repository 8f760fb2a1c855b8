"""Commands from a vendor sheet to signs: ``check``, ``build``, ``make``, ``templates``.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from qrsign import api
from qrsign.cli import console
from qrsign.cli.app import (
    EXIT_DATA,
    EXIT_OK,
    _date_option,
    _lang_default_argv,
    _parse_date,
    echo_marked,
    emit_json,
    format_summary,
    handle_errors,
    json_option,
    lang_option,
    main,
    print_verification,
)
from qrsign.cli.console import problem_line, say
from qrsign.cli.lifecycle import print_since, since_manifest
from qrsign.errors import InputError, QrsignError
from qrsign.messages import UI, field_name, ui


def column_option(f):
    return click.option(
        "--column", "columns", multiple=True, metavar="HEADER=FIELD",
        help="Read a column as a field without editing the file: a header text or a column letter, then a field "
             "(name, holder, stall, bank, account, card, phone, status, ignore…), e.g. \"Tên trên app=holder\". "
             "Repeatable.")(f)


def _parse_columns(values: tuple[str, ...]) -> dict[str, str] | None:
    """``("Tên trên app=holder", "G=ignore")`` → ``{"Tên trên app": "holder", "G": "ignore"}``; the field is
    checked by the reader (an unknown field or header is an input error naming the valid ones)."""
    out: dict[str, str] = {}
    for value in values:
        left, eq, right = value.rpartition("=")
        if not eq or not left.strip() or not right.strip():
            raise InputError("E-COLUMN-FORMAT", field="column", value=value)
        out[left.strip()] = right.strip()
    return out or None


def print_read(read: dict, lang: str, *, rows: bool = True) -> None:
    """What was read, before the problems: per sheet, each column → field, columns not used, rows left out."""
    for t in read["sheets"]:
        say(ui("read.sheet", lang, sheet=t["sheet"], row=t["header_row"]))
        mapped = [ui("read.column", lang, field=field_name(c["field"], lang), column=c["column"], header=c["header"])
                  for c in t["columns"] if c["field"] != "index"]
        say("  " + "; ".join(mapped))
        if t["ignored"]:
            say(ui("read.ignored", lang, columns=", ".join(f"{c['column']} “{c['header']}”"
                                                                  for c in t["ignored"])))
        if t["skipped_rows"]:
            kinds = "; ".join(f"{ui('read.kind.' + k, lang) if 'read.kind.' + k in UI else k} "
                              f"({_rows_shown(rows)})" for k, rows in t["skipped_rows"].items())
            say(ui("read.skipped", lang, kinds=kinds))
    for n in read["not_read"]:
        key = {"no_header": "read.not_read", "hidden": "read.hidden"}.get(n["reason"], "read.not_a_list")
        say(ui(key, lang, sheet=n["sheet"], headers=_shortened(n["headers"])))
    if rows and read["sheets"] and not read.get("markets"):  # rows read, and none names a market
        say(ui("read.no_market", lang))


def _shortened(headers: list[str], most: int = 8, chars: int = 40) -> str:
    """A sheet's header texts on one line: the first ``most``, each cut at ``chars``."""
    shown = [h if len(h) <= chars else h[:chars - 1] + "…" for h in headers[:most]]
    return ", ".join(shown) + (", …" if len(headers) > most else "") or "—"


def _rows_shown(rows: list[int], most: int = 12) -> str:
    """Row numbers, the first ``most`` of them, and how many more."""
    shown = ", ".join(str(r) for r in rows[:most])
    return shown + (f", … +{len(rows) - most}" if len(rows) > most else "")


@main.command()
@click.argument("sheet_path", metavar="SHEET", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sheet", "sheet_name", default=None, help="Only this sheet of the workbook.")
@click.option("--market", default=None, help="Only this market (or the market's name when the sheet has none).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write a copy of the sheet with every problem marked (.xlsx).")
@click.option("--include-hidden", is_flag=True, help="Also read hidden, filtered-out and struck-through rows.")
@click.option("--template", "-t", default="a4-treo", show_default=True,
              help="The template the signs will be built with (name or .toml file): its printed fields are checked.")
@column_option
@lang_option
@json_option
@handle_errors
def check(sheet_path: Path, sheet_name: str | None, market: str | None, report: Path | None, include_hidden: bool,
          template: str, columns: tuple[str, ...], lang: str, as_json: bool) -> None:
    """Check a vendor sheet (.xlsx, .xls, .ods, .csv, or a web portal's HTML/XML export) and list every problem.

    \b
    Example:
      qrsign check danh-sach.xlsx
      qrsign check danh-sach.xlsx --sheet "Khu A" --json
      qrsign check danh-sach.xlsx --report loi.xlsx
      qrsign check danh-sach.xlsx --column "Tên trên app=holder"
    """
    # a character the sign's font cannot draw (in a field the template prints) is an error here too
    result = api.check_file(sheet_path, sheet=sheet_name, market=market, template=template,
                            include_hidden=include_hidden, columns=_parse_columns(columns))
    if report is not None:
        api.write_check_report(sheet_path, result, report, lang=lang)
    if as_json:
        emit_json(result.to_dict(lang))
    else:
        print_check(result, lang)
        if report is not None:
            say(ui("check.report_written", lang, path=report))
    sys.exit(EXIT_DATA if result.errors else EXIT_OK)


def print_check(result, lang: str) -> None:
    print_read(result.read, lang, rows=bool(result.vendors or result.rejected))
    say("")
    for p in result.problems:
        echo_marked(problem_line(p, lang))
    s = api.check_summary(result)
    if result.problems:
        say("")
    say(format_summary(s, lang))




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
    try:
        return api.logo_slots(template, combine=combine)
    except QrsignError:
        return None  # an unknown template is reported by the build itself


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
@column_option
@_date_option
@lang_option
@json_option
@handle_errors
def build(sheet_path: Path, out_dir: Path, template: str, sheet_name: str | None, market: str | None,
          split_by: str, combine: bool, formats: tuple[str, ...], no_checklist: bool, logos: tuple[str, ...],
          jobs: int | None, ec: str, verify_after: bool, replace: bool, quiet: bool, since_path: Path | None,
          include_hidden: bool, columns: tuple[str, ...], print_date: str | None, lang: str, as_json: bool) -> None:
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
    _refuse_file_output(out_dir)
    bar = console.progress_for("term.progress_build", lang, quiet=quiet or as_json)
    date = _parse_date(print_date)
    logos_given = _parse_logos(logos, template, combine)
    since = since_manifest(since_path, out_dir)
    try:
        with _stop_on_sigterm():
            result = api.build(
                sheet_path, out_dir, template=template, sheet=sheet_name, market=market, split_by=split_by,
                combine=combine, formats=tuple(dict.fromkeys(formats)), jobs=jobs, date=date, logos=logos_given,
                ec=ec, checklist=not no_checklist, progress=bar, replace=replace, since=since, lang=lang,
                include_hidden=include_hidden, columns=_parse_columns(columns),
            )
    except InputError as err:
        from qrsign.cli.intake import print_problems_of

        print_problems_of(err, lang, as_json)
        raise
    finally:
        if bar:
            bar.close()
    stale = result.cleanup.stale_lock
    if stale is not None and not as_json:
        say(ui("build.stale_lock", lang, pid=stale.get("pid", "?"), since=stale.get("time", "?")), err=True)
    verification = None
    if verify_after:
        vbar = console.progress_for("term.progress_verify", lang, quiet=quiet or as_json)
        try:
            verification = api.verify(result.out_dir, jobs=jobs, progress=vbar)
        finally:
            if vbar:
                vbar.close()
    code = result.exit_code
    if verification is not None and not verification.ok:
        code = EXIT_DATA
    if as_json:
        emit_json(result.to_dict(lang, verify=verification.to_dict(lang) if verification is not None else None))
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
    say(ui("term.built", lang, signs=console.plural("term.signs", len(m["signs"]), lang),
                  pages=console.plural("term.pages", pages, lang), folder=result.out_dir))
    for f in m["files"]:
        say(ui("term.file", lang, file=f["file"], pages=console.plural("term.pages", f["pages"], lang)))
    print_cleanup(result.cleanup, lang)
    for s in m["markets"]:
        say("")
        heading = s["market"] or "—"
        if s["zone"] is not None:
            heading += f" · {s['zone']}"
        say(f"[{heading}]")
        say(format_summary(s, lang))
    markets = {s["market"] for s in m["markets"]}
    if len(markets) > 1:  # a province, a ward with several markets: one grand total (zones are not markets)
        total = m["summary"]  # the whole sheet's figures: each row counted once, not once per market and zone
        say("")
        say(ui("term.total", lang, markets=len(markets),
                      signs=console.plural("term.signs", len(m["signs"]), lang),
                      rows=total.get("rows_read", 0), rejected=total.get("rows_rejected", 0)))


def print_cleanup(cleanup, lang: str) -> None:
    """What a rebuild did to the previous build's files (nothing is deleted that qrsign did not write)."""
    if cleanup.previous_source:
        say(ui("build.replaced_build", lang, source=cleanup.previous_source))
    if cleanup.replaced:
        say(ui("build.replaced", lang, count=len(cleanup.replaced)))
    for name in cleanup.removed:
        say(ui("build.removed", lang, file=name))
    for name in cleanup.kept:
        say(ui("build.kept", lang, file=name))




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
@click.option("--amount", default=None, metavar="VND",
              help="A one-off code for one payment of this amount (FILE.png or FILE.svg; never a stall sign).")
@click.option("--logo", "logos", multiple=True, metavar="NAME=FILE", help="A logo for the template's slot NAME.")
@click.option("--ec", type=click.Choice(["M", "Q"]), default="M", show_default=True, help="QR error correction.")
@_date_option
@lang_option
@json_option
@handle_errors
def make(bank: str, account: str, card: bool, name: str, stall: str, market: str | None, template: str,
         output: Path, qr_only: bool, amount: str | None, logos: tuple[str, ...], ec: str, print_date: str | None,
         lang: str, as_json: bool) -> None:
    """Make one sign, one card to share (PNG) or one bare QR image, for a single vendor.

    \b
    Example:
      qrsign make --bank VCB --account 0011012345678 --name "Nguyễn Thị Hường" --stall 12 -o quay-12.pdf
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" -o quay-a5.png
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" -o qr.png --qr-only
      qrsign make --bank MB --account 0352350917 --name "Trần Văn Nam" --amount 150000 -o tien-hang.png
    """
    from qrsign.cli.intake import account_for_cli, name_for_cli

    acct = account_for_cli(account, card, bank, lang)
    named = name_for_cli(name, lang)
    from qrsign.cli.codes import _parse_amount

    made = api.make(bank, acct.account, card=acct.is_card, name=named, stall=stall, market=market,
                    template=template, output=output, date=_parse_date(print_date),
                    logos=_parse_logos(logos, template), ec=ec, qr_only=qr_only,
                    amount=_parse_amount(amount) if amount is not None else None)
    if as_json:
        emit_json(made.to_dict())
    else:
        say(ui("make.done", lang, path=output, sign_id=made.info["sign_id"]))




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
    items = api.templates()
    if as_json:
        emit_json(items)
        return
    for t in items:
        desc = t["description"] if lang == "vi" else t["description_en"]
        say(f"{t['name']:<12} {t['page_size']:<13} QR {t['qr_mm']:g} mm  {desc}")


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
    info = api.preview_template(name, output)
    if as_json:
        emit_json(info)
    else:
        say(ui("preview.done", lang, name=name, path=output))


# --------------------------------------------------------------------------------------------------
# verify
