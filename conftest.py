"""Doctests of the package run from the repository's root (their examples read ``examples/``), each with an
empty folder ``tmp`` of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _doctest_folders(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.chdir(ROOT)
        request.getfixturevalue("doctest_namespace")["tmp"] = tmp_path
