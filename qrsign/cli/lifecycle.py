"""Commands over time: ``verify`` (and the patrol), ``diff`` and ``report``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import qrsign
from qrsign.cli import console
from qrsign.cli.app import (
    EXIT_DATA,
    EXIT_OK,
    emit_json,
    handle_errors,
    json_option,
    lang_option,
    main,
    print_verification,
)
from qrsign.errors import InputError
from qrsign.messages import ui


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
        from qrsign.workbooks.patrol import write_sheet

        write_sheet(view[1], report, lang)
        if not as_json:
            click.echo(ui("patrol.report_written", lang, path=report))
    sys.exit(EXIT_OK if result.ok and (not view or view[1].ok) else EXIT_DATA)




SINCE_KEYS = ("since", "reprint", "new", "withdraw", "pending", "renamed_bank")


def since_manifest(path: Path | None, out_dir: Path) -> dict | None:
    """``build --since``: the old manifest (a file or its build folder), never the -o folder's own."""
    if path is None:
        return None
    from qrsign.proof.verify import load_manifest

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
    from qrsign.lifecycle.diff import diff
    from qrsign.proof.verify import load_manifest
    from qrsign.render.rules import check_file, check_printable

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
    from qrsign.proof import patrol

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
    from qrsign.workbooks import board

    b = board.board(board.load(list(manifests)))
    board.write(b, output, lang)
    if as_json:
        emit_json({"output": str(output), **b.to_dict()})
    else:
        p = b.province
        click.echo(ui("board.written", lang, path=output, markets=len(b.markets), vendors=p.value("vendors"),
                      share=f"{p.ready_share * 100:.0f}%"))
    sys.exit(EXIT_OK)
