"""Start-up pays only for what a command uses: `qrsign --help` and `qrsign check` load no PDF or server stack.

reportlab (drawing), pypdfium2 and zxing-cpp (reading PDFs and codes back) and a server stack cost a large part
of a short command's start-up; they are imported inside the functions that need them. numpy, which openpyxl
imports whenever it is installed, is left out of qrsign's own process, and so is pydantic's scan for plugins.
Each case runs in a fresh interpreter, because ``sys.modules`` of the test process already holds everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HEADER

ROOT = Path(__file__).resolve().parent.parent

#: Loaded only by the commands that draw, read or serve PDFs.
HEAVY = ("reportlab", "pypdfium2", "zxingcpp", "starlette", "uvicorn", "isal")

_PROBE = """
import json, sys
from qrsign.cli.main import main
try:
    main(sys.argv[1:], standalone_mode=True)
except SystemExit as exc:
    code = exc.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print("@@" + json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _loaded(*args: str) -> dict:
    """Run ``qrsign ARGS`` in a fresh interpreter; its exit code and which heavy packages it imported."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = f"HEAVY = {HEAVY!r}\n{_PROBE}"
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)
    line = [x for x in run.stderr.splitlines() if x.startswith("@@")]
    assert line, run.stderr
    return json.loads(line[-1][2:])


def test_import_qrsign_loads_no_heavy_package():
    code = f"import sys, qrsign; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["serve", "--help"], ["--version"]])
def test_help_loads_no_heavy_package(args):
    assert _loaded(*args) == {"code": 0, "heavy": []}


def test_check_of_a_sheet_loads_no_heavy_package(tmp_path):
    sheet = tmp_path / "cho.csv"
    rows = [",".join(HEADER)] + [f"{i},Trần Văn Nam,A{i},MB,{3_520_000_000 + i:010d},," for i in range(1, 21)]
    sheet.write_text("\n".join(rows), encoding="utf-8")
    assert _loaded("check", str(sheet), "--json") == {"code": 0, "heavy": []}


_LEAN_PROBE = _PROBE.replace(
    'print("@@"',
    'from pydantic.plugin import _loader\n'
    'heavy.append(f"pydantic plugins scanned: {_loader._plugins is not None}")\n'
    'print("@@"',
    1,
)


@pytest.mark.parametrize("reader, heavy", [
    ("", []),  # a plain workbook is read without openpyxl (``intake.formats.xlsx_fast``)
    ("openpyxl", ["openpyxl"]),  # and when openpyxl reads it, without numpy
])
def test_check_of_a_workbook_loads_no_numpy_and_looks_for_no_pydantic_plugin(tmp_path, reader, heavy):
    """openpyxl imports numpy when it is installed; qrsign's own process leaves it out (``_compat.import_openpyxl``),
    and it does not scan every installed package for pydantic plugins (``PYDANTIC_DISABLE_PLUGINS``)."""
    pytest.importorskip("numpy")
    from conftest import make_workbook

    rows = [HEADER] + [[i, "Trần Văn Nam", f"A{i}", "MB", f"{3_520_000_000 + i:010d}", "", ""] for i in range(1, 21)]
    sheet = make_workbook(tmp_path / "cho.xlsx", {"DS": rows})
    code = f"HEAVY = {('numpy', 'openpyxl')!r}\n{_LEAN_PROBE}"
    env = {k: v for k, v in os.environ.items() if k not in ("PYDANTIC_DISABLE_PLUGINS", "QRSIGN_XLSX_READER")}
    run = subprocess.run([sys.executable, "-c", code, "check", str(sheet), "--json"], capture_output=True, text=True,
                         env={**env, "PYTHONPATH": str(ROOT), "QRSIGN_XLSX_READER": reader}, timeout=120)
    line = [x for x in run.stderr.splitlines() if x.startswith("@@")]
    assert line, run.stderr
    assert json.loads(line[-1][2:]) == {"code": 0, "heavy": [*heavy, "pydantic plugins scanned: False"]}


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The probe can fail: a command that draws a PDF does load reportlab."""
    out = _loaded("make", "--bank", "VCB", "--account", "0011012345678", "--name", "Nguyễn Thị Hường",
                  "-o", str(tmp_path / "q.pdf"))
    assert out["code"] == 0 and "reportlab" in out["heavy"]
