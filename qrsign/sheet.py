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
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from qrsign import _compat, text
from qrsign.errors import DataError, InputError, InvalidFormat, InvalidLength, QrsignError

# --------------------------------------------------------------------------------------------------
# Limits


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or broken file from hanging qrsign or eating memory."""

    zip_total: int = 50 * 2**20  # uncompressed bytes of all members
    zip_member: int = 25 * 2**20  # uncompressed bytes of one member
    zip_ratio: int = 100  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 2**20
    zip_members: int = 500
    csv_bytes: int = 50 * 2**20
    rows: int = 100_000  # data rows per sheet
    columns: int = 200  # columns read per row
    header_scan: int = 30  # rows searched for the header
    cell_chars: int = 1_000  # characters kept from any cell


DEFAULT_LIMITS = Limits()

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
}
_ALIAS_TO_FIELD = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
#: Fields a sheet must have to make signs; the stall is wanted but not required.
REQUIRED = ("name", "bank", "account")
#: Fields whose cells are read (the index column is only used to spot example rows).
FIELDS = ("name", "stall", "bank", "account", "trade", "phone", "market", "zone", "note")

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


def read(path: str | os.PathLike, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> list[Table]:
    """Open ``path`` and return its vendor tables (one per sheet that has a header).

    Raises :class:`InputError` when the file cannot be used at all. The tables'
    rows are read lazily; iterate them in order.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(path))
    if p.is_dir():
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail="is a folder")
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail=exc.strerror) from None
    if not head:
        raise InputError("E-FILE-EMPTY", field="file", value=str(path))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("E-XLS-OLD", field="file", value=str(path))
    suffix = p.suffix.lower()
    if head.startswith(b"PK"):
        if suffix in (".ods", ".numbers"):
            raise InputError("E-FILE-TYPE", field="file", value=str(path))
        return _read_xlsx(p, sheet, limits)
    if suffix in (".xlsx", ".xlsm"):
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail="not a zip archive")
    if suffix in (".xls", ".ods", ".pdf", ".doc", ".docx", ".png", ".jpg", ".jpeg"):
        raise InputError("E-FILE-TYPE", field="file", value=str(path))
    return _read_csv(p, limits)


# --------------------------------------------------------------------------------------------------
# xlsx


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an archive whose directory promises too much data (zip bomb) before anything is inflated.

    ``zipfile`` never inflates past a member's declared size, so the declared
    sizes are a safe upper bound.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=str(exc)) from None
    except OSError as exc:
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail=str(exc)) from None
    if len(infos) > limits.zip_members:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{len(infos)} members")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError("E-XLS-OLD", field="file", value=str(path))
        total += info.file_size
        if info.file_size > limits.zip_member:
            raise InputError(
                "E-SHEET-TOO-LARGE", field="file", value=str(path),
                detail=f"{info.filename}: {info.file_size / 2**20:.0f} MB",
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            raise InputError(
                "E-SHEET-TOO-LARGE", field="file", value=str(path),
                detail=f"{info.filename}: ratio {info.file_size // max(info.compress_size, 1)}:1",
            )
    if total > limits.zip_total:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{total / 2**20:.0f} MB")


def _openpyxl():
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        raise InputError("E-SHEET-UNSAFE-PARSER", field="file")
    return openpyxl


def _load(openpyxl, path: Path, data_only: bool, read_only: bool = True):
    try:
        with _compat.fast_dimensions():  # only while the read-only sheets are created
            return openpyxl.load_workbook(path, read_only=read_only, data_only=data_only, keep_links=False)
    except QrsignError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files; one message for all
        raise _workbook_error(path, exc) from None


def _workbook_error(path: Path, exc: BaseException) -> InputError:
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    unsafe = _compat.unsafe_xml_errors()
    if any(isinstance(x, unsafe) for x in chain) or any(
        "amplification" in str(x) for x in chain
    ):
        return InputError("E-SHEET-UNSAFE", field="file", value=str(path))
    detail = f"{type(exc).__name__}: {str(exc)[:120]}"
    return InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=detail)


