"""Every use of a library's private parts, in one place, each guarded by the versions it was tested with.

qrsign leans on a few internals where the public API has no equivalent. Each
one lives here, with

- a **version guard**: outside the tested range the code falls back to the
  public (slower, but correct) path, or refuses clearly, instead of silently
  doing something else;
- a **scoped effect**: nothing is patched process-wide for longer than the
  call that needs it, and everything is restored on error (three exceptions, only in
  qrsign's own processes, never a library caller's: :func:`batch_collector` sets the
  collector, :func:`lazy_pillow` Pillow's loading and :func:`precompiled_dataclasses`
  how ``dataclasses`` compiles, for the process's life);
- a test in ``tests/test_compat.py`` that fails when the library changes the
  part under it (the attribute is gone or has another shape).

``pyproject.toml`` puts upper bounds on exactly these libraries (openpyxl,
reportlab, click); libraries used only through their public API have none.

| what | library | why |
|---|---|---|
| :func:`import_openpyxl` | openpyxl's optional ``import numpy`` (``openpyxl.compat.numbers``) | 0.1 s less start-up |
| :func:`fast_dimensions` | openpyxl ``ReadOnlyWorksheet._get_size`` | stop at ``<sheetData>`` |
| :func:`plain_strings` | openpyxl ``Text`` in ``reader.strings``, ``worksheet._reader`` | strings read 25× faster |
| :func:`worksheet_cells` | openpyxl ``Worksheet._cells`` | only the cells that exist |
| :func:`worksheet_member` | openpyxl ``ReadOnlyWorksheet._worksheet_path`` | hidden rows, merges |
| :func:`canvas_document` | reportlab ``Canvas._doc`` | font subsets for literal text |
| :func:`binary_streams` | reportlab ``rl_config.useA85`` (global setting) | 20 % smaller PDFs |
| :func:`subset_tags` | reportlab ``ttfonts.SUBSETN`` (module function) | a distinct tag per font subset |
| :func:`flate_with` | reportlab ``PDFStreamFilterZCompress.encode`` (zlib's default level) | streams 3-6× faster |
| :func:`split_string` | reportlab ``TTFont.state[doc].assignments`` | text of known glyphs split 3× faster |
| :func:`form_at` | reportlab ``Canvas._code``, ``Canvas._formsinuse`` | a cell's static parts placed 3× faster |
| :func:`scaled_widths` | rl_accel's ``instanceStringWidthTTF`` arithmetic | a kept width scaled, not measured again |
| :func:`pool_processes` | stdlib ``ProcessPoolExecutor._processes`` | kill workers at once |
| :func:`exit_now` | stdlib ``atexit._run_exitfuncs`` | the program ends without tearing every module down |
| :func:`quick_handover` | stdlib ``sys.setswitchinterval`` (the whole interpreter's) | units reach workers sooner |
| :func:`lazy_pillow` | reportlab imports ``PIL.Image``; stdlib ``LazyLoader`` | Pillow only for pictures |
| :func:`unsafe_xml_errors` | defusedxml's public exception classes | not matched by name |
| :func:`click_texts` | click's module-level ``_`` (its gettext alias) | click's own texts in Vietnamese |
| :func:`precompiled_dataclasses` | stdlib ``dataclasses``' module-level name ``exec`` | not compiled at each start |
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TypeVar

#: Tested ranges, ``(lowest, first untested)``; versions compare as tuples of ints.
OPENPYXL_RANGE = ((3, 1), (3, 2))
REPORTLAB_RANGE = ((4, 0), (6, 0))
PYTHON_RANGE = ((3, 11), (3, 15))
CLICK_RANGE = ((8, 1), (9, 0))

F = TypeVar("F", bound=Callable[..., Any])


def version_tuple(version: str) -> tuple[int, ...]:
    """``"3.1.5"`` → ``(3, 1, 5)``; a suffix (``rc1``, ``.post2``) ends the tuple.

    >>> version_tuple("3.1.5"), version_tuple("4.2.0rc1"), version_tuple("5")
    ((3, 1, 5), (4, 2, 0), (5,))
    """
    out: list[int] = []
    for part in version.split("."):
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        out.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(out)


def in_range(version: str | tuple[int, ...], tested: tuple[tuple[int, ...], tuple[int, ...]]) -> bool:
    """True when ``version`` is within ``tested`` (lowest included, first untested excluded).

    >>> in_range("3.1.5", OPENPYXL_RANGE), in_range("3.2.0", OPENPYXL_RANGE), in_range("3.0.10", OPENPYXL_RANGE)
    (True, False, False)
    """
    v = version_tuple(version) if isinstance(version, str) else version
    low, high = tested
    return low <= v[: len(low)] and v[: len(high)] < high


# --------------------------------------------------------------------------------------------------
# openpyxl

#: Whether this process is qrsign's own program (set by the CLI): openpyxl is then imported without numpy.
_lean_openpyxl = False


def lean_openpyxl(on: bool = True) -> None:
    """Say that this process is qrsign's own (the CLI): :func:`import_openpyxl` may leave numpy out.

    A library caller's process is left as openpyxl makes it (numpy scalars stay cell values there).
    """
    global _lean_openpyxl
    _lean_openpyxl = on


def import_openpyxl() -> Any:
    """openpyxl, imported without numpy when :func:`lean_openpyxl` was called and nothing loaded numpy yet.

    openpyxl imports numpy whenever it is installed (``openpyxl.compat.numbers``), only to accept numpy
    scalars as cell values, which qrsign never writes; that import is more than half of openpyxl's. A
    ``None`` in ``sys.modules`` is Python's documented way to make an import fail
    (``ModuleNotFoundError``), which openpyxl treats as "numpy is not installed"; the entry is taken out
    again as soon as openpyxl is loaded, so a later ``import numpy`` works. Should an openpyxl need numpy
    for good, the import is retried the ordinary way.
    """
    if "openpyxl" in sys.modules or not _lean_openpyxl or "numpy" in sys.modules:
        import openpyxl

        return openpyxl
    with _probe_lock:
        sys.modules["numpy"] = None  # type: ignore[assignment]
        try:
            import openpyxl  # an import statement, so ``python -X importtime`` shows it

            return openpyxl
        except ImportError:  # an openpyxl that cannot do without numpy: load both, as it wants
            for name in [m for m in sys.modules if m == "openpyxl" or m.startswith("openpyxl.")]:
                del sys.modules[name]
        finally:
            if "numpy" in sys.modules and sys.modules["numpy"] is None:
                del sys.modules["numpy"]
    import openpyxl

    return openpyxl


def _openpyxl_tested() -> bool:
    openpyxl = import_openpyxl()
    return in_range(openpyxl.__version__, OPENPYXL_RANGE)


_probe_lock = threading.RLock()


@contextlib.contextmanager
def fast_dimensions() -> Iterator[bool]:
    """While open, openpyxl's read-only sheets read ``<dimension>`` without a full pass over the sheet.

    openpyxl 3.1 looks for ``<dimension>`` with end events, so when a sheet has
    none (files written by openpyxl's own write-only mode, some exporters) it
    parses the whole sheet once just to learn that, then again to read it:
    twice the time, and 20 s before the first row on a crafted file. The
    element always comes before ``<sheetData>``; stopping at the start of
    ``<sheetData>`` gives the same answer. qrsign never relies on the
    dimensions: it reads rows until the sheet ends, with its own caps.

    ``ReadOnlyWorksheet.__init__`` calls ``_get_size``, so the replacement is
    only needed while ``load_workbook`` runs: it is installed on entry and the
    original put back on exit (also on error). Yields whether it is active; on
    an untested openpyxl it is not (the sheet is then read the slow, public
    way, with the same result).
    """
    if not _openpyxl_tested():
        yield False
        return
    from openpyxl.worksheet import _read_only
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    cls: Any = _read_only.ReadOnlyWorksheet

    def _get_size(self: Any) -> None:
        src = self._get_source()
        try:
            for event, element in iterparse(src, events=("start", "end")):
                if element.tag == DATA_TAG:
                    return
                if event == "end" and element.tag == DIMENSION_TAG:
                    dims = SheetDimension.from_tree(element).boundaries
                    if dims is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = dims
                    return
        finally:
            src.close()

    with _probe_lock:
        original = cls.__dict__["_get_size"]
        cls._get_size = _get_size
        try:
            yield True
        finally:
            cls._get_size = original


class _Plain:
    """What openpyxl's ``Text.from_tree(node).content`` gives for a string of one plain run: its text."""

    __slots__ = ("content",)

    def __init__(self, content: str):
        self.content = content


@functools.cache
def _plain_text_class() -> type:
    """openpyxl's ``Text`` with a ``from_tree`` that reads a one-run string (``<t>…</t>``) directly."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS

    run = f"{{{SHEET_MAIN_NS}}}t"

    class PlainText(Text):
        @classmethod
        def from_tree(cls, node: Any) -> Any:
            if len(node) == 1 and not node.attrib:
                t = node[0]
                if t.tag == run and not len(t):  # <t>text</t> alone: no runs, no phonetic part, nothing inside
                    return _Plain(t.text if t.text is not None else "")
            return Text.from_tree(node)

    return PlainText


def _string_readers() -> list[Any]:
    """The openpyxl modules that turn a string's XML into text with ``Text.from_tree(…).content``."""
    from openpyxl.cell import text
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    return [m for m in (strings, _reader) if m.__dict__.get("Text") is text.Text]


@contextlib.contextmanager
def plain_strings() -> Iterator[bool]:
    """While open, openpyxl reads a string that is one plain run without building a rich-text object.

    openpyxl reads every shared string (``read_string_table``) and every inline
    string cell (``WorkSheetParser.parse_cell``) through ``Text.from_tree(node).content``:
    a descriptor-checked object per string, 8 µs, to return the text of the one
    ``<t>`` most strings are; read directly it is 0.3 µs. Anything else (rich
    runs, phonetic parts) still goes through ``Text``, so the text is the same
    (``tests/test_compat.py`` compares both on every shape). Installed on entry and
    put back on exit, also on error; off on an untested openpyxl.
    """
    if not _openpyxl_tested():
        yield False
        return
    modules = _string_readers()
    with _plain_text_in(modules):
        yield bool(modules)


@contextlib.contextmanager
def _plain_text_in(modules: list[Any]) -> Iterator[None]:
    with _probe_lock:
        originals = [m.Text for m in modules]
        for m in modules:
            m.Text = _plain_text_class()
        try:
            yield
        finally:
            for m, original in zip(modules, originals, strict=True):
                m.Text = original


def plain_string_rows(rows: Iterator[Any]) -> Iterator[Any]:
    """The rows of a read-only worksheet, each parsed with :func:`plain_strings` (only while it is parsed)."""
    if not _openpyxl_tested():
        yield from rows
        return
    modules = _string_readers()
    while True:
        with _plain_text_in(modules):
            try:
                row = next(rows)
            except StopIteration:
                return
        yield row


def worksheet_cells(ws: Any) -> list[Any]:
    """The cells an editable worksheet really holds.

    ``iter_rows`` creates every cell of the used rectangle, so one stray value
    in column GR of row 100 000 would make millions of cells; the worksheet's
    own cell table (``_cells``, a dict keyed by (row, column)) holds only those
    that exist. On an untested openpyxl, the public (slow) way.
    """
    table = getattr(ws, "_cells", None) if _openpyxl_tested() else None
    if isinstance(table, dict):
        return list(table.values())
    return [cell for row in ws.iter_rows() for cell in row]


def worksheet_member(ws: Any, path: Any) -> str | None:
    """The zip member (``xl/worksheets/sheet1.xml``) of a read-only worksheet, or None when it has none.

    openpyxl's streaming mode gives no hidden rows, hidden columns or merged
    ranges, so :mod:`qrsign.intake.sheet` scans the sheet's XML itself and needs its
    member name; the read-only worksheet keeps it as ``_worksheet_path``. On an
    untested openpyxl, or when the attribute is not a string, the public way:
    the workbook's own parts (``xl/workbook.xml`` and its relationships) are
    read to find the sheet named ``ws.title``. Same answer, one more small parse.
    """
    member = getattr(ws, "_worksheet_path", None) if _openpyxl_tested() else None
    if isinstance(member, str) and member:
        return member
    return _member_from_parts(path, ws.title)


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _member_from_parts(path: Any, title: str) -> str | None:
    """The member of the sheet called ``title``, from ``_rels/.rels``, the workbook part and its rels."""
    import posixpath
    import zipfile

    from defusedxml.ElementTree import fromstring

    def rels(zf: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
        tree = fromstring(zf.read(name))
        return {r.get("Id", ""): (r.get("Type", ""), r.get("Target", "")) for r in tree.iter(f"{_PKG_NS}Relationship")}

    def resolve(base: str, target: str) -> str:
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))

    try:
        with zipfile.ZipFile(path) as zf:
            book = next((resolve("", t) for kind, t in rels(zf, "_rels/.rels").values()
                         if kind.endswith("/officeDocument")), "xl/workbook.xml")
            folder, name = posixpath.split(book)
            targets = rels(zf, posixpath.join(folder, "_rels", name + ".rels"))
            for sheet in fromstring(zf.read(book)).iter():
                if sheet.tag.endswith("}sheet") and sheet.get("name") == title:
                    found = targets.get(sheet.get(f"{_REL_NS}id", ""))
                    return resolve(folder, found[1]) if found else None
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, SyntaxError):
        return None  # openpyxl meets the same damage and raises its typed error
    return None


