"""True black, verify accounting for every file it is given, and rebuilds that delete only what qrsign wrote."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from qrsign.building import outdir

from conftest import HEADER, make_workbook, run_cli

verifymod = importlib.import_module("qrsign.proof.verify")  # ``qrsign.verify`` is the API function

ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""],
    [2, "Trần Văn Nam", "A02", "MBBank", "0352350917", "", ""],
    [3, "Lê Thị Nguyệt", "A03", "HDBank", "0689012345678", "", ""],
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("outputs")
    sheet = make_workbook(root / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    for name, extra in (("a6", ("-t", "a6-de-ban")), ("a4", ())):
        run = run_cli("build", sheet, "-o", root / name, "--date", "2026-11-27", "--jobs", "1", "-q", *extra)
        assert run.code == 0, run.err
    return root


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _streams(pdf: bytes) -> list[str]:
    """Every Flate stream of a PDF, inflated (content streams and forms)."""
    out = []
    for m in re.finditer(rb"stream\r?\n", pdf):
        start = m.end()
        end = pdf.find(b"endstream", start)
        try:
            out.append(zlib.decompress(pdf[start:end].rstrip(b"\r\n")).decode("latin-1"))
        except zlib.error:
            continue
    return out


# --------------------------------------------------------------------------------------------------
# true black


def test_qr_and_black_text_are_devicegray_zero_and_small_text_is_never_a_tint(built):
    m = _manifest(built / "a6")
    streams = "\n".join(_streams((built / "a6" / m["signs"][0]["file"]).read_bytes()))
    # the QR: a white DeviceGray box, then black modules in DeviceGray 0 under one cm
    qr_ops = re.findall(r"q 1 g [\d.]+ [\d.]+ [\d.]+ [\d.]+ re f\n0 g [-\d. ]+ cm\n", streams)
    assert len(qr_ops) == len(ROWS)
    assert not re.search(r"(?:[\d.]+ ){4}k\b", streams), "CMYK fill left in the page"
    assert not re.search(r"\b0 0 0 rg\b", streams), "RGB black text: an RGB viewer prints it grey"
    texts = re.findall(r"q ([^B]*?) BT(.*?)ET Q", streams, re.S)
    assert texts
    for colour, body in texts:
        sizes = [float(s) for s in re.findall(r" ([\d.]+) Tf", body)]
        if sizes and min(sizes) < 8:
            assert colour in ("0 g", "1 g"), f"{min(sizes)} pt text in {colour}"
    assert any(colour == "0 g" for colour, _ in texts)


def test_qr_modules_render_at_rgb_zero(built):
    """pdfium (an RGB path, like Chrome's viewer) renders the QR's modules at exactly 0,0,0."""
    m = _manifest(built / "a6")
    sign = m["signs"][0]
    dpi = 100
    with pdfium.PdfDocument(str(built / "a6" / sign["file"])) as pdf:
        image = pdf[sign["page"] - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    x, y, w, h = (v * dpi / 25.4 for v in sign["qr_box"])
    qr = image.crop((int(x + 0.2 * w), int(y + 0.2 * h), int(x + 0.8 * w), int(y + 0.8 * h)))
    colours = qr.getcolors(maxcolors=1 << 16)
    dark = sum(n for n, c in colours if c == (0, 0, 0))
    assert dark > 0.25 * qr.size[0] * qr.size[1]  # a QR's inner area is roughly half dark
    assert min(c for _, c in colours) == (0, 0, 0)


def test_builds_stay_deterministic(built, tmp_path):
    sheet = built / "cho.xlsx"
    run = run_cli("build", sheet, "-o", tmp_path / "again", "--date", "2026-11-27", "--jobs", "1", "-q",
                  "-t", "a6-de-ban")
    assert run.code == 0
    for f in _manifest(built / "a6")["files"]:
        assert (tmp_path / "again" / f["file"]).read_bytes() == (built / "a6" / f["file"]).read_bytes()


# --------------------------------------------------------------------------------------------------
# verify sees everything


def _photo_of(folder: Path, sign: dict, path: Path, fmt: str = "JPEG") -> Path:
    with pdfium.PdfDocument(str(folder / sign["file"])) as pdf:
        image = pdf[sign["page"] - 1].render(scale=150 / 72).to_pil().convert("RGB")
    image.save(path, fmt)
    return path


def test_a_folder_of_photos_accounts_for_every_file(built, tmp_path):
    m = _manifest(built / "a4")
    photos = tmp_path / "photos"
    photos.mkdir()
    _photo_of(built / "a4", m["signs"][0], photos / "quay-a01.jpg")
    Image.new("L", (400, 300), 255).save(photos / "trong.png")  # no QR at all
    (photos / "ghi-chu.txt").write_text("hello")
    (photos / "hong.jpg").write_bytes(b"not a jpeg")
    run = run_cli("verify", photos, "--against", built / "a4", "--json")
    assert run.code == 1
    by_file = {Path(f["source"]).name: f["status"] for f in run.json()["findings"]}
    assert by_file == {"quay-a01.jpg": "ok", "trong.png": "no-qr", "ghi-chu.txt": "skipped",
                       "hong.jpg": "unreadable"}
    text = run_cli("verify", photos, "--against", built / "a4", "--lang", "en").out
    assert "No readable QR code in" in text and "trong.png" in text and "hong.jpg" in text


def test_only_good_photos_pass(built, tmp_path):
    m = _manifest(built / "a4")
    photos = tmp_path / "photos"
    photos.mkdir()
    _photo_of(built / "a4", m["signs"][1], photos / "a02.png", "PNG")
    (photos / "ghi-chu.txt").write_text("skipped files are listed, not a problem")
    assert run_cli("verify", photos, "--against", built / "a4").code == 0


def test_a_stray_pdf_in_a_build_folder_is_checked_and_reported(built, tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(built / "a4", folder)
    other = _manifest(built / "a6")["files"][0]["file"]
    shutil.copy(built / "a6" / other, folder / "cho" / "bien-cu.pdf")
    run = run_cli("verify", folder, "--json")
    assert run.code == 1
    findings = run.json()["findings"]
    stray = [f for f in findings if f["source"] == "cho/bien-cu.pdf"]
    assert stray[0]["status"] == "not-in-build"
    assert {f["status"] for f in stray[1:]} == {"ok"} and len(stray) == 1 + len(ROWS)  # its codes decoded
    assert "not made by this build" in run_cli("verify", folder, "--lang", "en").out


def test_a_changed_file_in_a_build_folder_is_reported(built, tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(built / "a4", folder)
    f = folder / _manifest(folder)["files"][0]["file"]
    f.write_bytes(f.read_bytes() + b"\n% edited\n")
    data = run_cli("verify", folder, "--json").json()
    assert {x["status"] for x in data["findings"] if x["status"] != "ok"} == {"changed"}


def test_heic_photos_are_read(built, tmp_path):
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    m = _manifest(built / "a4")
    path = _photo_of(built / "a4", m["signs"][0], tmp_path / "IMG_0001.HEIC", "HEIF")
    run = run_cli("verify", path, "--against", built / "a4", "--json")
    assert run.code == 0, run.out
    assert run.json()["findings"][0]["sign_id"] == m["signs"][0]["sign_id"]


def test_heic_without_pillow_heif_is_refused_with_a_message_to_send_a_jpg(built, tmp_path, monkeypatch):
    path = tmp_path / "IMG_0002.heic"
    path.write_bytes(b"\x00\x00\x00\x18ftypheic")
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # import fails
    run = run_cli("verify", path, "--against", built / "a4", "--lang", "en")
    assert run.code == 2
    assert "Send a JPG" in run.err and "IMG_0002.heic" in run.err
    assert "Traceback" not in run.err


def test_a_huge_pdf_is_refused_with_a_clear_message(built, monkeypatch):
    monkeypatch.setattr(verifymod, "LIMITS", verifymod.VerifyLimits(max_pages=1))
    pdf = built / "a4" / _manifest(built / "a4")["files"][0]["file"]
    run = run_cli("verify", pdf, "--against", built / "a4", "--lang", "en")
    assert run.code == 2
    assert f"has {len(ROWS)} pages, over verify's limit of 1" in run.err


def test_progress_is_reported_to_a_callback_and_not_printed_off_a_terminal(built):
    calls = []
    result = verifymod.verify(built / "a4", jobs=1, progress=lambda done, total: calls.append((done, total)))
    assert result.ok
    assert calls and calls[-1] == (result.pages, result.pages)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    run = run_cli("verify", built / "a4", "--lang", "en")  # CliRunner's stderr is not a terminal
    assert "Checking:" not in run.err


# --------------------------------------------------------------------------------------------------
# nothing deleted that qrsign did not write


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rebuild(sheet: Path, out: Path, *args: str):
    return run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--json", *args)


def test_a_crafted_manifest_cannot_make_build_delete_the_sheet_or_files_outside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sheet = make_workbook(out / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})  # the input lives inside -o
    victim = tmp_path / "victim.pdf"
    victim.write_bytes(b"%PDF-1.4 someone else's file")
    notes = out / "ghi-chu.pdf"
    notes.write_bytes(b"%PDF-1.4 the volunteer's own notes")
    crafted = {"source": "cho.xlsx", "signs": [], "images": [], "files": [
        {"file": "cho.xlsx", "sha256": _sha(sheet)},
        {"file": "../victim.pdf", "sha256": _sha(victim)},
        {"file": str(victim), "sha256": _sha(victim)},
        {"file": "ghi-chu.pdf", "sha256": "0" * 64},  # listed, but not the bytes the build wrote
    ]}
    (out / "manifest.json").write_text(json.dumps(crafted), encoding="utf-8")
    before = sheet.read_bytes()
    run = _rebuild(sheet, out)
    assert run.code == 0, run.err
    assert sheet.read_bytes() == before and victim.exists() and notes.exists()
    cleanup = run.json()["cleanup"]
    assert cleanup["removed"] == []
    assert sorted(cleanup["kept"]) == sorted(["cho.xlsx", "../victim.pdf", str(victim), "ghi-chu.pdf"])


def test_a_rebuild_removes_its_own_stale_files_and_keeps_edited_ones(tmp_path):
    out = tmp_path / "out"
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    first = _rebuild(sheet, out, "--format", "png").json()
    old_files = [f["file"] for f in first["files"]]
    images = _manifest(out)["images"]
    edited = out / images[0]["file"]
    edited.write_bytes(edited.read_bytes() + b"edited")
    second = _rebuild(sheet, out, "--split-by", "none", "--format", "svg")  # other paths, no PNGs
    assert second.code == 0
    cleanup = second.json()["cleanup"]
    assert sorted(cleanup["removed"]) == sorted(old_files + [i["file"] for i in images[1:]])
    assert cleanup["kept"] == [images[0]["file"]]
    assert edited.exists()
    assert not any((out / f).exists() for f in old_files)
    run = run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--lang", "en",
                  "--split-by", "none")
    assert "Replaced" in run.out  # the summary says what was replaced or removed


def test_another_sheet_into_the_same_folder_is_refused_unless_replace(tmp_path):
    out = tmp_path / "out"
    first = make_workbook(tmp_path / "cho-a.xlsx", {"Khu A": [HEADER, *ROWS]})
    second = make_workbook(tmp_path / "cho-b.xlsx", {"Khu B": [HEADER, *ROWS[:1]]})
    assert _rebuild(first, out).code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    run = run_cli("build", second, "-o", out, "--date", "2026-11-27", "--lang", "en")
    assert run.code == 2
    assert "cho-a.xlsx" in run.err and "--replace" in run.err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # nothing touched
    run = _rebuild(second, out, "--replace")
    assert run.code == 0
    assert run.json()["cleanup"]["previous_source"] == "cho-a.xlsx"
    assert not list((out / "cho-a").rglob("*.pdf"))
    assert run_cli("verify", out).code == 0


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_lock_held_by_a_live_build_refuses_a_second_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock = {"pid": sleeper.pid, "host": socket.gethostname(), "time": "2026-11-27T08:00:00+00:00"}
        (out / outdir.LOCK).write_text(json.dumps(lock))
        run = run_cli("build", sheet, "-o", out, "--lang", "en")
        assert run.code == 2
        assert f"process {sleeper.pid}" in run.err and "Another build" in run.err
        assert not (out / "manifest.json").exists()
        assert json.loads((out / outdir.LOCK).read_text()) == lock  # not ours to remove
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_stale_lock_from_a_dead_run_is_taken_over_with_a_warning(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    pid = _dead_pid()
    (out / outdir.LOCK).write_text(json.dumps({"pid": pid, "host": socket.gethostname(), "time": "x"}))
    run = run_cli("build", sheet, "-o", out, "--lang", "en", "--jobs", "1")
    assert run.code == 0, run.err
    assert f"process {pid}" in run.err and "took over" in run.err
    assert not (out / outdir.LOCK).exists()  # released after the build


def test_the_lock_is_released_when_a_build_fails(tmp_path):
    out = tmp_path / "out"
    empty = make_workbook(tmp_path / "trong.xlsx", {"Khu A": [HEADER]})
    assert run_cli("build", empty, "-o", out).code in (1, 2)
    assert not (out / outdir.LOCK).exists()


def test_a_failed_build_leaves_no_empty_folder_it_created(tmp_path):
    empty = make_workbook(tmp_path / "trong.xlsx", {"Khu A": [HEADER]})
    out = tmp_path / "in" / "bien-moi"  # two folders qrsign would create
    assert run_cli("build", empty, "-o", out).code == 2
    assert not (tmp_path / "in").exists()
    existing = tmp_path / "co-san"
    existing.mkdir()
    assert run_cli("build", empty, "-o", existing).code == 2
    assert existing.is_dir() and list(existing.iterdir()) == []  # a folder the user made stays
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    good = tmp_path / "bien"
    assert run_cli("build", sheet, "-o", good, "--jobs", "1", "-q").code == 0
    assert (good / "manifest.json").is_file()


def test_two_builds_at_once_into_one_folder_one_is_refused(tmp_path):
    import openpyxl

    from qrsign.render import samples

    sheet = tmp_path / "lon.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Chợ")
    ws.append(HEADER)
    for i, v in enumerate(samples.vendors(600, seed=3), start=1):
        ws.append([i, v["name"], v["stall"], v["bank"], v["account"], v["phone"], ""])
    wb.save(sheet)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    cmd = [sys.executable, "-m", "qrsign.cli", "build", str(sheet), "-o", str(out), "--jobs", "1", "--quiet",
           "--lang", "en"]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not (out / outdir.LOCK).exists() and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.01)
    assert first.poll() is None, "the first build finished before the second could start"
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    first_err = first.communicate(timeout=120)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 2 and "Another build" in second.stderr
    assert run_cli("verify", out).code == 0

