"""The .xlsx reader without openpyxl (``qrsign.intake.formats.xlsx_fast``) reads every cell as openpyxl does,
or steps aside before the first row.

Every test reads the same file both ways and compares what qrsign sees: each
row's number, visibility and cells (value, data type, number format, struck
font), the merged ranges and hidden columns, then what ``sheet.read`` makes
of them. A file the fast reader is not sure of must give ``None`` (openpyxl
reads it) — and still read the same through ``xlsx.sheets``.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qrsign.intake import sheet as sheetmod
from qrsign.intake.cells import is_struck
from qrsign.intake.formats import xlsx, xlsx_fast
from qrsign.intake.limits import DEFAULT_LIMITS

openpyxl = pytest.importorskip("openpyxl")


def _cells(row: Any) -> list[tuple[Any, ...]]:
    out = []
    for c in row.cells:
        if c is None or type(c).__name__ == "EmptyCell":
            out.append(None)
            continue
        try:
            fmt = getattr(c, "number_format", "General")
        except IndexError:  # openpyxl's cell names a style the workbook lacks
            fmt = "(no such style)"
        out.append((c.value, c.data_type, fmt, is_struck(c)))
    while out and out[-1] is None:  # openpyxl pads with EmptyCell, the fast reader with None: both mean nothing
        out.pop()
    return out


def _seen(sheets: list) -> list[tuple[Any, ...]]:
    return [(s.name, s.merges, s.hidden_columns, [(r.row, r.hidden, _cells(r)) for r in s.rows])
            for s in sheets] + [("hidden", getattr(sheets, "hidden", None))]


def _both(path: Path, monkeypatch, sheet: str | None = None) -> tuple[Any, Any]:
    """(what the fast reader gives, or None; what openpyxl gives), each as comparable data."""
    fast = xlsx.fast_sheets(path, DEFAULT_LIMITS, sheet)
    got = None if fast is None else _outcome(lambda: _seen(fast))
    monkeypatch.setenv("QRSIGN_XLSX_READER", "openpyxl")
    try:
        return got, _outcome(lambda: _seen(xlsx.sheets(path, DEFAULT_LIMITS, sheet)))
    finally:
        monkeypatch.delenv("QRSIGN_XLSX_READER")


def _outcome(read: Any) -> Any:
    """What ``read()`` gives, or the error it raises (a damaged file is refused alike both ways)."""
    try:
        return read()
    except Exception as exc:  # noqa: BLE001 - the error is part of what is compared
        return type(exc).__name__, getattr(exc, "code", None), str(exc)


def _read(path: Path, monkeypatch, reader: str) -> list[Any]:
    """What ``sheet.read`` makes of the file, every table and row, or the error it raises (and after which row)."""
    monkeypatch.setenv("QRSIGN_XLSX_READER", reader)
    out: list[Any] = []
    try:
        tables = sheetmod.read(path)
        for t in tables:
            out.append((t.sheet, t.header_row, t.columns, t.headers, t.title, t.mapping))
            out.extend(repr(r) for r in t.rows)
            out.append((dict(t.skipped), t.skipped_at, t.examples, t.notices, t.blank_rows, t.findings))
        out.append(tables.not_read)
    except Exception as exc:  # noqa: BLE001 - the error is part of what is compared
        out.append((type(exc).__name__, getattr(exc, "code", None), str(exc)))
    finally:
        monkeypatch.delenv("QRSIGN_XLSX_READER")
    return out


def _same(path: Path, monkeypatch, *, how: str = "fast") -> list[int]:
    """The file reads alike both ways, and ``how`` it was read: all ``fast``; fast, then ``handover`` to openpyxl
    at a row; or by ``openpyxl`` from the start (the fast reader said None). Returns the rows skipped at each
    hand-over."""
    handed: list[int] = []
    real = xlsx._openpyxl_rows

    def counted(*args: Any) -> Any:
        handed.append(args[-1])  # the rows skipped
        return real(*args)

    monkeypatch.setattr(xlsx, "_openpyxl_rows", counted)
    got, want = _both(path, monkeypatch)
    if how == "openpyxl":
        assert got is None, "the fast reader should have left this file to openpyxl"
    else:
        assert got is not None, "the fast reader stepped aside"
        assert got == want
        assert bool(handed) is (how == "handover"), handed
    assert _read(path, monkeypatch, "fast") == _read(path, monkeypatch, "openpyxl")
    return handed


HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]


def _workbook(path: Path, rows: list[list[Any]], *, write_only: bool = False, title: str = "Danh sách",
              shared: bool = True) -> Path:
    """An .xlsx written by openpyxl; ``shared``: its strings moved to a shared string table, as Excel writes them
    (openpyxl 3.1 writes inline strings)."""
    wb = openpyxl.Workbook(write_only=write_only)
    if write_only:
        ws = wb.create_sheet(title)
    else:
        ws = wb.active
        ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return _to_shared(path) if shared else path


_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)


def _to_shared(path: Path) -> Path:
    """``path`` with every inline string cell turned into a shared string (the table added to the package)."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    strings: list[str] = []

    def shared(m: re.Match) -> str:
        strings.append(m.group(3))
        return f'<c {m.group(1)}t="s"{m.group(2)}><v>{len(strings) - 1}</v></c>'

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = _INLINE.sub(shared, parts[name].decode("utf-8")).encode("utf-8")
    if not strings:
        return path
    table = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="{xlsx_fast.MAIN}" count="{len(strings)}" '
                                     f'uniqueCount="{len(strings)}">{table}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


