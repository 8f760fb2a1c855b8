"""An output folder's bookkeeping: one build at a time (a lock file), and removing only what qrsign wrote.

A rebuild deletes a previous build's file only when all of these hold: the
previous ``manifest.json`` lists it, it is inside the output folder, it is of a
kind qrsign writes (``.pdf``, ``.png``, ``.svg``), it is not the input sheet,
and its bytes still have the SHA-256 the manifest recorded. Anything else —
a file edited since, a manifest that names the workbook, ``../`` — is kept and
reported, never deleted.

A folder that holds another sheet's build is refused (exit 2, naming the
other sheet) unless ``--replace`` is given: merging two builds' manifests into
one that still verifies would make ``manifest.json`` the record of two runs at
once, and a wrong guess deletes a market's signs. Refusing costs the user one
flag; guessing wrong costs a reprint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qrsign import fsutil
from qrsign.errors import OutputError, QrsignError

LOCK = ".qrsign.lock"
#: File kinds a build writes, and so may remove again.
OWN_SUFFIXES = (".pdf", ".png", ".svg")


@dataclass
class Cleanup:
    """What a rebuild did to the previous build's files."""

    removed: list[str] = field(default_factory=list)  # stale files with the recorded hash: deleted
    kept: list[str] = field(default_factory=list)  # listed but changed, foreign or unsafe: left alone
    replaced: list[str] = field(default_factory=list)  # rewritten by this build under the same name
    previous_source: str | None = None  # the sheet the previous build was made from, when another one
    stale_lock: dict | None = None  # a dead run's lock that was taken over

    def to_dict(self) -> dict:
        return {"removed": self.removed, "kept": self.kept, "replaced": self.replaced,
                "previous_source": self.previous_source, "stale_lock": self.stale_lock}


def sha256_file(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def previous_manifest(out: Path, name: str = "manifest.json") -> dict | None:
    try:
        data = json.loads((out / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def check_other_build(out: Path, source_name: str, replace: bool, cleanup: Cleanup) -> None:
    """Refuse to build sheet ``source_name`` into a folder holding another sheet's build (unless ``replace``)."""
    old = previous_manifest(out)
    if old is None:
        return
    previous = old.get("source")
    if isinstance(previous, str) and previous != source_name:
        if not replace:
            raise OutputError("E-OUTPUT-OTHER-BUILD", field="output", value=str(out), source=previous)
        cleanup.previous_source = previous


def _listed(old: dict) -> Iterator[tuple[str, str | None]]:
    for f in [*(old.get("files") or []), *(old.get("images") or [])]:
        if isinstance(f, dict) and isinstance(f.get("file"), str):
            sha = f.get("sha256")
            yield f["file"], sha if isinstance(sha, str) else None


def remove_stale(out: Path, old: dict | None, new_files: set[str], protect: list[Path], cleanup: Cleanup) -> None:
    """Delete the previous build's files this build did not write again — only when safe (module docstring)."""
    if old is None:
        return
    protected = set()
    for p in protect:
        with contextlib.suppress(OSError):
            protected.add(p.resolve())
    for name, sha in _listed(old):
        if name in new_files:
            cleanup.replaced.append(name)
            continue
        try:
            target = fsutil.inside(out, name)
        except QrsignError:
            cleanup.kept.append(name)
            continue
        if not target.is_file():
            continue
        if (target.suffix.lower() not in OWN_SUFFIXES or target in protected or sha is None
                or sha256_file(target) != sha):
            cleanup.kept.append(name)
            continue
        with contextlib.suppress(OSError):
            target.unlink()
            cleanup.removed.append(name)


# --------------------------------------------------------------------------------------------------
# a folder made for a build that failed


@contextlib.contextmanager
def made_for_build(path: str | os.PathLike) -> Iterator[Path]:
    """The output folder (created when missing, as :func:`qrsign.fsutil.prepare_dir`); when the block fails,
    the folders this call created are removed again if nothing but empty folders is left in them.

    A failed ``build`` (nothing to build, a wrong ``--since``, an interrupt) must not leave an empty folder
    that looks like a build. A folder that existed before, or that holds any file, is never touched.
    """
    target = Path(path)
    new: list[Path] = []  # the missing folders, deepest first
    probe = target
    while not probe.exists() and probe != probe.parent:
        new.append(probe)
        probe = probe.parent
    out = fsutil.prepare_dir(target)
    try:
        yield out
    except BaseException:
        if new:
            fsutil.sweep_temp(out)
            _remove_empty(new)
        raise


def _remove_empty(created: list[Path]) -> None:
    """Remove ``created`` folders (deepest first) and the empty folders inside the first; files stop it."""
    inner = sorted((d for d in created[0].rglob("*") if d.is_dir()), key=lambda d: len(d.parts), reverse=True)
    for folder in [*inner, *created]:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty


# --------------------------------------------------------------------------------------------------
# lock


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) sends CTRL_C_EVENT on Windows: never probe, assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return True
    return True


def _read_lock(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _stale(info: dict | None, path: Path) -> bool:
    """A lock is stale when its process is gone (same host), or it is unreadable and older than a minute."""
    if info is None:
        try:
            age = dt.datetime.now().timestamp() - path.stat().st_mtime
        except OSError:
            return True
        return age > 60
    if info.get("host") != socket.gethostname():
        return False  # cannot tell whether a process on another machine is alive: never take it over
    pid = info.get("pid")
    return not (isinstance(pid, int) and pid > 0 and _alive(pid))


@contextlib.contextmanager
def locked(out: Path, cleanup: Cleanup | None = None) -> Iterator[Path]:
    """Hold ``out/.qrsign.lock`` for the block: created with O_EXCL, so a second build into ``out`` fails.

    The lock holds the pid, host and start time. A lock left by a dead run on
    this host (a ``kill -9``, a power cut) is taken over, and ``cleanup``
    records it so the summary warns.
    """
    path = out / LOCK
    info = {"pid": os.getpid(), "host": socket.gethostname(),
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    for attempt in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            other = _read_lock(path)
            if attempt == 0 and _stale(other, path):
                # move the dead run's lock aside atomically; if another build took it over in between,
                # the content moved is not the one judged stale: put it back and give up
                aside = path.with_name(f"{LOCK}.stale-{os.getpid()}")
                try:
                    os.replace(path, aside)
                except OSError:
                    continue
                if _read_lock(aside) != other:
                    with contextlib.suppress(OSError):
                        os.replace(aside, path)
                    continue
                with contextlib.suppress(OSError):
                    aside.unlink()
                if cleanup is not None:
                    cleanup.stale_lock = other or {}
                continue
            other = other or {}
            raise OutputError("E-OUTPUT-LOCKED", field="output", value=str(out), pid=other.get("pid", "?"),
                              host=other.get("host", "?"), since=other.get("time", "?")) from None
        except OSError as exc:
            raise OutputError("E-OUTPUT-UNWRITABLE", field="output", value=str(out),
                              detail=exc.strerror or str(exc)) from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        break
    else:  # pragma: no cover - two takeovers raced
        raise OutputError("E-OUTPUT-LOCKED", field="output", value=str(out), pid="?", host="?", since="?")
    try:
        yield path
    finally:
        if _read_lock(path) == info:
            with contextlib.suppress(OSError):
                path.unlink()
