"""Work stays bounded by the size of the input: each hostile file against an ordinary file of the same size.

Each test times a small hostile input and an ordinary input of the same size
(the best of a few runs of each) and asserts a generous *ratio*, never a wall
time: the machine may be slow or busy, but a reader that is quadratic in some
part of the file is slower by orders of magnitude, not by a factor of a few.
Sizes are small; caps are lowered through ``Limits`` where the rule is the
same at any size.
"""

from __future__ import annotations

import random
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import qrsign
from qrsign.errors import InputError, QrsignError
from qrsign.intake import sheet
from qrsign.intake.limits import Limits

from conftest import make_workbook

#: how many times slower than an ordinary input of the same size a hostile one may be
RATIO = 10


def _seconds(fn: Callable[[], object], runs: int = 3) -> float:
    """The best of ``runs`` timings of ``fn()`` (the best is the least disturbed by other work)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _read_all(path: Path, limits: Limits | None = None) -> int:
    """Read every row of every table of ``path``; the number of rows."""
    tables = sheet.read(path, limits=limits or Limits())
    return sum(1 for t in tables for _ in t.rows)


def _assert_bounded(hostile: Callable[[], object], ordinary: Callable[[], object]) -> None:
    base = _seconds(ordinary)
    took = _seconds(hostile, runs=2)
    assert took <= RATIO * base + 0.05, f"hostile input took {took:.3f} s, an ordinary one {base:.3f} s"


_HEAD = "<html><head><meta charset='utf-8'></head><body><table>"
_HEADER_ROW = "<tr><th>Họ và tên</th><th>Số quầy</th><th>Ngân hàng</th><th>Số tài khoản</th></tr>"


def _ordinary_html(path: Path, size: int) -> Path:
    """A plain "Xuất Excel" page of about ``size`` bytes: one vendor per row."""
    rows, n = [], 0
    while sum(map(len, rows)) < size:
        n += 1
        rows.append(f"<tr><td>Nguyễn Văn {n}</td><td>A{n}</td><td>VCB</td><td>{1011004567000 + n}</td></tr>")
    path.write_text(_HEAD + _HEADER_ROW + "".join(rows) + "</table></body></html>", encoding="utf-8")
    return path


def _same_size_html(path: Path, body: str, ordinary: Path) -> Path:
    page = _HEAD + _HEADER_ROW + body
    size = ordinary.stat().st_size
    path.write_text(page + " " * max(0, size - len(page.encode()) - 22) + "</table></body></html>",
                    encoding="utf-8")
    return path


def test_html_empty_cells_with_huge_spans_are_read_in_linear_time(tmp_path):
    ordinary = _ordinary_html(tmp_path / "thuong.xls", 80_000)
    body = ("<tr><td>Lan</td><td>A1</td><td>VCB</td><td>1011004567001</td></tr>"
            + "<tr><td rowspan=1000 colspan=200></td></tr>" * 1_700)
    hostile = _same_size_html(tmp_path / "span.xls", body, ordinary)
    assert _read_all(hostile) == 1
    _assert_bounded(lambda: _read_all(hostile), lambda: _read_all(ordinary))


def test_html_rowspan_still_shifts_the_cells_below(tmp_path):
    page = (_HEAD + _HEADER_ROW + "<tr><td rowspan=2>Lan</td><td>A1</td><td>VCB</td><td>1011004567001</td></tr>"
            "<tr><td>A2</td><td>ACB</td><td>257678859</td></tr></table>")
    path = tmp_path / "p.xls"
    path.write_text(page, encoding="utf-8")
    (table,) = sheet.read(path)
    rows = [(r.get("name"), r.get("stall"), r.get("bank"), r.get("account")) for r in table.rows]
    assert rows == [("Lan", "A1", "VCB", "1011004567001"), ("Lan", "A2", "ACB", "257678859")]


def test_html_cell_of_many_tiny_chunks_is_read_in_linear_time(tmp_path):
    limits = Limits(cell_chars=30_000)  # the same rule as the default 1,000, with the quadratic part 30× longer
    ordinary = _ordinary_html(tmp_path / "thuong.xls", 120_000)
    chunks = "x<i>" * 30_000
    body = f"<tr><td>Lan {chunks}</td><td>A1</td><td>VCB</td><td>1011004567001</td></tr>"
    hostile = _same_size_html(tmp_path / "chunks.xls", body, ordinary)
    (table,) = sheet.read(hostile, limits=limits)
    (row,) = list(table.rows)
    assert row.get("stall") == "A1"
    _assert_bounded(lambda: _read_all(hostile, limits), lambda: _read_all(ordinary, limits))


def _csv(path: Path, banks: list[str]) -> Path:
    lines = ["Họ và tên,Số quầy,Ngân hàng,Số tài khoản"]
    lines += [f"Nguyễn Văn Lan,A{i},{b},{1011004567000 + i}" for i, b in enumerate(banks, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_long_bank_cells_are_checked_in_linear_time(tmp_path):
    # every cell different, so no lookup is served from the cache
    hostile = _csv(tmp_path / "dai.csv", [f"{i:04d}" + "a" * 990 for i in range(20)])
    ordinary = _csv(tmp_path / "thuong.csv", ["Vietcombank"] * 420)
    assert abs(hostile.stat().st_size - ordinary.stat().st_size) < 1_000
    result = qrsign.check_file(hostile)
    assert {p.code for p in result.errors} == {"E-BANK-UNKNOWN"}
    _assert_bounded(lambda: qrsign.check_file(hostile), lambda: qrsign.check_file(ordinary))


def test_find_bank_of_a_huge_text_is_fast_and_still_suggests():
    from qrsign.core import banks

    def unknown(text: str) -> list[str]:
        with pytest.raises(QrsignError) as exc:
            banks.directory()._match(text)  # not the cached lookup: the search itself is timed
        return exc.value.params.get("suggestions", [])

    assert unknown("Vietcombnk") == ["Vietcombank", "VietBank", "VCBNeo"]
    assert unknown("Vietcombnk " + "a" * 100_000)[:1] == ["Vietcombank"]
    _assert_bounded(lambda: unknown("a" * 100_000), lambda: unknown("Vietcombnk" + " " * 99_990))


def _with_merges(src: Path, dst: Path, refs: list[str]) -> Path:
    """``src`` with ``<mergeCell>`` elements for ``refs`` added to its sheet (openpyxl would refuse to write them)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                cells = "".join(f'<mergeCell ref="{r}"/>' for r in refs)
                data = data.replace(b"</sheetData>",
                                    f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>'.encode(), 1)
            zout.writestr(info, data)
    return dst


_VENDORS = [["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]] + [
    ["Nguyễn Thị Lan", f"A{i}", "VCB", f"{1011004567000 + i}"] for i in range(1, 200)]


def _sheet_bytes(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return sum(i.file_size for i in zf.infolist() if i.filename.startswith("xl/worksheets/sheet"))


def _same_size_workbook(path: Path, like: Path) -> Path:
    """An ordinary list (one vendor per row, no merged cells) whose sheet is at least as large as ``like``'s."""
    rows = len(_VENDORS)
    make_workbook(path, {"Danh sách": _VENDORS})
    per_row = _sheet_bytes(path) / rows
    rows = int(_sheet_bytes(like) / per_row) + 1
    make_workbook(path, {"Danh sách": _VENDORS[:1] + [
        ["Nguyễn Thị Lan", f"A{i}", "VCB", f"{1011004567000 + i}"] for i in range(1, rows)]})
    assert _sheet_bytes(path) >= _sheet_bytes(like) * 0.95
    return path


@pytest.mark.parametrize("refs", [["A2:D200"] * 20_000, [f"A{2 + i % 50}:D{150 + i % 50}" for i in range(20_000)]],
                         ids=["identical", "overlapping"])
def test_xlsx_with_20000_overlapping_merges_is_refused_in_linear_time(tmp_path, refs):
    plain = make_workbook(tmp_path / "thuong.xlsx", {"Danh sách": _VENDORS})
    hostile = _with_merges(plain, tmp_path / "gop.xlsx", refs)
    ordinary = _same_size_workbook(tmp_path / "dai.xlsx", hostile)
    with pytest.raises(InputError) as exc:
        _read_all(hostile)
    assert exc.value.code == "E-SHEET-MERGES-OVERLAP"
    assert exc.value.params["first"] == refs[0] or exc.value.params["second"] == refs[0]

    def refused() -> None:
        with pytest.raises(InputError):
            _read_all(hostile)

    _assert_bounded(refused, lambda: _read_all(ordinary))


def test_xlsx_merges_that_do_not_overlap_still_fill_their_rows(tmp_path):
    path = make_workbook(tmp_path / "a.xlsx", {"Danh sách": [
        ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["Nguyễn Thị Lan", "A1", "VCB", "1011004567001"],
        ["Nguyễn Thị Lan", None, "ACB", "257678859"],
        ["Trần Văn Nam", "A2", "ACB", "1011004567002"],
        ["Lê Văn Tâm", "A3", None, "1011004567003"],
    ]}, merges={"Danh sách": ["B2:B3", "C4:C5"]})
    (table,) = sheet.read(path)
    assert [(r.get("stall"), r.get("bank")) for r in table.rows] == [
        ("A1", "VCB"), ("A1", "ACB"), ("A2", "ACB"), ("A3", "ACB")]


def test_ods_with_overlapping_spans_is_refused_in_linear_time(tmp_path):
    from _sheet_builders import Spec, ods_content, write_ods

    rng = random.Random(1)  # cells that differ, so the file is not refused as a zip bomb first
    header = ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"]
    row = ('<table:table-row><table:table-cell table:number-rows-spanned="{rows}" '
           'table:number-columns-spanned="4" office:value-type="string"><text:p>{text}</text:p>'
           "</table:table-cell></table:table-row>")
    spans = "".join(row.format(rows=990 + rng.randrange(20), text=f"{rng.getrandbits(64):x}") for _ in range(2_000))
    hostile = write_ods(tmp_path / "gop.ods", content=ods_content(Spec([header, _VENDORS[1]]), extra_rows=spans))
    plain = write_ods(tmp_path / "thuong.ods", content=ods_content(Spec(_VENDORS * 4)))
    with pytest.raises(InputError) as exc:
        _read_all(hostile)
    assert exc.value.code == "E-SHEET-MERGES-OVERLAP"

    def refused() -> None:
        with pytest.raises(InputError):
            _read_all(hostile)

    _assert_bounded(refused, lambda: _read_all(plain))


def test_cli_says_which_merged_ranges_overlap(tmp_path, cli):
    plain = make_workbook(tmp_path / "thuong.xlsx", {"Danh sách": _VENDORS})
    hostile = _with_merges(plain, tmp_path / "gop.xlsx", ["B3:B5", "A4:C4"])
    r = cli("check", hostile, "--lang", "en")
    assert r.code == 2
    assert r.err.startswith("Error: Sheet “Danh sách” has two merged ranges that overlap (B3:B5 and A4:C4)")
