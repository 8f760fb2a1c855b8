"""A payload qrsign draws has exactly one reading (issue 21): one payee, the same fields whichever way a bank
app counts lengths, the CRC a root field of its own, a clean 38/01, paste noise removed or refused by name.

Payloads are built field by field (``qr14``), never with qrsign's encoder. Each case is refused wherever a
payload is taken verbatim: the codec (``decode``, ``scan``/``drawable``), ``check`` (the "Mã QR" column),
``import`` (a picture), ``qrsign decode`` and ``verify``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qr14 import BANK_59, HEAD, TAIL, UTF8_59, crc, finish, napas, save, screenshot, t

from qrsign.core import vietqr
from qrsign.errors import DataError
from qrsign.proof.verify import classify
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

VCB = ("970436", "0011004567891")
MB = ("970422", "999988887777")
THREE_BYTES = "ệ"  # U+1EC7: 1 character, 3 UTF-8 bytes, 1 UTF-16 unit
ASTRAL = "𝐀"  # U+1D400: 1 character, 4 UTF-8 bytes, 2 UTF-16 units


def napas_at(tag: str, bin_: str, account: str) -> str:
    """A NAPAS transfer template under any ID (26-51)."""
    return "38" + napas(bin_, account)[2:] if tag == "38" else tag + napas(bin_, account)[2:]


#: a second NAPAS template (26, MB) before the 38 that pays Vietcombank
TWO_NAPAS = finish(HEAD + napas_at("26", *MB) + napas(*VCB) + TAIL)
#: a VNPAY merchant template beside 38
VNPAY_AND_38 = finish(HEAD + napas(*VCB) + t("26", t("00", "A000000775") + t("01", "0102154778")) + TAIL)
#: any other template (an unknown GUID in 45) beside 38
OTHER_AND_38 = finish(HEAD + napas(*VCB) + t("45", t("00", "D0000004321") + t("01", "SHOP42")) + TAIL)
#: a card scheme's merchant ID (02, Visa) beside 38
VISA_AND_38 = finish(HEAD + t("02", "4000123456789010") + napas(*VCB) + TAIL)

#: 30 three-byte letters in 59, before 38, then a hidden 38 that only a UTF-8 byte-counting reader sees
HIDDEN_38 = napas(*MB)  # 60 characters: 30 letters are 90 bytes, 90 characters hold letters + hidden field
UTF8_59_BEFORE_38 = finish(HEAD + t("59", THREE_BYTES * 30 + HIDDEN_38) + napas(*VCB) + TAIL)
#: a UTF-8 62/08 after 38 whose tail a byte-counting reader takes for a second 38
UTF8_62_AFTER_38 = finish(HEAD + napas(*VCB) + TAIL + t("62", t("08", THREE_BYTES * 30 + HIDDEN_38)))
#: 32 astral letters in 59 (after 38), then a VNPAY template only a UTF-16 reader sees
HIDDEN_26 = t("26", t("00", "A000000775") + t("01", "0102154778"))
ASTRAL_59 = finish(HEAD + napas(*VCB) + TAIL + t("59", ASTRAL * len(HIDDEN_26) + HIDDEN_26))

#: MoMo: a UTF-8 62/08 before the wallet's reference 62/05 hides another reference that byte-counting readers
#: of 62 see first (at the root they stop inside 62, so only the rule inside 62 catches it)
MOMO_HIDDEN_REF = finish(HEAD + napas("971025", "PSP123456789000000") + TAIL
                         + t("62", t("08", THREE_BYTES * 10 + "0516MOMOW2WABCDEFGHI") + t("05", "MOMOW2W12345678901"))
                         + t("80", "046"))

#: 63 as the tail of 62's value: the root has no CRC field, though the text ends in 6304 + a right CRC
_BODY = HEAD + napas(*VCB) + TAIL + "6215" + t("08", "ABC") + "6304"
CRC_IN_62 = _BODY + crc(_BODY)
#: 38/01 with a third sub-field (02) beside the BIN and the account
BENEFICIARY_02 = finish(HEAD + t("38", t("00", "A000000727") + t("01", t("00", VCB[0]) + t("01", VCB[1])
                                                                + t("02", MB[1])) + t("02", "QRIBFTTA")) + TAIL)

#: a VIETQRPay merchant code with a wrong CRC
_MERCHANT = finish(HEAD + napas("970415", "MC0012345678", "QRPUSH") + TAIL + t("59", "TAP HOA CO BA"))
MERCHANT_BAD_CRC = _MERCHANT[:-4] + ("0000" if _MERCHANT[-4:] != "0000" else "0001")

#: an OSC 52 clipboard write and a colour hidden in 59
OSC52 = "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07"
OSC_59 = finish(HEAD + napas(*VCB) + TAIL + t("59", "LAN" + OSC52 + "\x1b[31m"))

MULTI = {"two-napas": TWO_NAPAS, "vnpay-and-38": VNPAY_AND_38, "other-and-38": OTHER_AND_38,
         "visa-and-38": VISA_AND_38}
COUNTING = {"utf8-59-before-38": (UTF8_59_BEFORE_38, "59", "UTF-8"),
            "utf8-62-after-38": (UTF8_62_AFTER_38, "62", "UTF-8"),
            "astral-59": (ASTRAL_59, "59", "UTF-16"),
            "momo-hidden-reference": (MOMO_HIDDEN_REF, "62/08", "UTF-8")}
STRUCTURE = {"crc-in-62": (CRC_IN_62, "E-PAYLOAD-NO-CRC"), "38-01-02": (BENEFICIARY_02, "E-PAYLOAD-BENEFICIARY-FIELDS")}
REFUSED = {**MULTI, **{k: v[0] for k, v in COUNTING.items()}, **{k: v[0] for k, v in STRUCTURE.items()},
           "merchant-bad-crc": MERCHANT_BAD_CRC, "osc52-in-59": OSC_59}


def test_the_cases_are_what_they_claim():
    """Each crafted payload carries a correct CRC and parses (by characters) to Vietcombank 0011004567891."""
    for name, payload in REFUSED.items():
        if name in ("crc-in-62", "merchant-bad-crc"):
            continue
        assert payload[-4:] == crc(payload[:-4]), name
    assert len(HIDDEN_38) == 60 and len((THREE_BYTES * 30).encode()) == 90
    assert len(ASTRAL * 32) == 32 and len((ASTRAL * 32).encode("utf-16-le")) // 2 == 64 == 2 * len(HIDDEN_26)


# --------------------------------------------------------------------------------------------------
# the codec


@pytest.mark.parametrize("name", MULTI)
def test_more_than_one_payee_is_refused(name):
    for reader in (vietqr.scan, vietqr.drawable, vietqr.decode):
        with pytest.raises(DataError) as info:
            reader(MULTI[name])
        assert info.value.code == "E-PAYLOAD-TEMPLATES", (name, reader)
    assert not vietqr.is_valid(MULTI[name])


def test_the_refusal_names_every_template_and_says_apps_may_pay_either():
    with pytest.raises(DataError) as info:
        vietqr.scan(TWO_NAPAS)
    err = info.value
    assert (err.field, err.value) == ("26", "26, 38")
    assert err.params["templates"] == "26 NAPAS 970422/999988887777; 38 NAPAS 970436/0011004567891"
    assert "26 NAPAS 970422/999988887777; 38 NAPAS 970436/0011004567891" in err.message("vi")
    assert "may pay into any of them" in err.message("en")
    with pytest.raises(DataError) as info:
        vietqr.scan(VNPAY_AND_38)
    assert info.value.params["templates"] == "38 NAPAS 970436/0011004567891; 26 VNPAY"


@pytest.mark.parametrize("name", COUNTING)
def test_a_payload_that_reads_otherwise_under_another_counting_is_refused(name):
    payload, field, counting = COUNTING[name]
    with pytest.raises(DataError) as info:
        vietqr.drawable(payload)
    assert (info.value.code, info.value.field, info.value.params["counting"]) == ("E-PAYLOAD-COUNTING", field,
                                                                                    counting)


def test_honest_utf8_after_the_payee_is_still_accepted():
    """A bank's UTF-8 holder after 38: a byte-counting reader stops inside it, having read the same 38."""
    s = vietqr.drawable(UTF8_59)
    assert (s.bin, s.account, s.payload) == ("970422", "0352350917", UTF8_59)
    name_first = finish(HEAD + t("59", "Trần Thị Đào") + napas(*VCB) + TAIL)  # but not before the payee
    with pytest.raises(DataError) as info:
        vietqr.drawable(name_first)
    assert (info.value.code, info.value.field) == ("E-PAYLOAD-COUNTING", "59")


