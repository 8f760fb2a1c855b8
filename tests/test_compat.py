"""Issue 13: the library internals qrsign relies on (``qrsign/_compat.py``) are still there, with the same shape.

Each test fails when a new release of the library changes the part under qrsign;
then fix ``_compat`` (and its tested range) before raising the upper bound in
``pyproject.toml``.
"""

from __future__ import annotations

import inspect
from concurrent.futures import ProcessPoolExecutor

import pytest

from qrsign import _compat

# --------------------------------------------------------------------------------------------------
# openpyxl


def _fresh(code: str, *paths: str) -> str:
    """Run ``code`` in a fresh interpreter (``sys.modules`` of this one already holds openpyxl)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, root])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


_LEAN = """
import sys
from qrsign import _compat
{switch}
openpyxl = _compat.import_openpyxl()
from openpyxl.compat import numbers
print(numbers.NUMPY, "numpy" in sys.modules, sys.modules.get("numpy", 0) is None, end=" ")
import numpy
print(type(numpy.float64(1)).__name__)
"""


def test_lean_openpyxl_leaves_numpy_out_and_numpy_importable_after():
    """The CLI's openpyxl skips numpy; the block ends with the import, so numpy still imports afterwards."""
    pytest.importorskip("numpy")
    assert _fresh(_LEAN.format(switch="_compat.lean_openpyxl()")) == "False False False float64"


def test_openpyxl_of_a_library_caller_keeps_numpy():
    """Without the CLI's switch openpyxl is left as it imports itself (numpy scalars stay cell values)."""
    pytest.importorskip("numpy")
    assert _fresh(_LEAN.format(switch="")) == "True True False float64"


def test_lean_openpyxl_falls_back_when_openpyxl_needs_numpy(tmp_path):
    """An openpyxl that cannot do without numpy is imported the ordinary way, not left half-loaded."""
    pytest.importorskip("numpy")
    fake = tmp_path / "openpyxl"
    fake.mkdir()
    (fake / "__init__.py").write_text("import numpy\n__version__ = '9.9'\nNEEDS = numpy.__name__\n")
    code = ("import sys; from qrsign import _compat; _compat.lean_openpyxl(); m = _compat.import_openpyxl(); "
            "print(m.__version__, m.NEEDS, sys.modules['numpy'] is not None)")
    assert _fresh(code, str(tmp_path)) == "9.9 numpy True"


def test_openpyxl_is_in_the_tested_range():
    import openpyxl

    assert _compat.in_range(openpyxl.__version__, _compat.OPENPYXL_RANGE), openpyxl.__version__


def test_read_only_worksheet_still_sizes_itself_in_init():
    from openpyxl.worksheet import _read_only
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG

    cls = _read_only.ReadOnlyWorksheet
    assert list(inspect.signature(cls.__dict__["_get_size"]).parameters) == ["self"]
    assert callable(cls.__dict__["_get_source"])
    assert "self._get_size()" in inspect.getsource(cls.__init__)
    for name in ("_min_row", "_min_column"):
        assert hasattr(cls, name)
    assert DATA_TAG.endswith("}sheetData") and DIMENSION_TAG.endswith("}dimension")