def unsafe_xml_errors() -> tuple[type[BaseException], ...]:
    """The exceptions defusedxml raises for an XML bomb or an external entity (its public classes)."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

    return (EntitiesForbidden, DTDForbidden, ExternalReferenceForbidden)


# --------------------------------------------------------------------------------------------------
# reportlab


@functools.cache
def _reportlab_tested() -> bool:
    import reportlab

    return in_range(reportlab.Version, REPORTLAB_RANGE)


def canvas_document(canvas: Any) -> Any:
    """The ``PDFDocument`` behind a reportlab ``Canvas`` (``Canvas._doc``).

    Text is written as literal PDF operators (one ``addLiteral`` per box, far
    faster than ``drawString``), and ``TTFont.splitString`` needs the document
    to allocate font subsets. No public accessor exists; on an untested
    reportlab this refuses rather than guess.
    """
    if not _reportlab_tested():
        import reportlab

        raise RuntimeError(f"qrsign was not tested with reportlab {reportlab.Version} "
                           f"(tested: {REPORTLAB_RANGE[0]} to before {REPORTLAB_RANGE[1]})")
    return canvas._doc


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """reportlab writes binary (not ASCII85) streams while open: 20 % smaller files.

    ``rl_config.useA85`` is a process-wide setting read whenever a stream is
    formatted (forms, pages, images, the final save), so it is switched off
    only around those calls and put back afterwards, also on error.
    """
    from reportlab import rl_config

    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


@contextlib.contextmanager
def flate_with(compress: Callable[[bytes], bytes]) -> Iterator[None]:
    """reportlab compresses every stream (pages, forms, fonts) with ``compress`` while open, not with zlib at
    its default level 6: a faster deflate (:mod:`qrsign.render.deflate`), or zlib at level 1.

    Measured on 1,000 A4 signs and their checklists (``benchmarks/README.md``): zlib's level 1 takes 10 % less
    CPU for the whole drawing than level 6, for files 12 % larger; ISA-L's level 1 a third of zlib's level 1,
    6 % smaller. reportlab has no setting for it: its one Flate filter calls ``zlib.compress(data)``. The
    filter's ``encode`` is replaced only around the call (the final save) and put back, also on error; on
    an untested reportlab nothing is changed.
    """
    from reportlab.pdfbase import pdfdoc

    flate = getattr(pdfdoc, "PDFStreamFilterZCompress", None)
    if not _reportlab_tested() or flate is None or getattr(flate, "pdfname", None) != "FlateDecode":
        yield
        return

    def encode(self: Any, data: str | bytes) -> bytes:
        return compress(data.encode("utf8") if isinstance(data, str) else data)

    previous = flate.__dict__["encode"]
    flate.encode = encode
    try:
        yield
    finally:
        flate.encode = previous


#: Page attributes that, set, make a page unlike its neighbours: such a page is formatted by reportlab itself.
_UNUSUAL_PAGE = ("CropBox", "ArtBox", "BleedBox", "TrimBox", "Dur", "Annots", "Thumb", "B", "Hid", "AA", "PieceInfo",
                 "LastModified", "SeparationInfo", "ID", "PZ", "ExtGState", "_colorsUsed", "_shadingUsed")


def _page_shape(page: Any) -> tuple | None:
    """What a page dictionary is made of, besides its content stream, as a key; None for a page with anything
    else (an annotation, a crop box, colour spaces, transparency, an override): reportlab formats that one."""
    if getattr(page, "Override_default_compilation", 0) or any(getattr(page, a, None) for a in _UNUSUAL_PAGE):
        return None
    xobjects = page.XObjects
    names = getattr(xobjects, "dict", None) if xobjects is not None else {}
    trans = getattr(page.Trans, "dict", None) if page.Trans is not None else {}
    if names is None or trans is None or not all(isinstance(getattr(v, "name", None), str) for v in names.values()):
        return None
    return (page.pagewidth, page.pageheight, page.Rotate, bool(page.hasImages), page.compression,
            tuple(sorted((str(k), str(v)) for k, v in trans.items())),
            tuple(sorted((str(k), v.name) for k, v in names.items())))


@contextlib.contextmanager
def page_dicts_once() -> Iterator[None]:
    """While open, reportlab formats one page dictionary of each shape and reuses its bytes for the pages of
    that shape, with each page's own content reference put in.

    Every page of a sign file is alike but for its content stream (the same media box, fonts, forms and
    procedure sets), yet reportlab builds and formats the whole dictionary for each: about 50 small objects
    a page, 5-10 % of the drawing CPU by the profile (``benchmarks/README.md``). A page of another shape
    (:func:`_page_shape`) is formatted by reportlab, and references are taken in reportlab's order, so the
    file is byte for byte the same (``tests/test_compat.py``). Patched only around the save; on an untested
    reportlab nothing is changed.
    """
    from reportlab.pdfbase import pdfdoc

    page_class, catalog = getattr(pdfdoc, "PDFPage", None), getattr(pdfdoc, "PDFCatalog", None)
    if (not _reportlab_tested() or page_class is None or catalog is None or "format" in vars(page_class)
            or not callable(getattr(page_class, "check_format", None))):
        yield
        return
    original = catalog.format
    made: dict[tuple, tuple[bytes, bytes]] = {}

    def format(self: Any, document: Any) -> bytes:
        self.check_format(document)  # what reportlab's own format does first (it sets Contents, Parent …)
        shape = _page_shape(self)
        if shape is None:
            return original(self, document)
        contents = b"/Contents " + document.Reference(self.Contents).format(document)
        parts = made.get(shape)
        if parts is not None:
            return parts[0] + contents + parts[1]
        text = original(self, document)
        if text.count(contents) == 1:
            head, _, tail = text.partition(contents)
            made[shape] = (head, tail)
        return text

    page_class.format = format
    try:
        yield
    finally:
        del page_class.format


@contextlib.contextmanager
def subset_tags(font: Any, doc: Any) -> Iterator[None]:
    """While ``font`` (a reportlab ``TTFont``) writes its subsets into ``doc``, each gets its own tag.

    reportlab names subset *n* of every font ``SUBSETN(n)``: ``AAAAAA+`` for the
    first subset of each font, so a file's fonts all share one tag, which
    print-shop preflight flags (a tag names one subset). The tag is six capital
    letters from the font's name and the subset's characters: distinct, and the
    same from run to run (builds are byte-identical). Patched only for the call.
    """
    from reportlab.pdfbase import ttfonts

    state = getattr(font, "state", {}).get(doc)
    if not _reportlab_tested() or state is None or not callable(getattr(ttfonts, "SUBSETN", None)):
        yield
        return
    import hashlib

    def tag(n: int, *_: Any) -> bytes:
        digest = hashlib.sha256(repr((font.face.name, n, list(state.subsets[n]))).encode()).digest()
        return bytes(65 + b % 26 for b in digest[:6])

    previous = ttfonts.SUBSETN
    ttfonts.SUBSETN = tag
    try:
        yield
    finally:
        ttfonts.SUBSETN = previous


def form_at(canvas: Any, name: str, x: float, y: float) -> None:
    """Draw the form XObject ``name`` with its origin at (``x``, ``y``): what ``saveState``, ``translate``,
    ``doForm`` and ``restoreState`` write, the same operators, without the state they save and restore.

    Every sign and every checklist row places its cell's static parts this way (a checklist page seven
    times); reportlab's four calls copy the canvas's 23 state attributes and back, for no change in the end:
    6 µs a cell, this 2 µs. Inside a page (``Canvas._code`` is the page's operators, ``Canvas._formsinuse`` the
    forms its resources name); on an untested reportlab, or a canvas of another shape, the four calls.
    """
    code, forms = getattr(canvas, "_code", None), getattr(canvas, "_formsinuse", None)
    if not _reportlab_tested() or type(code) is not list or type(forms) is not list:
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(name)
        canvas.restoreState()
        return
    from reportlab.lib.rl_accel import fp_str

    # translate() right after "q" never merges with an earlier "cm": it always appends its own
    code += ("q", f"{fp_str(1, 0, 0, 1, x, y)} cm", f"/{canvas._doc.getXObjectName(name)} Do", "Q")
    forms.append(name)


def subset_assignments(font: Any, doc: Any) -> dict[int, int] | None:
    """The codes ``font`` (a reportlab ``TTFont``) gave characters in ``doc`` so far (``state.assignments``,
    one dict that grows in place); None before its first text in ``doc``, or on an untested reportlab."""
    state = font.state.get(doc) if _reportlab_tested() else None
    return None if state is None else state.assignments


def split_string(font: Any, text: str, doc: Any, assigned: dict[int, int] | None = None) -> list[tuple[int, bytes]]:
    """``font.splitString(text, doc)``: ``text`` as (subset, codes) pieces of ``doc``'s subsets of ``font``.

    reportlab's own loop runs per character, also for characters it assigned
    long ago. Once every character of ``text`` has its code (after a few signs,
    nearly always: the alphabet is small), the pieces are just those codes
    grouped by subset, which this computes with a lookup per character; the
    result is the same. Anything else (a new character, a no-break space, an
    untested reportlab) goes through ``splitString`` itself. ``assigned``: :func:`subset_assignments`
    of ``font`` and ``doc``, when the caller keeps it.
    """
    if assigned is None:
        assigned = subset_assignments(font, doc)
    if assigned is None:
        return font.splitString(text, doc)  # type: ignore[no-any-return,unused-ignore]
    try:
        codes = [assigned[c] for c in map(ord, text)]
    except KeyError:  # a character this document has not used yet (or U+00A0, which reportlab maps to a space)
        return font.splitString(text, doc)  # type: ignore[no-any-return,unused-ignore]
    if not codes:
        return []
    if max(codes) < 256:
        return [(0, bytes(codes))]
    pieces: list[tuple[int, bytes]] = []
    start = 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] >> 8 != codes[start] >> 8:
            pieces.append((codes[start] >> 8, bytes(c & 0xFF for c in codes[start:i])))
            start = i
    return pieces


def first_subset_codes(assigned: dict[int, int]) -> tuple[frozenset[str], dict[int, int]]:
    """The characters ``assigned`` (:func:`subset_assignments`) codes in a font's first subset, and a
    ``str.translate`` table from each to its code.

    A text made only of those characters is the one piece ``[(0, text.translate(table).encode("latin-1"))]``:
    what :func:`split_string` gives it, found by ``frozenset.issuperset`` and ``str.translate`` in C instead of
    a lookup per character in Python (names, accounts and stall lines are new on every sign).
    """
    table = {c: code for c, code in assigned.items() if code < 256}
    return frozenset(map(chr, table)), table


def scaled_widths(font: Any) -> bool:
    """Whether ``font.stringWidth(text, size)`` is ``font.stringWidth(text, 1) * size`` to the last bit.

    rl_accel's C ``instanceStringWidthTTF`` computes ``(sum * 0.001) * size``,
    so a width measured at 1 pt and kept can be scaled instead of measured
    again. reportlab's pure-Python fallback computes ``0.001 * size * sum``,
    which rounds differently: without the C function, or on an untested
    reportlab, or for a font class with its own ``stringWidth``, False.
    """
    if not _reportlab_tested():
        return False
    try:
        import _rl_accel
        from reportlab.pdfbase import ttfonts
    except ImportError:
        return False
    c_width = getattr(_rl_accel, "instanceStringWidthTTF", None)
    return (c_width is not None and getattr(ttfonts, "instanceStringWidthTTF", None) is c_width
            and type(font).stringWidth is getattr(ttfonts.TTFont, "stringWidth", None))


def with_binary_streams(fn: F) -> F:
    """Decorator: run ``fn`` inside :func:`binary_streams`."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with binary_streams():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------------
