"""What a row means beyond its cells: ditto marks, and vendors who left the market.

Ward offices keep history in their lists and write the way people write on
paper. Two habits change what a row means, and both are read here, before the
row's cells are checked:

- **Ditto marks.** "như trên", "nt", "n.t", "-nt-", "〃", a lone quote, a run of
  dashes or an em dash in a cell mean "the same as the row above" (a vendor's
  second account, the same bank). The value of the row above is taken, with a
  warning that shows it (W-CELL-DITTO); a row with nothing above it to copy
  (the first row, or the first row after a section heading) is refused
  (E-CELL-DITTO-NONE). A lone "-" is "nothing", not a ditto.
- **Vendors who left.** A status ("Nghỉ bán", "Đã nghỉ", "Thôi kinh doanh",
  "Đã chuyển đi"), a note ("thôi kinh doanh từ tháng 9", "đã trả ki-ốt",
  "sang nhượng cho …") or a note in brackets after the name ("Nguyễn Văn A (đã
  nghỉ)") says the vendor left: no sign, a warning naming the cell (W-ROW-LEFT),
  and the row is counted with the rows that are not vendors, like a hidden row.
  A pause ("tạm nghỉ", "tạm ngừng") is not leaving: the sign is still built.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from qrsign.core import names, text
from qrsign.errors import DataError
from qrsign.intake import sheet as sheetmod
from qrsign.models import Problem

#: A ditto mark, on text.fold(): quotes (", “, ”, 〃, ″, ''), two dashes or more, an em dash, "như trên", "nt".
_DITTO = re.compile(
    r"^(?:[\"'\u201c\u201d\u2033\u3003]+|[-\u2010-\u2015\u2212]{2,}|[\u2014\u2015]"
    r"|-?\s*(?:nt|n\s?\.\s?t\.?|n/t|nhu\s+tren|nhu\s+t\.?)\s*-?\.?)$"
)
#: Fields a ditto mark is read in (a payload or a picture's file name is drawn byte for byte, never copied).
DITTO_FIELDS = ("name", "stall", "bank", "account", "card", "trade", "phone", "market", "zone", "note", "status")

#: Words that say a vendor left the market, on text.fold().
_LEFT = re.compile(
    r"\b(?:da nghi|nghi ban|nghi han|nghi luon|nghi kinh doanh|thoi kinh doanh|thoi ban|ngung kinh doanh|"
    r"ngung ban|dung kinh doanh|dung ban|khong con (?:kinh doanh|ban)|da chuyen di|chuyen di noi khac|"
    r"tra (?:lai )?(?:ki ?-? ?ot|quay|sap|mat bang|cua hang)|sang nhuong|da ban lai|qua doi|da mat|giai the)\b"
)
#: A whole status cell that says the vendor left ("Nghỉ", "Không hoạt động").
_LEFT_STATUS = re.compile(r"^(?:nghi|khong hoat dong|ngung hoat dong|het hop dong|da thanh ly(?: hop dong)?)\.?$")
#: A pause is not leaving; taking over a stall ("nhận sang nhượng từ …") is arriving.
_NOT_LEFT = re.compile(r"\btam (?:nghi|ngung|dung)\b|\bnhan sang nhuong\b.*|\bsang nhuong tu\b.*")


#: The first characters a ditto mark can start with (a quick test: most cells are names, stalls, numbers).
_DITTO_STARTS = frozenset("\"'\u201c\u201d\u2033\u3003-\u2010\u2011\u2012\u2013\u2014\u2015\u2212nN")


def is_ditto(value: str) -> bool:
    """``value`` is a ditto mark ("như trên", "nt", 〃, "-----")."""
    s = value.strip()
    if not s or len(s) > 16 or s[0] not in _DITTO_STARTS:
        return False
    s = text.collapse(s)
    return len(s) <= 12 and bool(_DITTO.match(text.fold(s)))


def says_left(value: str, *, status: bool = False) -> bool:
    """``value`` (a status or a note) says the vendor left the market; a pause does not."""
    return _says_left(value, status)


@functools.lru_cache(maxsize=4096)
def _says_left(value: str, status: bool) -> bool:  # a column of notes repeats its few values
    folded = _NOT_LEFT.sub(" ", text.fold(value))
    return bool(_LEFT.search(folded)) or (status and bool(_LEFT_STATUS.match(folded.strip())))


class Reader:
    """Reads the rows of one table in order: ditto marks resolved, vendors who left found.

    After :meth:`read`, ``left`` holds the W-ROW-LEFT problem of the row when the vendor left, else None.
    """

    def __init__(self, table: sheetmod.Table):
        self.table = table
        self.left: Problem | None = None
        self._above: sheetmod.RawRow | None = None
        self._skips = 0

    def read(self, raw: sheetmod.RawRow) -> tuple[sheetmod.RawRow, list[Problem]]:
        problems: list[Problem] = []
        if any(reason == "section" for _, reason, _ in self.table.skipped_at[self._skips:]):
            self._above = None  # a new section: "như trên" never reaches over its heading
        raw = self._dittos(raw, problems)
        self._above = raw
        self.left = _left(raw)
        if self.left is not None:
            problems.append(self.left)
        self._skips = len(self.table.skipped_at) + (1 if self.left is not None else 0)
        return raw, problems

    def _dittos(self, raw: sheetmod.RawRow, problems: list[Problem]) -> sheetmod.RawRow:
        if not any(f in raw.cells and is_ditto(raw.cells[f].text) for f in DITTO_FIELDS):
            return raw  # the usual row: no mark to resolve
        cells = dict(raw.cells)
        for f in DITTO_FIELDS:
            cell = cells.get(f)
            if cell is None or cell.problem is not None or not is_ditto(cell.text):
                continue
            above = self._above.cells.get(f) if self._above is not None else None
            if above is None or (not above.text.strip() and above.problem is None):
                cells[f] = sheetmod.Cell("", cell.column, DataError("E-CELL-DITTO-NONE", field=f,
                                                                  value=text.collapse(cell.text)), "error")
                continue
            assert self._above is not None
            cells[f] = replace(above, column=cell.column)
            problems.append(Problem(code="W-CELL-DITTO", severity="warning", sheet=raw.sheet, row=raw.row,
                                    column=cell.column, field=f, value=text.collapse(cell.text),
                                    params={"taken": text.collapse(above.text), "above": self._above.row}))
        return raw if cells == raw.cells else sheetmod.RawRow(raw.sheet, raw.row, cells)


def _left(raw: sheetmod.RawRow) -> Problem | None:
    """W-ROW-LEFT on the cell that says the vendor left (the status, the note, or a note after the name)."""
    for f in ("status", "note", "name"):
        cell = raw.cells.get(f)
        if cell is None or not cell.text.strip():
            continue
        if f == "name" and "(" not in cell.text and "[" not in cell.text:
            continue  # only a note in brackets after the name says something
        said = names.without_notes(cell.text)[1] if f == "name" else [cell.text]
        if any(says_left(s, status=f == "status") for s in said):
            name = names.without_notes(text.collapse(raw.get("name")))[0]
            return Problem(code="W-ROW-LEFT", severity="warning", sheet=raw.sheet, row=raw.row, column=cell.column,
                           field=f, value=text.collapse(cell.text), params={"name": name or "—"})
    return None
