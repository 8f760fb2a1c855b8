"""Vietnamese everywhere (issue 16): every --help in both languages, click's usage errors, OS error texts.

``--help`` is handled by click while it parses, before ``--lang`` is read; the
CLI resolves the language from argv / ``QRSIGN_LANG`` first. These tests walk
every command, so a command added without catalogue help texts fails here.
"""

from __future__ import annotations

import re

import click
import pytest

from qrsign.cli.main import main

from conftest import run_cli

#: Words that must not appear in Vietnamese help (option names like --sheet are removed first).
#: "file" is not listed: the catalogue uses it as Vietnamese does ("file mẫu").
ENGLISH_WORDS = ["the", "and", "of", "to", "for", "with", "Usage", "Options", "Commands", "Show", "message",
                 "Example", "default", "required", "Exit", "codes", "folder", "Output", "Only", "Print", "Write",
                 "Language", "option", "number", "sign", "signs", "TEXT", "PATH", "INTEGER", "OPTIONS", "COMMAND"]
#: Vietnamese that must not appear in English help (examples keep names like “Chợ Đồng Xa”).
VIETNAMESE_WORDS = ["Cách dùng", "Tuỳ chọn", "Lệnh", "Ví dụ", "mặc định", "bắt buộc", "Hiện hướng dẫn", "thư mục",
                    "danh sách", "Mã thoát", "tiểu thương", "hoặc"]
#: English phrases (click's, the OS's, the library's) that must never reach a Vietnamese user.
ENGLISH_PHRASES = ["Missing", "Got unexpected", "No such", "Invalid value", "is not", "does not exist",
                   "is a directory", "not found", "permission denied", "Error:", "Try '", "Usage:", "Did you mean",
                   "not a", "must be", "needs", "use NAME", "is a folder", "Aborted", "Bad", "Cannot"]


def _commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            out.extend(_commands(command, (*prefix, name)))
        else:
            out.append((*prefix, name))
    return out


COMMANDS = _commands()


def _english_words(text: str) -> list[str]:
    text = re.sub(r"--?[\w-]+", " ", text)  # option names
    text = re.sub(r"\[[\w|]+\]", " ", text)  # choices: [market|zone|none]
    text = "\n".join(line for line in text.splitlines() if "qrsign " not in line)  # example command lines
    return [w for w in ENGLISH_WORDS if re.search(rf"(?<![\w/.]){re.escape(w)}(?![\w/.])", text)]


def test_the_walk_finds_every_command():
    names = {" ".join(c) for c in COMMANDS}
    assert {"", "build", "check", "init", "verify", "templates", "templates preview", "make", "banks"} <= names


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "qrsign")
def test_help_is_vietnamese_by_default(command):
    r = run_cli(*command, "--help")
    assert r.code == 0
    assert r.out.startswith("Cách dùng: qrsign")
    assert _english_words(r.out) == [], r.out
    if command:
        assert "Ví dụ:" in r.out  # every command shows examples
    assert "Tuỳ chọn:" in r.out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "qrsign")
@pytest.mark.parametrize("how", ["flag", "env"])
def test_help_in_english(command, how):
    if how == "flag":
        r = run_cli(*command, "--help", "--lang", "en")
    else:
        r = run_cli(*command, "--help", env={"QRSIGN_LANG": "en"})
    assert r.code == 0
    assert r.out.startswith("Usage: qrsign")
    found = [w for w in VIETNAMESE_WORDS if w in r.out]
    assert found == [], r.out
    if command:
        assert "Example:" in r.out
    # and back: the same process gives Vietnamese again (help texts are filled per run)
    assert run_cli(*command, "--help").out.startswith("Cách dùng:")


def test_version_in_both_languages():
    from qrsign import __version__

    assert run_cli("--version").out == f"qrsign, phiên bản {__version__}\n"
    assert run_cli("--version", "--lang", "en").out == f"qrsign, version {__version__}\n"