def test_fast_dimensions_is_scoped_and_restored_on_error(tmp_path):
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    original = ReadOnlyWorksheet.__dict__["_get_size"]
    wb = openpyxl.Workbook(write_only=True)  # write-only workbooks have no <dimension>
    ws = wb.create_sheet("S")
    for i in range(5):
        ws.append([i, "x"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    with _compat.fast_dimensions() as active:
        assert active and ReadOnlyWorksheet.__dict__["_get_size"] is not original
        rows = list(openpyxl.load_workbook(path, read_only=True)["S"].iter_rows(values_only=True))
    assert ReadOnlyWorksheet.__dict__["_get_size"] is original
    assert rows == [(i, "x") for i in range(5)]
    with pytest.raises(KeyError), _compat.fast_dimensions():
        raise KeyError("boom")
    assert ReadOnlyWorksheet.__dict__["_get_size"] is original


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: Every shape a string takes in a workbook: one plain run, empty, spaces kept, rich runs, phonetic parts,
#: an escape, markup inside a run, and the attribute a crafted file may put on the string itself.
_STRINGS = [
    "<t>Phạm Hữu Yến</t>",
    "<t/>",
    '<t xml:space="preserve">  Chợ  Đồng Xa </t>',
    "<r><t>Trần </t></r><r><rPr><b/></rPr><t>Văn Nam</t></r>",
    "<t>Lê </t><r><t>Thị Mận</t></r>",
    '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/>',
    "<t>A_x005F_x000D_B</t>",
    "<t>Đỗ<b>X</b>Lan</t>",
    "<r><t/></r>",
]


def test_plain_strings_read_every_shape_as_openpyxl_does():
    from xml.etree.ElementTree import fromstring

    from openpyxl.cell.text import Text

    plain = _compat._plain_text_class()
    for body in _STRINGS:
        for tag in ("is", "si"):
            node = fromstring(f'<{tag} xmlns="{_MAIN}">{body}</{tag}>')
            assert plain.from_tree(node).content == Text.from_tree(node).content, body
    odd = fromstring(f'<si xmlns="{_MAIN}" count="1"><t>x</t></si>')  # not the plain shape: openpyxl's own way,
    for reader in (plain, Text):  # which refuses the attribute
        with pytest.raises(TypeError):
            reader.from_tree(odd)


def _shared_strings_workbook(path):
    """A workbook whose column A holds shared strings (``t="s"``) and column B the same strings inline."""
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.save(path)
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>{i - 1}</v></c><c r="B{i}" t="inlineStr"><is>{body}</is></c>'
                   f"</row>" for i, body in enumerate(_STRINGS, start=1))
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    table = f'<sst xmlns="{_MAIN}">' + "".join(f"<si>{body}</si>" for body in _STRINGS) + "</sst>"
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    parts["xl/sharedStrings.xml"] = table.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_plain_strings_give_openpyxl_own_values_and_are_scoped(tmp_path):
    import openpyxl
    from openpyxl.cell import text
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    path = _shared_strings_workbook(tmp_path / "s.xlsx")

    def values(fast: bool) -> list:
        if not fast:
            return list(openpyxl.load_workbook(path, read_only=True)["S"].iter_rows(values_only=True))
        with _compat.plain_strings() as active:
            assert active and strings.Text is not text.Text and _reader.Text is not text.Text
            ws = openpyxl.load_workbook(path, read_only=True)["S"]
        assert strings.Text is text.Text and _reader.Text is text.Text
        return [tuple(c.value for c in row) for row in _compat.plain_string_rows(ws.iter_rows())]

    expected = values(fast=False)
    assert values(fast=True) == expected
    assert expected[0] == ("Phạm Hữu Yến", "Phạm Hữu Yến") and expected[1] == ("", "")
    assert expected[3] == ("Trần Văn Nam", "Trần Văn Nam") and expected[5] == ("漢字", "漢字")
    assert strings.Text is text.Text and _reader.Text is text.Text
    with pytest.raises(KeyError), _compat.plain_strings():
        raise KeyError("boom")
    assert strings.Text is text.Text and _reader.Text is text.Text


def test_plain_strings_off_on_an_untested_openpyxl(monkeypatch):
    import openpyxl
    from openpyxl.cell import text
    from openpyxl.worksheet import _reader

    monkeypatch.setattr(openpyxl, "__version__", "4.0.0")
    with _compat.plain_strings() as active:
        assert not active and _reader.Text is text.Text
    rows = iter([("a",)])
    assert list(_compat.plain_string_rows(rows)) == [("a",)]


def test_openpyxl_reads_strings_through_text_content():
    """What :func:`qrsign._compat.plain_strings` stands in for: ``Text.from_tree(…).content`` in both readers."""
    from openpyxl.cell.text import Text
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    assert strings.Text is Text and _reader.Text is Text
    assert "Text.from_tree(node).content" in inspect.getsource(strings.read_string_table)
    assert "Text.from_tree(child).content" in inspect.getsource(_reader.WorkSheetParser.parse_cell)


def test_fast_dimensions_off_on_an_untested_openpyxl(monkeypatch):
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    monkeypatch.setattr(openpyxl, "__version__", "4.0.0")
    original = ReadOnlyWorksheet.__dict__["_get_size"]
    with _compat.fast_dimensions() as active:
        assert not active and ReadOnlyWorksheet.__dict__["_get_size"] is original


def test_worksheet_cells_is_the_sparse_cell_table(monkeypatch):
    import openpyxl

    ws = openpyxl.Workbook().active
    ws["GR100000"] = "far away"
    ws["A1"] = "here"
    assert isinstance(ws._cells, dict) and set(ws._cells) == {(1, 1), (100000, 200)}
    assert sorted(c.coordinate for c in _compat.worksheet_cells(ws)) == ["A1", "GR100000"]
    monkeypatch.setattr(openpyxl, "__version__", "9.0")  # untested: the public (dense) way, same cells with values
    small = openpyxl.Workbook().active
    small["B2"] = 1
    assert [c.value for c in _compat.worksheet_cells(small) if c.value is not None] == [1]


def test_unsafe_xml_errors_are_defusedxml_classes():
    import defusedxml

    errors = _compat.unsafe_xml_errors()
    assert all(issubclass(e, defusedxml.DefusedXmlException) for e in errors)
    assert {e.__name__ for e in errors} == {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}


# --------------------------------------------------------------------------------------------------
# reportlab


def test_reportlab_is_in_the_tested_range():
    import reportlab

    assert _compat.in_range(reportlab.Version, _compat.REPORTLAB_RANGE), reportlab.Version


def test_canvas_document_is_the_pdf_document():
    import io

    from reportlab.lib.rl_accel import escapePDF
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO())
    assert isinstance(_compat.canvas_document(canvas), PDFDocument)
    assert escapePDF("a(b)\\c") == canvas._escape("a(b)\\c") == "a\\(b\\)\\\\c"  # render.py uses escapePDF


def test_canvas_document_refuses_an_untested_reportlab(monkeypatch):
    import io

    import reportlab
    from reportlab.pdfgen.canvas import Canvas

    _compat._reportlab_tested.cache_clear()
    monkeypatch.setattr(reportlab, "Version", "7.0.0")
    try:
        with pytest.raises(RuntimeError, match="reportlab 7.0.0"):
            _compat.canvas_document(Canvas(io.BytesIO()))
    finally:
        _compat._reportlab_tested.cache_clear()


def _two_documents():
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from qrsign.render import fonts

    font = pdfmetrics.getFont(fonts.register("regular"))
    return font, _compat.canvas_document(Canvas(io.BytesIO())), _compat.canvas_document(Canvas(io.BytesIO()))


def test_split_string_gives_what_reportlabs_splitstring_gives():
    """The same texts, in the same order, into two documents: one split by reportlab, one by the fast path,
    with new characters, a no-break space, empty text and more than one subset (over 256 characters)."""
    font, theirs, ours = _two_documents()
    vietnamese = "ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
    drawable = "".join(chr(c) for c in range(0xC0, 0x2100) if c in font.face.charToGlyph)  # 285 + ASCII: two subsets
    assert len(drawable) > 256
    texts = ["NGUYỄN THỊ HƯƠNG", "", "NGUYỄN THỊ HƯƠNG", "Quầy\u00a0A-12", "ĐẶNG VĂN Ý", vietnamese,
             "".join(chr(c) for c in range(0x20, 0x7F)), drawable, drawable[::-1] + "abc" + vietnamese,
             "Quầy\u00a0A-12", "ĐẶNG VĂN Ý"]
    fast = 0
    for text in texts:
        known = all(ord(c) in font.state[ours].assignments for c in text) if ours in font.state else False
        fast += known and "\u00a0" not in text
        kept = _compat.subset_assignments(font, ours)  # what a document keeps once its font has a state
        split = _compat.split_string(font, text, ours, kept) if kept and len(text) % 2 else \
            _compat.split_string(font, text, ours)
        assert split == font.splitString(text, theirs), text
    assert fast >= 4  # the fast path ran (texts seen before), not only the fallback
    assert max(subset for text in texts for subset, _ in font.splitString(text, theirs)) >= 1  # several subsets


