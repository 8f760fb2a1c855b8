"""The baseline: "the usual way" peer tools make QR stall signs, for qrsign's benchmark to beat.

    python benchmarks/baseline.py SHEET.xlsx -o signs.pdf

One process, one PDF, one A6 page per sign:

- rows are read with openpyxl (header row found by its labels);
- each VietQR payload is built with ``qrsign.core.vietqr.encode`` / ``qrsign.core.banks.find``
  (the payload is not what is measured; it costs ~20 µs);
- each QR is rendered by python-qrcode (``QRCode(error_correction=M)``,
  ``make(fit=True)``, ``make_image()``) to PNG bytes and placed with reportlab's
  ``drawImage``;
- the page is drawn inline (header band, border, warning strip) with the same
  lines of text a qrsign sign carries: header, holder name, name, grouped
  account, bank, stall, warning, footer, in Be Vietnam Pro TTF (embedded,
  subset) from ``qrsign.render.fonts.font_path``.

Nothing here is tuned: it is the straightforward script the issue's "about 16 s
per 1,000 A6 signs and 9.5 KB per sign" describes.

ReportLab's optional C accelerator
----------------------------------
``pip install reportlab qrcode pillow`` — what peer tools install — gives
reportlab *without* its optional C accelerator (``rl_accel``, a separate PyPI
package providing the ``_rl_accel`` extension); reportlab then falls back to
pure-Python ``fp_str``, ``asciiBase85Encode``, ``instanceStringWidthTTF``,
``escapePDF``… qrsign depends on ``rl_accel``, so it is installed in qrsign's
venv, where the baseline would silently pick it up too. ``--no-accel`` runs the
baseline as peer tools run it: ``sys.modules["_rl_accel"] = None`` is set
before anything imports reportlab (so ``from _rl_accel import …`` raises
ImportError, exactly as when the package is absent), and after the imports the
script checks that ``reportlab.lib.rl_accel.asciiBase85Encode`` is the
pure-Python ``_py_asciiBase85Encode``. Either way the mode that ran is printed
on a ``BASELINE-MODE {json}`` line that ``bench.py`` reads back.

    python benchmarks/baseline.py SHEET.xlsx -o signs.pdf --no-accel   # peer baseline (judged)
    python benchmarks/baseline.py SHEET.xlsx -o signs.pdf              # with rl_accel if installed (info)
"""

from __future__ import annotations

import sys

# Must run before anything imports reportlab (qrsign.render.fonts does too): see "ReportLab's optional C accelerator".
NO_ACCEL = "--no-accel" in sys.argv[1:]
if NO_ACCEL:
    sys.modules["_rl_accel"] = None  # type: ignore[assignment]  # import of _rl_accel now raises ImportError

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import qrcode  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from reportlab.lib.pagesizes import A6  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from qrsign.core import banks
from qrsign.render import fonts
from qrsign.core import vietqr  # noqa: E402
from qrsign.core.text import bank_style, group4  # noqa: E402


def accel_mode() -> dict:
    """Which reportlab helpers this process really uses: the C accelerator or the pure-Python fallbacks."""
    from reportlab.lib import rl_accel

    fn = rl_accel.asciiBase85Encode
    where = f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', getattr(fn, '__name__', '?'))}"
    return {
        "rl_accel": where.startswith("_rl_accel."),
        "asciiBase85Encode": where,
        "c_functions": sorted(rl_accel._c_funcs),  # empty without the accelerator
        "blocked": NO_ACCEL,
    }

FONTS = {"regular": "BV-Regular", "medium": "BV-Medium", "bold": "BV-Bold", "extrabold": "BV-ExtraBold"}
HEADERS = {"name": ("họ và tên", "họ tên", "tên"), "stall": ("số quầy", "quầy"), "bank": ("ngân hàng",),
           "account": ("số tài khoản", "stk")}


def register_fonts() -> None:
    for style, name in FONTS.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts.font_path(style))))


def read_rows(path: str):
    """(market, rows): the market from a "… CHỢ X" title row, rows as dicts of the header's columns."""
    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    market, cols = "", None
    for row in ws.iter_rows(values_only=True):
        cells = ["" if v is None else str(v).strip() for v in row]
        if cols is None:
            low = [c.lower() for c in cells]
            if "số tài khoản" in low:
                cols = {f: next(i for i, c in enumerate(low) if c in names) for f, names in HEADERS.items()}
            elif cells and "CHỢ" in cells[0]:
                market = "Chợ" + cells[0].split("CHỢ", 1)[1].title()
            continue
        if not any(cells):
            continue
        yield market, {f: cells[i] for f, i in cols.items()}
    wb.close()


