"""An interrupted build leaves only complete files and no temp files; a rerun finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import openpyxl
import pypdfium2 as pdfium
import pytest

from qrsign.render import samples

from conftest import HEADER, run_cli


def _default_signals() -> None:
    """In the child, before exec: SIGINT and SIGTERM back to their defaults.

    A suite run as a background job (``pytest &`` in a non-interactive shell)
    inherits SIGINT as *ignored*, and Python then keeps ignoring it, so the
    build would never see the Ctrl-C this test sends. The test sets the
    dispositions it relies on instead of inheriting them.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "tinh.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Chợ")
    ws.append(HEADER)
    for i, v in enumerate(samples.vendors(2000, seed=11), start=1):
        ws.append([i, v["name"], v["stall"], v["bank"], v["account"], v["phone"], ""])
    wb.save(path)
    return path


@pytest.mark.skipif(os.name != "posix", reason="signals to a process group")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_complete_files_and_no_temp_files(big_sheet, tmp_path, sig):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "qrsign.cli", "build", str(big_sheet), "-o", str(out), "--jobs", "2",
           "--date", "2026-11-27", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, text=True,
                            preexec_fn=_default_signals)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.rglob("*.pdf")):
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert not list(out.rglob(".qrsign-*")), "temp files left behind"
    assert not (out / "manifest.json").exists()  # the manifest is the record of a finished build
    pdfs = list(out.rglob("*.pdf"))
    assert pdfs
    for pdf in pdfs:
        with pdfium.PdfDocument(str(pdf)) as doc:
            assert len(doc) > 0
    if sig == signal.SIGINT:  # the same folder after either signal: one rebuild (2,000 signs) tests it
        rerun = run_cli("build", big_sheet, "-o", out, "--date", "2026-11-27", "--quiet", "--jobs", "2")
        assert rerun.code == 0
        assert (out / "manifest.json").exists()
