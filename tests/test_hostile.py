"""Hostile and broken inputs (issue 6): every one gets its documented exit code and a message that names
the problem — never a traceback, never a hang — and nothing is written outside the output folder.

Every input is made here by the tests; none is committed.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from qrsign.intake.limits import Limits

from conftest import HEADER, make_workbook, run_cli

ROW = [1, "Nguyễn Thị Hường", "12", "VCB", "0011004567891", "", ""]


def _valid_xlsx_bytes(rows=None) -> bytes:
    wb = openpyxl.Workbook()
    for r in rows or [HEADER, ROW]:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def _snapshot(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def _assert_contained(root: Path, before: dict[str, int], out_dir: str = "out") -> None:
    """Nothing changed in ``root`` outside ``root/out_dir``."""
    after = _snapshot(root)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    outside = {k for k in changed if not k.startswith(out_dir + os.sep) and k != out_dir}
    assert not outside, outside


def _no_traceback(run) -> None:
    assert "Traceback" not in run.out + run.err


# --------------------------------------------------------------------------------------------------
# files that cannot be used at all: exit 2 with a message naming the problem

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>"""


def _many_members() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(600):
            z.writestr(f"junk/{i}.xml", b"<a/>")
    return out.getvalue()


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit on every member, as a password-protected zip has."""
    buf = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = buf.find(sig)
        while i != -1:
            buf[i + off] |= 1
            i = buf.find(sig, i + 4)
    return bytes(buf)


BROKEN_FILES = {
    "text-named-xlsx": ("danh-sach.xlsx", b"STT,Ho va ten\n1,Nguyen\n", "E-SHEET-CORRUPT"),
    "png-named-xlsx": ("danh-sach.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "E-SHEET-CORRUPT"),
    "old-xls": ("danh-sach.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "E-SHEET-CORRUPT"),
    "empty-xlsx": ("danh-sach.xlsx", b"", "E-FILE-EMPTY"),
    "empty-csv": ("danh-sach.csv", b"", "E-FILE-EMPTY"),
    "truncated-zip": ("danh-sach.xlsx", None, "E-SHEET-CORRUPT"),
    "zip-not-workbook": ("danh-sach.xlsx", None, "E-SHEET-CORRUPT"),
    "malformed-sheet-xml": ("danh-sach.xlsx", None, "E-SHEET-CORRUPT"),
    "billion-laughs": ("danh-sach.xlsx", None, "E-SHEET-UNSAFE"),
    "external-entity": ("danh-sach.xlsx", None, "E-SHEET-UNSAFE"),
    "too-many-members": ("danh-sach.xlsx", None, "E-SHEET-TOO-LARGE"),
    "encrypted-zip": ("danh-sach.xlsx", None, "E-SHEET-PASSWORD"),
    "binary-csv": ("danh-sach.csv", b"\x00\x01\x02PK" * 100, "E-FILE-TYPE"),
    "pdf-as-sheet": ("danh-sach.pdf", b"%PDF-1.4\n", "E-FILE-TYPE"),
    "no-header": ("danh-sach.csv", "Xin chào\n1,2,3\nfoo,bar,baz\n".encode(), "E-SHEET-NO-HEADER"),
    "duplicate-account-headers": ("danh-sach.csv",
                                  "Họ và tên,Ngân hàng,Số tài khoản,STK\nA,VCB,1,2\n".encode(), "E-SHEET-DUP-HEADER"),
}


def _content(kind: str) -> bytes:
    valid = _valid_xlsx_bytes()
    if kind == "truncated-zip":
        return valid[: len(valid) // 2]
    if kind == "zip-not-workbook":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("hello.txt", "not a workbook")
        return out.getvalue()
    if kind == "malformed-sheet-xml":
        return _replace_member(valid, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")
    if kind == "billion-laughs":
        return _replace_member(valid, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    if kind == "external-entity":
        return _replace_member(valid, "xl/worksheets/sheet1.xml", XXE)
    if kind == "too-many-members":
        return _many_members()
    if kind == "encrypted-zip":
        return _encrypted_flag(valid)
    raise KeyError(kind)


@pytest.mark.parametrize("kind", sorted(BROKEN_FILES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_unusable_files_exit_2_with_a_message(tmp_path, kind, command):
    name, content, code = BROKEN_FILES[kind]
    path = tmp_path / name
    path.write_bytes(content if content is not None else _content(kind))
    before = _snapshot(tmp_path)
    args = [command, path, "--json"] + (["-o", tmp_path / "out"] if command == "build" else [])
    run = run_cli(*args)
    _no_traceback(run)
    assert run.code == 2, (kind, run.out, run.err)
    assert json.loads(run.out)["error"]["code"] == code
    assert run.err.strip()  # a message on stderr
    _assert_contained(tmp_path, before)


def test_missing_file_and_folder_as_sheet(tmp_path):
    for target, word in ((tmp_path / "nope.xlsx", "nope.xlsx"), (tmp_path, "folder")):
        run = run_cli("check", target)
        assert run.code == 2 and word in run.err
        _no_traceback(run)


def test_defusedxml_switched_off_still_refuses_entities(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_content("billion-laughs"))
    env = {**os.environ, "OPENPYXL_DEFUSEDXML": "False"}
    proc = subprocess.run([sys.executable, "-m", "qrsign.cli", "check", str(path)], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "defusedxml" in proc.stderr


# --------------------------------------------------------------------------------------------------
# the zip bomb: refused from the zip directory, fast and with little memory


class _RepeatedBlock:
    """A compressor for a member made of one block written again and again: each block is deflated once,
    its output (which, after a full flush, never refers back) given again for every copy of it."""

    def __init__(self, block: bytes) -> None:
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
        self.block = block
        self.deflated = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)

    def compress(self, data: bytes) -> bytes:
        if data == b"":
            return b""
        if data is self.block or data == self.block:
            return self.deflated
        deflate = zlib.compressobj(1, zlib.DEFLATED, -15)  # the member's head and tail: small
        return deflate.compress(data) + deflate.flush(zlib.Z_FULL_FLUSH)

    def flush(self, mode: int = zlib.Z_FINISH) -> bytes:
        return zlib.compressobj(1, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty last block


@pytest.fixture(scope="session")
def zip_bomb(tmp_path_factory) -> Path:
    """An .xlsx whose sheet XML inflates to 1 GiB (≈5 MB on disk): a real one (zlib inflates it to 1 GiB of
    XML), made in a second by deflating its 4 MiB block once instead of 256 times."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    valid = zipfile.ZipFile(io.BytesIO(_valid_xlsx_bytes()))
    block = b" " * (1 << 22)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in valid.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, valid.read(info.filename))
        member = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        member.compress_type = zipfile.ZIP_DEFLATED
        with z.open(member, "w", force_zip64=True) as fh:
            fh._compressor = _RepeatedBlock(block)  # zipfile still counts the size and the CRC of every byte
            fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for _ in range(256):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    return path


