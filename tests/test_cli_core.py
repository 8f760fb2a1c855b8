"""The core commands through the CLI: payload, decode, banks, check; exit codes, languages, --help."""

from __future__ import annotations

import json
import zipfile

import pytest

from qrsign.core.vietqr import decode, encode

from conftest import GOLDEN_PAYLOAD, HEADER, run_cli

DYNAMIC_50K = "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405500005802VN63046DA7"
COMMANDS = ["payload", "decode", "banks", "check", "build", "make", "templates", "init", "verify"]
EN = {"QRSIGN_LANG": "en"}


def no_traceback(r) -> None:
    assert "Traceback" not in r.out and "Traceback" not in r.err
    assert "Internal qrsign error" not in r.err and "Lỗi nội bộ" not in r.err
    assert "{" not in r.err  # every placeholder of the message was filled


@pytest.fixture
def clean_sheet(workbook):
    return workbook({"Khu A": [
        ["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"],
        HEADER,
        [1, "Nguyễn Thị Hường", "A-01", "VCB", "0011012345678", "0912345678", None],
        [2, "Trần Văn Nam", "A-02", "Quân đội", "0352350917", None, "Quầy thịt"],
    ]}, merges={"Khu A": ["A1:G1"]}, name="sach.xlsx")


@pytest.fixture
def dirty_sheet(workbook):
    return workbook({"Khu A": [
        ["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"],
        [],
        HEADER,
        [1, "Nguyễn Thị Hường", "A-01", "VCB", "0011012345678", None, None],
        [2, "Trần Văn Nam", "A-02", "Vietcombak", "0352350917", None, None],
        [3, "Lê Thị Hoa", "A-03", "ACB", 257678859, None, None],
    ]}, name="loi.xlsx")


# --------------------------------------------------------------------------------------------------
# payload


def test_payload_golden():
    r = run_cli("payload", "--bank", "ACB", "--account", "257678859")
    assert (r.code, r.out, r.err) == (0, GOLDEN_PAYLOAD + "\n", "")


@pytest.mark.parametrize("bank", ["ACB", "acb", "970416", "Ngân hàng TMCP Á Châu", "A Chau"])
def test_payload_bank_spellings(bank):
    r = run_cli("payload", "--bank", bank, "--account", "257 678 859")
    assert (r.code, r.out.strip()) == (0, GOLDEN_PAYLOAD)


def test_payload_amount_makes_it_dynamic():
    r = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--amount", "50000")
    assert r.code == 0
    out = r.out.strip()
    assert out == DYNAMIC_50K
    assert out.startswith("000201010212") and "540550000" in out
    run = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--amount", "50.000")
    assert run.out.strip() == DYNAMIC_50K


def test_payload_json():
    r = run_cli("payload", "--bank", "VCB", "--account", "0011012345678", "--purpose", "Quầy 12", "--json")
    assert r.code == 0
    data = r.json()
    assert data["bin"] == "970436" and data["bank"] == "Vietcombank" and data["account"] == "0011012345678"
    assert data["purpose"] == "QUAY 12" and data["amount"] is None and data["static"] is True
    plain = run_cli("payload", "--bank", "VCB", "--account", "0011012345678", "--purpose", "Quầy 12").out.strip()
    assert data["payload"] == plain
    assert plain == encode("970436", "0011012345678", purpose="QUAY 12")
    assert "62110807QUAY 12" in plain and plain.startswith("000201010211")


@pytest.mark.parametrize("typed, amount", [("50000", 50000), ("50.000", 50000), ("50,000", 50000),
                                           ("1.250.000", 1250000), ("50 000đ", 50000)])
def test_payload_amount_spellings(typed, amount):
    r = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--amount", typed, "--json")
    assert r.code == 0
    assert r.json()["amount"] == amount
    assert decode(r.json()["payload"]).amount == amount


@pytest.mark.parametrize("typed", ["50000.50", "50000.5", "50,000.00", "1,5"])
def test_payload_amount_with_decimals_is_refused_not_multiplied(typed):
    r = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--amount", typed, "--json")
    assert r.code == 1, r.out


def test_payload_card():
    r = run_cli("payload", "--bank", "970403", "--account", "9704031101234567", "--card")
    assert (r.code, r.out.strip()) == (
        0, "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52")


