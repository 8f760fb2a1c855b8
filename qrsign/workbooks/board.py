"""The board's report (``qrsign report MANIFEST… -o FILE.xlsx``): QR readiness across markets and zones.

Boards report upwards how many vendors take QR payments. The figures are the
build summaries themselves — the ``summary``/``markets`` a build writes into its
manifest (:func:`qrsign.intake.check.summaries`), which ``build`` also prints — so the
report never disagrees with what a volunteer saw. Summed across markets they
give the province: vendors ready, not ready, accounts, rows rejected and why,
accounts per bank and wallet, and the share ready (vendors ready ÷ vendors
ready and not ready, recomputed from the sums, not averaged).

When several manifests cover one market (last year's build and this year's
``--since`` build), the newest (by build date, then by the order given) gives
that market's figures; the reprints, new signs and withdrawals come from it
when it is a ``--since`` build. Signs hanging is what hangs in the market after
that build — the signs it kept, reprinted and made new; signs printed is what
that build printed (the same number for a full build). Manifests of qrsign 0.1
have every figure used here.

A national run reads thousands of manifests of hundreds of signs each: each
manifest is reduced to its :class:`Digest` (the summaries and per-zone tallies)
as soon as it is read, so memory grows with the number of markets, not with
the number of signs.

One sheet per level — province, markets, zones — each with a native Excel
chart (openpyxl.chart), so the board can paste it into its own report.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign import fsutil
from qrsign.core import banks, text
from qrsign.errors import InputError
from qrsign.workbooks import xlsx

#: Summary counts added up across markets and zones, in the order the sheets show them.
COUNTS = ("rows_read", "vendors", "vendors_not_ready", "accounts", "rows_rejected", "rows_duplicate",
          "errors", "warnings")
#: Columns of the market and zone sheets.
COLUMNS = ("rows_read", "vendors", "vendors_not_ready", "accounts", "signs_hanging", "signs", "rows_rejected",
           "ready_share", "wallet_accounts", "reprint", "new", "withdraw")
#: Per-zone tallies a digest keeps of a manifest's sign lists.
TALLIES = ("signs", "kept", "reprint", "new", "withdraw")


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
    kept: int = 0
    reprint: int = 0
    new: int = 0
    withdraw: int = 0

    @property
    def signs_hanging(self) -> int:
        """Signs in the market after the build: those it printed (reprints and new ones) and those it kept."""
        return self.signs + self.kept

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
        self.kept += other.kept
        self.reprint += other.reprint
        self.new += other.new
        self.withdraw += other.withdraw

    def value(self, column: str) -> Any:
        if column in ("ready_share", "wallet_accounts"):
            return getattr(self, column)
        if column in ("signs", "signs_hanging", "reprint", "new", "withdraw"):
            return getattr(self, column)
        return self.counts.get(column, 0)

    def to_dict(self) -> dict:
        return {"market": self.market, "zone": self.zone, "date": self.date, "kept": self.kept,
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


@dataclass
class Digest:
    """What the report needs of one manifest: its date, its build summaries, and per (market, zone) tallies
    of its sign lists (folded names) with the zone names as written — never the signs themselves."""

    date: str | None
    markets: list[dict]
    tallies: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    zone_names: dict[str, set[str | None]] = field(default_factory=dict)

    def count(self, what: str, market: str | None, zone: str | None = None) -> int:
        """The tally ``what`` of ``market`` (all its zones when ``zone`` is None)."""
        m, z = text.fold(market or ""), text.fold(zone or "")
        return sum(t.get(what, 0) for (tm, tz), t in self.tallies.items() if tm == m and (zone is None or tz == z))


def digest(manifest: Mapping[str, Any]) -> Digest:
    """Reduce a manifest to its :class:`Digest` (the sign lists are counted, then let go)."""
    d = Digest(manifest.get("date"), [e for e in manifest.get("markets") or [] if isinstance(e, dict)])

    def tally(e: Any, what: str) -> None:
        if isinstance(e, dict):
            key = (text.fold(e.get("market") or ""), text.fold(e.get("zone") or ""))
            counts = d.tallies.setdefault(key, {})
            counts[what] = counts.get(what, 0) + 1

    new_ids = {i for i in manifest.get("new") or [] if isinstance(i, str)}
    for s in manifest.get("signs") or []:
        tally(s, "signs")
        if isinstance(s, dict):
            d.zone_names.setdefault(text.fold(s.get("market") or ""), set()).add(s.get("zone"))
            if s.get("sign_id") in new_ids:
                tally(s, "new")
    for what in ("kept", "reprint", "withdraw"):
        for e in manifest.get(what) or []:
            tally(e, what)
    return d


def _since_counts(d: Digest, row: Row) -> None:
    row.signs = d.count("signs", row.market, row.zone)
    row.kept = d.count("kept", row.market, row.zone)
    row.reprint = d.count("reprint", row.market, row.zone)
    row.new = d.count("new", row.market, row.zone)
    row.withdraw = d.count("withdraw", row.market, row.zone)


def board(manifests: Sequence[tuple[str, Mapping[str, Any] | Digest]]) -> Board:
    """The figures of ``manifests`` ((name, manifest or its digest) pairs) by market and zone, and their sum."""
    newest: dict[str, tuple[tuple, Digest]] = {}
    for order, (_, raw) in enumerate(manifests):
        m = raw if isinstance(raw, Digest) else digest(raw)
        for entry in m.markets:
            if entry.get("zone") is None:
                key = text.fold(entry.get("market") or "")
                rank = (str(m.date or ""), order)
                if key not in newest or rank > newest[key][0]:
                    newest[key] = (rank, m)
    markets, zones = [], []
    for key in sorted(newest, key=lambda k: k):
        m = newest[key][1]
        entries = [e for e in m.markets if text.fold(e.get("market") or "") == key]
        whole = next(e for e in entries if e.get("zone") is None)
        row = _row(whole, m.date)
        _since_counts(m, row)
        markets.append(row)
        parts = [e for e in entries if e.get("zone") is not None]
        if not parts:  # one zone (or none): the market is its own zone row
            names = m.zone_names.get(key, set())
            zone = Row(row.market, next(iter(names)) if len(names) == 1 else None, row.date)
            zone.add(row)
            zones.append(zone)
        for e in parts:
            z = _row(e, m.date)
            _since_counts(m, z)
            zones.append(z)
    province = Row(None, None)
    for row in markets:
        province.add(row)
    return Board(province, markets, zones, [name for name, _ in manifests])


def load(paths: list[str | os.PathLike]) -> list[tuple[str, Digest]]:
    """The digests of manifests (files or build folders) for :func:`board`; each must carry build summaries.

    Each manifest is digested as soon as it is read, so only one manifest's signs are in memory at a time.
    """
    from qrsign.building.manifest import load_manifest, manifest_path

    out: list[tuple[str, Digest]] = []
    for p in paths:
        path = manifest_path(p)
        m = load_manifest(path)
        if not isinstance(m.get("markets"), list):
            raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="no build summaries (markets)")
        out.append((str(path), digest(m)))
        del m
    return out


# --------------------------------------------------------------------------------------------------
# the workbook


def write(b: Board, path: str | os.PathLike, lang: str = "vi") -> Path:
    """Write the report (three sheets with charts) atomically."""
    import openpyxl

    from qrsign.messages import ui

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("E-XLSX-TYPE", field="output", value=str(path))
    fsutil.prepare_file(path)  # before the work: a folder that cannot take the file is said at once
    wb = openpyxl.Workbook()
    _province_sheet(wb.active, b, lang)
    for key, rows, with_zone in (("board.sheet.market", b.markets, False), ("board.sheet.zone", b.zones, True)):
        _level_sheet(wb.create_sheet(ui(key, lang)), rows, b.province, with_zone, lang)
    for sheet in wb.worksheets:
        _one_landscape_page(sheet)
    return xlsx.save_atomic(wb, path)


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _put(ws: Any, row: int, col: int, value: Any, **style: Any) -> None:
    """Write one cell through the shared writer (no formula, no character a workbook refuses, stored as text)."""
    xlsx.put(ws.cell(row=row, column=col), value, **style)


def _share(ws: Any, row: int, col: int, value: float) -> None:
    """A share shown as a percentage (the number stays a fraction, so Excel can compute with it)."""
    _put(ws, row, col, value)
    ws.cell(row=row, column=col).number_format = "0%"


def _province_sheet(ws: Any, b: Board, lang: str) -> None:
    """The province sheet: title and sources, the summed figures, then banks and reasons with their charts."""
    from openpyxl.styles import Font

    from qrsign.messages import ui

    ws.title = ui("board.sheet.province", lang)
    _put(ws, 1, 1, ui("board.title", lang), font=Font(bold=True, size=14))
    _put(ws, 2, 1, ui("board.sources", lang, count=len(b.sources), files=", ".join(Path(s).parent.name or s
                                                                                   for s in b.sources)))
    top = _province_figures(ws, b.province, lang)
    ranked = _bank_ranking(ws, b.province, top, lang)
    _reasons(ws, b.province, top + ranked + 2, lang)


def _province_figures(ws: Any, p: Row, lang: str) -> int:
    """The summed figures, one per line from row 4; returns the row where the bank ranking starts."""
    from qrsign.messages import ui

    figures = [(c, p.value(c)) for c in COLUMNS]
    for i, (name, v) in enumerate(figures, start=4):
        _put(ws, i, 1, ui(f"board.col.{name}", lang), font=_bold())
        if name == "ready_share":
            _share(ws, i, 2, v)
        else:
            _put(ws, i, 2, v)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 12
    return 4 + len(figures) + 1


def _bank_ranking(ws: Any, p: Row, top: int, lang: str) -> int:
    """Accounts per bank and wallet, most first, with a bar chart; returns the number of banks listed."""
    from qrsign.messages import ui

    _put(ws, top, 1, ui("board.col.bank", lang), font=_bold())
    _put(ws, top, 2, ui("board.col.count", lang), font=_bold())
    _put(ws, top, 3, ui("board.col.kind", lang), font=_bold())
    ranked = sorted(p.banks.items(), key=lambda kv: (-kv[1], kv[0]))
    for i, (bank, n) in enumerate(ranked, start=top + 1):
        _put(ws, i, 1, bank)
        _put(ws, i, 2, n)
        _put(ws, i, 3, ui("board.kind.wallet" if is_wallet(bank) else "board.kind.bank", lang))
    if ranked:
        _bank_chart(ws, top, len(ranked), lang)
    return len(ranked)


def _bank_chart(ws: Any, top: int, count: int, lang: str) -> None:
    """A horizontal bar chart of the bank ranking, tall enough for every bank's name."""
    from openpyxl.chart import BarChart, Reference

    from qrsign.messages import ui

    chart = BarChart()
    chart.type = "bar"
    chart.title = ui("board.chart.banks", lang)
    chart.legend = None
    chart.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + count), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + count))
    chart.height, chart.width = max(7.5, 0.6 * count + 2), 16
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl ≥ 3.1 hides axes in Excel otherwise
    ws.add_chart(chart, "E4")


