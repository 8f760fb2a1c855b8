"""Faults and odd input never cost a traceback: typed errors, documented exit codes, qrsign's own messages."""

from __future__ import annotations

import errno
import gc
import io
import json
import os
from pathlib import Path

import pytest

from qrsign.intake import sheet

_HEADER_ROW = "<tr><th>Họ và tên</th><th>Số quầy</th><th>Ngân hàng</th><th>Số tài khoản</th></tr>"
_LAN = "<tr><td>Nguyễn Thị Lan</td><td>A1</td><td>VCB</td><td>1011004567001</td></tr>"


@pytest.mark.parametrize("noise", ["<![foo>", "<![ x>", "<![if !supportLists]>", "<![endif]>", "<![CDATA[x]]>"])
def test_html_with_a_marked_section_is_read(tmp_path, noise):
    path = tmp_path / "p.xls"
    path.write_text(f"<html><body>{noise}<table>{_HEADER_ROW}{_LAN.replace('Lan<', 'Lan' + noise + '<')}"
                    "</table></body></html>", encoding="utf-8")
    (table,) = sheet.read(path)
    (row,) = list(table.rows)
    assert (row.get("stall"), row.get("account")) == ("A1", "1011004567001")


def test_cli_check_of_html_with_an_unfinished_marked_section_is_not_internal(tmp_path, cli):
    path = tmp_path / "p.xls"
    path.write_text(f"<html><body><table>{_HEADER_ROW}{_LAN}</table><![ x", encoding="utf-8")
    r = cli("check", str(path))
    assert r.code == 0, r.err


@pytest.mark.parametrize("charset", ["idna", "undefined", "punycode", "utf-16", "utf-32", "utf-7", "unicode_escape",
                                     "base64", "rot13", "no-such-charset"])
def test_html_with_an_odd_declared_charset_is_read_as_utf8(tmp_path, charset):
    path = tmp_path / "p.xls"
    path.write_bytes(f"<html><head><meta charset='{charset}'></head><body><table>{_HEADER_ROW}{_LAN}"
                     "</table></body></html>".encode())
    (table,) = sheet.read(path)
    (row,) = list(table.rows)
    assert row.get("name") == "Nguyễn Thị Lan"


def test_html_declared_legacy_charset_is_still_used(tmp_path):
    path = tmp_path / "p.xls"
    header = "<tr><th>Ho va ten</th><th>So quay</th><th>Ngan hang</th><th>So tai khoan</th></tr>"
    path.write_bytes(f"<html><head><meta charset='windows-1258'></head><body><table>{header}"
                     "<tr><td>Lê Văn Tâm</td><td>A1</td><td>VCB</td><td>1011004567001</td></tr>"
                     "</table></body></html>".encode("cp1258"))
    (table,) = sheet.read(path)
    assert [r.get("name") for r in table.rows] == ["Lê Văn Tâm"]


# --------------------------------------------------------------------------------------------------
# every workbook qrsign writes: a full disk, and text a workbook cannot hold

FIXTURE = Path(__file__).parent / "fixtures" / "manifest-v1.json"
PAYLOAD = "00020101021138570010A00000072701270006970436011300110045678910208QRIBFTTA53037045802VN630450BD"


class _FullFile(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: the write that passes it fails with ENOSPC."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data[: self.room]))
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


@pytest.fixture
def full_disk(monkeypatch):
    """Every file opened for writing through ``os.fdopen`` (atomic writes) has 100 bytes of room."""
    real_fdopen = os.fdopen

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real_fdopen(fd, mode, *args, **kwargs)
        return _FullFile(fh, 100) if "w" in mode else fh

    monkeypatch.setattr(os, "fdopen", fdopen)


def _picture(path: Path, payload: str = PAYLOAD) -> Path:
    from qrsign.render import qr

    path.write_bytes(qr.png(qr.encode(payload), module_px=6))
    return path


def _blank_photo(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 64), "white").save(path, "PNG")
    return path


