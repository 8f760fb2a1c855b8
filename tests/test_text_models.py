"""Text hygiene helpers and the Vendor model: NFC names, hidden and look-alike characters, limits."""

from __future__ import annotations

import re
import unicodedata

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qrsign.core import text, vietqr
from qrsign.errors import DataError, InvalidFormat, InvalidLength
from qrsign.models import LIMITS, Problem, Vendor, VendorErrors, make_vendor

NAME = "Nguyễn Thị Hường"


# --------------------------------------------------------------------------------------------------
# text helpers


def test_fold_and_key():
    assert text.fold("  Đỗ   Thị LAN ") == "do thi lan"
    assert text.fold(unicodedata.normalize("NFD", "Đỗ Thị Lan")) == "do thi lan"
    assert text.fold("Phạm\u00a0Văn\u3000Đức") == "pham van duc"
    assert text.key("Ngân hàng TMCP Ngoại-Thương (VN)") == "nganhangtmcpngoaithuongvn"


def test_bank_style():
    assert text.bank_style("Đỗ Thị Lan") == "DO THI LAN"
    assert text.bank_style(unicodedata.normalize("NFD", "Đỗ Thị Lan")) == "DO THI LAN"
    assert text.bank_style("  nguyễn   thị hường ") == "NGUYEN THI HUONG"
    assert text.bank_style("Đặng Ưng Ánh") == "DANG UNG ANH"
    assert text.bank_style("\u00d0ỗ Thị Lan") == "DO THI LAN"  # U+00D0 ETH looks like Đ
    assert text.bank_style("Đỗ Thị Lan").isascii()


def test_collapse_and_strip_marks():
    assert text.collapse("  Phạm\u00a0Văn \t  Đức ") == "Phạm Văn Đức"
    assert text.strip_marks("Nguyễn Thị Hường, Đà Nẵng") == "Nguyen Thi Huong, Da Nang"
    assert unicodedata.is_normalized("NFC", text.collapse(unicodedata.normalize("NFD", "Hường")))


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("../../etc/passwd", "etc-passwd"),
        ("..\\..\\Windows\\system32", "windows-system32"),
        ("Quầy 12/A – Chợ Đồng Xa", "quay-12-a-cho-dong-xa"),
        ("\u202egpj.exe", "gpj-exe"),
        ("CON", "con"),
        ("", "x"),
        ("///", "x"),
        ("a" * 100, "a" * 60),
    ],
)
def test_slug(raw, expected):
    assert text.slug(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_slug_is_always_safe(raw):
    s = text.slug(raw)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s) or s == "x"
    assert 1 <= len(s) <= 60
    assert ".." not in s and "/" not in s and "\\" not in s


def test_suspicious_chars():
    found = text.suspicious_chars("Nguy\u200ben\u202eA\x00B")
    assert found == ["U+200B ZERO WIDTH SPACE", "U+202E RIGHT-TO-LEFT OVERRIDE", "U+0000 CONTROL CHARACTER"]
    for ch in ("\u202e", "\u200b", "\x00", "\u2066", "\u200f", "\ufeff", "\u00ad", "\ue000", "\x1b"):
        assert len(text.suspicious_chars(f"a{ch}b")) == 1, repr(ch)
    assert text.suspicious_chars("Nguyễn Thị Hường – Quầy 12 (A)") == []
    assert text.suspicious_chars(unicodedata.normalize("NFD", "Nguyễn Thị Hường")) == []


def test_suspicious_chars_skips_only_text_with_nothing_to_find():
    """The quick path (``str.isprintable``) is taken only when no character could be named: no code point the
    rule names (its categories, bidi controls, zero-width characters) passes for printable."""
    named = ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp")
    hidden = text.BIDI_CONTROLS | text.ZERO_WIDTH
    assert [f"U+{c:04X}" for c in range(0x110000) if chr(c).isprintable()
            and (unicodedata.category(chr(c)) in named or chr(c) in hidden)] == []
    assert text.suspicious_chars("Nguyễn Thị Hường\u2028") == ["U+2028 LINE SEPARATOR"]


def test_foreign_letters():
    assert text.foreign_letters("Nguyễn Vаn") == ["U+0430 CYRILLIC SMALL LETTER A"]
    assert text.foreign_letters("Nguyễn Vοn") == ["U+03BF GREEK SMALL LETTER OMICRON"]
    assert text.foreign_letters("ĐOÀN VĂN ĐỨC Nguyễn Thị Hường Ưng") == []
    assert text.foreign_letters(unicodedata.normalize("NFD", "Đỗ Thị Lan")) == []


