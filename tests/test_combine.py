"""Stalls with several accounts (issue 8): grouping, warnings, combined signs, checklist and verify."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from qrsign.core import banks, vietqr

from conftest import decode_pdf, make_workbook, run_cli

ROWS = [
    [1, "Hoàng Thị Phượng", "A05", "", "Techcombank", "19036123456012", "", ""],
    [2, "Hoàng Thị Phượng", "A05", "", "Viettel Money", "0905333405", "", ""],
    [3, "Hoàng Thị Phượng", "A05", "", "VNPT Money", "0912000112", "", ""],
    [4, "Trần Văn Nam", "A06", "", "MB Bank", "0352350917", "", ""],
    [5, "Lê Thị Ánh", "A06", "", "Agribank", "1903612345601", "", ""],  # shares stall A06
    [6, "Võ Minh Tuấn", "A07", "", "VietinBank", "108867543210", "", ""],
    [7, "Võ Minh Tuấn", "A07", "", "VietinBank", "108867543210", "", ""],  # exact duplicate
    [8, "Đỗ Thị Lan", "A08", "", "ACB", "257678859", "", ""],
    [9, "Đỗ Thị Lan", "A08", "", "BIDV", "21510001234567", "", ""],
    [10, "Đỗ Thị Lan", "A08", "", "Sacombank", "060123456789", "", ""],
    [11, "Đỗ Thị Lan", "A08", "", "VPBank", "0246813579", "", ""],  # a fourth account
]
HEADER8 = ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản", "SĐT", "Ghi chú"]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    return make_workbook(tmp_path_factory.mktemp("combine") / "cho.xlsx", {"Khu A": [HEADER8, *ROWS]})


def _codes(problems: list[dict]) -> Counter:
    return Counter(p["code"] for p in problems)


def test_check_groups_accounts_and_reports_shared_stalls_and_duplicates(sheet):
    run = run_cli("check", sheet, "--json")
    assert run.code == 0  # warnings only: every row still gets a sign
    data = run.json()
    codes = _codes(data["problems"])
    assert codes == Counter({"W-STALL-SHARED": 1, "W-ROW-DUPLICATE": 1})
    dup = next(p for p in data["problems"] if p["code"] == "W-ROW-DUPLICATE")
    assert dup["row"] == 8 and dup["severity"] == "warning" and "7" in dup["message"]
    shared = next(p for p in data["problems"] if p["code"] == "W-STALL-SHARED")
    assert shared["row"] == 6 and "Trần Văn Nam" in shared["message"] and "Lê Thị Ánh" in shared["message"]
    assert len(data["vendors"]) == 10  # the duplicate row is built once
    assert data["summary"]["vendors"] == 5 and data["summary"]["accounts"] == 10
    assert data["summary"]["rows_duplicate"] == 1


def test_same_account_on_two_stalls_is_a_warning(tmp_path):
    rows = [HEADER8, [1, "Trần Văn Nam", "A1", "", "MB", "0352350917", "", ""],
            [2, "Trần Văn Nam", "B9", "", "MB", "0352350917", "", ""]]
    run = run_cli("check", make_workbook(tmp_path / "s.xlsx", {"S": rows}), "--json", "--lang", "en")
    codes = _codes(run.json()["problems"])
    assert codes == Counter({"W-ACCOUNT-SHARED": 1})
    assert len(run.json()["vendors"]) == 2


def test_combined_pages_hold_exactly_one_vendors_payloads(sheet, tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--combine", "--date", "2026-11-27", "--json")
    assert run.code == 0, run.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["signs"]) == 10  # one entry per account
    pages: dict[tuple, list[dict]] = {}
    for s in manifest["signs"]:
        pages.setdefault((s["file"], s["page"]), []).append(s)
    sign_files = [f["file"] for f in manifest["files"] if f["kind"] == "signs"]
    decoded, texts = {}, {}
    for sign_file in sign_files:  # the combined signs, and the single-account vendors' default signs
        decoded[sign_file] = decode_pdf(out / sign_file)
        with pdfium.PdfDocument(str(out / sign_file)) as pdf:
            texts[sign_file] = [p.get_textpage().get_text_range() for p in pdf]
        assert len(decoded[sign_file]) == len({k for k in pages if k[0] == sign_file})
    for (file, page), signs in pages.items():
        assert file in sign_files
        codes = decoded[file][page - 1]
        assert Counter(codes) == Counter(s["payload"] for s in signs)
        assert len({s["name"] for s in signs}) == 1  # one vendor per page
        text = texts[file][page - 1]
        for code in codes:
            p = vietqr.decode(code)
            bank = banks.by_bin(p.bin)
            assert bank.short_name in text  # each QR is captioned with its bank
            assert p.account in "".join(text.split())
        assert text.count(signs[0]["holder"]) >= 1
    lan = [s for s in manifest["signs"] if s["stall"] == "A08"]
    assert len(lan) == 4 and len({(s["file"], s["page"]) for s in lan}) == 2  # 3 + 1 on a second sign
    phuong = [s for s in manifest["signs"] if s["stall"] == "A05"]
    assert len({(s["file"], s["page"]) for s in phuong}) == 1
    codes = Counter(p["code"] for p in run.json()["problems"])
    assert codes["W-TOO-MANY-ACCOUNTS"] == 1


def test_more_than_three_accounts_warning_names_the_vendor(sheet, tmp_path):
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--combine", "--lang", "en")
    assert run.code == 0
    line = next(x for x in run.out.splitlines() if "accounts" in x and "Đỗ Thị Lan" in x)
    assert "4" in line and "3" in line


def test_checklist_lists_each_account_of_combined_signs(sheet, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", sheet, "-o", out, "--combine").code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    checklists = [f["file"] for f in manifest["files"] if f["kind"] == "checklist"]
    assert len(checklists) == 2  # one beside the combined signs, one beside the single-account signs
    all_codes = [c for checklist in checklists for page in decode_pdf(out / checklist) for c in page]
    assert Counter(all_codes) == Counter(s["payload"] for s in manifest["signs"])
    assert run_cli("verify", out).code == 0
