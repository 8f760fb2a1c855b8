"""VietQR payload codec: golden payloads, round trips, CRC, and every refusal with its typed error."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qrsign.core import vietqr
from qrsign.core.vietqr import clean_purpose, crc16, decode, encode, parse_tlv, tlv
from qrsign.errors import (
    DataError,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    QrsignError,
)

GOLDEN_FILE = Path(__file__).parent / "golden" / "payloads.tsv"
ACB = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
RICH = encode("970436", "0011012345678", amount=250000, purpose="Tiền hàng quầy 12")


# --------------------------------------------------------------------------------------------------
# helpers


def load_golden() -> list[dict]:
    rows = []
    for line in GOLDEN_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) == 9, f"bad golden line: {line!r}"
        name, payload, bin_, account, service, amount, purpose, static, enc = cols
        rows.append(
            {
                "name": name,
                "payload": payload,
                "bin": bin_,
                "account": account,
                "service": service,
                "amount": None if amount == "-" else int(amount),
                "purpose": None if purpose == "-" else purpose,
                "static": {"true": True, "false": False, "-": None}[static],
                "encode": {"yes": True, "no": False}[enc],
            }
        )
    return rows


GOLDEN = load_golden()


def ref_crc(data: str) -> str:
    """An independent, bit-by-bit CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection)."""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def with_crc(body: str) -> str:
    """``body`` (everything before the CRC field) + ``6304`` + its correct CRC."""
    body += "6304"
    return body + ref_crc(body)


def t(tag: str, value: str) -> str:
    """A raw TLV field, without any checks (to build broken payloads)."""
    return f"{tag}{len(value):02d}{value}"


def build(*, fmt="01", init="11", napas=None, beneficiary=None, bin_="970416", account="257678859",
          service="QRIBFTTA", guid="A000000727", extra_root="", currency="704", country="VN", add=None,
          raw_napas=None) -> str:
    """A payload from parts, with a correct CRC: each part can be replaced by a broken one."""
    if beneficiary is None:
        beneficiary = t("00", bin_) + t("01", account)
    if napas is None:
        napas = t("00", guid) + t("01", beneficiary) + (t("02", service) if service else "")
    body = t("00", fmt) + (t("01", init) if init else "")
    body += raw_napas if raw_napas is not None else t("38", napas)
    body += t("53", currency) + extra_root + t("58", country)
    if add is not None:
        body += t("62", add)
    return with_crc(body)


def root_fields(payload: str) -> list[tuple[str, str]]:
    """(tag, value) of the root fields in payload order, CRC excluded."""
    out, pos = [], 0
    while pos < len(payload):
        tag, length = payload[pos : pos + 2], int(payload[pos + 2 : pos + 4])
        out.append((tag, payload[pos + 4 : pos + 4 + length]))
        pos += 4 + length
    assert out[-1][0] == "63"
    return out[:-1]


# --------------------------------------------------------------------------------------------------
# golden payloads


def test_golden_file_is_complete():
    names = [r["name"] for r in GOLDEN]
    assert len(names) == len(set(names))
    payloads = {r["payload"] for r in GOLDEN}
    assert ACB in payloads
    assert any(r["payload"].endswith("9E6F") and r["account"] == "0011012345678" for r in GOLDEN)
    assert any(r["payload"].endswith("2E2E") and r["amount"] == 180000 for r in GOLDEN)
    assert any(r["service"] == "QRIBFTTC" for r in GOLDEN)
    assert any(r["account"] != r["account"].upper() for r in GOLDEN)  # a lowercase virtual account
    assert any(r["payload"][-4] == "0" for r in GOLDEN)  # a CRC with a leading zero
    assert any(r["payload"][-4:] != r["payload"][-4:].upper() for r in GOLDEN)  # a lowercase CRC


@pytest.mark.parametrize("row", GOLDEN, ids=lambda r: r["name"])
def test_golden_crc_matches_reference_implementation(row):
    payload = row["payload"]
    assert payload[-8:-4] == "6304"
    assert payload[-4:].upper() == ref_crc(payload[:-4])
    assert crc16(payload[:-4]) == ref_crc(payload[:-4])


@pytest.mark.parametrize("row", [r for r in GOLDEN if r["encode"]], ids=lambda r: r["name"])
def test_encode_reproduces_golden(row):
    got = encode(
        row["bin"],
        row["account"],
        card=row["service"] == "QRIBFTTC",
        amount=row["amount"],
        purpose=row["purpose"],
    )
    assert got == row["payload"]


@pytest.mark.parametrize("row", GOLDEN, ids=lambda r: r["name"])
def test_decode_golden(row):
    p = decode(row["payload"])
    assert (p.bin, p.account, p.service, p.amount, p.purpose, p.static) == (
        row["bin"],
        row["account"],
        row["service"],
        row["amount"],
        row["purpose"],
        row["static"],
    )
    assert p.is_card == (row["service"] == "QRIBFTTC")


def test_published_acb_example():
    assert encode("970416", "257678859") == ACB
    p = decode(ACB)
    assert (p.bin, p.account, p.service, p.amount, p.purpose, p.static) == (
        "970416", "257678859", "QRIBFTTA", None, None, True,
    )


def test_napas_spec_examples():
    assert encode("970403", "0011012345678") == (
        "00020101021138570010A00000072701270006970403011300110123456780208QRIBFTTA53037045802VN63049E6F"
    )
    dyn = decode(
        "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
        "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E"
    )
    assert (dyn.bin, dyn.account, dyn.amount, dyn.purpose, dyn.static) == (
        "970403", "0011012345678", 180000, "thanh toan don hang", False,
    )
    assert dyn.fields["62"] == "0107NPS68690819thanh toan don hang"


def test_crc_zero_padding():
    body = "00020101021138540010A00000072701240006970436011010000000330208QRIBFTTA53037045802VN6304"
    assert crc16(body) == "005E"
    assert encode("970436", "1000000033").endswith("6304005E")
    assert encode("970436", "1000000012").endswith("63040532")


def test_crc_check_value():
    assert crc16("123456789") == "29B1"
    assert crc16("") == "FFFF"


def test_crc_over_utf8_does_not_crash():
    assert crc16("Đồng") == ref_crc("Đồng")


def test_lowercase_crc_decodes():
    assert decode(ACB[:-4] + "ae9f") == decode(ACB)
    assert decode(ACB[:-4] + "Ae9F").account == "257678859"


def test_static_and_dynamic_markers():
    static = encode("970416", "257678859")
    assert static.startswith("000201010211")
    assert "54" not in decode(static).fields
    dynamic = encode("970416", "257678859", amount=50000)
    assert dynamic.startswith("000201010212")
    assert "540550000" in dynamic
    assert decode(dynamic).fields["54"] == "50000"
    assert decode(dynamic).static is False
    # a purpose alone does not make the code dynamic
    with_purpose = encode("970416", "257678859", purpose="Quầy 5")
    assert with_purpose.startswith("000201010211")
    assert "54" not in decode(with_purpose).fields
    assert decode(with_purpose).fields["62"] == "0806QUAY 5"


def test_empty_purpose_is_omitted():
    assert encode("970416", "257678859", purpose="") == ACB
    assert encode("970416", "257678859", purpose="  !!! ") == ACB
    assert "62" not in decode(encode("970416", "257678859", purpose="?")).fields


def test_fields_are_nested_as_the_spec_says():
    p = decode(RICH)
    assert p.fields["38"] == "0010A000000727" + "0127" + "0006970436" + "0113" + "0011012345678" + "0208QRIBFTTA"
    assert parse_tlv(p.fields["38"]) == {
        "00": "A000000727", "01": "0006970436" + "0113" + "0011012345678", "02": "QRIBFTTA",
    }
    assert parse_tlv(parse_tlv(p.fields["38"])["01"]) == {"00": "970436", "01": "0011012345678"}
    assert (p.fields["53"], p.fields["54"], p.fields["58"]) == ("704", "250000", "VN")
    assert p.fields["62"] == "0817TIEN HANG QUAY 12"
    assert list(p.fields) == ["00", "01", "38", "53", "54", "58", "62", "63"]


# --------------------------------------------------------------------------------------------------
# round trips

VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VI_TEXT = st.text(
    alphabet=st.sampled_from(VI_LETTERS + VI_LETTERS.upper() + "0123456789 ,.-/#:()!?'\"&%\u00a0\t"),
    max_size=45,
)
PURPOSES = st.none() | VI_TEXT | VI_TEXT.map(lambda s: unicodedata.normalize("NFD", s)) | st.text(max_size=30)
BINS = st.from_regex(r"[0-9]{6}", fullmatch=True)
ACCOUNTS = st.from_regex(r"[A-Za-z0-9]{1,19}", fullmatch=True)
AMOUNTS = st.none() | st.integers(min_value=1, max_value=10**13 - 1)
CARDS = st.integers(12, 15).flatmap(lambda n: st.from_regex(rf"9704[0-9]{{{n}}}", fullmatch=True))


@settings(max_examples=300, deadline=None)
@given(bin_=BINS, account=ACCOUNTS, amount=AMOUNTS, purpose=PURPOSES)
def test_round_trip_account(bin_, account, amount, purpose):
    payload = encode(bin_, account, amount=amount, purpose=purpose)
    assert payload.isascii()
    assert len(payload) <= vietqr.MAX_PAYLOAD
    p = decode(payload)
    assert p.bin == bin_
    assert p.account == account
    assert p.service == "QRIBFTTA" and not p.is_card
    assert p.amount == amount
    assert p.static is (amount is None)
    expected_purpose = clean_purpose(purpose) if purpose is not None else ""
    assert p.purpose == (expected_purpose or None)
    assert payload.startswith("000201" + ("010211" if amount is None else "010212"))
    assert payload[-4:] == ref_crc(payload[:-4])


@settings(max_examples=100, deadline=None)
@given(bin_=BINS, card=CARDS, amount=AMOUNTS)
def test_round_trip_card(bin_, card, amount):
    p = decode(encode(bin_, card, card=True, amount=amount))
    assert (p.bin, p.account, p.service, p.amount, p.is_card) == (bin_, card, "QRIBFTTC", amount, True)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60) | VI_TEXT)
def test_clean_purpose_is_plain_and_idempotent(text):
    cleaned = clean_purpose(text)
    assert all(ch.isascii() and (ch.isdigit() or ch.isupper() or ch == " ") for ch in cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    assert clean_purpose(cleaned) == cleaned
    assert clean_purpose(unicodedata.normalize("NFD", text)) == cleaned


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120) | st.text(alphabet="0123456789ABQRIFTVN", max_size=150))
def test_decode_garbage_only_raises_typed_errors(text):
    try:
        decode(text)
    except DataError:
        pass


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(6)))
def test_root_fields_in_any_order_decode(order):
    fields = root_fields(RICH)
    assert [tag for tag, _ in fields] == ["00", "01", "38", "53", "54", "58", "62"]
    rest = fields[1:]
    body = t("00", "01") + "".join(t(*rest[i]) for i in order)
    p = decode(with_crc(body))
    assert (p.bin, p.account, p.service, p.amount, p.purpose, p.static) == (
        "970436", "0011012345678", "QRIBFTTA", 250000, "TIEN HANG QUAY 12", False,
    )


def test_sub_fields_in_any_order_decode():
    napas = t("02", "QRIBFTTA") + t("01", t("01", "257678859") + t("00", "970416")) + t("00", "A000000727")
    p = decode(build(napas=napas, add=t("07", "T1") + t("08", "HELLO")))
    assert (p.bin, p.account, p.service, p.purpose) == ("970416", "257678859", "QRIBFTTA", "HELLO")


# --------------------------------------------------------------------------------------------------
# decode refusals: (payload, error class, code, field)

REFUSALS = {
    "bad-crc": (ACB[:-1] + "0", InvalidChecksum, "E-PAYLOAD-CRC", "63"),
    "crc-not-hex": (ACB[:-4] + "XYZW", InvalidChecksum, "E-PAYLOAD-CRC", "63"),
    "no-crc-field": (ACB[:-8], InvalidFormat, "E-PAYLOAD-NO-CRC", "63"),
    "format-02": (build(fmt="02"), InvalidFormat, "E-PAYLOAD-FORMAT", "00"),
    "format-not-first": (with_crc(t("01", "11") + t("00", "01") + "".join(t(*f) for f in root_fields(ACB)[2:])),
                         InvalidFormat, "E-PAYLOAD-FORMAT", "00"),
    "initiation-13": (build(init="13"), InvalidComponent, "E-PAYLOAD-INITIATION", "01"),
    "missing-38": (build(raw_napas=""), InvalidComponent, "E-PAYLOAD-NO-NAPAS", "38"),
    "napas-in-26": (build(raw_napas=t("26", t("00", "A000000727") + t("01", t("00", "970416") + t("01", "1"))
                                      + t("02", "QRIBFTTA"))), InvalidComponent, "E-PAYLOAD-NO-NAPAS", "38"),
    "wrong-guid": (build(guid="A000000728"), InvalidComponent, "E-PAYLOAD-GUID", "38/00"),
    "missing-guid": (build(napas=t("01", t("00", "970416") + t("01", "257678859")) + t("02", "QRIBFTTA")),
                     InvalidComponent, "E-PAYLOAD-GUID", "38/00"),
    "service-qrpush": (build(service="QRPUSH"), InvalidComponent, "E-PAYLOAD-SERVICE", "38/02"),
    "service-qrcash": (build(service="QRCASH"), InvalidComponent, "E-PAYLOAD-SERVICE", "38/02"),
    "service-missing": (build(service=""), InvalidComponent, "E-PAYLOAD-SERVICE", "38/02"),
    "no-beneficiary": (build(napas=t("00", "A000000727") + t("02", "QRIBFTTA")),
                       InvalidComponent, "E-PAYLOAD-NO-BENEFICIARY", "38/01"),
    "account-20": (build(account="1" * 20), InvalidLength, "E-ACCOUNT-LEN", "38/01/01"),
    "account-empty": (build(beneficiary=t("00", "970416")), InvalidFormat, "E-ACCOUNT-EMPTY", "38/01/01"),
    "account-chars": (build(account="1234-5678"), InvalidFormat, "E-ACCOUNT-CHARS", "38/01/01"),
    "bin-5-digits": (build(bin_="97041"), InvalidFormat, "E-PAYLOAD-BIN", "38/01/00"),
    "bin-letters": (build(bin_="97O416"), InvalidFormat, "E-PAYLOAD-BIN", "38/01/00"),
    "bin-missing": (build(beneficiary=t("01", "257678859")), InvalidFormat, "E-PAYLOAD-BIN", "38/01/00"),
    # lengths that lie inside a template, with a correct CRC over the whole payload
    "len-38-01-01-too-long": (build(beneficiary="0006970416" + "0110" + "257678859"),
                              InvalidLength, "E-PAYLOAD-TRUNCATED", "38/01/01"),
    "len-38-01-00-short": (build(beneficiary="0005970416" + "0109257678859"),
                           InvalidFormat, "E-PAYLOAD-BIN", "38/01/00"),
    "len-38-02-too-long": (build(napas=t("00", "A000000727") + t("01", "0006970416" + "0109257678859")
                                 + "0209QRIBFTTA"), InvalidLength, "E-PAYLOAD-TRUNCATED", "38/02"),
    "len-62-08-too-long": (build(add="0820THANH TOAN"), InvalidLength, "E-PAYLOAD-TRUNCATED", "62/08"),
    "len-62-trailing": (build(add="0805HELLO01"), InvalidLength, "E-PAYLOAD-TRUNCATED", "62/01"),
    "len-62-08-zero": (build(add="0800"), InvalidLength, "E-PAYLOAD-FIELD-EMPTY", "62/08"),
    "len-62-not-digits": (build(add="08x5HELLO"), InvalidFormat, "E-PAYLOAD-TLV", "62/08"),
    "len-root-not-digits": (with_crc("000201010211" + "38AB" + root_fields(ACB)[2][1] + "5303704" + "5802VN"),
                            InvalidFormat, "E-PAYLOAD-TLV", "38"),
    "len-root-too-long": (with_crc("000201010211" + "5399704"), InvalidLength, "E-PAYLOAD-TRUNCATED", "53"),
    "len-root-zero": (build(extra_root="5400"), InvalidLength, "E-PAYLOAD-FIELD-EMPTY", "54"),
    "duplicate-53": (build(extra_root="5303704"), InvalidFormat, "E-PAYLOAD-DUPLICATE", "53"),
    "duplicate-38-sub": (build(napas=t("00", "A000000727") + t("00", "A000000727")
                               + t("01", t("00", "970416") + t("01", "1")) + t("02", "QRIBFTTA")),
                         InvalidFormat, "E-PAYLOAD-DUPLICATE", "38/00"),
    "currency-usd": (build(currency="840"), InvalidComponent, "E-PAYLOAD-CURRENCY", "53"),
    "country-us": (build(country="US"), InvalidComponent, "E-PAYLOAD-COUNTRY", "58"),
    "amount-zero": (build(init="12", extra_root=t("54", "0")), InvalidFormat, "E-AMOUNT", "54"),
    "amount-negative": (build(init="12", extra_root=t("54", "-5000")), InvalidFormat, "E-AMOUNT", "54"),
    "amount-decimal": (build(init="12", extra_root=t("54", "5000.50")), InvalidFormat, "E-AMOUNT", "54"),
    "amount-14-digits": (build(init="12", extra_root=t("54", "1" * 14)), InvalidFormat, "E-AMOUNT", "54"),
    "amount-separator": (build(init="12", extra_root=t("54", "50,000")), InvalidFormat, "E-AMOUNT", "54"),
    "non-ascii": (ACB.replace("VN", "VŃ"), InvalidFormat, "E-PAYLOAD-CHARS", "payload"),
    "empty": ("", InvalidLength, "E-PAYLOAD-TRUNCATED", "payload"),
    "too-long": (ACB + "0" * 500, InvalidLength, "E-PAYLOAD-TOO-LONG", "payload"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_decode_refuses(name):
    payload, cls, code, field = REFUSALS[name]
    with pytest.raises(cls) as info:
        decode(payload)
    err = info.value
    assert type(err) is cls, f"{type(err).__name__} {err.code} {err.field}"
    assert (err.code, err.field) == (code, field)
    assert isinstance(err, DataError)
    assert str(err) and err.message("vi") and err.message("en") != err.message("vi")
    assert "{" not in err.message("vi") + err.message("en")


def test_refusal_payloads_have_correct_crc():
    # the broken payloads are refused for what they break, not for their CRC
    for name, (payload, _cls, code, _field) in REFUSALS.items():
        if code in ("E-PAYLOAD-CRC", "E-PAYLOAD-NO-CRC") or name in ("non-ascii", "empty", "too-long"):
            continue
        assert payload[-4:] == ref_crc(payload[:-4]), name


def test_service_error_names_the_service():
    with pytest.raises(InvalidComponent) as info:
        decode(build(service="QRPUSH"))
    assert info.value.value == "QRPUSH"
    assert "QRPUSH" in str(info.value)


def test_bad_crc_error_carries_both_values():
    with pytest.raises(InvalidChecksum) as info:
        decode(ACB[:-4] + "AE90")
    assert info.value.value == "AE90"
    assert info.value.params["expected"] == "AE9F"
    # in a volunteer's words first (issue 24), the two checksums after
    assert str(info.value).startswith("This code is damaged")
    assert "AE90" in str(info.value) and "AE9F" in str(info.value)


def test_account_error_carries_limit():
    with pytest.raises(InvalidLength) as info:
        decode(build(account="A" * 20))
    assert info.value.params == {"limit": 19, "length": 20}


@pytest.mark.parametrize("payload", [ACB, RICH, GOLDEN[-1]["payload"]], ids=["acb", "rich", "max"])
def test_truncated_everywhere_is_a_typed_error(payload):
    for cut in range(len(payload)):
        with pytest.raises(QrsignError) as info:
            decode(payload[:cut])
        assert isinstance(info.value, DataError), (cut, info.value.code)
        assert info.value.field, cut


def test_any_single_character_change_is_refused():
    for i in range(len(RICH) - 4):
        for repl in ("0", "A", " "):
            if RICH[i] == repl:
                continue
            mutated = RICH[:i] + repl + RICH[i + 1 :]
            with pytest.raises(DataError):
                decode(mutated)


def test_dropped_character_is_refused():
    for i in range(len(ACB)):
        with pytest.raises(DataError):
            decode(ACB[:i] + ACB[i + 1 :])


def test_surrounding_whitespace_is_ignored():
    assert decode(f"  {ACB}\n").account == "257678859"


def test_decode_non_string():
    for value in (None, 123, b"000201"):
        with pytest.raises(InvalidFormat) as info:
            decode(value)
        assert info.value.code == "E-PAYLOAD-TLV"


def test_is_valid():
    assert vietqr.is_valid(ACB)
    assert not vietqr.is_valid(ACB[:-1] + "0")
    assert not vietqr.is_valid("")
    assert not vietqr.is_valid(None)


# --------------------------------------------------------------------------------------------------
# encode refusals


@pytest.mark.parametrize(
    "kwargs, cls, code, field",
    [
        ({"bin": "97041"}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"bin": "9704160"}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"bin": "97041a"}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"bin": " 970416"}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"bin": "９７０４１６"}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),  # fullwidth digits
        ({"bin": 970416}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"bin": ""}, InvalidFormat, "E-PAYLOAD-BIN", "bin"),
        ({"account": ""}, InvalidFormat, "E-ACCOUNT-EMPTY", "account"),
        ({"account": None}, InvalidFormat, "E-ACCOUNT-EMPTY", "account"),
        ({"account": "1" * 20}, InvalidLength, "E-ACCOUNT-LEN", "account"),
        ({"account": "12-3?"}, InvalidFormat, "E-ACCOUNT-CHARS", "account"),
        ({"account": "0011 0123"}, InvalidFormat, "E-ACCOUNT-CHARS", "account"),
        ({"account": "Số1234"}, InvalidFormat, "E-ACCOUNT-CHARS", "account"),
        ({"account": "１２３４"}, InvalidFormat, "E-ACCOUNT-CHARS", "account"),  # fullwidth digits
        ({"amount": 0}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": -50000}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": True}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": False}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": 50000.0}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": "50000"}, InvalidFormat, "E-AMOUNT", "amount"),
        ({"amount": 10**13}, InvalidLength, "E-AMOUNT", "amount"),
        ({"card": True, "account": "1234567890123456"}, InvalidFormat, "E-CARD-FORMAT", "account"),
        ({"card": True, "account": "970403110123456"}, InvalidFormat, "E-CARD-FORMAT", "account"),
        ({"card": True, "account": "9704A31101234567"}, InvalidFormat, "E-CARD-FORMAT", "account"),
        ({"card": True, "account": "9704" + "1" * 16}, InvalidLength, "E-ACCOUNT-LEN", "account"),
        ({"purpose": "A" * 96}, InvalidLength, "E-PURPOSE-LEN", "purpose"),
    ],
    ids=lambda v: repr(v)[:40] if isinstance(v, dict) else None,
)
def test_encode_refuses(kwargs, cls, code, field):
    args = {"bin": "970416", "account": "257678859", **kwargs}
    with pytest.raises(cls) as info:
        encode(args.pop("bin"), args.pop("account"), **args)
    err = info.value
    assert type(err) is cls
    assert (err.code, err.field) == (code, field)
    assert "{" not in err.message("vi") + err.message("en")


def test_encode_limits_are_inclusive():
    assert decode(encode("970416", "1" * 19)).account == "1" * 19
    assert decode(encode("970416", "257678859", amount=10**13 - 1)).amount == 10**13 - 1
    assert decode(encode("970416", "257678859", amount=1)).amount == 1
    assert decode(encode("970403", "9704" + "1" * 15, card=True)).account == "9704" + "1" * 15
    assert decode(encode("970403", "9704" + "1" * 12, card=True)).account == "9704" + "1" * 12


def test_account_length_error_params():
    with pytest.raises(InvalidLength) as info:
        encode("970416", "1" * 20)
    assert info.value.params == {"limit": 19, "length": 20}


# --------------------------------------------------------------------------------------------------
# purpose


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("Đặng Đức đi chợ", "DANG DUC DI CHO"),
        ("đ Đ", "D D"),
        ("Thanh toán hóa đơn", "THANH TOAN HOA DON"),
        ("Nguyễn Thị Hường", "NGUYEN THI HUONG"),
        ("Ưng Ở Ậ ỹ", "UNG O A Y"),
        ("#12, (quầy) A-3!", "12 QUAY A 3"),
        ("  tiền   hàng\tquầy\n5 ", "TIEN HANG QUAY 5"),
        ("a/b_c@d.e+f", "A B C D E F"),
        ("Ωmega ß €5", "MEGA 5"),
        ("\u00d0ồng Xa", "DONG XA"),  # U+00D0 ETH, the look-alike of Đ that legacy converters write
        ("", ""),
        ("!!!", ""),
    ],
)
def test_clean_purpose(raw, cleaned):
    assert clean_purpose(raw) == cleaned
    assert clean_purpose(unicodedata.normalize("NFD", raw)) == cleaned


def test_purpose_in_payload_is_transliterated():
    p = encode("970416", "257678859", purpose="Đồ khô – Quầy 7")
    assert "0813DO KHO QUAY 7" in p
    assert decode(p).purpose == "DO KHO QUAY 7"


def test_purpose_hard_limit():
    p = encode("970416", "257678859", purpose="Đ" * 95)
    assert decode(p).purpose == "D" * 95
    assert decode(p).fields["62"] == "0895" + "D" * 95
    with pytest.raises(InvalidLength) as info:
        encode("970416", "257678859", purpose="đ" * 96)
    err = info.value
    assert (err.code, err.field, err.params["limit"], err.params["length"]) == ("E-PURPOSE-LEN", "purpose", 95, 96)
    # the limit is on the cleaned text: spaces and symbols that collapse do not count
    assert decode(encode("970416", "257678859", purpose="A  " * 48)).purpose == " ".join(["A"] * 48)


# --------------------------------------------------------------------------------------------------
# TLV primitives


def test_tlv():
    assert tlv("00", "01") == "000201"
    assert tlv("62", "x" * 99) == "6299" + "x" * 99
    with pytest.raises(InvalidLength) as info:
        tlv("62", "x" * 100)
    assert (info.value.code, info.value.field, info.value.params["limit"]) == ("E-PAYLOAD-FIELD-LEN", "62", 99)
    with pytest.raises(InvalidLength) as info:
        tlv("08", "")
    assert (info.value.code, info.value.field) == ("E-PAYLOAD-FIELD-EMPTY", "08")


def test_parse_tlv_nested_tags_name_the_template():
    with pytest.raises(InvalidLength) as info:
        parse_tlv("0005abc", "62/")
    assert info.value.field == "62/00"
    assert parse_tlv("0003abc0101x") == {"00": "abc", "01": "x"}
    assert list(itertools.islice(parse_tlv("0101x0003abc"), 2)) == ["01", "00"]