# the standard library


#: The collector's thresholds in qrsign's own processes (the program, its workers and its reading child):
#: a young-generation collection every 50,000 allocations instead of 700. Reading and checking a sheet and
#: drawing signs allocate millions of short-lived objects, few in cycles; measured in A/B pairs, ``qrsign
#: check`` of 1,000 rows takes 0.86x the CPU and a build of them 0.92x (``benchmarks/README.md``), the peak
#: memory the same. At most a few megabytes of cyclic garbage wait longer for their collection.
GC_THRESHOLDS = (50_000, 20, 20)


#: True once :func:`batch_collector` made this process one of qrsign's own (see :func:`held_collections`)
_own_process = False
#: True while :func:`held_collections` holds the collector (until :func:`settled`)
_holding = False


def _alone_in_program() -> bool:
    """qrsign's own process (the program, a worker, the reading child) with no other thread running: where a
    setting that holds for the whole interpreter is qrsign's to make (:func:`held_collections`,
    :func:`quick_handover`, :func:`lazy_pillow`)."""
    return _own_process and threading.active_count() == 1


def batch_collector(*, freeze: bool) -> None:
    """Set the collector of one of qrsign's own processes for batch work: fewer, larger young collections
    (:data:`GC_THRESHOLDS`), and, with ``freeze``, everything it holds now (a forked child's inherited heap,
    a worker's imports) kept out of every later collection: never walked again, nor its pages written to (a
    forked child would copy each page a collection touched). Never called on a library caller's process."""
    import gc

    global _own_process, _holding
    _own_process, _holding = True, False
    if freeze:
        gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()  # a child forked while its parent held the collector (:func:`held_collections`) collects


