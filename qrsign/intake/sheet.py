"""Read vendor sheets the way ward offices really type them: find the table, turn its cells into text.

The format readers (:mod:`qrsign.intake.formats`) turn a file's bytes into
:class:`~qrsign.intake.cells.SourceSheet` objects; this module finds each
sheet's header row below title rows and merged cells
(:mod:`qrsign.intake.headers`), leaves out the rows that are not vendors
(:mod:`qrsign.intake.rows`), and turns every cell into text while catching
spreadsheet traps: numbers that lost leading zeros or digits, stalls Excel
turned into dates, formulas without a stored value, error cells.

It yields :class:`Table` objects whose ``rows`` stream lazily, so a whole
province is never held in memory. Untrusted workbooks are checked before
openpyxl sees them (:func:`check_zip`): size, ratio and member count from the
zip directory, which refuses a zip bomb in milliseconds; XML entity tricks are
refused by defusedxml, which openpyxl uses when it is installed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qrsign.core import account, text
from qrsign.errors import (
    DataError,
    InputError,
    InvalidFormat,
    InvalidLength,
    QrsignError,
)
from qrsign.intake.cells import ERROR_TEXTS, SourceRow, SourceSheet, cell_value, has_content
from qrsign.intake.formats import csv as csv_reader
from qrsign.intake.formats import xlsx as xlsx_reader
from qrsign.intake.formats.csv import csv_rows
from qrsign.intake.formats.xlsx import open_workbook
from qrsign.intake.headers import FIELDS, REQUIRED, best_partial, complete, fields_of, find_header, header_field
from qrsign.intake.limits import DEFAULT_LIMITS, Limits, check_zip
from qrsign.intake.rows import Row, RowKinds, is_blank

__all__ = [
    "DEFAULT_LIMITS", "FIELDS", "REQUIRED", "Cell", "Limits", "RawRow", "Table", "check_zip", "csv_rows",
    "header_field", "open_workbook", "pick_sheet", "read", "source_sheets",
]

_SCIENTIFIC = re.compile(r"^\s*\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$")
_FORMULA_LITERAL = re.compile(r'^=\s*"([^"]*)"\s*$')
_MARKET_TITLE = re.compile(r"\bch(?:ợ|ơ|o)\s+(.+)$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------------
# What the reader yields


@dataclass
class Cell:
    """One cell's value as text, where it is, and the problem reading it raised (if any)."""

    text: str
    column: str
    problem: QrsignError | None = None
    severity: Literal["error", "warning"] = "error"


@dataclass
class RawRow:
    """One data row: field → :class:`Cell`, located as Excel shows it."""

    sheet: str
    row: int
    cells: dict[str, Cell]

    def get(self, field_: str) -> str:
        cell = self.cells.get(field_)
        return cell.text if cell else ""


@dataclass
class Table:
    """One sheet's vendor table: its header and a lazy iterator over its data rows."""

    sheet: str
    header_row: int
    columns: dict[str, str]  # field -> column letter
    headers: dict[str, str]  # field -> header text as typed
    title: str  # text found above the header (title rows)
    rows: Iterator[RawRow] = field(repr=False)
    skipped: dict[str, int] = field(default_factory=dict)
    #: example rows skipped (STT "Ví dụ"): (row, name typed in it)
    examples: list[tuple[int, str]] = field(default_factory=list)
    #: rows that are not vendors, as they are met: (row, reason, zone of the section or None)
    skipped_at: list[tuple[int, str, str | None]] = field(default_factory=list)
    #: warnings about rows or columns left out: (row, code, column letter or None, value)
    notices: list[tuple[int, str, str | None, str]] = field(default_factory=list)

    @property
    def market_hint(self) -> str | None:
        """A market name from the title rows or the sheet name ("DANH SÁCH … CHỢ ĐỒNG XA")."""
        for source in (self.title, self.sheet):
            for line in source.splitlines():
                m = _MARKET_TITLE.search(text.collapse(line))
                if m and m.group(1).strip(" -–:"):
                    name = m.group(1).strip(" -–:")
                    name = name.title() if name.isupper() else name
                    return f"Chợ {name}"
        return None


# --------------------------------------------------------------------------------------------------
# Entry point


