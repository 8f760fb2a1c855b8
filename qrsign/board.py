"""The board's report (``qrsign report MANIFEST… -o FILE.xlsx``): QR readiness across markets and zones.

Boards report upwards how many vendors take QR payments. The figures are the
build summaries themselves — the ``summary``/``markets`` a build writes into its
manifest (:func:`qrsign.check.summaries`), which ``build`` also prints — so the
report never disagrees with what a volunteer saw. Summed across markets they
give the province: vendors ready, not ready, accounts, rows rejected and why,
accounts per bank and wallet, and the share ready (vendors ready ÷ vendors
ready and not ready, recomputed from the sums, not averaged).

When several manifests cover one market (last year's build and this year's
``--since`` build), the newest (by build date, then by the order given) gives
that market's figures; the reprints, new signs and withdrawals come from it
when it is a ``--since`` build. Signs built is the number of signs that build
printed. Manifests of qrsign 0.1 have every figure used here.

One sheet per level — province, markets, zones — each with a native Excel
chart (openpyxl.chart), so the board can paste it into its own report.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign import banks, fsutil, text
from qrsign.errors import InputError

#: Summary counts added up across markets and zones, in the order the sheets show them.
COUNTS = ("rows_read", "vendors", "vendors_not_ready", "accounts", "rows_rejected", "rows_duplicate",
          "errors", "warnings")
#: Columns of the market and zone sheets.
COLUMNS = ("rows_read", "vendors", "vendors_not_ready", "accounts", "signs", "rows_rejected", "ready_share",
           "wallet_accounts", "reprint", "new", "withdraw")


def is_wallet(bank: str) -> bool:
    """True for e-wallets (BINs 971…: Viettel Money, VNPT Money, MoMo …), from the bank's short name."""
    try:
        return banks.find(bank).bin.startswith("971")
    except ValueError:  # a name the directory no longer knows: count it as a bank
        return False


@dataclass
class Row:
    """The figures of one market or zone (or of the province)."""

    market: str | None
    zone: str | None
    date: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    banks: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    signs: int = 0
    reprint: int = 0
    new: int = 0
    withdraw: int = 0

    @property
    def ready_share(self) -> float:
        # as check.summary: vendor rows over vendor rows plus rejected rows (skipped rows are neither)
        total = self.counts.get("accounts", 0) + self.counts.get("rows_rejected", 0)
        return round(self.counts.get("accounts", 0) / total, 4) if total else 0.0

    @property
    def wallet_accounts(self) -> int:
        return sum(n for b, n in self.banks.items() if is_wallet(b))

    def add(self, other: Row) -> None:
        for k in COUNTS:
            self.counts[k] = self.counts.get(k, 0) + other.counts.get(k, 0)
        for mine, theirs in ((self.banks, other.banks), (self.reasons, other.reasons)):
            for k, n in theirs.items():
                mine[k] = mine.get(k, 0) + n
        self.signs += other.signs
        self.reprint += other.reprint
        self.new += other.new
        self.withdraw += other.withdraw

    def value(self, column: str) -> Any:
        if column in ("ready_share", "wallet_accounts"):
            return getattr(self, column)
        if column in ("signs", "reprint", "new", "withdraw"):
            return getattr(self, column)
        return self.counts.get(column, 0)

    def to_dict(self) -> dict:
        return {"market": self.market, "zone": self.zone, "date": self.date,
                **{c: self.value(c) for c in COLUMNS}, **{k: self.counts.get(k, 0) for k in COUNTS},
                "banks": dict(sorted(self.banks.items(), key=lambda kv: (-kv[1], kv[0]))),
                "rejected_by_reason": dict(sorted(self.reasons.items()))}


@dataclass
class Board:
    province: Row
    markets: list[Row]
    zones: list[Row]
    sources: list[str]

    def to_dict(self) -> dict:
        return {"sources": self.sources, "province": self.province.to_dict(),
                "markets": [r.to_dict() for r in self.markets], "zones": [r.to_dict() for r in self.zones]}


def _row(entry: dict, date: str | None) -> Row:
    return Row(entry.get("market"), entry.get("zone"), date,
               counts={k: int(entry.get(k) or 0) for k in COUNTS}, banks=dict(entry.get("banks") or {}),
               reasons=dict(entry.get("rejected_by_reason") or {}))


