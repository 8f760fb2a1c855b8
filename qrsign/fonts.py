"""Fonts: Be Vietnam Pro (OFL, from the ``fontpkg-be-vietnam-pro`` wheel) registered for reportlab.

reportlab silently drops characters a TrueType font lacks (an emoji in a name
would just vanish from the sign), so every string that is drawn is checked
against the font's character map first: :func:`missing_glyphs`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

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
    import fontpkg

    return Path(fontpkg.path(FAMILY, weight))


@functools.cache
def register(style: str) -> str:
    """Register ``style`` with reportlab once per process; returns the reportlab font name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    _, name = STYLES[style]
    pdfmetrics.registerFont(TTFont(name, str(font_path(style))))
    return name


@functools.cache
def charset(style: str = "regular") -> frozenset[int]:
    """Code points the font can draw."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(register(style)).face
    return frozenset(face.charToGlyph)


def missing_glyphs(text: str, styles: tuple[str, ...] = ("regular", "bold", "extrabold")) -> list[str]:
    """Characters of ``text`` that one of ``styles`` cannot draw, as ``U+XXXX 'c'`` strings.

    Spaces and line breaks are always fine.
    """
    wanted = {ord(c) for c in text if not c.isspace()}
    missing: set[int] = set()
    for style in styles:
        missing |= wanted - charset(style)
    return [f"U+{cp:04X} '{chr(cp)}'" for cp in sorted(missing)]
