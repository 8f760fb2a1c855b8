"""Excel 2007+ ``.xlsx`` / ``.xlsm``: the usual file read directly, any other streamed with openpyxl.

The usual file (strings, numbers, plain styles) is read by
:mod:`qrsign.intake.formats.xlsx_fast`, which gives the same cells without
loading openpyxl; what it does not read as openpyxl does comes here: the
whole file (a workbook part it does not copy), or a sheet from the row where
its stream hands over (a formula, a date…).

Why openpyxl in read-only mode: a province's list is never held in memory. What
that mode hides (hidden rows and columns, merged ranges) is taken from a pattern
scan of the sheet's XML (:func:`layout_of`); a formula's stored result comes from a
second, lazily opened ``data_only`` pass (:class:`_CachedValues`), so a formula
without a stored value is still noticed. The zip directory is checked
(:func:`~qrsign.intake.limits.check_zip`) before openpyxl sees the file, and
openpyxl is used only with defusedxml.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qrsign import _compat
from qrsign.core import text
from qrsign.errors import InputError, QrsignError
from qrsign.intake.cells import SheetList, SourceRow, SourceSheet, has_content
from qrsign.intake.limits import DEFAULT_LIMITS, ZIP_ERRORS, Limits, check_zip, workbook_error


def _openpyxl():
    openpyxl = _compat.import_openpyxl()
    if not openpyxl.DEFUSEDXML:
        raise InputError("E-SHEET-UNSAFE-PARSER", field="file")
    return openpyxl


def _load(openpyxl, path: Path, data_only: bool, read_only: bool = True):
    try:
        # a file object, not the name: openpyxl refuses an .xlsx renamed .xls by its name alone
        source = path if path.suffix.lower() in (".xlsx", ".xlsm") else io.BytesIO(path.read_bytes())
        with _compat.fast_dimensions(), _compat.plain_strings():  # only while the workbook is opened
            wb = openpyxl.load_workbook(source, read_only=read_only, data_only=data_only, keep_links=False)
    except QrsignError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files; one message for all
        raise workbook_error(path, exc) from None
    if read_only:
        _whole_sheets(wb)
    return wb


def _whole_sheets(wb: Any) -> None:
    """Make every streamed sheet read to its last row, and each row to its last cell, whatever its
    ``<dimension>`` element says.

    In streaming mode openpyxl stops at the last row and column that element
    names. Excel ignores it, and some exporters write it wrong (``A1``, or the
    size the sheet had before rows were added): a list of 21 vendors was read
    as its first six, with no error. The sheet's own cells are what counts.
    """
    for ws in wb.worksheets:
        reset = getattr(ws, "reset_dimensions", None)
        if callable(reset):
            reset()


def sheets(path: Path, limits: Limits, sheet: str | None = None) -> list[SourceSheet]:
    """The visible sheets of a workbook, or the one named ``sheet`` (exact name first, then without accents)."""
    check_zip(path, limits)
    fast = fast_sheets(path, limits, sheet)
    if fast is not None:
        return fast
    openpyxl = _openpyxl()
    wb = _load(openpyxl, path, data_only=False)
    try:
        names = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
        hidden = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") != "visible"]
    except Exception as exc:
        raise workbook_error(path, exc) from None
    if sheet is not None:
        wanted = [n for n in wb.sheetnames if n == sheet] or [
            n for n in wb.sheetnames if text.fold(n) == text.fold(sheet)
        ]
        if not wanted:
            raise InputError("E-SHEET-NOT-FOUND", field="sheet", value=sheet, sheets=wb.sheetnames)
        names, hidden = wanted[:1], []  # the sheet asked for is read, hidden or not
    cached = _CachedValues(openpyxl, path)
    out = []
    for name in names:
        ws = wb[name]
        layout = _layout(path, _compat.worksheet_member(ws, path), limits)
        out.append(_source_sheet(path, name, _compat.plain_string_rows(ws.iter_rows()), layout, cached, limits))
    return SheetList(out, hidden)


def fast_sheets(path: Path, limits: Limits, sheet: str | None = None) -> SheetList | None:
    """:func:`sheets` read by :mod:`.xlsx_fast`, without openpyxl, or None when it is off or not sure of the file."""
    from qrsign.intake.formats import xlsx_fast

    if not xlsx_fast.enabled():
        return None
    got = xlsx_fast.read(path, functools.partial(_openpyxl_rows, path), sheet)
    if got is None:
        return None
    found, hidden = got
    cached = _CachedValues(None, path)  # a formula's value, should openpyxl take a stream over
    out = []
    for name, data, rows in found:
        out.append(_source_sheet(path, name, rows, layout_of(data, limits), cached, limits))
    return SheetList(out, hidden)


def _source_sheet(path: Path, name: str, rows: Iterator[Any], layout: Layout, cached: _CachedValues,
                  limits: Limits) -> SourceSheet:
    """One sheet's rows with content (read by openpyxl or :mod:`.xlsx_fast`, alike), its layout and formulas'
    stored values."""
    hidden_rows, hidden_cols, merges = layout
    return SourceSheet(name, content_rows(guarded_rows(path, rows, name, limits), hidden_rows), merges, hidden_cols,
                       functools.partial(_cached_in, cached, name), kind="xlsx")


def _openpyxl_rows(path: Path, sheet: str, skip: int) -> Iterator[Any]:
    """openpyxl's rows of ``sheet`` after its first ``skip`` (where a :mod:`.xlsx_fast` stream handed over);
    the workbook is opened when the first row is asked for."""
    wb = _load(_openpyxl(), path, data_only=False)
    yield from itertools.islice(_compat.plain_string_rows(wb[sheet].iter_rows()), skip, None)


def _cached_in(cached: _CachedValues, sheet: str, row: int, col: int) -> Any:
    return cached.value(sheet, row, col)


def content_rows(rows: Iterator, hidden: set[int]) -> Iterator[SourceRow]:
    """openpyxl's rows (or :mod:`.xlsx_fast`'s, alike) with content as :class:`SourceRow` objects (empty rows
    are dropped, not counted)."""
    for row in rows:
        if not has_content(row):
            continue
        row_no = next((c.row for c in row if getattr(c, "row", None)), None)
        if row_no is None:  # pragma: no cover - a cell with a value always knows its row
            continue
        yield SourceRow(row_no, list(row), row_no in hidden)


_XML_ROW_HIDDEN = re.compile(rb"<(?:\w+:)?row\s[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_XML_ROW_NUMBER = re.compile(rb"\sr=\"(\d+)\"")
_XML_COL = re.compile(rb"<(?:\w+:)?col\s[^>]*>")
_XML_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\"")
_XML_ATTR = re.compile(rb"\b(min|max|hidden)=\"([^\"]*)\"")
#: merged ranges kept per sheet; more are ignored (a real list has a few hundred)
MAX_MERGES = 20_000
#: what openpyxl's streaming mode does not give: hidden rows, hidden columns, merged ranges (:func:`layout_of`)
Layout = tuple[set[int], frozenset[int], list[tuple[int, int, int, int]]]


def _layout(path: Path, member: str | None, limits: Limits) -> Layout:
    """Hidden rows, hidden columns and merged ranges of one sheet, which openpyxl's streaming mode does not give.

    A pattern scan over the sheet's XML bytes, not an XML parse: it expands
    nothing, and markup cannot occur inside text (``<`` is always escaped
    there). The member's size is already capped by :func:`check_zip`.
    """
    if not member:
        return set(), frozenset(), []
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(member.lstrip("/"))
    except ZIP_ERRORS:
        return set(), frozenset(), []  # openpyxl meets the same damage and raises its typed error
    return layout_of(data, limits)


def layout_of(data: bytes, limits: Limits) -> Layout:
    """:func:`_layout` of a sheet's XML bytes."""
    hidden_rows = set()
    for m in _XML_ROW_HIDDEN.finditer(data):
        r = _XML_ROW_NUMBER.search(m.group(0))
        if r:
            hidden_rows.add(int(r.group(1)))
    hidden_cols: set[int] = set()
    for m in _XML_COL.finditer(data):
        attrs = {k: v for k, v in _XML_ATTR.findall(m.group(0))}
        if attrs.get(b"hidden") in (b"1", b"true") and attrs.get(b"min", b"").isdigit():
            lo = int(attrs[b"min"])
            hi = int(attrs[b"max"]) if attrs.get(b"max", b"").isdigit() else lo
            hidden_cols.update(range(lo, min(hi, limits.columns) + 1))
    merges: list[tuple[int, int, int, int]] = []
    for m in _XML_MERGE.finditer(data):
        if len(merges) >= MAX_MERGES:
            break
        merges.append(_range(*m.groups()))
    return hidden_rows, frozenset(hidden_cols), merges