def _same(a: str | None, b: str | None) -> bool:
    return text.fold(a or "") == text.fold(b or "")


def _since_counts(manifest: dict, row: Row) -> None:
    def here(e: Any) -> bool:
        return isinstance(e, dict) and _same(e.get("market"), row.market) and (
            row.zone is None or _same(e.get("zone"), row.zone))

    signs = [s for s in manifest.get("signs", []) if here(s)]
    row.signs = len(signs)
    ids = {s.get("sign_id") for s in signs}
    row.reprint = sum(1 for e in manifest.get("reprint", []) if here(e))
    row.new = sum(1 for i in manifest.get("new", []) if i in ids)
    row.withdraw = sum(1 for e in manifest.get("withdraw", []) if here(e))


def board(manifests: list[tuple[str, dict]]) -> Board:
    """The figures of ``manifests`` ((name, manifest) pairs) by market and zone, and their sum."""
    newest: dict[str, tuple[tuple, dict]] = {}
    for order, (_, m) in enumerate(manifests):
        for entry in m.get("markets") or []:
            if entry.get("zone") is None:
                key = text.fold(entry.get("market") or "")
                rank = (str(m.get("date") or ""), order)
                if key not in newest or rank > newest[key][0]:
                    newest[key] = (rank, m)
    markets, zones = [], []
    for key in sorted(newest, key=lambda k: k):
        m = newest[key][1]
        entries = [e for e in m["markets"] if text.fold(e.get("market") or "") == key]
        whole = next(e for e in entries if e.get("zone") is None)
        row = _row(whole, m.get("date"))
        _since_counts(m, row)
        markets.append(row)
        parts = [e for e in entries if e.get("zone") is not None]
        if not parts:  # one zone (or none): the market is its own zone row
            names = {s.get("zone") for s in m.get("signs", []) if _same(s.get("market"), row.market)}
            zone = Row(row.market, next(iter(names)) if len(names) == 1 else None, row.date)
            zone.add(row)
            zones.append(zone)
        for e in parts:
            z = _row(e, m.get("date"))
            _since_counts(m, z)
            zones.append(z)
    province = Row(None, None)
    for row in markets:
        province.add(row)
    return Board(province, markets, zones, [name for name, _ in manifests])


def load(paths: list[str | os.PathLike]) -> list[tuple[str, dict]]:
    """Manifests (files or build folders) for :func:`board`; each must carry build summaries."""
    from qrsign.verify import load_manifest

    out = []
    for p in paths:
        path = Path(p)
        path = path / "manifest.json" if path.is_dir() else path
        m = load_manifest(path)
        if not isinstance(m.get("markets"), list):
            raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="no build summaries (markets)")
        out.append((str(path), m))
    return out


# --------------------------------------------------------------------------------------------------
# the workbook


