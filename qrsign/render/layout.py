"""Sign layouts as data: load and check the TOML templates in ``templates/``.

A template describes a page (size, optional boxes drawn once per page) and a
*cell* (a group of boxes) placed at one or more positions on the page: one
cell per page for an A4 sign, four for A6 counter signs, eight for a sticker
sheet, seven rows for the control checklist, and 1–3 account slots for a
combined sign. Coordinates are millimetres from the top-left corner.

Loading checks the rules that keep a sign scannable and printable, so a
market board's own layout fails early with a message instead of printing
badly: one square QR box per cell, nothing drawn over a QR box (its quiet
zone is part of the box), text and QR inside the page's safe margin, known
fonts, colours and placeholders. See ``templates/README.md`` for the format.
"""

from __future__ import annotations

import functools
import string
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from qrsign.errors import InputError
from qrsign.render import layout_schema, placeholders

PAGE_SIZES = {"A3": (297.0, 420.0), "A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0)}
KINDS, BOX_KINDS, ALIGNS, FONT_STYLES = (layout_schema.KINDS, layout_schema.BOX_KINDS, layout_schema.ALIGNS,
                                         layout_schema.FONT_STYLES)

#: Placeholders a text box may use (one table for loader, planner and printability rule).
ITEM_FIELDS, PAGE_FIELDS = placeholders.ITEM_FIELDS, placeholders.PAGE_FIELDS


@dataclass(frozen=True)
class Box:
    """One element of a layout, in millimetres, relative to its cell (or the page)."""

    kind: str
    x: float
    y: float
    w: float
    h: float
    text: str = ""
    font: str = "regular"
    size: float = 12.0
    min_size: float = 5.0
    lines: int = 1
    leading: float = 1.2
    align: str = "center"
    color: str = "#000000"
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.5
    radius: float = 0.0
    dash: bool = False
    background: bool = False
    name: str = ""

    @property
    def dynamic(self) -> bool:
        return "{" in self.text

    @property
    def placeholders(self) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(self.text) if f}

    def moved(self, dx: float, dy: float) -> Box:
        from dataclasses import replace

        return replace(self, x=self.x + dx, y=self.y + dy)


@dataclass(frozen=True)
class Template:
    """A checked layout."""

    name: str
    description: str
    description_en: str
    kind: str
    page_w: float
    page_h: float
    page_label: str
    min_module_mm: float
    safe_margin: float
    cell_w: float
    cell_h: float
    cell_boxes: tuple[Box, ...]
    page_boxes: tuple[Box, ...]
    positions: dict[int, tuple[tuple[float, float], ...]]
    cut_marks: bool
    source: str = ""
    logos: dict[str, str] = field(default_factory=dict)

    @property
    def qr_box(self) -> Box:
        return next(b for b in self.cell_boxes if b.kind == "qr")

    @property
    def qr_mm(self) -> float:
        return self.qr_box.w

    @property
    def per_page(self) -> int:
        """Items per page: signs (N-up), checklist rows, or the most accounts on a combined sign."""
        return max(len(p) for p in self.positions.values())

    def positions_for(self, count: int) -> tuple[tuple[float, float], ...]:
        if self.kind == "combined":
            return self.positions[count]
        return self.positions[0][:count]

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "description_en": self.description_en,
            "kind": self.kind,
            "page_size": self.page_label,
            "page_mm": [self.page_w, self.page_h],
            "qr_mm": self.qr_mm,
            "min_module_mm": self.min_module_mm,
            "per_page": self.per_page,
            "cut_marks": self.cut_marks,
            "source": self.source,
        }


# --------------------------------------------------------------------------------------------------


def _invalid(name: str, detail: str) -> InputError:
    return InputError("E-TEMPLATE-INVALID", field="template", value=name, detail=detail)


def _box(raw: dict, name: str, where: str) -> Box:
    """A box from its TOML table; the shape is checked by :class:`qrsign.render.layout_schema.BoxSpec`."""
    try:
        return Box(**layout_schema.box_fields(raw, where))
    except ValueError as exc:
        raise _invalid(name, str(exc)) from None


def _positions(raw: Any, name: str, where: str) -> tuple[tuple[float, float], ...]:
    try:
        return layout_schema.positions(raw, where)
    except ValueError as exc:
        raise _invalid(name, str(exc)) from None


def _overlap(a: Box, b: Box) -> bool:
    eps = 1e-6
    return a.x < b.x + b.w - eps and b.x < a.x + a.w - eps and a.y < b.y + b.h - eps and b.y < a.y + a.h - eps