@pytest.mark.parametrize(
    "args, code, needle",
    [
        (["--bank", "BVB", "--account", "1"], 1, "BaoVietBank"),
        (["--bank", "Vietcombak", "--account", "1"], 1, "Vietcombank"),
        (["--bank", "ACB", "--account", "12-3?"], 1, "may hold only digits"),
        (["--bank", "ACB", "--account", "1" * 20], 1, "19"),
        (["--bank", "ACB", "--account", "257678859", "--amount", "0"], 1, "0"),
        (["--bank", "ACB", "--account", "257678859", "--amount", "-5"], 1, "-5"),
        (["--bank", "ACB", "--account", "257678859", "--amount", "abc"], 1, "abc"),
        (["--bank", "ACB", "--account", "1234567890123456", "--card"], 1, "9704"),
        (["--bank", "ACB", "--account", "257678859", "--purpose", "x" * 96], 1, "95"),
        (["--account", "1"], 2, "--bank"),
    ],
)
def test_payload_refuses(args, code, needle):
    r = run_cli("payload", *args, env=EN)
    assert r.code == code
    assert r.out == ""
    assert needle in r.err
    no_traceback(r)


def test_payload_account_error_shows_what_was_typed():
    r = run_cli("payload", "--bank", "ACB", "--account", "12-3?", env=EN)
    assert r.code == 1
    assert "12-3?" in r.err


def test_payload_long_purpose_warns():
    r = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--purpose", "A" * 30, "--lang", "en")
    assert r.code == 0
    assert "30" in r.err and "25" in r.err
    assert "0830" + "A" * 30 in r.out
    assert decode(r.out.strip()).purpose == "A" * 30
    short = run_cli("payload", "--bank", "ACB", "--account", "257678859", "--purpose", "A" * 25)
    assert (short.code, short.err) == (0, "")


# --------------------------------------------------------------------------------------------------
# decode


def test_decode_text():
    r = run_cli("decode", GOLDEN_PAYLOAD, env=EN)
    assert r.code == 0
    assert "ACB" in r.out and "970416" in r.out and "257678859" in r.out
    assert "static" in r.out


def test_decode_json():
    r = run_cli("decode", DYNAMIC_50K, "--json")
    assert r.code == 0
    data = r.json()
    assert {"bin", "bank", "account", "service", "amount", "purpose"} <= set(data)
    assert (data["bin"], data["bank"], data["account"], data["service"], data["amount"], data["purpose"]) == (
        "970416", "ACB", "257678859", "QRIBFTTA", 50000, None)
    assert data["static"] is False


def test_decode_lowercase_crc():
    r = run_cli("decode", GOLDEN_PAYLOAD[:-4] + "ae9f", "--json")
    assert (r.code, r.json()["account"]) == (0, "257678859")


def test_decode_bad_crc():
    bad = GOLDEN_PAYLOAD[:-4] + "AE90"
    r = run_cli("decode", bad, "--lang", "en")
    assert r.code == 1
    assert r.out == ""
    assert "damaged" in r.err and "AE90" in r.err and "AE9F" in r.err
    r_vi = run_cli("decode", bad)
    assert r_vi.code == 1 and "Mã này hỏng — nhờ tiểu thương chụp lại mã trong app" in r_vi.err
    no_traceback(r)


@pytest.mark.parametrize("payload", ["", "hello", GOLDEN_PAYLOAD[:40], GOLDEN_PAYLOAD.replace("QRIBFTTA", "QRPUSH__"),
                                     "0" * 600, "Đồng"])
def test_decode_refuses_without_traceback(payload):
    r = run_cli("decode", payload)
    assert r.code == 1
    assert r.err.strip()
    no_traceback(r)


def test_decode_json_error_is_json():
    r = run_cli("decode", GOLDEN_PAYLOAD[:-1] + "0", "--json")
    assert r.code == 1
    assert r.json()["error"]["code"] == "E-PAYLOAD-CRC"
    assert r.json()["error"]["field"] == "63"


# --------------------------------------------------------------------------------------------------
# banks


def test_banks_lists_66():
    r = run_cli("banks")
    assert r.code == 0
    lines = r.out.strip().splitlines()
    assert len(lines) == 66
    assert any(line.startswith("970436") and "Vietcombank" in line for line in lines)
    assert any(line.startswith("970415") and "VietinBank" in line for line in lines)


def test_banks_json_all():
    data = run_cli("banks", "--json").json()
    assert len(data) == 66 and len({b["bin"] for b in data}) == 66


def test_banks_query_json():
    r = run_cli("banks", "quân đội", "--json")
    assert r.code == 0
    data = r.json()
    assert data[0]["bin"] == "970422" and data[0]["short_name"] == "MBBank"
    assert set(data[0]) >= {"bin", "short_name", "name", "swift", "aliases"}
    assert run_cli("banks", "quan doi", "--json").json() == data