@contextlib.contextmanager
def held_collections() -> Iterator[None]:
    """While a job loads its modules (a build: pydantic, the templates, reportlab for its workers), no
    collection in qrsign's own one-job process, until the job says :func:`settled` (or leaves).

    Why: the first young collection after the imports comes once 50,000 objects were made, in the middle of
    the build's start, and walks every object the imports made: 22-47 ms of the program's CPU on the way
    to the first sign (``gc.callbacks`` in three builds of 1,000 signs). Held, it never happens: what the
    imports made is frozen, unwalked until the program ends (their garbage is a few hundred objects,
    classes made and replaced as modules load). Only in the program with one thread: ``qrsign serve``
    builds in threads and runs for days, and a library caller's collector is its own.
    """
    import gc

    global _holding
    if _alone_in_program() and gc.isenabled():
        gc.disable()
        _holding = True
    try:
        yield
    finally:
        settled()


def settled() -> None:
    """The job's modules are loaded: what the process holds now is frozen and the collector runs again
    (only when :func:`held_collections` holds it)."""
    import gc

    global _holding
    if _holding:
        _holding = False
        gc.freeze()
        gc.enable()


#: The interpreter's switch interval while a build hands units to its workers (its default is 5 ms).
HANDOVER_SWITCH_INTERVAL = 0.0005