def test_the_zip_bomb_is_real(zip_bomb):
    """What the fixture wrote inflates, as zlib reads it, to its 1 GiB of XML with the CRC its header says."""
    with zipfile.ZipFile(zip_bomb) as z, z.open("xl/worksheets/sheet1.xml") as fh:
        size, head, tail = 0, b"", b""
        while chunk := fh.read(1 << 24):  # zipfile checks the CRC at the end
            head = head or chunk[:40]
            tail = (tail + chunk)[-40:]
            size += len(chunk)
    assert size == z.getinfo("xl/worksheets/sheet1.xml").file_size == 256 * (1 << 22) + 112
    assert head.startswith(b"<worksheet") and tail.endswith(b"</sheetData></worksheet>")


PROBE = """
import resource, sys, time
from qrsign.cli.main import main
start = time.process_time()  # CPU seconds: inflating 1 GiB costs several, on an idle or a busy machine
try:
    main(["check", sys.argv[1]])
except SystemExit as e:
    code = e.code
try:  # this process's own peak; ru_maxrss after exec also counts the parent's peak at fork time on Linux
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{code} {time.process_time() - start:.3f} {peak}", file=sys.stderr)
"""


def test_zip_bomb_refused_fast_with_little_memory(zip_bomb):
    info = zipfile.ZipFile(zip_bomb).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size >= 2**30 and zip_bomb.stat().st_size < 20 * 2**20
    proc = subprocess.run([sys.executable, "-c", PROBE, str(zip_bomb)], capture_output=True, text=True, timeout=60)
    code, cpu_seconds, maxrss_kb = proc.stderr.strip().splitlines()[-1].split()
    assert int(code) == 2
    assert "zip bomb" in proc.stderr
    assert float(cpu_seconds) < 2.0  # refused from the zip directory: nothing inflated
    assert int(maxrss_kb) < 200 * 1024