def test_banks_query_bin_and_typo():
    assert [b["bin"] for b in run_cli("banks", "970415", "--json").json()] == ["970415"]
    r = run_cli("banks", "Vietcombak", "--json")
    assert r.code == 0 and r.json()[0]["short_name"] == "Vietcombank"
    r = run_cli("banks", "zzzzqqq")
    assert r.code == 1 and "zzzzqqq" in r.err
    no_traceback(r)


# --------------------------------------------------------------------------------------------------
# check

VENDOR_KEYS = {"row", "sheet", "stall", "name", "bank_bin", "bank", "account"}
PROBLEM_KEYS = {"row", "sheet", "column", "field", "severity", "message"}


def check_shape(data: dict) -> None:
    assert isinstance(data, dict)
    assert isinstance(data["vendors"], list) and isinstance(data["problems"], list)
    for v in data["vendors"]:
        assert set(v) >= VENDOR_KEYS, set(v)
        assert isinstance(v["row"], int) and isinstance(v["sheet"], str)
        assert all(isinstance(v[k], str) for k in ("stall", "name", "bank_bin", "bank", "account"))
    for p in data["problems"]:
        assert set(p) >= PROBLEM_KEYS, set(p)
        assert p["severity"] in ("error", "warning")
        assert isinstance(p["message"], str) and p["message"]


def test_check_clean_sheet(clean_sheet):
    r = run_cli("check", clean_sheet, "--json")
    assert r.code == 0
    data = r.json()
    check_shape(data)
    assert data["problems"] == []
    assert [(v["row"], v["sheet"], v["stall"], v["name"], v["bank_bin"], v["bank"], v["account"])
            for v in data["vendors"]] == [
        (3, "Khu A", "A-01", "Nguyễn Thị Hường", "970436", "Vietcombank", "0011012345678"),
        (4, "Khu A", "A-02", "Trần Văn Nam", "970422", "MBBank", "0352350917"),
    ]
    text = run_cli("check", clean_sheet, env=EN)
    assert text.code == 0 and "2 vendors" in text.out and "100%" in text.out


def test_check_dirty_sheet(dirty_sheet):
    r = run_cli("check", dirty_sheet, "--json", "--lang", "en")
    assert r.code == 1
    data = r.json()
    check_shape(data)
    assert [v["row"] for v in data["vendors"]] == [4, 6]
    assert [(p["row"], p["sheet"], p["column"], p["field"], p["severity"]) for p in data["problems"]] == [
        (5, "Khu A", "D", "bank", "error"),
        (6, "Khu A", "E", "account", "warning"),
    ]
    assert "Vietcombank" in data["problems"][0]["message"]  # did you mean …
    assert "257678859" in data["problems"][1]["message"]


def test_check_text_names_row_and_column(dirty_sheet):
    r = run_cli("check", dirty_sheet, "--lang", "en")
    assert r.code == 1
    line = next(line for line in r.out.splitlines() if "Vietcombak" in line)
    assert "row 5" in line and "column D" in line and "Did you mean: Vietcombank" in line
    r_vi = run_cli("check", dirty_sheet)
    line = next(line for line in r_vi.out.splitlines() if "Vietcombak" in line)
    assert "dòng 5" in line and "cột D" in line
    no_traceback(r)
    no_traceback(r_vi)


def test_check_language_switch(dirty_sheet):
    vi = run_cli("check", dirty_sheet, "--json")
    en_flag = run_cli("check", dirty_sheet, "--json", "--lang", "en")
    en_env = run_cli("check", dirty_sheet, "--json", env=EN)
    assert vi.code == en_flag.code == en_env.code == 1
    d_vi, d_en, d_env = vi.json(), en_flag.json(), en_env.json()
    assert d_en == d_env
    assert set(d_vi) == set(d_en)
    assert [set(p) for p in d_vi["problems"]] == [set(p) for p in d_en["problems"]]
    assert [set(v) for v in d_vi["vendors"]] == [set(v) for v in d_en["vendors"]]
    for p_vi, p_en in zip(d_vi["problems"], d_en["problems"], strict=True):
        assert p_vi["message"] != p_en["message"]
        assert {k: v for k, v in p_vi.items() if k != "message"} == {k: v for k, v in p_en.items() if k != "message"}
    # the flag beats the environment
    assert run_cli("check", dirty_sheet, "--json", "--lang", "vi", env=EN).json() == d_vi


