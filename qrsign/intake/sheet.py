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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qrsign.core import account, banks, text
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
from qrsign.intake.headers import (
    FIELDS,
    NO_OVERRIDES,
    REQUIRED,
    Overrides,
    best_partial,
    complete,
    fields_of,
    find_header,
    header_field,
    looks_like_vendors,
    missing,
)
from qrsign.intake.limits import DEFAULT_LIMITS, Limits, check_zip
from qrsign.intake.rows import Row, RowKinds, is_blank, test_cell

__all__ = [
    "DEFAULT_LIMITS", "FIELDS", "REQUIRED", "Cell", "Limits", "RawRow", "Table", "check_zip", "csv_rows",
    "Tables", "header_field", "open_workbook", "pick_sheet", "read", "source_sheets",
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
    #: what each column of the header row was read as: (column letter, header as typed, field or None)
    mapping: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: blank rows between the header and the end of the table
    blank_rows: list[int] = field(default_factory=list)
    #: warnings with parameters about rows left out: (row, code, field, column letter or None, value, params)
    findings: list[tuple[int, str, str, str | None, str, dict[str, Any]]] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """What was read from this sheet, for ``check`` to show: header row, columns → fields, rows left out.

        Complete once :attr:`rows` has been read to the end.
        """
        skipped: dict[str, list[int]] = {}
        for row_no, reason, _zone in self.skipped_at:
            skipped.setdefault(ROW_KINDS.get(reason, reason), []).append(row_no)
        if self.blank_rows:
            skipped["blank"] = list(self.blank_rows)
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": [{"column": c, "header": h, "field": f} for c, h, f in self.mapping if f],
            "ignored": [{"column": c, "header": h} for c, h, f in self.mapping if not f],
            "skipped_rows": {k: sorted(v) for k, v in sorted(skipped.items(), key=lambda kv: _kind_order(kv[0]))},
        }

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


#: The keys of ``skipped_rows`` in :meth:`Table.record`, by the reason the row rules give.
ROW_KINDS = {"signature": "footers", "section": "sections", "header": "headers", "example": "examples",
             "left": "left_market", "totals": "totals", "hidden": "hidden", "struck": "struck", "blank": "blank",
             "test": "test_responses", "superseded": "superseded"}
_KIND_ORDER = ("totals", "sections", "footers", "headers", "hidden", "struck", "left_market", "examples",
               "test_responses", "superseded", "blank")


