"""Rules that ran in tests but that no test pinned (issue 21's mutation round): each test here fails when its
rule breaks — the patrol's verdicts, natural stall order, what a rebuild may delete, whose lock it may take,
and what ``import`` reports."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from pathlib import Path

import openpyxl
import pytest

from qrsign.core import vietqr
from qrsign.proof import patrol
from qrsign.proof.verify import Finding

from conftest import HEADER, make_workbook, pdf_text, run_cli

A01 = vietqr.encode("970436", "0011004567891")
H01 = vietqr.encode("970432", "123456789")
STRANGER = vietqr.encode("970422", "0999888777")


def _sign(stall: str, payload: str, market: str = "Chợ Đồng Xa", name: str = "Nguyễn Thị Hường") -> dict:
    return {"stall": stall, "payload": payload, "market": market, "zone": None, "name": name,
            "sign_id": f"S-{stall}-{market[-2:]}", "bank_bin": payload[38:44], "account": None}


def _photo(file: str, *payloads: str) -> patrol.Photo:
    return patrol.Photo(file, None, [Finding("ok" if p in (A01, H01) else "unknown", file, payload=p,
                                             bin=vietqr.decode(p).bin, account=vietqr.decode(p).account)
                                     for p in payloads])


# --------------------------------------------------------------------------------------------------
# the patrol


@pytest.mark.parametrize("order", ["good first", "sticker first"])
def test_the_patrols_worst_status_wins(order):
    good, sticker = _photo("A01.jpg", A01), _photo("A01-2.jpg", STRANGER)
    photos = [good, sticker] if order == "good first" else [sticker, good]
    p = patrol.assign([_sign("A01", A01)], photos)
    (stall,) = p.stalls
    assert (stall.status, stall.photo) == ("foreign", "A01-2.jpg")
    assert stall.detail == "MBBank 0999888777"
    assert not p.ok


def test_an_unreadable_photo_does_not_hide_a_good_one():
    p = patrol.assign([_sign("A01", A01)], [_photo("A01.jpg", A01), _photo("A01-mo.jpg")])
    assert p.stalls[0].status == "ok" and p.ok


def test_the_same_stall_label_in_two_markets_stays_two_stalls():
    signs = [_sign("A01", A01), _sign("A01", H01, market="Chợ Hàng Da", name="Lý Thị Bích")]
    p = patrol.assign(signs, [_photo("IMG_1.jpg", H01)])
    assert [(s.market, s.stall, s.status) for s in p.stalls] == [
        ("Chợ Đồng Xa", "A01", "not_checked"), ("Chợ Hàng Da", "A01", "ok")]
    # a photo named by a label two markets share, with no code: it says nothing about either stall
    p = patrol.assign(signs, [_photo("A01.jpg")])
    assert [s.status for s in p.stalls] == ["not_checked", "not_checked"]
    assert [ph.file for ph in p.unassigned] == ["A01.jpg"]


def test_stalls_sort_naturally_in_the_patrol_sheet(tmp_path):
    from qrsign.workbooks.patrol import write_sheet

    signs = [_sign(label, vietqr.encode("970436", f"00110045678{i:02d}")) for i, label in
             enumerate(["A10", "A2", "B1", "A1"])]
    p = patrol.assign(signs, [])
    assert [s.stall for s in p.stalls] == ["A1", "A2", "A10", "B1"]
    ws = openpyxl.load_workbook(write_sheet(p, tmp_path / "tuan-tra.xlsx", "en")).active
    assert [ws.cell(r, 3).value for r in range(6, 10)] == ["A1", "A2", "A10", "B1"]


def test_stalls_sort_naturally_in_the_withdraw_list(tmp_path):
    from qrsign.lifecycle import withdraw

    entries = [{"stall": s, "name": f"Người {s}", "holder": "X", "bank": "VCB", "account": "1", "sign_id": f"ID{s}Z",
                "market": "Chợ Đồng Xa", "zone": None} for s in ("A10", "A2", "B1", "A1")]
    data, _pages = withdraw.render(entries, lang="en")
    (tmp_path / "thu-hoi.pdf").write_bytes(data)
    text = "".join(pdf_text(tmp_path / "thu-hoi.pdf"))
    positions = [text.index(f"ID{s}Z") for s in ("A1", "A2", "A10", "B1")]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------------------------------
# what a rebuild may delete, whose lock it may take


ROWS = [[1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""]]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_crafted_manifest_never_makes_a_rebuild_delete_a_workbook_or_a_json(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    keep = {"so-lieu.xlsx": b"PK\x03\x04 a volunteer's workbook", "ghi-chu.json": b'{"note": 1}',
            "du-lieu.csv": b"a,b\n"}
    for name, data in keep.items():
        (out / name).write_bytes(data)
    crafted = {"source": "cho.xlsx", "signs": [], "images": [],
               "files": [{"file": name, "sha256": _sha(out / name)} for name in keep]}
    (out / "manifest.json").write_text(json.dumps(crafted), encoding="utf-8")
    run = run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--json")
    assert run.code == 0, run.err
    assert {name: (out / name).read_bytes() for name in keep} == keep
    cleanup = run.json()["cleanup"]
    assert cleanup["removed"] == [] and sorted(cleanup["kept"]) == sorted(keep)


@pytest.mark.parametrize("pid", [1, 2**22 + 7], ids=["live-looking pid", "dead-looking pid"])
def test_another_machines_build_lock_is_never_taken_over(tmp_path, pid):
    from qrsign.building import outdir

    out = tmp_path / "out"
    out.mkdir()
    lock = out / outdir.LOCK
    info = {"pid": pid, "host": socket.gethostname() + "-may-khac", "time": "2026-11-27T08:00:00+00:00"}
    lock.write_text(json.dumps(info), encoding="utf-8")
    old = 1_000_000_000  # the lock file itself is years old: age is no proof either
    os.utime(lock, (old, old))
    sheet = make_workbook(tmp_path / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    run = run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--lang", "en")
    assert run.code == 2
    assert json.loads(lock.read_text(encoding="utf-8")) == info
    assert not list(out.glob("*.pdf"))


# --------------------------------------------------------------------------------------------------
# what import reports


def _picture(path: Path, payload: str) -> Path:
    from qrsign.render import qr

    path.write_bytes(qr.png(qr.encode(payload), module_px=6))
    return path


def test_import_warns_when_the_file_name_and_the_holder_differ(tmp_path):
    from qrsign.intake.importer import import_images

    payload = _with_holder(A01, "TRAN VAN NAM")
    same = _picture(tmp_path / "A01 Tran Van Nam.png", payload)
    other = _picture(tmp_path / "A02 Nguyen Thi Lan.png", payload)
    result = import_images([same, other])
    differs = [(f.code, f.image) for f in result.findings if f.code == "W-IMPORT-NAME-DIFFERS"]
    assert differs == [("W-IMPORT-NAME-DIFFERS", other.name)]
    assert [r.name for r in result.rows] == ["Tran Van Nam", "Nguyen Thi Lan"]


def _with_holder(payload: str, holder: str) -> str:
    """``payload`` with field 59 (the holder) before the CRC, CRC recomputed."""
    body = payload[:-8] + f"59{len(holder):02d}{holder}" + "6304"
    return body + vietqr.crc16(body)


def test_a_non_image_named_beside_images_is_reported(tmp_path, cli):
    picture = _picture(tmp_path / "A01.png", A01)
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("not a picture", encoding="utf-8")
    run = cli("import", picture, notes, "-o", tmp_path / "ds.xlsx", "--lang", "en")
    assert run.code == 2
    assert "ghi-chu.txt" in run.err
    assert not (tmp_path / "ds.xlsx").exists()


# --------------------------------------------------------------------------------------------------
# verify of a build folder


@pytest.fixture(scope="module")
def png_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pins-verify")
    rows = [*ROWS, [2, "Trần Văn Nam", "A02", "MB", "0352350917", "", ""]]
    sheet = make_workbook(root / "cho.xlsx", {"Khu A": [HEADER, *rows]})
    out = root / "out"
    assert run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--format", "png",
                   "--no-checklist").code == 0
    return out


def _copy(build: Path, to: Path) -> tuple[Path, dict]:
    import shutil

    shutil.copytree(build, to)
    return to, json.loads((to / "manifest.json").read_text(encoding="utf-8"))


def test_a_loose_pdf_page_without_a_code_in_a_build_folder_is_a_finding(png_build, tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    folder, _ = _copy(png_build, tmp_path / "out")
    c = Canvas(str(folder / "trang-le.pdf"))
    c.drawString(100, 700, "Biển cũ, không có mã")
    c.showPage()
    c.save()
    run = run_cli("verify", folder, "--json")
    assert run.code == 1, run.out
    mine = [f for f in run.json()["findings"] if f["source"].endswith("trang-le.pdf")]
    assert sorted(f["status"] for f in mine) == ["no-qr", "not-in-build"]


def test_a_qr_picture_carrying_another_signs_code_is_a_mismatch(png_build, tmp_path):
    folder, manifest = _copy(png_build, tmp_path / "out")
    first, second = manifest["images"][0], manifest["images"][1]
    (folder / first["file"]).write_bytes((folder / second["file"]).read_bytes())
    first["sha256"] = second["sha256"]  # the bookkeeping agrees: only the code itself tells
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = run_cli("verify", folder, "--json")
    assert run.code == 1, run.out
    mine = [f for f in run.json()["findings"] if f["source"] == first["file"]]
    assert [f["status"] for f in mine] == ["mismatch"]
