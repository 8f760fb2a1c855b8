"""The shape a ``manifest.json`` read back from disk must have before any command relies on it.

Why: a manifest is a file on a shared drive. It may be from an older qrsign,
hand-edited, truncated or crafted. ``diff``, ``report``, ``verify --against``,
the patrol and ``build --since`` read fields of it deep inside their work; a
field of the wrong type there was an ``AttributeError`` ("internal error").
Checked once here, every such manifest is one :class:`~qrsign.errors.InputError`
(``E-MANIFEST``, exit 2) that says which field is wrong.

Only what qrsign reads is checked; unknown keys are left alone (a newer
qrsign may add some), and a missing optional field is fine (a 0.1 manifest).
"""

from __future__ import annotations

from typing import Any

from qrsign.errors import InputError

#: Fields of a sign (``signs``, ``kept``) that are text when present.
SIGN_TEXT = ("payload", "stall", "name", "holder", "bank_bin", "bank", "account", "market", "zone", "sign_id",
             "file", "sheet")
#: Fields of a sign that are whole numbers when present.
SIGN_INT = ("page", "row", "qr_version")
#: Fields of a market summary (``markets``) that are text when present.
MARKET_TEXT = ("market", "zone")
#: Fields of a market summary that are counts when present (the board adds them up).
MARKET_NUMBERS = ("rows_read", "vendors", "vendors_not_ready", "accounts", "rows_rejected", "rows_duplicate",
                  "errors", "warnings")
#: Fields of a market summary that map a name to a count.
MARKET_COUNTS = ("banks", "rejected_by_reason")
#: Top-level fields that are lists when present.
LISTS = ("signs", "kept", "markets", "files", "images", "checklists", "reprint", "withdraw", "new")
#: Top-level fields that are text when present.
TEXT = ("source", "date", "qrsign", "template")


def check_manifest(data: Any, where: str) -> dict:
    """``data`` if it has a manifest's shape; :class:`InputError` ``E-MANIFEST`` naming the first wrong field."""
    if not isinstance(data, dict):
        _bad(where, "not a JSON object")
    if not isinstance(data.get("signs"), list):
        _bad(where, "no signs list")
    for name in LISTS:
        if data.get(name) is not None and not isinstance(data[name], list):
            _bad(where, f"{name} is not a list")
    for name in TEXT:
        _text(data, name, where, name)
    for group in ("signs", "kept"):
        for i, sign in enumerate(data.get(group) or []):
            _sign(sign, where, f"{group}[{i}]")
    for i, entry in enumerate(data.get("markets") or []):
        _market(entry, where, f"markets[{i}]")
    return data


def _sign(sign: Any, where: str, at: str) -> None:
    if not isinstance(sign, dict) or not isinstance(sign.get("payload"), str):
        _bad(where, "a sign without payload")
    for name in SIGN_TEXT:
        _text(sign, name, where, f"{at}.{name}")
    for name in SIGN_INT:
        value = sign.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            _bad(where, f"{at}.{name} is not a whole number")


def _market(entry: Any, where: str, at: str) -> None:
    if not isinstance(entry, dict):
        _bad(where, f"{at} is not an object")
    for name in MARKET_TEXT:
        _text(entry, name, where, f"{at}.{name}")
    for name in MARKET_NUMBERS:
        if entry.get(name) is not None and not _is_count(entry[name]):
            _bad(where, f"{at}.{name} is not a count")
    for name in MARKET_COUNTS:
        value = entry.get(name)
        if value is not None and (not isinstance(value, dict) or not all(_is_count(n) for n in value.values())):
            _bad(where, f"{at}.{name} is not a table of counts")


def _text(obj: dict, name: str, where: str, at: str) -> None:
    value = obj.get(name)
    if value is not None and not isinstance(value, str):
        _bad(where, f"{at} is not text")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _bad(where: str, detail: str) -> None:
    raise InputError("E-MANIFEST", field="manifest", value=where, detail=detail)
