"""The one vi/en catalogue is complete: every code and UI key the code uses has both texts, with the same
placeholders, and every code that can reject a row has a short reason for the closing summary.

The codes are collected from the source (string literals), so a new ``raise DataError("E-NEW-THING")``
without a catalogue entry fails here rather than printing "Error E-NEW-THING: …" to a volunteer.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from qrsign import messages

PACKAGE = Path(__file__).resolve().parent.parent / "qrsign"
CODE = re.compile(r"^[EWF]-[A-Z0-9]+(?:-[A-Z0-9]+)*$")

#: Modules whose error codes can land on a row and reject it (the row checks, the vendor model, the payload
#: parser a payload column goes through, the cell readers).
ROW_MODULES = ("intake.check", "render.rules", "core.account", "core.names", "models", "core.vietqr", "core.banks",
               "core.text", "intake.cells", "core.legacy", "intake.sheet", "render.card", "errors")

#: Codes that are never a row's problem code although they appear in those modules, and why.
NOT_A_ROW_REASON = {
    "E-VENDOR": "VendorErrors only carries the per-field errors; each becomes a problem with its own code",
    "E-QRSIGN": "the base class's default, never raised bare",
    "E-INPUT": "the whole file is unusable (exit 2), no row is rejected",
    "E-OUTPUT": "the output cannot be written (exit 2), no row is rejected",
}


def _trees() -> dict[str, ast.Module]:
    """Every module of the package by its dotted name below ``qrsign`` (``intake.check``)."""
    return {".".join(p.relative_to(PACKAGE).with_suffix("").parts): ast.parse(p.read_text(encoding="utf-8"), str(p))
            for p in sorted(PACKAGE.rglob("*.py"))}


TREES = _trees()


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _code_literals(tree: ast.Module, *, skip_calls: tuple[str, ...] = ()) -> set[str]:
    """Every string literal shaped like a message code, except inside calls named in ``skip_calls``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in skip_calls:
            skipped.update(id(n) for n in ast.walk(node))
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value)
            and id(node) not in skipped}


def used_codes() -> dict[str, set[str]]:
    """code → modules whose source names it."""
    out: dict[str, set[str]] = {}
    for module, tree in TREES.items():
        if module == "messages":
            continue  # the catalogue's own keys
        for code in _code_literals(tree):
            out.setdefault(code, set()).add(module)
    return out


def used_ui_keys() -> dict[str, set[str]]:
    """Literal keys passed to ``ui(...)`` / ``messages.ui(...)`` or read as ``UI["..."]``."""
    out: dict[str, set[str]] = {}
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            key = None
            if isinstance(node, ast.Call) and _call_name(node) == "ui" and node.args:
                arg = node.args[0]
                key = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            elif (isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Name, ast.Attribute))
                  and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr) == "UI"
                  and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
                key = node.slice.value
            if key is not None:
                out.setdefault(key, set()).add(module)
    return out


def row_reason_codes() -> set[str]:
    """Error codes that can reject a row: ``E-`` literals of the row modules, file-level errors left out."""
    codes: set[str] = set()
    for module in ROW_MODULES:
        codes |= {c for c in _code_literals(TREES[module], skip_calls=("InputError", "OutputError"))
                  if c.startswith("E-")}
    return codes - set(NOT_A_ROW_REASON)