@pytest.mark.parametrize("name", STRUCTURE)
def test_crc_is_a_root_field_and_38_01_holds_only_bin_and_account(name):
    payload, code = STRUCTURE[name]
    for reader in (vietqr.scan, vietqr.decode):
        with pytest.raises(DataError) as info:
            reader(payload)
        assert info.value.code == code


def test_vietqrpay_with_a_wrong_crc_is_refused():
    with pytest.raises(DataError) as info:
        vietqr.drawable(MERCHANT_BAD_CRC)
    assert info.value.code == "E-PAYLOAD-CRC"
    assert vietqr.drawable(MERCHANT_BAD_CRC[:-4] + crc(MERCHANT_BAD_CRC[:-4])).kind == "VIETQRPay"


def test_hidden_and_control_characters_are_refused_and_shown_escaped():
    with pytest.raises(DataError) as info:
        vietqr.scan(OSC_59)
    err = info.value
    assert err.code == "E-PAYLOAD-HIDDEN"
    assert err.params["chars"] == "U+001B CONTROL CHARACTER, U+0007 CONTROL CHARACTER"
    assert "\x1b" not in err.message("vi") and "\\x1b]52;c;" in err.message("vi")


# --------------------------------------------------------------------------------------------------
# paste noise

NOISY = {
    "line-break-inside": (BANK_59[:40] + "\n" + BANK_59[40:], "—", "U+000A LINE FEED", "—"),
    "spaces-around": ("  " + BANK_59 + " ", "U+0020 SPACE ×2", "—", "U+0020 SPACE"),
    "zero-width-before": ("\u200b" + BANK_59, "U+200B ZERO WIDTH SPACE", "—", "—"),
    "crlf-and-bom": ("\ufeff" + BANK_59[:30] + "\r\n" + BANK_59[30:] + "\r\n", "U+FEFF ZERO WIDTH NO-BREAK SPACE",
                     "U+000D CARRIAGE RETURN, U+000A LINE FEED", "U+000D CARRIAGE RETURN, U+000A LINE FEED"),
}


