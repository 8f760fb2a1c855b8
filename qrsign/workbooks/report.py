"""The error report (``qrsign check SHEET --report FILE.xlsx``): a copy of the sheet with every problem marked.

A volunteer fixes a list in Excel, not in a terminal, so the problems go back
into the sheet where they are: the bad cell is filled (light red for errors,
light yellow for warnings) and carries a comment with the message, and a
"Lỗi / Problem" column after the table's last column holds every message of
the row — also those that belong to no single cell. Problems of a whole sheet
(no stall column…) go into a comment on that column's header cell.

Safety rules, because the input is untrusted and the report is opened in Excel:

- the input is never written: an output that is the input (same path, a
  symlink or hard link to it) is refused with ``E-REPORT-SAME-AS-INPUT``, and the
  report is written atomically to its own file;
- no cell of the report is a formula. Formula cells of the input are replaced
  by their stored (cached) value, or by their formula text when none is
  stored; every text cell is written as text (``data_type "s"``) and text that
  a spreadsheet would run (``= + - @``, tab, CR…) is prefixed with ``'`` by
  :func:`qrsign.core.text.neutralise` (OWASP ASVS 1.2.10, CWE-1236). This applies to
  every sheet of the copy, also those qrsign did not read, and to our own
  messages, which quote cell values;
- the input is zip-checked and opened with defusedxml, like :func:`qrsign.intake.sheet.read`.

A CSV input becomes a one-sheet workbook of its decoded records, numbered as
``check`` numbered them (:func:`qrsign.intake.sheet.csv_rows`); an .xls, .ods, HTML or
XML 2003 input becomes a fresh workbook of its cell values as qrsign read them
(:func:`qrsign.intake.sheet.source_sheets`), every text cell inert. Marks left by an
earlier report (comments by "qrsign" and their fills, the old problem
column) are removed first, so a report made from a report is not stale.
openpyxl does not keep charts and images of the input; the report is a
working copy for fixing data, not a replacement of the original.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign import _compat, fsutil
from qrsign.core.text import column_letter
from qrsign.errors import InputError, OutputError
from qrsign.intake import sheet as sheetmod
from qrsign.intake.check import CheckResult, TableInfo
from qrsign.messages import field_name, ui, where
from qrsign.models import Problem
from qrsign.workbooks import xlsx
from qrsign.workbooks.xlsx import put

#: Fill colours (ARGB): Excel's own "Bad" and "Neutral" tones, readable when printed in greyscale.
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"
#: Separates a comment the input already had from ours, so a later report can restore it.
_SEPARATOR = "\n— qrsign —\n"


@dataclass
class _Marks:
    """What the report marked, for the caller's summary."""

    cells: int = 0
    rows: int = 0
    problems: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # sheet → letter of the problem column


#: The last row an Excel sheet has.
EXCEL_ROWS = 1_048_576


def write_report(source_path: str | os.PathLike, result: CheckResult, out_path: str | os.PathLike,
                 lang: str = "vi", *, limits: sheetmod.Limits = sheetmod.DEFAULT_LIMITS) -> dict:
    """Write a copy of ``source_path`` to ``out_path`` (.xlsx) with ``result``'s problems marked.

    An .xlsx is copied; any other format qrsign reads (.csv, .xls, .ods, HTML,
    XML 2003) becomes a fresh .xlsx of its cell values as read.

    Raises :class:`~qrsign.errors.OutputError` when ``out_path`` is the input,
    is not an ``.xlsx`` name or cannot be written, and
    :class:`~qrsign.errors.InputError` when the input cannot be read again.
    Returns ``{"file", "source", "sheets", "problems", "cells", "rows", "columns"}``:
    ``problems`` placed, ``cells`` highlighted, ``rows`` given a message, and
    the problem column's letter per sheet.
    """
    source, out = Path(source_path), Path(out_path)
    if _same_file(source, out):
        raise OutputError("E-REPORT-SAME-AS-INPUT", field="output", value=str(out_path))
    if out.suffix.lower() != ".xlsx":
        raise OutputError("E-REPORT-TYPE", field="output", value=str(out_path))
    target = fsutil.prepare_file(out)

    kind = _kind(source, limits)
    if kind == "xlsx":
        wb = _copy_xlsx(source, limits)
        sheets = {t.sheet: wb[t.sheet] for t in result.tables if t.sheet in wb.sheetnames}
    elif kind == "csv":
        wb = _copy_csv(source, result, limits)
        sheets = {t.sheet: wb.worksheets[0] for t in result.tables[:1]}
    else:  # .xls, .ods, HTML, XML 2003: the values as read, in a fresh .xlsx
        wb, by_name = _copy_values(source, kind, limits)
        sheets = {t.sheet: by_name[t.sheet] for t in result.tables if t.sheet in by_name}
    for ws in wb.worksheets:
        _clear_old_marks(ws)
    marks = _Marks()
    for table in result.tables:
        if table.sheet in sheets:
            problems = [p for p in result.problems if p.sheet == table.sheet]
            _mark_sheet(sheets[table.sheet], table, problems, lang, marks)

    _what_was_read(wb, result, lang)
    xlsx.save_atomic(wb, target)
    return {
        "file": str(target),
        "source": str(source),
        "sheets": [ws.title for ws in sheets.values()],
        "problems": marks.problems,
        "cells": marks.cells,
        "rows": marks.rows,
        "columns": marks.columns,
    }


