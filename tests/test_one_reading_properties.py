"""Property tests of the one-reading rule (issue 21): whatever qrsign accepts parses to one and the same account
whether a bank app counts lengths in characters, UTF-8 bytes or UTF-16 units.

Payloads are generated with extra merchant templates, UTF-8 and astral text in the free fields (some of it
crafted so that a byte- or unit-counting reader lands on a hidden template), and the fields in shuffled order.
The three readers below are written here, independently of qrsign: each walks the text as its counting sees
it and stops where it cannot go on, as a lenient app would.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from qr14 import crc, t

from qrsign.core import vietqr
from qrsign.errors import QrsignError

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------------
# three independent readers


def _units(text: str, counting: str) -> list:
    if counting == "chars":
        return list(text)
    if counting == "utf8":
        return list(text.encode("utf-8", "surrogatepass"))
    raw = text.encode("utf-16-le", "surrogatepass")
    return [raw[i : i + 2] for i in range(0, len(raw), 2)]


def _text(units: list, counting: str) -> str:
    if counting == "chars":
        return "".join(units)
    if counting == "utf8":
        return bytes(units).decode("utf-8", "replace")
    return b"".join(units).decode("utf-16-le", "replace")


def read(text: str, counting: str) -> list[tuple[str, str]]:
    """The (tag, value) fields an app that counts lengths in ``counting`` reads, up to where it must stop."""
    units = _units(text, counting)
    fields = []
    pos = 0
    while pos + 4 <= len(units):
        head = _text(units[pos : pos + 4], counting)
        if len(head) != 4 or not all(c in string.digits for c in head):
            break
        n = int(head[2:])
        if pos + 4 + n > len(units):
            break
        fields.append((head[:2], _text(units[pos + 4 : pos + 4 + n], counting)))
        pos += 4 + n
    return fields


PAYEES = {f"{n:02d}" for n in range(2, 52)}


def payee_readings(payload: str, counting: str) -> list[tuple[str, str | None, str | None]]:
    """Every payee field the reader meets, with the BIN and account it reads in a NAPAS template."""
    found = []
    for tag, value in read(payload, counting):
        if tag not in PAYEES:
            continue
        sub = dict(read(value, counting))
        ids = dict(read(sub.get("01", ""), counting))
        found.append((tag, ids.get("00"), ids.get("01")))
    return found


# --------------------------------------------------------------------------------------------------
# payloads

VN = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯƠ"
ASTRAL = "𝐀𝐁𝐂😀🏪"
SHORT = st.text(string.ascii_uppercase + string.digits + " " + VN + ASTRAL, min_size=1, max_size=30)


def napas_value(bin_: str, account: str) -> str:
    return t("00", "A000000727") + t("01", t("00", bin_) + t("01", account)) + t("02", "QRIBFTTA")


TEMPLATES = st.sampled_from([
    napas_value("970422", "999988887777"),
    t("00", "A000000775") + t("01", "0102154778"),
    t("00", "D0000004321") + t("01", "SHOP42"),
])
HIDDEN = st.sampled_from([
    t("38", napas_value("970422", "999988887777")),
    t("26", napas_value("970418", "21510001234567")),
    t("26", t("00", "A000000775") + t("01", "0102154778")),
    t("63", "ABCD"),
    t("05", "MOMOW2WABCDEFGHI"),  # another wallet reference, for a reader of 62; ends in letters, so a reader
])                                # of the root that lands inside it stops there


@st.composite
def crafted(draw) -> str:
    """A free-text value that a reader counting bytes or UTF-16 units ends inside, just before ``hidden``.

    ``k`` letters that take ``extra`` more units than characters end a ``k + len(hidden)`` long field for such
    a reader right where ``hidden`` starts when ``k * extra == len(hidden)``; a filler field (99) after the
    hidden one makes the lengths fit.
    """
    hidden = draw(HIDDEN)
    letter, counting = draw(st.sampled_from([("đ", "utf8"), ("ệ", "utf8"), ("𝐀", "utf8"), ("𝐀", "utf16"),
                                             ("😀", "utf16")]))
    extra = len(_units(letter, counting)) - 1
    filler = (-(len(hidden) + 5)) % extra + 1
    hidden += t("99", "X" * filler)
    value = letter * (len(hidden) // extra) + hidden
    return value if len(value) <= 99 else draw(SHORT)


FREE = st.one_of(crafted(), crafted(), SHORT)


@st.composite
def payloads(draw) -> str:
    """A payload with a NAPAS 38, maybe other templates, free text (plain, Vietnamese, astral or crafted) in
    59/60/62, its middle fields shuffled; 00 first and a right CRC last."""
    fields = {"01": "11", "38": napas_value(draw(st.sampled_from(["970436", "970416"])),
                                            draw(st.from_regex(r"[0-9]{6,14}", fullmatch=True))),
              "53": "704", "58": "VN"}
    for _ in range(draw(st.integers(0, 2))):
        fields[draw(st.sampled_from(["26", "27", "29", "39", "45", "51"]))] = draw(TEMPLATES)
    for tag in draw(st.lists(st.sampled_from(["59", "60", "62"]), unique=True)):
        value = draw(FREE)
        if tag == "62":  # the purpose, maybe beside a wallet's reference (which a crafted purpose may hide)
            subs = [t("08", value[:95])]
            if draw(st.booleans()):
                subs.insert(draw(st.integers(0, 1)), t("05", draw(st.sampled_from(["MOMOW2W123", "ZLP2400910"]))))
            value = "".join(subs)
            if len(value) > 99:
                value = t("08", "TIEN CHO")
        fields[tag] = value
    order = draw(st.permutations(list(fields)))
    body = t("00", "01") + "".join(t(tag, fields[tag]) for tag in order) + "6304"
    return body + crc(body)


def _accepted(payload: str) -> vietqr.Scan | None:
    try:
        return vietqr.drawable(payload)
    except QrsignError:
        return None


def _utf8_59(name: str) -> str:
    body = t("00", "01") + t("01", "11") + t("38", napas_value("970436", "0011004567891")) + t("53", "704") \
        + t("58", "VN") + t("59", name) + "6304"
    return body + crc(body)


def _momo(purpose: str, reference_first: bool = False) -> str:
    """A MoMo code whose 62 holds ``purpose`` (08) and the wallet's reference (05), after it unless told."""
    sub = [t("08", purpose), t("05", "MOMOW2W12345678901")]
    body = t("00", "01") + t("01", "11") + t("38", napas_value("971025", "PSP123456789000000")) \
        + t("53", "704") + t("58", "VN") + t("62", "".join(sub[::-1] if reference_first else sub)) + "6304"
    return body + crc(body)


