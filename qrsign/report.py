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
  :func:`qrsign.text.neutralise` (OWASP ASVS 1.2.10, CWE-1236). This applies to
  every sheet of the copy, also those qrsign did not read, and to our own
  messages, which quote cell values;
- the input is zip-checked and opened with defusedxml, like :func:`qrsign.sheet.read`.

A CSV input becomes a one-sheet workbook of its decoded records, numbered as
``check`` numbered them (:func:`qrsign.sheet.csv_rows`). Marks left by an
earlier report (comments by "qrsign" and their fills, the old problem
column) are removed first, so a report made from a report is not stale.
openpyxl does not keep charts and images of the input; the report is a
working copy for fixing data, not a replacement of the original.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign import _compat, fsutil
from qrsign import sheet as sheetmod
from qrsign.check import CheckResult, TableInfo
from qrsign.errors import OutputError
from qrsign.messages import ui, where
from qrsign.models import Problem
from qrsign.text import column_letter, neutralise

#: Fill colours (ARGB): Excel's own "Bad" and "Neutral" tones, readable when printed in greyscale.
ERROR_FILL = "FFFFC7CE"
WARNING_FILL = "FFFFEB9C"
#: Separates a comment the input already had from ours, so a later report can restore it.
_SEPARATOR = "\n— qrsign —\n"
_MAX_CELL = 32_767  # characters Excel keeps in a cell


@dataclass
class _Marks:
    """What the report marked, for the caller's summary."""

    cells: int = 0
    rows: int = 0
    problems: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # sheet → letter of the problem column


def write_report(source_path: str | os.PathLike, result: CheckResult, out_path: str | os.PathLike,
                 lang: str = "vi", *, limits: sheetmod.Limits = sheetmod.DEFAULT_LIMITS) -> dict:
    """Write a copy of ``source_path`` (.xlsx or .csv) to ``out_path`` (.xlsx) with ``result``'s problems marked.

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

    if _is_zip(source):
        wb = _copy_xlsx(source, limits)
        sheets = {t.sheet: wb[t.sheet] for t in result.tables if t.sheet in wb.sheetnames}
    else:
        wb = _copy_csv(source, result, limits)
        sheets = {t.sheet: wb.worksheets[0] for t in result.tables[:1]}
    for ws in wb.worksheets:
        _clear_old_marks(ws)
    marks = _Marks()
    for table in result.tables:
        if table.sheet in sheets:
            problems = [p for p in result.problems if p.sheet == table.sheet]
            _mark_sheet(sheets[table.sheet], table, problems, lang, marks)

    buffer = io.BytesIO()
    wb.save(buffer)
    fsutil.write_bytes(target, buffer.getvalue())
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


def _is_zip(path: Path) -> bool:
    """An .xlsx (a zip) or something else (read as CSV): decided by content, as :func:`sheet.read` does."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == b"PK"
    except OSError:
        return False  # the CSV reader raises the typed error


def _put(cell: Any, value: Any) -> Any:
    """Assign ``value`` so that it can never be a formula: text is neutralised and stored as text."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))[:_MAX_CELL]
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


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
                _put(cell, cell.value)
    if formulas:
        cached = _cached_values(source, formulas, limits)
        for title, found in formulas.items():
            ws = wb[title]
            for (r, c), formula in found.items():
                value = cached.get((title, r, c))
                if value is None:
                    value = _formula_text(formula)
                _put(ws.cell(r, c), value)
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
            cell = _put(ws.cell(r, c), value)
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
    head = _put(ws.cell(table.header_row, col), ui("report.column", lang))
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
        _put(cell, "\n".join(lines))
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