def _range(col1: bytes, row1: bytes, col2: bytes | None, row2: bytes | None) -> tuple[int, int, int, int]:
    """The parts of ``"B3:D5"`` → (3, 2, 5, 4): (min_row, min_col, max_row, max_col); one cell ``"B3"`` → (3, 2, 3, 2).

    The pattern that found them allows only A-ZZZ and up to 7 digits, as
    openpyxl's ``range_boundaries`` reads them (without loading openpyxl).
    A sheet may hold 20,000 ranges (:data:`MAX_MERGES`), so the letters of a
    column are read once (:func:`_column`): this is a per-range cost.
    """
    if col2 is None or row2 is None:
        col2, row2 = col1, row1
    return int(row1), _column(col1), int(row2), _column(col2)


@functools.cache
def _column(letters: bytes) -> int:
    """:func:`text.column_index` of up to three capital letters (at most 18,278 of them: the cache is bounded)."""
    return text.column_index(letters.decode("ascii"))


def open_workbook(path: str | os.PathLike, *, data_only: bool = False, read_only: bool = True,
                  limits: Limits = DEFAULT_LIMITS):
    """Open an untrusted workbook with the same guards :func:`read` uses, for modules that write copies.

    Zip-bomb check first, openpyxl only with defusedxml, external links
    dropped, and every openpyxl failure turned into a typed :class:`InputError`.
    ``read_only=False`` loads the whole workbook into memory so it can be edited
    and saved (the error report does that); :func:`read` itself streams.
    """
    p = Path(path)
    check_zip(p, limits)
    return _load(_openpyxl(), p, data_only, read_only)