def read(path: str | os.PathLike, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS, *,
         include_hidden: bool = False) -> list[Table]:
    """Open ``path`` and return its vendor tables (one per sheet that has a header).

    The format is sniffed from the bytes (:func:`qrsign.intake.sniff.sniff`), not the
    name. Raises :class:`InputError` when the file cannot be used at all. The
    tables' rows are read lazily; iterate them in order. Hidden, filtered-out
    and struck-through rows are skipped with a warning unless ``include_hidden``.
    """
    from qrsign.intake.sniff import sniff

    p = Path(path)
    kind = sniff(p, limits)
    sheets = source_sheets(p, kind, sheet, limits)
    tables: list[Table] = []
    partial: list[str] = []
    for src in sheets:
        try:
            tables.append(_table(src, limits, include_hidden=include_hidden, path=p))
        except _NoHeader as missing:
            partial = max(partial, missing.found, key=len)
    if not tables:
        raise InputError("E-SHEET-NO-HEADER", field="file", value=str(path), found=partial)
    return tables


def source_sheets(path: Path, kind: str, sheet: str | None, limits: Limits) -> list[SourceSheet]:
    """The sheets of a file of a sniffed ``kind`` as :class:`~qrsign.intake.cells.SourceSheet` objects.

    One reader module per format, in :mod:`qrsign.intake.formats`.
    """
    if kind == "xlsx":
        return xlsx_reader.sheets(path, limits, sheet)
    if kind == "csv":
        return csv_reader.sheets(path, limits)
    if kind == "xls":
        from qrsign.intake.formats import xls as reader
    elif kind == "ods":
        from qrsign.intake.formats import ods as reader  # type: ignore[no-redef]
    elif kind == "html":
        from qrsign.intake.formats import html as reader  # type: ignore[no-redef]
    elif kind == "xml2003":
        from qrsign.intake.formats import xml2003 as reader  # type: ignore[no-redef]
    else:  # pragma: no cover - sniff() only returns the kinds above
        raise InputError("E-FILE-TYPE", field="file", value=str(path))
    return pick_sheet(reader.sheets(path, limits), sheet)


def pick_sheet(sheets: list[SourceSheet], sheet: str | None, all_names: list[str] | None = None) -> list[SourceSheet]:
    """All sheets, or the one named ``sheet`` (exact name first, then without accents and case)."""
    if sheet is None:
        return sheets
    wanted = [s for s in sheets if s.name == sheet] or [s for s in sheets if text.fold(s.name) == text.fold(sheet)]
    if not wanted:
        raise InputError("E-SHEET-NOT-FOUND", field="sheet", value=sheet,
                         sheets=all_names or [s.name for s in sheets])
    return wanted[:1]




class _NoHeader(Exception):
    """A sheet without a header row; ``found`` lists the header labels it did recognise."""

    def __init__(self, found: list[str]):
        super().__init__(found)
        self.found = found


def disjoint_merges(merges: list[tuple[int, int, int, int]], columns: int, sheet: str = ""
                    ) -> list[tuple[int, int, int, int]]:
    """The merged ranges that matter, in row order; two that overlap are refused, as Excel refuses them.

    Two ranges sharing a cell have no one meaning (which first row fills the
    cell?), and Excel itself reports such a file as damaged:
    ``E-SHEET-MERGES-OVERLAP``. The same range twice overlaps too: a file with
    20,000 copies of one range is refused here, in one pass, instead of being
    filled 20,000 times over (and loaded by openpyxl's quadratic merge list
    for ``--report``). Columns are clipped to the columns read, which keeps
    the ranges open at any row below ``columns`` and the check linear in the
    number of ranges (two ranges clipped that way overlap exactly when the
    ranges do). A range of one cell merges nothing and is dropped.
    """
    ranges = sorted((r1, c1, r2, min(c2, columns)) for r1, c1, r2, c2 in merges
                    if c1 <= columns and (r2 > r1 or c2 > c1))
    open_: list[tuple[int, int, int, int]] = []  # ranges reaching the current start row: disjoint, so few
    for m in ranges:
        open_ = [o for o in open_ if o[2] >= m[0]]
        for o in open_:
            if o[1] <= m[3] and m[1] <= o[3]:
                raise InputError("E-SHEET-MERGES-OVERLAP", field="file", value=sheet, sheet=sheet,
                                 first=_ref(o), second=_ref(m))
        open_.append(m)
    return ranges