def qr_png(payload: str) -> bytes:
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(payload)
    q.make(fit=True)
    img = q.make_image()
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def centred(c: Canvas, font: str, size: float, y_mm: float, text: str, width_mm: float = 95) -> None:
    """Draw ``text`` centred at ``y_mm`` from the top, shrunk to fit ``width_mm``."""
    w = pdfmetrics.stringWidth(text, font, size)
    if w > width_mm * mm:
        size = size * width_mm * mm / w
    c.setFont(font, size)
    c.drawCentredString(A6[0] / 2, A6[1] - y_mm * mm, text)


def draw_sign(c: Canvas, market: str, row: dict, date_text: str) -> None:
    bank = banks.find(row["bank"])
    account = row["account"]
    payload = vietqr.encode(bank.bin, account)
    holder = bank_style(row["name"])
    W, H = A6
    # page furniture, drawn inline on every page
    c.setStrokeColorRGB(0.8, 0.1, 0.1)
    c.setLineWidth(1.2)
    c.rect(3 * mm, 3 * mm, W - 6 * mm, H - 6 * mm)
    c.setFillColorRGB(0.78, 0.06, 0.12)
    c.rect(3 * mm, H - 19 * mm, W - 6 * mm, 16 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    centred(c, FONTS["extrabold"], 15, 11, "QUÉT MÃ ĐỂ THANH TOÁN")
    centred(c, FONTS["medium"], 7, 16, "Chuyển khoản VietQR · NAPAS 247 · mọi ứng dụng ngân hàng")
    # the QR, as a PNG image
    c.drawImage(ImageReader(io.BytesIO(qr_png(payload))), (W - 70 * mm) / 2, H - 91 * mm, 70 * mm, 70 * mm)
    c.setFillColorRGB(0, 0, 0)
    centred(c, FONTS["extrabold"], 16, 97, holder)
    c.setFillColorRGB(0.2, 0.2, 0.2)
    centred(c, FONTS["regular"], 10, 102.5, row["name"])
    c.setFillColorRGB(0, 0, 0)
    centred(c, FONTS["bold"], 16, 110, group4(account))
    c.setFillColorRGB(0.04, 0.31, 0.54)
    centred(c, FONTS["bold"], 11, 116, bank.short_name)
    c.setFillColorRGB(0, 0, 0)
    stall = f"Quầy {row['stall']}" if row["stall"] else ""
    centred(c, FONTS["bold"], 11, 122, " · ".join(x for x in (stall, market) if x))
    # anti-swap warning strip
    c.setFillColorRGB(1, 0.96, 0.8)
    c.setStrokeColorRGB(0.88, 0.66, 0)
    c.setLineWidth(0.8)
    c.rect(6 * mm, H - 139 * mm, W - 12 * mm, 14 * mm, stroke=1, fill=1)
    c.setFillColorRGB(0, 0, 0)
    warning = f"Trước khi chuyển, kiểm tra tên người nhận trong ứng dụng là {holder}."
    centred(c, FONTS["medium"], 7.5, 130, warning, width_mm=88)
    centred(c, FONTS["medium"], 7.5, 135, "Nếu tên khác: đừng chuyển, báo ngay cho người bán.", width_mm=88)
    c.setFillColorRGB(0.33, 0.33, 0.33)
    centred(c, FONTS["regular"], 6, 143.5, f"Mã biển {payload[-4:]} · In ngày {date_text} · baseline")
    c.showPage()


def build(sheet: str, out: str) -> int:
    register_fonts()
    c = Canvas(out, pagesize=A6)
    c.setTitle("VietQR stall signs (baseline)")
    date_text = dt.date.today().strftime("%d/%m/%Y")
    n = 0
    for market, row in read_rows(sheet):
        draw_sign(c, market, row, date_text)
        n += 1
    c.save()
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Baseline: python-qrcode PNG + reportlab drawImage, A6, one process.")
    ap.add_argument("sheet")
    ap.add_argument("-o", "--output", required=True, help="the PDF to write")
    ap.add_argument("--no-accel", action="store_true",
                    help="run as peer tools do, without reportlab's optional C accelerator rl_accel (the flag is "
                         "acted on before reportlab is imported; see the module docstring)")
    args = ap.parse_args(argv)
    mode = accel_mode()
    print("BASELINE-MODE " + json.dumps(mode), flush=True)
    if args.no_accel and mode["rl_accel"]:
        print(f"error: --no-accel, but reportlab still uses {mode['asciiBase85Encode']}", file=sys.stderr)
        return 3
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    n = build(args.sheet, args.output)
    print(f"{n} signs -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