def guarded_rows(path: Path, rows, sheet: str, limits: Limits):
    """openpyxl rows, with parse errors turned into typed input errors and the row cap applied to rows with content."""
    count = 0
    try:
        for row in rows:
            if not has_content(row):  # a stray cell far below the data makes empty rows, not data
                yield row
                continue
            count += 1
            if count > limits.rows + limits.header_scan:
                raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path), sheet=sheet,
                                 limit=limits.rows)
            yield row[: limits.columns]
    except QrsignError:
        raise
    except Exception as exc:
        raise workbook_error(path, exc) from None


class _CachedValues:
    """Stored results of formula cells, read from a second, lazily opened pass over the workbook.

    The main pass reads formulas as formulas (so a formula without a stored
    value is noticed); only when one is met does this open the workbook with
    ``data_only=True`` and walk the same sheet forward to that row.
    """

    def __init__(self, openpyxl: Any, path: Path):
        self._openpyxl, self._path = openpyxl, path  # openpyxl None: imported when first needed
        self._wb: Any = None
        self._iters: dict[str, Any] = {}
        self._current: dict[str, tuple[int, tuple]] = {}

    def value(self, sheet: str, row: int, column: int) -> Any:
        if self._wb is None:
            self._wb = _load(self._openpyxl or _openpyxl(), self._path, data_only=True)
        it = self._iters.setdefault(sheet, iter(self._wb[sheet].iter_rows()))
        current = self._current.get(sheet)
        while current is None or current[0] < row:
            try:
                cells = next(it)
            except StopIteration:
                return None
            r = next((c.row for c in cells if getattr(c, "row", None)), None)
            if r is None:
                continue
            current = (r, cells)
            self._current[sheet] = current
        if current[0] != row:
            return None
        for c in current[1]:
            if getattr(c, "column", None) == column:
                return c.value
        return None