ROWS = [
    ["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"],
    HEADER,
    [1, "Nguyễn Thị Hường", "A12", "VCB", "0011004567891", "0912345678", None],
    [2, "Trần Văn Nam", 12, "MB", 3520000001, 912345678, "x005F_đã chuyển"],
    [3.0, "  Lê   Thị  Mai ", "B-3", "ACB", 25767885.0, "", True],
    [4, "#N/A", None, "TCB", "", None, False],
    [None, None, None, None, None, None, None],
    ["", "   ", "", "", "", "", ""],
    [5, "Đỗ Thị Lan", "C1", "BIDV", 1.5, 1e20, "không = công thức"],
]


@pytest.mark.parametrize("write_only, shared", [(False, True), (False, False), (True, False)],
                         ids=["shared-strings", "inline-strings", "write-only"])
def test_a_plain_list_reads_the_same(tmp_path, monkeypatch, write_only, shared):
    path = _workbook(tmp_path / "a.xlsx", ROWS, write_only=write_only, shared=shared)
    with zipfile.ZipFile(path) as zf:
        assert ("xl/sharedStrings.xml" in zf.namelist()) is shared
    _same(path, monkeypatch)


def test_styles_merges_hidden_rows_and_columns_read_the_same(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in ROWS:
        ws.append(row)
    ws["E3"].number_format = "0000 0000 00000"
    ws["E4"].number_format = "@"
    ws["F4"].number_format = "#,##0"
    ws["B5"].font = openpyxl.styles.Font(strike=True)
    ws["B6"].font = openpyxl.styles.Font(strike=False, bold=True)
    ws.merge_cells("A1:G1")
    ws.merge_cells("C3:C4")
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["G"].hidden = True
    hidden = wb.create_sheet("Cũ")
    hidden.append(HEADER)
    hidden.sheet_state = "hidden"
    path = tmp_path / "s.xlsx"
    wb.save(path)
    _same(_to_shared(path), monkeypatch)
    got, want = _both(path, monkeypatch, sheet="cu")  # a hidden sheet asked for by name, without accents
    assert got == want and got is not None


def _rewrite(path: Path, member: str, change) -> Path:
    """A copy of ``path`` with one member's XML changed by ``change(text) -> text``."""
    out = path.with_name("x-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                changed = change(data.decode("utf-8")).encode("utf-8")
                assert changed != data, "the change must change something"
                data = changed
            dst.writestr(info.filename, data)
    return out


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize("change", [
    # cells without r, rows without r: openpyxl counts them
    lambda x: re.sub(r' r="[A-Z]+\d+"', "", x),
    lambda x: re.sub(r'<row r="\d+"', "<row", x),
    # a row number that goes back is dropped; one that skips leaves a gap
    lambda x: x.replace('<row r="4"', '<row r="2"'),
    lambda x: x.replace('<row r="4"', '<row r="40"'),
    # cells out of order: openpyxl's row ends at the last cell written
    lambda x: re.sub(r'(<c r="A3"[^>]*>.*?</c>)(<c r="B3"[^>]*>.*?</c>)', r"\2\1", x),
    # a formula result stored as text, an error, an empty value
    lambda x: x.replace('<c r="B3" t="s">', '<c r="B3" t="str">').replace(
        '<c r="B3" t="str"><v>', '<c r="B3" t="str"><v>chữ '),
    lambda x: x.replace('<c r="C3" t="s"><v>', '<c r="C3" t="e"><v>#REF!</v><v>'),
    lambda x: re.sub(r'(<c r="E3"[^>]*>)<v>[^<]*</v>', r"\1<v></v>", x),
    # a namespace prefix, an unknown child in a row and in a cell
    lambda x: x.replace("<worksheet xmlns=", "<x:worksheet xmlns:x=").replace("</worksheet>", "</x:worksheet>")
    .replace("<sheetData", "<x:sheetData").replace("</sheetData>", "</x:sheetData>")
    .replace("<row", "<x:row").replace("</row>", "</x:row>").replace("<c ", "<x:c ").replace("</c>", "</x:c>")
    .replace("<v>", "<x:v>").replace("</v>", "</x:v>").replace("<is>", "<x:is>").replace("</is>", "</x:is>")
    .replace("<t>", "<x:t>").replace("</t>", "</x:t>"),
    lambda x: x.replace('<row r="3"', '<row r="3" customHeight="1"').replace('<c r="A3"', '<ext/><c r="A3"', 1),
    lambda x: re.sub(r'(<c r="A4"[^>]*>)', r"\1<extLst/>", x),
    # the row number as a float ("3.0")
    lambda x: x.replace('<row r="3"', '<row r="3.0"'),
], ids=["no-cell-refs", "no-row-refs", "row-goes-back", "row-gap", "cells-out-of-order", "str", "error-and-two-v",
        "empty-v", "prefixed", "unknown-children", "ext-in-cell", "float-row"])
def test_unusual_but_readable_sheets_read_the_same(tmp_path, monkeypatch, change):
    path = _rewrite(_workbook(tmp_path / "u.xlsx", ROWS), SHEET, change)
    _same(path, monkeypatch)


@pytest.mark.parametrize("change, how", [
    (lambda x: x.replace('<c r="A3"', '<c r="A3"><f>1+1</f></c><c r="Z3"', 1), "handover"),  # no stored value
    (lambda x: x.replace('<c r="A4" t="n"><v>2</v>', '<c r="A4"><f>1+1</f><v>2</v>'), "handover"),  # with one
    (lambda x: x.replace('<c r="E4" t="n"><v>3520000001</v>', '<c r="E4" t="d"><v>2026-01-05</v>'), "handover"),
    (lambda x: x.replace('<c r="E4" t="n">', '<c r="E4" t="n" s="99">'), "handover"),  # a style it lacks
    (lambda x: x.replace('<c r="E4" t="n">', '<c r="E4" t="n" s="x">'), "handover"),  # openpyxl fails on it
    (lambda x: x.replace('<c r="B3" t="s"><v>', '<c r="B3" t="inlineStr"><is><r><t>Trần</t></r></is><v>'),
     "handover"),
    (lambda x: x.replace('<c r="B9" t="s"><v>',
                         '<c r="B9" t="inlineStr"><is><t>Lan</t><rPh sb="0" eb="1"><t>x</t></rPh></is><v>'),
     "handover"),
    (lambda x: x.replace("<sheetData>", '<sheetData><row r="900"><c r="A900" s="99"><v>1</v></c></row>'),
     "handover"),
    # attributes spelled as no usual writer spells them: expat reads them as openpyxl does, no hand-over
    (lambda x: x.replace(' r="A3"', " r='A3'").replace('<c r="E4" t="n">', '<c r = "E4"  t="n" >'), "fast"),
    (lambda x: x.replace('<c r="E4" t="n">', '<c r="E4" foo="a>b" t="n">'), "fast"),
    (lambda x: re.sub(r' r="([A-Z]+)(\d+)"', lambda m: f' r="{m.group(1).lower()}{m.group(2)}"', x), "fast"),
], ids=["formula", "formula-with-value", "date-cell", "missing-style", "odd-style-id", "rich-inline",
        "phonetic-inline", "first-row-hands-over", "spelling", "gt-in-attribute", "lowercase-refs"])
@pytest.mark.parametrize("chunk", [xlsx_fast.CHUNK, 150], ids=["chunk-64k", "chunk-150"])
def test_a_cell_read_otherwise_hands_the_stream_over_to_openpyxl_at_its_row(tmp_path, monkeypatch, change, how,
                                                                             chunk):
    """With small chunks the rows before the cell are given before it is met: openpyxl goes on after them."""
    monkeypatch.setattr(xlsx_fast, "CHUNK", chunk)
    _same(_rewrite(_workbook(tmp_path / "h.xlsx", ROWS), SHEET, change), monkeypatch, how=how)


def test_a_hand_over_deep_in_a_long_list_goes_on_after_the_rows_given(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_fast, "CHUNK", 4096)  # a list of 600 rows streams as a province's does
    rows = [HEADER] + [[i, f"Người {i}", f"A{i}", "VCB", f"{1_000_000_000 + i}", "", ""] for i in range(1, 601)]
    rows[500][6] = "=1+1"  # a formula (openpyxl writes text starting with = as one), many chunks in
    path = _workbook(tmp_path / "long.xlsx", rows)
    skipped = _same(path, monkeypatch, how="handover")
    assert skipped and 400 < skipped[0] <= 501


@pytest.mark.parametrize("member, change", [
    (SHEET, lambda x: '<?xml version="1.0" encoding="ISO-8859-1"?>' + x),
    ("xl/sharedStrings.xml", lambda x: x.replace('<si><t xml:space="preserve">Trần Văn Nam</t></si>',
                                                 "<si><r><t>Trần Văn </t></r><r><rPr><b/></rPr><t>Nam</t></r></si>")),
    ("xl/sharedStrings.xml", lambda x: x.replace('<si><t xml:space="preserve">VCB</t></si>',
                                                 '<si><t>VCB</t><rPh sb="0" eb="1"><t>v</t></rPh></si>')),
    ("xl/styles.xml", lambda x: x.replace("<cellXfs", "<cellXfsX").replace("</cellXfs>", "</cellXfsX>")),
], ids=["latin-1", "rich-text", "phonetic", "no-cell-styles"])
@pytest.mark.filterwarnings("ignore:Workbook contains no stylesheet:UserWarning")  # openpyxl, on no-cell-styles
def test_a_workbook_part_read_otherwise_leaves_the_file_to_openpyxl(tmp_path, monkeypatch, member, change):
    path = _rewrite(_workbook(tmp_path / "f.xlsx", ROWS), member, change)
    _same(path, monkeypatch, how="openpyxl")


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # openpyxl, on the date style
def test_a_date_style_hands_over_at_its_first_cell(tmp_path, monkeypatch):
    import datetime as dt

    path = _workbook(tmp_path / "d.xlsx", [HEADER, [1, "Lan", "A1", "VCB", dt.date(2026, 1, 15), "", ""]])
    _same(path, monkeypatch, how="handover")
    path = _rewrite(_workbook(tmp_path / "s.xlsx", ROWS), "xl/styles.xml", lambda x: x.replace(
        '<cellXfs count="1"><xf numFmtId="0"', '<cellXfs count="1"><xf numFmtId="14"'))  # every cell a date
    _same(path, monkeypatch, how="handover")


def test_a_dtd_is_handed_to_openpyxl_and_refused_there(tmp_path, monkeypatch):
    path = _rewrite(_workbook(tmp_path / "e.xlsx", ROWS), SHEET, lambda x: x.replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY e "x">]><worksheet', 1).split("?>", 1)[-1])
    _same(path, monkeypatch, how="handover")
    assert _read(path, monkeypatch, "fast")[-1][:2] == ("InputError", "E-SHEET-UNSAFE")


def test_a_damaged_member_is_left_to_openpyxl(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "z.xlsx", ROWS)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/theme/theme1.xml")  # a part that holds no cell
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
    data[start] ^= 0xFF
    path.write_bytes(bytes(data))
    assert xlsx.fast_sheets(path, DEFAULT_LIMITS) is None
    assert _read(path, monkeypatch, "fast") == _read(path, monkeypatch, "openpyxl")


def test_broken_xml_in_the_rows_fails_where_openpyxl_fails(tmp_path, monkeypatch):
    path = _rewrite(_workbook(tmp_path / "b.xlsx", ROWS), SHEET, lambda x: x.replace('<c r="D5"', '<c r="D5"<', 1))
    assert xlsx.fast_sheets(path, DEFAULT_LIMITS) is not None

    fast = _read(path, monkeypatch, "fast")
    assert fast == _read(path, monkeypatch, "openpyxl")
    assert len(fast) > 2 and fast[-1][:2] == ("InputError", "E-SHEET-CORRUPT")  # rows first, then the error


def test_the_switch_turns_the_fast_reader_off(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "o.xlsx", ROWS)
    calls = []
    real = xlsx_fast.read
    monkeypatch.setattr(xlsx_fast, "read", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setenv("QRSIGN_XLSX_READER", "openpyxl")
    xlsx.sheets(path, DEFAULT_LIMITS)
    assert calls == []
    monkeypatch.delenv("QRSIGN_XLSX_READER")
    got = xlsx.sheets(path, DEFAULT_LIMITS)
    assert calls == [1] and not any(type(c).__module__.startswith("openpyxl")
                                    for s in got for r in s.rows for c in r.cells if c is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("AaBzZß1٣$ﬀ0"), min_size=1, max_size=6))
def test_a_cell_reference_reads_as_openpyxl_reads_it(ref):
    from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple

    from qrsign.core import text

    def outcome(fn: Any, value: str) -> Any:
        try:
            return fn(value)
        except ValueError:  # openpyxl raises ValueError (or a subclass) for a bad reference
            return "refused"

    assert outcome(xlsx_fast._coordinate, ref) == outcome(coordinate_to_tuple, ref)
    assert outcome(text.column_index, ref) == outcome(column_index_from_string, ref)


def test_the_builtin_formats_are_openpyxls():
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    for number, fmt in xlsx_fast.BUILTIN.items():
        assert BUILTIN_FORMATS[number] == fmt and not is_date_format(fmt)
    for number in xlsx_fast.BUILTIN_DATES:
        assert is_date_format(BUILTIN_FORMATS[number])
    assert set(BUILTIN_FORMATS) == set(xlsx_fast.BUILTIN) | xlsx_fast.BUILTIN_DATES


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
_value = st.one_of(st.none(), _text, st.integers(-10**16, 10**16), st.booleans(),
                   st.floats(allow_nan=False, allow_infinity=False, width=64),
                   st.sampled_from(["#N/A", "x005F_x", " 0011 ", "'0123", "=A1", "Ông", "  "]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_value, max_size=8), max_size=12), write_only=st.booleans())
def test_any_grid_of_values_reads_the_same(tmp_path_factory, monkeypatch, rows, write_only):
    path = tmp_path_factory.mktemp("grid") / "g.xlsx"
    try:
        _workbook(path, [HEADER, *rows], write_only=write_only)
    except Exception:  # openpyxl refuses the value (an illegal character, a formula it checks)
        return
    got, want = _both(path, monkeypatch)
    if got is not None:
        assert got == want
    assert _read(path, monkeypatch, "fast") == _read(path, monkeypatch, "openpyxl")


def test_the_fast_reader_gives_cells_not_openpyxl_objects(tmp_path):
    """The point of it: the usual file is read without loading openpyxl's reader (checked in a child)."""
    import subprocess
    import sys

    path = _workbook(tmp_path / "p.xlsx", ROWS)
    code = ("import sys\nfrom qrsign.intake import sheet\n"
            f"t = sheet.read({str(path)!r})\nn = sum(1 for tb in t for _ in tb.rows)\n"
            "print(n, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QRSIGN_XLSX_READER": ""})
    assert out.stdout.split() == ["5", "False"], out.stderr


