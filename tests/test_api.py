"""Issue 13: the public API in ``qrsign/__init__.py``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import qrsign

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cho-mau.csv"


def test_every_name_in_all_resolves():
    for name in qrsign.__all__:
        assert getattr(qrsign, name) is not None, name
    assert set(qrsign.__all__) <= set(dir(qrsign))


def test_import_is_cheap_and_help_shows_the_api():
    code = ("import sys, qrsign; heavy = [m for m in ('openpyxl', 'reportlab', 'pypdfium2', 'pydantic', 'zxingcpp')"
            " if m in sys.modules]; print(heavy)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "[]"
    doc = subprocess.run([sys.executable, "-c", "import qrsign; help(qrsign)"], capture_output=True, text=True,
                         env={**env, "PAGER": "cat", "TERM": "dumb"}, check=True).stdout
    for name in ("encode(", "decode(", "find_bank(", "check_file(", "build(", "verify(", "class BuildOptions",
                 "class Verification", "class QrsignError"):
        assert name in doc, name


def test_no_public_name_is_shadowed_by_a_subpackage():
    """Every layer is a subpackage; importing them all leaves each name of ``__all__`` what the API says it is."""
    import pkgutil

    for info in pkgutil.walk_packages(qrsign.__path__, "qrsign."):
        if info.name.startswith("qrsign.cli.__main__"):
            continue
        importlib.import_module(info.name)
    for name in qrsign.__all__:
        assert not isinstance(getattr(qrsign, name), types.ModuleType), name
    assert callable(qrsign.verify) and callable(qrsign.build)
    assert qrsign.verify.__module__ == qrsign.build.__module__ == "qrsign.api"
    import qrsign.proof.verify as verify_module

    assert isinstance(verify_module, types.ModuleType)
    assert verify_module.Verification is qrsign.Verification


def test_encode_decode_round_trip_and_errors():
    payload = qrsign.encode("Vietcombank", "0011.0123.4567-8", amount=50000, purpose="Quầy 12")
    p = qrsign.decode(payload)
    assert (p.bin, p.account, p.amount, p.purpose, p.static) == ("970436", "0011012345678", 50000, "QUAY 12", False)
    with pytest.raises(qrsign.UnknownBank):
        qrsign.encode("khong co", "123")
    with pytest.raises(qrsign.DataError):
        qrsign.decode(payload[:-1] + ("0" if payload[-1] != "0" else "1"))


def test_build_does_not_change_the_options(tmp_path):
    options = qrsign.BuildOptions(template="a4-nhieu-tk", jobs=1, checklist=False, date=dt.date(2026, 1, 15))
    before = dataclasses.asdict(options)
    result = qrsign.build(EXAMPLE, tmp_path / "out", options)
    assert dataclasses.asdict(options) == before  # the pipeline sets combine on its own copy
    assert result.manifest["combine"] is True and result.exit_code == 0
    assert isinstance(result, qrsign.BuildResult) and isinstance(result.check, qrsign.CheckResult)


def test_a_too_long_market_is_refused_not_copied_unchecked(tmp_path):
    from conftest import run_cli

    long_market = "Chợ " + "x" * 319  # 323 characters, the model allows 60
    for args in (["check", EXAMPLE], ["build", EXAMPLE, "-o", tmp_path / "out", "-j", "1"]):
        run = run_cli(*args, "--market", long_market, "--lang", "en", "--json")
        assert run.code == 2, (args, run.out, run.err)
        error = run.json()["error"]
        assert (error["code"], error["field"]) == ("E-TEXT-LEN", "market")
        assert "60" in error["message"]
    with pytest.raises(qrsign.InputError):
        qrsign.check_file(EXAMPLE, market=long_market)
    ok = qrsign.check_file(EXAMPLE, market="Chợ Đồng Xa")
    assert {vr.vendor.market for vr in ok.vendors} == {"Chợ Đồng Xa"}


def test_one_column_letter_helper():
    from qrsign.core import text
    from qrsign.intake import sheet
    from qrsign.workbooks import report, starter

    assert [sheet._letter(i) for i in (0, 25, 26)] == ["A", "Z", "AA"]
    assert starter._letter is text.column_letter
    assert report.column_letter is text.column_letter
