"""Legacy Excel 97–2003 ``.xls`` (BIFF8), read with xlrd.

Why xlrd: it is the maintained pure-Python BIFF reader (2.x reads only .xls,
which is all we ask of it), and with ``formatting_info=True`` it gives number
formats (so a lost leading zero is still caught), fonts (struck-through rows),
hidden rows and columns, and merged ranges. xlrd keeps only the stored result
of a formula, not the formula itself, so formula cells are read as values.

Caps: the file is read whole, so its size is capped (``Limits.file_bytes``)
before xlrd sees it; rows and columns are capped by the shared reader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qrsign.errors import InputError
from qrsign.intake.cells import SourceCell, SourceRow, SourceSheet, has_content


def sheets(path: Path, limits) -> list[SourceSheet]:
    """The visible sheets of a BIFF workbook."""
    import xlrd

    size = path.stat().st_size
    if size > limits.file_bytes:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{size / 2**20:.0f} MB")
    data = path.read_bytes()
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=_Quiet(), ragged_rows=True)
        out = []
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            if getattr(sh, "visibility", 0) != 0:
                continue
            merges = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells[:20_000]]
            hidden_cols = frozenset(c + 1 for c, info in sh.colinfo_map.items()
                                    if getattr(info, "hidden", 0) and c < limits.columns)
            out.append(SourceSheet(sh.name, _rows(book, sh, limits, path), merges, hidden_cols, kind="xls"))
        return out
    except InputError:
        raise
    except Exception as exc:  # xlrd raises many types for broken files; one message for all
        if "encrypt" in str(exc).lower():
            raise InputError("E-SHEET-PASSWORD", field="file", value=str(path)) from None
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path),
                         detail=f"{type(exc).__name__}: {str(exc)[:120]}") from None


class _Quiet:
    """xlrd writes warnings to a log file; they mean nothing to a volunteer."""

    def write(self, _s: str) -> int:
        return 0


def _rows(book: Any, sh: Any, limits, path: Path) -> Iterator[SourceRow]:
    for r in range(sh.nrows):
        raw = sh.row(r)[: limits.columns]
        cells = [_cell(book, c) for c in raw]
        if not has_content(cells):
            continue
        info = sh.rowinfo_map.get(r)
        yield SourceRow(r + 1, cells, bool(getattr(info, "hidden", 0)))


def _cell(book: Any, c: Any) -> SourceCell | None:
    import xlrd

    ctype = c.ctype
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    fmt, struck = "General", False
    try:
        xf = book.xf_list[c.xf_index]
        fmt = book.format_map[xf.format_key].format_str or "General"
        struck = bool(book.font_list[xf.font_index].struck_out)
    except (IndexError, KeyError, AttributeError, TypeError):
        pass
    if ctype == xlrd.XL_CELL_TEXT:
        return SourceCell(c.value, "s", fmt, struck)
    if ctype == xlrd.XL_CELL_NUMBER:
        return SourceCell(c.value, "n", fmt, struck)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            value: Any = xlrd.xldate.xldate_as_datetime(c.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return SourceCell(c.value, "n", fmt, struck)
        if isinstance(value, dt.datetime) and value.date() == dt.date(1899, 12, 31):
            value = value.time()
        return SourceCell(value, "d", fmt, struck)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return SourceCell(bool(c.value), "b", fmt, struck)
    if ctype == xlrd.XL_CELL_ERROR:
        return SourceCell(xlrd.error_text_from_code.get(c.value, "#N/A"), "e", fmt, struck)
    return SourceCell(str(c.value), "s", fmt, struck)  # pragma: no cover - xlrd has no other types
