"""Payload families (issue 14): what ``vietqr.scan`` recognises, keeps byte for byte, warns about and refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qr14 import (
    BANK_59,
    DYNAMIC,
    HEAD,
    MERCHANT,
    MOMO,
    MOMO_NO_REF,
    PLAIN,
    TAIL,
    UTF8_59,
    VNPAY,
    ZALOPAY,
    crc,
    finish,
    napas,
    t,
)

from qrsign.core import vietqr
from qrsign.errors import DataError, InvalidFormat, InvalidLength
from qrsign.models import VendorErrors, make_vendor, sign_id

from conftest import run_cli


def test_bank_qr_with_holder_in_59():
    s = vietqr.scan(BANK_59)
    assert (s.family, s.kind, s.bin, s.account, s.name, s.city) == (
        "transfer", "VietQR", "970436", "0011001234567", "NGUYEN THI HUONG", "HA NOI")
    assert s.payload == BANK_59 and s.warnings == () and s.refusal is None
    assert vietqr.decode(BANK_59).account == "0011001234567"  # ASCII: the strict codec agrees


def test_utf8_in_free_text_is_accepted_with_a_warning_and_kept_exactly():
    s = vietqr.scan(UTF8_59)
    assert s.payload == UTF8_59
    assert s.name == "Trần Thị Đào đĐ" and s.transfer.purpose == "Tiền chợ"
    assert s.warnings == (("W-PAYLOAD-UTF8", {"fields": ["59", "62/08"]}),)
    assert (s.bin, s.account) == ("970422", "0352350917")
    with pytest.raises(InvalidFormat) as info:  # the strict codec keeps refusing it (existing behaviour)
        vietqr.decode(UTF8_59)
    assert info.value.code == "E-PAYLOAD-CHARS"


def test_utf8_lengths_count_characters_not_bytes():
    name = "aAeEoOiIuUyYđĐ"  # the ERP payload of the issue: 14 characters, 16 UTF-8 bytes
    by_chars = finish(HEAD + napas("970436", "0011001234567") + TAIL + t("59", name))
    assert "5914" + name in by_chars and vietqr.scan(by_chars).name == name
    by_bytes = by_chars.replace("5914" + name, f"59{len(name.encode()):02d}" + name)[:-4]
    by_bytes = by_bytes + crc(by_bytes)
    with pytest.raises(DataError):  # refused, never repaired
        vietqr.scan(by_bytes)


def test_crc_is_over_utf8_bytes():
    body = UTF8_59[:-4]
    latin = format(sum(ord(c) for c in body) & 0xFFFF, "04X")  # anything but the UTF-8 CRC
    with pytest.raises(DataError) as info:
        vietqr.scan(body + latin)
    assert info.value.code == "E-PAYLOAD-CRC"
    assert vietqr.scan(body + crc(body).lower()).payload == body + crc(body).lower()  # MB Bank's lowercase


@pytest.mark.parametrize("where", ["38", "58"])
def test_non_ascii_outside_free_text_is_refused(where):
    if where == "38":
        payload = finish(HEAD + napas("970436", "00110012345ă") + TAIL)
    else:
        payload = finish(HEAD + napas("970436", "0011001234567") + t("53", "704") + t("58", "VŃ"))
    with pytest.raises(InvalidFormat) as info:
        vietqr.scan(payload)
    assert (info.value.code, info.value.field) == ("E-PAYLOAD-CHARS", where)


def test_momo_wallet_with_reference_and_field_80():
    s = vietqr.scan(MOMO)
    assert (s.family, s.kind, s.bin, s.account, s.reference) == (
        "wallet", "MoMo", "971025", "PSP123456789000000", "MOMOW2W123456789")
    assert s.payload == MOMO and "8003046" in s.payload
    assert vietqr.drawable(MOMO) is not None


def test_momo_without_reference_is_refused():
    s = vietqr.scan(MOMO_NO_REF)
    assert s.kind == "MoMo" and s.refusal[0] == "E-WALLET-NO-REFERENCE"
    with pytest.raises(DataError) as info:
        vietqr.drawable(MOMO_NO_REF)
    assert info.value.code == "E-WALLET-NO-REFERENCE" and info.value.field == "62/05"
    assert "62/05" in info.value.message("vi") and "MoMo" in info.value.message("en")


def test_zalopay_through_bvbank():
    s = vietqr.scan(ZALOPAY)
    assert (s.family, s.kind, s.bin, s.account) == ("wallet", "ZaloPay", "970454", "99ZP24009M07248267")


def test_vietqrpay_merchant_is_recognised_and_drawable():
    s = vietqr.drawable(MERCHANT)
    assert (s.family, s.kind, s.bin, s.account, s.name, s.service) == (
        "merchant", "VIETQRPay", "970415", "MC0012345678", "TAP HOA CO BA", "QRPUSH")
    with pytest.raises(DataError):  # the strict codec never takes a merchant code for a transfer
        vietqr.decode(MERCHANT)


def test_merchant_without_name_is_refused():
    payload = finish(HEAD + napas("970415", "MC0012345678", "QRPUSH") + TAIL)
    with pytest.raises(DataError) as info:
        vietqr.drawable(payload)
    assert info.value.code == "E-PAYLOAD-MERCHANT-NO-NAME"


def test_other_merchant_template_is_recognised_then_refused():
    s = vietqr.scan(VNPAY)
    assert (s.family, s.kind) == ("merchant", "VNPAY")
    with pytest.raises(DataError) as info:
        s.check_drawable()
    assert (info.value.code, info.value.field) == ("E-PAYLOAD-MERCHANT-UNSUPPORTED", "26")


def test_dynamic_payload_warns():
    s = vietqr.scan(DYNAMIC)
    assert s.amount == 50000 and s.static is False
    assert ("W-PAYLOAD-DYNAMIC", {"amount": 50000}) in s.warnings


def test_not_a_payment_code():
    for text in ("https://example.com/menu", "hello", PLAIN[:-1] + ("0" if PLAIN[-1] != "0" else "1")):
        with pytest.raises(DataError):
            vietqr.scan(text)


def test_typed_wallets():
    assert vietqr.typed_wallet("971025", "0912345678") == "MoMo"
    assert vietqr.typed_wallet("970454", "99zp24009m07248267") == "ZaloPay"
    assert vietqr.typed_wallet("970454", "99MM24011M34875080") == "MoMo"
    assert vietqr.typed_wallet("970454", "0123456789") is None
    assert vietqr.typed_wallet("971005", "0912345678") is None  # Viettel Money: plain VietQR works


def test_vendor_carries_the_payload_verbatim():
    v = make_vendor(name="Trần Thị Đào", bank_bin="970422", account="0352350917", qr_payload=UTF8_59,
                    qr_source="sheet-payload")
    assert v.payload == UTF8_59 and v.sign_id == sign_id(UTF8_59)
    with pytest.raises(VendorErrors) as info:  # a verbatim payload must pay what the sign prints
        make_vendor(name="X", bank_bin="970422", account="0352350918", qr_payload=UTF8_59)
    assert any(e.code == "E-PAYLOAD-ACCOUNT-MISMATCH" for e in info.value.errors)
    with pytest.raises(VendorErrors):
        make_vendor(name="X", bank_bin="971025", account="PSP123456789000000", qr_payload=MOMO_NO_REF)


def test_typed_momo_is_an_error_that_says_to_import():
    with pytest.raises(VendorErrors) as info:
        make_vendor(name="Đặng Thị Quỳnh", bank_bin="MoMo", account="PSP123456789000000")
    (err,) = info.value.errors
    assert err.code == "E-WALLET-TYPED" and "qrsign import" in err.message("vi")
    v = make_vendor(name="Đặng Thị Quỳnh", bank_bin="MoMo", account="PSP123456789000000", qr_payload=MOMO)
    assert v.payload == MOMO


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẠẢÃĐđỄễỆệỜờ ", min_size=1, max_size=25).map(str.strip)
       .filter(bool))
def test_any_vietnamese_holder_in_59_is_kept(name):
    payload = finish(HEAD + napas("970436", "0011001234567") + TAIL + t("59", name))
    s = vietqr.drawable(payload)
    assert s.payload == payload and s.name == name


def test_length_errors_inside_62_still_caught():
    bad = finish(HEAD + napas("970436", "0011001234567") + TAIL + t("62", "0509ABC"))  # 62/05 says 9, holds 3
    with pytest.raises(InvalidLength) as info:
        vietqr.scan(bad)
    assert info.value.field == "62/05"


# ---- CLI ------------------------------------------------------------------------------------------


def test_decode_prints_the_family():
    r = run_cli("decode", MOMO, "--json")
    assert r.code == 0
    d = r.json()
    assert (d["family"], d["kind"], d["bin"], d["account"], d["reference"]) == (
        "wallet", "MoMo", "971025", "PSP123456789000000", "MOMOW2W123456789")
    r = run_cli("decode", MERCHANT, "--lang", "en")
    assert r.code == 0 and "VIETQRPay merchant QR" in r.out and "TAP HOA CO BA" in r.out


def test_decode_labels_a_vietqrpay_merchant_id_as_a_point_of_sale_code():
    r = run_cli("decode", MERCHANT)
    assert r.code == 0
    assert "Mã điểm bán (ngân hàng cấp): MC0012345678" in r.out and "Số tài khoản" not in r.out
    assert "Point-of-sale code (issued by the bank): MC0012345678" in run_cli("decode", MERCHANT, "--lang", "en").out
    assert run_cli("decode", MERCHANT, "--json").json()["account_kind"] == "merchant_id"
    assert "Số tài khoản: 0011001234567" in run_cli("decode", BANK_59).out
    assert run_cli("decode", BANK_59, "--json").json()["account_kind"] == "account"


def test_decode_accepts_utf8_with_a_warning():
    r = run_cli("decode", UTF8_59, "--lang", "en")
    assert r.code == 0
    assert "Trần Thị Đào đĐ" in r.out and "UTF-8" in r.err


def test_decode_says_what_a_refused_code_is():
    r = run_cli("decode", VNPAY, "--lang", "en")
    assert r.code == 1
    assert "VNPAY" in r.out and "VNPAY" in r.err
    r = run_cli("decode", VNPAY, "--json")
    assert r.code == 1 and r.json()["error"]["code"] == "E-PAYLOAD-MERCHANT-UNSUPPORTED"


@pytest.mark.parametrize("bank, account", [("MoMo", "PSP123456789000000"), ("ZaloPay", "99ZP24009M07248267"),
                                           ("BVBank", "99ZP24009M07248267"), ("971025", "0912345678")])
def test_make_refuses_a_typed_wallet(tmp_path, bank, account):
    r = run_cli("make", "--bank", bank, "--account", account, "--name", "Đặng Thị Quỳnh", "-o", tmp_path / "x.png",
                "--json")
    assert r.code == 1 and not (tmp_path / "x.png").exists()
    assert "E-WALLET-TYPED" in r.out + r.err


@pytest.mark.parametrize("link", ["https://example.com/thuc-don", "HTTP://zalo.me/0912345678",
                                  "www.facebook.com/tapHoaCoBa", "https://img.vietqr.io/image/970436-0011001234567.png"])
def test_a_link_is_said_to_be_a_link_not_a_malformed_payload(link):
    with pytest.raises(DataError) as info:
        vietqr.scan(link)
    assert info.value.code == "E-PAYLOAD-URL"
    assert "đường link, không phải mã nhận tiền" in info.value.message("vi")
    r = run_cli("decode", link, "--json")
    assert r.code == 1 and r.json()["error"]["code"] == "E-PAYLOAD-URL"