def test_a_document_splits_known_text_as_reportlab_does():
    """Two documents drawn with the same texts in the same order: one through the first-subset path
    (``_compat.first_subset_codes``: ``issuperset`` + ``translate``), one through reportlab's own splitting.
    Every text gives the same pieces, new characters, a no-break space, empty text and a second subset too."""
    from qrsign.render import layout
    from qrsign.render.document import SignDocument

    font, _, _ = _two_documents()
    drawable = "".join(chr(c) for c in range(0xC0, 0x2100) if c in font.face.charToGlyph)
    texts = ["NGUYỄN THỊ HƯƠNG", "", "THỊ HƯƠNG NGUYỄN", "Quầy\u00a0A-12", "ĐẶNG VĂN Ý", "ỲỴỶỸ", "Ý ĐẶNG",
             drawable, "NGUYỄN ỲỴ", drawable[::-1], "Quầy\u00a0A-12", "A-12 Quầy"] * 2
    ours, theirs = SignDocument(layout.load("a4-treo")), SignDocument(layout.load("a4-treo"))
    theirs._first_subset = lambda chars, style: None  # type: ignore[method-assign]  # reportlab's way only
    first = 0
    for text in texts:
        fast = ours._first_subset(text, "regular") is not None
        first += fast
        assert ours._chunks(text, "regular") == theirs._chunks(text, "regular"), text
    assert first >= 6  # the first-subset path answered texts it knew, not only reportlab


def test_first_subset_codes_are_the_codes_below_256():
    chars, table = _compat.first_subset_codes({65: 1, 0x1EA0: 2, 0x20: 3, 0x1EF3: 300})
    assert chars == frozenset("A\u1ea0 ") and "A\u1ea0".translate(table).encode("latin-1") == b"\x01\x02"


def test_a_width_at_1pt_scaled_is_the_width_at_that_size():
    """rl_accel's C width is ``(sum * 0.001) * size``: kept at 1 pt and scaled, the same float, so the
    renderer need not measure a text twice. reportlab's Python fallback rounds otherwise: then no scaling."""
    import random

    from reportlab.pdfbase import ttfonts

    font, _, _ = _two_documents()
    assert _compat.scaled_widths(font)
    rng = random.Random(5)
    letters = "NGUYỄN THỊ HƯƠNG ĐẶNG VĂN Ý 0123456789 ·-"
    for _ in range(2000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(1, 40)))
        size = rng.choice([rng.randint(4, 60) / 4, float(rng.randint(5, 44)), rng.uniform(4, 60)])
        assert font.stringWidth(text, size) == font.stringWidth(text, 1.0) * size, (text, size)
    def python_width(self, text, size, encoding="utf8"):  # reportlab.lib.rl_accel's fallback without the C module
        g, dw = self.face.charWidths.get, self.face.defaultWidth
        return 0.001 * size * sum(g(ord(u), dw) for u in text)

    samples = ("NGUYỄN THỊ HƯƠNG", "Quầy A-12 · Chợ Đồng Xa", "0011 0123 45678")
    differ = sum(python_width(font, t, s) != python_width(font, t, 1.0) * s for t in samples for s in (7.25, 9.75))
    assert differ  # why the fallback must not be scaled
    original = ttfonts.instanceStringWidthTTF
    try:
        ttfonts.instanceStringWidthTTF = python_width
        assert not _compat.scaled_widths(font)
    finally:
        ttfonts.instanceStringWidthTTF = original


def test_split_string_falls_back_on_an_untested_reportlab(monkeypatch):
    import reportlab

    font, theirs, ours = _two_documents()
    font.splitString("NGUYỄN", ours)
    _compat._reportlab_tested.cache_clear()
    monkeypatch.setattr(reportlab, "Version", "7.0.0")
    calls = []
    monkeypatch.setattr(type(font), "splitString", lambda self, text, doc: calls.append(text) or [])
    try:
        assert _compat.split_string(font, "NGUYỄN", ours) == []
    finally:
        _compat._reportlab_tested.cache_clear()
    assert calls == ["NGUYỄN"]


def test_binary_streams_is_scoped_and_restored_on_error():
    from reportlab import rl_config

    before = rl_config.useA85
    with _compat.binary_streams():
        assert rl_config.useA85 == 0
    assert rl_config.useA85 == before
    with pytest.raises(ValueError), _compat.binary_streams():
        raise ValueError
    assert rl_config.useA85 == before


def test_flate_with_is_scoped_and_restored_on_error():
    import zlib

    from reportlab.pdfbase import pdfdoc

    data = b"0 0 1 1 re\n" * 500 + bytes(range(256)) * 20
    before = pdfdoc.PDFStreamFilterZCompress.encode
    seen = []

    def compress(raw: bytes) -> bytes:
        seen.append(raw)
        return zlib.compress(raw, 1)

    with _compat.flate_with(compress):
        assert pdfdoc.PDFZCompress.encode(data) == zlib.compress(data, 1) != zlib.compress(data)
        assert pdfdoc.PDFZCompress.encode(data.decode("latin-1")) == zlib.compress(data.decode("latin-1").encode(), 1)
    assert seen == [data, data.decode("latin-1").encode()]  # a text stream is compressed as UTF-8, as reportlab does
    assert pdfdoc.PDFStreamFilterZCompress.encode is before
    assert pdfdoc.PDFZCompress.encode(data) == zlib.compress(data)
    with pytest.raises(ValueError), _compat.flate_with(compress):
        raise ValueError
    assert pdfdoc.PDFStreamFilterZCompress.encode is before