def write(b: Board, path: str | os.PathLike, lang: str = "vi") -> Path:
    """Write the report (three sheets with charts) atomically."""
    import openpyxl
    from openpyxl.chart import BarChart, PieChart, Reference
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from qrsign.messages import short_reason, ui

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("E-XLSX-TYPE", field="output", value=str(path))
    fsutil.prepare_file(path)
    wb = openpyxl.Workbook()
    bold = Font(bold=True)

    def put(ws, row: int, col: int, value: Any, **style: Any) -> None:
        if isinstance(value, str):
            value = text.neutralise(value)
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        for k, v in style.items():
            setattr(cell, k, v)

    def share(ws, row: int, col: int, value: float) -> None:
        put(ws, row, col, value)
        ws.cell(row=row, column=col).number_format = "0%"

    # --- province
    ws = wb.active
    ws.title = ui("board.sheet.province", lang)
    put(ws, 1, 1, ui("board.title", lang), font=Font(bold=True, size=14))
    put(ws, 2, 1, ui("board.sources", lang, count=len(b.sources), files=", ".join(Path(s).parent.name or s
                                                                                 for s in b.sources)))
    p = b.province
    figures = [(c, p.value(c)) for c in COLUMNS]
    for i, (name, v) in enumerate(figures, start=4):
        put(ws, i, 1, ui(f"board.col.{name}", lang), font=bold)
        if name == "ready_share":
            share(ws, i, 2, v)
        else:
            put(ws, i, 2, v)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 12
    top = 4 + len(figures) + 1
    put(ws, top, 1, ui("board.col.bank", lang), font=bold)
    put(ws, top, 2, ui("board.col.count", lang), font=bold)
    put(ws, top, 3, ui("board.col.kind", lang), font=bold)
    ranked = sorted(p.banks.items(), key=lambda kv: (-kv[1], kv[0]))
    for i, (bank, n) in enumerate(ranked, start=top + 1):
        put(ws, i, 1, bank)
        put(ws, i, 2, n)
        put(ws, i, 3, ui("board.kind.wallet" if is_wallet(bank) else "board.kind.bank", lang))
    if ranked:
        chart = BarChart()
        chart.type = "bar"
        chart.title = ui("board.chart.banks", lang)
        chart.legend = None
        chart.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + len(ranked)), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(ranked)))
        chart.height, chart.width = max(7.5, 0.6 * len(ranked) + 2), 16
        chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes in Excel otherwise
        ws.add_chart(chart, "E4")
    reasons_top = top + len(ranked) + 2
    put(ws, reasons_top, 1, ui("board.col.reason", lang), font=bold)
    put(ws, reasons_top, 2, ui("board.col.rows", lang), font=bold)
    for i, (code, n) in enumerate(sorted(p.reasons.items(), key=lambda kv: (-kv[1], kv[0])), start=reasons_top + 1):
        put(ws, i, 1, short_reason(code, lang))
        put(ws, i, 2, n)
        put(ws, i, 3, code)
    if p.reasons:
        pie = PieChart()
        pie.title = ui("board.chart.reasons", lang)
        pie.add_data(Reference(ws, min_col=2, min_row=reasons_top, max_row=reasons_top + len(p.reasons)),
                     titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=reasons_top + 1, max_row=reasons_top + len(p.reasons)))
        pie.height, pie.width = 7.5, 12
        ws.add_chart(pie, f"E{max(reasons_top, 22)}")

    # --- markets and zones
    for key, rows, with_zone in (("board.sheet.market", b.markets, False), ("board.sheet.zone", b.zones, True)):
        ws = wb.create_sheet(ui(key, lang))
        heads = ["market", *(["zone"] if with_zone else []), "date", *COLUMNS, "reason"]
        for c, h in enumerate(heads, start=1):
            put(ws, 1, c, ui(f"board.col.{h}", lang), font=bold, alignment=Alignment(wrap_text=True, vertical="top"))
            ws.column_dimensions[get_column_letter(c)].width = {"market": 20, "zone": 20, "reason": 32}.get(h, 12)
        ws.row_dimensions[1].height = 44
        for r, row in enumerate(rows, start=2):
            values = [row.market or "—", *([row.zone or "—"] if with_zone else []), row.date or ""]
            for c, v in enumerate(values, start=1):
                put(ws, r, c, v)
            for c, col in enumerate(COLUMNS, start=len(values) + 1):
                if col == "ready_share":
                    share(ws, r, c, row.value(col))
                else:
                    put(ws, r, c, row.value(col))
            why = ", ".join(f"{short_reason(code, lang)} {n}" for code, n in sorted(row.reasons.items()))
            put(ws, r, len(heads), why)
        total = len(rows) + 2
        put(ws, total, 1, ui("board.all", lang), font=bold)
        first = len(heads) - len(COLUMNS)
        for c, col in enumerate(COLUMNS, start=first):
            if col == "ready_share":
                share(ws, total, c, p.ready_share)
            else:
                put(ws, total, c, p.value(col), font=bold)
        ws.freeze_panes = "A2"
        if rows:
            chart = BarChart()
            chart.type = "col"
            chart.grouping = "stacked"
            chart.overlap = 100
            chart.title = ui("board.chart.ready", lang)
            ready = first + COLUMNS.index("vendors")
            chart.add_data(Reference(ws, min_col=ready, max_col=ready + 1, min_row=1, max_row=len(rows) + 1),
                           titles_from_data=True)
            label_col = 2 if with_zone else 1
            chart.set_categories(Reference(ws, min_col=label_col, min_row=2, max_row=len(rows) + 1))
            chart.height, chart.width = 8, max(14, 2.2 * len(rows) + 4)
            chart.x_axis.delete = chart.y_axis.delete = False
            ws.add_chart(chart, f"A{total + 3}")
    for sheet in wb.worksheets:  # the board prints it: each sheet on one landscape page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 1
    with fsutil.atomic(path) as fh:
        wb.save(fh)
    return path
