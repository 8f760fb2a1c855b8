"""The PDF streams' compressor (qrsign/render/deflate.py): ISA-L where installed, zlib when asked or without it.

Either way the pages are the same: every stream decompresses to the same bytes.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

import pytest

from qrsign.render import deflate

from conftest import run_cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cho-mau.csv"
_STREAM = re.compile(rb"/Length (\d+)[^>]*>>\r?\nstream\r?\n")


def _streams(pdf: Path) -> list[bytes]:
    """Every stream of ``pdf``, as it is stored (compressed)."""
    data = pdf.read_bytes()
    return [data[m.end():m.end() + int(m.group(1))] for m in _STREAM.finditer(data)]


def test_isal_compresses_when_installed_and_zlib_when_asked(monkeypatch):
    isal_zlib = pytest.importorskip("isal.isal_zlib", reason="isal has no wheel here (pyproject.toml leaves it out)")

    data = b"12 7 3 1 re\n" * 400
    monkeypatch.delenv("QRSIGN_DEFLATE", raising=False)
    name, compress = deflate.compressor()
    assert name == "isal" and compress(data) == isal_zlib.compress(data, deflate.ISAL_LEVEL) != zlib.compress(data, 1)
    monkeypatch.setenv("QRSIGN_DEFLATE", " ZLIB ")
    name, compress = deflate.compressor()
    assert name == "zlib" and compress(data) == zlib.compress(data, deflate.ZLIB_LEVEL)
    monkeypatch.setenv("QRSIGN_DEFLATE", "gzip")  # not a choice: the default
    assert deflate.compressor()[0] == "isal"
    assert deflate.compressor("zlib")[0] == "zlib"


def test_without_isal_zlib_compresses(monkeypatch):
    monkeypatch.delenv("QRSIGN_DEFLATE", raising=False)
    monkeypatch.setitem(sys.modules, "isal", None)  # import isal fails, as where it has no wheel
    deflate._compressor.cache_clear()
    try:
        name, compress = deflate.compressor()
        assert name == "zlib" and compress(b"abc" * 100) == zlib.compress(b"abc" * 100, 1)
    finally:
        deflate._compressor.cache_clear()


def test_a_build_compressed_either_way_holds_the_same_pages(tmp_path):
    pytest.importorskip("isal", reason="isal has no wheel here (pyproject.toml leaves it out)")
    fast = run_cli("build", EXAMPLE, "-o", tmp_path / "isal", "--date", "2026-01-15", "--jobs", "1",
                   env={"QRSIGN_DEFLATE": "isal"})
    plain = run_cli("build", EXAMPLE, "-o", tmp_path / "zlib", "--date", "2026-01-15", "--jobs", "1",
                    env={"QRSIGN_DEFLATE": "zlib"})
    assert fast.code == plain.code == 0
    pdfs = sorted(p.relative_to(tmp_path / "zlib") for p in (tmp_path / "zlib").rglob("*.pdf"))
    assert len(pdfs) >= 2
    for rel in pdfs:
        ours, theirs = _streams(tmp_path / "isal" / rel), _streams(tmp_path / "zlib" / rel)
        assert len(ours) == len(theirs) >= 4
        assert [zlib.decompress(s) for s in ours] == [zlib.decompress(s) for s in theirs]
        assert ours != theirs  # compressed by another deflate: not zlib's bytes
        assert (tmp_path / "isal" / rel).stat().st_size < (tmp_path / "zlib" / rel).stat().st_size


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_compress_as_the_program_says(tmp_path, method):
    """The choice reaches the workers, however they start: a build with two workers is the one-job build."""
    one = run_cli("build", EXAMPLE, "-o", tmp_path / "one", "--date", "2026-01-15", "--jobs", "1",
                  env={"QRSIGN_DEFLATE": "zlib"})
    two = run_cli("build", EXAMPLE, "-o", tmp_path / "two", "--date", "2026-01-15", "--jobs", "2",
                  env={"QRSIGN_DEFLATE": "zlib", "QRSIGN_START_METHOD": method})
    assert one.code == two.code == 0
    for pdf in (tmp_path / "one").rglob("*.pdf"):
        ours = _streams(tmp_path / "two" / pdf.relative_to(tmp_path / "one"))
        assert ours == _streams(pdf)
        assert all(zlib.compress(zlib.decompress(s), 1) == s for s in ours)


@pytest.mark.parametrize("platform, machine, python, wanted", [
    ("win32", "AMD64", "3.13", True),      # volunteers' Windows laptops
    ("linux", "x86_64", "3.14", True),
    ("linux", "aarch64", "3.11", True),
    ("darwin", "arm64", "3.14", True),
    ("darwin", "x86_64", "3.12", True),
    ("darwin", "x86_64", "3.13", False),   # isal 1.9.1 has no wheel: pip would need a compiler
    ("win32", "ARM64", "3.13", False),     # the same
    ("linux", "armv7l", "3.12", False),
])
def test_isal_is_asked_for_only_where_it_has_a_wheel(platform, machine, python, wanted):
    """Installing qrsign never needs a compiler: ``pyproject.toml`` asks for isal only where PyPI has its wheel
    (``pip download --only-binary=:all:`` for each platform, 2026-12-07), and zlib compresses elsewhere."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    (isal,) = [Requirement(r) for r in project["project"]["dependencies"] if Requirement(r).name == "isal"]
    assert isal.marker is not None
    assert isal.marker.evaluate({"sys_platform": platform, "platform_machine": machine,
                                 "python_version": python}) is wanted