def _ref(m: tuple[int, int, int, int]) -> str:
    """(3, 2, 5, 4) → "B3:D5"."""
    return f"{text.column_letter(m[1])}{m[0]}:{text.column_letter(m[3])}{m[2]}"


class _Merges:
    """Merged ranges applied row by row: every row of a range gets the values of its first row.

    Ranges are walked in row order with a list of the active ones, so a sheet
    with thousands of merges costs one pass, not rows × merges; they are
    disjoint (:func:`disjoint_merges`), so a cell is filled from one range at most.
    """

    def __init__(self, merges: list[tuple[int, int, int, int]], columns: int, sheet: str = ""):
        self._pending = disjoint_merges(merges, columns, sheet)
        self._active: list[tuple[tuple[int, int, int, int], list[Any]]] = []
        self._columns = columns
        #: (row, 0-based column) of merges that span columns: a heading typed across the table
        self.across = {(m[0], m[1] - 1) for m in self._pending if m[3] > m[1]}

    def fill(self, srow: SourceRow) -> SourceRow:
        r = srow.row
        self._active = [(m, cells) for m, cells in self._active if m[2] >= r]
        while self._pending and self._pending[0][0] <= r:
            m = self._pending.pop(0)
            if m[2] < r:
                continue
            if m[0] == r:
                cells = [srow.cells[c - 1] if c - 1 < len(srow.cells) else None
                         for c in range(m[1], min(m[3], self._columns) + 1)]
            else:  # the range starts on a row without content: nothing to copy
                cells = []
            self._active.append((m, cells))
        if not any(m[0] < r for m, _ in self._active):
            return srow
        out = list(srow.cells)
        for m, cells in self._active:
            if m[0] == r or m[2] < r:
                continue
            for offset, cell in enumerate(cells):
                c = m[1] - 1 + offset
                while len(out) <= c:
                    out.append(None)
                if is_blank(cell_value(out[c])):
                    out[c] = cell
        return SourceRow(r, out, srow.hidden)


def _capped(rows: Iterator[SourceRow], path: Path | None, sheet: str, limits: Limits) -> Iterator[SourceRow]:
    """Rows with content, refused past the row cap (rows without content never count)."""
    count = 0
    for srow in rows:
        if not has_content(srow.cells):
            continue
        count += 1
        if count > limits.rows + limits.header_scan:
            raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path or sheet), sheet=sheet,
                             limit=limits.rows)
        if len(srow.cells) > limits.columns:
            srow = SourceRow(srow.row, srow.cells[: limits.columns], srow.hidden)
        yield srow


def _table(src: SourceSheet, limits: Limits, *, include_hidden: bool = False, path: Path | None = None) -> Table:
    """Build a :class:`Table` from a :class:`SourceSheet`.

    Raises :class:`_NoHeader` when no row in the first ``limits.header_scan``
    rows with content names the required fields.
    """
    merges = _Merges(src.merges, limits.columns, src.name)
    rows = _capped(iter(src.rows), path, src.name, limits)
    scan: list[tuple[int, list]] = []
    header = None
    for srow in rows:
        srow = merges.fill(srow)
        scan.append((srow.row, [cell_value(c) for c in srow.cells]))
        header = find_header(scan)
        if header or len(scan) >= limits.header_scan:
            break
    if header is None:
        raise _NoHeader(best_partial(scan))
    header_row, found, labels = header
    notices: list[tuple[int, str, str | None, str]] = []
    for f, idx in found.items():  # a hidden column beside a visible one of the same field: the visible one wins
        visible = [i for i in idx if i + 1 not in src.hidden_columns]
        if len(idx) > 1 and visible and len(visible) < len(idx):
            for i in idx:
                if i not in visible:
                    notices.append((header_row, "W-COLUMN-HIDDEN", _letter(i), _letter(visible[0])))
            found[f] = visible
    dup = {f: idx for f, idx in found.items() if len(idx) > 1 and f in ("name", "holder", "bank", "account", "stall")}
    if dup:
        f, idx = next(iter(dup.items()))
        raise InputError(
            "E-SHEET-DUP-HEADER", field=f, sheet=src.name, columns=[_letter(i) for i in idx], value=labels[f]
        )
    columns = {f: idx[0] for f, idx in found.items()}
    if "holder" in columns:  # the account holder's name is what banks show: it wins over "Họ tên"
        columns["name"] = columns.pop("holder")
        labels["name"] = labels.pop("holder")
    first_header = header_row - 1 if len(scan) >= 2 and not complete(fields_of(scan[-1][1])) else header_row
    title = "\n".join(" ".join(str(v) for v in vals if isinstance(v, str)) for r, vals in scan if r < first_header)
    table = Table(
        sheet=src.name,
        header_row=header_row,
        columns={f: _letter(i) for f, i in columns.items() if f in FIELDS},
        headers={f: labels[f] for f in columns if f in FIELDS},
        title=title,
        rows=iter(()),
    )
    table.notices.extend(notices)
    table.rows = _data_rows(table, columns, rows, merges, src, limits, include_hidden)
    return table