def test_a_number_styled_past_the_style_table_is_a_cell_error_not_a_crash(tmp_path):
    """Field fix: a cell naming a style the workbook lacks made openpyxl's number format raise IndexError, and
    ``qrsign check`` ended with "internal error". The fast reader hands such a row over to openpyxl; the cell
    is now reported where it is, and the rest of the list is checked."""
    from conftest import run_cli

    path = _rewrite(_workbook(tmp_path / "st.xlsx", ROWS), SHEET,
                    lambda x: x.replace('<c r="E4" t="n">', '<c r="E4" t="n" s="99">'))
    run = run_cli("check", path, "--json")
    assert run.code == 1 and "Traceback" not in run.err
    found = [(p["row"], p["column"], p["code"]) for p in json.loads(run.out)["problems"]]
    assert (4, "E", "E-CELL-STYLE") in found


def test_openpyxls_english_warnings_never_reach_the_volunteer(tmp_path):
    """Field fix: a workbook openpyxl reads with warnings (here every number styled as a date, out of a date's
    range) printed them on stderr, in English, before qrsign's own messages. The program silences openpyxl's
    warnings; what they were about is said at the cell, in Vietnamese."""
    import subprocess
    import sys

    path = _rewrite(_workbook(tmp_path / "w.xlsx", ROWS), "xl/styles.xml", lambda x: x.replace(
        '<cellXfs count="1"><xf numFmtId="0"', '<cellXfs count="1"><xf numFmtId="14"'))
    run = subprocess.run([sys.executable, "-m", "qrsign", "check", str(path)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "QRSIGN_XLSX_READER": ""})
    assert run.returncode == 1, run.stderr
    assert "Warning" not in run.stderr and "openpyxl" not in run.stderr + run.stdout
    assert "dòng 4, cột E (Số tài khoản)" in run.stdout + run.stderr