def _writers(tmp_path: Path) -> dict[str, list[str]]:
    """The command line of each workbook writer, its inputs made in ``tmp_path/in``, its output ``tmp_path/out``."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    csv = src / "ds.csv"
    csv.write_text("Họ và tên,Số quầy,Ngân hàng,Số tài khoản\nNguyễn Thị Lan,A1,VCB,0011004567891\n",
                   encoding="utf-8")
    manifest = src / "manifest.json"
    manifest.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    _picture(src / "A01 Lan.png")
    photos = src / "anh"
    photos.mkdir()
    _blank_photo(photos / "A01.png")
    return {
        "init": ["init", str(out / "x.xlsx")],
        "import": ["import", str(src / "A01 Lan.png"), "-o", str(out / "x.xlsx")],
        "check --report": ["check", str(csv), "--report", str(out / "x.xlsx")],
        "report -o": ["report", str(manifest), "-o", str(out / "x.xlsx")],
        "patrol --report": ["verify", str(photos), "--against", str(manifest), "--report", str(out / "x.xlsx")],
    }


WRITERS = ["init", "import", "check --report", "report -o", "patrol --report"]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_is_one_message_exit_2_and_no_file(tmp_path, cli, full_disk, writer):
    r = cli(*_writers(tmp_path)[writer], "--lang", "en")
    assert r.code == 2, (r.out, r.err)
    assert "the disk is full" in r.err
    assert "Traceback" not in r.err + r.out and "internal error" not in (r.err + r.out).lower()
    assert list((tmp_path / "out").iterdir()) == []  # no partial file, no temp file
    gc.collect()  # a half-written archive object left behind would complain now


@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_writes_when_there_is_room(tmp_path, cli, writer):
    r = cli(*_writers(tmp_path)[writer], "--lang", "en")
    assert r.code in (0, 1), (r.out, r.err)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["x.xlsx"]


def _texts(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    out.append(cell.value)
    return out


ESC = "\x1b[31m"


def test_patrol_photo_with_a_control_character_in_its_name(tmp_path, cli):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    photos = tmp_path / "anh"
    photos.mkdir()
    _blank_photo(photos / f"A01 Lan{ESC}.png")
    _blank_photo(photos / f"=cmd{ESC}.png")
    report = tmp_path / "tuan-tra.xlsx"
    r = cli("verify", photos, "--against", manifest, "--report", report, "--json", "--lang", "en")
    assert r.code == 1, r.err  # an unreadable photo and one that matches no stall are findings
    stalls = {s["stall"]: s for s in r.json()["stalls"]}
    assert stalls["A01"]["status"] == "unreadable"
    texts = _texts(report)
    assert "A01 Lan\ufffd[31m.png" in texts and "'=cmd\ufffd[31m.png" in texts
    assert not any("\x1b" in t for t in texts)


def test_report_of_a_manifest_whose_market_name_has_control_characters(tmp_path, cli):
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for entry in data["markets"]:
        entry["market"] = entry["market"].replace("Đồng Xa", f"Đồng{ESC}\x07Xa")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "bao-cao.xlsx"
    r = cli("report", manifest, "-o", out, "--lang", "en")
    assert r.code == 0, r.err
    texts = _texts(out)
    assert "Chợ Đồng\ufffd[31m\ufffdXa" in texts and "Chợ Hàng Da" in texts


def test_import_of_a_picture_with_a_control_character_in_its_name(tmp_path, cli):
    picture = _picture(tmp_path / f"A01 Lan{ESC}.png")
    out = tmp_path / "ds.xlsx"
    r = cli("import", picture, "-o", out, "--market", f"=Chợ{ESC}", "--json", "--lang", "en")
    assert r.code in (0, 1), r.err
    texts = _texts(out)
    assert "A01 Lan\ufffd[31m.png" in texts
    assert PAYLOAD in texts  # the payload itself, exactly
    assert not any("\x1b" in t for t in texts)


def test_the_shared_cell_writer():
    import openpyxl

    from qrsign.workbooks import xlsx

    ws = openpyxl.Workbook().active
    cells = [xlsx.put(ws.cell(1, c), v) for c, v in enumerate(
        ["=1+1", " @x", "\tx", f"a{ESC}b\x00", "x" * 40_000, 12, None, "Chợ Hàng Da"], start=1)]
    assert [c.value for c in cells] == ["'=1+1", "' @x", "'\tx", "a\ufffd[31mb\ufffd", "x" * 32_767, 12, None,
                                        "Chợ Hàng Da"]
    assert [c.data_type for c in cells[:5]] == ["s"] * 5
    payload = xlsx.put(ws.cell(2, 1), "=000201", verbatim=True)
    assert (payload.value, payload.data_type) == ("=000201", "s")


# --------------------------------------------------------------------------------------------------
# malformed manifests: one typed message, exit 2, for every command that reads one


def _manifest_variants() -> dict[str, str]:
    good = json.loads(FIXTURE.read_text(encoding="utf-8"))
    sign = good["signs"][0]
    return {
        "not json": "{x",
        "nested too deep": "[" * 100_000 + "]" * 100_000,
        "a list": "[]",
        "market summary not an object": json.dumps({**good, "markets": [1, None]}),
        "market count not a number": json.dumps({**good, "markets": [{**good["markets"][0], "accounts": "x"}]}),
        "stall not text": json.dumps({**good, "signs": [{**sign, "stall": 5}]}),
        "market not text": json.dumps({**good, "signs": [{**sign, "market": ["x"]}]}),
        "page not a number": json.dumps({**good, "signs": [{**sign, "page": "1"}]}),
        "kept sign without payload": json.dumps({**good, "kept": [{"market": {}}]}),
        "kept not a list": json.dumps({**good, "kept": "abc"}),
    }


@pytest.mark.parametrize("command", ["diff", "report", "verify --against", "build --since"])
@pytest.mark.parametrize("variant", list(_manifest_variants()))
def test_a_malformed_manifest_is_exit_2_with_its_message(tmp_path, cli, command, variant):
    manifest = tmp_path / "manifest.json"
    manifest.write_text(_manifest_variants()[variant], encoding="utf-8")
    csv = tmp_path / "ds.csv"
    csv.write_text("Họ và tên,Số quầy,Ngân hàng,Số tài khoản\nNguyễn Thị Lan,A1,VCB,0011004567891\n",
                   encoding="utf-8")
    photos = tmp_path / "anh"
    photos.mkdir()
    _blank_photo(photos / "A01.png")
    args = {"diff": ["diff", manifest, csv], "report": ["report", manifest, "-o", tmp_path / "r.xlsx"],
            "verify --against": ["verify", photos, "--against", manifest],
            "build --since": ["build", csv, "-o", tmp_path / "out", "--since", manifest]}[command]
    r = cli(*args, "--lang", "en")
    assert r.code == 2, (r.out, r.err)
    assert f"Cannot read manifest “{manifest}”" in r.err
    assert "internal" not in r.err.lower()


def test_report_of_a_sheet_with_content_past_excels_last_row_is_exit_2(tmp_path, cli):
    from _sheet_builders import Spec, ods_content, write_ods

    spec = Spec([["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
                 ["Nguyễn Thị Lan", "A1", "VCB", "0011004567891"]])
    far = ('<table:table-row table:number-rows-repeated="1100000"><table:table-cell/></table:table-row>'
           '<table:table-row><table:table-cell office:value-type="string"><text:p>Trần Văn Nam</text:p>'
           '</table:table-cell><table:table-cell office:value-type="string"><text:p>A2</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p>ACB</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p>257678859</text:p></table:table-cell>'
           "</table:table-row>")
    path = write_ods(tmp_path / "xa.ods", content=ods_content(spec, extra_rows=far))
    report = tmp_path / "loi.xlsx"
    r = cli("check", path, "--report", report, "--lang", "en")
    assert r.code == 2, (r.out, r.err)
    assert "has content on row 1100003, past Excel's last row (1048576)" in r.err
    assert not report.exists()
    assert cli("check", path, "--lang", "en").code == 0  # without --report the list itself is fine


# --------------------------------------------------------------------------------------------------
# the public API called with the wrong types: typed errors (InputError is exit 2), never TypeError or OSError

EXAMPLE = Path(__file__).parent.parent / "examples" / "cho-mau.csv"
WRONG_PATHS = [None, 5, 2.5, True, b"ds.csv", [], {}, object()]
IMPOSSIBLE_PATHS = ["x" * 1_000_000, "ds\x00.csv"]


@pytest.mark.parametrize("call", ["check_file", "build sheet", "build out_dir", "verify", "verify against"])
@pytest.mark.parametrize("value", WRONG_PATHS + IMPOSSIBLE_PATHS,
                         ids=[f"{type(v).__name__}{i}" for i, v in enumerate(WRONG_PATHS + IMPOSSIBLE_PATHS)])
def test_public_api_paths_of_the_wrong_type_are_typed_errors(tmp_path, call, value):
    import qrsign
    from qrsign.errors import InputError

    fn = {"check_file": lambda: qrsign.check_file(value),
          "build sheet": lambda: qrsign.build(value, tmp_path / "out", jobs=1),
          "build out_dir": lambda: qrsign.build(EXAMPLE, value, jobs=1),
          "verify": lambda: qrsign.verify(value),
          "verify against": lambda: qrsign.verify(EXAMPLE, value)}[call]
    with pytest.raises(InputError) as exc:
        fn()
    if value is None and call == "verify against":
        return  # None is the default: the build folder's own manifest
    expected = "E-FILE-UNREADABLE" if isinstance(value, str) else "E-API-PATH"
    assert exc.value.code == expected
    assert len(str(exc.value)) < 400  # a huge argument is not echoed whole


@pytest.mark.parametrize("option", ["sheet", "market", "template"])
@pytest.mark.parametrize("value", [5, b"Cho", ["x"], True])
def test_public_api_text_options_of_the_wrong_type_are_typed_errors(option, value):
    import qrsign
    from qrsign.errors import InputError

    with pytest.raises(InputError) as exc:
        qrsign.check_file(EXAMPLE, **{option: value})
    assert exc.value.code == "E-API-TEXT"
    assert exc.value.message("en") == f"{option} must be text (str) or None, not {type(value).__name__}."


@pytest.mark.parametrize("value", [None, 5, b"VCB", "x" * 1_000_000, ["VCB"]], ids=lambda v: repr(v)[:20])
def test_public_api_codes_and_banks_of_the_wrong_type_are_typed_errors(value):
    import qrsign
    from qrsign.errors import QrsignError

    for fn in (lambda: qrsign.find_bank(value), lambda: qrsign.decode(value),
               lambda: qrsign.encode(value, "0011004567891"), lambda: qrsign.encode("VCB", value)):
        with pytest.raises(QrsignError):
            fn()


def test_public_api_never_reads_an_int_as_an_account():
    import qrsign
    from qrsign.errors import InputError

    with pytest.raises(InputError) as exc:
        qrsign.encode("VCB", 11004567891)  # 0011004567891 typed as a number: its zeros are gone
    assert exc.value.code == "E-API-TEXT"


def test_a_missing_input_is_file_not_found(tmp_path):
    import qrsign
    from qrsign.errors import InputError

    with pytest.raises(InputError) as exc:
        qrsign.check_file(tmp_path / "khong-co.xlsx")
    assert exc.value.code == "E-FILE-NOT-FOUND"
