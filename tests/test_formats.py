"""Every format qrsign reads, sniffed from the bytes: vendors, exact accounts, problems per row, caps, refusals.

Files are written by the tests (tests/_sheet_builders.py): .xls with xlwt, .ods
as a zip with content.xml, HTML and SpreadsheetML 2003 as strings, xlsx with
openpyxl — most of them under a ``.xls`` name, as offices send them.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from _sheet_builders import (
    WRITERS,
    Spec,
    html_table,
    ods_content,
    write,
    write_html,
    write_ods,
    write_tsv,
    write_xls,
    write_xml2003,
    xml2003,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qrsign.errors import InputError, QrsignError
from qrsign.intake import sheet
from qrsign.intake.check import summary
from qrsign.intake.sniff import sniff
from qrsign.render.rules import check_file
from qrsign.workbooks.report import write_report

from conftest import run_cli

KINDS = sorted(WRITERS)

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]


def ward_spec() -> Spec:
    """A title, the header, four vendors (one account a number cell with a zero-padding format), a bad bank."""
    return Spec([
        ["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA", None, None, None, None],
        HEADER,
        [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"],
        [2, "Trần Văn Bình", "A02", "ACB", "257678859"],
        [3, "Lê Thị Cúc", "A03", "Vietcombank", 11012345670],
        [4, "Phạm Văn Dũng", "A04", "Vietcombak", "0011012345699"],
    ], formats={(5, 5): "0000000000000"})


def rows_of(result) -> list[tuple[int, str, str, str, str]]:
    return [(vr.row, vr.vendor.name, vr.vendor.stall, vr.vendor.bank.short_name, vr.vendor.account)
            for vr in result.vendors]


def problems_of(result) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.column, p.code) for p in result.problems]


@pytest.mark.parametrize("kind", KINDS)
def test_each_format_reads_the_same_vendors(tmp_path, kind):
    path = write(kind, tmp_path, ward_spec())
    result = check_file(path)
    zeros_kept = kind != "html"  # an HTML page holds text as shown: the number 11012345670 as typed
    assert rows_of(result) == [
        (3, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"),
        (4, "Trần Văn Bình", "A02", "ACB", "257678859"),
        (5, "Lê Thị Cúc", "A03", "Vietcombank", "0011012345670" if zeros_kept else "11012345670"),
    ]
    expected = [(6, "D", "E-BANK-UNKNOWN")]
    if zeros_kept:
        expected.insert(0, (5, "E", "W-ACCOUNT-ZEROS-RESTORED"))
    assert problems_of(result) == expected
    s = summary(result)
    assert (s["rows_read"], s["rows_rejected"], s["rows_skipped"], s["ready_share"]) == (4, 1, 0, 0.75)
    assert result.tables[0].header_row == 2
    assert sheet.read(path)[0].market_hint == "Chợ Đồng Xa"


def _rewritten(path: Path, *changes: tuple[bytes, bytes]) -> Path:
    """A copy of the workbook at ``path`` whose sheets' XML has each (pattern, replacement) applied once."""
    import re

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    out = path.with_name("rewritten-" + path.name)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/"):
                for pattern, replacement in changes:
                    data, n = re.subn(pattern, replacement, data)
                    assert n == 1, pattern
            z.writestr(name, data)
    return out


