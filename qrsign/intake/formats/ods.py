"""LibreOffice / OpenDocument ``.ods`` spreadsheets, read from ``content.xml`` with defusedxml.

Why not odfpy or pyexcel-ods3 (both in the package lists): odfpy builds the
whole document tree in memory with its own parser, and pyexcel-ods3 (through
ezodf/lxml) gives values only — neither gives us struck fonts, hidden and
filtered rows, hidden columns and number formats together, and neither parses
through defusedxml. ``content.xml`` is small and documented (ODF 1.2 part 1,
§9 tables), so one streaming pass with ``defusedxml.ElementTree.iterparse``
reads everything we need, refuses entity tricks like the xlsx path does, and
adds no dependency.

Caps: the zip directory check of :func:`qrsign.intake.check_zip` first; rows
repeated with content stop at the row cap, repeated empty rows and columns
(LibreOffice writes ``number-rows-repeated="1048000"`` at the end of every
sheet) are skipped, not expanded.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign.errors import InputError, QrsignError
from qrsign.intake.cells import SheetList, SourceCell, SourceRow, SourceSheet, has_content
from qrsign.intake.limits import check_zip, workbook_error

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_S = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_N = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"


def sheets(path: Path, limits) -> list[SourceSheet]:
    """Every table of the spreadsheet, each as a :class:`SourceSheet`."""
    from defusedxml.ElementTree import iterparse

    check_zip(path, limits)
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            return _parse(iterparse(fh, events=("start", "end")), path, limits)
    except QrsignError:
        raise
    except KeyError:
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail="no content.xml") from None
    except Exception as exc:  # ParseError, EntitiesForbidden, zlib errors: typed like the xlsx path
        raise workbook_error(path, exc) from None


def _parse(events: Any, path: Path, limits) -> list[SourceSheet]:
    """One streaming pass: styles come before the tables in ``content.xml``, so each element is handled at
    its end event by the :class:`_Reader` method for its tag, and cleared when it is no longer needed."""
    reader = _Reader(path, limits)
    for event, el in events:
        if event == "start":
            if el.tag == _T + "table":
                reader.start_table(el)
            continue
        handler = _END_HANDLERS.get(el.tag)
        if handler is not None:
            handler(reader, el)
    return SheetList(reader.out, reader.hidden_names)


@dataclass
class _Reader:
    """What the pass has learned so far: the styles (for every table) and the table being read."""

    path: Path
    limits: Any
    struck_styles: set[str] = field(default_factory=set)
    hidden_tables: set[str] = field(default_factory=set)  # table styles of hidden sheets
    hidden_names: list[str] = field(default_factory=list)  # the hidden sheets met, by name
    data_style_of: dict[str, str] = field(default_factory=dict)  # cell style → data style name
    formats: dict[str, str] = field(default_factory=dict)  # data style name → an Excel-like format ("0000000000")
    out: list[SourceSheet] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_cols: set[int] = field(default_factory=set)
    name: str = ""
    row_no: int = 0
    col_no: int = 0  # next column (1-based) while reading table-column elements
    content_rows: int = 0

    @property
    def cap(self) -> int:
        return self.limits.rows + self.limits.header_scan

    def start_table(self, el: Any) -> None:
        """A new sheet: its name, and nothing read of it yet."""
        self.name = el.get(_T + "name", "Sheet")
        self.rows, self.merges, self.hidden_cols, self.row_no, self.col_no = [], [], set(), 0, 0

    def style(self, el: Any) -> None:
        """A style: struck text, a hidden sheet, or the data style (number format) a cell style points to."""
        style = el.get(_S + "name", "")
        props = el.find(_S + "text-properties")
        if props is not None and props.get(_S + "text-line-through-style", "none") not in ("none", ""):
            self.struck_styles.add(style)
        table_props = el.find(_S + "table-properties")
        if table_props is not None and table_props.get(_T + "display", "true") == "false":
            self.hidden_tables.add(style)
        if el.get(_S + "data-style-name"):
            self.data_style_of[style] = el.get(_S + "data-style-name", "")
        el.clear()

    def number_style(self, el: Any) -> None:
        """A number format with leading zeros and no decimals ("0000000000"), kept as its Excel form."""
        number = el.find(_N + "number")
        if number is not None:
            digits = number.get(_N + "min-integer-digits", "1")
            decimals = number.get(_N + "decimal-places", "0")
            if digits.isdigit() and decimals == "0" and 1 < int(digits) <= 30:
                self.formats[el.get(_S + "name", "")] = "0" * int(digits)
        el.clear()

    def table_column(self, el: Any) -> None:
        """Hidden columns are remembered (within the column cap); repeats are counted, never expanded."""
        repeat = _int(el.get(_T + "number-columns-repeated"), 1)
        if el.get(_T + "visibility", "visible") != "visible":
            self.hidden_cols.update(range(self.col_no + 1, min(self.col_no + repeat, self.limits.columns) + 1))
        self.col_no = min(self.col_no + repeat, 1_000_000)

    def table_row(self, el: Any) -> None:
        """A row with content is kept (once per repeat, up to the row cap); empty repeats are skipped."""
        repeat = _int(el.get(_T + "number-rows-repeated"), 1)
        hidden = el.get(_T + "visibility", "visible") != "visible"
        cells = _row_cells(el, self.row_no + 1, self.merges, self.struck_styles, self.data_style_of, self.formats,
                           self.limits)
        if has_content(cells):
            for k in range(min(repeat, self.cap + 1)):
                self._count_content_row()
                self.rows.append(SourceRow(self.row_no + 1 + k, cells, hidden))
        self.row_no += repeat
        el.clear()

    def _count_content_row(self) -> None:
        """The row cap: a sheet with more rows than qrsign reads is refused, not cut short silently."""
        self.content_rows += 1
        if self.content_rows > self.cap:
            raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(self.path), sheet=self.name,
                             limit=self.limits.rows)

    def end_table(self, el: Any) -> None:
        """The sheet is done; a hidden sheet is not read, as in xlsx."""
        if el.get(_T + "style-name", "") not in self.hidden_tables:
            self.out.append(SourceSheet(self.name, iter(self.rows), self.merges[:20_000], frozenset(self.hidden_cols),
                                        kind="ods"))
        else:
            self.hidden_names.append(self.name)
        self.content_rows = 0
        el.clear()


#: End-event handlers by tag; other elements (cells, text) are read through their row.
_END_HANDLERS = {
    _S + "style": _Reader.style,
    _N + "number-style": _Reader.number_style,
    _T + "table-column": _Reader.table_column,
    _T + "table-row": _Reader.table_row,
    _T + "table": _Reader.end_table,
}


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


def _row_cells(row: Any, row_no: int, merges: list, struck_styles: set[str], data_style_of: dict[str, str],
               formats: dict[str, str], limits) -> list[Any]:
    cells: list[Any] = []
    col = 0
    for el in row:
        if col >= limits.columns:
            break
        if el.tag not in (_T + "table-cell", _T + "covered-table-cell"):
            continue
        repeat = _int(el.get(_T + "number-columns-repeated"), 1)
        cell = _cell(el, struck_styles, data_style_of, formats, limits) if el.tag == _T + "table-cell" else None
        span_c = _int(el.get(_T + "number-columns-spanned"), 1)
        span_r = _int(el.get(_T + "number-rows-spanned"), 1)
        if cell is not None and (span_c > 1 or span_r > 1) and len(merges) < 20_000:
            merges.append((row_no, col + 1, row_no + span_r - 1, col + span_c))
        if cell is None or not has_content([cell]):
            cells.extend([None] * min(repeat, limits.columns - col))
        else:
            cells.extend([cell] * min(repeat, limits.columns - col))
        col += repeat
    while cells and cells[-1] is None:
        cells.pop()
    return cells


def _text(el: Any, limit: int) -> str:
    """A cell's text: its paragraphs joined by line breaks, ``text:s`` spaces and tabs kept."""
    parts: list[str] = []
    size = 0

    def walk(node: Any) -> None:
        nonlocal size
        if size > limit:
            return
        if node.tag == _TX + "s":
            parts.append(" " * min(_int(node.get(_TX + "c"), 1), 100))
        elif node.tag == _TX + "tab":
            parts.append("\t")
        elif node.tag == _TX + "line-break":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
            size += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                size += len(child.tail)

    paragraphs = []
    for p in el.iter(_TX + "p"):
        parts = []
        walk(p)
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _cell(el: Any, struck_styles: set[str], data_style_of: dict[str, str], formats: dict[str, str],
          limits) -> SourceCell | None:
    style = el.get(_T + "style-name", "")
    struck = style in struck_styles
    fmt = formats.get(data_style_of.get(style, ""), "General")
    kind = el.get(_O + "value-type")
    shown = _text(el, limits.cell_chars * 2)
    value: Any
    data_type = "s"
    if kind in ("float", "percentage", "currency"):
        raw = el.get(_O + "value", "")
        try:
            number = float(raw)
            value, data_type = (int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower()
                                else number), "n"
        except ValueError:
            value = shown
    elif kind == "date":
        raw = el.get(_O + "date-value", "")
        try:
            value, data_type = dt.datetime.fromisoformat(raw), "d"
        except ValueError:
            value = shown
    elif kind == "boolean":
        value, data_type = el.get(_O + "boolean-value", "false") == "true", "b"
    elif kind is None:
        value = shown or None
    else:  # string, time: the text as shown
        value = shown
    formula = el.get(_T + "formula")
    if formula:
        cached = value if kind is not None else None
        return SourceCell(formula.split(":", 1)[-1] if formula.startswith("of:") else formula, "f", fmt, struck,
                          cached)
    if value is None:
        return None
    return SourceCell(value, data_type, fmt, struck)