@pytest.mark.parametrize(
    "raw, expected",
    [
        (" 1903 6123.4560-12 ", "19036123456012"),
        ("0011\u00a0012\u2009345", "0011012345"),
        ("0011–0123—4567", "001101234567"),
        ("0011_0123", "00110123"),
        ("VQRQ0001990hq", "VQRQ0001990hq"),
        ("vqrq-0001-990hq", "vqrq0001990hq"),
        ("12/3", "12/3"),
        ("12-3?", "123?"),
    ],
)
def test_clean_account(raw, expected):
    assert text.clean_account(raw) == expected


def test_group4():  # the old name of text.group_account (issue 12b: no lone last digit)
    assert text.group4("0011012345678") == "0011 0123 45678"
    assert text.group4("12345678") == "1234 5678"
    assert text.group4("VQRQ0001990hq", "-") == "VQRQ-0001-990hq"
    assert text.group4("") == ""


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+84912345678", "'+84912345678"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        (" =1+1", "' =1+1"),
        ("   +1", "'   +1"),
        ("Quầy 3", "Quầy 3"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(raw, expected):
    assert text.neutralise(raw) == expected


def test_clean_name_rules():
    assert text.clean_name("  Nguyễn   Thị  Hường ") == NAME
    assert text.clean_name("Lê Văn A. (Út)") == "Lê Văn A. (Út)"
    with pytest.raises(InvalidFormat) as info:
        text.clean_name("Nguyễn Thị 2")
    assert (info.value.code, info.value.field) == ("E-NAME-CHARS", "name")
    assert info.value.params["chars"] == "2"


# --------------------------------------------------------------------------------------------------
# Vendor


def vendor(**kw):
    fields = {"name": NAME, "bank_bin": "VCB", "account": "0011012345678", "stall": "12"}
    fields.update(kw)
    return make_vendor(**fields)


def errors_of(**kw) -> list:
    with pytest.raises(VendorErrors) as info:
        vendor(**kw)
    assert isinstance(info.value, DataError)
    return info.value.errors


def test_vendor_ok():
    v = vendor(trade="Rau củ", phone="0912 345 678", market="Chợ Đồng Xa", zone="Khu A", note="Ghi chú")
    assert (v.name, v.bank_bin, v.account, v.stall) == (NAME, "970436", "0011012345678", "12")
    assert v.bank.short_name == "Vietcombank"
    assert v.holder == "NGUYEN THI HUONG"
    assert v.payload == vietqr.encode("970436", "0011012345678")
    assert vietqr.decode(v.payload).account == "0011012345678"
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", v.sign_id)
    assert v.person_key == "nguyen thi huong"


def test_vendor_is_frozen():
    v = vendor()
    with pytest.raises(pydantic.ValidationError):
        v.account = "1"
    with pytest.raises(pydantic.ValidationError):
        Vendor(name=NAME, bank_bin="VCB", account="1", surprise=1)


def test_vendor_nfd_name_becomes_nfc():
    v = vendor(name=unicodedata.normalize("NFD", NAME), stall=unicodedata.normalize("NFD", "Quầy 5"),
               market=unicodedata.normalize("NFD", "Chợ Đồng Xa"))
    assert v.name == NAME
    assert unicodedata.is_normalized("NFC", v.name)
    assert v.stall == "Quầy 5" and v.market == "Chợ Đồng Xa"


def test_vendor_spaces_collapsed():
    v = vendor(name="  Nguyễn\u00a0Thị   Hường ", stall=" 12 ")
    assert (v.name, v.stall) == (NAME, "12")


_HIDDEN = ["\u202e", "\u200b", "\x00", "\u2067", "\u200d", "\ufeff", "\x07"]
_FIELDS = ["name", "stall", "market", "note", "account"]


# a stray U+FEFF is dropped from names and accounts (issue 11): see test_bom_dropped_from_name_and_account
@pytest.mark.parametrize(("field", "ch"), [(f, c) for f in _FIELDS for c in _HIDDEN
                                           if not (c == "\ufeff" and f in ("name", "account"))])
def test_vendor_hidden_characters_rejected(field, ch):
    base = {"name": NAME, "stall": "12", "market": "Chợ Đồng Xa", "note": "ghi chú", "account": "0011012345678"}
    value = base[field][:3] + ch + base[field][3:]
    errs = errors_of(**{field: value})
    assert len(errs) == 1
    err = errs[0]
    assert (type(err), err.code, err.field) == (InvalidFormat, "E-TEXT-HIDDEN", field)
    assert f"U+{ord(ch):04X}" in err.params["chars"]


def test_vendor_cyrillic_lookalike_rejected():
    errs = errors_of(name="Nguyễn Vаn Аn")
    assert [(e.code, e.field) for e in errs] == [("E-NAME-SCRIPT", "name")]
    assert "CYRILLIC" in errs[0].params["chars"]
    assert "U+0430" in str(errs[0])


@pytest.mark.parametrize("field", list(LIMITS))
def test_vendor_overlong_fields_rejected_with_limit(field):
    limit = LIMITS[field]
    ok = {field: "A" * limit} if field != "phone" else {field: "0" * limit}
    assert getattr(vendor(**ok), field) == ok[field]
    errs = errors_of(**{field: ("A" if field != "phone" else "0") * (limit + 1)})
    assert len(errs) == 1
    err = errs[0]
    assert (type(err), err.code, err.field) == (InvalidLength, "E-TEXT-LEN", field)
    assert err.params["limit"] == limit and err.params["length"] == limit + 1
    assert str(limit) in str(err)


def test_vendor_limits():
    assert LIMITS["name"] == 70 and LIMITS["stall"] == 20


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0011 0123 4567 8", "0011012345678"),
        ("0011.0123.4567.8", "0011012345678"),
        ("0011-0123-4567-8", "0011012345678"),
        ("VQRQ0001990hq", "VQRQ0001990hq"),
        (" V3CAS1340181061 ", "V3CAS1340181061"),
        (352350917, "352350917"),
    ],
)
def test_vendor_account_cleaned_case_kept(raw, expected):
    v = vendor(account=raw)
    assert v.account == expected
    assert vietqr.decode(v.payload).account == expected