# --------------------------------------------------------------------------------------------------
# rows and cells that are wrong: exit 1, the row named, the other rows still built


HOSTILE_ROWS = {
    "bidi-override-name": (["Nguyễn \u202eThị Hường"], "E-TEXT-HIDDEN", "B"),
    "zero-width-name": (["Nguyễn\u200b Thị Hường"], "E-TEXT-HIDDEN", "B"),
    "cyrillic-lookalike": (["Nguyễn Vаn An"], "E-NAME-SCRIPT", "B"),
    "control-char-name": (["Nguyễn\x7f Lan"], "E-TEXT-HIDDEN", "B"),
    "formula-looking-name": (['=HYPERLINK("http://x","Lan")'], "E-NAME-CHARS", "B"),
    "huge-cell": (["Lan " * 8000], "E-TEXT-LEN", "B"),
    "zero-width-account": ([None, None, None, "0011\u200b004567891"], "E-TEXT-HIDDEN", "E"),
    "account-with-letters-and-symbols": ([None, None, None, "0011#0045;67891"], "E-ACCOUNT-CHARS", "E"),
    "twenty-digit-account": ([None, None, None, "1" * 20], "E-ACCOUNT-LEN", "E"),
    "unknown-bank": ([None, None, "Ngân hàng Trái Đất"], "E-BANK-UNKNOWN", "D"),
}


def _force_text(path: Path) -> None:
    """Store text that starts with "=" as text (a shared string), as a hostile file would, not as a formula."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    wb.save(path)


def _cp1258(text: str) -> bytes:
    """What Excel on a Vietnamese Windows writes: precomposed where cp1258 has it, else base + tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", nfd[:-1]).encode("cp1258") + nfd[-1].encode("cp1258")
    return out


@pytest.mark.parametrize("kind", sorted(HOSTILE_ROWS))
def test_bad_rows_are_named_and_the_rest_is_built(tmp_path, kind):
    values, code, column = HOSTILE_ROWS[kind]
    bad = list(ROW)
    for i, v in enumerate(values):
        if v is not None:
            bad[1 + i] = v
    bad[2] = "13"
    good = [2, "Trần Văn Nam", "14", "MB", "0352350917", "", ""]
    sheet = make_workbook(tmp_path / "s.xlsx", {"Khu A": [HEADER, bad, good]})
    _force_text(sheet)
    before = _snapshot(tmp_path)
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--json", "--no-checklist")
    _no_traceback(run)
    assert run.code == 1, run.err
    problems = [p for p in run.json()["problems"] if p["severity"] == "error"]
    assert [(p["code"], p["row"], p["column"]) for p in problems] == [(code, 2, column)]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["row"] for s in manifest["signs"]] == [3]
    _assert_contained(tmp_path, before)


def test_emoji_in_a_stall_is_an_error_naming_row_and_column(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, [1, "Đỗ Thị Lan", "12 🐟", "ACB", "257678859", "", ""]]})
    for command in ("check", "build"):
        args = [command, sheet, "--json", "--lang", "en"] + (["-o", tmp_path / "out"] if command == "build" else [])
        run = run_cli(*args)
        if command == "build":
            assert run.code == 2  # nothing could be built
            continue
        assert run.code == 1
        problem = run.json()["problems"][0]
        assert (problem["code"], problem["row"], problem["column"]) == ("E-GLYPH-MISSING", 2, "C")
        assert "U+1F41F" in problem["message"]


TRAVERSAL_STALLS = ["../../etc/passwd", "/tmp/evil", "CON", "a\\b\\c", "..", "NUL.txt", "\u202egpj.exe", "x" * 20]