def test_flate_with_changes_nothing_on_an_untested_reportlab(monkeypatch):
    import reportlab
    from reportlab.pdfbase import pdfdoc

    before = pdfdoc.PDFStreamFilterZCompress.encode
    _compat._reportlab_tested.cache_clear()
    monkeypatch.setattr(reportlab, "Version", "7.0.0")
    try:
        with _compat.flate_with(lambda raw: b""):
            assert pdfdoc.PDFStreamFilterZCompress.encode is before
    finally:
        _compat._reportlab_tested.cache_clear()


def _pages_of_every_shape(patched: bool) -> bytes:
    """A document whose pages differ as pages can: size, a crop box, a link, forms used or not, a rotation."""
    import io

    from reportlab.lib.pagesizes import A4, A6
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    c.beginForm("cell")
    c.rect(10, 10, 50, 50)
    c.endForm()
    for n in range(14):
        if n in (3, 4):
            c.setPageSize(A6)
        if n == 5:
            c.setPageSize(A4)
        if n in (1, 2, 6, 9, 10, 11):
            c.doForm("cell")
        if n == 7:
            c.setCropBox((0, 0, 300, 300))
        if n == 8:
            c.setCropBox(None)
            c.linkURL("https://example.invalid", (10, 10, 60, 60))
        if n == 12:
            c.setPageRotation(90)
        c.drawString(100, 100, f"page {n}")
        c.showPage()
    if patched:
        with _compat.page_dicts_once():
            c.save()
    else:
        c.save()
    return buffer.getvalue()


def test_page_dictionaries_formatted_once_per_shape_give_the_same_file():
    """Pages of one shape reuse one formatted dictionary with their own content reference; a page of another
    shape (size, crop box, link, forms, rotation) gets its own or reportlab's: byte for byte reportlab's file."""
    from reportlab.pdfbase import pdfdoc

    assert _pages_of_every_shape(patched=True) == _pages_of_every_shape(patched=False)
    assert "format" not in vars(pdfdoc.PDFPage)  # put back after the save
    with pytest.raises(ValueError), _compat.page_dicts_once():
        raise ValueError
    assert "format" not in vars(pdfdoc.PDFPage)


def test_page_dictionaries_are_reportlabs_own_on_an_untested_reportlab(monkeypatch):
    import reportlab
    from reportlab.pdfbase import pdfdoc

    _compat._reportlab_tested.cache_clear()
    monkeypatch.setattr(reportlab, "Version", "7.0.0")
    try:
        with _compat.page_dicts_once():
            assert "format" not in vars(pdfdoc.PDFPage)
    finally:
        _compat._reportlab_tested.cache_clear()


@pytest.mark.parametrize("name", ["isal", "zlib"])
def test_a_sign_documents_streams_are_compressed_by_its_compressor(name, monkeypatch):
    """Every Flate stream of a sign file (pages, forms, fonts) is what the chosen compressor gives."""
    import re
    import zlib

    from qrsign.render import deflate, document, layout
    from qrsign.render.planning import Item

    if name == "isal":
        pytest.importorskip("isal", reason="isal has no wheel here (pyproject.toml leaves it out)")
    chosen, compress = deflate.compressor(name)
    assert chosen == name
    monkeypatch.setattr(deflate, "compressor", lambda: (chosen, compress))

    doc = document.SignDocument(layout.load("a6-de-ban"))
    fields = {"holder": "NGUYEN THI HUONG", "name": "Nguyễn Thị Hường", "account_grouped": "0011 0012 3456",
              "bank": "Vietcombank", "stall_line": "Quầy 12"}
    payload = "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"
    doc.add_page([Item(payload=payload, fields=fields, label="1")])
    pdf = doc.to_bytes()
    stream = re.compile(rb"<<\n/Filter \[ /FlateDecode \] /Length (\d+)[^>]*>>\r?\nstream\r?\n")
    assert len(stream.findall(pdf)) >= 4  # the page, the forms, the font subsets
    for match in stream.finditer(pdf):
        raw = pdf[match.end():match.end() + int(match.group(1))]
        assert compress(zlib.decompress(raw)) == raw


def test_a_sign_document_leaves_the_global_setting_alone():
    from reportlab import rl_config

    from qrsign.render import layout
    from qrsign.render.document import SignDocument

    before = rl_config.useA85
    doc = SignDocument(layout.load("a6-de-ban"))
    assert rl_config.useA85 == before  # between calls the process-wide setting is untouched
    data = doc.to_bytes()
    assert rl_config.useA85 == before
    assert b"ASCII85Decode" not in data


def test_subset_tags_patch_reportlabs_tag_function_only_while_a_font_writes_its_subsets():
    import re

    from reportlab.pdfbase import ttfonts

    from qrsign.render import layout
    from qrsign.render.document import SignDocument

    real = ttfonts.SUBSETN
    assert callable(real) and real(0) == b"AAAAAA"  # reportlab's own: the same tag for every font's first subset
    data = SignDocument(layout.load("a6-de-ban")).to_bytes()
    assert ttfonts.SUBSETN is real  # restored
    tags = [t for t in re.findall(rb"/BaseFont\s*/([A-Z]{6})\+", data)]
    assert tags and len(set(tags)) == len(tags) and b"AAAAAA" not in tags


# --------------------------------------------------------------------------------------------------
# the standard library