@pytest.mark.parametrize("name", NOISY)
def test_paste_noise_is_removed_with_a_warning_that_shows_the_code(name):
    pasted, start, inside, end = NOISY[name]
    s = vietqr.drawable(pasted)
    assert s.payload == BANK_59 and (s.bin, s.account) == ("970436", "0011001234567")
    assert s.warnings == (("W-PAYLOAD-CLEANED", {"start": start, "inside": inside, "end": end,
                                                 "payload": BANK_59}),)
    assert BANK_59 in vietqr.drawable(pasted).check_drawable().payload


def test_noise_that_cannot_be_removed_is_refused_by_what_it_is():
    with pytest.raises(DataError) as info:
        vietqr.drawable(BANK_59[:40] + " " + BANK_59[40:])  # a space inside: kept, so the structure breaks
    assert info.value.code == "E-PAYLOAD-TLV"
    with pytest.raises(DataError) as info:
        vietqr.drawable(BANK_59[:40] + "\t" + BANK_59[40:])
    assert info.value.code == "E-PAYLOAD-HIDDEN" and "U+0009" in info.value.params["chars"]


def _sheet(tmp_path: Path, payloads: list[str]) -> Path:
    header = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Mã QR"]
    names = ["Lan", "Hoa", "Mai", "Cúc", "Đào", "Huệ", "Sen", "Lê", "Quỳnh", "Trúc", "Thảo", "Vân", "Nga", "Yến"]
    rows = [[i + 1, f"Nguyễn Thị {names[i]}", f"A{i + 1:02d}", "", "", p] for i, p in enumerate(payloads)]
    return make_workbook(tmp_path / "cho.xlsx", {"Khu A": [["DANH SÁCH – CHỢ ĐỒNG XA"], header, *rows]})


def test_the_sheet_cleans_noise_with_a_warning_and_never_says_bank_or_account_missing(tmp_path):
    cells = [NOISY["line-break-inside"][0], NOISY["spaces-around"][0], NOISY["zero-width-before"][0],
             BANK_59[:40] + " " + BANK_59[40:]]
    result = check_file(_sheet(tmp_path, cells))
    assert {vr.row: vr.vendor.payload for vr in result.vendors} == {3: BANK_59, 4: BANK_59, 5: BANK_59}
    by_row: dict[int, list[str]] = {}
    for p in result.problems:
        if p.code not in ("W-ACCOUNT-SHARED", "W-PAYLOAD-NAME-DIFFERS"):  # the typed name is not the code's 59
            by_row.setdefault(p.row, []).append(p.code)
    assert by_row == {3: ["W-PAYLOAD-CLEANED"], 4: ["W-PAYLOAD-CLEANED"], 5: ["W-PAYLOAD-CLEANED"],
                      6: ["E-PAYLOAD-TLV"]}
    shown = next(p for p in result.problems if p.row == 5 and p.code == "W-PAYLOAD-CLEANED")
    assert BANK_59 in shown.message("vi") and "U+200B" in shown.message("en")


# --------------------------------------------------------------------------------------------------
# every path that takes a payload verbatim


