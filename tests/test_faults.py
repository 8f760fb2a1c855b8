"""Faults and odd input never cost a traceback: typed errors, documented exit codes, qrsign's own messages."""

from __future__ import annotations

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
