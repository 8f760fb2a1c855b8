"""Fonts: Be Vietnam Pro (OFL, from the ``fontpkg-be-vietnam-pro`` wheel) registered for reportlab.

reportlab silently drops characters a TrueType font lacks (an emoji in a name
would just vanish from the sign), so every string that is drawn is checked
against the font's character map first: :func:`missing_glyphs`.
"""

from __future__ import annotations

import functools
import os
import struct
from pathlib import Path
from typing import Any

from qrsign import _compat

#: Style name used in templates → (weight for fontpkg, reportlab font name).
STYLES = {
    "regular": (400, "BeVietnamPro-Regular"),
    "medium": (500, "BeVietnamPro-Medium"),
    "bold": (700, "BeVietnamPro-Bold"),
    "extrabold": (800, "BeVietnamPro-ExtraBold"),
}
FAMILY = "Be Vietnam Pro"


def font_path(style: str) -> Path:
    """The TTF file for a style; ``QRSIGN_FONT_DIR`` may point at a folder with the same file names."""
    weight, name = STYLES[style]
    override = os.environ.get("QRSIGN_FONT_DIR")
    if override:
        return Path(override) / f"{name}.ttf"
    found = _family_files().get(weight)
    if found is not None:
        return found
    import fontpkg

    return Path(fontpkg.path(FAMILY, weight))


@functools.cache
def _family_files() -> dict[int, Path]:
    """The family's upright static files by weight, as its own package lists them (``metadata.json``).

    ``fontpkg.path`` finds a family by scanning the entry points of every installed distribution
    (``importlib.metadata``): 25 ms with qrsign's dependencies installed, paid by every ``check`` and by a
    build before its first sign. The family's package says where its files are; the same file that
    ``fontpkg.path`` picks (``tests/test_render.py``). Empty when the family is not installed that way, and
    ``fontpkg.path`` answers.
    """
    import json

    try:
        import fontpkg_be_vietnam_pro as family

        meta = json.loads((family.ROOT / "metadata.json").read_text(encoding="utf-8"))
        if meta.get("family") != FAMILY:
            return {}
        files = {int(f["weight"]): family.ROOT.joinpath(*f["path"].split("/")) for f in meta["files"]
                 if f.get("style", "normal") == "normal" and not f.get("variable") and f.get("weight") is not None}
        return {weight: path for weight, path in files.items() if path.is_file()}
    except (ImportError, AttributeError, OSError, ValueError, KeyError, TypeError):
        return {}


@functools.cache
def register(style: str) -> str:
    """Register ``style`` with reportlab once per process; returns the reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _, name = STYLES[style]

    class Tagged(TTFont):
        """The font, its subsets written with distinct tags (:func:`qrsign._compat.subset_tags`)."""

        def addObjects(self, doc: Any) -> None:
            with _compat.subset_tags(self, doc):
                super().addObjects(doc)

    pdfmetrics.registerFont(Tagged(name, str(font_path(style))))
    return name


@functools.cache
def charset(style: str = "regular") -> frozenset[int]:
    """Code points the font can draw, from its ``cmap`` table.

    Read directly (formats 4 and 12) so that checking a sheet does not need
    reportlab loaded; the renderer draws with the same file.
    """
    return frozenset(read_cmap(font_path(style).read_bytes()))


@functools.cache
def covers_ascii(style: str) -> bool:
    """True when the font draws every printable ASCII character (a fast path for the glyph check)."""
    return set(range(0x21, 0x7F)) <= charset(style)


def read_cmap(data: bytes) -> set[int]:
    """Code points mapped to a glyph other than .notdef by a TrueType font's Unicode cmap."""
    num_tables = struct.unpack_from(">H", data, 4)[0]
    cmap = None
    for i in range(num_tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        raise ValueError("no cmap table")
    _, count = struct.unpack_from(">HH", data, cmap)
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            start = subtables[key]
            fmt = struct.unpack_from(">H", data, start)[0]
            if fmt == 12:
                return _cmap12(data, start)
            if fmt == 4:
                return _cmap4(data, start)
    raise ValueError("no Unicode cmap of format 4 or 12")


@functools.lru_cache(maxsize=8)
def _drawn_by_all(styles: tuple[str, ...]) -> frozenset[str]:
    """The characters every one of ``styles`` draws: a text made of them misses none."""
    if not styles:
        return frozenset()
    return frozenset(map(chr, frozenset.intersection(*(charset(style) for style in styles))))


def _cmap12(data: bytes, start: int) -> set[int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    points: set[int] = set()
    for g in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, start + 16 + 12 * g)
        points.update(cp for cp in range(first, last + 1) if glyph + cp - first)
    return points


def _cmap4(data: bytes, start: int) -> set[int]:
    segs = struct.unpack_from(">H", data, start + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, start + 14)
    starts = struct.unpack_from(f">{segs}H", data, start + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, start + 16 + 4 * segs)
    range_at = start + 16 + 6 * segs
    offsets = struct.unpack_from(f">{segs}H", data, range_at)
    points: set[int] = set()
    for i in range(segs):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + offsets[i] + 2 * (cp - starts[i])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                points.add(cp)
    return points


def missing_glyphs(text: str, styles: tuple[str, ...] = ("regular", "bold", "extrabold")) -> list[str]:
    """Characters of ``text`` that one of ``styles`` cannot draw, as ``U+XXXX 'c'`` strings.

    Spaces and line breaks are always fine.
    """
    return list(_missing(text, styles))


@functools.lru_cache(maxsize=4096)  # markets, zones and stalls repeat from row to row
def _missing(text: str, styles: tuple[str, ...]) -> tuple[str, ...]:
    if text.isascii() and all(covers_ascii(style) for style in styles) and all(
            c.isprintable() or c.isspace() for c in text):
        return ()
    if _drawn_by_all(styles).issuperset(text):  # a name, a stall, a market: nothing missing, no set arithmetic
        return ()
    wanted = {ord(c) for c in text if not c.isspace()}
    missing: set[int] = set()
    for style in styles:
        missing |= wanted - charset(style)
    return tuple(f"U+{cp:04X} '{chr(cp)}'" for cp in sorted(missing))