def _csv(tmp_path: Path, payloads: list[str]) -> Path:
    """A CSV list (it can hold a control character, which an .xlsx cannot)."""
    import csv

    path = tmp_path / "cho.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Mã QR"])
        for i, p in enumerate(payloads):
            w.writerow([i + 1, "Nguyễn Thị Lan", f"A{i + 1:02d}", "", "", p])
    return path


def test_check_refuses_every_case_on_its_row(tmp_path):
    names = list(REFUSED)
    result = check_file(_csv(tmp_path, [REFUSED[n] for n in names]))
    assert result.vendors == []
    found: dict[int, set[str]] = {}
    for p in result.problems:
        if p.severity == "error":
            found.setdefault(p.row, set()).add(p.code)
    expected = {**{n: "E-PAYLOAD-TEMPLATES" for n in MULTI}, **{n: "E-PAYLOAD-COUNTING" for n in COUNTING},
                **{n: code for n, (_, code) in STRUCTURE.items()}, "merchant-bad-crc": "E-PAYLOAD-CRC",
                "osc52-in-59": "E-PAYLOAD-HIDDEN"}
    assert found == {2 + i: {expected[n]} for i, n in enumerate(names)}  # nothing about a missing bank/account


def test_build_refuses_them_and_draws_only_the_honest_row(tmp_path):
    out = tmp_path / "bien"
    r = run_cli("build", _sheet(tmp_path, [TWO_NAPAS, BANK_59, UTF8_59_BEFORE_38]), "-o", out, "--jobs", "1",
                "-q", "--date", "2026-12-01", "--verify")
    assert r.code == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [s["payload"] for s in manifest["signs"]] == [BANK_59]


@pytest.mark.parametrize("name", ["two-napas", "vnpay-and-38", "utf8-62-after-38", "crc-in-62", "38-01-02"])
def test_decode_command_refuses_with_exit_1(name):
    r = run_cli("decode", REFUSED[name], "--lang", "en")
    assert r.code == 1 and r.out == ""
    r = run_cli("decode", REFUSED[name], "--json")
    assert r.code == 1 and r.json()["error"]["code"] in ("E-PAYLOAD-TEMPLATES", "E-PAYLOAD-COUNTING",
                                                          "E-PAYLOAD-NO-CRC", "E-PAYLOAD-BENEFICIARY-FIELDS")


def test_decode_command_says_which_templates_and_that_apps_may_pay_either():
    r = run_cli("decode", TWO_NAPAS, "--lang", "en")
    assert r.code == 1
    assert "26 NAPAS 970422/999988887777; 38 NAPAS 970436/0011004567891" in r.err
    assert "may pay into any of them" in r.err


def test_decode_command_shows_the_cleaned_code():
    r = run_cli("decode", "\u200b" + BANK_59 + "\n", "--json")
    assert r.code == 0
    data = r.json()
    assert (data["bin"], data["account"]) == ("970436", "0011001234567")
    assert [w["code"] for w in data["warnings"]] == ["W-PAYLOAD-CLEANED"]
    assert BANK_59 in data["warnings"][0]["message"]


def test_import_refuses_a_picture_of_such_a_code(tmp_path):
    folder = tmp_path / "anh"
    folder.mkdir()
    save(screenshot([BANK_59]), folder / "A01.png")
    save(screenshot([TWO_NAPAS]), folder / "A02.png")
    save(screenshot([UTF8_62_AFTER_38]), folder / "A03.png")
    save(screenshot([BENEFICIARY_02]), folder / "A04.png")
    r = run_cli("import", folder, "-o", tmp_path / "ds.xlsx", "--json")
    assert r.code == 1
    data = r.json()
    assert [x["image"] for x in data["rows"]] == ["A01.png"]
    assert {p["image"]: p["code"] for p in data["problems"] if p["severity"] == "error"} == {
        "A02.png": "E-PAYLOAD-TEMPLATES", "A03.png": "E-PAYLOAD-COUNTING", "A04.png": "E-PAYLOAD-BENEFICIARY-FIELDS"}


@pytest.mark.parametrize("name", list(REFUSED))
def test_verify_classifies_them_invalid(name):
    assert classify(REFUSED[name], None, "anh.png").status == "invalid"
    assert classify(BANK_59, None, "anh.png").status == "unverified"


def test_verify_command_on_a_photo_of_such_a_code(tmp_path):
    photo = save(screenshot([TWO_NAPAS]), tmp_path / "A02.png")
    r = run_cli("verify", photo, "--json")
    assert r.code == 1
    assert [f["status"] for f in r.json()["findings"]] == ["invalid"]