@contextlib.contextmanager
def quick_handover() -> Iterator[None]:
    """While a build checks rows and hands finished units to its workers, a thread waiting for the GIL gets it
    within 0.5 ms instead of 5 ms, in qrsign's own one-thread process.

    Why: a unit reaches a worker through two threads of the worker pool (``concurrent.futures``: its manager
    puts the unit in the call queue, the queue's feeder pickles it into the pipe), and both need the GIL,
    which the checking loop holds. The loop also lets it go for a moment at every batch of rows the reading
    child sends, and takes it back before a waiting thread wakes up, which starts that thread's wait over
    (the "convoy effect"). In 30 timelines of a 1,000-sign build each, interleaved (``benchmarks/profile_build.py``),
    the first unit reached its worker 18-144 ms after it was handed over (median 58); with 0.5 ms, 14-38 ms
    (median 18), and the build ended 0.06 s sooner (median). The loop only lets go more often when another
    thread asks; on leaving, the interval is what it was. Not in a library caller's process, nor in
    ``qrsign serve``'s, which has threads of its own: the interval is the whole interpreter's.
    """
    if not _alone_in_program():
        yield
        return
    previous = sys.getswitchinterval()
    sys.setswitchinterval(HANDOVER_SWITCH_INTERVAL)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def precompiled_dataclasses() -> bool:
    """In qrsign's own program, let ``dataclasses`` take the methods of the classes qrsign loads from code
    compiled ahead (:mod:`qrsign._dataclass_code`) instead of compiling their text at every start; True when it
    does.

    Why: a build's main process compiled about 460 such texts before its first row, 50-60 ms of a start nothing
    else runs beside. ``dataclasses`` (3.11, 3.12) compiles with ``exec(txt, globals, ns)``, a name
    looked up in its module first: the ``exec`` put there defines the function from the code compiled from the
    very same text, and hands every other text to the real ``exec``. Not on an untested Python, not where
    ``dataclasses`` compiles another way or has an ``exec`` already, not when the code is not cached as bytecode
    (compiling the data would cost more), and never in a library caller's process: it holds for the life of the
    process (with :func:`batch_collector` and :func:`lazy_pillow`).
    """
    import dataclasses

    from qrsign import _dataclass_code

    if not _own_process or not in_range(sys.version_info[:2], PYTHON_RANGE):
        return False
    if "exec" in vars(dataclasses):
        return vars(dataclasses)["exec"].__module__ == _dataclass_code.__name__  # ours already, or someone's
    if "_create_fn" not in vars(dataclasses) or "annotations" in vars(dataclasses):
        return False  # it compiles another way, or under ``from __future__ import annotations`` (the data does not)
    if not _dataclass_code.available():
        return False
    dataclasses.exec = _dataclass_code.exec_with(_dataclass_code.compiled)  # type: ignore[attr-defined]
    return True