# --------------------------------------------------------------------------------------------------
# input


def _same_file(source: Path, out: Path) -> bool:
    """True when writing ``out`` would touch ``source``: same resolved path, or (hard/sym)link to it."""
    try:
        if source.resolve() == out.resolve():
            return True
        return out.exists() and source.exists() and os.path.samefile(source, out)
    except OSError:
        return False


def _kind(path: Path, limits: sheetmod.Limits) -> str:
    """The input's format, decided by content exactly as :func:`sheet.read` decides it."""
    from qrsign.intake.sniff import sniff

    return sniff(path, limits)


def _copy_values(source: Path, kind: str, limits: sheetmod.Limits) -> tuple[Any, dict[str, Any]]:
    """A fresh workbook holding every sheet's cells as qrsign read them (formulas as their stored result).

    For formats openpyxl cannot save (.xls, .ods, HTML, XML 2003): values,
    number formats, struck fonts, hidden rows and columns and merged ranges
    are copied, so the report looks like the list the volunteer knows.
    Returns the workbook and sheet name → worksheet.
    """
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    by_name: dict[str, Any] = {}
    for src in sheetmod.source_sheets(source, kind, None, limits):
        ws = wb.create_sheet(_unique_title(wb.sheetnames, src.name))
        by_name[src.name] = ws
        _copy_sheet(ws, src, limits)
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    return wb, by_name


def _unique_title(taken: list[str], name: str) -> str:
    """A valid sheet title for ``name`` that no earlier sheet has (two names can shorten to one title)."""
    title, n = _sheet_title(name), 2
    while title in taken:
        title, n = f"{_sheet_title(name)[:28]} ({n})", n + 1
    return title


