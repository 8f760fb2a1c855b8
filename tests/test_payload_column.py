"""A "Mã QR" column in any sheet (issue 14): validated, drawn byte for byte, checked against typed details."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from qr14 import (
    BANK_59,
    DYNAMIC,
    HEAD,
    MERCHANT,
    MOMO,
    MOMO_NO_REF,
    TAIL,
    UTF8_59,
    ZALOPAY,
    finish,
    napas,
    pdf_payloads,
    t,
)

from qrsign.intake import sheet as sheetmod
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Mã QR"]
#: a payload whose holder is stored decomposed (NFD), as a Mac would write it: NFC would break its CRC
NFD_NAME = unicodedata.normalize("NFD", "Lê Thị Ánh")
NFD_PAYLOAD = finish(HEAD + napas("970405", "1903612345601") + TAIL + t("59", NFD_NAME))


def _sheet(tmp_path: Path, rows: list[list], header: list[str] = HEADER, name: str = "cho.xlsx") -> Path:
    return make_workbook(tmp_path / name, {"Khu A": [["DANH SÁCH – CHỢ ĐỒNG XA"], header, *rows]})


def _problems(result, row: int) -> dict[str, dict]:
    return {p.code: p for p in result.problems if p.row == row}


@pytest.mark.parametrize("label", ["Mã QR", "QR", "Payload", "Chuỗi QR", "Chuỗi mã QR", "MÃ QR (chuỗi)"])
def test_header_aliases(label):
    assert sheetmod.header_field(label) == "payload"


def test_payload_rows(tmp_path):
    path = _sheet(tmp_path, [
        [1, "Nguyễn Thị Hường", "A01", "", "", BANK_59],                         # 3: payload only
        [2, "Trần Thị Đào", "A02", "MB Bank", "0352 350 917", UTF8_59],          # 4: agreeing typed details
        [3, "Phạm Văn C", "A03", "Vietcombank", "0011001234568", BANK_59],      # 5: account disagrees
        [4, "Phạm Văn D", "A04", "ACB", "", BANK_59],                            # 6: bank disagrees
        [5, "Lê Văn An", "A05", "", "", DYNAMIC],                                # 7: dynamic
        [6, "Bad CRC", "A06", "", "", BANK_59[:-4] + "0000"],                    # 8: CRC
        [7, "Đặng Thị Quỳnh", "A07", "MoMo", "", MOMO],                          # 9: wallet QR, named wallet
        [8, "Bùi Ngọc Hải", "A08", "ZaloPay", "99ZP24009M07248267", ZALOPAY],    # 10: ZaloPay named
        [9, "Võ Minh", "A09", "MoMo", "PSP123456789000000", ""],                 # 11: typed MoMo
        [10, "Hồ Lan", "A10", "ZaloPay", "99ZP24009M07248267", ""],              # 12: typed ZaloPay
        [11, "Mai", "A11", "", "", MOMO_NO_REF],                                 # 13: MoMo without reference
        [12, "", "A12", "", "", MERCHANT],                                       # 14: merchant, name from 59
    ])
    result = check_file(path)
    ok = {vr.row: vr.vendor for vr in result.vendors}
    assert sorted(ok) == [3, 4, 9, 10, 14]  # 7: a dynamic code is no stall sign
    assert ok[3].payload == BANK_59 and (ok[3].bank_bin, ok[3].account) == ("970436", "0011001234567")
    assert ok[4].payload == UTF8_59 and ok[4].qr_source == "sheet-payload"
    assert ok[9].payload == MOMO and ok[10].payload == ZALOPAY
    assert ok[14].name == "TAP HOA CO BA" and ok[14].payload == MERCHANT

    assert "W-PAYLOAD-UTF8" in _problems(result, 4)
    p = _problems(result, 5)["E-PAYLOAD-ACCOUNT-MISMATCH"]
    assert (p.severity, p.column, p.value) == ("error", "E", "0011001234568")
    assert "0011001234568" in p.message("vi") and "0011001234567" in p.message("vi")  # names both
    p = _problems(result, 6)["E-PAYLOAD-BANK-MISMATCH"]
    assert p.column == "D" and "ACB" in p.message("en") and "Vietcombank" in p.message("en")
    assert _problems(result, 7)["E-PAYLOAD-DYNAMIC"].severity == "error"
    assert "W-PAYLOAD-DYNAMIC" not in _problems(result, 7)  # one problem for one cause
    assert _problems(result, 8)["E-PAYLOAD-CRC"].column == "F"
    assert _problems(result, 11)["E-WALLET-TYPED"].column == "D"
    assert "qrsign import" in _problems(result, 11)["E-WALLET-TYPED"].message("vi")
    assert _problems(result, 12)["E-WALLET-TYPED"].params["wallet"] == "ZaloPay"
    assert _problems(result, 13)["E-WALLET-NO-REFERENCE"].column == "F"


def test_disagreement_is_exit_1_with_its_code(tmp_path):
    path = _sheet(tmp_path, [[1, "Phạm Văn C", "A03", "Vietcombank", "0011001234568", BANK_59]])
    r = run_cli("check", path, "--json")
    assert r.code == 1
    codes = [(p["code"], p["row"], p["column"]) for p in r.json()["problems"]]
    assert ("E-PAYLOAD-ACCOUNT-MISMATCH", 3, "E") in codes


def test_sheet_with_name_and_payload_columns_only(tmp_path):
    path = _sheet(tmp_path, [[1, "Nguyễn Thị Hường", BANK_59]], header=["STT", "Họ và tên", "Mã QR"])
    result = check_file(path)
    (vr,) = result.vendors
    assert vr.vendor.payload == BANK_59 and vr.vendor.bank.short_name == "Vietcombank"


def test_payload_cell_is_not_normalised(tmp_path):
    path = _sheet(tmp_path, [[1, "Lê Thị Ánh", "A01", "", "", NFD_PAYLOAD]])
    result = check_file(path)
    assert [p.code for p in result.errors] == []
    assert result.vendors[0].vendor.payload == NFD_PAYLOAD  # NFC would change the bytes and break the CRC


def test_build_draws_the_payload_byte_for_byte_and_verify_agrees(tmp_path):
    path = _sheet(tmp_path, [
        [1, "Nguyễn Thị Hường", "A01", "", "", BANK_59],
        [2, "Trần Thị Đào", "A02", "MB Bank", "0352350917", UTF8_59],
        [3, "Đặng Thị Quỳnh", "A03", "", "", MOMO],
        [4, "", "A04", "", "", MERCHANT],
        [5, "Lê Thị Ánh", "A05", "", "", NFD_PAYLOAD],
        [6, "Hoàng Thị Phượng", "A06", "ACB", "257678859", ""],
    ])
    out = tmp_path / "out"
    r = run_cli("build", path, "-o", out, "--jobs", "1", "-q", "--date", "2026-12-01")
    assert r.code == 0, r.err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    signs = manifest["signs"]
    assert [s["source"] for s in signs] == ["sheet-payload"] * 5 + ["typed"]
    assert all("image" not in s for s in signs)
    expected = [BANK_59, UTF8_59, MOMO, MERCHANT, NFD_PAYLOAD]
    assert [s["payload"] for s in signs[:5]] == expected
    decoded = [p for f in manifest["files"] if f["kind"] == "signs" for p in pdf_payloads(out / f["file"])]
    assert sorted(decoded) == sorted(s["payload"] for s in signs)
    merchant = signs[3]
    assert (merchant["name"], merchant["bank_bin"], merchant["account"]) == ("TAP HOA CO BA", "970415", "MC0012345678")
    r = run_cli("verify", out, "--json")
    assert r.code == 0, r.out
    assert r.json()["counts"].get("ok") == r.json()["qr_found"] >= 6


def test_a_typed_name_other_than_59_is_warned_and_the_holder_line_is_59(tmp_path):
    path = _sheet(tmp_path, [
        [1, "Lê Văn Tám", "A01", "", "", BANK_59],               # 3: 59 names someone else
        [2, "Nguyễn Thị Hường (bán rau)", "A02", "", "", UTF8_59],  # 4: 59 is Trần Thị Đào
        [3, "Nguyễn Thị Hường (bán rau)", "A03", "Vietcombank", "", BANK_59],  # 5: the same person, a note
        [4, "Cô Ba", "A04", "", "", MERCHANT],                   # 6: a shop's name rightly differs
    ])
    result = check_file(path)
    warned = {(p.row, p.code): p for p in result.problems if p.code == "W-PAYLOAD-NAME-DIFFERS"}
    assert sorted(warned) == [(3, "W-PAYLOAD-NAME-DIFFERS"), (4, "W-PAYLOAD-NAME-DIFFERS")]
    p = warned[(3, "W-PAYLOAD-NAME-DIFFERS")]
    assert (p.column, p.value, p.params["holder"]) == ("B", "Lê Văn Tám", "NGUYEN THI HUONG")
    holders = {vr.row: (vr.vendor.holder, vr.vendor.name) for vr in result.vendors}
    assert holders[3] == ("NGUYEN THI HUONG", "Lê Văn Tám")  # what the payer's app shows
    assert holders[4] == ("TRAN THI DAO DD", "Nguyễn Thị Hường")
    assert holders[5] == ("NGUYEN THI HUONG", "Nguyễn Thị Hường")
    assert holders[6] == ("TAP HOA CO BA", "Cô Ba")


def test_a_dynamic_code_is_refused_on_stall_signs_by_check_and_build(tmp_path):
    path = _sheet(tmp_path, [
        [1, "Lê Văn An", "A01", "", "", DYNAMIC],
        [2, "Nguyễn Thị Hường", "A02", "", "", BANK_59],
    ])
    r = run_cli("check", path, "--json")
    assert r.code == 1
    errors = [(p["code"], p["row"], p["column"]) for p in r.json()["problems"] if p["severity"] == "error"]
    assert errors == [("E-PAYLOAD-DYNAMIC", 3, "F")]
    assert "50.000" in r.json()["problems"][0]["message"]
    out = tmp_path / "bien"
    r = run_cli("build", path, "-o", out, "--jobs", "1", "-q", "--date", "2026-12-01")
    assert r.code == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [s["payload"] for s in manifest["signs"]] == [BANK_59]
    decoded = [p for f in manifest["files"] if f["kind"] == "signs" for p in pdf_payloads(out / f["file"])]
    assert DYNAMIC not in decoded
    assert check_file(path, template="doi-chieu").errors == []  # a checklist is no stall sign


def test_make_amount_keeps_one_off_codes_possible(tmp_path):
    import zxingcpp
    from PIL import Image

    from qrsign.core import vietqr

    base = ["make", "--bank", "MB", "--account", "0352350917", "--name", "Trần Văn Nam", "--amount", "150.000"]
    r = run_cli(*base, "-o", tmp_path / "mot-lan.png", "--json")
    assert r.code == 0, r.err
    payload = r.json()["payload"]
    assert (vietqr.decode(payload).amount, r.json()["amount"]) == (150000, 150000)
    (code,) = zxingcpp.read_barcodes(Image.open(tmp_path / "mot-lan.png"))
    assert code.text == payload
    r = run_cli(*base, "-o", tmp_path / "bien.pdf")
    assert r.code == 2 and not (tmp_path / "bien.pdf").exists()
    assert "--amount" in r.err