def test_check_sheet_option(workbook):
    path = workbook({
        "Khu A": [HEADER, [1, "Lê Văn An", "1", "VCB", "0011012345678", None, None]],
        "Khu B": [HEADER, [1, "Trần Thị Bình", "2", "Vietcombak", "0011012345678", None, None]],
    })
    assert run_cli("check", path, "--json").code == 1
    r = run_cli("check", path, "--sheet", "Khu A", "--json")
    assert r.code == 0
    assert [(v["sheet"], v["row"]) for v in r.json()["vendors"]] == [("Khu A", 2)]
    r = run_cli("check", path, "--sheet", "Khu C", "--lang", "en")
    assert r.code == 2 and "Khu C" in r.err and "Khu A" in r.err
    no_traceback(r)


def _broken_files(tmp_path, workbook):
    good = workbook({"S": [HEADER, [1, "Lê Văn An", "1", "VCB", "0011012345678", None, None]]}, name="good.xlsx")
    data = good.read_bytes()
    files = {
        "missing": tmp_path / "khong-co.xlsx",
        "empty-xlsx": tmp_path / "rong.xlsx",
        "empty-csv": tmp_path / "rong.csv",
        "text-as-xlsx": tmp_path / "text.xlsx",
        "truncated-zip": tmp_path / "cut.xlsx",
        "zip-not-workbook": tmp_path / "zip.xlsx",
        "old-xls": tmp_path / "old.xls",
        "no-header-xlsx": workbook({"S": [["Danh sách"], ["a", "b"], [1, 2]]}, name="nohead.xlsx"),
        "no-header-csv": tmp_path / "nohead.csv",
    }
    files["empty-xlsx"].write_bytes(b"")
    files["empty-csv"].write_bytes(b"")
    files["text-as-xlsx"].write_text("Họ và tên,Ngân hàng,Số tài khoản\nAn,VCB,1\n", encoding="utf-8")
    files["truncated-zip"].write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(files["zip-not-workbook"], "w") as zf:
        zf.writestr("a.txt", "xin chào")
    files["old-xls"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    files["no-header-csv"].write_text("a,b\n1,2\n", encoding="utf-8")
    return files


BROKEN = ["missing", "empty-xlsx", "empty-csv", "text-as-xlsx", "truncated-zip", "zip-not-workbook", "old-xls",
          "no-header-xlsx", "no-header-csv"]


@pytest.mark.parametrize("kind", BROKEN)
@pytest.mark.parametrize("as_json", [False, True])
def test_check_unusable_input_exits_2(tmp_path, workbook, kind, as_json):
    path = _broken_files(tmp_path, workbook)[kind]
    r = run_cli("check", path, *(["--json"] if as_json else []), env=EN)
    assert r.code == 2, (r.out, r.err)
    assert r.err.startswith("Error: ")
    assert path.name in r.err
    no_traceback(r)
    if as_json:
        assert r.json()["error"]["code"].startswith("E-")


def test_check_no_header_message(tmp_path, workbook):
    path = workbook({"S": [["Họ và tên", "Ngân hàng"], ["Lê Văn An", "VCB"]]}, name="thieu.xlsx")
    r = run_cli("check", path, "--lang", "en")
    assert r.code == 2
    assert "No header row" in r.err and "Họ và tên" in r.err


def test_check_folder_is_usage_error(tmp_path):
    r = run_cli("check", tmp_path)
    assert r.code == 2
    no_traceback(r)


# --------------------------------------------------------------------------------------------------
# every command


@pytest.mark.parametrize("command", COMMANDS)
def test_help(command):
    r = run_cli(command, "--help")
    assert r.code == 0
    assert "Ví dụ" in r.out  # Vietnamese by default (issue 16)
    assert "Example" in run_cli(command, "--help", "--lang", "en").out
    no_traceback(r)


def test_main_help_and_version():
    r = run_cli("--help")
    assert r.code == 0
    for command in COMMANDS:
        assert command in r.out
    assert run_cli("--version").code == 0


def test_unknown_option_is_usage_error():
    r = run_cli("payload", "--bank", "ACB", "--account", "1", "--lang", "fr")
    assert r.code == 2
    r = run_cli("nosuchcommand")
    assert r.code == 2
    no_traceback(r)


def test_json_output_is_plain_utf8(clean_sheet):
    r = run_cli("check", clean_sheet, "--json")
    assert "Nguyễn Thị Hường" in r.out  # not \u escapes
    json.loads(r.out)


def test_message_catalogue_is_bilingual():
    from qrsign.messages import CATALOGUE, render

    for code, (vi, en) in CATALOGUE.items():
        assert vi.strip() and en.strip(), code
        assert render(code, "vi") and render(code, "en"), code
        if code != "E-USAGE":
            assert vi != en, code
