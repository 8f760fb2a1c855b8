"""Safe output: atomic writes, output folders that are checked, file names that cannot escape.

Every file qrsign writes goes to a temp file in the target folder, is flushed
and fsynced, then renamed over the target (``os.replace`` is atomic within one
file system). An interrupted build therefore leaves complete files or none;
temp files are removed on the way out, and :func:`sweep_temp` removes any that a
hard kill left behind when the next run starts.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from qrsign.core import text
from qrsign.errors import OutputError

TEMP_PREFIX = ".qrsign-"
TEMP_SUFFIX = ".tmp"

#: Names Windows refuses for files, whatever the extension.
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    path = Path(path)
    with atomic(path) as fh:
        fh.write(data)


def write_text(path: str | os.PathLike, data: str) -> None:
    write_bytes(path, data.encode("utf-8"))


@contextlib.contextmanager
def atomic(path: Path) -> Iterator:
    """A binary file handle whose content replaces ``path`` only when the block completes."""
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(folder), detail=exc.strerror) from None
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the mode a normal write would
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except PermissionError:  # Windows: the target is open in Excel or a PDF viewer (sharing violation)
            raise OutputError("E-FILE-LOCKED", field="output", value=str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sweep_temp(folder: Path) -> int:
    """Remove temp files a killed run left in ``folder`` and its subfolders; returns how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for p in folder.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            p.unlink()
            removed += 1
    return removed


def prepare_dir(path: str | os.PathLike) -> Path:
    """Create the output folder if needed; refuse a file in its place or a folder that cannot be written."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError("E-OUTPUT-NOT-DIR", field="output", value=str(p))
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(p),
                          detail=exc.strerror or str(exc)) from None
    if not os.access(p, os.W_OK | os.X_OK):
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(p), detail="permission denied")
    return p


def prepare_file(path: str | os.PathLike) -> Path:
    """Check that a single output file can be written (its folder exists and is writable, it is not a folder)."""
    p = Path(path)
    if p.is_dir():
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(p), detail="is a folder")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(p), detail="folder does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(p), detail="permission denied")
    return p


def safe_name(*parts: str, ext: str = "", limit: int = 80) -> str:
    """A file name made from slugs of ``parts``: ASCII ``[a-z0-9-]``, never empty, never reserved.

    >>> safe_name("Chợ Đồng Xa", "../../etc", ext=".pdf")
    'cho-dong-xa-etc.pdf'
    >>> safe_name("CON", ext=".png")
    'con-.png'
    """
    stem = "-".join(text.slug(p) for p in parts if p and text.slug(p) != "x") or "x"
    stem = stem[:limit].strip("-. ") or "x"  # Windows drops trailing dots and spaces from names
    if stem.lower() in WINDOWS_RESERVED or stem.lower().split(".")[0] in WINDOWS_RESERVED:
        stem += "-"
    return stem + ext


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing anything that would land outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=name, detail="outside the output folder")
    return target


class UniqueNames:
    """Hands out file names, adding ``-2``, ``-3`` … instead of ever reusing one."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.lower() in self._used:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        self._used.add(candidate.lower())
        return candidate
