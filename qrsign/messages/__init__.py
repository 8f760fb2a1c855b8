"""The one message catalogue: every text a user reads, in Vietnamese and English, keyed by error code.

Library errors carry a code and parameters (:mod:`qrsign.errors`); this module
turns them into sentences that say what is wrong and how to fix it. The CLI
adds where (file, sheet, row, column). Vietnamese is the default language; the
CLI switches with ``--lang en`` or ``QRSIGN_LANG=en``. JSON keys, field names and
codes never change with the language.
"""

from __future__ import annotations

import string
from typing import Any

from qrsign.messages.catalogue import CATALOGUE, FIELD_NAMES, SHORT_REASONS, UI

__all__ = ["CATALOGUE", "FIELD_NAMES", "LANGS", "PAGE", "SHORT_REASONS", "UI", "command_arg", "field_name", "render",
           "short_reason", "ui", "where"]

LANGS = ("vi", "en")
#: The suffix of a catalogue entry's wording for the web page (``"E-BANK-UNKNOWN.page"``).
PAGE = ".page"


class _Params(dict):
    """Format parameters that leave unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value)
    return str(value)


def field_name(field: str | None, lang: str) -> str:
    """The display name of ``field`` ("account" → "Số tài khoản" in Vietnamese)."""
    if not field:
        return "—"
    names = FIELD_NAMES.get(field)
    return names[lang] if names else field


def render(code: str, lang: str = "vi", *, on_page: bool = False, **params: Any) -> str:
    """The message for ``code`` in ``lang`` with ``params`` filled in.

    ``on_page``: the wording for the web page (``qrsign serve``) where the catalogue has one (``CODE.page``):
    a message that tells a terminal user to type a command points to the page instead.
    """
    lang = lang if lang in LANGS else "vi"
    texts = (on_page and CATALOGUE.get(code + PAGE)) or CATALOGUE.get(code)
    if texts is None:
        texts = ("Lỗi {code}: {value}", "Error {code}: {value}")
    values = _Params({k: _show(v) for k, v in params.items()})
    values["code"] = code
    values["field"] = field_name(params.get("field"), lang)
    suggestions = params.get("suggestions") or []
    values["suggestion_vi"] = f" Có phải là: {', '.join(suggestions)}?" if suggestions else ""
    values["suggestion_en"] = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    found = params.get("found") or []
    values["found_vi"] = f" Chỉ thấy: {', '.join(found)}." if found else ""
    values["found_en"] = f" Found only: {', '.join(found)}." if found else ""
    return string.Formatter().vformat(texts[0 if lang == "vi" else 1], (), values)


def where(lang: str, *, file: str | None = None, sheet: str | None = None, row: int | None = None,
          column: str | None = None, field: str | None = None) -> str:
    """A location prefix: ``Trang “Khu A”, dòng 17, cột E (Số tài khoản)``."""
    parts = []
    if file:
        parts.append(f"{file}")
    if sheet:
        parts.append(("trang “{}”" if lang == "vi" else "sheet “{}”").format(sheet))
    if row:
        parts.append(("dòng {}" if lang == "vi" else "row {}").format(row))
    if column:
        col = ("cột {}" if lang == "vi" else "column {}").format(column)
        if field:
            col += f" ({field_name(field, lang)})"
        parts.append(col)
    return ", ".join(parts)


def short_reason(code: str, lang: str) -> str:
    """A few words for a rejection reason (the code itself when there is no short name).

    :data:`SHORT_REASONS` is the only table; ``tests/test_catalogue.py`` fails when a code that can reject
    a row has no entry there.
    """
    names = SHORT_REASONS.get(code)
    return names[0 if lang == "vi" else 1] if names else code


#: Characters after which a shell reads a path as several words, or as something else than text. A backslash
#: is left out: it is Windows' path separator, and inside double quotes POSIX shells keep it too.
_SHELL_SPECIAL = frozenset(" \t\n'\"$`!&|;<>()*?[]{}#~=%")


def command_arg(value: Any) -> str:
    """A path (or any word) as it must be typed in a command the user copies from a hint.

    ``Danh sách chợ mới.xlsx`` → ``"Danh sách chợ mới.xlsx"``: without the quotes the shell passes three
    arguments and the command fails (a retry a volunteer should not need). Double quotes read the same in
    Windows' cmd and PowerShell and in POSIX shells; a value they cannot hold is single-quoted.

    >>> command_arg("danh-sach.xlsx"), command_arg("Danh sách chợ mới.xlsx"), command_arg(r"C:\\ds\\cho.xlsx")
    ('danh-sach.xlsx', '"Danh sách chợ mới.xlsx"', 'C:\\\\ds\\\\cho.xlsx')
    """
    text = str(value)
    if text and not any(ch in _SHELL_SPECIAL for ch in text):
        return text
    if not any(ch in '"$`!' for ch in text):
        return f'"{text}"'
    return "'" + text.replace("'", "'\"'\"'") + "'"


def ui(key: str, lang: str, **params: Any) -> str:
    """An interface text (labels, headings, notices) in ``lang``, with ``params`` filled in."""
    text = UI[key][0 if lang == "vi" else 1]
    return text.format(**params) if params else text
