"""The one account policy (qrsign/account.py), on its own and through the reader, the checker and the CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qrsign.core import account, vietqr
from qrsign.models import make_vendor, parse_account
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]
EN = {"QRSIGN_LANG": "en"}

# --------------------------------------------------------------------------------------------------
# the policy on its own


@pytest.mark.parametrize("typed, expected", [
    ("2151 0000 123456", "21510000123456"),
    ("1500-205-123456", "1500205123456"),
    ("0011.0045.67891", "0011004567891"),
    ("  0011012345678 ", "0011012345678"),
    ("\ufeff0011012345678", "0011012345678"),
    ("V3CAS1340181061", "V3CAS1340181061"),  # letters are legal in virtual accounts
    ("VQRQ0001990hq", "VQRQ0001990hq"),  # … and keep their case
    ("0352350917", "0352350917"),  # a phone-number account is normal: no hint
    ("1500 - 205 - 123456", "1500205123456"),  # spaced dashes between short groups are grouping
])
def test_silent_rules(typed, expected):
    r = account.parse(typed)
    assert (r.account, r.is_card, r.problems) == (expected, False, ())
    assert account.silent(typed) == expected


@pytest.mark.parametrize("typed, expected, code, params", [
    ("21510001234567.0", "21510001234567", "W-ACCOUNT-FLOAT", {"account": "21510001234567"}),
    ("21510001234567.00", "21510001234567", "W-ACCOUNT-FLOAT", {"account": "21510001234567"}),
    ("21510001234567,0", "21510001234567", "W-ACCOUNT-FLOAT", {"account": "21510001234567"}),
    ("TK 0011004567891", "0011004567891", "W-ACCOUNT-LABEL", {"label": "TK", "account": "0011004567891"}),
    ("TK0011004567891", "0011004567891", "W-ACCOUNT-LABEL", {"label": "TK", "account": "0011004567891"}),
    ("STK: 0011004567891", "0011004567891", "W-ACCOUNT-LABEL", {"label": "STK:", "account": "0011004567891"}),
    ("Số TK 0011 0045 67891", "0011004567891", "W-ACCOUNT-LABEL",
     {"label": "Số TK", "account": "0011004567891"}),
    ("No. 0011004567891", "0011004567891", "W-ACCOUNT-LABEL", {"label": "No.", "account": "0011004567891"}),
    ("Số tài khoản: 0011004567891", "0011004567891", "W-ACCOUNT-LABEL",
     {"label": "Số tài khoản:", "account": "0011004567891"}),
    ("+84 903 123 456", "0903123456", "W-ACCOUNT-PHONE-INTL", {"account": "0903123456"}),
    ("84903123456", "84903123456", "W-ACCOUNT-PHONE", {"phone": "0903123456"}),
    ("9704031101234567", "9704031101234567", "W-ACCOUNT-CARD-LIKE", {}),  # check digit wrong: an account
])
def test_rewrites_and_hints_are_warnings(typed, expected, code, params):
    r = account.parse(typed)
    assert r.ok and (r.account, r.is_card) == (expected, False)
    assert [(p.code, p.severity, p.params) for p in r.problems] == [(code, "warning", params)]


@pytest.mark.parametrize("typed, code, params", [
    ("257678859 - 0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("257678859/0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("257678859; 0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("257678859\n0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("257678859 hoặc 0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("257678859 0352350917", "E-ACCOUNT-TWO", {"first": "257678859", "second": "0352350917"}),
    ("0011OO4O39383", "E-ACCOUNT-LOOKALIKE", {"chars": "O→0 (5), O→0 (6), O→0 (8)", "suggestion": "0011004039383"}),
    ("001100456789l", "E-ACCOUNT-LOOKALIKE", {"chars": "l→1 (13)", "suggestion": "0011004567891"}),
    ("I0110045678", "E-ACCOUNT-LOOKALIKE", {"chars": "I→1 (1)", "suggestion": "10110045678"}),
    ("0", "E-ACCOUNT-SHORT", {"length": 1, "limit": 6}),
    ("12345", "E-ACCOUNT-SHORT", {"length": 5, "limit": 6}),
    ("1" * 20, "E-ACCOUNT-LEN", {"length": 20, "limit": 19}),
    ("12-3?x", "E-ACCOUNT-CHARS", {"chars": "“?”"}),
    ("-0011012345678", "E-ACCOUNT-CHARS", {"chars": "“-”"}),
    ("", "E-ACCOUNT-EMPTY", {}),
    (" - . ", "E-ACCOUNT-EMPTY", {}),
    ("9704123456789012345.0", "E-ACCOUNT-DIGITS-LOST", {}),
    # words beside too few digits: the letters would have been counted as the account's ("ACB123")
    ("ACB 123", "E-ACCOUNT-WORDS-SHORT", {"words": "ACB", "digits": "123", "length": 3, "limit": 6}),
    ("VCB-1234", "E-ACCOUNT-WORDS-SHORT", {"words": "VCB", "digits": "1234", "length": 4, "limit": 6}),
    ("TK -0000TK ", "E-ACCOUNT-WORDS-SHORT", {"words": "TK", "digits": "0000", "length": 4, "limit": 6}),
    ("Hoa 12345", "E-ACCOUNT-WORDS-SHORT", {"words": "Hoa", "digits": "12345", "length": 5, "limit": 6}),
    # words and no number: a name or a note typed in the account column
    ("Nguyen Van A", "E-ACCOUNT-NO-NUMBER", {"words": "Nguyen Van A"}),
    ("CHUYEN KHOAN", "E-ACCOUNT-NO-NUMBER", {"words": "CHUYEN KHOAN"}),
    ("lien he", "E-ACCOUNT-NO-NUMBER", {"words": "lien he"}),
    ("TK NGUYENVANA", "E-ACCOUNT-NO-NUMBER", {"words": "TK NGUYENVANA"}),
    ("MOMO", "E-ACCOUNT-NO-NUMBER", {"words": "MOMO"}),
])
def test_errors_are_never_built(typed, code, params):
    r = account.parse(typed)
    assert not r.ok and r.account == ""
    assert [(p.code, p.severity, p.params) for p in r.problems] == [(code, "error", params)]


def test_napas_card_is_a_card_transfer():
    r = account.parse("9704 3600 0000 0008")
    assert (r.account, r.is_card, [p.code for p in r.problems]) == ("9704360000000008", True, ["W-ACCOUNT-IS-CARD"])
    # asked for a card: the NAPAS shape is required, a wrong check digit is a warning
    assert [p.code for p in account.parse("9704031101234567", card=True).problems] == ["W-CARD-CHECK-DIGIT"]
    assert account.parse("9704360000000008", card=True).problems == ()
    assert [p.code for p in account.parse("1234567890123456", card=True).problems] == ["E-CARD-FORMAT"]
    # the vendor model never makes QRIBFTTA of a card number, whoever builds it
    v = make_vendor(name="An", bank_bin="VCB", account="9704360000000008")
    assert v.card and vietqr.decode(v.payload).service == vietqr.SERVICE_CARD


def test_parse_account_raises_the_policy_errors():
    assert parse_account(" 0011 0123.4567-8 ") == "0011012345678"
    with pytest.raises(Exception) as info:
        parse_account("257678859 - 0352350917")
    assert info.value.code == "E-ACCOUNT-TWO"
    assert "add a row for the second" in info.value.message("en")


def test_format_digits():
    assert account.format_digits(123, "0000 0000 00000") == "0000000000123"
    assert account.format_digits(11004567891, "0000-0000-00000") == "0011004567891"
    assert account.format_digits(352350917, '"0"#########') == "0352350917"
    assert account.format_digits(5, "#,##0") is None and account.format_digits(5, "0.00") is None
    assert account.format_digits(5, "General") is None


# --------------------------------------------------------------------------------------------------
# property: nothing leaves the policy (or the reader) changed without a problem


_PIECES = st.sampled_from(["0", "1", "9", "0011", "4567", "891", " ", "-", ".", "O", "l", "I", "TK ", "STK:",
                           "/", ";", "\n", ".0", ",", "+84", "a", "Z", "đ", "\ufeff", "\u200b", "  ", "hoặc"])
CELLS = st.lists(_PIECES, min_size=0, max_size=8).map("".join) | st.text(max_size=25)


@given(CELLS)
@settings(max_examples=400, deadline=None)
def test_no_account_changes_without_a_problem(cell):
    r = account.parse(cell)
    if not r.problems:
        assert r.account == account.silent(cell)
        assert r.account and len(r.account) >= account.MIN_LENGTH
    if not r.ok:
        assert r.account == ""


def test_one_word_alone_is_still_an_alias_account():
    """Banks issue accounts of letters ("nickname" accounts): one word that is no bank or label stays one."""
    r = account.parse("NGUYENVANA")
    assert (r.ok, r.account, r.problems) == (True, "NGUYENVANA", ())


@given(CELLS)
@example("TK -0000TK ")  # was "TK0000TK", which the vendor model then read as label + "0000TK", silently
@settings(max_examples=400, deadline=None)
def test_an_account_the_policy_gives_is_read_again_as_itself(cell):
    """The vendor model parses the account the checker passed it once more: it must come back unchanged and
    without a problem, or the sign would carry an account nobody was told about."""
    r = account.parse(cell)
    if r.ok:
        again = account.parse(r.account)
        assert (again.account, [p.code for p in again.problems if p.code.startswith("W-ACCOUNT-")
                                and p.code != "W-ACCOUNT-IS-CARD"]) == (r.account, [])


@given(st.lists(CELLS, min_size=1, max_size=6))
@example(["TK -0000TK "])  # the reader printed "0000TK" with no problem on the row (found by this test)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_reader_never_changes_an_account_without_a_problem_on_its_row(tmp_path_factory, cells):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = [ILLEGAL_CHARACTERS_RE.sub("", c) for c in cells]  # what a worksheet can hold at all
    path = tmp_path_factory.mktemp("prop") / "ds.xlsx"
    rows = [HEADER] + [[i + 1, "Nguyễn Văn An", str(i + 1), "VCB", c] for i, c in enumerate(cells)]
    make_workbook(path, {"Chợ": rows})
    result = check_file(path)
    flagged = {p.row for p in result.problems if p.field == "account"}
    for vr in result.vendors:
        typed = cells[vr.row - 2]
        if vr.row not in flagged:
            assert vr.vendor.account == account.silent(typed), (typed, vr.vendor.account)
        assert vietqr.decode(vr.vendor.payload).account == vr.vendor.account


# --------------------------------------------------------------------------------------------------
# through the sheet: printed account = payload = manifest


def _sheet(tmp_path: Path, rows: list[list], **kw) -> Path:
    return make_workbook(tmp_path / "ds.xlsx", {"Chợ": [HEADER, *rows]}, **kw)


def test_sheet_rows_get_the_policy(tmp_path):
    path = _sheet(tmp_path, [
        [1, "Lê Văn An", "1", "VCB", "21510001234567.0"],
        [2, "Trần Thị Bình", "2", "VCB", "TK 0011004567891"],
        [3, "Lê Văn Cường", "3", "ACB", "257678859 - 0352350917"],
        [4, "Phạm Thị Dung", "4", "VCB", "0011OO4O39383"],
        [5, "Hoàng Văn Em", "5", "VCB", "9704 3600 0000 0008"],
        [6, "Vũ Văn Giang", "6", "MB", "123"],
        [7, "Ngô Thị Hà", "7", "MB", "0352 350 917"],
    ])
    result = check_file(path)
    got = [(p.row, p.column, p.code, p.severity) for p in result.problems]
    assert got == [
        (2, "E", "W-ACCOUNT-FLOAT", "warning"),
        (3, "E", "W-ACCOUNT-LABEL", "warning"),
        (4, "E", "E-ACCOUNT-TWO", "error"),
        (5, "E", "E-ACCOUNT-LOOKALIKE", "error"),
        (6, "E", "W-ACCOUNT-IS-CARD", "warning"),
        (7, "E", "E-ACCOUNT-SHORT", "error"),
    ]
    built = {vr.row: (vr.vendor.account, vietqr.decode(vr.vendor.payload)) for vr in result.vendors}
    assert {r: (a, p.account, p.service) for r, (a, p) in built.items()} == {
        2: ("21510001234567", "21510001234567", "QRIBFTTA"),
        3: ("0011004567891", "0011004567891", "QRIBFTTA"),
        6: ("9704360000000008", "9704360000000008", "QRIBFTTC"),
        8: ("0352350917", "0352350917", "QRIBFTTA"),
    }
    assert {r.row for r in result.rejected} == {4, 5, 7}
    msg = next(p for p in result.problems if p.code == "W-ACCOUNT-LABEL").message("en")
    assert "0011004567891" in msg and "“TK”" in msg


def test_card_column(tmp_path):
    path = make_workbook(tmp_path / "the.xlsx", {"Chợ": [
        ["Họ và tên", "Ngân hàng", "Số tài khoản", "Số thẻ"],
        ["Lê Văn An", "Sacombank", None, "9704 0311 0123 4567"],
        ["Trần Thị Bình", "VCB", "0011004567891", None],
        ["Lê Văn Cường", "VCB", "0011004567892", "9704360000000008"],
        ["Phạm Thị Dung", "VCB", None, "1234567890123456"],
    ]})
    result = check_file(path)
    assert [(p.row, p.column, p.code) for p in result.problems if p.field == "account"] == [
        (2, "D", "W-CARD-CHECK-DIGIT"), (4, "D", "E-ACCOUNT-AND-CARD"), (5, "D", "E-CARD-FORMAT")]
    services = {vr.row: vietqr.decode(vr.vendor.payload).service for vr in result.vendors}
    assert services == {2: "QRIBFTTC", 3: "QRIBFTTA"}


def test_custom_number_format_restores_zeros(tmp_path):
    path = _sheet(tmp_path, [[1, "Lê Văn An", "1", "VCB", 11004567891], [2, "Trần Thị Bình", "2", "VCB", 11004567892]],
                  formats={("Chợ", "E2"): "0000 0000 00000", ("Chợ", "E3"): "#,##0"})
    result = check_file(path)
    # without a digit mask, Vietcombank's 13 digits say the zeros were lost: refused, naming the account meant
    assert [(p.row, p.code, p.value, p.params.get("suggestion")) for p in result.problems] == [
        (2, "W-ACCOUNT-ZEROS-RESTORED", "0011004567891", None),
        (3, "E-ACCOUNT-ZEROS-LOST", "11004567892", "0011004567892")]
    assert [vr.vendor.account for vr in result.vendors] == ["0011004567891"]


def _with_stored_result(path: Path, cell: str, xml: str) -> Path:
    """Give the formula in ``cell`` a stored (cached) result, as Excel would have saved it."""
    out = path.with_name("cached.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, _, tail = text.partition(f'<c r="{cell}">')
                formula, _, rest = tail.partition("<v />")
                text = head + xml.format(cell=cell, f=formula) + rest
                data = text.encode()
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("stored, result", [('<c r="{cell}">{f}<v>0</v>', "0"),
                                            ('<c r="{cell}" t="str">{f}<v></v>', "")])
def test_lookup_formula_found_nothing_is_an_error(tmp_path, stored, result):
    base = _sheet(tmp_path, [[1, "Lê Văn An", "1", "VCB", "=VLOOKUP(B2,Tra!A:B,2,0)"],
                             [2, "Trần Thị Bình", "2", "VCB", "0011004567891"]])
    path = _with_stored_result(base, "E2", stored)
    res = check_file(path)
    assert [(p.row, p.column, p.code, p.params.get("result")) for p in res.problems] == [
        (2, "E", "E-ACCOUNT-LOOKUP-EMPTY", result)]
    assert [vr.row for vr in res.vendors] == [3]


def test_build_manifest_shows_the_same_characters(tmp_path):
    path = _sheet(tmp_path, [[1, "Lê Văn An", "1", "VCB", "TK 0011004567891"],
                             [2, "Trần Thị Bình", "2", "VCB", "9704360000000008"],
                             [3, "Lê Văn Cường", "3", "VCB", "2151 0000 123456.0"]])
    out = tmp_path / "out"
    run = run_cli("build", path, "-o", out, "--split-by", "none", "--no-checklist", "--jobs", "1",
                  "--date", "2026-12-01", env=EN)
    assert run.code == 0, run.err + run.out
    manifest = json.loads((out / "manifest.json").read_text())
    got = [(s["account"], vietqr.decode(s["payload"]).account, vietqr.decode(s["payload"]).service)
           for s in manifest["signs"]]
    assert got == [("0011004567891", "0011004567891", "QRIBFTTA"), ("9704360000000008", "9704360000000008", "QRIBFTTC"),
                   ("21510000123456", "21510000123456", "QRIBFTTA")]


# --------------------------------------------------------------------------------------------------
# CLI


def test_check_cli_says_where_and_what_to_type(tmp_path):
    path = _sheet(tmp_path, [[1, "Lê Văn An", "1", "VCB", "257678859 - 0352350917"],
                             [2, "Trần Thị Bình", "2", "VCB", "TK 0011004567891"]])
    run = run_cli("check", path, env=EN)
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if line.startswith(("✗", "!"))]  # after what was read
    assert lines[0].startswith("✗ sheet “Chợ”, row 2, column E (account number): This cell holds two accounts")
    assert "add a row for the second" in lines[0]
    assert lines[1].startswith("! sheet “Chợ”, row 3, column E (account number): Removed “TK”")
    assert "Why rows were rejected: two accounts in one cell 1." in run.out
    vi = run_cli("check", path).out
    assert "trang “Chợ”, dòng 2, cột E (Số tài khoản): Ô này có hai số tài khoản" in vi


def test_payload_and_make_apply_the_policy(tmp_path):
    r = run_cli("payload", "--bank", "VCB", "--account", "TK 0011004567891", env=EN)
    assert r.code == 0 and vietqr.decode(r.out.strip()).account == "0011004567891"
    assert "the sign shows 0011004567891" in r.err
    r = run_cli("payload", "--bank", "VCB", "--account", "9704360000000008", "--json", env=EN)
    assert r.code == 0 and r.json()["service"] == "QRIBFTTC"
    r = run_cli("payload", "--bank", "VCB", "--account", "257678859 - 0352350917", env=EN)
    assert r.code == 1 and "one account per row" in r.err
    png = tmp_path / "the.png"
    r = run_cli("make", "--bank", "Sacombank", "--account", "9704 0311 0123 4567", "--card", "--name", "Lê Văn An",
                "-o", png, env=EN)
    assert r.code == 0, r.err
    import zxingcpp
    from PIL import Image

    decoded = vietqr.decode(zxingcpp.read_barcodes(Image.open(png))[0].text)
    assert (decoded.account, decoded.service) == ("9704031101234567", "QRIBFTTC")
    r = run_cli("make", "--bank", "VCB", "--account", "0011004567891", "--card", "--name", "Lê Văn An", "-o", png,
                env=EN)
    assert r.code == 1 and "9704" in r.err
    r = run_cli("make", "--bank", "CB Bank", "--account", "0011004567891", "--name", "Nguyeãn Vaên A (vôï)",
                "-o", png, env=EN)
    assert r.code == 0, r.err
    assert "former name of VCBNeo" in r.err and "converted to Unicode as “Nguyễn Văn A (vợ)”" in r.err
    assert "the sign shows NGUYEN VAN A" in r.err