def test_pool_processes_lists_the_workers():
    with ProcessPoolExecutor(max_workers=1) as executor:
        executor.submit(int, "1").result()
        assert isinstance(executor._processes, dict)
        processes = _compat.pool_processes(executor)
        assert len(processes) == 1 and callable(processes[0].kill)


def test_pool_processes_empty_on_another_shape():
    class Other:
        _processes = None

    assert _compat.pool_processes(Other()) == []


def test_the_sheet_reader_uses_the_probe_only_while_loading(tmp_path, monkeypatch):
    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from qrsign.intake import sheet

    original = ReadOnlyWorksheet.__dict__["_get_size"]
    seen = []
    real_load = openpyxl.load_workbook

    def spy(*args, **kwargs):
        seen.append((kwargs.get("read_only"), ReadOnlyWorksheet.__dict__["_get_size"] is not original))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    monkeypatch.setenv("QRSIGN_XLSX_READER", "openpyxl")  # the plain file would be read without openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Chợ")
    ws.append(["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"])
    ws.append([1, "Đỗ Thị Lan", "12", "ACB", "257678859"])
    path = tmp_path / "w.xlsx"
    wb.save(path)
    tables = sheet.read(path)
    assert [r.get("name") for r in tables[0].rows] == ["Đỗ Thị Lan"]
    assert seen and all(active for read_only, active in seen if read_only)
    assert ReadOnlyWorksheet.__dict__["_get_size"] is original  # nothing left patched


def test_a_page_is_written_as_binary_streams_and_the_setting_restored():
    from reportlab import rl_config

    from qrsign.intake.check import VendorRow
    from qrsign.models import make_vendor
    from qrsign.render import layout
    from qrsign.render.document import SignDocument
    from qrsign.render.planning import pages_for

    before = rl_config.useA85
    t = layout.load("a6-de-ban")
    vr = VendorRow(make_vendor(name="Đỗ Thị Lan", bank_bin="ACB", account="257678859"), None, None)
    doc = SignDocument(t)
    (page,) = pages_for(t, [vr], "01/12/2026", "")
    doc.add_page(page.items, page.page_fields)
    assert rl_config.useA85 == before
    assert b"ASCII85Decode" not in doc.to_bytes()
    assert rl_config.useA85 == before


# --------------------------------------------------------------------------------------------------
# openpyxl: the member of a read-only worksheet


def _two_sheet_book(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Khu A"
    wb.create_sheet("Khu B")["A1"] = "x"
    wb["Khu B"].row_dimensions[3].hidden = True
    path = tmp_path / "two.xlsx"
    wb.save(path)
    return path


def test_read_only_worksheet_keeps_its_member_name(tmp_path):
    import openpyxl

    path = _two_sheet_book(tmp_path)
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb["Khu B"]._worksheet_path == "xl/worksheets/sheet2.xml"  # the private attribute, its shape
    assert _compat.worksheet_member(wb["Khu A"], path) == "xl/worksheets/sheet1.xml"
    assert _compat.worksheet_member(wb["Khu B"], path) == "xl/worksheets/sheet2.xml"
    wb.close()


def test_worksheet_member_the_public_way_on_an_untested_openpyxl(tmp_path, monkeypatch):
    import openpyxl

    path = _two_sheet_book(tmp_path)
    wb = openpyxl.load_workbook(path, read_only=True)
    monkeypatch.setattr(openpyxl, "__version__", "4.0.0")
    assert _compat.worksheet_member(wb["Khu B"], path) == "xl/worksheets/sheet2.xml"  # from the workbook's parts
    assert _compat._member_from_parts(path, "Khu A") == "xl/worksheets/sheet1.xml"
    assert _compat._member_from_parts(path, "Khu C") is None
    assert _compat._member_from_parts(tmp_path / "missing.xlsx", "Khu A") is None
    wb.close()


def test_the_sheet_reader_finds_hidden_rows_through_the_member(tmp_path, monkeypatch):
    import openpyxl

    from qrsign.intake.formats import xlsx
    from qrsign.intake.limits import DEFAULT_LIMITS

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chợ"
    ws.append(["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"])
    ws.append([1, "Đỗ Thị Lan", "12", "ACB", "257678859"])
    ws.append([2, "Trần Văn Bình", "13", "ACB", "257678860"])
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "h.xlsx"
    wb.save(path)
    for version in (openpyxl.__version__, "4.0.0"):  # the private attribute, then the public way
        monkeypatch.setattr(openpyxl, "__version__", version)
        (source,) = xlsx.sheets(path, DEFAULT_LIMITS)
        assert [r.hidden for r in source.rows] == [False, False, True], version


# --------------------------------------------------------------------------------------------------
# click


def test_click_is_in_the_tested_range():
    import importlib.metadata

    version = importlib.metadata.version("click")
    assert _compat.in_range(version, _compat.CLICK_RANGE), version


def test_click_version_is_the_installed_one(tmp_path, monkeypatch):
    """Read from the ``.dist-info`` folder beside the package, or asked of importlib.metadata when there is none."""
    import importlib.metadata

    import click

    installed = importlib.metadata.version("click")
    assert _compat.click_version() == installed
    monkeypatch.setattr(click, "__file__", str(tmp_path / "click" / "__init__.py"))
    (tmp_path / "click-0.1.dist-info").mkdir()
    assert _compat.click_version() == "0.1"
    (tmp_path / "click-0.2.dist-info").mkdir()  # a stale folder beside it: the installer's record decides
    assert _compat.click_version() == installed


def test_click_modules_still_look_their_texts_up_through_gettext():
    import gettext
    import importlib

    for name in _compat.CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        assert getattr(module, "_", None) is gettext.gettext, name
    from click.core import Command

    assert "_(" in inspect.getsource(Command.format_options)  # looked up per call, not bound at import


def test_click_texts_is_scoped_and_restored_on_error():
    import gettext

    import click
    import click.core
    from click.testing import CliRunner

    @click.command()
    @click.option("--x")
    def cmd(x):
        pass

    def upper(message: str) -> str:
        return message.upper()

    with _compat.click_texts(upper) as active:
        assert active and click.core._ is upper
        assert "OPTIONS:" in CliRunner().invoke(cmd, ["--help"]).output
    assert click.core._ is gettext.gettext
    assert "Options:" in CliRunner().invoke(cmd, ["--help"]).output
    with pytest.raises(KeyError), _compat.click_texts(upper):
        raise KeyError("boom")
    assert click.core._ is gettext.gettext


def test_click_texts_off_on_an_untested_click(monkeypatch):
    import gettext

    import click.core

    monkeypatch.setattr(_compat, "click_version", lambda: "9.0.0")
    with _compat.click_texts(str.upper) as active:
        assert not active and click.core._ is gettext.gettext


def test_the_cli_leaves_click_alone_afterwards():
    import gettext

    import click.core
    from click.testing import CliRunner

    from qrsign.cli.main import main

    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "TUỲ_CHỌN" in result.output  # Vietnamese by default, during the call
    assert click.core._ is gettext.gettext


def test_workers_use_the_executors_own_terminate_where_python_has_it(monkeypatch):
    """Python 3.14 gives ProcessPoolExecutor.terminate_workers(): used instead of the private attributes."""
    from qrsign.building import workers

    calls = []

    class Executor:
        def __init__(self, **_):
            pass

        def submit(self, *a):
            pass

        def terminate_workers(self):
            calls.append("terminate")

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Executor)
    monkeypatch.setattr(workers._compat, "pool_processes", lambda ex: pytest.fail("private attributes used"))
    workers.Workers(1, warm=False).kill()
    assert calls == ["terminate"]