def lazy_pillow() -> bool:
    """In qrsign's own one-thread process, make Pillow's ``PIL.Image`` load when it is first used, not when
    reportlab is imported; returns True when it did.

    Why: ``reportlab.lib.utils`` runs ``from PIL import Image`` at import time and only asks whether it got
    a module; a build imports reportlab before its workers fork, on the one core that also checks the rows,
    and Pillow's 13-18 ms there bought nothing: signs, checklists and their QR codes draw no picture. With
    :class:`importlib.util.LazyLoader` the module exists and executes at its first attribute (a logo, a QR
    picture, a photo), in whichever process needs it. Not in a library caller's process, nor in ``qrsign
    serve``'s, which has threads: before Python 3.12 a lazy module's first use is not thread-safe. Nor when
    Pillow is loaded already, or its loader cannot be found.
    """
    if not _alone_in_program() or "PIL.Image" in sys.modules:
        return False
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
    except (ImportError, ValueError):
        return False
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return False
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["PIL.Image"] = module
    spec.loader.exec_module(module)
    sys.modules["PIL"].Image = module  # type: ignore[attr-defined]  # as the import system sets it on its package
    return True


def exit_now(code: int | str | None) -> NoReturn:
    """End the program with ``code`` once its work is done: exit handlers run, streams are flushed, and the
    process ends without the interpreter's teardown.

    Tearing down every module of a build (reportlab, pydantic, openpyxl, the fonts, the checked rows) costs
    0.1-0.2 s of a 1,000-sign build's 1.5-3 s and changes nothing on disk: every file qrsign writes is
    closed, flushed and renamed before the command returns. Exit handlers (``atexit``: logging, the
    worker pool's, temporary folders) still run, through ``atexit._run_exitfuncs``, the function the
    interpreter itself calls. Where that is missing, or a thread the interpreter would wait for still runs
    (not a daemon), this is a plain ``sys.exit``. A daemon thread does not hold the exit, as it does not
    hold the interpreter's: it just ends with the process, which is also the safe way to end one that is
    still inside a native library (``qrsign serve``'s warm-up importing zxing-cpp when Ctrl-C comes): the
    interpreter's teardown would unwind it there and abort with "FATAL: exception not rethrown".
    """
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    waited_for = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if run_handlers is None or waited_for:
        sys.exit(code)
    run_handlers()
    status = 0 if code is None else code if isinstance(code, int) else 1
    if isinstance(code, str):  # sys.exit("text") prints the text and exits 1
        sys.stderr.write(code + "\n")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`qrsign … | head`): nothing more can be said
            pass
    os._exit(status)


