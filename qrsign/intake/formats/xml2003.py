"""SpreadsheetML 2003 (Excel's "XML Spreadsheet 2003", often saved as ``.xls``), read with defusedxml.

One streaming pass with ``defusedxml.ElementTree.iterparse``: entity tricks
are refused as in the xlsx path. ``ss:Index`` skips, ``ss:MergeAcross`` /
``ss:MergeDown`` become merged ranges, ``ss:Hidden`` rows and columns
(autofilter results included) are hidden, a style whose ``Font`` has
``ss:StrikeThrough`` is struck, ``NumberFormat ss:Format`` is the number
format, ``ss:Formula`` cells keep their stored ``Data`` as the cached value.

Caps: the file size (``Limits.file_bytes``), characters per cell, columns,
rows with content.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from qrsign.errors import InputError, QrsignError
from qrsign.intake.cells import SheetList, SourceCell, SourceRow, SourceSheet, has_content
from qrsign.intake.limits import workbook_error

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"


def sheets(path: Path, limits) -> list[SourceSheet]:
    """Every ``Worksheet`` of the workbook, each as a :class:`SourceSheet`."""
    from defusedxml.ElementTree import iterparse

    size = path.stat().st_size
    if size > limits.file_bytes:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{size / 2**20:.0f} MB")
    try:
        with path.open("rb") as fh:
            return _parse(iterparse(fh, events=("start", "end")), path, limits)
    except QrsignError:
        raise
    except Exception as exc:  # ParseError, EntitiesForbidden: typed like the xlsx path
        raise workbook_error(path, exc) from None


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.strip().isdigit() else default


def _parse(events: Any, path: Path, limits) -> list[SourceSheet]:
    struck: set[str] = set()
    formats: dict[str, str] = {}
    out = SheetList()
    rows: list[SourceRow] = []
    merges: list[tuple[int, int, int, int]] = []
    hidden_cols: set[int] = set()
    name, row_no, col_no, content_rows = "", 0, 0, 0
    cap = limits.rows + limits.header_scan
    for event, el in events:
        tag = el.tag
        if event == "start":
            if tag == _SS + "Worksheet":
                name, rows, merges, hidden_cols = el.get(_SS + "Name", "Sheet"), [], [], set()
                row_no, col_no, content_rows = 0, 0, 0
            continue
        if tag == _SS + "Style":
            sid = el.get(_SS + "ID", "")
            font = el.find(_SS + "Font")
            if font is not None and font.get(_SS + "StrikeThrough", "0") in ("1", "true"):
                struck.add(sid)
            number = el.find(_SS + "NumberFormat")
            if number is not None and number.get(_SS + "Format"):
                formats[sid] = number.get(_SS + "Format", "General").replace("\\", "")
            el.clear()
        elif tag == _SS + "Column":
            col_no = _int(el.get(_SS + "Index"), col_no + 1)
            span = _int(el.get(_SS + "Span"), 0)
            if el.get(_SS + "Hidden", "0") in ("1", "true"):
                hidden_cols.update(range(col_no, min(col_no + span, limits.columns) + 1))
            col_no += span
        elif tag == _SS + "Row":
            row_no = _int(el.get(_SS + "Index"), row_no + 1)
            cells = _row_cells(el, row_no, merges, struck, formats, limits)
            if has_content(cells):
                content_rows += 1
                if content_rows > cap:
                    raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path), sheet=name,
                                     limit=limits.rows)
                rows.append(SourceRow(row_no, cells, el.get(_SS + "Hidden", "0") in ("1", "true")))
            el.clear()
        elif tag == _SS + "Worksheet":
            visible = el.find(f"{_X}WorksheetOptions/{_X}Visible")
            if visible is None or (visible.text or "").strip() not in ("SheetHidden", "SheetVeryHidden"):
                out.append(SourceSheet(name, iter(rows), merges, frozenset(hidden_cols), kind="xml2003"))
            else:
                out.hidden.append(name)
            el.clear()
    return out


def _row_cells(row: Any, row_no: int, merges: list, struck: set[str], formats: dict[str, str], limits) -> list:
    cells: list[Any] = []
    col = 0  # 0-based
    for el in row:
        if el.tag != _SS + "Cell":
            continue
        col = _int(el.get(_SS + "Index"), col + 1) - 1
        if col >= limits.columns:
            break
        across = min(_int(el.get(_SS + "MergeAcross"), 0), limits.columns)
        down = min(_int(el.get(_SS + "MergeDown"), 0), limits.rows)
        cell = _cell(el, struck, formats, limits)
        if cell is not None and (across or down) and len(merges) < 20_000:
            merges.append((row_no, col + 1, row_no + down, col + 1 + across))
        while len(cells) < col:
            cells.append(None)
        cells.append(cell)
        col += across + 1
    return cells


def _cell(el: Any, struck: set[str], formats: dict[str, str], limits) -> SourceCell | None:
    style = el.get(_SS + "StyleID", "")
    data = el.find(_SS + "Data")
    value: Any = None
    data_type = "s"
    if data is not None:
        kind = data.get(_SS + "Type", "String")
        raw = "".join(data.itertext())[: limits.cell_chars * 2]
        if kind == "Number":
            try:
                number = float(raw)
                value = int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
                data_type = "n"
            except ValueError:
                value = raw
        elif kind == "DateTime":
            try:
                value, data_type = dt.datetime.fromisoformat(raw.strip()), "d"
            except ValueError:
                value = raw
        elif kind == "Boolean":
            value, data_type = raw.strip() in ("1", "true"), "b"
        elif kind == "Error":
            value, data_type = raw.strip(), "e"
        else:
            value = raw
    fmt = formats.get(style, "General")
    formula = el.get(_SS + "Formula")
    if formula:
        return SourceCell(formula, "f", fmt, style in struck, value if data is not None else None)
    if value is None:
        return None
    return SourceCell(value, data_type, fmt, style in struck)
