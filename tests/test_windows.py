"""Windows and macOS on a Linux CI (issue 16): the "spawn" start method, files locked by Excel, file names.

Windows and macOS start worker processes with "spawn" (a fresh interpreter that
imports qrsign) where Linux forks; ``QRSIGN_START_METHOD`` forces it here. A file
open in Excel makes Windows refuse to replace or read it (sharing violation,
errno 13 / winerror 32); the tests raise the same PermissionError by hand.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
from pathlib import Path

import pytest

from qrsign import fsutil
from qrsign.cli import console

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cho-mau.xlsx"


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_spawn_builds_the_same_files_as_fork(tmp_path, monkeypatch):
    from qrsign.building import workers
    from qrsign.proof.verify import verify_build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    outputs = {}
    for method in ("fork", "spawn"):
        monkeypatch.setenv("QRSIGN_START_METHOD", method)
        assert workers._pool_context().get_start_method() == method
        out = tmp_path / method
        r = run_cli("build", EXAMPLE, "-o", out, "-j", "2", "--format", "png", "--date", "2025-01-01")
        assert r.code == 0, r.err
        outputs[method] = _hashes(out)
        verification = verify_build(out, jobs=2)  # verify runs its pages in the same kind of pool
        assert verification.ok and verification.found >= 21, verification.lines("en")
    assert outputs["fork"] == outputs["spawn"]
    assert any(name.endswith(".pdf") for name in outputs["spawn"])


def test_unknown_start_method_falls_back(monkeypatch):
    from qrsign.building import workers

    monkeypatch.setenv("QRSIGN_START_METHOD", "teleport")
    assert workers._pool_context().get_start_method() in ("fork", "spawn")


# --------------------------------------------------------------------------------------------------
# a file locked by another program


def test_output_locked_by_excel_says_close_it(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", locked)
    r = run_cli("check", EXAMPLE, "--report", tmp_path / "loi.xlsx")
    assert r.code == 2
    assert "đang mở trong chương trình khác" in r.err and "Đóng file đó rồi chạy lại" in r.err
    assert "Traceback" not in r.err and "Permission denied" not in r.err
    assert not list(tmp_path.glob(".qrsign-*"))  # the temp file was removed
    en = run_cli("init", tmp_path / "mau.xlsx", "--lang", "en")
    assert en.code == 2 and "Close it and run again" in en.err


def test_sheet_locked_by_excel_says_close_it(tmp_path, monkeypatch):
    real_open = pathlib.Path.open

    def open_(self, *args, **kwargs):
        if self.name == "cho-mau.xlsx":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_)
    r = run_cli("check", EXAMPLE)
    assert r.code == 2
    assert "đóng nó rồi chạy lại" in r.err and "Permission denied" not in r.err


def test_a_permission_error_in_the_middle_of_a_build_is_a_message(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", locked)
    r = run_cli("build", EXAMPLE, "-o", tmp_path / "b", "-j", "1")
    assert r.code == 2
    assert "Đóng file đó rồi chạy lại" in r.err and "Traceback" not in r.err


def test_windows_sharing_violation_is_recognised():
    err = PermissionError(13, "The process cannot access the file because it is being used by another process")
    err.winerror = 32  # type: ignore[attr-defined]
    assert console.is_locked(err)
    assert "Excel" in console.os_phrase(err, lang="vi")
    assert not console.is_locked(FileNotFoundError(2, "No such file or directory"))


# --------------------------------------------------------------------------------------------------
# names Windows refuses, long paths


@pytest.mark.parametrize("part", ["CON", "prn", "Aux", "NUL", "com1", "COM9", "lpt1", "LPT9", "con.", "nul ",
                                  "CON .", "aux.txt"])
def test_reserved_names_never_come_out(part):
    name = fsutil.safe_name(part, ext=".pdf")
    stem = name.removesuffix(".pdf")
    assert stem.split(".")[0].lower() not in fsutil.WINDOWS_RESERVED, name
    assert not stem.endswith((".", " ")), name


def test_no_trailing_dots_or_spaces():
    for part in ["Chợ …", "Khu A. ", "...", "   "]:
        name = fsutil.safe_name(part)
        assert name and not name.endswith((".", " ")), name


def test_generated_names_stay_short():
    """Windows' 260-character path limit: generated names stay well below it."""
    name = fsutil.safe_name("Chợ " + "Đồng Xa " * 40, "Khu " + "A" * 200, ext=".pdf")
    assert len(name) <= 84