def pool_processes(executor: Any) -> list[Any]:
    """The worker processes of a ``ProcessPoolExecutor`` (``executor._processes``, pid → Process).

    ``shutdown(cancel_futures=True)`` waits for running tasks; to stop at once on
    Ctrl-C the workers must be killed, and only this attribute lists them. On an
    untested Python, or when the attribute has another shape, an empty list:
    the caller's ``shutdown`` then still stops the pool, only later.
    """
    if not in_range(sys.version_info[:2], PYTHON_RANGE):
        return []
    processes = getattr(executor, "_processes", None)
    if not isinstance(processes, dict):
        return []
    return [p for p in processes.values() if callable(getattr(p, "kill", None))]


def pool_manager_thread(executor: Any) -> Any:
    """The manager thread of a ``ProcessPoolExecutor`` (``executor._executor_manager_thread``), or None.

    ``kill`` must join it after ``shutdown(wait=False)``, else it may write to its closed wake-up pipe while
    the interpreter exits ("Exception ignored in: <module 'threading'>"). On an untested Python, or when the
    attribute is not a thread, None: the caller then does not wait (the old, rarely noisy behaviour).
    """
    if not in_range(sys.version_info[:2], PYTHON_RANGE):
        return None
    thread = getattr(executor, "_executor_manager_thread", None)
    return thread if callable(getattr(thread, "join", None)) and callable(getattr(thread, "is_alive", None)) else None


