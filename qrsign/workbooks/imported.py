"""The workbook ``qrsign import`` writes: the starter's layout, one row per QR code found, the payload verbatim.

The rows come from :func:`qrsign.intake.importer.import_images`; the volunteer fills in what is missing and runs
``check`` and ``build`` as on any list.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from qrsign import fsutil
from qrsign.intake.importer import ImportResult
from qrsign.workbooks import xlsx
from qrsign.workbooks.starter import COLUMNS, PAYLOAD_COLUMNS, build_workbook


def write_workbook(result: ImportResult, path: str | os.PathLike, market: str | None = None,
                   lang: str = "vi") -> dict[str, Any]:
    """Write the rows into the starter's layout with the "Mã QR" and "Tệp ảnh" columns, atomically.

    Rows go below the starter's example row (which ``check`` skips); the
    payload is stored as text exactly as decoded.
    """
    target = fsutil.prepare_file(path)
    wb, header_row = build_workbook(market, file_name=Path(path).name, lang=lang, payload_columns=True)
    ws = wb.worksheets[0]
    col_of = {f: i for i, (f, _) in enumerate(COLUMNS + PAYLOAD_COLUMNS, start=2)}
    first = header_row + 2  # below the example row
    for n, row in enumerate(result.rows, start=1):
        r = first + n - 1
        ws.cell(r, 1).value = n
        for f, value in (("name", row.name), ("stall", row.stall), ("bank", row.bank), ("account", row.account),
                         ("image", row.image)):
            if value:
                xlsx.put(ws.cell(r, col_of[f]), value)
        # never neutralised or normalised: the exact payload (one a workbook cannot hold is refused when read)
        xlsx.put(ws.cell(r, col_of["payload"]), row.payload, verbatim=True, number_format="@")
    xlsx.save_atomic(wb, target)
    return {"file": str(target), "header_row": header_row, "first_row": first, "rows": len(result.rows)}
