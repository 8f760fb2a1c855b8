"""The withdraw list (``thu-hoi.pdf``): the old signs a volunteer takes down, with a box to tick for each.

Written by ``build --since`` beside the reprints whenever there is something to
take down, so one walk through the market hangs the new signs and takes the
stale ones down: the signs of vendors who are gone, and the old copy of every
reprinted sign (new account, bank or name — or a stall move, where the old sign
still hangs at the old stall). One line per sign: the stall where it hangs,
holder, bank and the last digits of the account, the old sign's ID (printed on
the sign itself, so the right one is taken down), why (gone, or the new sign
that replaces it) and an empty box "đã thu hồi". Black text in DeviceGray
only, in the embedded font only: it is photocopied and printed on office
printers. Grouped by market and zone, in stall order.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from qrsign import fsutil
from qrsign.core import text
from qrsign.messages import ui
from qrsign.render import fonts

FILE_NAME = "thu-hoi.pdf"
_MM = 72 / 25.4
_PAGE_W, _PAGE_H = 210 * _MM, 297 * _MM
_MARGIN = 15 * _MM
_ROW_H = 9 * _MM
#: Column widths (mm): STT, stall, holder, bank and account, old sign ID, why, tick box.
_COLS = (8, 17, 47, 34, 27, 35, 12)


def _fit(value: str, font: str, size: float, width: float) -> float:
    """The font size (down to 6 pt) at which ``value`` fits ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 6 and stringWidth(value, font, size) > width:
        size -= 0.5
    return size


def why(entry: dict, lang: str) -> str:
    """Why the sign comes down: its vendor is gone, or a new sign replaces it (at another stall after a move)."""
    new_id = entry.get("new_sign_id")
    if not new_id:
        return ui("withdraw.why.gone", lang)
    if "stall" in entry.get("reasons", ()) and entry.get("new_stall"):
        return ui("withdraw.why.moved", lang, stall=entry["new_stall"], sign_id=new_id)
    return ui("withdraw.why.replaced", lang, sign_id=new_id)


def _sort_key(entry: dict) -> tuple:
    return (text.fold(entry.get("market") or ""), text.fold(entry.get("zone") or ""),
            text.natural_key(entry.get("stall") or ""), text.fold(entry.get("name") or ""))


def render(entries: list[dict], *, lang: str = "vi", date: dt.date | None = None,
           source: str = "") -> tuple[bytes, int]:
    """The withdraw list as PDF bytes (A4 portrait) and its number of pages."""
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = fonts.register("regular"), fonts.register("bold")
    buf = io.BytesIO()
    title = ui("withdraw.title", lang)
    # the initial font is the embedded one: reportlab would otherwise name Helvetica, a font the file does not
    # embed and never uses, on every page (a print shop's preflight flags it)
    c = Canvas(buf, pagesize=(_PAGE_W, _PAGE_H), invariant=1, pageCompression=1, initialFontName=regular)
    c.setTitle(title)
    c.setCreator("qrsign")
    date_text = text.show_date(date or dt.date.today())
    headers = [ui(f"withdraw.col.{k}", lang) for k in ("index", "stall", "holder", "bank", "sign_id", "why",
                                                       "done")]
    rows = sorted(entries, key=_sort_key)
    groups: dict[tuple, list[dict]] = {}
    for e in rows:
        groups.setdefault((e.get("market") or "", e.get("zone") or ""), []).append(e)
    page = [0]
    y = [0.0]

    def new_page() -> None:
        if page[0]:
            c.showPage()
        page[0] += 1
        c.setFillGray(0)
        c.setStrokeGray(0)
        c.setFont(bold, 15)
        c.drawString(_MARGIN, _PAGE_H - _MARGIN - 5 * _MM, title)
        c.setFont(regular, 9)
        c.drawString(_MARGIN, _PAGE_H - _MARGIN - 11 * _MM,
                     ui("withdraw.subtitle", lang, count=len(rows), date=date_text, source=source or "—"))
        c.drawRightString(_PAGE_W - _MARGIN, _MARGIN - 6 * _MM, ui("withdraw.page", lang, page=page[0]))
        y[0] = _PAGE_H - _MARGIN - 20 * _MM

    def header_row() -> None:
        x = _MARGIN
        c.setFont(bold, 8.5)
        for width, label in zip(_COLS, headers, strict=True):
            c.drawString(x + 1.5 * _MM, y[0] - 5.5 * _MM, label)
            x += width * _MM
        c.setLineWidth(0.8)
        c.line(_MARGIN, y[0] - _ROW_H, _MARGIN + sum(_COLS) * _MM, y[0] - _ROW_H)
        y[0] -= _ROW_H

    new_page()
    number = 0
    for (market, zone), items in groups.items():
        if y[0] - 3 * _ROW_H < _MARGIN:
            new_page()
        heading = " · ".join(x for x in (market, zone) if x) or "—"
        c.setFont(bold, 11)
        c.drawString(_MARGIN, y[0] - 6 * _MM, heading)
        y[0] -= 8 * _MM
        header_row()
        for e in items:
            if y[0] - _ROW_H < _MARGIN:
                new_page()
                c.setFont(bold, 11)
                c.drawString(_MARGIN, y[0] - 6 * _MM, heading)
                y[0] -= 8 * _MM
                header_row()
            number += 1
            account = e.get("account") or ""
            cells = [str(number), e.get("stall") or "—", e.get("name") or e.get("holder") or "",
                     f"{e.get('bank') or ''} …{account[-4:]}" if account else e.get("bank") or "",
                     e.get("sign_id") or "", why(e, lang)]
            x = _MARGIN
            for i, (width, value) in enumerate(zip(_COLS, cells, strict=False)):  # the last column is the tick box
                font = bold if i == 4 else regular
                room = width * _MM - 3 * _MM
                c.setFont(font, _fit(value, font, 10, room))
                c.drawString(x + 1.5 * _MM, y[0] - 6 * _MM, value)
                x += width * _MM
            box = 5 * _MM
            c.setLineWidth(0.8)
            c.rect(x + 6 * _MM, y[0] - 7.2 * _MM, box, box, stroke=1, fill=0)
            c.setLineWidth(0.3)
            c.line(_MARGIN, y[0] - _ROW_H, _MARGIN + sum(_COLS) * _MM, y[0] - _ROW_H)
            y[0] -= _ROW_H
    if y[0] - 16 * _MM < _MARGIN:
        new_page()
    c.setFont(regular, 9)
    c.drawString(_MARGIN, y[0] - 8 * _MM, ui("withdraw.sign_off", lang))
    c.showPage()
    c.save()
    return buf.getvalue(), page[0]


def write(entries: list[dict], out_dir: str | os.PathLike, *, lang: str = "vi", date: dt.date | None = None,
          source: str = "", name: str = FILE_NAME) -> tuple[str, int, bytes]:
    """Write the withdraw list into ``out_dir`` atomically; returns (relative name, pages, bytes written)."""
    data, pages = render(entries, lang=lang, date=date, source=source)
    target = fsutil.inside(Path(out_dir), name)
    fsutil.write_bytes(target, data)
    return name, pages, data