def placeholders(text: str) -> set[str]:
    """``{name}`` fields of a format string; ``suggestion_vi``/``suggestion_en`` count as one (per language)."""
    names = {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    return {re.sub(r"_(vi|en)$", "", n) for n in names}


# --------------------------------------------------------------------------------------------------


def test_the_scan_finds_codes_and_keys():
    codes, keys = used_codes(), used_ui_keys()
    assert {"E-ACCOUNT-EMPTY", "E-BANK-UNKNOWN", "E-SHEET-NO-HEADER", "W-ROW-DUPLICATE"} <= set(codes)
    assert "E-PAYLOAD-CRC" in codes and "core.vietqr" in codes["E-PAYLOAD-CRC"]
    assert len(codes) > 100 and len(keys) > 100


def test_every_code_used_has_a_catalogue_entry_in_both_languages():
    missing = {code: sorted(mods) for code, mods in used_codes().items() if code not in messages.CATALOGUE}
    assert not missing, f"codes without a CATALOGUE entry: {missing}"
    for code in used_codes():
        vi, en = messages.CATALOGUE[code]
        assert vi.strip() and en.strip(), code


def test_every_ui_key_used_has_an_entry_in_both_languages():
    missing = {key: sorted(mods) for key, mods in used_ui_keys().items() if key not in messages.UI}
    assert not missing, f"ui() keys without a UI entry: {missing}"
    for key in used_ui_keys():
        vi, en = messages.UI[key]
        assert vi.strip() and en.strip(), key


@pytest.mark.parametrize("table", ["CATALOGUE", "UI", "SHORT_REASONS"])
def test_vi_and_en_have_the_same_placeholders(table):
    entries: dict[str, tuple[str, str]] = getattr(messages, table)
    assert entries
    different = {}
    for key, texts in entries.items():
        assert len(texts) == 2 and all(isinstance(t, str) and t.strip() for t in texts), key
        vi, en = (placeholders(t) for t in texts)
        if vi != en:
            different[key] = (sorted(vi), sorted(en))
    assert not different, f"vi and en placeholders differ: {different}"


def test_every_code_that_can_reject_a_row_has_a_short_reason():
    codes = row_reason_codes()
    assert {"E-ACCOUNT-TWO", "E-PAYLOAD-CRC", "E-WALLET-TYPED", "E-NAME-LETTERS", "E-CELL-DATE"} <= codes
    assert "E-SHEET-NOT-FOUND" not in codes  # a file-level InputError, not a row's reason
    missing = sorted(codes - set(messages.SHORT_REASONS))
    assert not missing, f"row rejection codes without a SHORT_REASONS entry (the summary would show the raw code): " \
                        f"{missing}"


def test_short_reasons_are_known_error_codes_and_short():
    for code, (vi, en) in messages.SHORT_REASONS.items():
        assert code in messages.CATALOGUE and code.startswith("E-"), code
        assert len(vi) <= 60 and len(en) <= 60 and "{" not in vi + en, code


def test_short_reason_reads_the_one_table():
    assert messages.short_reason("E-ACCOUNT-TWO", "vi") == "hai tài khoản trong một ô"
    assert messages.short_reason("E-PAYLOAD-CRC", "en") == "QR damaged, capture it again"
    assert messages.short_reason("E-NO-SUCH-CODE", "en") == "E-NO-SUCH-CODE"  # the fallback: the code itself
    assert not [k for k in messages.UI if k.startswith("reason.")]  # one mechanism, not two


def test_the_checks_fail_when_an_entry_is_removed(monkeypatch):
    """Mutation kept as a test: removing one entry from each table is noticed."""
    monkeypatch.delitem(messages.CATALOGUE, "E-PAYLOAD-CRC")
    with pytest.raises(AssertionError, match="E-PAYLOAD-CRC"):
        test_every_code_used_has_a_catalogue_entry_in_both_languages()
    monkeypatch.delitem(messages.SHORT_REASONS, "E-WALLET-TYPED")
    with pytest.raises(AssertionError, match="E-WALLET-TYPED"):
        test_every_code_that_can_reject_a_row_has_a_short_reason()
    monkeypatch.delitem(messages.UI, "summary.rows_skipped")
    with pytest.raises(AssertionError, match="summary.rows_skipped"):
        test_every_ui_key_used_has_an_entry_in_both_languages()
    monkeypatch.setitem(messages.UI, "x.test", ("{a} và {b}", "{a} and {c}"))
    with pytest.raises(AssertionError, match="x.test"):
        test_vi_and_en_have_the_same_placeholders("UI")