@pytest.mark.parametrize("ref", ["A1", "A1:E4", "A1:C6"])
def test_a_wrong_dimension_element_does_not_cut_the_list(tmp_path, ref):
    """openpyxl's streaming mode stops at the size ``<dimension>`` gives; Excel ignores it, and exporters get it
    wrong. Every vendor is read, every column, and a formula's stored result beyond that size too."""
    spec = ward_spec()
    spec.rows.append([5, "Đỗ Thị Em", "A05", "BIDV", '=T("0011012345611")'])
    path = _rewritten(WRITERS["xlsx"][0](tmp_path / "ward.xlsx", spec),
                      (rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode()),
                      # the formula's stored result, as Excel saves it (openpyxl stores none)
                      (rb'<c r="E7"><f>(T\("0011012345611"\))</f><v\s*/>',
                       rb'<c r="E7" t="str"><f>\1</f><v>0011012345611</v>'))
    result = check_file(path)
    assert rows_of(result) == [
        (3, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"),
        (4, "Trần Văn Bình", "A02", "ACB", "257678859"),
        (5, "Lê Thị Cúc", "A03", "Vietcombank", "0011012345670"),
        (7, "Đỗ Thị Em", "A05", "BIDV", "0011012345611"),
    ]
    assert [p.code for p in result.problems] == ["W-ACCOUNT-ZEROS-RESTORED", "E-BANK-UNKNOWN"]


@pytest.mark.parametrize(("kind", "name", "expected"), [
    ("xls", "a.xls", "xls"), ("xls", "a.xlsx", "xls"), ("ods", "a.xls", "ods"), ("html", "a.xls", "html"),
    ("html", "a.xlsx", "html"), ("xml2003", "a.xml", "xml2003"), ("xml2003", "a.xls", "xml2003"),
    ("xlsx", "a.xls", "xlsx"), ("xlsx", "a.ods", "xlsx"),
])
def test_format_is_sniffed_from_bytes_not_name(tmp_path, kind, name, expected):
    writer, _ = WRITERS[kind]
    path = writer(tmp_path / name, ward_spec())
    assert sniff(path) == expected
    assert [vr.row for vr in check_file(path).vendors] == [3, 4, 5]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-8-sig"])
def test_tab_separated_and_unicode_text_saved_as_xls(tmp_path, encoding):
    path = write_tsv(tmp_path / "unicode-text.xls", ward_spec(), encoding)
    assert sniff(path) == "csv"
    result = check_file(path)
    assert rows_of(result)[:2] == [
        (3, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011012345678"),
        (4, "Trần Văn Bình", "A02", "ACB", "257678859"),
    ]


def test_html_export_with_header_cells_and_entities(tmp_path):
    page = ("<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-8'>"
            "</head><body><table><tr><th>Họ và tên</th><th>Ngân hàng</th><th>Số tài khoản</th></tr>"
            "<tr><td>&#272;&#7895; L&ecirc;&nbsp;Thị  Hà</td><td>Vietcombank</td>"
            "<td style='mso-number-format:\"\\@\"'>0011012345678</td></tr></table></body></html>")
    path = tmp_path / "export.xls"
    path.write_text(page, encoding="utf-8")
    result = check_file(path)
    assert rows_of(result) == [(2, "Đỗ Lê Thị Hà", "", "Vietcombank", "0011012345678")]


def test_xls_number_cell_without_format_warns_and_date_stall_is_caught(tmp_path):
    import xlwt

    path = tmp_path / "so.xls"
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("S")
    for c, v in enumerate(["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]):
        ws.write(0, c, v)
    ws.write(1, 0, "Lê Văn An")
    ws.write(1, 1, 46000.0, xlwt.easyxf(num_format_str="DD/MM/YYYY"))  # a stall Excel turned into a date
    ws.write(1, 2, "ACB")
    ws.write(1, 3, 257678859)
    wb.save(str(path))
    result = check_file(path)
    assert problems_of(result) == [(2, "B", "E-CELL-DATE"), (2, "D", "W-ACCOUNT-NUMBER")]


def test_xml2003_formula_keeps_its_stored_value(tmp_path):
    doc = xml2003(Spec([["Họ và tên", "Ngân hàng", "Số tài khoản"]]))
    doc = doc.replace("</Table>", '<Row><Cell><Data ss:Type="String">Lê Văn An</Data></Cell>'
                      '<Cell><Data ss:Type="String">ACB</Data></Cell>'
                      '<Cell ss:Formula="=&quot;257678859&quot;"><Data ss:Type="String">257678859</Data></Cell>'
                      "</Row></Table>")
    path = tmp_path / "f.xls"
    path.write_text(doc, encoding="utf-8")
    assert rows_of(check_file(path)) == [(2, "Lê Văn An", "", "ACB", "257678859")]


def test_ods_formula_without_value_and_repeated_rows(tmp_path):
    extra = ('<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
             "<text:p>Trần Thị Bình</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>ACB"
             '</text:p></table:table-cell><table:table-cell table:formula="of:=VLOOKUP(A1;B:C;2)"/>'
             "</table:table-row>")
    content = ods_content(Spec([["Họ và tên", "Ngân hàng", "Số tài khoản"], ["Lê Văn An", "ACB", "257678859"]]),
                          extra_rows=extra)
    path = write_ods(tmp_path / "f.ods", content=content)
    result = check_file(path)
    assert rows_of(result) == [(2, "Lê Văn An", "", "ACB", "257678859")]
    # a lookup formula with nothing stored is the account policy's E-ACCOUNT-LOOKUP-EMPTY (issue 11)
    assert problems_of(result) == [(1, None, "W-NO-STALL-COLUMN"), (3, "C", "E-ACCOUNT-LOOKUP-EMPTY"),
                                   (4, "C", "E-ACCOUNT-LOOKUP-EMPTY")]


# --------------------------------------------------------------------------------------------------
# refusals with a message that says how to save as .xlsx


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_xlsb_strict_and_password_are_refused_with_a_way_out(tmp_path):
    cases = {
        "E-SHEET-XLSB": _zip(tmp_path / "a.xlsb", {"[Content_Types].xml": b"<x/>", "xl/workbook.bin": b"\0" * 10}),
        "E-SHEET-STRICT": _zip(tmp_path / "strict.xlsx", {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b'<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>'}),
        "E-SHEET-PASSWORD": tmp_path / "pw.xlsx",
    }
    ole = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    ole[600:600 + 28] = "EncryptionInfo".encode("utf-16-le")
    cases["E-SHEET-PASSWORD"].write_bytes(bytes(ole))
    for code, path in cases.items():
        with pytest.raises(InputError) as exc:
            sheet.read(path)
        assert exc.value.code == code
        for lang in ("vi", "en"):
            assert ".xlsx" in exc.value.message(lang)
        assert "Lưu thành" in exc.value.message("vi")


def test_cli_xlsb_is_exit_2(tmp_path, cli):
    path = _zip(tmp_path / "a.xlsb", {"xl/workbook.bin": b"\0"})
    run = cli("check", path, "--json")
    assert run.code == 2
    assert json.loads(run.out)["error"]["code"] == "E-SHEET-XLSB"


def test_broken_xls_is_corrupt_not_a_traceback(tmp_path):
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 3000)
    with pytest.raises(InputError) as exc:
        sheet.read(path)
    assert exc.value.code == "E-SHEET-CORRUPT"


# --------------------------------------------------------------------------------------------------
# caps: every format goes through them (each test fails when its guard is removed)

BIG = sheet.Limits(rows=3, header_scan=5)


@pytest.mark.parametrize("kind", KINDS + ["csv"])
def test_row_cap_counts_rows_with_content_in_every_format(tmp_path, kind):
    rows = [HEADER] + [[i, f"Người {i}", str(i), "ACB", f"25767885{i}"] for i in range(1, 10)]
    spec = Spec(rows)
    path = write_tsv(tmp_path / "a.csv", spec, "utf-8") if kind == "csv" else write(kind, tmp_path, spec)
    with pytest.raises(InputError) as exc:
        list(sheet.read(path, limits=BIG)[0].rows)
    assert exc.value.code == "E-SHEET-TOO-MANY-ROWS"
    assert len(list(sheet.read(path, limits=sheet.Limits(rows=9, header_scan=5))[0].rows)) == 9


@pytest.mark.parametrize("kind", KINDS)
def test_cell_characters_are_capped_in_every_format(tmp_path, kind):
    spec = Spec([HEADER, [1, "A" * 50, "1", "ACB", "257678859"]])
    path = write(kind, tmp_path, spec)
    result = check_file(path, limits=sheet.Limits(cell_chars=20))
    assert problems_of(result) == [(2, "B", "E-TEXT-LEN")]


@pytest.mark.parametrize("kind", KINDS)
def test_columns_are_capped_in_every_format(tmp_path, kind):
    spec = Spec([["Họ và tên", "Ngân hàng", "x", "Số tài khoản"], ["Lê Văn An", "ACB", "x", "257678859"]])
    path = write(kind, tmp_path, spec)
    assert sheet.read(path)[0].columns["account"] == "D"
    with pytest.raises(InputError) as exc:  # with 3 columns read, the account column is not seen
        sheet.read(path, limits=sheet.Limits(columns=3))
    assert exc.value.code == "E-SHEET-NO-HEADER"


@pytest.mark.parametrize("kind", ["xls", "html", "xml2003"])
def test_whole_file_formats_have_a_byte_cap(tmp_path, kind):
    path = write(kind, tmp_path, ward_spec())
    size = path.stat().st_size
    with pytest.raises(InputError) as exc:
        sheet.read(path, limits=sheet.Limits(file_bytes=size - 1))
    assert exc.value.code == "E-SHEET-TOO-LARGE"
    assert sheet.read(path, limits=sheet.Limits(file_bytes=size))


def test_ods_goes_through_the_zip_directory_check(tmp_path):
    from qrsign.intake.formats import ods as read_ods

    path = write_ods(tmp_path / "a.ods", ward_spec())
    small = sheet.Limits(zip_member=1000)
    for read in (sheet.read, read_ods.sheets):  # the sniffer checks the directory, and so does the reader itself
        with pytest.raises(InputError) as exc:
            read(path, limits=small) if read is sheet.read else read(path, small)
        assert exc.value.code == "E-SHEET-TOO-LARGE"


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def test_ods_with_xml_entities_is_unsafe(tmp_path):
    content = ods_content(ward_spec(), prolog=LAUGHS).replace("Nguyễn Thị Hường", "&lol3;")
    path = write_ods(tmp_path / "bomb.ods", content=content)
    with pytest.raises(InputError) as exc:
        sheet.read(path)
    assert exc.value.code == "E-SHEET-UNSAFE"


def test_xml2003_with_xml_entities_is_unsafe(tmp_path):
    doc = xml2003(ward_spec(), prolog=LAUGHS).replace("Nguyễn Thị Hường", "&lol3;")
    path = tmp_path / "bomb.xls"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        sheet.read(path)
    assert exc.value.code == "E-SHEET-UNSAFE"


def test_html_entities_are_html_only_and_spans_are_capped(tmp_path):
    page = ("<!DOCTYPE html [<!ENTITY x 'BOOM'>]><table><tr><th>Họ và tên</th><th>Ngân hàng</th>"
            "<th>Số tài khoản</th></tr><tr><td>&x;</td><td>ACB</td><td colspan='999999999' "
            "rowspan='999999999'>257678859</td></tr></table>")
    path = tmp_path / "x.xls"
    path.write_text(page, encoding="utf-8")
    (table,) = sheet.read(path)
    (row,) = list(table.rows)
    assert row.get("name") == "&x;"  # a file's own entity is never expanded
    assert row.get("account") == "257678859"
    assert sheet.read(path, limits=sheet.Limits(columns=5))


def test_ods_repeated_content_rows_stop_at_the_cap(tmp_path):
    extra = ('<table:table-row table:number-rows-repeated="100000000"><table:table-cell office:value-type="string">'
             "<text:p>x</text:p></table:table-cell></table:table-row>")
    path = write_ods(tmp_path / "rep.ods", content=ods_content(ward_spec(), extra_rows=extra))
    with pytest.raises(InputError) as exc:
        sheet.read(path)
    assert exc.value.code == "E-SHEET-TOO-MANY-ROWS"


# --------------------------------------------------------------------------------------------------
# check --report on every format writes an .xlsx


@pytest.mark.parametrize("kind", KINDS + ["csv"])
def test_report_on_every_format_is_an_xlsx_with_marks(tmp_path, kind):
    spec = ward_spec()
    path = write_tsv(tmp_path / "a.csv", spec, "utf-8") if kind == "csv" else write(kind, tmp_path, spec)
    before = path.read_bytes()
    result = check_file(path)
    out = tmp_path / "loi.xlsx"
    info = write_report(path, result, out)
    assert path.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws["B3"].value == "Nguyễn Thị Hường"
    assert ws["E3"].value == "0011012345678"
    assert ws["D6"].comment is not None and "Vietcombak" in ws["D6"].value
    assert ws["D6"].fill.fgColor.rgb.endswith("FFC7CE")
    assert info["problems"] == len(result.problems)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_report_of_xls_keeps_hidden_rows_and_neutralises_formulas(tmp_path):
    spec = Spec([HEADER, [1, "=HYPERLINK(\"x\")", "1", "ACB", "257678859"],
                 [2, "Trần Thị Bình", "2", "ACB", "257678860"]],
                hidden={3})
    path = write_xls(tmp_path / "a.xls", spec)
    result = check_file(path)
    write_report(path, result, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert ws["B2"].value.startswith("'=") and ws["B2"].data_type == "s"
    assert ws.row_dimensions[3].hidden
    assert [p.code for p in result.problems if p.row == 3] == ["W-ROW-HIDDEN"]


def test_cli_check_report_on_ods(tmp_path, cli):
    path = write_ods(tmp_path / "a.ods", ward_spec())
    run = cli("check", path, "--report", tmp_path / "r.xlsx", "--json")
    assert run.code == 1, run.err
    assert json.loads(run.out)["summary"]["rows_rejected"] == 1
    assert openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]["D6"].comment is not None


def test_html_with_two_tables_reads_the_one_with_a_header(tmp_path):
    page = ("<html><body><table><tr><td>Cổng thông tin</td></tr></table>"
            + html_table(ward_spec()) + "</body></html>")
    path = tmp_path / "portal.xls"
    path.write_text(page, encoding="utf-8")
    tables = sheet.read(path)
    assert [t.sheet for t in tables] == ["portal (2)"]
    assert write_html  # the plain writer is used by the parametrized tests


def test_xml2003_hidden_sheet_rows_and_index_gaps(tmp_path):
    path = write_xml2003(tmp_path / "a.xml", Spec([HEADER, None or [], [1, "Lê Văn An", "1", "ACB", "257678859"]]))
    result = check_file(path)
    assert rows_of(result) == [(3, "Lê Văn An", "1", "ACB", "257678859")]


@pytest.mark.parametrize("kind", ["ods", "html", "xml2003"])
def test_readers_that_parse_in_one_go_stop_at_the_row_cap_themselves(tmp_path, kind):
    """The shared reader caps rows too, but only after a whole-file reader has built them all: each stops itself."""
    from qrsign.intake.formats import html as read_html
    from qrsign.intake.formats import ods as read_ods
    from qrsign.intake.formats import xml2003 as read_xml2003

    reader = {"ods": read_ods, "html": read_html, "xml2003": read_xml2003}[kind]
    rows = [HEADER] + [[i, f"Người {i}", str(i), "ACB", f"25767885{i}"] for i in range(1, 10)]
    path = write(kind, tmp_path, Spec(rows))
    with pytest.raises(InputError) as exc:
        reader.sheets(path, BIG)
    assert exc.value.code == "E-SHEET-TOO-MANY-ROWS"
    assert reader.sheets(path, sheet.Limits(rows=9, header_scan=1))


# --------------------------------------------------------------------------------------------------
# robustness: damaged bytes of every format give a typed error or a result, never a traceback



_SAMPLES: dict[str, bytes] = {}


def _sample_bytes(kind: str, folder) -> bytes:
    """One sample per format for the whole run (xlsx files carry a timestamp: the drawn offsets must not move)."""
    if kind not in _SAMPLES:
        _SAMPLES[kind] = write(kind, folder, ward_spec()).read_bytes()
    return _SAMPLES[kind]


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_files_of_every_format_never_raise_anything_else(tmp_path, kind, data):
    original = _sample_bytes(kind, tmp_path)
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)),
                               min_size=1, max_size=8))
    cut = data.draw(st.integers(len(original) // 2, len(original)))
    damaged = bytearray(original)
    for at, byte in flips:
        damaged[at] = byte
    path = tmp_path / f"damaged-{kind}.xls"
    path.write_bytes(bytes(damaged[:cut]))
    try:
        result = check_file(path)
        summary(result)
    except QrsignError:
        pass


def test_hidden_sheets_of_ods_and_xml2003_are_not_read(tmp_path):
    visible, hidden = ward_spec(), Spec([HEADER, [1, "Ẩn", "9", "ACB", "257678859"]], name="Cũ")
    content = ods_content(visible, hidden)
    content = content.replace('<table:table table:name="Cũ">', '<table:table table:name="Cũ" table:style-name="ta9">')
    content = content.replace("</office:automatic-styles>", '<style:style style:name="ta9" style:family="table">'
                              '<style:table-properties table:display="false"/></style:style></office:automatic-styles>')
    ods = write_ods(tmp_path / "a.ods", content=content)
    doc = xml2003(visible, hidden).rsplit("</Table></Worksheet>", 1)  # the last sheet is the hidden one
    doc = (doc[0] + '</Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden'
           "</Visible></WorksheetOptions></Worksheet>" + doc[1])
    xml = tmp_path / "a.xml"
    xml.write_text(doc, encoding="utf-8")
    for path in (ods, xml):
        tables = sheet.read(path)
        assert [t.sheet for t in tables] == ["Danh sách"], path
        assert tables.not_read == [{"sheet": "Cũ", "reason": "hidden", "headers": [], "missing": []}], path


def test_a_hidden_xlsx_sheet_is_not_read_and_is_said(tmp_path, cli):
    """A sheet the office hid (an old list put away) gets no sign, and check says it was not read."""
    import openpyxl

    path = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Danh sách"
    for row in ([HEADER[0], HEADER[1], HEADER[2], HEADER[3], HEADER[4]], [1, "Lê Văn An", "1", "ACB", "257678859"]):
        wb.active.append(row)
    old = wb.create_sheet("Cũ")
    for row in ([HEADER[0], HEADER[1], HEADER[2], HEADER[3], HEADER[4]], [1, "Ẩn Danh", "9", "ACB", "257678860"]):
        old.append(row)
    old.sheet_state = "hidden"
    wb.save(path)
    tables = sheet.read(path)
    assert [t.sheet for t in tables] == ["Danh sách"]
    assert tables.not_read == [{"sheet": "Cũ", "reason": "hidden", "headers": [], "missing": []}]
    assert [t.sheet for t in sheet.read(path, sheet="Cũ")] == ["Cũ"]  # asked for by name, it is read
    assert sheet.read(path, sheet="Cũ").not_read == []
    run = cli("check", str(path), "--json")
    assert run.code == 0 and [v["name"] for v in run.json()["vendors"]] == ["Lê Văn An"]
    assert run.json()["read"]["not_read"][0]["reason"] == "hidden" and run.json()["summary"]["sheets_not_read"] == 0
    text = cli("check", str(path), env={"QRSIGN_LANG": "en"}).out
    assert "Sheet “Cũ” is hidden in the file: not read." in text


def test_html_row_struck_through_by_its_style(tmp_path):
    page = ("<table><tr><td>Họ và tên</td><td>Ngân hàng</td><td>Số tài khoản</td></tr>"
            "<tr style='text-decoration: line-through'><td>Lê Văn An</td><td>ACB</td><td>257678859</td></tr>"
            "<tr><td>Trần Thị Bình</td><td>ACB</td><td>257678860</td></tr></table>")
    path = tmp_path / "a.xls"
    path.write_text(page, encoding="utf-8")
    result = check_file(path)
    assert [vr.row for vr in result.vendors] == [3]
    assert problems_of(result) == [(1, None, "W-NO-STALL-COLUMN"), (2, "A", "W-ROW-STRUCK")]


def test_xls_that_xlrd_finds_encrypted_is_a_password_message(tmp_path, monkeypatch):
    import xlrd

    def encrypted(*_a, **_k):
        raise xlrd.biffh.XLRDError("Workbook is encrypted")

    path = write("xls", tmp_path, ward_spec())
    monkeypatch.setattr(xlrd, "open_workbook", encrypted)
    with pytest.raises(InputError) as exc:
        sheet.read(path)
    assert exc.value.code == "E-SHEET-PASSWORD"


@pytest.mark.parametrize("kind", ["xls", "ods", "xml2003"])
def test_sheet_option_picks_one_sheet_of_every_workbook_format(tmp_path, kind):
    one, two = ward_spec(), Spec([HEADER, [1, "Khu B An", "9", "ACB", "257678859"]], name="Khu B")
    writer, name = WRITERS[kind]
    path = writer(tmp_path / name, one, two)
    assert [t.sheet for t in sheet.read(path)] == ["Danh sách", "Khu B"]
    assert [vr.row for vr in check_file(path, sheet="khu b").vendors] == [2]
    with pytest.raises(InputError) as exc:
        sheet.read(path, sheet="Khu C")
    assert exc.value.code == "E-SHEET-NOT-FOUND"
    assert exc.value.params["sheets"] == ["Danh sách", "Khu B"]


def _zip_version_corrupted(tmp_path):
    """The example workbook with one byte changed: the central directory's "version needed" of its last member
    is 8.4, which zipfile refuses with NotImplementedError (found by flipping single bits)."""
    data = bytearray((Path(__file__).resolve().parents[1] / "examples" / "cho-mau.xlsx").read_bytes())
    last = data.rfind(b"PK\x01\x02")
    data[last + 6] = 84  # "version needed to extract": 8.4
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("extra", [[], ["--report", "report.xlsx"]])
def test_a_one_byte_corrupt_workbook_is_corrupt_not_an_internal_error(tmp_path, extra):
    """One rule for every zip opened (intake.limits.ZIP_ERRORS): any failure is "corrupt", exit 2."""
    path = _zip_version_corrupted(tmp_path)
    run = run_cli("check", path, *[str(tmp_path / e) if e.endswith(".xlsx") else e for e in extra])
    assert run.code == 2
    assert "bị hỏng" in run.err and "zip file version" in run.err
    assert "nội bộ" not in run.err and "Traceback" not in run.err
    with pytest.raises(InputError) as caught:
        check_file(path)
    assert caught.value.code == "E-SHEET-CORRUPT"