@pytest.mark.parametrize(
    "raw, cls, code",
    [
        ("", InvalidFormat, "E-ACCOUNT-EMPTY"),
        (" - . ", InvalidFormat, "E-ACCOUNT-EMPTY"),
        ("1" * 20, InvalidLength, "E-ACCOUNT-LEN"),
        ("12-3?", InvalidFormat, "E-ACCOUNT-CHARS"),
        ("12/3", InvalidFormat, "E-ACCOUNT-CHARS"),
        ("Số 1234", InvalidFormat, "E-ACCOUNT-WORDS-SHORT"),  # a label beside too few digits
        ("１２３４５", InvalidFormat, "E-ACCOUNT-CHARS"),
    ],
)
def test_vendor_bad_accounts(raw, cls, code):
    errs = errors_of(account=raw)
    assert [(type(e), e.code, e.field) for e in errs] == [(cls, code, "account")]


def test_vendor_card():
    v = vendor(account="9704 0311 0123 4567", card=True, bank_bin="Sacombank")
    assert v.account == "9704031101234567"
    assert vietqr.decode(v.payload).service == "QRIBFTTC"
    errs = errors_of(account="1234567890123456", card=True)
    assert [(e.code, e.field) for e in errs] == [("E-CARD-FORMAT", "account")]


def test_vendor_bank_errors():
    errs = errors_of(bank_bin="BVB")
    assert [(e.code, e.field) for e in errs] == [("E-BANK-AMBIGUOUS", "bank")]
    errs = errors_of(bank_bin="Vietcombak")
    assert [(e.code, e.field) for e in errs] == [("E-BANK-UNKNOWN", "bank")]
    assert errs[0].params["suggestions"][0] == "Vietcombank"
    assert vendor(bank_bin="Ngân hàng Công Thương").bank_bin == "970415"


def test_bom_dropped_from_name_and_account():
    v = vendor(name="\ufeffNguy\ufeffễn Thị Hường", account="\ufeff0011012345678")
    assert (v.name, v.account) == (NAME, "0011012345678")


def test_vendor_required_fields():
    errs = errors_of(name="  ")
    assert [(e.code, e.field) for e in errs] == [("E-REQUIRED", "name")]
    with pytest.raises(VendorErrors) as info:
        make_vendor(name=NAME, account="257678859")
    assert [(e.code, e.field) for e in info.value.errors] == [("E-REQUIRED", "bank_bin")]


def test_vendor_all_errors_reported_together():
    with pytest.raises(VendorErrors) as info:
        make_vendor(name="Nguyễn Vаn", bank_bin="xyz bank", account="12-3?", stall="S" * 21,
                    note="a\u202eb")
    err = info.value
    got = {(e.field, e.code) for e in err.errors}
    assert got == {
        ("name", "E-NAME-SCRIPT"),
        ("bank", "E-BANK-UNKNOWN"),
        ("account", "E-ACCOUNT-CHARS"),
        ("stall", "E-TEXT-LEN"),
        ("note", "E-TEXT-HIDDEN"),
    }
    assert err.field == err.errors[0].field
    message = err.message("en")
    assert message == "; ".join(e.message("en") for e in err.errors)
    assert "xyz bank" in message and "12-3?" in message


def test_problem_from_error():
    err = errors_of(account="1" * 20)[0]
    p = Problem.from_error(err, sheet="Khu A", row=17, column="E")
    assert (p.code, p.severity, p.sheet, p.row, p.column, p.field) == (
        "E-ACCOUNT-LEN", "error", "Khu A", 17, "E", "account",
    )
    assert "19" in p.message("en") and "19" in p.message("vi")
    assert p.message("en") != p.message("vi")
