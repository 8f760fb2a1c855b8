"""One test per safety guard, each written to fail when its guard is removed (mutations listed in the report).

Guards: atomic writes (fsutil.atomic), the sweep of a killed run's temp files,
the zip ratio and total-size caps (sheet.check_zip), verify's quiet-zone check,
its printed-account check, its flag for a second code paying a known account,
and fsutil.inside.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from qrsign import fsutil
from qrsign.core import vietqr
from qrsign.errors import InputError, OutputError
from qrsign.intake import sheet
from qrsign.proof.verify import Reference, classify, verify
from qrsign.render import planning, qr

from conftest import HEADER, make_workbook, run_cli

PAYLOAD = vietqr.encode("970436", "0011004567891")
SIGN = {"payload": PAYLOAD, "bank_bin": "970436", "account": "0011004567891", "sign_id": "TEST-0001",
        "name": "Nguyễn Thị Hường", "holder": "NGUYEN THI HUONG", "stall": "A01", "file": None, "page": None}


# --------------------------------------------------------------------------------------------------
# atomic writes


def test_a_failed_write_leaves_the_previous_file_whole_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "bien.pdf"
    target.write_bytes(b"%PDF old, complete")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        fsutil.write_bytes(target, b"%PDF new " * 1000)
    assert target.read_bytes() == b"%PDF old, complete"
    assert list(tmp_path.iterdir()) == [target]


def test_the_target_changes_only_when_the_write_completes(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_bytes(b"old")
    with fsutil.atomic(target) as fh:
        fh.write(b"new")
        fh.flush()
        assert target.read_bytes() == b"old"  # a reader meanwhile sees the whole old file
    assert target.read_bytes() == b"new"


# --------------------------------------------------------------------------------------------------
# the sweep of a killed run's temp files


def test_a_build_sweeps_temp_files_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    (out / "cho").mkdir(parents=True)
    left = [out / ".qrsign-k1ll3d.tmp", out / "cho" / ".qrsign-abc123.tmp"]
    for p in left:
        p.write_bytes(b"half a PDF")
    mine = out / "cho" / "ghi-chu.txt"
    mine.write_text("not qrsign's")
    sheet_path = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, [1, "Trần Văn Nam", "A02", "MBBank",
                                                                         "0352350917", "", ""]]})
    assert run_cli("build", sheet_path, "-o", out, "--jobs", "1", "-q").code == 0
    assert not any(p.exists() for p in left)
    assert mine.exists()


# --------------------------------------------------------------------------------------------------
# zip caps


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_member_that_inflates_too_much_is_refused_by_the_ratio_cap(tmp_path):
    # 4 MB of zeros deflate to ~4 KB: ratio ~1000:1, under the size caps, so only the ratio cap can refuse it
    bomb = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (4 * 2**20)})
    with pytest.raises(InputError) as err:
        sheet.check_zip(bomb)
    assert err.value.code == "E-SHEET-TOO-LARGE" and "ratio" in err.value.params.get("detail", "")
    run = run_cli("check", bomb, "--lang", "en")
    assert run.code == 2 and "Traceback" not in run.err


def test_members_that_together_are_too_large_are_refused_by_the_total_cap(tmp_path):
    limits = sheet.Limits(zip_total=3 * 2**20)
    chunk = os.urandom(2**20)  # incompressible: ratio 1, each member under the member cap
    big = _zip(tmp_path / "big.xlsx", {f"xl/m{i}.xml": chunk for i in range(4)}, zipfile.ZIP_STORED)
    with pytest.raises(InputError) as err:
        sheet.check_zip(big, limits)
    assert err.value.code == "E-SHEET-TOO-LARGE" and "4 MB" in err.value.params.get("detail", "")
    sheet.check_zip(_zip(tmp_path / "ok.xlsx", {"xl/m.xml": chunk}, zipfile.ZIP_STORED), limits)  # control


# --------------------------------------------------------------------------------------------------
# verify: quiet zone, printed account, a second code for a known account


def _qr_pdf(path: Path, intrude: bool) -> Path:
    """A page with one 60 mm QR; ``intrude`` draws a black bar 2 modules left of the symbol (in its quiet zone)."""
    symbol = qr.encode(PAYLOAD)
    box = 60 * mm
    x, y = 20 * mm, 40 * mm
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(105 * mm, 148 * mm), invariant=1)
    c.addLiteral(qr.pdf_ops(symbol, x, y, box))
    if intrude:
        module = box / (symbol.size + 2 * qr.QUIET_ZONE)
        c.setFillGray(0)
        c.rect(x + 1.5 * module, y + 4 * module, module, symbol.size * module, stroke=0, fill=1)
    c.showPage()
    c.save()
    path.write_bytes(buf.getvalue())
    return path


def _reference(tmp_path: Path) -> Path:
    ref = tmp_path / "manifest.json"
    ref.write_text(json.dumps({"signs": [SIGN]}), encoding="utf-8")
    return ref


def test_verify_flags_a_quiet_zone_that_is_not_clear(tmp_path):
    ref = _reference(tmp_path)
    clean = verify(_qr_pdf(tmp_path / "clean.pdf", intrude=False), ref, jobs=1)
    assert [f.status for f in clean.findings] == ["ok"]
    crowded = verify(_qr_pdf(tmp_path / "crowded.pdf", intrude=True), ref, jobs=1)
    assert [f.status for f in crowded.findings] == ["quiet-zone"]  # it still decodes: only the rule catches it


def test_verify_flags_a_cell_that_prints_another_account(tmp_path, monkeypatch):
    real = planning.item_fields

    def misprinted(vr, date_text):
        fields = real(vr, date_text)
        fields["account_grouped"] = "0352 3509 18"  # one digit off the account the QR pays
        return fields

    monkeypatch.setattr(planning, "item_fields", misprinted)
    sheet_path = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, [1, "Trần Văn Nam", "A02", "MBBank",
                                                                         "0352350917", "", ""]]})
    out = tmp_path / "out"
    assert run_cli("build", sheet_path, "-o", out, "--jobs", "1", "-q", "--no-checklist").code == 0
    monkeypatch.undo()
    result = verify(out, jobs=1)
    assert [(f.status, f.account) for f in result.findings if f.bad] == [("cell-text", "0352350917")]


def test_verify_flags_a_second_code_paying_a_known_account(tmp_path):
    """A code for a known account that is not its printed code (an amount, another purpose) is a mismatch."""
    ref = Reference.from_signs("m", [SIGN])
    other = vietqr.encode("970436", "0011004567891", amount=500000, purpose="TIEN COC")
    f = classify(other, ref, "photo.jpg")
    assert f.status == "mismatch" and f.sign["sign_id"] == "TEST-0001"
    png = tmp_path / "second.png"
    png.write_bytes(qr.png(qr.encode(other)))
    run = run_cli("verify", png, "--against", _reference(tmp_path), "--lang", "en")
    assert run.code == 1 and "WRONG ACCOUNT" in run.out and "TEST-0001" in run.out


# --------------------------------------------------------------------------------------------------
# fsutil.inside


@pytest.mark.parametrize("name", ["../x.pdf", "../../etc/passwd", "/etc/passwd", "cho/../../x.pdf", "link/x.pdf"])
def test_inside_refuses_names_that_leave_the_folder(tmp_path, name):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)  # a symlink out of the folder
    with pytest.raises(OutputError):
        fsutil.inside(folder, name)


def test_inside_accepts_names_inside(tmp_path):
    assert fsutil.inside(tmp_path, "cho/bien.pdf") == (tmp_path / "cho" / "bien.pdf").resolve()


def test_an_old_manifest_without_cells_still_checks_the_printed_account(tmp_path):
    """0.1 manifests have no cell boxes: verify then looks for each sign's account anywhere on its page.

    Here the manifest says one sign prints another account than its page shows (the code is the same):
    the page-wide text check must report it. Removing that check makes this test fail.
    """
    import json
    from pathlib import Path

    from conftest import run_cli

    example = Path(__file__).resolve().parents[1] / "examples" / "cho-mau.xlsx"
    out = tmp_path / "b"
    assert run_cli("build", example, "-o", out, "-j", "1", "--no-checklist", "--date", "2026-12-01").code == 0
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for s in manifest["signs"]:
        s.pop("cell", None)
        s.pop("qr_box", None)
        s.pop("holder_box", None)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    clean = run_cli("verify", out, "--json")
    assert clean.code == 0, clean.out
    manifest["signs"][3]["account"] = "9999999999"
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    run = run_cli("verify", out, "--json")
    assert run.code == 1
    bad = [f for f in run.json()["findings"] if f["status"] not in ("ok", "skipped")]
    assert [f["status"] for f in bad] == ["text"], bad