def test_a_sheet_that_is_not_there_is_said_as_openpyxls_path_says_it(tmp_path, monkeypatch):
    from qrsign.errors import InputError

    path = _workbook(tmp_path / "n.xlsx", ROWS)
    with pytest.raises(InputError) as fast:
        xlsx.fast_sheets(path, DEFAULT_LIMITS, "Khu Z")
    monkeypatch.setenv("QRSIGN_XLSX_READER", "openpyxl")
    with pytest.raises(InputError) as slow:
        xlsx.sheets(path, DEFAULT_LIMITS, "Khu Z")
    got = [(e.value.code, e.value.field, e.value.value, e.value.params) for e in (fast, slow)]
    assert got[0] == got[1] == ("E-SHEET-NOT-FOUND", "sheet", "Khu Z", {"sheets": ["Danh sách"]})


def test_merged_ranges_are_read_as_openpyxl_reads_their_references():
    """The layout scan reads ``<mergeCell ref>`` as openpyxl's ``range_boundaries`` does, one cell or a range."""
    from openpyxl.utils.cell import range_boundaries

    refs = ["B3:D5", "A1", "AA10:AB12", "XFD1048576", "ZZZ2:ZZZ3", "Z9:AA9"]
    data = ("<worksheet><sheetData/><mergeCells>" + "".join(f'<mergeCell ref="{r}"/>' for r in refs)
            + "</mergeCells></worksheet>").encode()
    _, _, merges = xlsx.layout_of(data, DEFAULT_LIMITS)
    expected = []
    for r in refs:
        min_col, min_row, max_col, max_row = range_boundaries(r)
        expected.append((min_row, min_col, max_row if max_row is not None else min_row,
                         max_col if max_col is not None else min_col))
    assert merges == expected