_FORKED_POOL = """
import sys
from qrsign import _compat
from qrsign.building import workers
pool = workers.Workers(2)
forked = workers._pool_context().get_start_method() == "fork"
loaded = "reportlab.pdfgen.canvas" in sys.modules
started = len(_compat.pool_processes(pool.executor))
pool.kill()
print(forked, loaded, started)
"""


def test_a_forked_pool_is_warmed_once_in_the_parent_and_a_spawned_one_in_each_worker():
    """Forked workers start with what the parent loaded: reportlab and the fonts are loaded once there (none
    of the workers is started, so none loads them again); spawned workers each load them while the parent
    reads the sheet."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for method, expected in (("fork", "True True 0"), ("spawn", "False False 2")):
        env = {**os.environ, "PYTHONPATH": str(root), "QRSIGN_START_METHOD": method}
        out = subprocess.run([sys.executable, "-c", _FORKED_POOL], capture_output=True, text=True, env=env,
                             timeout=120, check=True).stdout.split()
        assert " ".join(out) == expected, method


def _freeze_count() -> tuple[int, tuple[int, int, int]]:
    import gc

    return gc.get_freeze_count(), gc.get_threshold()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_keeps_what_it_starts_with_out_of_the_collectors_sight(monkeypatch, method):
    """gc.freeze() in every worker: its start (a forked parent's heap, or its imports) is never walked by a
    full collection, which would also dirty every inherited page for the kernel to copy."""
    if method not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"no {method} here")
    from qrsign.building import workers

    monkeypatch.setenv("QRSIGN_START_METHOD", method)
    with workers.Workers(1, warm=False) as pool:
        frozen, thresholds = pool.submit(_freeze_count).result(timeout=60)
    assert frozen > 1000 and thresholds == _compat.GC_THRESHOLDS


def _slow_square(n: int, seconds: float) -> int:
    import time

    time.sleep(seconds)
    return n * n


def test_a_closed_pool_still_returns_every_result_and_its_workers_leave_on_their_own():
    """``Workers.close`` (a build's last unit handed over): the work queued still comes back, and each worker
    leaves once it is done, before the pool is left (so the build's end does not wait for them)."""
    import multiprocessing

    from qrsign.building import workers

    with workers.Workers(2, warm=False) as pool:
        futures = [pool.submit(_slow_square, n, 0.05) for n in range(6)]
        pool.close()
        assert pool._closed is not None  # this Python's pool is one qrsign knows: closed early
        assert sorted(f.result(timeout=60) for f in futures) == [n * n for n in range(6)]
        thread, processes = pool._closed
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0  # left on its own, not killed
    assert not thread.is_alive() and not multiprocessing.active_children()


def test_leaving_a_closed_pool_waits_for_its_workers():
    """The executor forgets its workers once closed; leaving the pool still waits for them: no worker of a build
    outlives it."""
    import multiprocessing

    from qrsign.building import workers

    with workers.Workers(1, warm=False) as pool:
        future = pool.submit(_slow_square, 7, 0.3)
        pool.close()
        _, processes = pool._closed
    assert future.done() and future.result() == 49
    assert not any(p.is_alive() for p in processes) and not multiprocessing.active_children()


@pytest.mark.parametrize("can_terminate", [False, True])
def test_a_closed_pool_is_still_killed_at_once(can_terminate):
    """Ctrl-C after the last unit was handed over: the closed pool's workers are killed, not waited for. Also
    where the executor has Python 3.14's ``terminate_workers``, which works through the executor's list of
    workers, which closing empties: a closed pool kills the workers it kept instead."""
    import multiprocessing
    import time

    from qrsign.building import workers

    pool = workers.Workers(1, warm=False)
    pool.submit(_slow_square, 3, 15.0)
    pool.close()
    _, processes = pool._closed
    calls = []
    if can_terminate:
        pool.executor.terminate_workers = lambda: calls.append("terminate")  # as on Python 3.14+
    started = time.monotonic()
    pool.kill()
    for process in processes:
        process.join(timeout=10)
    assert calls == [] and time.monotonic() - started < 8 and not multiprocessing.active_children()


def test_a_library_callers_collector_is_left_as_it_was(tmp_path):
    """The batch thresholds are for qrsign's own processes: a build through the API leaves the caller's alone
    (its workers and reading child are qrsign's, and get them)."""
    import datetime as dt
    import gc
    from pathlib import Path

    from qrsign import api

    before = gc.get_threshold(), gc.get_freeze_count()
    api.build(Path(__file__).resolve().parents[1] / "examples" / "cho-mau.csv", tmp_path / "out", jobs=2,
              date=dt.date(2026, 1, 15))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_program_sets_the_batch_thresholds_for_itself():
    import subprocess
    import sys

    code = "import gc, qrsign.cli.main as m; m.main = lambda: print(gc.get_threshold()); m.run()"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.strip() == str(_compat.GC_THRESHOLDS)


_HELD = """
import gc, json, sys
import qrsign.cli.main as m
from qrsign.building import pipeline
from qrsign.intake import aside, sheet

out, example = sys.argv[1], sys.argv[2]
seen = {}
real_early, real_plan, real_read = aside.early, pipeline._read_and_plan, sheet.read

def early(*a, **k):
    seen["loading"] = gc.isenabled()
    return real_early(*a, **k)

def plan(*a, **k):
    seen["building"] = [gc.isenabled(), gc.get_freeze_count() > 0]
    return real_plan(*a, **k)

def read(*a, **k):  # in the reading child, forked while the program held its collector
    with open(out + ".child", "w") as f:
        f.write(json.dumps(gc.isenabled()))
    return real_read(*a, **k)

aside.early, pipeline._read_and_plan, sheet.read = early, plan, read
sys.argv = ["qrsign", "build", example, "-o", out, "--jobs", "2", "--quiet", "--date", "2026-01-15"]
try:
    m.main()
except SystemExit:
    pass
print(json.dumps(seen))
"""


def test_the_program_holds_its_collector_while_a_build_loads_and_its_children_collect(tmp_path):
    """No collection while the build's modules load (the first would walk all they made), then what they
    made is frozen and the collector runs again; the reading child forked meanwhile collects."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from qrsign.intake import aside

    if not aside.can_read_aside(2):
        pytest.skip("no fork here: the sheet is read in the program itself")
    example = Path(__file__).resolve().parents[1] / "examples" / "cho-mau.xlsx"
    out = tmp_path / "out"
    code = "import qrsign._compat as c; c.batch_collector(freeze=False)\n" + _HELD
    done = subprocess.run([sys.executable, "-c", code, str(out), str(example)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"loading": False, "building": [True, True]}
    assert json.loads((tmp_path / "out.child").read_text()) is True


def test_the_collector_is_held_only_in_the_program_with_one_thread(monkeypatch):
    """A library caller's collector is its own, and ``qrsign serve`` builds in threads for days: no hold."""
    import gc
    import threading

    assert gc.isenabled()
    monkeypatch.setattr(_compat, "_own_process", False)
    with _compat.held_collections():
        assert gc.isenabled()
    monkeypatch.setattr(_compat, "_own_process", True)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with _compat.held_collections():
            assert gc.isenabled()
    finally:
        stop.set()
        thread.join()
    assert gc.isenabled() and not _compat._holding


_HANDOVER = """
import json, sys
import qrsign._compat as c
import qrsign.cli.main as m
from qrsign.building import workers

out, example, jobs = sys.argv[1], sys.argv[2], sys.argv[3]
c.batch_collector(freeze=False)  # as the program's run() does: this process is qrsign's own
seen = {"before": sys.getswitchinterval(), "submits": []}
real_submit = workers.Workers.submit

def submit(self, fn, *args):
    seen["submits"].append(sys.getswitchinterval())
    return real_submit(self, fn, *args)

workers.Workers.submit = submit
sys.argv = ["qrsign", "build", example, "-o", out, "--jobs", jobs, "--quiet", "--date", "2026-01-15"]
try:
    m.main()
except SystemExit:
    pass
seen["after"] = sys.getswitchinterval()
print(json.dumps(seen))
"""


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_the_program_hands_units_over_quickly_while_it_builds_with_workers(tmp_path, jobs):
    """Every unit is handed to the pool while a waiting thread gets the GIL within 0.5 ms; before and after
    the build, the interpreter's own 5 ms. Without workers there is nothing to hand over: no change."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "cho-mau.xlsx"
    done = subprocess.run([sys.executable, "-c", _HANDOVER, str(tmp_path / "out"), str(example), jobs],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] == seen["after"] == 0.005
    if jobs == "2":
        assert seen["submits"] and set(seen["submits"]) == {_compat.HANDOVER_SWITCH_INTERVAL}
    else:
        assert seen["submits"] == []


def test_the_switch_interval_is_changed_only_in_the_program_with_one_thread(monkeypatch):
    """A library caller's interpreter is its own, and ``qrsign serve`` has threads: no change there."""
    import sys
    import threading

    before = sys.getswitchinterval()
    monkeypatch.setattr(_compat, "_own_process", False)
    with _compat.quick_handover():
        assert sys.getswitchinterval() == before
    monkeypatch.setattr(_compat, "_own_process", True)
    with pytest.raises(ValueError), _compat.quick_handover():
        assert sys.getswitchinterval() == _compat.HANDOVER_SWITCH_INTERVAL != before
        raise ValueError
    assert sys.getswitchinterval() == before
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with _compat.quick_handover():
            assert sys.getswitchinterval() == before
    finally:
        stop.set()
        thread.join()


def _canvas_with_form():
    import io

    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(io.BytesIO(), invariant=True)  # no date nor random ID: two canvases, the same bytes
    canvas.beginForm("cell")
    canvas.rect(0, 0, 10, 10)
    canvas.endForm()
    canvas.setFillGray(0.5)
    return canvas


@pytest.mark.parametrize("x, y", [(0, 0), (14.173228, 733.4), (-3.5, 1e-7), (595.2755905511812, 841.8897637795277)])
def test_form_at_writes_what_reportlabs_four_calls_write(x, y):
    theirs, ours = _canvas_with_form(), _canvas_with_form()
    theirs.translate(1, 2)  # an earlier "cm": the form's own "cm" must not merge with it (after "q" it cannot)
    ours.translate(1, 2)
    theirs.saveState()
    theirs.translate(x, y)
    theirs.doForm("cell")
    theirs.restoreState()
    _compat.form_at(ours, "cell", x, y)
    assert ours._code == theirs._code and ours._code[-4:][0] == "q" and ours._code[-1] == "Q"
    assert ours._formsinuse == theirs._formsinuse == ["cell"]
    assert {k: ours.__dict__[k] for k in ours.STATE_ATTRIBUTES if k != "_extgstate"} == \
        {k: theirs.__dict__[k] for k in theirs.STATE_ATTRIBUTES if k != "_extgstate"}
    ours.showPage(), theirs.showPage()
    assert ours.getpdfdata() == theirs.getpdfdata()


def test_form_at_uses_the_four_calls_on_an_untested_reportlab(monkeypatch):
    import reportlab

    canvas = _canvas_with_form()
    calls = []
    for name in ("saveState", "translate", "doForm", "restoreState"):
        monkeypatch.setattr(canvas, name, lambda *a, name=name: calls.append((name, *a)))
    _compat._reportlab_tested.cache_clear()
    monkeypatch.setattr(reportlab, "Version", "7.0.0")
    try:
        _compat.form_at(canvas, "cell", 3, 4)
    finally:
        _compat._reportlab_tested.cache_clear()
    assert calls == [("saveState",), ("translate", 3, 4), ("doForm", "cell"), ("restoreState",)]


# --------------------------------------------------------------------------------------------------
# Pillow, loaded when a picture needs it (reportlab imports it at import time)

_LAZY_BUILD = """
import json, sys
from pathlib import Path
from qrsign import _compat
from qrsign.cli import main as m

out, example, jobs, logo = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
_compat.batch_collector(freeze=False)  # as the program's run() does: this process is qrsign's own
args = ["qrsign", "build", example, "-o", out, "--jobs", jobs, "--quiet", "--date", "2026-01-15"]
sys.argv = args + (["--logo", f"left={logo}"] if logo else [])
try:
    m.main()
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "pillow_ran": "PIL.ImageMode" in sys.modules,
                  "lazy": type(sys.modules.get("PIL.Image")).__name__}))
"""


def _lazy_build(tmp_path, jobs: str, logo: str = "") -> dict:
    import json
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples" / "cho-mau.xlsx"
    done = subprocess.run([sys.executable, "-c", _LAZY_BUILD, str(tmp_path / "out"), str(example), jobs, logo],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_program_builds_signs_without_running_pillow(tmp_path):
    """reportlab's ``from PIL import Image`` gets a module that has not run: no sign, checklist or QR draws a
    picture, so Pillow never runs in the program's process, and the signs are the same (a test of the
    examples holds them to their golden payloads; here, every code decodes)."""
    from conftest import decode_pdf

    seen = _lazy_build(tmp_path, "2")
    assert seen == {"code": 0, "pillow_ran": False, "lazy": "_LazyModule"}
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert pdfs and all(codes and all(codes) for codes in (decode_pdf(p) for p in pdfs))


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_a_logo_still_loads_pillow_where_it_is_drawn(tmp_path, jobs):
    """The lazy module runs at its first use: a logo drawn by a worker (or here, with one job) is in the PDF."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 60), (200, 30, 30)).save(logo)
    seen = _lazy_build(tmp_path, jobs, str(logo))
    assert seen["code"] == 0
    pdf = next((tmp_path / "out").rglob("a4-treo*.pdf")).read_bytes()
    assert b"/Subtype /Image" in pdf or b"/Subtype/Image" in pdf


def test_pillow_is_made_lazy_only_in_the_program_with_one_thread():
    """A library caller's process and ``qrsign serve``'s (threads) keep the import as it is; so does a
    process that has loaded Pillow already. Each case in a fresh process (this one has loaded Pillow)."""
    cases = {
        "library": "pass",
        "threads": "_compat.batch_collector(freeze=False)\n"
                   "import threading\nstop = threading.Event()\n"
                   "threading.Thread(target=stop.wait, daemon=True).start()",
        "loaded": "_compat.batch_collector(freeze=False)\nimport PIL.Image",
        "program": "_compat.batch_collector(freeze=False)",
    }
    got = {name: _fresh("import sys\nfrom qrsign import _compat\n" + setup + "\n"
                        "print(_compat.lazy_pillow(), type(sys.modules.get('PIL.Image')).__name__)")
           for name, setup in cases.items()}
    assert got == {"library": "False NoneType", "threads": "False NoneType", "loaded": "False module",
                   "program": "True _LazyModule"}


def test_a_lazy_pillow_works_when_it_is_first_used():
    """In a fresh process: reportlab imported without running Pillow, then a picture made with it."""
    out = _fresh(
        "import sys\n"
        "from qrsign import _compat\n"
        "_compat.batch_collector(freeze=False)\n"
        "made = _compat.lazy_pillow()\n"
        "import reportlab.pdfgen.canvas\n"
        "from reportlab.lib import utils\n"
        "before = 'PIL.ImageMode' in sys.modules\n"
        "from PIL import Image\n"
        "im = Image.new('L', (3, 2), 7)\n"
        "print(made, utils.haveImages, before, im.size, 'PIL.ImageMode' in sys.modules, isinstance(im, Image.Image))")
    assert out == "True True False (3, 2) True True"