def _letter(index: int) -> str:
    """0-based column index to Excel letters (see :func:`qrsign.core.text.column_letter`)."""
    return text.column_letter(index + 1)


def _skip(table: Table, row_no: int, reason: str, zone: str | None) -> None:
    table.skipped[reason] = table.skipped.get(reason, 0) + 1
    table.skipped_at.append((row_no, reason, zone))




def _data_rows(table: Table, columns: dict[str, int], rows: Iterator[SourceRow], merges: _Merges,
               src: SourceSheet, limits: Limits, include_hidden: bool) -> Iterator[RawRow]:
    """The vendor rows of a table, its cells converted; rows that are not vendors are counted in ``table``."""
    kinds = RowKinds(columns, {text.key(v) for v in table.headers.values()}, merges.across,
                     include_hidden=include_hidden)
    for srow in rows:
        srow = merges.fill(srow)
        row_no, row = srow.row, srow.cells
        values = [cell_value(c) for c in row]
        cells_in = {f: (values[i] if i < len(values) else None) for f, i in columns.items()}
        relevant = {f: v for f, v in cells_in.items() if f in FIELDS}
        reason = kinds.kind(Row(srow, values, relevant, cells_in.get("index")))
        if reason is not None:
            _left_out(table, reason, row_no, relevant, kinds.zone)
            continue
        raw_cells = {}
        for f, v in relevant.items():
            i = columns[f]
            cell = row[i] if i < len(row) else None
            raw_cells[f] = _cell(f, v, cell, _letter(i), row_no, i + 1, src.cached or _own_cached(row), limits)
        if kinds.zone_from_headings and kinds.zone:
            raw_cells["zone"] = Cell(kinds.zone, "")
        yield RawRow(sheet=table.sheet, row=row_no, cells=raw_cells)


def _left_out(table: Table, reason: str, row_no: int, relevant: dict[str, Any], zone: str | None) -> None:
    """Count a row that is not a vendor; examples, hidden and struck rows are also remembered for a warning."""
    if reason == "blank":
        table.skipped["blank"] = table.skipped.get("blank", 0) + 1
        return
    _skip(table, row_no, reason, zone)
    name = relevant.get("name")
    if reason == "example":
        table.examples.append((row_no, text.collapse(name) if isinstance(name, str) else ""))
    elif reason in ("hidden", "struck"):
        shown = text.collapse(name) if isinstance(name, str) else str(name or "")
        table.notices.append((row_no, "W-ROW-HIDDEN" if reason == "hidden" else "W-ROW-STRUCK",
                              table.columns.get("name"), shown))



def _own_cached(row: list) -> Any:
    """A ``cached(row, col)`` for formats whose formula cells carry their stored result themselves."""
    def cached(_row_no: int, col_no: int) -> Any:
        cell = row[col_no - 1] if 0 < col_no <= len(row) else None
        return getattr(cell, "cached", None)
    return cached




# --------------------------------------------------------------------------------------------------
# Cell conversion