def _kind_order(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


class Tables(list[Table]):
    """The tables of a file (a list), and the sheets that hold vendor-like data but could not be read."""

    def __init__(self, tables: list[Table] = (), not_read: list[dict[str, Any]] | None = None) -> None:  # type: ignore[assignment]
        super().__init__(tables)
        #: {"sheet", "reason", "headers", "missing"} for every sheet left unread that seems to list vendors
        self.not_read: list[dict[str, Any]] = not_read or []


# --------------------------------------------------------------------------------------------------
# Entry point


def read(path: str | os.PathLike, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS, *,
         include_hidden: bool = False, columns: Mapping[str, str | None] | None = None) -> Tables:
    """Open ``path`` and return its vendor tables (one per sheet that has a header).

    The format is sniffed from the bytes (:func:`qrsign.intake.sniff.sniff`), not the
    name. Raises :class:`InputError` when the file cannot be used at all. The
    tables' rows are read lazily; iterate them in order. Hidden, filtered-out
    and struck-through rows are skipped with a warning unless ``include_hidden``.
    ``columns`` corrects the header matching without editing the file: a header
    text or a column letter (``"Sheet!E"`` for one sheet) → a field
    (``{"Tên trên app": "holder", "G": None}``; None or ``"ignore"``: not read); a
    header or field that does not exist is an :class:`InputError`. A sheet that names two
    vendor fields in a row but has no complete header row is listed in
    ``Tables.not_read`` (reason ``no_header``), never dropped silently; other sheets
    with content and no header are listed too (reason ``not_a_list``).
    """
    from qrsign.intake.sniff import sniff

    overrides = Overrides(columns)
    p = Path(path)
    kind = sniff(p, limits)
    sheets = source_sheets(p, kind, sheet, limits)
    tables = Tables()
    partial: list[str] = []
    headers_seen: list[str] = []
    for src in sheets:
        try:
            tables.append(_table(src, limits, include_hidden=include_hidden, path=p,
                                 overrides=overrides.for_sheet(src.name)))
            headers_seen += [h for _c, h, _f in tables[-1].mapping]
        except _NoHeader as no_header:
            partial = max(partial, no_header.found, key=len)
            headers_seen += no_header.labels
            if looks_like_vendors(no_header.found):
                tables.not_read.append({"sheet": src.name, "reason": "no_header", "headers": no_header.labels,
                                        "missing": missing(no_header.found)})
            elif no_header.labels:  # a summary, a bank list, instructions: said, not an error
                tables.not_read.append({"sheet": src.name, "reason": "not_a_list", "headers": no_header.labels,
                                        "missing": missing(no_header.found)})
    for name in getattr(sheets, "hidden", ()):  # put away in the file: not read, and said
        tables.not_read.append({"sheet": name, "reason": "hidden", "headers": [], "missing": []})
    unknown = overrides.unused()
    if unknown:
        raise InputError("E-COLUMN-NOT-FOUND", field="column", value=unknown[0],
                         headers=list(dict.fromkeys(headers_seen)))
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
    """A sheet without a header row; ``found`` lists the header labels it did recognise, ``labels`` every label
    of that row."""

    def __init__(self, found: list[str], labels: list[str]):
        super().__init__(found)
        self.found = found
        self.labels = labels


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


def _table(src: SourceSheet, limits: Limits, *, include_hidden: bool = False, path: Path | None = None,
           overrides: Overrides = NO_OVERRIDES) -> Table:
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
        header = find_header(scan, overrides)
        if header or len(scan) >= limits.header_scan:
            break
    if header is None:
        for _r, values in scan:  # a --column naming a header of this sheet was not a typo
            overrides.mark_used(values)
        raise _NoHeader(*best_partial(scan, overrides))
    header_row, found, header_cells = header
    overrides.mark_used(header_cells)
    labels = {f: _label(header_cells, idx[0]) for f, idx in found.items()}
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
    if "holder" in columns and "name" not in columns:  # the account holder's column alone is the name
        columns["name"] = columns.pop("holder")
        labels["name"] = labels.pop("holder")
    first_header = header_row - 1 if len(scan) >= 2 and not complete(fields_of(scan[-1][1], overrides)) \
        else header_row
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
    by_index = {i: f for f, i in columns.items()}
    table.mapping = [(_letter(i), _label(header_cells, i), by_index.get(i))
                     for i in sorted(set(by_index) | {i for i, v in enumerate(header_cells) if not is_blank(v)})]
    table.rows = _data_rows(table, columns, rows, merges, src, limits, include_hidden)
    return table


def _label(cells: list[Any], i: int) -> str:
    """A header cell as typed (one line), or "" for a column told by its letter past the header's last cell."""
    return text.collapse(str(cells[i])) if i < len(cells) and cells[i] is not None else ""


def _letter(index: int) -> str:
    """0-based column index to Excel letters (see :func:`qrsign.core.text.column_letter`)."""
    return text.column_letter(index + 1)


def _skip(table: Table, row_no: int, reason: str, zone: str | None) -> None:
    table.skipped[reason] = table.skipped.get(reason, 0) + 1
    table.skipped_at.append((row_no, reason, zone))




def _data_rows(table: Table, columns: dict[str, int], rows: Iterator[SourceRow], merges: _Merges,
               src: SourceSheet, limits: Limits, include_hidden: bool) -> Iterator[RawRow]:
    """The vendor rows of a table, its cells converted; rows that are not vendors are counted in ``table``."""
    out = _rows_of(table, columns, rows, merges, src, limits, include_hidden)
    return _latest_responses(table, out) if "timestamp" in columns else out


def _rows_of(table: Table, columns: dict[str, int], rows: Iterator[SourceRow], merges: _Merges,
             src: SourceSheet, limits: Limits, include_hidden: bool) -> Iterator[RawRow]:
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
        table.blank_rows.append(row_no)
        return
    _skip(table, row_no, reason, zone)
    name = relevant.get("name")
    if reason == "example":
        table.examples.append((row_no, text.collapse(name) if isinstance(name, str) else ""))
    elif reason in ("hidden", "struck"):
        shown = text.collapse(name) if isinstance(name, str) else str(name or "")
        table.notices.append((row_no, "W-ROW-HIDDEN" if reason == "hidden" else "W-ROW-STRUCK",
                              table.columns.get("name"), shown))
    elif reason == "test":
        said = test_cell(relevant)
        if said is not None:
            table.findings.append((row_no, "W-FORM-TEST", said[0], table.columns.get(said[0]), said[1], {}))


# --------------------------------------------------------------------------------------------------
# Form exports: a later response from the same person for the same stall and bank supersedes the earlier one


def _latest_responses(table: Table, rows: Iterator[RawRow]) -> Iterator[RawRow]:
    """The rows of a form export, each person's stall-and-bank answered once: the latest response.

    A corrected resubmission comes later in the list (or carries the later
    timestamp); the earlier one is left out with a warning naming both rows
    and what will print, so one vendor never gets two signs silently. The
    rows are read whole first (a form's responses are few).
    """
    kept: dict[tuple[str, str, str], RawRow] = {}
    order: list[RawRow] = []
    for raw in rows:
        order.append(raw)
        key = _response_key(raw)
        if key is None:
            continue
        earlier = kept.get(key)
        if earlier is None:
            kept[key] = raw
            continue
        old, new = (earlier, raw) if not _answered_before(raw, earlier) else (raw, earlier)
        kept[key] = new
        _supersede(table, old, new)
    dropped = {row for row, reason, _ in table.skipped_at if reason == "superseded"}
    for raw in order:
        if raw.row not in dropped:
            yield raw


def _response_key(raw: RawRow) -> tuple[str, str, str] | None:
    """Who answered, for which stall and bank: (name, stall, bank) as keys, or None without a name."""
    who = text.key(raw.get("holder") or raw.get("name"))
    if not who:
        return None
    typed = raw.get("bank")
    try:
        bank = banks.find(typed).bin if typed.strip() else ""
    except QrsignError:
        bank = text.key(typed)
    return who, text.key(raw.get("stall")), bank


def _answered_before(a: RawRow, b: RawRow) -> bool:
    """Whether response ``a`` was sent before ``b``: by their timestamps when both read, else by row order."""
    ta, tb = _timestamp(a.get("timestamp")), _timestamp(b.get("timestamp"))
    if ta is not None and tb is not None and ta != tb:
        return ta < tb
    return a.row < b.row


_STAMP_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def _timestamp(value: str) -> dt.datetime | None:
    value = text.collapse(value)
    for fmt in _STAMP_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
    return None


def _supersede(table: Table, old: RawRow, new: RawRow) -> None:
    _skip(table, old.row, "superseded", None)
    table.findings.append((old.row, "W-FORM-SUPERSEDED", "account", table.columns.get("account"),
                           old.get("account").strip() or old.get("card").strip(),
                           {"later": new.row, "account": new.get("account").strip() or new.get("card").strip()}))



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
        if f == "timestamp":  # a form's timestamp is a date and time, as it should be
            return Cell(value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, dt.datetime) else str(value),
                        letter)
        return _bad(letter, InvalidFormat("E-CELL-DATE", field=f, value=_show_date(value)))
    if isinstance(value, (int, float)):
        try:
            fmt = getattr(cell, "number_format", "General") or "General"
        except (IndexError, KeyError, TypeError):  # a style id past the workbook's style table (a damaged file)
            return _bad(letter, InvalidFormat("E-CELL-STYLE", field=f, value=str(value)))
        return _number(f, value, fmt, letter)
    s = str(value)
    if len(s) > limits.cell_chars:
        return _bad(letter, InvalidLength("E-TEXT-LEN", field=f, value=s[:40] + "…", limit=limits.cell_chars,
                                          length=len(s)))
    if f == "payload":  # drawn byte for byte: no NFC, no quote handling; paste noise is the payload check's
        return Cell(s if s.strip() else "", letter)
    s = text.nfc(s).replace("\ufeff", "")  # a byte-order mark pasted with the text is invisible: dropped
    if s.startswith("'") and (s[1:].lstrip(" ").startswith(text.FORMULA_TRIGGERS) or s[1:2].isdigit()):
        # Excel's text mark before digits ('0011…, kept by a CSV export), or the quote qrsign's own report put
        # before "=", "+", "-", "@": the value is what follows, as Excel shows it
        s = s[1:]
    if f in ("account", "card") and _SCIENTIFIC.match(s):
        return _bad(letter, InvalidFormat("E-ACCOUNT-SCIENTIFIC", field=f, value=s.strip()))
    return Cell(s, letter)


def _bad(letter: str, err: QrsignError) -> Cell:
    return Cell("", letter, err, "error")


def _show_date(value) -> str:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()
    if isinstance(value, dt.date):
        return text.show_date(value)
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

