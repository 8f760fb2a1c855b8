"""The one way qrsign writes a cell and saves a workbook: every workbook it writes goes through here.

Why one writer: text that reaches a workbook comes from people and files
(market names, holder names, photo and picture file names, a manifest's
fields). Any of it may start with ``=`` (a formula in Excel: CWE-1236,
OWASP ASVS 1.2.10), hold a control character openpyxl refuses to store
(``\\x1b`` from a file name: ``IllegalCharacterError`` mid-write), or be longer
than Excel keeps. :func:`put` makes every such value safe and visible, and
stores text as text (never parsed as a number or a formula).

Why save to memory first: ``Workbook.save`` writes a zip in many small writes;
a full disk half-way left a partial file behind and, once the handle was
closed, a second traceback from ``ZipFile.__del__``. :func:`save_atomic`
builds the whole file in memory, then writes it atomically with
:mod:`qrsign.fsutil`, which leaves no file behind when the write fails; the
failure is qrsign's own :class:`~qrsign.errors.OutputError`.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from qrsign import fsutil
from qrsign.core.text import neutralise
from qrsign.errors import OutputError

#: Characters Excel keeps in one cell.
MAX_CELL = 32_767
#: What stands in for a character a workbook cannot hold (C0 controls but tab, CR and LF).
REPLACEMENT = "\ufffd"


def cell_text(value: str) -> str:
    r"""``value`` as a workbook may hold it: no formula, no character openpyxl refuses, at most :data:`MAX_CELL`.

    >>> cell_text("=HYPERLINK(1)"), cell_text("A01 Lan\x1b[31m"), len(cell_text("x" * 40_000))
    ("'=HYPERLINK(1)", 'A01 Lan\ufffd[31m', 32767)
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return neutralise(ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value))[:MAX_CELL]


def put(cell: Any, value: Any, *, verbatim: bool = False, **style: Any) -> Any:
    """Assign ``value`` to an openpyxl cell safely; ``style`` sets attributes (``font=…``); returns the cell.

    Text is cleaned by :func:`cell_text` and stored as text. ``verbatim``
    (a payload, kept byte for byte) skips the formula prefix, which would
    change it; characters a workbook cannot hold are still replaced, so such a
    payload no longer checks out and is refused when the list is read back.
    """
    if isinstance(value, str):
        if verbatim:
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            value = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value)[:MAX_CELL]
        else:
            value = cell_text(value)
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def save_atomic(wb: Any, path: str | os.PathLike) -> Path:
    """Save ``wb`` to ``path``: built whole in memory, then written atomically (see the module's docstring)."""
    target = fsutil.prepare_file(path)
    buffer = io.BytesIO()
    wb.save(buffer)
    try:
        fsutil.write_bytes(target, buffer.getvalue())
    except OSError as exc:  # a full disk mid-write: fsutil left no file behind
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(target),
                          detail=exc.strerror or str(exc)) from None
    return target