# --------------------------------------------------------------------------------------------------
# click

#: The click modules whose texts (help headings, built-in option help, usage errors) go through ``_``.
CLICK_MODULES = ("core", "formatting", "decorators", "exceptions", "types", "parser", "termui")


def _click_tested() -> bool:
    return in_range(click_version(), CLICK_RANGE)


def click_version() -> str:
    """The installed click's version: from the name of its wheel's ``click-X.Y.Z.dist-info`` folder beside the
    package (one directory listing), else from :mod:`importlib.metadata`.

    ``importlib.metadata.version`` parses package metadata with the :mod:`email` parser, about 20 ms of every
    command's start-up; click 8.2 answers ``click.__version__`` the same way, with a deprecation warning.
    """
    import click

    folder = os.path.dirname(os.path.dirname(click.__file__ or ""))
    try:
        found = [e.name for e in os.scandir(folder) if e.name.startswith("click-") and e.name.endswith(".dist-info")]
    except OSError:
        found = []
    if len(found) == 1:
        return found[0][len("click-"):-len(".dist-info")]
    import importlib.metadata  # no such folder (a source checkout), or stale ones beside it: ask the installer's record

    return importlib.metadata.version("click")


@contextlib.contextmanager
def click_texts(gettext_fn: Callable[[str], str]) -> Iterator[bool]:
    """While open, click's own texts are looked up with ``gettext_fn`` instead of :func:`gettext.gettext`.

    click has no hook for its texts; each module binds ``_ = gettext.gettext``
    and calls it per message, so replacing that module global is the only way
    to give "Usage:", "Options:", "Show this message and exit." in Vietnamese.
    Only modules whose ``_`` is still ``gettext.gettext`` are touched, and the
    originals are put back on exit (also on error). Yields whether it is
    active; on an untested click it is not (click's texts stay English).
    """
    import gettext

    if not _click_tested():
        yield False
        return
    replaced = []
    try:
        for name in CLICK_MODULES:
            module = sys.modules.get(f"click.{name}")
            if module is not None and getattr(module, "_", None) is gettext.gettext:
                module._ = gettext_fn  # type: ignore[attr-defined]
                replaced.append(module)
        yield True
    finally:
        for module in replaced:
            module._ = gettext.gettext  # type: ignore[attr-defined]
