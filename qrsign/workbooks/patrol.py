"""The patrol sheet (``verify PHOTOS --against … --report audit.xlsx``): one coloured row per stall.

What the patrol found is :mod:`qrsign.proof.patrol`'s; this module only lays it out
in a workbook, through the shared cell writer (:mod:`.xlsx`), so a photo's file
name with a control character or a market name starting with ``=`` is written
safely, and the file is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qrsign.errors import InputError
from qrsign.proof.patrol import STATUSES, Patrol, who
from qrsign.workbooks import xlsx

#: Fill per status (ARGB): Excel's "Good", "Bad", "Neutral" tones and a grey, readable in greyscale too.
FILLS = {"ok": "FFC6EFCE", "foreign": "FFFFC7CE", "wrong_stall": "FFFFC7CE", "unreadable": "FFFFEB9C",
         "not_checked": "FFD9D9D9"}
_COLUMNS = ("market", "zone", "stall", "name", "sign_ids", "status", "photo", "time", "detail")
_WIDTHS = (18, 10, 8, 26, 22, 18, 28, 19, 30)
_HEADER = 5  # the row of column titles; the counts sit above it


def write_sheet(p: Patrol, path: str | Path, lang: str = "vi") -> Path:
    """One row per stall with its coloured status, the counts on top; written atomically."""
    import openpyxl
    from openpyxl.styles import Alignment

    from qrsign import fsutil

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("E-XLSX-TYPE", field="report", value=str(path))
    fsutil.prepare_file(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    _counts(ws, p, lang)
    last = _stall_rows(ws, p, lang)
    ws.freeze_panes = ws.cell(row=_HEADER + 1, column=1)
    ws.auto_filter.ref = f"A{_HEADER}:{_letter(len(_COLUMNS))}{max(last, _HEADER + 1)}"
    for row in ws.iter_rows(min_row=_HEADER + 1, max_row=last):
        for cell in row:
            cell.alignment = Alignment(vertical="top")
    ws.page_setup.orientation = "landscape"  # printed for the board: the whole width on one page
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    return xlsx.save_atomic(wb, path)


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _fill(status: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=FILLS[status])


def _counts(ws: Any, p: Patrol, lang: str) -> None:
    """The title, the count of stalls and of each status, and the column titles."""
    from openpyxl.styles import Font

    from qrsign.messages import ui

    ws.title = ui("patrol.sheet", lang)
    xlsx.put(ws.cell(1, 1), ui("patrol.title", lang, reference=p.reference), font=Font(bold=True, size=14))
    counts = p.counts()
    xlsx.put(ws.cell(2, 1), ui("patrol.count", lang), font=Font(bold=True))
    xlsx.put(ws.cell(3, 1), len(p.stalls))
    for i, status in enumerate(STATUSES, start=2):
        xlsx.put(ws.cell(2, i), ui(f"patrol.status.{status}", lang), font=Font(bold=True), fill=_fill(status))
        xlsx.put(ws.cell(3, i), counts[status], fill=_fill(status))
    for i, col in enumerate(_COLUMNS, start=1):
        xlsx.put(ws.cell(_HEADER, i), ui(f"patrol.col.{col}", lang), font=Font(bold=True))
        ws.column_dimensions[_letter(i)].width = _WIDTHS[i - 1]


def _stall_rows(ws: Any, p: Patrol, lang: str) -> int:
    """One row per stall, then one per photo that matched no stall; returns the last row written."""
    from qrsign.messages import ui

    for r, st in enumerate(p.stalls, start=_HEADER + 1):
        values = (st.market or "", st.zone or "", st.stall or "—", ", ".join(st.names),
                  " ".join(s.get("sign_id") or "" for s in st.signs), ui(f"patrol.status.{st.status}", lang),
                  Path(st.photo).name if st.photo else "", st.taken or "",
                  st.detail_text(lang))
        for c, value in enumerate(values, start=1):
            xlsx.put(ws.cell(r, c), value)
        ws.cell(row=r, column=6).fill = _fill(st.status)
    last = _HEADER + len(p.stalls)
    for photo in p.unassigned:
        last += 1
        xlsx.put(ws.cell(last, 6), "?")
        xlsx.put(ws.cell(last, 7), Path(photo.file).name)
        xlsx.put(ws.cell(last, 9), ui("patrol.no_code", lang) if not photo.codes else who(photo.codes[0]))
    return last
