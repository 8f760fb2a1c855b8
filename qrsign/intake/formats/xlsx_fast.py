"""The usual ``.xlsx`` read without openpyxl: the same cells in half the time, openpyxl's where it differs.

Why: for a list of a thousand vendors, importing openpyxl and streaming the
sheet through it is a third of a build's reading, on the core the workers
need. Most lists are plain: strings, numbers, a few styles. For those this
module reads the parts itself (the workbook's sheets and relationships, the
styles, the shared strings) and streams the sheet with expat, cell by cell
with openpyxl's own rules (``WorkSheetParser.parse_cell`` and
``ReadOnlyWorksheet._cells_by_row`` of openpyxl 3.1): the same values, data
types, number formats and struck fonts, the same rows in the same order.

Anything whose reading it does not copy is handed to openpyxl where it is
met. Before the first row (the workbook's parts: rich-text shared strings, a
DTD, chart sheets, odd names or parts, a damaged zip member, another
encoding) :func:`read` returns ``None`` and
:mod:`qrsign.intake.formats.xlsx` reads the file with openpyxl, as before.
In the rows (a formula, a date cell or a style that might be a date, rich
text, an element openpyxl reads differently) the stream stops at the row
that holds it and openpyxl's stream of the same sheet goes on from there:
every row openpyxl yields counts one on its row counter, so the rows already
given are skipped by number. ``tests/test_xlsx_fast.py`` reads the same
files both ways and compares every cell. ``QRSIGN_XLSX_READER=openpyxl``
turns it off (for comparisons and bug reports).

What it does not copy: openpyxl also parses parts that hold no cell
(themes, properties, print settings, named styles) and fails on some broken
ones; this module does not read them, so such a file is read, not refused.
"""

from __future__ import annotations

import functools
import io
import os
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from qrsign.core import text
from qrsign.errors import InputError, QrsignError
from qrsign.intake.cells import SourceCell
from qrsign.intake.limits import ZIP_ERRORS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
#: openpyxl's ``_find_workbook_part`` looks for these content types, in this order
_WORKBOOK_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_WORKSHEET = _REL + "/worksheet"
#: the characters openpyxl refuses in a sheet's title
_BAD_TITLE = re.compile(r"[\\*?:/\[\]]")

#: openpyxl's built-in number formats (``openpyxl.styles.numbers.BUILTIN_FORMATS``, MIT licence) that
#: cannot be dates; at a cell styled with any other built-in id the stream is handed to openpyxl
BUILTIN = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    48: "##0.0E+0", 49: "@",
}
#: built-in ids whose format is a date or a time in openpyxl (it converts such numbers to dates)
BUILTIN_DATES = frozenset((*range(14, 23), 45, 46, 47))
#: a format with any of these letters might be a date to openpyxl (``is_date_format``): handed to it
_DATE_LETTERS = re.compile(r"[dmhysDMHYS]")

_DECLARED = re.compile(rb"^\s*<\?xml[^>]*\bencoding=[\"']([^\"']+)[\"']")
#: bytes fed to expat at a time: rows come out while the sheet is parsed
CHUNK = 1 << 16


class _Unsure(Exception):
    """This file holds something whose reading this module does not copy: openpyxl reads it."""


class _HandOver(Exception):
    """Met while streaming: a cell this module does not read as openpyxl does. openpyxl reads on from its row."""


def enabled() -> bool:
    """Whether the fast reader is tried (``QRSIGN_XLSX_READER=openpyxl`` says no)."""
    return os.environ.get("QRSIGN_XLSX_READER", "").strip().lower() not in ("openpyxl", "slow", "0", "off")


#: one sheet as :func:`read` gives it: its name, its XML, its rows as openpyxl's ``iter_rows`` would
Found = tuple[str, bytes, Iterator[tuple[Any, ...]]]
#: openpyxl's ``iter_rows`` of a sheet (by name) without its first ``skip`` rows: where a stream hands over
OpenpyxlRows = Callable[[str, int], Iterator[tuple[Any, ...]]]


