"""Commands that make vendor lists: ``init`` (the starter workbook) and ``import`` (vendors' own QR pictures).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qrsign import api
from qrsign.cli.app import (
    emit_json,
    handle_errors,
    json_option,
    lang_option,
    main,
)
from qrsign.cli.console import say
from qrsign.errors import InputError
from qrsign.messages import command_arg, ui


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
    info = api.write_starter(path, market=market, lang=lang, force=force)
    if as_json:
        emit_json(info)
    else:
        say(ui("init.done", lang, path=path, arg=command_arg(path)))






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
    if output.suffix.lower() != ".xlsx":
        raise InputError("E-OUTPUT-TYPE", field="output", value=str(output))
    if output.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=output))
    result = api.import_images(list(paths))
    info = api.write_import_workbook(result, output, market=market, lang=lang) if result.rows else None
    if as_json:
        emit_json({"file": info["file"] if info else None, **result.to_dict(lang)})
    else:
        for f in result.findings:
            prefix = "✗ " if f.severity == "error" else f"! {f.image}: "
            say(prefix + f.message(lang), err=True)
        if info:
            say(ui("import.done", lang, rows=len(result.rows), images=result.images, path=output,
                          arg=command_arg(output)))
        if result.errors:
            say(ui("import.problems", lang, count=len({f.image for f in result.errors})), err=True)
    sys.exit(result.exit_code)
