"""The shape of a template file, as pydantic models: which keys, which types, which values.

:mod:`qrsign.render.layout` turns a parsed TOML file into a checked
:class:`~qrsign.render.layout.Template`; this module says what a well-formed file is
(a box's keys and types, a page's size, a cell's positions), so the hand-written
checks that remain in ``layout`` are the *layout* rules (one QR per cell,
nothing over it, inside the safe margin). Errors keep the wording
``templates/README.md`` documents (``cell.box[2]: font must be one of …``): the
first problem of a box, in a fixed order, becomes an
``E-TEMPLATE-INVALID`` with that text.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    PlainValidator,
    Strict,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

BOX_KINDS = ("text", "qr", "rect", "line", "logo")
ALIGNS = ("left", "center", "right")
FONT_STYLES = ("regular", "medium", "bold", "extrabold")
KINDS = ("sign", "checklist", "combined")
REQUIRED = ("x", "y", "w", "h")
#: Box keys that must be numbers, in the order their errors are reported.
NUMBERS = ("x", "y", "w", "h", "size", "min_size", "stroke_width", "leading", "radius")


def _number(value: Any) -> Any:
    """An int or a float, kept as written (a bool or a string is not a number)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    raise PydanticCustomError("number", "must be a number")


def _colour(value: Any) -> Any:
    if isinstance(value, str) and len(value) == 7 and value[0] == "#" and all(
        c in "0123456789abcdefABCDEF" for c in value[1:]
    ):
        return value
    raise PydanticCustomError("colour", "is not a #RRGGBB colour")


def _colour_or_none(value: Any) -> Any:
    return None if value is None else _colour(value)


Number = Annotated[float, PlainValidator(_number)]
Colour = Annotated[str, PlainValidator(_colour)]
OptionalColour = Annotated[str | None, PlainValidator(_colour_or_none)]


class BoxSpec(BaseModel):
    """One ``[[cell.box]]`` or ``[[page_layout.box]]`` table. Mirrors :class:`qrsign.render.layout.Box`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["text", "qr", "rect", "line", "logo"]
    x: Number
    y: Number
    w: Number
    h: Number
    text: Annotated[str, Strict()] = ""
    font: Literal["regular", "medium", "bold", "extrabold"] = "regular"
    size: Number = 12.0
    min_size: Number = 5.0
    lines: Annotated[int, Strict()] = 1
    leading: Number = 1.2
    align: Literal["left", "center", "right"] = "center"
    color: Colour = "#000000"
    fill: OptionalColour = None
    stroke: OptionalColour = None
    stroke_width: Number = 0.5
    radius: Number = 0.0
    dash: bool = False
    background: bool = False
    name: Annotated[str, Strict()] = ""

    @model_validator(mode="after")
    def _geometry(self) -> BoxSpec:
        if self.w < 0 or self.h < 0 or (self.kind != "line" and (self.w <= 0 or self.h <= 0)):
            raise PydanticCustomError("geometry", "width and height must be positive")
        if self.kind == "qr" and abs(self.w - self.h) > 1e-6:
            raise PydanticCustomError("geometry", "a QR box must be square")
        if self.min_size > self.size or self.lines < 1:
            raise PydanticCustomError("geometry", "min_size must be ≤ size and lines ≥ 1")
        return self


def box_fields(raw: Any, where: str) -> dict[str, Any]:
    """The fields of a valid box (every key, defaults filled in); ``ValueError`` with the message otherwise."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: a box must be a table of keys")
    try:
        return BoxSpec.model_validate(raw).model_dump()
    except ValidationError as exc:
        raise ValueError(f"{where}: {_box_message(raw, exc)}") from None


def _box_message(raw: dict[str, Any], exc: ValidationError) -> str:
    """The first problem of a box, in the order the format documents them."""
    errors = {str(e["loc"][0]) if e["loc"] else "": e for e in exc.errors()}
    unknown = sorted(k for k, e in errors.items() if e["type"] == "extra_forbidden")
    if unknown:
        return f"unknown keys {unknown}"
    if "kind" in errors:
        return f"kind must be one of {BOX_KINDS}, got {raw.get('kind')!r}"
    missing = [k for k in REQUIRED if k in errors and errors[k]["type"] == "missing"]
    if missing:
        return _missing_message(missing)
    for key in NUMBERS:
        if key in errors:
            return f"{key} must be a number"
    for key, choices in (("font", FONT_STYLES), ("align", ALIGNS)):
        if key in errors:
            return f"{key} must be one of {choices}"
    for key in ("color", "fill", "stroke"):
        if key in errors:
            return f"{key} {raw.get(key)!r} is not a #RRGGBB colour"
    key, first = next(iter(errors.items()))
    if first["type"] == "geometry":
        return str(first["msg"])
    return f"{key}: {first['msg']}"


def _missing_message(names: list[str]) -> str:
    """The wording of earlier versions (Python's own for a missing argument), kept for scripts that match it."""
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    plural = "s" if len(names) > 1 else ""
    return f"Box.__init__() missing {len(names)} required positional argument{plural}: {listed}"


_POSITIONS = TypeAdapter(list[tuple[float, float]])
_PAGE_SIZE = TypeAdapter(tuple[float, float])


def positions(raw: Any, where: str) -> tuple[tuple[float, float], ...]:
    """Cell positions: a non-empty list of ``[x, y]`` pairs of numbers (mm)."""
    try:
        out = tuple(_POSITIONS.validate_python(raw))
    except ValidationError:
        raise ValueError(f"{where}: positions must be a list of [x, y] pairs") from None
    if not out:
        raise ValueError(f"{where}: at least one position is needed")
    return out


def page_size(raw: Any) -> tuple[float, float]:
    """A page (or cell) size given as ``[width, height]`` in mm."""
    try:
        return _PAGE_SIZE.validate_python(raw)
    except ValidationError:
        raise ValueError("page must be a name or [width, height] in mm") from None