def _read_xlsx(path: Path, sheet: str | None, limits: Limits) -> list[Table]:
    check_zip(path, limits)
    openpyxl = _openpyxl()
    wb = _load(openpyxl, path, data_only=False)
    try:
        names = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    except Exception as exc:
        raise _workbook_error(path, exc) from None
    if sheet is not None:
        wanted = [n for n in wb.sheetnames if n == sheet] or [
            n for n in wb.sheetnames if text.fold(n) == text.fold(sheet)
        ]
        if not wanted:
            raise InputError("E-SHEET-NOT-FOUND", field="sheet", value=sheet, sheets=wb.sheetnames)
        names = wanted[:1]
    tables: list[Table] = []
    partial: list[str] = []
    cached = _CachedValues(openpyxl, path)
    for name in names:
        rows = _guarded_rows(path, wb[name].iter_rows(), name, limits)
        try:
            tables.append(_table(name, rows, limits, lambda row, col, n=name: cached.value(n, row, col)))
        except _NoHeader as missing:
            partial = max(partial, missing.found, key=len)
    if not tables:
        raise InputError("E-SHEET-NO-HEADER", field="file", value=str(path), found=partial)
    return tables


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
    """openpyxl rows, with parse errors turned into typed input errors and the row cap applied."""
    count = 0
    try:
        for row in rows:
            count += 1
            if count > limits.rows + limits.header_scan:
                raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path), sheet=sheet,
                                 limit=limits.rows)
            yield row[: limits.columns]
    except QrsignError:
        raise
    except Exception as exc:
        raise _workbook_error(path, exc) from None


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
# Header detection and row building (shared by xlsx and csv)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(scan: list[tuple[int, list]]) -> tuple[int, dict[str, list[int]], dict[str, str]] | None:
    """The first row that names the required fields: (row number, field → index, field → label)."""
    for row_no, values in scan:
        found: dict[str, list[int]] = {}
        for i, v in enumerate(values):
            f = header_field(v)
            if f:
                found.setdefault(f, []).append(i)
        names = set(found) | ({"name"} if "holder" in found else set())
        if all(f in names for f in REQUIRED):
            return row_no, found, {f: str(values[idx[0]]) for f, idx in found.items()}
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


def _table(sheet: str, rows: Iterator, limits: Limits, cached) -> Table:
    """Build a :class:`Table` from a sheet's row iterator (openpyxl cells or lists of strings).

    Raises :class:`_NoHeader` when no row in the first ``limits.header_scan`` names the required fields.
    """
    scan: list[tuple[int, list]] = []
    header = None
    for row in rows:
        scan.append(_row_values(row, len(scan) + 1))
        header = _find_header(scan[-1:])
        if header or len(scan) >= limits.header_scan:
            break
    if header is None:
        raise _NoHeader(_best_partial(scan))
    header_row, found, labels = header
    dup = {f: idx for f, idx in found.items() if len(idx) > 1 and f in ("name", "holder", "bank", "account", "stall")}
    if dup:
        f, idx = next(iter(dup.items()))
        raise InputError(
            "E-SHEET-DUP-HEADER", field=f, sheet=sheet, columns=[_letter(i) for i in idx], value=labels[f]
        )
    columns = {f: idx[0] for f, idx in found.items()}
    if "holder" in columns:  # the account holder's name is what banks show: it wins over "Họ tên"
        columns["name"] = columns.pop("holder")
        labels["name"] = labels.pop("holder")
    title = "\n".join(" ".join(str(v) for v in vals if isinstance(v, str)) for r, vals in scan if r < header_row)
    table = Table(
        sheet=sheet,
        header_row=header_row,
        columns={f: _letter(i) for f, i in columns.items() if f in FIELDS},
        headers={f: labels[f] for f in columns if f in FIELDS},
        title=title,
        rows=iter(()),
    )
    table.rows = _data_rows(table, columns, rows, cached, limits)
    return table


_EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!")


def _letter(index: int) -> str:
    """0-based column index to Excel letters (see :func:`qrsign.text.column_letter`)."""
    return text.column_letter(index + 1)


