"""Write a deterministic vendor sheet (.xlsx) of N rows for the benchmarks.

    python benchmarks/make_sheet.py 1000 -o benchmarks/_work/vendors-1000.xlsx

Rows come from :func:`qrsign.render.samples.vendors` (fixed seed, one market). The
layout is what a market board types: a title row naming the market, then the
header ``STT, Họ và tên, Số quầy, Ngân hàng, Số tài khoản, Số điện thoại, Ghi
chú``, with account numbers stored as text (``@`` format) so leading zeros
survive. The file's bytes do not depend on when it is written (fixed workbook
dates), so the same N always gives the same sheet.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]
MARKET = "Chợ Đồng Xa"
SEED = 2026
_FIXED = dt.datetime(2026, 1, 1)


def rows(n: int, seed: int = SEED, market: str = MARKET) -> list[dict]:
    from qrsign.render.samples import vendors

    return vendors(n, seed=seed, market=market)


def write_sheet(path: str | Path, n: int, seed: int = SEED, market: str = MARKET) -> Path:
    """Write ``n`` vendors of one market to ``path`` (.xlsx); returns the path."""
    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    wb.properties.created = _FIXED
    wb.properties.modified = _FIXED
    wb.properties.creator = "qrsign benchmarks"
    ws = wb.active
    ws.title = "Danh sách"
    ws.append([f"DANH SÁCH TIỂU THƯƠNG {market.upper()}"])
    ws.append(HEADER)
    for i, v in enumerate(rows(n, seed, market), start=1):
        ws.append([i, v["name"], v["stall"], v["bank"], v["account"], v["phone"], v["trade"]])
        r = ws.max_row
        ws.cell(r, 5).data_type = "s"
        ws.cell(r, 5).number_format = "@"
        ws.cell(r, 6).number_format = "@"
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["D"].width = 14
    ws.column_dimensions["E"].width = 22
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_normalised(buf.getvalue()))
    return path


def _normalised(xlsx: bytes) -> bytes:
    """The same workbook with fixed zip timestamps and save date, so equal data gives equal bytes."""
    out = io.BytesIO()
    stamp = _FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + stamp + rb"\g<2>",
                              data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of vendor rows")
    ap.add_argument("-o", "--output", required=True, help="the .xlsx to write")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--market", default=MARKET)
    args = ap.parse_args(argv)
    write_sheet(args.output, args.n, args.seed, args.market)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
