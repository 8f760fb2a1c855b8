"""The manifest a build writes (``manifest.json``): its typed shape, and the one reader every command uses.

``manifest.json`` is a contract (scripts, ``verify``, ``diff``, ``build --since``, ``report`` and older qrsign
versions read it), so its keys are spelled out here as :class:`typing.TypedDict` s: the pipeline that writes
it and the readers are checked against one shape by mypy. Keys are only ever added (schema 1 is qrsign 0.1,
which has no ``schema`` key; schema 2 adds ``schema`` and the ``--since`` keys).

>>> sorted(SINCE_KEYS)
['new', 'pending', 'renamed_bank', 'replaced', 'reprint', 'since', 'withdraw']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TypedDict, cast

from qrsign.building.shape import check_manifest
from qrsign.errors import InputError

#: The manifest's file name inside a build folder.
MANIFEST = "manifest.json"
#: 1 = qrsign 0.1 (no key); 2 adds ``schema`` and the ``--since`` keys.
MANIFEST_SCHEMA = 2
#: What a ``build --since`` adds to its manifest (and ``build --json`` repeats), besides ``kept``.
SINCE_KEYS = ("since", "reprint", "new", "withdraw", "replaced", "pending", "renamed_bank")


class _SignRequired(TypedDict):
    payload: str
    bank_bin: str | None
    account: str | None


class SignEntry(_SignRequired, total=False):
    """One account's sign: what it shows, and where it was printed (``file``/``page`` None when not printed)."""

    row: int | None
    sheet: str | None
    stall: str
    name: str
    holder: str
    bank: str
    market: str | None
    zone: str | None
    sign_id: str
    source: str
    image: str
    file: str | None
    page: int | None
    qr_version: int
    module_mm: float
    cell: list[float]
    qr_box: list[float]
    holder_box: list[float]


class FileEntry(TypedDict):
    """One PDF the build wrote: ``kind`` is ``signs``, ``checklist`` or ``withdraw``."""

    file: str
    kind: str
    template: str
    pages: int
    bytes: int
    sha256: str


class ImageEntry(TypedDict):
    """One QR image written with ``--format png|svg``."""

    file: str
    sign_id: str
    format: str
    sha256: str


class ChecklistEntry(TypedDict):
    """One page of the control checklist: the signs it lists, each one's cell and QR box."""

    file: str
    page: int
    sign_ids: list[str]
    cells: list[list[float]]
    qr_boxes: list[list[float]]


class _ManifestRequired(TypedDict):
    signs: list[SignEntry]


class Manifest(_ManifestRequired, total=False):
    """``manifest.json``. Only ``signs`` is certain in a manifest read from disk (older versions lack keys);
    a manifest :func:`qrsign.build` returns has every key but the ``--since`` ones, which only a
    ``build --since`` adds."""

    schema: int
    qrsign: str
    source: str
    template: str
    date: str
    split_by: str
    combine: bool
    checklists: list[ChecklistEntry]
    files: list[FileEntry]
    images: list[ImageEntry]
    #: the whole sheet's closing summary and one per market (and zone): see ``qrsign.intake.check.summary``
    summary: dict[str, Any]
    markets: list[dict[str, Any]]
    #: ``build --since`` only: the old build (source, date, …), the reprints, the new sign IDs, the old signs
    #: kept, the signs to take down, those held back by a rejected row, those showing a bank's former name
    since: dict[str, Any]
    reprint: list[dict[str, Any]]
    new: list[str]
    kept: list[SignEntry]
    withdraw: list[dict[str, Any]]
    replaced: list[dict[str, Any]]  # the old copy of every reprinted sign, to take down
    pending: list[dict[str, Any]]
    renamed_bank: list[dict[str, Any]]


def manifest_path(path: str | os.PathLike[str]) -> Path:
    """``path`` itself, or the ``manifest.json`` inside it when it is a build folder.

    >>> manifest_path("bien/manifest.json").as_posix()
    'bien/manifest.json'
    """
    p = Path(path)
    return p / MANIFEST if p.is_dir() else p


def load_manifest(path: str | os.PathLike[str]) -> Manifest:
    """Read a manifest (the file or its build folder); :class:`~qrsign.errors.InputError` when it is not one.

    Every sign must carry its payload (the one thing every reader compares); ``bank_bin`` and ``account``
    are set to None when missing, as in manifests of ``make``-style tools that only list payloads.
    """
    path = manifest_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="not found") from None
    except RecursionError:  # "[[[[…" nested past the parser's depth
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail="nested too deep") from None
    except (OSError, ValueError) as exc:
        raise InputError("E-MANIFEST", field="manifest", value=str(path), detail=str(exc)[:100]) from None
    check_manifest(data, str(path))  # every field a reader uses has its type (qrsign.building.shape)
    for s in data["signs"]:
        s.setdefault("bank_bin", None)
        s.setdefault("account", None)
    return cast(Manifest, data)