def read(path: Path, openpyxl_rows: OpenpyxlRows, sheet: str | None = None
         ) -> tuple[list[Found], list[str]] | None:
    """([(sheet name, its XML, its rows as openpyxl gives them)], hidden sheet names), or None when not sure.

    The sheets read are the visible ones, or the one named ``sheet`` (then no
    hidden names). The zip directory is already checked (sizes, ratio). A
    stream that meets a cell it does not read as openpyxl does goes on with
    ``openpyxl_rows`` (see module docstring);
    :func:`qrsign.intake.formats.xlsx.sheets` makes the rows
    :class:`~qrsign.intake.cells.SourceRow` objects as it does openpyxl's.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            book = _Book(zf)
            out = []
            for name in book.chosen(sheet):
                data = zf.read(book.members[name])
                _check_encoding(data)
                out.append((name, data, _stream(data, book.strings, book.styles,
                                                 functools.partial(openpyxl_rows, name))))
            _check_the_rest(zf, {book.members[name] for name, _, _ in out} | _Book.PARTS)
    except _Unsure:
        return None
    except QrsignError:
        raise  # the sheet asked for is not there: said here as openpyxl's path says it
    except ZIP_ERRORS:
        return None  # a damaged zip: openpyxl meets it too and says so in its own words
    except (KeyError, ValueError, ElementTree.ParseError, UnicodeError):
        return None  # a missing or damaged part: likewise
    return out, ([] if sheet is not None else book.hidden)


class _Book:
    """The workbook's parts that decide how cells read: sheets and their members, styles, shared strings."""

    #: the parts read whole (and so CRC-checked) before any sheet
    PARTS = frozenset(("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                       "xl/sharedStrings.xml"))

    def __init__(self, zf: zipfile.ZipFile) -> None:
        names = set(zf.namelist())
        workbook = _workbook_part(_xml(zf, "[Content_Types].xml"))
        if workbook is None or workbook[0] != "xl/workbook.xml":
            raise _Unsure("workbook part")
        self.sheetnames, self.members, states = _sheets(
            _xml(zf, "xl/workbook.xml"), _rels(_xml(zf, "xl/_rels/workbook.xml.rels")), names)
        self.visible = [n for n in self.sheetnames if states[n] == "visible"]
        self.hidden = [n for n in self.sheetnames if states[n] != "visible"]
        if "xl/styles.xml" not in names:
            raise _Unsure("no styles")
        self.styles = _Styles(_xml(zf, "xl/styles.xml"))
        strings = workbook[1]
        if strings is not None and strings != "xl/sharedStrings.xml":
            raise _Unsure("shared strings part")
        self.strings = _strings(zf.read(strings)) if strings is not None else []

    def chosen(self, sheet: str | None) -> list[str]:
        """The sheets read: the visible ones, or the one asked for (exact name first, then without accents)."""
        if sheet is None:
            return self.visible
        wanted = [n for n in self.sheetnames if n == sheet] or [
            n for n in self.sheetnames if text.fold(n) == text.fold(sheet)]
        if not wanted:
            raise InputError("E-SHEET-NOT-FOUND", field="sheet", value=sheet, sheets=self.sheetnames)
        return wanted[:1]


def _check_the_rest(zf: zipfile.ZipFile, read: set[str]) -> None:
    """Read every member not ``read`` already (``ZipFile.read`` checks each one's CRC): a damaged member, even
    one holding no cell, leaves the file to openpyxl, which says which. The sheets read are not read twice."""
    for info in zf.infolist():
        if info.filename not in read:
            zf.read(info)


def _no_dtd(data: bytes) -> bytes:
    """``data``, or :class:`_Unsure` when it holds a DTD (openpyxl, through defusedxml, refuses what it declares)."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _Unsure("DTD")
    return data


def _xml(zf: zipfile.ZipFile, member: str) -> ElementTree.Element:
    """A small part, parsed whole; a DTD is left to openpyxl."""
    return ElementTree.fromstring(_no_dtd(zf.read(member)))


def _workbook_part(types: ElementTree.Element) -> tuple[str, str | None] | None:
    """(workbook member, shared strings member or None) as openpyxl finds them by content type."""
    overrides = {o.get("ContentType"): o.get("PartName") or "" for o in types.iter(f"{{{_TYPES}}}Override")}
    for kind in _WORKBOOK_TYPES:
        if overrides.get(kind):
            part = overrides[kind]
            strings = overrides.get(_STRINGS_TYPE)
            return part.lstrip("/"), (strings[1:] if strings else None)
    return None


def _rels(root: ElementTree.Element) -> dict[str, tuple[str, str]]:
    """{Id: (Type, member)} of the workbook's relationships, targets resolved as openpyxl's ``get_dependents``."""
    out = {}
    for r in root.iter(f"{{{_PKG_REL}}}Relationship"):
        if r.get("TargetMode") == "External":
            continue
        target = r.get("Target") or ""
        member = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        out[r.get("Id") or ""] = (r.get("Type") or "", member)
    return out


def _sheets(root: ElementTree.Element, rels: dict[str, tuple[str, str]], names: set[str]
            ) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """The worksheets in order: titles, members, states. Anything openpyxl would treat apart is unsure."""
    titles: list[str] = []
    members: dict[str, str] = {}
    states: dict[str, str] = {}
    folded: set[str] = set()
    for s in root.iter(f"{{{MAIN}}}sheet"):
        title, rid, state = s.get("name"), s.get(f"{{{_REL}}}id"), s.get("state", "visible")
        if not title or not rid or rid not in rels or _BAD_TITLE.search(title) or title.lower() in folded:
            raise _Unsure("sheet entry")
        kind, member = rels[rid]
        if kind != _WORKSHEET or member not in names or state not in ("visible", "hidden", "veryHidden"):
            raise _Unsure("sheet part")
        folded.add(title.lower())
        titles.append(title)
        members[title] = member
        states[title] = state
    if not titles:
        raise _Unsure("no sheets")
    return titles, members, states


class _Styles:
    """Per cell style (``s``): its number format and whether its font is struck, as openpyxl gives them."""

    def __init__(self, root: ElementTree.Element) -> None:
        custom = {}
        for n in root.iter(f"{{{MAIN}}}numFmt"):
            custom[int(n.get("numFmtId") or "")] = n.get("formatCode") or ""
        struck = []
        fonts = root.find(f"{{{MAIN}}}fonts")
        for font_el in fonts if fonts is not None else ():
            value: Any = False
            for child in font_el:
                if _local(child.tag) == "strike":
                    value = child.get("val", True)  # openpyxl's NestedBool, then Bool
                    value = False if isinstance(value, str) and value in ("false", "f", "0") else bool(value)
            struck.append(value)
        xfs = root.find(f"{{{MAIN}}}cellXfs")
        self.formats: list[str | None] = []  # None: a date or maybe one, which openpyxl converts
        self.struck: list[bool] = []
        for xf in xfs if xfs is not None else ():
            number, font = int(xf.get("numFmtId", "0")), int(xf.get("fontId", "0"))
            if number in custom:
                fmt: str | None = custom[number]
            elif number in BUILTIN_DATES:
                fmt = None
            else:
                fmt = BUILTIN.get(number, "General")
            if fmt is not None and _DATE_LETTERS.search(fmt):
                fmt = None
            self.formats.append(fmt)
            self.struck.append(struck[font] if 0 <= font < len(struck) else False)
        if not self.formats:
            raise _Unsure("no cell styles")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strings(data: bytes) -> list[str]:
    """The shared strings, as openpyxl's ``read_string_table``; a rich or phonetic one is unsure.

    Parsed a string at a time, each element cleared once read (as openpyxl does): a province's table of
    300,000 strings is never a tree in memory.
    """
    out = []
    tag = f"{{{MAIN}}}si"
    for _event, si in ElementTree.iterparse(io.BytesIO(_no_dtd(data))):
        if si.tag != tag:
            continue
        if len(si) == 0:
            out.append("")
        elif len(si) != 1 or _local(si[0].tag) != "t" or len(si[0]):
            raise _Unsure("rich text")
        else:
            out.append((si[0].text or "").replace("x005F_", ""))
        si.clear()
    return out


def _check_encoding(data: bytes) -> None:
    """UTF-8 (declared or not) is read here; another encoding is left to openpyxl."""
    declared = _DECLARED.match(data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (
            declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8")):
        raise _Unsure("encoding")


class _Cell(SourceCell):
    """A cell with its row, as openpyxl's ``ReadOnlyCell`` has one (the row number is taken from a cell)."""

    __slots__ = ("row",)

    def __init__(self, value: Any, data_type: str, number_format: str, struck: bool, row: int) -> None:
        self.value, self.data_type, self.number_format, self.struck, self.row = (
            value, data_type, number_format, struck, row)
        self.cached = None


_ROW, _V, _IS, _F = f"{MAIN}}}row", f"{MAIN}}}v", f"{MAIN}}}is", f"{MAIN}}}f"
_DIGITS = frozenset("0123456789")


def _coordinate(coordinate: str) -> tuple[int, int]:
    """openpyxl's ``coordinate_to_tuple`` (letters up to the first digit, then the row)."""
    idx = 0
    for idx, c in enumerate(coordinate):  # noqa: B007 - the index after the loop is the split, as there
        if c in _DIGITS:
            break
    return int(coordinate[idx:]), text.column_index(coordinate[:idx])


def _number(value: str) -> int | float:
    """openpyxl's ``_cast_number``."""
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


class _SheetParser:
    """expat handlers that turn ``<row>`` elements into openpyxl's rows of cells (see module docstring).

    Inside a row every child element is a cell (``parse_row``); of a cell, the
    first ``<v>``'s text counts, or for an inline string the first ``<is>``'s
    last ``<t>``; an element's text is what comes before its first child
    element, as ElementTree's ``.text``.
    """

    def __init__(self, strings: list[str], styles: _Styles) -> None:
        self.strings, self.formats, self.struck = strings, styles.formats, styles.struck
        self.done: list[tuple[int, list[tuple[int, int, Any, str, int]]]] = []  # parsed, not yet given
        self.depth = 0
        self.row_depth = 0  # depth of the open <row>, 0 outside one
        self.row_counter = 0
        self.col_counter = 0
        self.counter = 1  # the next row number openpyxl gives (``_cells_by_row``'s ``counter``)
        self.cells: list[tuple[int, int, Any, str, int]] = []
        self._cell_reset()

    def _cell_reset(self) -> None:
        self.cell: tuple[str | None, str, Any] | None = None  # (coordinate, t, s) of the open cell
        self.value: str | None = None  # the first <v>'s text, once read
        self.inline: str | None = None  # the first <is>'s last <t>'s text ("" when it has none), once read
        self.is_open = False  # inside the first <is>
        self.text: list[str] | None = None  # the text of the <v> or <t> being read
        self.into = ""  # which: "v" or "t"

    def parser(self) -> Any:
        p = expat.ParserCreate(namespace_separator="}")
        p.buffer_text = True
        p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = self.start, self.end, self.chars
        p.StartDoctypeDeclHandler = self.doctype
        return p

    def doctype(self, *_: Any) -> None:
        """A DTD (it comes before the first row): openpyxl, through defusedxml, refuses what it declares."""
        raise _HandOver("a DTD")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if not self.row_depth:
            if name == _ROW:
                self._open_row(attrs)
            return
        level = self.depth - self.row_depth
        if self.text is not None:  # a child element ends the text of its parent
            self._keep_text()
        if level == 1:  # every child of a row is a cell to openpyxl
            raw = attrs.get("s")
            if raw is not None and not (raw.isascii() and raw.isdigit()):
                raise _HandOver("a style id openpyxl reads its own way (or fails on)")
            style = int(raw) if raw else 0
            data_type = attrs.get("t", "n")
            if data_type == "d" or style >= len(self.formats) or self.formats[style] is None:
                raise _HandOver("a date cell, or a style that is missing or might be a date")
            self.cell = (attrs.get("r"), data_type, style)
        elif self.cell is None:
            return
        elif level == 2:
            if name == _V and self.value is None:
                self.text, self.into = [], "v"
            elif name == _IS and self.inline is None and not self.is_open:
                self.is_open, self.inline = True, ""
            elif name == _F:
                raise _HandOver("a formula (openpyxl reads its stored value from a second pass)")
        elif level == 3 and self.is_open:
            local = _local(name)
            if local == "t":
                self.text, self.into = [], "t"  # the last <t> counts (openpyxl's ``Text.from_tree``)
            elif local in ("r", "rPh", "phoneticPr"):
                raise _HandOver("rich text")

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _keep_text(self) -> None:
        assert self.text is not None
        if self.into == "v":
            self.value = "".join(self.text)
        else:
            self.inline = "".join(self.text)
        self.text = None

    def end(self, name: str) -> None:
        level = self.depth - self.row_depth
        self.depth -= 1
        if not self.row_depth:
            return
        if self.text is not None:
            self._keep_text()
        if level == 2 and self.is_open:
            self.is_open = False
        elif level == 1:
            self._close_cell()
        elif level == 0:
            self.done.append((self.row_counter, self.cells))
            self.row_depth, self.cells = 0, []

    def _open_row(self, attrs: dict[str, str]) -> None:
        """openpyxl's ``parse_row``: the row number from ``r`` (an integral float too), else the next one."""
        if "r" in attrs:
            try:
                self.row_counter = int(attrs["r"])
            except ValueError:
                val = float(attrs["r"])
                if not val.is_integer():
                    raise ValueError(f"{attrs['r']} is not a valid row number") from None
                self.row_counter = int(val)
        else:
            self.row_counter += 1
        self.col_counter = 0
        self.row_depth = self.depth
        self.cells = []

    def _close_cell(self) -> None:
        """openpyxl's ``parse_cell`` for a cell without a formula or a date style."""
        assert self.cell is not None
        coordinate, data_type, style = self.cell
        value: Any = None if data_type == "inlineStr" else (self.value or None)
        if coordinate:
            row, column = _coordinate(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        if value is not None:
            if data_type == "n":
                value = _number(value)
            elif data_type == "s":
                value = self.strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
        elif data_type == "inlineStr" and self.inline is not None:
            data_type, value = "s", self.inline
        self.cells.append((row, column, value, data_type, style))
        self._cell_reset()

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows parsed so far as openpyxl's ``_cells_by_row`` gives them (with ``max_col`` unset)."""
        done, self.done = self.done, []
        for idx, cells in done:
            if idx < self.counter:
                continue  # a row number that goes back: openpyxl gives nothing for it
            self.counter = idx + 1
            if not cells:
                yield ()
                continue
            width = cells[-1][1]
            new_row: list[Any] = [None] * width
            for row, column, value, data_type, style in cells:
                if 1 <= column <= width:
                    new_row[column - 1] = _Cell(value, data_type, self.formats[style] or "General",
                                                self.struck[style], row)
            yield tuple(new_row)


def _stream(data: bytes, strings: list[str], styles: _Styles,
            openpyxl_rows: Callable[[int], Iterator[tuple[Any, ...]]]) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows, parsed a chunk at a time (a province's list is never held as cells); from a cell this
    module does not read as openpyxl does, openpyxl's rows (the rows already given skipped by number)."""
    handler = _SheetParser(strings, styles)
    parser = handler.parser()
    try:
        for start in range(0, len(data), CHUNK):
            parser.Parse(data[start:start + CHUNK], False)
            yield from handler.rows()
        parser.Parse(b"", True)
    except _HandOver:
        # openpyxl's stream yields one row per step of its row counter, gaps included: the rows given so far
        # are its first ``counter - 1``; rows parsed here but not given yet are read again there
        yield from openpyxl_rows(handler.counter - 1)
        return
    except expat.ExpatError as exc:  # the rows before the damage first, then the error as openpyxl tells it
        yield from handler.rows()
        raise ElementTree.ParseError(str(exc)) from None
    yield from handler.rows()
