"""A web portal's "Xuất Excel": an HTML ``<table>`` saved as ``.xls``, read with the standard library.

Why ``html.parser``: it is in the standard library, never fetches anything,
and expands only HTML's own character references (no DTD, no entities of the
file's own, so no entity bomb). Each ``<table>`` becomes a sheet; ``colspan``
and ``rowspan`` become merged ranges; a row styled ``display:none`` is a
hidden row; ``<s>``, ``<strike>``, ``<del>`` or ``text-decoration:
line-through`` is struck; Excel's ``mso-number-format`` is kept as the number
format. Every value is text, as typed in the page.

Caps: the file size (``Limits.file_bytes``), characters per cell, columns
per row, ``colspan``/``rowspan`` values, and rows with content (the shared
reader) — also counted here, because the page is parsed in one go.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from qrsign.errors import InputError
from qrsign.intake.cells import SourceCell, SourceRow, SourceSheet, has_content

_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]{2,20})")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_STRUCK = re.compile(r"line-through", re.IGNORECASE)
_MSO_FORMAT = re.compile(r"mso-number-format\s*:\s*[\"']?([^;\"']+)", re.IGNORECASE)
#: Codec names (as ``codecs.lookup`` spells them) a declared page charset may not be.
_NOT_PAGE_CHARSETS = ("utf-16", "utf-32", "utf-7", "idna", "punycode", "undefined", "unicode-escape",
                      "raw-unicode-escape")


def decode(data: bytes) -> str:
    """The page's text: BOM, then the declared charset, then UTF-8, then cp1258 (old Vietnamese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _CHARSET.search(data[:4096])
    declared = _page_charset(m.group(1).decode("ascii")) if m else None
    if declared:
        try:
            return data.decode(declared, errors="replace")
        except (UnicodeError, LookupError):  # a codec that cannot replace (none left, but never a traceback)
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _page_charset(name: str) -> str | None:
    """The codec a page's ``charset=`` names, if a page can be in it; None for anything else.

    The declaration was read as ASCII, so the page is ASCII-compatible: UTF-16/32
    are mistakes (as browsers hold), and codecs that are not page encodings
    (``idna``, ``undefined``, ``unicode_escape``, ``base64`` …) are ignored,
    never trusted to decode the page.
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.startswith(_NOT_PAGE_CHARSETS):
        return None
    return info.name


def sheets(path: Path, limits) -> list[SourceSheet]:
    """One sheet per ``<table>`` of the page (tables nested in a cell are read as text of that cell)."""
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{size / 2**20:.0f} MB")
    parser = _TableParser(limits, str(path))
    parser.feed(decode(path.read_bytes()))
    parser.close()
    tables = parser.tables
    stem = path.stem
    out = []
    for i, (rows, merges) in enumerate(tables, start=1):
        name = stem if len(tables) == 1 else f"{stem} ({i})"
        out.append(SourceSheet(name, iter(rows), merges, frozenset(), kind="html"))
    return out


class _TableParser(HTMLParser):
    def __init__(self, limits, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.limits, self.where = limits, where
        self.tables: list[tuple[list[SourceRow], list[tuple[int, int, int, int]]]] = []
        self._depth = 0  # nesting of <table>
        self._rows: list[SourceRow] = []
        self._merges: list[tuple[int, int, int, int]] = []
        self._covered: dict[int, int] = {}  # column -> last row a rowspan from above covers
        self._row: dict[int, SourceCell] | None = None
        self._row_hidden = False
        self._row_struck = False
        self._row_no = 0
        self._col = 0
        self._cell: list[str] | None = None
        self._cell_len = 0  # characters in self._cell: kept as a count, never re-summed per chunk
        self._cell_attrs: dict[str, str] = {}
        self._strike = 0
        self._cell_struck = False
        self._content_rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows, self._merges, self._covered, self._row_no = [], [], {}, 0
            return
        if self._depth != 1:
            return
        if tag == "tr":
            self._end_row()
            self._row_no += 1
            self._row, self._col = {}, 0
            self._row_hidden = bool(_HIDDEN.search(a.get("style", ""))) or "hidden" in a
            self._row_struck = bool(_STRUCK.search(a.get("style", "")))
        elif tag in ("td", "th"):
            if self._row is None:
                self.handle_starttag("tr", [])
            self._end_cell()
            self._cell, self._cell_attrs, self._cell_len = [], a, 0
            self._cell_struck = self._row_struck or bool(_STRUCK.search(a.get("style", "")))
        elif tag in ("s", "strike", "del"):
            self._strike += 1
            if self._cell is not None:
                self._cell_struck = True
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")
        elif tag in ("span", "font", "div", "p") and _STRUCK.search(a.get("style", "")) and self._cell is not None:
            self._cell_struck = True

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![…`` that is not ``CDATA``/``if``/``endif``: skipped as a bogus comment, as browsers do.

        The standard library's parser stops on an ``AssertionError`` there
        ("unknown status keyword"); a portal's page must not end the read.
        """
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i, report)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self._depth == 1:
                self._end_row()
                self.tables.append((self._rows, self._merges))
            self._depth = max(0, self._depth - 1)
        elif self._depth != 1:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag in ("s", "strike", "del"):
            self._strike = max(0, self._strike - 1)
        elif tag == "p" and self._cell is not None:
            self._cell.append("\n")

    def handle_data(self, data: str) -> None:
        if self._cell is not None and self._cell_len <= self.limits.cell_chars * 2:
            self._cell.append(re.sub(r"\s+", " ", data))  # source line breaks are spaces; <br> is a break
            self._cell_len += len(data)

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        lines = (re.sub(r" +", " ", part).strip() for part in "".join(self._cell).split("\n"))
        value = "\n".join(line for line in lines if line)
        a, self._cell = self._cell_attrs, None
        while self._covered.get(self._col, 0) >= self._row_no:
            self._col += 1
        span_c = _span(a.get("colspan"), self.limits.columns)
        span_r = _span(a.get("rowspan"), self.limits.rows)
        fmt = _MSO_FORMAT.search(a.get("style", ""))
        number_format = fmt.group(1).strip().replace("\\", "") if fmt else "General"
        col = self._col
        if col < self.limits.columns and value:
            self._row[col] = SourceCell(value, "s", number_format, self._cell_struck)
        if (span_c > 1 or span_r > 1) and value and len(self._merges) < 20_000:
            self._merges.append((self._row_no, col + 1, self._row_no + span_r - 1, col + span_c))
        if span_r > 1:  # one entry per column, whatever the span: work stays linear in the page
            last = self._row_no + min(span_r, 1000) - 1
            for c in range(col, min(col + span_c, self.limits.columns)):
                self._covered[c] = max(self._covered.get(c, 0), last)
        self._col = col + span_c

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is None:
            return
        row, self._row = self._row, None
        width = min(max(row) + 1, self.limits.columns) if row else 0
        cells: list[Any] = [row.get(c) for c in range(width)]
        if has_content(cells):
            self._content_rows += 1
            if self._content_rows > self.limits.rows + self.limits.header_scan:
                raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=self.where, sheet="",
                                 limit=self.limits.rows)
            self._rows.append(SourceRow(self._row_no, cells, self._row_hidden))


def _span(value: str | None, cap: int) -> int:
    try:
        return max(1, min(int((value or "1").strip()), cap))
    except ValueError:
        return 1