def _cell(f: str, value: Any, cell: Any, letter: str, row_no: int, col_no: int, cached, limits: Limits) -> Cell:
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        formula = str(value)
        stored = cached(row_no, col_no) if cached else None
        looked_up = re.search(r"\b(?:[VHX]?LOOKUP|INDEX|MATCH|IFERROR|IFNA|FILTER)\s*\(", formula, re.IGNORECASE)
        if f in ("account", "card") and (stored == "" or (stored is None and looked_up) or (
                isinstance(stored, (int, float)) and stored == 0 and not isinstance(stored, bool))):
            # =VLOOKUP(…) / IFERROR(…, "") that found nothing: never an account "0" or a blank
            return _bad(letter, InvalidFormat("E-ACCOUNT-LOOKUP-EMPTY", field=f, value=formula[:60],
                                              result="" if stored is None else str(stored)))
        if stored is None:
            literal = _FORMULA_LITERAL.match(formula)
            if literal:
                value = literal.group(1)
            else:
                return _bad(letter, InvalidFormat("E-CELL-FORMULA", field=f, value=formula[:60]))
        else:
            value = stored
    if data_type == "e" or (isinstance(value, str) and value in ERROR_TEXTS):
        return _bad(letter, InvalidFormat("E-CELL-ERROR", field=f, value=str(value)))
    if value is None:
        return Cell("", letter)
    if isinstance(value, bool):
        return Cell(str(value).upper(), letter)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _bad(letter, InvalidFormat("E-CELL-DATE", field=f, value=_show_date(value)))
    if isinstance(value, (int, float)):
        fmt = getattr(cell, "number_format", "General") or "General"
        return _number(f, value, fmt, letter)
    s = str(value)
    if len(s) > limits.cell_chars:
        return _bad(letter, InvalidLength("E-TEXT-LEN", field=f, value=s[:40] + "…", limit=limits.cell_chars,
                                          length=len(s)))
    if f == "payload":  # drawn byte for byte: no NFC, no quote handling (issue 14)
        return Cell(s.strip(), letter)
    s = text.nfc(s).replace("\ufeff", "")  # a byte-order mark pasted with the text is invisible: dropped
    if s.startswith("'") and s[1:].lstrip(" ").startswith(text.FORMULA_TRIGGERS):
        s = s[1:]  # the quote qrsign's own report put before "=", "+", "-", "@": the value is what follows
    if f in ("account", "card") and _SCIENTIFIC.match(s):
        return _bad(letter, InvalidFormat("E-ACCOUNT-SCIENTIFIC", field=f, value=s.strip()))
    return Cell(s, letter)


def _bad(letter: str, err: QrsignError) -> Cell:
    return Cell("", letter, err, "error")


def _show_date(value) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _number(f: str, value: int | float, fmt: str, letter: str) -> Cell:
    """A numeric cell as text; accounts and phones get the leading-zero and lost-digit checks."""
    if isinstance(value, float):
        if not value.is_integer():
            if f in ("account", "card"):
                return _bad(letter, InvalidFormat("E-ACCOUNT-DECIMAL", field=f, value=repr(value)))
            return Cell(repr(value), letter)
        if abs(value) >= 1e15 and f in ("account", "card"):
            return _bad(letter, InvalidFormat("E-ACCOUNT-DIGITS-LOST", field=f, value=f"{value:.15g}"))
        value = int(value)
    digits = str(value)
    if f in ("account", "card"):
        if abs(value) >= 10**15:
            return _bad(letter, InvalidFormat("E-ACCOUNT-DIGITS-LOST", field=f, value=digits))
        shown = account.format_digits(int(value), fmt)
        if shown is not None and shown != digits:
            # a custom format such as "0000 0000 00000" shows the zeros Excel does not store
            return Cell(shown, letter, DataError("W-ACCOUNT-ZEROS-RESTORED", field=f, value=shown, format=fmt),
                        "warning")
        return Cell(digits, letter, DataError("W-ACCOUNT-NUMBER", field=f, value=digits), "warning")
    if f == "phone" and len(digits) == 9 and digits[0] in "35789":
        return Cell("0" + digits, letter)  # Vietnamese mobile numbers are 10 digits starting with 0
    return Cell(digits, letter)