@PROPERTY
@example(_utf8_59("Trần Thị Đào đĐ"))  # an honest UTF-8 holder after 38: accepted
@example(_utf8_59("ệ" * 30 + t("38", napas_value("970422", "999988887777"))))  # a hidden second 38: refused
@example(_momo("ệ" * 10 + "0516MOMOW2WABCDEFGHI"))  # a hidden wallet reference only a reader of 62 meets: refused
@example(_momo("Tiền chợ", reference_first=True))  # an honest UTF-8 purpose after the reference: accepted
@given(payloads())
def test_what_qrsign_accepts_reads_to_one_account_under_every_counting(payload):
    s = _accepted(payload)
    if s is None:
        return
    for counting in ("chars", "utf8", "utf16"):
        assert payee_readings(payload, counting) == [("38", s.bin, s.account)], counting
        assert references(payload, counting) in ([], [s.reference] if s.reference else []), counting


def references(payload: str, counting: str) -> list[str]:
    """Every wallet reference (62/05) the reader meets."""
    return [value for tag, sub in read(payload, counting) if tag == "62"
            for sub_tag, value in read(sub, counting) if sub_tag == "05"]


@PROPERTY
@given(payloads())
def test_decode_and_drawable_agree(payload):
    """The strict codec (ASCII) and the verbatim path never read one payload to two accounts."""
    s = _accepted(payload)
    try:
        p = vietqr.decode(payload)
    except QrsignError:
        return
    assert s is not None and (p.bin, p.account) == (s.bin, s.account)


def test_the_generator_makes_both_kinds():
    """The property is not vacuous: the crafted examples include accepted and refused payloads."""
    assert _accepted(_utf8_59("Trần Thị Đào đĐ")) is not None
    assert _accepted(_utf8_59("ệ" * 30 + t("38", napas_value("970422", "999988887777")))) is None
    honest = t("00", "01") + t("01", "11") + t("38", napas_value("970436", "0011004567891")) + t("53", "704") \
        + t("58", "VN") + "6304"
    assert _accepted(honest + crc(honest)) is not None
    assert _accepted(_momo("Tiền chợ", reference_first=True)) is not None
    assert _accepted(_momo("ệ" * 10 + "0516MOMOW2WABCDEFGHI")) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_verbatim_path_on_any_text_raises_only_typed_errors(text):
    try:
        vietqr.drawable(text)
    except QrsignError:
        pass


@settings(max_examples=300, deadline=None)
@given(payloads(), st.lists(st.tuples(st.integers(0, 400), st.characters()), max_size=4))
def test_the_verbatim_path_on_mutated_payloads_raises_only_typed_errors(payload, edits):
    chars = list(payload)
    for pos, ch in edits:
        chars[pos % len(chars)] = ch
    text = "".join(chars)
    for candidate in (text, text[:-4] + crc(text[:-4])):
        try:
            s = vietqr.drawable(candidate)
        except QrsignError:
            continue
        assert payee_readings(s.payload, "utf8")[:1] == payee_readings(s.payload, "chars")[:1]


def test_a_lone_surrogate_is_a_typed_refusal_not_an_encoding_error():
    """The CI profile's falsifying example: a payload whose first character became a lone surrogate (U+D800)."""
    good = "00020101021138570010A00000072701270006970436011300110123456780208QRIBFTTA53037045802VN63047B64"
    for text in ("\ud800" + good[1:], good[:30] + "\ud800" + good[31:], good[:-4] + crc(good[:-4] + "\ud800")):
        try:
            vietqr.drawable(text)
        except QrsignError as exc:
            assert exc.code.startswith("E-PAYLOAD")
