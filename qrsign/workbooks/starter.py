"""The starter workbook (``qrsign init``): a sheet a volunteer fills in with Excel or LibreOffice.

Most problems ``check`` finds are made when a list is typed: Excel drops the
leading zeros of account and phone numbers, rounds 19-digit accounts, turns
stall "3/12" into a date, and bank names are free text. The starter prevents
them where it can:

- sheet "Danh sách": a title row (with the market's name, which qrsign reads
  from "… – Chợ X"), the header row qrsign recognises, frozen; the stall,
  account and phone columns formatted as Text (``@``) for :data:`ROWS` rows
  *and* as a column style, so typed digits stay text; a comment on the
  account header saying why; the bank column as a dropdown of every bank's
  short name; one example row (STT "Ví dụ") that ``check`` skips;
- sheet "Ngân hàng": BIN (as text), short name and full name of every bank in
  :func:`qrsign.core.banks.directory` — the dropdown's source and a lookup table;
- sheet "Hướng dẫn": what to type in each column and the commands to run.

An untouched starter checks clean: the example row is skipped and ``check``
reports 0 vendors with exit code 0 (an empty list is not an error; ``build``
refuses it with E-NOTHING-TO-BUILD). Neither extra sheet has a header qrsign
could mistake for a vendor table (a test keeps it so).

The bank dropdown warns instead of refusing ("warning" error style): qrsign
also accepts full names, aliases ("VCB") and BINs, and a refusal would make
volunteers fight Excel over a value qrsign understands; ``check`` catches
what it cannot resolve. The dropdown lists short names alphabetically, not by
BIN, because that is how people look for their bank.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from qrsign import fsutil
from qrsign.core import banks, text
from qrsign.intake.check import EXAMPLE_NAME
from qrsign.messages import FIELD_NAMES, command_arg, ui
from qrsign.workbooks import xlsx
from qrsign.workbooks.xlsx import put

#: Rows below the header pre-formatted as Text and covered by the bank dropdown.
ROWS = 1000

#: The vendor sheet's columns after STT, in order: field → width (characters).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("name", 28),
    ("stall", 10),
    ("trade", 16),
    ("bank", 18),
    ("account", 22),
    ("phone", 15),
    ("note", 30),
)
#: Columns whose cells must stay text: leading zeros, long numbers, "3/12".
TEXT_FIELDS = ("stall", "account", "phone", "payload", "image")
#: The two columns ``qrsign import`` adds (``payload_columns=True``): the exact payload and its image file.
PAYLOAD_COLUMNS: tuple[tuple[str, int], ...] = (("payload", 60), ("image", 24))

_HEADER_FILL = "FFD9EAD3"  # light green: reads as a header in Excel and LibreOffice, prints in greyscale
_EXAMPLE_COLOUR = "FF808080"


_letter = text.column_letter  # 1-based, like openpyxl


def market_title(market: str | None, lang: str = "vi") -> str:
    """The title row: "DANH SÁCH TIỂU THƯƠNG – Chợ Đồng Xa", or the bare title without a market.

    The market's name is kept as typed (not upper-cased) so that ``check``
    reads back exactly the name that was given; "Chợ" is added when missing
    because that word is how qrsign finds the name in a title row.

    >>> market_title("Chợ Đồng Xa"), market_title("Đồng Xa"), market_title(None)
    ('DANH SÁCH TIỂU THƯƠNG – Chợ Đồng Xa', 'DANH SÁCH TIỂU THƯƠNG – Chợ Đồng Xa', 'DANH SÁCH TIỂU THƯƠNG')
    """
    title = ui("starter.title", lang)
    name = text.collapse(market or "")
    if not name:
        return title
    prefix = ui("starter.market_prefix", lang)
    if not text.fold(name).startswith(text.fold(prefix) + " "):
        name = f"{prefix} {name}"
    return f"{title} – {name}"


def build_workbook(market: str | None = None, *, file_name: str = "danh-sach.xlsx",
                   lang: str = "vi", payload_columns: bool = False) -> tuple[Any, int]:
    """The starter as an openpyxl ``Workbook`` (not saved), and its header row number.

    ``payload_columns`` adds :data:`PAYLOAD_COLUMNS` after the others ("Mã QR", "Tệp ảnh"), for ``qrsign import``.

    Headers and sheet names are Vietnamese in every language: they are what
    ward offices use and what the bank dropdown refers to; ``lang`` changes the
    instructions, comments and dropdown messages.
    """
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    directory = sorted(banks.directory(), key=lambda b: text.fold(b.short_name))
    columns = COLUMNS + (PAYLOAD_COLUMNS if payload_columns else ())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ui("starter.sheet.list", "vi")
    bank_ws = wb.create_sheet(ui("starter.sheet.banks", "vi"))
    help_ws = wb.create_sheet(ui("starter.sheet.help", "vi"))

    headers = [ui("starter.index", "vi")] + [FIELD_NAMES[f]["vi"] for f, _ in columns]
    last = _letter(len(headers))
    thin = Side(style="thin", color="FF9E9E9E")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)

    # title rows: merged across the table; the market's name is read from here
    put(ws["A1"], market_title(market, lang)).font = Font(bold=True, size=14)
    put(ws["A2"], ui("starter.subtitle", lang)).font = Font(italic=True, color="FF595959")
    for r in (1, 2):
        ws.merge_cells(f"A{r}:{last}{r}")
    ws.row_dimensions[2].height = 30
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")

    header_row = 3
    first, end = header_row + 1, header_row + ROWS
    for i, label in enumerate(headers, start=1):
        cell = put(ws.cell(header_row, i), label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[header_row].height = 24
    ws.freeze_panes = f"A{first}"
    ws.column_dimensions["A"].width = 7

    col_of = {f: i for i, (f, _) in enumerate(columns, start=2)}
    for f, width in columns:
        letter = _letter(col_of[f])
        ws.column_dimensions[letter].width = width
        if f in TEXT_FIELDS:
            # the column style covers rows past ROWS in Excel; the cells make it certain for the first ROWS
            ws.column_dimensions[letter].number_format = "@"
            for r in range(first, end + 1):
                ws.cell(r, col_of[f]).number_format = "@"
    for f, key, size in (("account", "starter.comment.account", (90, 320)),
                         ("phone", "starter.comment.phone", (45, 240)),
                         ("stall", "starter.comment.stall", (45, 240))):
        comment = Comment(ui(key, lang), ui("report.author", lang), height=size[0], width=size[1])
        ws.cell(header_row, col_of[f]).comment = comment

    example = {
        "name": EXAMPLE_NAME,  # check() skips it without a word only while it carries this name
        "stall": ui("starter.example.stall", lang),
        "trade": ui("starter.example.trade", lang),
        "bank": (banks.by_bin("970436") or directory[0]).short_name,
        "account": "0011001234567",
        "phone": "0912345678",
        "note": ui("starter.example.note", lang),
    }
    put(ws.cell(first, 1), ui("starter.example", "vi")).font = Font(italic=True, color=_EXAMPLE_COLOUR)
    for f, value in example.items():
        put(ws.cell(first, col_of[f]), value).font = Font(italic=True, color=_EXAMPLE_COLOUR)

    # the bank sheet: the dropdown's source
    bank_headers = (ui("starter.banks.bin", lang), ui("starter.banks.short", lang), ui("starter.banks.full", lang))
    for i, label in enumerate(bank_headers, start=1):
        cell = put(bank_ws.cell(1, i), label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for r, bank in enumerate(directory, start=2):
        put(bank_ws.cell(r, 1), bank.bin).number_format = "@"
        put(bank_ws.cell(r, 2), bank.short_name)
        put(bank_ws.cell(r, 3), bank.name)
    bank_ws.freeze_panes = "A2"
    for letter, width in (("A", 10), ("B", 24), ("C", 70)):
        bank_ws.column_dimensions[letter].width = width
    last_bank = len(directory) + 1

    bank_col = _letter(col_of["bank"])
    sheet_ref = "'" + bank_ws.title.replace("'", "''") + "'"
    dv = DataValidation(
        type="list",
        formula1=f"{sheet_ref}!$B$2:$B${last_bank}",  # a formula body: no leading "=" (openpyxl writes it as is)
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=ui("starter.bank.error_title", lang)[:32],
        error=ui("starter.bank.error", lang)[:255],
        showInputMessage=True,
        promptTitle=ui("starter.bank.prompt_title", lang)[:32],
        prompt=ui("starter.bank.prompt", lang)[:255],
    )
    dv.add(f"{bank_col}{first}:{bank_col}{end}")
    ws.add_data_validation(dv)

    # the instructions
    put(help_ws["A1"], ui("starter.help.title", lang)).font = Font(bold=True, size=14)
    put(help_ws["A2"], ui("starter.help.rows", lang))
    put(help_ws["A3"], ui("starter.help.example", lang))
    for i, key in enumerate(("starter.help.column", "starter.help.what"), start=1):
        cell = put(help_ws.cell(5, i), ui(key, lang))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    r = 6
    for label, f in [(headers[0], "index")] + [(FIELD_NAMES[f]["vi"], f) for f, _ in columns]:
        put(help_ws.cell(r, 1), label).font = Font(bold=True)
        put(help_ws.cell(r, 2), ui(f"starter.help.{f}", lang))
        r += 1
    r += 1
    put(help_ws.cell(r, 1), ui("starter.help.steps", lang)).font = Font(bold=True)
    for key in ("starter.help.step1", "starter.help.step2", "starter.help.step3", "starter.help.step4",
                "starter.help.market"):
        r += 1
        put(help_ws.cell(r, 1), ui(key, lang).format(file=file_name, arg=command_arg(file_name)))
    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["B"].width = 100
    for row in help_ws.iter_rows(min_row=2, max_row=r):
        for cell in row:
            if cell.column == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _layout_for_print(ws, bank_ws, help_ws, header_row)
    return wb, header_row


#: Widths of the instructions sheet's two columns (characters); text wraps inside them.
_HELP_WIDTHS = (18, 80)
#: Points per wrapped line of 11-point text, and per line of the 14-point titles with Vietnamese diacritics
#: stacked above and below (Ễ, Ộ, ậ): the default 15 pt row clips them.
_LINE_PT, _TITLE_PT = 15.0, 30.0


def _lines(value: Any, width: float) -> int:
    """How many lines ``value`` wraps to in a column ``width`` characters wide (a safe over-estimate)."""
    import math

    if not value:
        return 1
    return sum(max(1, math.ceil(len(part) / max(width * 0.95, 1))) for part in str(value).split("\n"))


def _layout_for_print(ws: Any, bank_ws: Any, help_ws: Any, header_row: int) -> None:
    """Print setup: the list on one landscape page width, titles tall enough, instructions wrapped.

    Checked by converting to PDF with LibreOffice (tests/test_starter_print.py).
    """
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.properties import PageSetupProperties

    for sheet, landscape in ((ws, True), (bank_ws, False), (help_ws, False)):
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need, never two across
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    ws.print_title_rows = f"{header_row}:{header_row}"  # the header on every printed page
    bank_ws.print_title_rows = "1:1"
    ws.row_dimensions[1].height = _TITLE_PT
    ws["A1"].alignment = Alignment(vertical="center")
    bank_ws.row_dimensions[1].height = 2 * _LINE_PT
    for cell in bank_ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    # the instructions: a long line in column A (intro, steps) spans both columns and wraps
    a_width, b_width = _HELP_WIDTHS
    help_ws.column_dimensions["A"].width = a_width
    help_ws.column_dimensions["B"].width = b_width
    help_ws.row_dimensions[1].height = _TITLE_PT
    help_ws["A1"].alignment = Alignment(vertical="center")
    for row in range(2, help_ws.max_row + 1):
        a, b = help_ws.cell(row, 1), help_ws.cell(row, 2)
        if a.value and not b.value and len(str(a.value)) > a_width:
            help_ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            a.alignment = Alignment(wrap_text=True, vertical="top")
            lines = _lines(a.value, a_width + b_width)
        else:
            a.alignment = Alignment(wrap_text=True, vertical="top")
            lines = max(_lines(a.value, a_width), _lines(b.value, b_width))
        help_ws.row_dimensions[row].height = _LINE_PT * lines + 2


def write_starter(path: str | os.PathLike, market: str | None = None, *, lang: str = "vi") -> dict:
    """Write the starter workbook to ``path`` atomically and say what it holds.

    Overwrites ``path``: refusing an existing file is the caller's choice
    (``qrsign init`` needs ``--force``). Raises
    :class:`~qrsign.errors.OutputError` when the file cannot be written.

    Returns ``{"file", "sheets", "header_row", "rows", "banks", "market"}``:
    ``rows`` is how many rows below the header are ready to fill (formatted as
    Text and covered by the bank dropdown).
    """
    target = fsutil.prepare_file(path)
    wb, header_row = build_workbook(market, file_name=Path(path).name, lang=lang)
    xlsx.save_atomic(wb, target)
    title = market_title(market, lang)
    return {
        "file": str(target),
        "sheets": list(wb.sheetnames),
        "header_row": header_row,
        "rows": ROWS,
        "banks": len(banks.directory()),
        "market": title.split(" – ", 1)[1] if " – " in title else None,
    }
