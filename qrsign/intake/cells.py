"""One source-cell interface that every spreadsheet format implements.

Why: the reader's rules (headers, merged ranges, hidden and struck rows,
leading zeros, formulas) are the same whatever the file is. Each format module
(:mod:`qrsign.intake.formats.xlsx`, :mod:`qrsign.intake.formats.csv`, :mod:`qrsign.intake.formats.xls`,
:mod:`qrsign.intake.formats.ods`, :mod:`qrsign.intake.formats.html`, :mod:`qrsign.intake.formats.xml2003`)
only turns its bytes into :class:`SourceSheet` objects; :mod:`qrsign.intake.sheet`
does the rest. Another format is one more module that yields these.

A cell quacks like an openpyxl cell (``value``, ``data_type``,
``number_format``), so the cell conversion in :mod:`qrsign.intake.sheet` treats
openpyxl's own cells and these alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

#: Excel's error texts; a cell holding one of them is an error cell.
ERROR_TEXTS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!")


@dataclass
class SourceCell:
    """A cell as a format reader saw it.

    ``data_type`` uses openpyxl's letters: ``s`` text, ``n`` number, ``b``
    boolean, ``d`` date/time, ``e`` error, ``f`` formula (then ``value`` is the
    formula text and ``cached`` its stored result, ``None`` when none is stored).
    """

    value: Any = None
    data_type: str = "s"
    number_format: str = "General"
    struck: bool = False
    cached: Any = None


@dataclass
class SourceRow:
    """One row with content: its Excel row number (1-based), its cells by 0-based column, and visibility."""

    row: int
    cells: list[Any]  # SourceCell, an openpyxl cell, or None
    hidden: bool = False


@dataclass
class SourceSheet:
    """One sheet: its rows with content (lazily), merged ranges and hidden columns.

    ``merges`` are ``(min_row, min_col, max_row, max_col)``, 1-based and
    inclusive, as Excel shows them. ``cached(row, col)`` gives a formula cell's
    stored result when the format keeps it apart from the cell (xlsx).
    """

    name: str
    rows: Iterator[SourceRow]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_columns: frozenset[int] = frozenset()  # 1-based column numbers
    cached: Callable[[int, int], Any] | None = None
    #: the format keeps fonts (struck-through rows can be seen)
    kind: str = ""


class SheetList(list[SourceSheet]):
    """The sheets a reader gives, and the names of the sheets the file hides: those are never read (a list
    put away, an old one) but :func:`qrsign.intake.sheet.read` says so, so nothing is left out unseen."""

    def __init__(self, sheets: Iterable[SourceSheet] = (), hidden: Iterable[str] = ()) -> None:
        super().__init__(sheets)
        self.hidden: list[str] = list(hidden)


def is_struck(cell: Any) -> bool:
    """Whether a cell's font is struck through (a SourceCell, or an openpyxl cell with a font)."""
    if isinstance(cell, SourceCell):
        return cell.struck
    try:
        font = cell.font
    except (AttributeError, IndexError, KeyError, TypeError):  # EmptyCell, a cell without style data
        return False
    return bool(getattr(font, "strike", False))


def cell_value(cell: Any) -> Any:
    """The value of any cell (None for a missing one)."""
    return None if cell is None else getattr(cell, "value", None)


def row_from_cells(row: int, cells: dict[int, SourceCell], hidden: bool, columns: int) -> SourceRow:
    """A :class:`SourceRow` from a {0-based column: cell} map, cut at ``columns``."""
    width = min(max(cells) + 1, columns) if cells else 0
    out: list[Any] = [None] * width
    for c, cell in cells.items():
        if c < width:
            out[c] = cell
    return SourceRow(row, out, hidden)


def has_content(cells: list[Any]) -> bool:
    """Whether a row holds anything but blanks (a row of empty cells does not count against the row cap)."""
    for cell in cells:
        v = cell_value(cell)
        if v is not None and not (isinstance(v, str) and not v.strip()):
            return True
    return False