def _reasons(ws: Any, p: Row, top: int, lang: str) -> None:
    """Rows rejected per reason (short text, count, code), most first, with a pie chart."""
    from openpyxl.chart import PieChart, Reference

    from qrsign.messages import short_reason, ui

    _put(ws, top, 1, ui("board.col.reason", lang), font=_bold())
    _put(ws, top, 2, ui("board.col.rows", lang), font=_bold())
    for i, (code, n) in enumerate(sorted(p.reasons.items(), key=lambda kv: (-kv[1], kv[0])), start=top + 1):
        _put(ws, i, 1, short_reason(code, lang))
        _put(ws, i, 2, n)
        _put(ws, i, 3, code)
    if p.reasons:
        pie = PieChart()
        pie.title = ui("board.chart.reasons", lang)
        pie.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + len(p.reasons)), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(p.reasons)))
        pie.height, pie.width = 7.5, 12
        ws.add_chart(pie, f"E{max(top, 22)}")


def _level_sheet(ws: Any, rows: list[Row], province: Row, with_zone: bool, lang: str) -> None:
    """The market (or zone) sheet: a header, one line per market (zone), the province total, a chart."""
    heads = ["market", *(["zone"] if with_zone else []), "date", *COLUMNS, "reason"]
    _level_header(ws, heads, lang)
    for r, row in enumerate(rows, start=2):
        _level_row(ws, r, row, with_zone, len(heads), lang)
    total = len(rows) + 2
    first = len(heads) - len(COLUMNS)
    _level_total(ws, total, first, province, lang)
    ws.freeze_panes = "A2"
    if rows:
        _ready_chart(ws, len(rows), first, total, with_zone, lang)