def test_hostile_stall_and_market_names_never_leave_the_output_folder(tmp_path):
    rows = [["STT", "Họ và tên", "Số quầy", "Chợ", "Khu", "Ngân hàng", "Số tài khoản"]]
    markets = ["../../..", "/etc", "C:\\Windows", "CON", "chợ\u202e", "..\\..\\x"]
    for i, stall in enumerate(TRAVERSAL_STALLS):
        rows.append([i + 1, "Trần Văn Nam", stall, markets[i % len(markets)], "../zone", "MB", f"03523509{i:02d}"])
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": rows})
    before = _snapshot(tmp_path)
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "--split-by", "zone", "--format", "png", "--format", "svg", "--json")
    _no_traceback(run)
    assert run.code in (0, 1)
    _assert_contained(tmp_path, before)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written
    for p in written:
        rel = p.relative_to(out)
        assert p.resolve().is_relative_to(out.resolve())
        assert all(part.isascii() and part not in ("..", ".") for part in rel.parts), rel
        assert all(c.isalnum() or c in "-._" for part in rel.parts for c in part), rel
        assert len(str(rel).encode()) <= 200
        assert rel.parts[-1].split(".")[0].upper() not in ("CON", "NUL", "PRN", "AUX")


def test_header_only_sheet(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER]})
    run = run_cli("build", sheet, "-o", tmp_path / "out")
    assert run.code == 2 and run.err.strip()
    _no_traceback(run)


def test_cp1258_and_utf16_csv_read_like_utf8(tmp_path):
    text = "STT;Họ và tên;Số quầy;Ngân hàng;Số tài khoản\n1;Nguyễn Thị Hường;12;VCB;0011004567891\n"
    (tmp_path / "cp.csv").write_bytes(_cp1258(text))
    (tmp_path / "u16.csv").write_bytes(text.replace(";", "\t").encode("utf-16"))
    for name in ("cp.csv", "u16.csv"):
        run = run_cli("check", tmp_path / name, "--json")
        assert run.code == 0, run.out
        vendor = run.json()["vendors"][0]
        assert vendor["name"] == "Nguyễn Thị Hường" and vendor["account"] == "0011004567891"


def test_csv_over_the_size_cap(tmp_path):
    path = tmp_path / "big.csv"
    with path.open("wb") as fh:
        fh.write("Họ và tên,Ngân hàng,Số tài khoản\n".encode())
        fh.seek(51 * 2**20)
        fh.write(b"\n")
    run = run_cli("check", path, "--json")
    assert run.code == 2 and run.json()["error"]["code"] == "E-CSV-TOO-LARGE"