def test_every_option_has_catalogue_help():
    from qrsign import messages

    def walk(command: click.Command, path: str) -> list[str]:
        missing = []
        if f"help.{path or 'main'}" not in messages.UI:
            missing.append(f"help.{path or 'main'}")
        for p in command.params:
            if isinstance(p, click.Option) and p.name not in ("help", "version") and \
                    f"opt.{path}.{p.name}" not in messages.UI and f"opt.{p.name}" not in messages.UI:
                missing.append(f"opt.{path}.{p.name}")
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                missing += walk(sub, f"{path}.{name}" if path else name)
        return missing

    assert walk(main, "") == []


# --------------------------------------------------------------------------------------------------
# the common mistakes, in Vietnamese with the fix


def _no_english(text: str) -> None:
    found = [p for p in ENGLISH_PHRASES if p.lower() in text.lower()]
    assert found == [], text


def test_missing_output_option(tmp_path):
    r = run_cli("build", tmp_path / "ds.xlsx")
    assert r.code == 2
    assert "Thiếu tuỳ chọn -o/--output." in r.err and "Xem: qrsign build --help" in r.err
    _no_english(r.err)


def test_unquoted_path_with_spaces(tmp_path):
    r = run_cli("check", "Danh", "sach", "cho.xlsx")
    assert r.code == 2
    assert "ngoặc kép" in r.err and "sach cho.xlsx" in r.err
    # the fix shown is the whole path the volunteer meant, however many words it has
    assert 'ví dụ: qrsign check "Danh sach cho.xlsx"' in r.err
    _no_english(r.err)
    en = run_cli("check", "Vendor", "list", "of", "Dong", "Xa.xlsx", "--lang", "en")
    assert en.code == 2 and 'double quotes, e.g. qrsign check "Vendor list of Dong Xa.xlsx"' in en.err


@pytest.mark.parametrize("args, expected", [
    (["build", "x.xlsx", "-o", "b", "--tempalte", "a4"], "Không có tuỳ chọn --tempalte. Có phải là: "),
    (["build", "x.xlsx", "-o", "b", "--split-by", "khu"], "“khu” không thuộc các lựa chọn: market, zone, none."),
    (["build", "x.xlsx", "-o", "b", "--jobs", "hai"], "“hai” không phải số nguyên."),
    (["build", "x.xlsx", "-o", "b", "--jobs", "0"], "nằm ngoài khoảng"),
    (["build", "x.xlsx", "-o"], "Tuỳ chọn -o cần một giá trị."),
    (["decode"], "Thiếu tham số CHUỖI_MÃ_QR."),
    (["chek", "x.xlsx"], "Không có lệnh"),
    (["check", "{tmp}"], "là một thư mục; cần tên file."),
    (["check", "{tmp}/khong-co.xlsx"], "Không tìm thấy file"),
    (["build", "{tmp}/khong-co.xlsx", "-o", "{tmp}/b", "--date", "1/3/2025"],
     "viết theo dạng YYYY-MM-DD (năm-tháng-ngày)"),
    (["build", "{tmp}/khong-co.xlsx", "-o", "{tmp}/b", "--logo", "left"], "viết dạng NAME=FILE"),
    (["build", "{tmp}/khong-co.xlsx", "-o", "{tmp}/b", "--logo", "lefft=a.png"], "không có ô logo “lefft”"),
    (["build", "{tmp}/khong-co.xlsx", "-o", "{tmp}/bien.pdf"], "-o là thư mục chứa biển"),
    (["init", "{tmp}/ds.csv"], "phải kết thúc bằng .xlsx"),
    (["verify", "{tmp}"], "Không đọc được manifest"),
    (["build", "{tmp}/khong-co.xlsx", "-o", "{tmp}/b", "--template", "a6-de-ban", "--combine"], "--combine cần"),
    (["payload", "--bank", "VCB", "--account", "1", "--lang", "fr"], "không thuộc các lựa chọn: vi, en"),
])
def test_common_mistakes_are_vietnamese_usage_errors(tmp_path, args, expected):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = run_cli(*args)
    assert r.code == 2, r
    assert expected in r.err, r.err
    assert r.err.startswith("Lỗi: ")
    _no_english(r.err)
    assert not (tmp_path / "bien.pdf").exists() and not (tmp_path / "ds.csv").exists()