def _what_was_read(wb: Any, result: CheckResult, lang: str) -> None:
    """A sheet of its own, last: which column fed which field on every sheet, the columns not used, the sheets
    not read — what ``check`` prints first, for whoever fixes the file."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(_unique_title(wb.sheetnames, ui("report.read_title", lang)))
    heads = ("report.read_sheet", "report.read_column", "report.read_header", "report.read_field")
    for c, key in enumerate(heads, start=1):
        put(ws.cell(1, c), ui(key, lang)).font = Font(bold=True)
    r = 2
    for t in result.read["sheets"]:
        for entry in (*t["columns"], *t["ignored"]):
            f = entry.get("field")
            shown = field_name(f, lang) if f else ui("report.read_unused", lang)
            for c, value in enumerate((t["sheet"], entry["column"], entry["header"], shown), start=1):
                put(ws.cell(r, c), value)
            r += 1
    for n in result.read["not_read"]:
        put(ws.cell(r, 1), n["sheet"])
        put(ws.cell(r, 3), ", ".join(n["headers"]))
        put(ws.cell(r, 4), ui("report.read_not_read", lang))
        r += 1
    for c, width in enumerate((24, 8, 40, 24), start=1):
        ws.column_dimensions[column_letter(c)].width = width


def _copy_sheet(ws: Any, src: Any, limits: sheetmod.Limits) -> None:
    """One sheet as qrsign read it: the rows (up to the caps), column widths, hidden columns, merges."""
    from openpyxl.utils import get_column_letter

    widths = _copy_rows(ws, src, limits)
    for c, width in widths.items():  # as for a CSV copy: wide enough that numbers are not shown as ###
        ws.column_dimensions[get_column_letter(c)].width = max(width + 2, 8)
    for c in src.hidden_columns:
        ws.column_dimensions[get_column_letter(c)].hidden = True
    for r1, c1, r2, c2 in src.merges:
        if max(r2, c2) <= limits.rows + limits.header_scan:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=min(r2, EXCEL_ROWS),
                           end_column=min(c2, limits.columns))


def _copy_rows(ws: Any, src: Any, limits: sheetmod.Limits) -> dict[int, int]:
    """The rows qrsign reads (no more than the row cap), hidden ones kept hidden.

    Returns column → the widest text shown in it (capped at 40), not counting titles merged across columns."""
    widths: dict[int, int] = {}
    across = {(r1, c1) for r1, c1, _r2, c2 in src.merges if c2 > c1}  # a title over the table sets no width
    for count, srow in enumerate(src.rows, start=1):
        if count > limits.rows + limits.header_scan:
            break
        if srow.row > EXCEL_ROWS:  # a page or an .ods with a million empty rows above its content
            raise InputError("E-REPORT-ROWS", field="report", value=src.name, sheet=src.name, row=srow.row,
                             limit=EXCEL_ROWS)
        if srow.hidden:
            ws.row_dimensions[srow.row].hidden = True
        for c, cell in enumerate(srow.cells[: limits.columns], start=1):
            shown = _copy_cell(ws.cell(srow.row, c), cell)
            if shown is not None and (srow.row, c) not in across:
                widths[c] = max(widths.get(c, 0), min(shown, 40))
    return widths


def _copy_cell(out: Any, cell: Any) -> int | None:
    """Copy one read cell into ``out``: the value (a formula's stored result), number format, strike-through.

    Returns how many characters it shows, or None for an empty cell."""
    from openpyxl.styles import Font

    value = getattr(cell, "value", None)
    if cell is None or value is None:
        return None
    if cell.data_type == "f":
        value = cell.cached if cell.cached is not None else value
    put(out, value)
    if cell.data_type == "n" and cell.number_format:
        out.number_format = cell.number_format
    elif isinstance(value, str):
        out.number_format = "@"
    if cell.struck:
        out.font = Font(strike=True)
    return len(cell.number_format) if cell.data_type == "n" else len(str(value))


def _copy_xlsx(source: Path, limits: sheetmod.Limits):
    """The input workbook, loaded whole and defused: formulas replaced, every text cell inert."""
    from openpyxl.cell.cell import MergedCell

    wb = sheetmod.open_workbook(source, data_only=False, read_only=False, limits=limits)
    formulas: dict[str, dict[tuple[int, int], Any]] = defaultdict(dict)
    for ws in wb.worksheets:
        for cell in _cells(ws):
            if isinstance(cell, MergedCell):
                continue
            if cell.data_type == "f":
                formulas[ws.title][(cell.row, cell.column)] = cell.value
            elif isinstance(cell.value, str):
                put(cell, cell.value)
    if formulas:
        cached = _cached_values(source, formulas, limits)
        for title, found in formulas.items():
            ws = wb[title]
            for (r, c), formula in found.items():
                value = cached.get((title, r, c))
                if value is None:
                    value = _formula_text(formula)
                put(ws.cell(r, c), value)
    return wb


def _cells(ws: Any) -> list[Any]:
    """The cells a worksheet really holds (see :func:`qrsign._compat.worksheet_cells`)."""
    return _compat.worksheet_cells(ws)


def _formula_text(formula: Any) -> str:
    """The text of a formula cell's value (plain, array or data-table formula), to show instead of running it."""
    text_ = getattr(formula, "text", None)
    if isinstance(text_, str):
        return text_
    return formula if isinstance(formula, str) else ""


def _cached_values(source: Path, wanted: dict[str, dict[tuple[int, int], Any]],
                   limits: sheetmod.Limits) -> dict[tuple[str, int, int], Any]:
    """Stored results of the formula cells in ``wanted``, from one streaming pass over the needed rows."""
    wb = sheetmod.open_workbook(source, data_only=True, read_only=True, limits=limits)
    out: dict[tuple[str, int, int], Any] = {}
    try:
        for title, coords in wanted.items():
            rows = [r for r, _ in coords]
            for row in wb[title].iter_rows(min_row=min(rows), max_row=max(rows)):
                for cell in row:
                    at = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if at in coords:
                        out[(title, *at)] = cell.value
    finally:
        wb.close()
    return out


def _copy_csv(source: Path, result: CheckResult, limits: sheetmod.Limits):
    """A one-sheet workbook of the CSV's decoded records, every cell text (as the CSV was)."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    name = result.tables[0].sheet if result.tables else source.stem
    ws.title = _sheet_title(name)
    widths: dict[int, int] = {}
    for r, record in enumerate(sheetmod.csv_rows(source, limits), start=1):
        for c, value in enumerate(record, start=1):
            if value is None:
                continue
            cell = put(ws.cell(r, c), value)
            cell.number_format = "@"  # edited in Excel, account numbers stay text
            widths[c] = max(widths.get(c, 0), min(len(value), 40))
    for c, width in widths.items():
        ws.column_dimensions[column_letter(c)].width = max(width + 2, 8)
    if result.tables:
        header = result.tables[0].header_row
        for cell in ws[header]:
            cell.font = Font(bold=True)
        ws.freeze_panes = f"A{header + 1}"
    return wb


def _sheet_title(name: str) -> str:
    """A sheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, not empty."""
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31]
    return cleaned or "Sheet1"


# --------------------------------------------------------------------------------------------------
# marks


def _clear_old_marks(ws) -> None:
    """Remove what an earlier report added (our comments and their fills), restoring the input's own comment."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    author = ui("report.author", "vi")
    for cell in _cells(ws):
        comment = getattr(cell, "comment", None)
        # ours: by "qrsign" *and* on one of our fills (the starter's header comments are by "qrsign" too)
        if comment is None or comment.author != author or not _our_fill(cell):
            continue
        original, sep, _ = comment.text.partition(_SEPARATOR)
        cell.comment = Comment(original, "") if sep and original else None
        cell.fill = PatternFill()


def _our_fill(cell) -> bool:
    fill = getattr(cell, "fill", None)
    return bool(fill is not None and fill.fill_type == "solid" and fill.fgColor is not None
                and fill.fgColor.rgb in (ERROR_FILL, WARNING_FILL))


def _problem_column(ws, header_row: int) -> int:
    """The problem column: the old one of an earlier report, else the first column right of everything used.

    "Everything" is the header row's last cell, every row's last value and
    every merged range, so the column never overwrites data nor lands in a merge.
    """
    label = ui("report.column", "vi")
    last = 0
    for cell in ws[header_row]:
        if cell.value is not None:
            if isinstance(cell.value, str) and cell.value.strip() == label:
                return cell.column
            last = max(last, cell.column)
    for cell in _cells(ws):
        if cell.value is not None:
            last = max(last, cell.column)
    for rng in ws.merged_cells.ranges:
        last = max(last, rng.max_col)
    return last + 1


def _anchor(ws, coord: str):
    """The cell to mark at ``coord``: the top-left cell when ``coord`` is inside a merged range."""
    from openpyxl.cell.cell import MergedCell

    cell = ws[coord]
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if coord in rng:
                return ws.cell(rng.min_row, rng.min_col)
    return cell


def _severity(problems: list[Problem]) -> str:
    return "error" if any(p.severity == "error" for p in problems) else "warning"


def _fill(severity: str):
    from openpyxl.styles import PatternFill

    colour = ERROR_FILL if severity == "error" else WARNING_FILL
    return PatternFill("solid", fgColor=colour)


def _line(p: Problem, lang: str, *, with_place: bool) -> str:
    """``Lỗi – cột E (Số tài khoản): message``; the place is left out where the cell itself is marked."""
    place = where(lang, column=p.column, field=p.field) if with_place else ""
    head = f"{ui(p.severity, lang)} – {place}" if place else ui(p.severity, lang)
    return f"{head}: {p.message(lang)}"


def _comment(cell, lines: list[str]) -> None:
    """Put ``lines`` in the cell's comment, after the input's own comment if it had one."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.comments import Comment

    body = ILLEGAL_CHARACTERS_RE.sub("\ufffd", "\n".join(lines))  # messages quote cell values
    old = cell.comment
    if old is not None and old.text:
        body = old.text + _SEPARATOR + body
    height = min(40 + 18 * (body.count("\n") + 1 + len(body) // 60), 400)
    cell.comment = Comment(body, ui("report.author", "vi"), height=height, width=320)


def _print_on_one_page_width(ws, header_row: int) -> None:
    """Printed, the report fits every column (the problem column included) across one landscape page,
    and repeats the header row on every page: volunteers often fix the list on paper first."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def _mark_sheet(ws, table: TableInfo, problems: list[Problem], lang: str, marks: _Marks) -> None:
    """Mark one sheet: cells, the problem column of each row, and sheet-level problems on its header."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Alignment, Font, PatternFill
    col = _problem_column(ws, table.header_row)
    letter = column_letter(col)
    marks.columns[ws.title] = letter
    for cell in _cells(ws):  # an earlier report's messages
        if cell.column == col and cell.row > table.header_row and not isinstance(cell, MergedCell):
            cell.value = None
            if _our_fill(cell):
                cell.fill = PatternFill()
    head = put(ws.cell(table.header_row, col), ui("report.column", lang))
    head.font = Font(bold=True)
    head.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[letter].width = 70
    _print_on_one_page_width(ws, table.header_row)

    by_cell: dict[str, list[Problem]] = defaultdict(list)
    by_row: dict[int, list[Problem]] = defaultdict(list)
    whole_sheet: list[Problem] = []
    for p in problems:
        marks.problems += 1
        if p.row is None or p.row <= table.header_row:
            whole_sheet.append(p)
            continue
        by_row[p.row].append(p)
        if p.column:
            by_cell[f"{p.column}{p.row}"].append(p)

    for coord, found in by_cell.items():
        cell = _anchor(ws, coord)
        cell.fill = _fill(_severity(found))
        _comment(cell, [_line(p, lang, with_place=False) for p in found])
        marks.cells += 1

    for r, found in sorted(by_row.items()):
        cell = ws.cell(r, col)
        if isinstance(cell, MergedCell):
            continue
        lines = [_line(p, lang, with_place=True) for p in found]
        put(cell, "\n".join(lines))
        cell.fill = _fill(_severity(found))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        # row heights are not recomputed on opening by every program: give the wrapped text its room
        wrapped = sum(max(1, -(-len(line) // 80)) for line in lines)
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 15, 15 * wrapped)
        marks.rows += 1

    if whole_sheet:
        head.fill = _fill(_severity(whole_sheet))
        _comment(head, [ui("report.sheet_problems", lang)]
                 + [_line(p, lang, with_place=True) for p in whole_sheet])
    _style_report(ws, table.header_row, col, problems, len(by_row), lang)


#: The report's header row: bold on the starter's light green, readable in greyscale.
_HEADER_FILL = "FFD9EAD3"
_MAX_WIDTH = 50  # characters: wider columns would push the problem column off a printed page


def _style_report(ws, header_row: int, col: int, problems: list[Problem], rows: int, lang: str) -> None:
    """Widen columns to their content, style the header, add a filter and one summary line.

    The summary goes in the problem column just above the header (or below the
    table when the header is row 1): never a new row, so the row numbers of the
    messages stay the sheet's own.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    longest: dict[int, int] = {}
    last_row = header_row
    for cell in _cells(ws):
        if cell.value is None or isinstance(cell, MergedCell) or cell.row < header_row or cell.column >= col:
            continue
        last_row = max(last_row, cell.row)
        size = max(len(part) for part in str(cell.value).split("\n"))
        longest[cell.column] = max(longest.get(cell.column, 0), size)
    for c, size in longest.items():
        dim = ws.column_dimensions[get_column_letter(c)]
        dim.width = max(dim.width or 8, min(size + 2, _MAX_WIDTH))
    last_row = max(last_row, ws.max_row)

    edge = Side(style="thin", color="FF9E9E9E")
    for c in range(1, col + 1):
        cell = ws.cell(header_row, c)
        if isinstance(cell, MergedCell):
            continue
        cell.font = Font(bold=True)
        if c != col or not _our_fill(cell):  # the problem header keeps its red when the sheet itself is wrong
            cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.border = Border(bottom=edge, top=edge, left=edge, right=edge)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    if not ws.auto_filter.ref:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(col)}{last_row}"

    errors = sum(p.severity == "error" for p in problems)
    summary = ui("report.summary", lang, errors=errors, warnings=len(problems) - errors, rows=rows)
    above = ws.cell(header_row - 1, col) if header_row > 1 else None
    target = above if above is not None and above.value is None and not isinstance(above, MergedCell) \
        else ws.cell(last_row + 2, col)
    put(target, summary).font = Font(bold=True)

