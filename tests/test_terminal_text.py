"""Text that did not come from qrsign reaches the terminal escaped (issue 21): a payload's field, a file name or
a cell can carry ANSI/OSC sequences (an OSC 52 clipboard write, a screen clear, a bidi override); every CLI line
goes through ``console.say``, and the JSON outputs stay exact while escaping what ``json`` leaves raw.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from qr14 import HEAD, TAIL, finish, napas, save, screenshot, t

from qrsign.cli import console

from conftest import run_cli

OSC52 = "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07"  # "write this to the clipboard"
CLEAR = "\x1b[2J"
C1_CSI = "\x9b31m"  # the one-byte CSI of 8-bit terminals
RLO = "\u202e"
RAW = ("\x1b", "\x07", "\x9b", RLO)


def _clean(*texts: str) -> bool:
    return not any(ch in text for text in texts for ch in RAW)


def test_safe_say_and_printable():
    assert console.safe("LAN" + OSC52) == "LAN\\x1b]52;c;Y3VybCBldmlsLnNofHNo\\x07"
    assert console.safe("A\nB" + RLO + C1_CSI) == "A\\x0aB\\u202e\\x9b31m"  # a foreign value: even its line breaks
    assert console.printable("dòng 1\ndòng 2 " + CLEAR) == "dòng 1\ndòng 2 \\x1b[2J"  # a line: its own breaks stay
    assert console.safe("Nguyễn Thị Hường – Chợ Đồng Xa ✓") == "Nguyễn Thị Hường – Chợ Đồng Xa ✓"


def test_json_text_is_the_same_data_without_raw_controls():
    data = {"name": "LAN" + OSC52 + C1_CSI + RLO + "\u200b", "note": "dòng 1\ndòng 2", "n": [1, "Đ"]}
    text = console.json_text(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(text) == data and _clean(text) and "\u200b" not in text
    assert "Đ" in text  # Vietnamese stays readable


def test_decode_of_a_payload_with_an_osc52_in_59(tmp_path):
    payload = finish(HEAD + napas("970436", "0011004567891") + TAIL + t("59", "LAN" + OSC52))
    for args in ((), ("--lang", "en"), ("--json",)):
        r = run_cli("decode", payload, *args)
        assert r.code == 1 and _clean(r.out, r.err), args
    r = run_cli("decode", payload, "--lang", "en")
    assert "\\x1b]52;c;Y3VybCBldmlsLnNofHNo\\x07" in r.err and "U+001B" in r.err


def test_a_file_name_with_escapes_is_printed_escaped(tmp_path):
    missing = tmp_path / f"ds{CLEAR}{RLO}.xlsx"
    r = run_cli("check", missing, "--lang", "en")
    assert r.code == 2 and _clean(r.out, r.err)
    assert "\\x1b[2J\\u202e.xlsx" in r.err


def test_cells_with_escapes_are_printed_escaped(tmp_path):
    path = tmp_path / "cho.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"])
        w.writerow([1, "Lan" + CLEAR, "A01", "VCB" + C1_CSI, "0011004567891"])
        w.writerow([2, "Hoa", "A02" + OSC52, "Vietcombank", "0011004567892"])
    r = run_cli("check", path, "--lang", "en")
    assert r.code == 1 and _clean(r.out, r.err)
    assert "“VCB\\x9b31m”" in r.out  # the unknown bank, quoted as typed
    r = run_cli("check", path, "--json")
    assert r.code == 1 and _clean(r.out)
    values = json.dumps(r.json(), ensure_ascii=False)
    assert "Lan\\u001b[2J" in values  # the JSON still carries the exact value


def test_an_import_picture_named_with_escapes(tmp_path):
    folder = tmp_path / "anh"
    folder.mkdir()
    save(screenshot([], ("không có mã",)), folder / f"A02 Hoa{OSC52}.png")
    r = run_cli("import", folder, "-o", tmp_path / "ds.xlsx", "--lang", "en")
    assert r.code == 1 and _clean(r.out, r.err)
    assert "A02 Hoa\\x1b]52;c;" in r.err


def test_verify_prints_a_photo_name_escaped(tmp_path):
    photo = save(screenshot([finish(HEAD + napas("970436", "0011004567891") + TAIL)]),
                 Path(tmp_path) / f"A01{CLEAR}.png")
    r = run_cli("verify", photo, "--lang", "en")
    assert _clean(r.out, r.err)
    assert "A01\\x1b[2J.png" in r.out + r.err


def test_every_cli_print_goes_through_the_helper():
    """A new ``click.echo`` of a line in the CLI would bypass the escaping: only JSON (json_text), lines already
    made printable and the version text may call it directly."""
    cli = Path(__file__).resolve().parent.parent / "qrsign" / "cli"
    direct = [f"{path.name}:{n}" for path in sorted(cli.glob("*.py"))
              for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "click.echo(" in line and not line.lstrip().startswith(('"""', "#"))
              and not any(ok in line for ok in ("printable(", "json_text(", "version_text"))]
    assert direct == []