def _rows_csv(path: Path, rows: int) -> Path:
    lines = ["Họ và tên,Ngân hàng,Số tài khoản"] + [f"Trần Văn Nam,MB,{3_520_000_000 + i:010d}" for i in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


#: A small cap tests the same rule as the default 100,000 rows: up to rows + header_scan lines are read.
SMALL_CAP = Limits(rows=10, header_scan=5)


def test_rows_over_the_cap(tmp_path, monkeypatch):
    from qrsign.render import rules

    monkeypatch.setitem(rules.check_file.__kwdefaults__, "limits", SMALL_CAP)  # what `qrsign check` reads with
    at_cap = run_cli("check", _rows_csv(tmp_path / "at-cap.csv", 14), "--json")  # header + 14 = 15 lines
    assert at_cap.code == 0 and at_cap.json()["summary"]["accounts"] == 14
    run = run_cli("check", _rows_csv(tmp_path / "rows.csv", 15), "--json")
    assert run.code == 2 and run.json()["error"]["code"] == "E-SHEET-TOO-MANY-ROWS"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_row_cap_counts_rows_with_content_in_every_format(tmp_path, kind):
    from qrsign.errors import InputError
    from qrsign.intake.check import check_file

    def sheet(name: str, rows: int) -> Path:
        if kind == "csv":
            return _rows_csv(tmp_path / f"{name}.csv", rows)
        data = [HEADER] + [[i + 1, "Trần Văn Nam", f"A{i}", "MB", f"{3_520_000_000 + i:010d}", "", ""]
                           for i in range(rows)]
        data[3:3] = [[None] * 7] * 20  # empty rows never count
        return make_workbook(tmp_path / f"{name}.xlsx", {"Khu A": data})

    assert len(check_file(sheet("at-cap", 14), limits=SMALL_CAP).vendors) == 14
    with pytest.raises(InputError) as refused:
        check_file(sheet("over", 15), limits=SMALL_CAP)
    assert refused.value.code == "E-SHEET-TOO-MANY-ROWS"


def test_a_write_only_workbook_is_read_to_its_last_row(tmp_path):
    """Every row of a streamed (write-only) workbook is read and checked; the size is not the rule."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Khu A")
    ws.append(HEADER)
    for i in range(300):
        ws.append([i + 1, "Trần Văn Nam", f"A{i}", "MB", f"{3_520_000_000 + i:010d}", "", ""])
    wb.save(tmp_path / "big.xlsx")
    run = run_cli("check", tmp_path / "big.xlsx", "--json")
    assert run.code == 0
    assert run.json()["summary"]["accounts"] == 300


# --------------------------------------------------------------------------------------------------
# bad options and outputs: exit 2


def test_output_path_that_is_a_file(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, ROW]})
    blocker = tmp_path / "out"
    blocker.write_text("I am a file")
    for out in (blocker, blocker / "sub"):
        run = run_cli("build", sheet, "-o", out)
        assert run.code == 2 and str(out) in run.err
        _no_traceback(run)
    assert blocker.read_text() == "I am a file"


@pytest.mark.parametrize("args,word", [
    (["--template", "khong-co"], "khong-co"),
    (["--split-by", "province"], "province"),
    (["--sheet", "Khu Z"], "Khu Z"),
    (["--logo", "left=/nonexistent/logo.png"], "logo.png"),
    (["--logo", "no-equals-sign"], "NAME=FILE"),
    (["--jobs", "0"], "jobs"),
    (["--date", "27/11/2026"], "YYYY-MM-DD"),
])
def test_bad_options_exit_2(tmp_path, args, word):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, ROW]})
    run = run_cli("build", sheet, "-o", tmp_path / "out", *args)
    assert run.code == 2, run.out
    assert word in run.out + run.err
    _no_traceback(run)


def test_broken_template_file_exit_2(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, ROW]})
    bad = tmp_path / "mine.toml"
    bad.write_text('name = "mine"\n[cell]\nsize = [100, 100]\n[[cell.box]]\nkind = "text"\nx = 1\n', encoding="utf-8")
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--template", bad)
    assert run.code == 2 and "mine" in run.err
    overlap = tmp_path / "overlap.toml"
    overlap.write_text('name = "overlap"\npage = "A6"\n[cell]\nsize = [105, 148]\n'
                       '[[cell.box]]\nkind = "qr"\nx = 10\ny = 10\nw = 80\nh = 80\n'
                       '[[cell.box]]\nkind = "text"\ntext = "{holder}"\nx = 10\ny = 80\nw = 80\nh = 20\n',
                       encoding="utf-8")
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--template", overlap)
    assert run.code == 2 and "đè lên một ô QR" in run.err  # Vietnamese by default (issue 16)
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--template", overlap, "--lang", "en")
    assert run.code == 2 and "overlaps a QR box" in run.err


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"signs": 3}', b'{"signs": [{"x": 1}]}'])
def test_hostile_manifest_for_verify(tmp_path, content):
    (tmp_path / "manifest.json").write_bytes(content)
    run = run_cli("verify", tmp_path)
    assert run.code == 2 and "manifest" in run.err
    _no_traceback(run)


@pytest.mark.parametrize("payload", ["", "0" * 600, "00020101021138" + "9" * 80, "é" * 40, "\x00\x01"])
def test_hostile_payloads_for_decode(payload):
    run = run_cli("decode", payload)
    assert run.code == 1 and run.err.strip()
    _no_traceback(run)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a folder nobody can write (Linux /proc)")
def test_output_folder_that_cannot_be_written(tmp_path):
    sheet = make_workbook(tmp_path / "s.xlsx", {"S": [HEADER, ROW]})
    for out in ("/proc/qrsign-out", "/proc/self/qrsign"):
        run = run_cli("build", sheet, "-o", out, "--lang", "en")
        assert run.code == 2 and "Cannot write" in run.err and out in run.err
        _no_traceback(run)
    run = run_cli("make", "--bank", "VCB", "--account", "0011012345678", "--name", "Lê Văn An", "-o", "/proc/x.pdf",
                  "--lang", "en")
    assert run.code == 2 and "Cannot write" in run.err