def parse(data: dict, name: str, source: str = "") -> Template:
    """Build and check a template from parsed TOML."""
    kind = data.get("kind", "sign")
    if kind not in KINDS:
        raise _invalid(name, f"kind must be one of {KINDS}")
    page = data.get("page", "A4")
    if isinstance(page, str):
        if page.upper() not in PAGE_SIZES:
            raise _invalid(name, f"page must be one of {sorted(PAGE_SIZES)} or [width, height] in mm")
        pw, ph = PAGE_SIZES[page.upper()]
        label = page.upper()
    else:
        try:
            pw, ph = layout_schema.page_size(page)
        except ValueError as exc:
            raise _invalid(name, str(exc)) from None
        label = f"{pw:g}x{ph:g}mm"
    if data.get("landscape"):
        pw, ph = ph, pw
        label += " landscape"
    cell = data.get("cell") or {}
    try:
        cw, ch = layout_schema.page_size(cell.get("size", (pw, ph)))
    except ValueError:
        raise _invalid(name, "cell.size must be [width, height] in mm") from None
    cell_boxes = tuple(_box(b, name, f"cell.box[{i}]") for i, b in enumerate(cell.get("box", [])))
    page_raw = (data.get("page_layout") or {}).get("box", [])
    page_boxes = tuple(_box(b, name, f"page.box[{i}]") for i, b in enumerate(page_raw))
    if kind == "combined":
        by_count = cell.get("positions_by_count") or {}
        positions = {int(k): _positions(v, name, f"cell.positions_by_count.{k}") for k, v in by_count.items()}
        for count, pos in positions.items():
            if len(pos) != count:
                raise _invalid(name, f"cell.positions_by_count.{count} must list {count} positions")
        if sorted(positions) != list(range(1, len(positions) + 1)):
            raise _invalid(name, "cell.positions_by_count needs entries 1, 2, … without gaps")
    else:
        positions = {0: _positions(cell.get("positions", [[0, 0]]), name, "cell.positions")}
    template = Template(
        name=name,
        description=str(data.get("description", "")),
        description_en=str(data.get("description_en", data.get("description", ""))),
        kind=kind,
        page_w=pw,
        page_h=ph,
        page_label=label,
        min_module_mm=float(data.get("min_module_mm", 0.5)),
        safe_margin=float(data.get("safe_margin_mm", 5.0)),
        cell_w=cw,
        cell_h=ch,
        cell_boxes=cell_boxes,
        page_boxes=page_boxes,
        positions=positions,
        cut_marks=bool(cell.get("cut_marks", False)),
        source=source,
        logos={str(k): str(v) for k, v in (data.get("logos") or {}).items()},
    )
    _check(template)
    return template


def _check(t: Template) -> None:
    """Layout rules: one square QR per cell, nothing over it, content inside the safe margin."""
    qrs = [b for b in t.cell_boxes if b.kind == "qr"]
    if len(qrs) != 1:
        raise _invalid(t.name, "the cell needs exactly one qr box")
    if any(b.kind == "qr" for b in t.page_boxes):
        raise _invalid(t.name, "QR boxes belong in the cell, not on the page layout")
    for b in t.cell_boxes:
        if b.x < -1e-6 or b.y < -1e-6 or b.x + b.w > t.cell_w + 1e-6 or b.y + b.h > t.cell_h + 1e-6:
            raise _invalid(t.name, f"a {b.kind} box at ({b.x}, {b.y}) does not fit in the "
                                   f"{t.cell_w}×{t.cell_h} mm cell")
    for b in t.cell_boxes + t.page_boxes:
        if b.kind == "text":
            unknown = b.placeholders - (ITEM_FIELDS if b in t.cell_boxes else PAGE_FIELDS)
            if unknown:
                raise _invalid(t.name, f"unknown placeholders {sorted(unknown)} in “{b.text}”")
    m = t.safe_margin
    for positions in t.positions.values():
        placed = [b.moved(x, y) for x, y in positions for b in t.cell_boxes] + list(t.page_boxes)
        qr_boxes = [b for b in placed if b.kind == "qr"]
        for b in placed:
            if b.kind in ("text", "qr", "logo") and (
                b.x < m - 1e-6 or b.y < m - 1e-6 or b.x + b.w > t.page_w - m + 1e-6 or b.y + b.h > t.page_h - m + 1e-6
            ):
                raise _invalid(t.name, f"a {b.kind} box at ({b.x:g}, {b.y:g}) mm is outside the {m:g} mm safe margin")
            for q in qr_boxes:
                if b is not q and not b.background and _overlap(b, q):
                    raise _invalid(t.name, f"a {b.kind} box at ({b.x:g}, {b.y:g}) mm overlaps a QR box "
                                           "and its quiet zone")


# --------------------------------------------------------------------------------------------------


def _builtin_dir():
    """The installed templates (package ``qrsign.templates``), or ``templates/`` beside ``qrsign/`` in a checkout."""
    try:
        root = resources.files("qrsign.templates")
    except ModuleNotFoundError:  # running from a source checkout that was not installed
        root = None
    if root is not None and root.joinpath("a4-treo.toml").is_file():
        return root
    return Path(__file__).resolve().parents[2] / "templates"


def builtin_names() -> list[str]:
    root = _builtin_dir()
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


@functools.cache
def _load_builtin(name: str) -> Template:
    root = _builtin_dir()
    data = tomllib.loads(root.joinpath(f"{name}.toml").read_text(encoding="utf-8"))
    return parse(data, name, source=f"builtin:{name}")


def load(name_or_path: str) -> Template:
    """A built-in template by name (``a4-treo``) or a market board's own ``.toml`` file."""
    if name_or_path in builtin_names():
        return _load_builtin(name_or_path)
    path = Path(name_or_path)
    if path.suffix.lower() == ".toml" and path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise _invalid(str(path), str(exc)) from None
        template = parse(data, str(data.get("name") or path.stem), source=str(path))
        logos = {k: str((path.parent / v).resolve()) for k, v in template.logos.items()}
        from dataclasses import replace

        return replace(template, logos=logos)
    raise InputError("E-TEMPLATE-UNKNOWN", field="template", value=name_or_path, names=builtin_names())


def all_templates() -> list[Template]:
    return [load(n) for n in builtin_names()]


DEFAULT = "a4-treo"
CHECKLIST = "doi-chieu"
COMBINED = "a4-nhieu-tk"