def _level_header(ws: Any, heads: list[str], lang: str) -> None:
    """Bold, wrapped column titles with widths that fit names and reasons."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from qrsign.messages import ui

    for c, h in enumerate(heads, start=1):
        _put(ws, 1, c, ui(f"board.col.{h}", lang), font=_bold(), alignment=Alignment(wrap_text=True, vertical="top"))
        ws.column_dimensions[get_column_letter(c)].width = {"market": 20, "zone": 20, "reason": 32}.get(h, 12)
    ws.row_dimensions[1].height = 44


def _level_row(ws: Any, r: int, row: Row, with_zone: bool, width: int, lang: str) -> None:
    """One market (zone): its names and date, its figures, and its reasons in the last column."""
    from qrsign.messages import short_reason

    values = [row.market or "—", *([row.zone or "—"] if with_zone else []), row.date or ""]
    for c, v in enumerate(values, start=1):
        _put(ws, r, c, v)
    for c, col in enumerate(COLUMNS, start=len(values) + 1):
        if col == "ready_share":
            _share(ws, r, c, row.value(col))
        else:
            _put(ws, r, c, row.value(col))
    why = ", ".join(f"{short_reason(code, lang)} {n}" for code, n in sorted(row.reasons.items()))
    _put(ws, r, width, why)


def _level_total(ws: Any, total: int, first: int, p: Row, lang: str) -> None:
    """The province's figures under the last line, so each sheet shows its own total."""
    from qrsign.messages import ui

    _put(ws, total, 1, ui("board.all", lang), font=_bold())
    for c, col in enumerate(COLUMNS, start=first):
        if col == "ready_share":
            _share(ws, total, c, p.ready_share)
        else:
            _put(ws, total, c, p.value(col), font=_bold())


def _ready_chart(ws: Any, count: int, first: int, total: int, with_zone: bool, lang: str) -> None:
    """A stacked column chart of vendors ready and not ready, per market (zone), under the total."""
    from openpyxl.chart import BarChart, Reference

    from qrsign.messages import ui

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = ui("board.chart.ready", lang)
    ready = first + COLUMNS.index("vendors")
    chart.add_data(Reference(ws, min_col=ready, max_col=ready + 1, min_row=1, max_row=count + 1),
                   titles_from_data=True)
    label_col = 2 if with_zone else 1
    chart.set_categories(Reference(ws, min_col=label_col, min_row=2, max_row=count + 1))
    chart.height, chart.width = 8, max(14, 2.2 * count + 4)
    chart.x_axis.delete = chart.y_axis.delete = False
    ws.add_chart(chart, f"A{total + 3}")


def _one_landscape_page(sheet: Any) -> None:
    """The board prints it: each sheet on one landscape A4 page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
