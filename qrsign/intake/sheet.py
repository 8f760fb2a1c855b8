"""Read vendor sheets (.xlsx and .csv) the way ward offices really type them.

The reader finds the header row below title rows and merged cells by
Vietnamese and English aliases (with or without accents), reads every sheet of
a workbook or the one asked for, skips blank, totals and example rows, and
turns every cell into text while catching spreadsheet traps: numbers that lost
leading zeros or digits, stalls Excel turned into dates, formulas without a
stored value, error cells.

It yields :class:`Table` objects whose ``rows`` stream lazily, so a whole
province is never held in memory. Untrusted workbooks are checked before
openpyxl sees them (:func:`check_zip`): size, ratio and member count from the
zip directory, which refuses a zip bomb in milliseconds; XML entity tricks are
refused by defusedxml, which openpyxl uses when it is installed.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qrsign import _compat
from qrsign.core import account, text
from qrsign.errors import (
    DataError,
    InputError,
    InvalidFormat,
    InvalidLength,
    QrsignError,
)
from qrsign.intake.cells import (
    SourceCell,
    SourceRow,
    SourceSheet,
    cell_value,
    has_content,
    is_struck,
)
from qrsign.intake.limits import DEFAULT_LIMITS, Limits, check_zip, workbook_error

# --------------------------------------------------------------------------------------------------
# Header aliases. Keys are text.key() forms: no accents, lowercase, letters and digits only.

_ALIASES: dict[str, tuple[str, ...]] = {
    "holder": (
        "chutaikhoan", "tenchutaikhoan", "chutk", "tenchutk", "tentaikhoan", "tentk", "hotenchutaikhoan",
        "hovatenchutaikhoan", "accountholder", "accountname", "holder", "holdername", "beneficiary",
    ),
    "name": (
        "hovaten", "hoten", "ten", "tentieuthuong", "tieuthuong", "hotentieuthuong", "tennguoiban",
        "nguoiban", "chuquay", "tenchuquay", "name", "fullname", "vendor", "vendorname", "hovatentieuthuong",
    ),
    "stall": (
        "soquay", "quay", "sokiot", "kiot", "sap", "sosap", "lo", "solo", "soquaykiot", "quaykiot",
        "quaysap", "sosapquay", "vitri", "stall", "stallno", "stallnumber", "booth", "kiosk",
        "quayso", "sapso", "kiotso", "loso",
    ),
    "bank": ("nganhang", "tennganhang", "nh", "nganhangthuhuong", "bank", "bankname", "tennh"),
    "account": (
        "sotaikhoan", "stk", "sotk", "taikhoan", "tk", "sotaikhoannganhang", "taikhoannganhang",
        "account", "accountno", "accountnumber", "acct", "sotaikhoanthuhuong", "stknganhang", "sotknganhang",
    ),
    "trade": ("nganhhang", "mathang", "nganhhangkinhdoanh", "mathangkinhdoanh", "nganh", "trade", "goods",
              "category"),
    "phone": ("sodienthoai", "sdt", "sodt", "dienthoai", "dt", "didong", "phone", "phonenumber", "mobile", "tel"),
    "market": ("cho", "tencho", "market", "marketname"),
    "zone": ("khu", "khuvuc", "day", "daykhu", "zone", "area", "section"),
    "note": ("ghichu", "note", "notes", "remark", "remarks"),
    "index": ("stt", "tt", "no", "so", "sothutu"),
    "payload": ("maqr", "qr", "payload", "chuoiqr", "chuoimaqr", "qrpayload", "qrcode"),  # issue 14
    "image": ("tepanh", "anh", "anhqr", "image", "imagefile", "sourceimage"),  # issue 14: the imported image
    "card": ("sothe", "the", "sothenganhang", "sothenapas", "card", "cardnumber", "cardno"),
}
_ALIAS_TO_FIELD = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
#: Fields a sheet must have to make signs; the stall is wanted but not required.
REQUIRED = ("name", "bank", "account")
#: Fields whose cells are read (the index column is only used to spot example rows).
FIELDS = ("name", "stall", "bank", "account", "trade", "phone", "market", "zone", "note", "card", "payload", "image")

#: A totals label ("Tổng cộng", "Tổng số: 25", "Cộng", "Total"), matched on text.fold(); a bare "tong"/"cong"
#: must stand alone, so names ("Tống Thị Lan", "Công Tằng Tôn Nữ …") and trades ("Tổng hợp") are not totals.
_TOTALS = re.compile(r"^(?:(?:sub|grand ?)?total\b|(?:tong|cong|sum)(?:$|\s*[:.,;(\-–]|\s*\d|\s*(?:cong|so)\b))")
_EXAMPLE = ("vidu", "vd", "example", "mau", "dongmau")
_SCIENTIFIC = re.compile(r"^\s*\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d+\s*$")
_FORMULA_LITERAL = re.compile(r'^=\s*"([^"]*)"\s*$')
_MARKET_TITLE = re.compile(r"\bch(?:ợ|ơ|o)\s+(.+)$", re.IGNORECASE)


def header_field(label: Any) -> str | None:
    """The field a header cell names, or None.

    >>> header_field("Số quầy / Ki-ốt"), header_field("STK"), header_field("Tên chủ tài khoản")
    ('stall', 'account', 'holder')
    >>> header_field("Số tài khoản (ghi dạng văn bản)"), header_field("Ghi chú khác")
    ('account', 'note')
    """
    if not isinstance(label, str):
        return None
    candidates = [text.key(label), text.key(re.sub(r"\(.*?\)|\[.*?\]", " ", label))]
    for k in candidates:
        if k in _ALIAS_TO_FIELD:
            return _ALIAS_TO_FIELD[k]
    for k in candidates:
        for alias in sorted(_ALIAS_TO_FIELD, key=len, reverse=True):
            if len(alias) >= 5 and k.startswith(alias):
                return _ALIAS_TO_FIELD[alias]
    return None


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
    #: header cells with text that name no field: column letter → header text (not read)
    ignored: dict[str, str] = field(default_factory=dict)

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


#: Column choices a user made: ``{"E": "account", "G": None}`` (None: not read), a key ``"Sheet!E"`` for one
#: sheet only. They replace what the header matching found for those columns.
Columns = Mapping[str, str | None]


def read(path: str | os.PathLike, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS, *,
         include_hidden: bool = False, columns: Columns | None = None) -> list[Table]:
    """Open ``path`` and return its vendor tables (one per sheet that has a header).

    The format is sniffed from the bytes (:func:`qrsign.intake.sniff.sniff`), not the
    name. Raises :class:`InputError` when the file cannot be used at all. The
    tables' rows are read lazily; iterate them in order. Hidden, filtered-out
    and struck-through rows are skipped with a warning unless ``include_hidden``.
    ``columns`` overrides which field a column holds (see :data:`Columns`).
    """
    from qrsign.intake.sniff import sniff

    p = Path(path)
    kind = sniff(p, limits)
    sheets = source_sheets(p, kind, sheet, limits)
    tables: list[Table] = []
    partial: list[str] = []
    for src in sheets:
        try:
            tables.append(_table(src, limits, include_hidden=include_hidden, path=p, chosen=columns))
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
        return _xlsx_sheets(path, sheet, limits)
    if kind == "csv":
        return [SourceSheet(path.stem, _csv_source_rows(path, limits), kind="csv")]
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


# --------------------------------------------------------------------------------------------------
# xlsx


def _openpyxl():
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise InputError("E-SHEET-UNSAFE-PARSER", field="file")
    return openpyxl


def _load(openpyxl, path: Path, data_only: bool, read_only: bool = True):
    try:
        # a file object, not the name: openpyxl refuses an .xlsx renamed .xls by its name alone
        source = path if path.suffix.lower() in (".xlsx", ".xlsm") else io.BytesIO(path.read_bytes())
        with _compat.fast_dimensions():  # only while the read-only sheets are created
            return openpyxl.load_workbook(source, read_only=read_only, data_only=data_only, keep_links=False)
    except QrsignError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files; one message for all
        raise workbook_error(path, exc) from None


def _xlsx_sheets(path: Path, sheet: str | None, limits: Limits) -> list[SourceSheet]:
    check_zip(path, limits)
    openpyxl = _openpyxl()
    wb = _load(openpyxl, path, data_only=False)
    try:
        names = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    except Exception as exc:
        raise workbook_error(path, exc) from None
    if sheet is not None:
        wanted = [n for n in wb.sheetnames if n == sheet] or [
            n for n in wb.sheetnames if text.fold(n) == text.fold(sheet)
        ]
        if not wanted:
            raise InputError("E-SHEET-NOT-FOUND", field="sheet", value=sheet, sheets=wb.sheetnames)
        names = wanted[:1]
    cached = _CachedValues(openpyxl, path)
    out = []
    for name in names:
        ws = wb[name]
        hidden_rows, hidden_cols, merges = _xlsx_layout(path, _compat.worksheet_member(ws, path), limits)
        rows = _xlsx_rows(_guarded_rows(path, ws.iter_rows(), name, limits), hidden_rows)
        out.append(SourceSheet(name, rows, merges, hidden_cols, functools.partial(_cached_in, cached, name),
                               kind="xlsx"))
    return out


def _cached_in(cached: _CachedValues, sheet: str, row: int, col: int) -> Any:
    return cached.value(sheet, row, col)


def _xlsx_rows(rows: Iterator, hidden: set[int]) -> Iterator[SourceRow]:
    """openpyxl rows with content as :class:`SourceRow` objects (empty rows are dropped, not counted)."""
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
_XML_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?\bref=\"([A-Z]{1,3}\d{1,7}(?::[A-Z]{1,3}\d{1,7})?)\"")
_XML_ATTR = re.compile(rb"\b(min|max|hidden)=\"([^\"]*)\"")
#: merged ranges kept per sheet; more are ignored (a real list has a few hundred)
MAX_MERGES = 20_000


def _xlsx_layout(path: Path, member: str | None, limits: Limits
                 ) -> tuple[set[int], frozenset[int], list[tuple[int, int, int, int]]]:
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
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError):
        return set(), frozenset(), []  # openpyxl meets the same damage and raises its typed error
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
        merges.append(_range(m.group(1).decode("ascii")))
    return hidden_rows, frozenset(hidden_cols), merges


def _range(ref: str) -> tuple[int, int, int, int]:
    """``"B3:D5"`` → (3, 2, 5, 4): (min_row, min_col, max_row, max_col)."""
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return min_row, min_col, max_row, max_col


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


def _guarded_rows(path: Path, rows, sheet: str, limits: Limits):
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

    def __init__(self, openpyxl, path: Path):
        self._openpyxl, self._path = openpyxl, path
        self._wb: Any = None
        self._iters: dict[str, Any] = {}
        self._current: dict[str, tuple[int, tuple]] = {}

    def value(self, sheet: str, row: int, column: int) -> Any:
        if self._wb is None:
            self._wb = _load(self._openpyxl, self._path, data_only=True)
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


# --------------------------------------------------------------------------------------------------
# Header detection and row building (shared by every format)

#: A section heading between blocks of vendors ("I. KHU THỰC PHẨM", "A. Hàng khô", "KHU A", "Dãy B"),
#: matched on text.fold().
_HEADING = re.compile(r"^(?:(?:[ivxlc]{1,5}|[a-z]|\d{1,2})[.)]\s+\S|(?:khu|day|zone|block|area|section|tang)\b)")
_ENUMERATOR = re.compile(r"^\s*(?:[IVXLCivxlc]{1,5}|[A-Za-z]|\d{1,2})[.)]\s+")
#: The signature block and place/date lines under a table, on text.fold().
_SIGNATURE = re.compile(
    r"^(?:nguoi lap|lap bieu|xac nhan|t\.?\s?m\.?\s|t/m\b|truong ban|pho (?:truong )?ban|ban quan ly|"
    r"thu truong|ke toan|chu tich|giam doc|can bo|\(?ky(?:,|\s+ten\b|\s+va\s+(?:ghi|dong)|\s+ghi)|\(ky\b|dong dau|"
    r"prepared by|approved by|signature)"
    r"|\bngay\b.{0,20}\bthang\b.{0,20}\bnam\b|^.{1,40},\s*ngay\b"
)
_COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?$")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fields_of(values: list) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        f = header_field(v)
        if f:
            found.setdefault(f, []).append(i)
    return found


def _complete(found: dict[str, list[int]]) -> bool:
    names = set(found) | ({"name"} if "holder" in found else set())
    if "payload" in found:  # a "Mã QR" column says the bank and the account (issue 14)
        names |= {"bank", "account"}
    return all(f in names for f in REQUIRED)


def _find_header(scan: list[tuple[int, list]]) -> tuple[int, dict[str, list[int]], dict[str, str]] | None:
    """The first row that names the required fields: (row number, field → indices, field → label).

    A two-row header counts too: a group title row ("Thông tin tài khoản" over
    "Ngân hàng | Số tài khoản") whose other titles stand above, or are merged
    down onto, the row below. The header row is then the lower one.
    """
    row_no, values = scan[-1]
    found = _fields_of(values)
    if _complete(found):
        return row_no, found, {f: str(values[idx[0]]) for f, idx in found.items()}
    if len(scan) >= 2 and scan[-2][0] == row_no - 1:
        upper = scan[-2][1]
        merged = list(values) + [None] * max(0, len(upper) - len(values))
        for i, v in enumerate(upper):
            if header_field(merged[i]) is None and header_field(v) is not None:
                merged[i] = v
        found = _fields_of(merged)
        if _complete(found):
            return row_no, found, {f: str(merged[idx[0]]) for f, idx in found.items()}
    return None


def _best_partial(scan: list[tuple[int, list]]) -> list[str]:
    best: list[str] = []
    for _, values in scan:
        labels = [str(v).strip() for v in values if header_field(v) in REQUIRED or header_field(v) == "holder"]
        if len(labels) > len(best):
            best = labels
    return best


class _NoHeader(Exception):
    """A sheet without a header row; ``found`` lists the header labels it did recognise."""

    def __init__(self, found: list[str]):
        super().__init__(found)
        self.found = found


class _Merges:
    """Merged ranges applied row by row: every row of a range gets the values of its first row.

    Ranges are walked in row order with a list of the active ones, so a sheet
    with thousands of merges costs one pass, not rows × merges.
    """

    def __init__(self, merges: list[tuple[int, int, int, int]], columns: int):
        self._pending = sorted(m for m in merges if m[2] > m[0] or m[3] > m[1])
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
                if _is_blank(cell_value(out[c])):
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
           chosen: Columns | None = None) -> Table:
    """Build a :class:`Table` from a :class:`SourceSheet`.

    Raises :class:`_NoHeader` when no row in the first ``limits.header_scan``
    rows with content names the required fields.
    """
    merges = _Merges(src.merges, limits.columns)
    rows = _capped(iter(src.rows), path, src.name, limits)
    scan: list[tuple[int, list]] = []
    header = None
    for srow in rows:
        srow = merges.fill(srow)
        scan.append((srow.row, [cell_value(c) for c in srow.cells]))
        header = _find_header(scan)
        if header or len(scan) >= limits.header_scan:
            break
    if header is None:
        raise _NoHeader(_best_partial(scan))
    header_row, found, labels = header
    header_values = scan[-1][1]
    if chosen:
        _choose(found, labels, header_values, chosen, src.name)
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
    first_header = header_row - 1 if len(scan) >= 2 and not _complete(_fields_of(scan[-1][1])) else header_row
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
    read_at = {i for idx in found.values() for i in idx}
    table.ignored = {_letter(i): text.collapse(str(v)) for i, v in enumerate(header_values)
                     if i not in read_at and not _is_blank(v)}
    table.rows = _data_rows(table, columns, rows, merges, src, limits, include_hidden)
    return table


def _column_number(letters: str) -> int:
    """Excel letters to a 1-based column number; 0 for anything that is not column letters."""
    letters = letters.strip().upper()
    if not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return 0
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _choose(found: dict[str, list[int]], labels: dict[str, str], values: list, chosen: Columns, sheet: str) -> None:
    """Apply a user's column choices to what header matching ``found``: the chosen field is read from that column
    only. A choice naming an unknown field or column is a usage error; choices that leave a required field
    without a column make the sheet unreadable, as a header without it would."""
    for key, f in chosen.items():
        only, _, letters = key.rpartition("!")
        if only and only != sheet:
            continue
        number = _column_number(letters)
        if not number or (f and f not in (*FIELDS, "holder", "index")):
            raise InputError("E-COLUMN-CHOICE", field="file", value=f"{key}={f or ''}")
        i = number - 1
        for idx in found.values():
            if i in idx:
                idx.remove(i)
        if f:
            found[f] = [i]
            labels[f] = str(values[i]) if i < len(values) and not _is_blank(values[i]) else _letter(i)
    for f in [f for f, idx in found.items() if not idx]:
        del found[f]
        labels.pop(f, None)
    if not _complete(found):
        raise InputError("E-SHEET-NO-HEADER", field="file", value=sheet,
                         found=[labels[f] for f in found if f in REQUIRED or f == "holder"])


_EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!")


def _letter(index: int) -> str:
    """0-based column index to Excel letters (see :func:`qrsign.core.text.column_letter`)."""
    return text.column_letter(index + 1)


def _skip(table: Table, row_no: int, reason: str, zone: str | None) -> None:
    table.skipped[reason] = table.skipped.get(reason, 0) + 1
    table.skipped_at.append((row_no, reason, zone))


def _data_rows(table: Table, columns: dict[str, int], rows: Iterator[SourceRow], merges: _Merges,
               src: SourceSheet, limits: Limits, include_hidden: bool) -> Iterator[RawRow]:
    header_keys = {text.key(v) for v in table.headers.values()}
    index_col = columns.get("index")
    zone_from_headings = "zone" not in columns
    zone: str | None = None
    footer = False
    since_header = 0
    for srow in rows:
        srow = merges.fill(srow)
        row_no, row = srow.row, srow.cells
        values = [cell_value(c) for c in row]
        since_header += 1
        cells_in = {f: (values[i] if i < len(values) else None) for f, i in columns.items()}
        relevant = {f: v for f, v in cells_in.items() if f in FIELDS}
        if all(_is_blank(v) for v in relevant.values()):
            heading = _section_heading(values, row_no, index_col, merges)  # "I. KHU …" typed in the STT column
            if heading is not None:
                zone = heading if zone_from_headings else zone
                _skip(table, row_no, "section", zone)
            else:
                table.skipped["blank"] = table.skipped.get("blank", 0) + 1
            continue
        index = cells_in.get("index")
        if index_col is not None and isinstance(index, str) and text.key(index) in _EXAMPLE:
            _skip(table, row_no, "example", zone)
            name = relevant.get("name")
            table.examples.append((row_no, text.collapse(name) if isinstance(name, str) else ""))
            continue
        if since_header <= 2 and _is_column_numbers(relevant):  # "(1) (2) (3)" under the header
            _skip(table, row_no, "header", zone)
            continue
        if _is_repeated_header(relevant, header_keys):  # the header again, or an English header under it
            _skip(table, row_no, "header", zone)
            continue
        if _is_blank(relevant.get("bank")) and _is_totals(values, relevant):
            _skip(table, row_no, "totals", zone)
            continue
        no_account = _is_blank(relevant.get("account"))
        # a signature line has no account and no stall: "Kế Toàn" at stall 1 who lost her account is a vendor
        if no_account and _is_blank(relevant.get("stall")) and (
                footer or any(isinstance(v, str) and _SIGNATURE.search(text.fold(v)) for v in values)):
            footer = True  # the signature block: the names typed under it (in any column) are signers, not vendors
            _skip(table, row_no, "signature", zone)
            continue
        footer = False  # a row with an account or a stall ends the signature block
        if no_account and _is_blank(relevant.get("bank")):
            heading = _section_heading(values, row_no, index_col, merges)
            if heading is not None:
                if zone_from_headings:
                    zone = heading
                _skip(table, row_no, "section", zone)
                continue
        if not include_hidden:
            left_out = _left_out(srow, columns)
            if left_out:
                name = relevant.get("name")
                shown = text.collapse(name) if isinstance(name, str) else str(name or "")
                _skip(table, row_no, left_out, zone)
                table.notices.append((row_no, "W-ROW-HIDDEN" if left_out == "hidden" else "W-ROW-STRUCK",
                                      table.columns.get("name"), shown))
                continue
        raw_cells = {}
        for f, v in relevant.items():
            i = columns[f]
            cell = row[i] if i < len(row) else None
            raw_cells[f] = _cell(f, v, cell, _letter(i), row_no, i + 1, src.cached or _own_cached(row), limits)
        if zone_from_headings and zone:
            raw_cells["zone"] = Cell(zone, "")
        yield RawRow(sheet=table.sheet, row=row_no, cells=raw_cells)


def _own_cached(row: list) -> Any:
    """A ``cached(row, col)`` for formats whose formula cells carry their stored result themselves."""
    def cached(_row_no: int, col_no: int) -> Any:
        cell = row[col_no - 1] if 0 < col_no <= len(row) else None
        return getattr(cell, "cached", None)
    return cached


def _left_out(srow: SourceRow, columns: dict[str, int]) -> str | None:
    """"hidden" for a hidden or filtered-out row, "struck" when the name or account is struck through."""
    if srow.hidden:
        return "hidden"
    for f in ("name", "account"):
        i = columns.get(f)
        if i is not None and i < len(srow.cells) and not _is_blank(cell_value(srow.cells[i])) \
                and is_struck(srow.cells[i]):
            return "struck"
    return None


def _is_column_numbers(relevant: dict) -> bool:
    """A row of column numbers ("(1) (2) (3)", "1 2 3", "A B C") under the header."""
    shown = [v for v in relevant.values() if not _is_blank(v)]
    if len(shown) < 3:
        return False
    out = []
    for v in shown:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer() and 0 <= v < 100:
            out.append(str(int(v)))
        elif isinstance(v, str) and _COLUMN_NUMBER.match(v.strip()):
            out.append(v)
        else:
            return False
    return True


def _is_repeated_header(relevant: dict, header_keys: set[str]) -> bool:
    """The header again further down, or an English header under the Vietnamese one: its account cell is a label."""
    account = relevant.get("account")
    if not isinstance(account, str):
        return False
    if text.key(account) not in header_keys and (  # real accounts have digits: skip the slower alias lookup
            any(ch.isdigit() for ch in account) or header_field(account) != "account"):
        return False
    return sum(header_field(v) is not None for v in relevant.values()) >= 3


def _section_heading(values: list, row_no: int, index_col: int | None, merges: _Merges) -> str | None:
    """The text of a section heading row ("KHU A", "I. KHU THỰC PHẨM"), or None.

    One cell with text (an enumerator in the STT column aside), typed across
    merged columns or shaped like a heading: a vendor row that lost its bank
    and account has a name *and* a stall, and stays a rejected row.
    """
    shown = [(i, v) for i, v in enumerate(values) if not _is_blank(v)]
    if index_col is not None and len(shown) == 2 and shown[0][0] == index_col \
            and isinstance(shown[0][1], str) and _COLUMN_NUMBER.match(shown[0][1].strip().rstrip(".")):
        shown = shown[1:]
    if len(shown) != 1 or not isinstance(shown[0][1], str):
        return None
    i, v = shown[0]
    label = text.collapse(v)
    if len(label) > 80:
        return None
    if (row_no, i) in merges.across or _HEADING.match(text.fold(label)):
        return _ENUMERATOR.sub("", label).strip(" :-–") or label
    return None


def _is_totals(values: list, relevant: dict) -> bool:
    """A totals row: a totals label, no bank, and no account (or a count/sum typed in the account column)."""
    account = relevant.get("account")
    count = isinstance(account, (int, float)) and not isinstance(account, bool) or (
        isinstance(account, str) and account.strip().isdigit() and len(account.strip()) <= 5)
    if not (_is_blank(account) or count) or not _is_blank(relevant.get("bank")):
        return False
    if any(isinstance(v, str) and _TOTALS.match(text.fold(v)) for v in values):
        return True
    # "Cộng khu C: 3 hộ": only without a stall, so a vendor named "Công Toàn" at stall 3 stays a vendor
    return _is_blank(relevant.get("stall")) and any(isinstance(v, str) and _TOTALS_OF.match(text.fold(v))
                                                    for v in values)


#: "Cộng khu C: 3 hộ", "Tổng khu A", "Tổng số hộ": totals of a block.
_TOTALS_OF = re.compile(r"^(?:tong|cong)\s+(?:khu|day|cho|toan|so|cac|nhom)\b")


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
    if data_type == "e" or (isinstance(value, str) and value in _EXCEL_ERRORS):
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


# --------------------------------------------------------------------------------------------------
# csv


def _decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 ("Unicode Text"), else cp1258 as old Excel saves it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def csv_rows(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> Iterator[list[str | None]]:
    """The records of a CSV file as :func:`read` sees them: decoded, NFC, delimiter sniffed, empty cells None.

    Public so that other modules (the error report) number rows exactly as
    ``check`` did: record ``n`` of this iterator is row ``n`` of the problems.
    The size and binary checks run at once; records are read lazily.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise InputError("E-CSV-TOO-LARGE", field="file", value=str(path), detail=f"{size / 2**20:.0f} MB")
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("E-FILE-TYPE", field="file", value=str(path))
    content = text.nfc(_decode_csv(data))
    sample = content[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        delimiter = max(counts, key=lambda d: counts[d])
    csv.field_size_limit(max(limits.cell_chars * 4, 131072))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)

    def rows():
        try:
            for n, row in enumerate(reader, start=1):
                if n > limits.rows + limits.header_scan:
                    raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path), sheet=path.stem,
                                     limit=limits.rows)
                yield [c if c != "" else None for c in row[: limits.columns]]
        except csv.Error as exc:
            raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=str(exc)) from None

    return rows()


def _csv_source_rows(path: Path, limits: Limits) -> Iterator[SourceRow]:
    """CSV records as :class:`SourceRow` objects of text cells, numbered as :func:`csv_rows` numbers them."""
    for n, record in enumerate(csv_rows(path, limits), start=1):
        yield SourceRow(n, [None if v is None else SourceCell(v, "s") for v in record])
