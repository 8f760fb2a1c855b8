"""What ``verify`` compares codes with: a build's manifest or a vendor sheet, as a :class:`Reference`, what
each page of a build's file must carry (:func:`expected_by_file`), and what one decoded payload is
(:func:`classify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from qrsign.building.manifest import load_manifest
from qrsign.core import vietqr
from qrsign.errors import DataError, InputError
from qrsign.proof.findings import Finding
from qrsign.render import qr


@dataclass
class Reference:
    """What is known: payload → manifest entries, and (BIN, account) → entries."""

    source: str
    by_payload: dict[str, list[dict]]
    by_account: dict[tuple, list[dict]]

    @classmethod
    def from_signs(cls, source: str, signs: list[dict] | list[Any]) -> Reference:
        by_payload: dict[str, list[dict]] = {}
        by_account: dict[tuple, list[dict]] = {}
        for s in signs:
            by_payload.setdefault(s["payload"], []).append(s)
            by_account.setdefault((s["bank_bin"], s["account"]), []).append(s)
        return cls(source, by_payload, by_account)


def load_reference(against: Path) -> Reference:
    """A manifest (``manifest.json`` or a build folder) or a vendor sheet."""
    if against.is_dir():
        against = against / "manifest.json"
    if against.suffix.lower() == ".json":
        return Reference.from_signs(str(against), load_manifest(against)["signs"])
    from qrsign.render.rules import check_file

    result = check_file(against)
    signs = [{**vr.to_dict(), "file": None, "page": None} for vr in result.vendors]
    return Reference.from_signs(str(against), signs)


def _find_manifest(start: Path) -> Path | None:
    for folder in [start, *start.parents][:4]:
        candidate = folder / "manifest.json"
        if candidate.is_file():
            return candidate
    return None


def classify(payload: str, ref: Reference | None, source: str, page: int | None = None,
             expected: list[dict] | None = None) -> Finding:
    """What one decoded payload is, compared with the reference (and the page's expected signs)."""
    try:
        p = vietqr.drawable(payload)  # any payload qrsign draws: its own, and verbatim bank/wallet/merchant codes
    except DataError as exc:
        return Finding("invalid", source, page, payload, detail=exc.message("en"))
    base: dict[str, Any] = dict(source=source, page=page, payload=payload, bin=p.bin, account=p.account)
    if ref is None:
        return Finding("unverified", **base)
    known = ref.by_payload.get(payload)
    if known:
        if expected is not None and not any(s["payload"] == payload for s in expected):
            target = expected[0] if expected else known[0]
            return Finding("mismatch", sign=target, **base)
        return Finding("ok", sign=known[0], **base)
    same_account = ref.by_account.get((p.bin, p.account))
    if same_account:
        return Finding("mismatch", sign=same_account[0], **base)
    if expected:
        return Finding("mismatch", sign=expected[0], **base)
    return Finding("unknown", **base)


def expected_by_file(manifest: dict) -> tuple[dict[str, dict[int, list[dict]]], dict[str, float]]:
    """What each page of each file of a build must carry: file → page → sign entries (checklist rows with
    their own cell and QR box), and each file's smallest module (mm), to choose a resolution: a sign's
    recorded one, or a checklist code's QR box over its modules (the quiet zone is inside the box)."""
    by_file: dict[str, dict[int, list[dict]]] = {}
    modules: dict[str, float] = {}
    for s in manifest["signs"]:
        if s.get("file"):
            by_file.setdefault(s["file"], {}).setdefault(int(s["page"]), []).append(s)
            if s.get("module_mm"):
                modules[s["file"]] = min(modules.get(s["file"], 99.0), float(s["module_mm"]))
    by_id = {s["sign_id"]: s for s in manifest["signs"]}
    for c in manifest.get("checklists", []):
        ids = c.get("sign_ids", [])
        cells, boxes = c.get("cells"), c.get("qr_boxes")
        placed = cells is not None and boxes is not None and len(cells) == len(ids) == len(boxes)
        entries = []
        for n, i in enumerate(ids):
            if i in by_id:
                entry = dict(by_id[i])
                entry.pop("holder_box", None)
                if placed:
                    entry.update(cell=cells[n], qr_box=boxes[n])
                    _smallest_module(modules, c["file"], entry)
                else:
                    entry.pop("cell", None)
                    entry.pop("qr_box", None)
                entries.append(entry)
        by_file.setdefault(c["file"], {}).setdefault(int(c["page"]), []).extend(entries)
    return by_file, modules


def _smallest_module(modules: dict[str, float], file: str, entry: dict) -> None:
    """Lower ``modules[file]`` to the module of ``entry``'s code drawn in its QR box, when both are known."""
    try:
        module = float(entry["qr_box"][2]) / (17 + 4 * int(entry["qr_version"]) + 2 * qr.QUIET_ZONE)
    except (KeyError, IndexError, TypeError, ValueError):
        return
    if module > 0:
        modules[file] = min(modules.get(file, 99.0), module)


@dataclass(frozen=True)
class BuildFile:
    """A PDF given on its own that is one of a build's files: the manifest, the file's entry in it, and whether
    its bytes are still the ones the build wrote."""

    manifest: dict
    entry: dict
    changed: bool

    @property
    def file(self) -> str:
        return self.entry["file"]


def build_file_of(pdf: Path, manifest_path: Path) -> BuildFile | None:
    """Which of a build's files ``pdf`` is: the one with the same bytes; else, by name, the one whose path
    the PDF's path ends with (``cho-a/a4-treo.pdf``), the longest such — a file changed since the build is
    still checked against what its pages must carry."""
    try:
        manifest = cast(dict, load_manifest(manifest_path))
    except InputError:
        return None
    entries = [f for f in manifest.get("files", []) if isinstance(f, dict) and isinstance(f.get("file"), str)]
    sha = _sha256(pdf)
    for f in entries:
        if f.get("sha256") == sha:
            return BuildFile(manifest, f, False)
    parts = pdf.resolve().parts
    named = [(len(Path(f["file"]).parts), f) for f in entries
             if parts[-len(Path(f["file"]).parts):] == Path(f["file"]).parts]
    if not named:
        return None
    longest = max(n for n, _ in named)
    best = [f for n, f in named if n == longest]
    return BuildFile(manifest, best[0], True) if len(best) == 1 else None


def _sha256(path: Path) -> str | None:
    from qrsign.building.outdir import sha256_file

    return sha256_file(path)