def test_misspelt_option_suggests_the_right_one():
    """The suggestions are click's (--replace is close to --tempalte too); --template must be among them."""
    r = run_cli("build", "x.xlsx", "-o", "b", "--tempalte", "a4")
    assert r.code == 2, r
    m = re.search(r"Không có tuỳ chọn --tempalte\. Có phải là: ([^?]+)\?", r.err)
    assert m, r.err
    assert "--template" in [s.strip() for s in m.group(1).split(",")], r.err
    _no_english(r.err)


def test_logo_slot_check_accepts_the_real_slots(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 20), "red").save(tmp_path / "logo.png")
    from qrsign.cli.sheets import _logo_slots

    slots = _logo_slots("a4-treo", False)
    assert slots, "a4-treo has logo slots"
    slot = sorted(slots)[0]
    from qrsign.cli.sheets import _parse_logos

    assert _parse_logos((f"{slot}=" + str(tmp_path / "logo.png"),), "a4-treo")


def test_unwritable_output_says_it_in_vietnamese(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    r = run_cli("make", "--bank", "VCB", "--account", "0011012345678", "--name", "Nguyễn Văn An",
                "-o", blocker / "q.pdf")
    assert r.code == 2
    _no_english(r.err)


def test_os_errors_become_catalogue_phrases():
    import errno

    from qrsign.cli import console

    for code in (errno.ENOENT, errno.EACCES, errno.EISDIR, errno.ENOSPC, errno.EROFS, errno.ENOTDIR):
        vi = console.os_phrase(OSError(code, "x"), lang="vi")
        assert vi and vi != "lỗi hệ thống", code
        _no_english(vi)
    assert console.detail_phrase("No such file or directory", "vi") == "không tìm thấy"
    assert console.detail_phrase("No space left on device", "vi") == "ổ đĩa đã đầy"
    assert console.detail_phrase("No space left on device", "en") == "the disk is full"


def test_json_error_stays_valid_and_vietnamese(tmp_path):
    import json

    r = run_cli("check", tmp_path / "khong-co.xlsx", "--json")
    assert r.code == 2
    assert json.loads(r.out)["error"]["code"] == "E-FILE-NOT-FOUND"


def test_template_errors_are_vietnamese(tmp_path):
    bad = tmp_path / "mau.toml"
    bad.write_text((__import__("pathlib").Path(__file__).resolve().parents[1] / "templates" / "a4-treo.toml")
                   .read_text(encoding="utf-8").replace('kind = "qr"', 'kind = "qr"\ncolr = 1', 1), encoding="utf-8")
    r = run_cli("templates", "preview", bad, "-o", tmp_path / "x.pdf")
    assert r.code == 2
    assert "khoá không biết" in r.err, r.err
    _no_english(r.err)
    en = run_cli("templates", "preview", bad, "-o", tmp_path / "x.pdf", "--lang", "en")
    assert "unknown keys" in en.err


@pytest.mark.parametrize("detail", [
    "cell.box[2]: a QR box must be square",
    "a text box at (3, 4) mm overlaps a QR box and its quiet zone",
    "a logo box at (1, 2) does not fit in the 90×120 mm cell",
    "a text box at (1, 1) mm is outside the 3 mm safe margin",
    "cell.positions_by_count.2 must list 2 positions",
    "page must be one of ['A4', 'A5'] or [width, height] in mm",
    "cell.box[1]: kind must be one of ('text', 'qr'), got 'image'",
])
def test_template_details_translate(detail):
    from qrsign.cli import console

    vi = console.template_detail(detail, "vi")
    _no_english(vi)
    assert not re.search(r"\b(the|a|box|cell|margin|must|got)\b", re.sub(r"cell\.[\w\[\].]+", "", vi)), vi