def _row_values(row, fallback_no: int) -> tuple[int, list]:
    """(row number, values) of an openpyxl row (cells know their row) or a CSV row (a list of strings)."""
    if row and hasattr(row[0], "value"):
        row_no = next((c.row for c in row if getattr(c, "row", None)), fallback_no)
        return row_no, [c.value for c in row]
    return fallback_no, list(row)


def _data_rows(table: Table, columns: dict[str, int], rows: Iterator, cached, limits: Limits) -> Iterator[RawRow]:
    header_keys = {text.key(v) for v in table.headers.values()}
    index_col = columns.get("index")
    next_no = table.header_row + 1
    for row in rows:
        row_no, values = _row_values(row, next_no)
        next_no = row_no + 1
        cells_in = {f: (values[i] if i < len(values) else None) for f, i in columns.items()}
        relevant = {f: v for f, v in cells_in.items() if f in FIELDS}
        if all(_is_blank(v) for v in relevant.values()):
            table.skipped["blank"] = table.skipped.get("blank", 0) + 1
            continue
        index = cells_in.get("index")
        if index_col is not None and isinstance(index, str) and text.key(index) in _EXAMPLE:
            table.skipped["example"] = table.skipped.get("example", 0) + 1
            name = relevant.get("name")
            table.examples.append((row_no, text.collapse(name) if isinstance(name, str) else ""))
            continue
        if _is_totals(values, relevant):
            table.skipped["totals"] = table.skipped.get("totals", 0) + 1
            continue
        account = relevant.get("account")
        if isinstance(account, str) and text.key(account) in header_keys and sum(
            header_field(v) is not None for v in relevant.values()
        ) >= 3:  # the header repeated further down (lists pasted together)
            table.skipped["header"] = table.skipped.get("header", 0) + 1
            continue
        raw_cells = {}
        for f, v in relevant.items():
            i = columns[f]
            cell = row[i] if i < len(row) else None
            raw_cells[f] = _cell(f, v, cell, _letter(i), row_no, i + 1, cached, limits)
        yield RawRow(sheet=table.sheet, row=row_no, cells=raw_cells)


def _is_totals(values: list, relevant: dict) -> bool:
    if not _is_blank(relevant.get("account")) or not _is_blank(relevant.get("bank")):
        return False
    return any(isinstance(v, str) and _TOTALS.match(text.fold(v)) for v in values)


# --------------------------------------------------------------------------------------------------
# Cell conversion


def _cell(f: str, value: Any, cell: Any, letter: str, row_no: int, col_no: int, cached, limits: Limits) -> Cell:
    data_type = getattr(cell, "data_type", None)
    if data_type == "f":
        formula = str(value)
        stored = cached(row_no, col_no) if cached else None
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
    s = text.nfc(s)
    if s.startswith("'") and s[1:].lstrip(" ").startswith(text.FORMULA_TRIGGERS):
        s = s[1:]  # the quote qrsign's own report put before "=", "+", "-", "@": the value is what follows
    if f == "account" and _SCIENTIFIC.match(s):
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
            if f == "account":
                return _bad(letter, InvalidFormat("E-ACCOUNT-DECIMAL", field=f, value=repr(value)))
            return Cell(repr(value), letter)
        if abs(value) >= 1e15 and f == "account":
            return _bad(letter, InvalidFormat("E-ACCOUNT-DIGITS-LOST", field=f, value=f"{value:.15g}"))
        value = int(value)
    digits = str(value)
    if f == "account":
        if abs(value) >= 10**15:
            return _bad(letter, InvalidFormat("E-ACCOUNT-DIGITS-LOST", field=f, value=digits))
        zeros = fmt.strip()
        if zeros and set(zeros) == {"0"} and len(zeros) > len(digits):
            restored = digits.zfill(len(zeros))
            return Cell(restored, letter, DataError("W-ACCOUNT-ZEROS-RESTORED", field=f, value=restored, format=fmt),
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


def _read_csv(path: Path, limits: Limits) -> list[Table]:
    rows = csv_rows(path, limits)
    try:
        return [_table(path.stem, rows, limits, None)]
    except _NoHeader as missing:
        raise InputError("E-SHEET-NO-HEADER", field="file", value=str(path), found=missing.found) from None
