"""A build's sheet read in a child process (``qrsign.intake.aside``) is read exactly as it is read here."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import threading
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from qrsign.building.pipeline import BuildOptions, build
from qrsign.errors import InputError
from qrsign.intake import aside
from qrsign.intake import sheet as sheetmod
from qrsign.intake.check import Checker

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

forking = pytest.mark.skipif(not aside.can_read_aside(2), reason="no fork here: builds read in their own process")

FAMILIES = ["Lê", "Trần", "Phạm", "Hồ", "Đặng"]
GIVEN = ["An", "Bình", "Cúc", "Dũng", "Giao", "Hải", "Khoa"]
HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Trạng thái", "Ghi chú"]


def rich_workbook(path: Path) -> Path:
    """Two markets' sheets and a summary sheet, with every kind of row the reader and the checker leave out
    (hidden, struck through, an example, a total, a section, vendors who left) between vendors."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chợ Đồng Xa"
    ws.append(["DANH SÁCH TIỂU THƯƠNG CHỢ ĐỒNG XA"])
    ws.append(HEADER)
    ws.append(["Ví dụ", "Nguyễn Văn Mẫu", "0", "VCB", "0011004567891", "", ""])
    rows = [
        [1, "Lê Văn An", "1", "VCB", "0011004567891", "", ""],
        [2, "Trần Thị Bình", "2", "ACB", "257678859", "Đã nghỉ", ""],
        [3, "Phạm Văn Cường", "3", "MB", "0352350917", "", "Hộ mới"],
        ["KHU B", None, None, None, None, None, None],
        [4, "Hoàng Thị Dung", "4", "Techcombank", "19036688888011", "", ""],
        [None] * 7,
        [5, "Vũ Văn Em", "5", "VCB", "TK 0011004567892", "", ""],
        [6, "Ngô Thị Hà", "6", "BIDV", "21510001234567", "Nghỉ bán", ""],
        [7, "Đỗ Văn Giang", "7", "VPBank", "123456789", "", ""],
        [8, "Bùi Thị Hoa", "8", "Agribank", "1234", "", ""],
        [9, "Lý Văn Khang", "9", "VCB", "0011004567893", "", ""],
        [None, "Tổng cộng", None, None, None, None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.row_dimensions[8].hidden = True  # row 8: Hoàng Thị Dung
    for cell in ws[12]:  # row 12: Đỗ Văn Giang, struck through
        cell.font = Font(strike=True)
    second = wb.create_sheet("Chợ Mới")
    second.append(HEADER)
    for i in range(1, 40):
        name = f"{FAMILIES[i % 5]} Văn {GIVEN[i % 7]}"
        second.append([i, name, str(i), ["VCB", "ACB", "MB"][i % 3], f"00110045{i:05d}",
                       "Thôi kinh doanh" if i % 7 == 0 else "", ""])
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["Chợ", "Số hộ"])
    summary.append(["Chợ Đồng Xa", 9])
    wb.save(path)
    return path


def checked(tables: sheetmod.Tables, source: str) -> str:
    """Everything ``check --json`` shows of a sheet, and the row lists each table kept."""
    checker = Checker(tables, source=source)
    vendors = [vr.to_dict() for vr in checker.rows()]
    result = checker.finish()
    tables_seen = [(t.sheet, dict(t.skipped), t.skipped_at, t.notices, t.blank_rows, t.findings, t.examples)
                   for t in tables]
    return json.dumps({"check": result.to_dict(), "vendors": vendors, "tables": tables_seen,
                       "not_read": tables.not_read}, ensure_ascii=False, default=str)


def read_both(path: Path, **options) -> tuple[str, str]:
    here = checked(sheetmod.read(path, **options), str(path))
    with aside.reading(path, aside=True, **options) as tables:
        there = checked(tables(), str(path))
    return here, there


@forking
@pytest.mark.parametrize("name", ["rich.xlsx", "cho-mau.xlsx", "cho-mau.csv", "phuong-loi.xlsx"])
def test_the_child_reads_what_this_process_reads(tmp_path, name):
    path = rich_workbook(tmp_path / name) if name == "rich.xlsx" else EXAMPLES / name
    here, there = read_both(path)
    assert there == here
    if name == "rich.xlsx":  # the rows left out by the reader and by the checker, in the order they came
        seen = json.loads(here)["check"]["read"]["sheets"][0]["skipped_rows"]
        assert seen == {"totals": [15], "sections": [7], "hidden": [8], "struck": [12], "left_market": [5, 11],
                        "examples": [3]}


@forking
def test_options_reach_the_child(tmp_path):
    path = rich_workbook(tmp_path / "rich.xlsx")
    for options in ({"sheet": "Chợ Mới"}, {"include_hidden": True}, {"columns": {"Ghi chú": None}}):
        here, there = read_both(path, **options)
        assert there == here, options


@forking
def test_an_unusable_sheet_fails_as_it_does_here(tmp_path):
    path = tmp_path / "no-header.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Bảng chấm công", "Tháng 1"])
    wb.save(path)
    with pytest.raises(InputError) as here:
        sheetmod.read(path)
    with aside.reading(path, aside=True) as tables, pytest.raises(InputError) as there:
        tables()
    assert (there.value.code, there.value.params) == (here.value.code, here.value.params)
    path = rich_workbook(tmp_path / "r.xlsx")
    with pytest.raises(InputError) as sheet_missing, aside.reading(path, aside=True, sheet="Chợ Cũ") as tables:
        tables()
    assert sheet_missing.value.code == "E-SHEET-NOT-FOUND"


@forking
def test_an_error_while_rows_are_read_comes_where_it_happens(tmp_path, monkeypatch):
    path = rich_workbook(tmp_path / "rich.xlsx")
    real = sheetmod.read

    def failing_after_three_rows(*a, **k):
        tables = real(*a, **k)
        rows = tables[0].rows

        def three():
            for n, raw in enumerate(rows):
                if n == 3:
                    raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value="rich.xlsx", limit=3)
                yield raw

        tables[0].rows = three()
        return tables

    monkeypatch.setattr(sheetmod, "read", failing_after_three_rows)  # the forked child has it too
    with aside.reading(path, aside=True) as tables:
        got = tables()
        rows = iter(got[0].rows)
        assert [next(rows).row for _ in range(3)] == [4, 5, 6]
        with pytest.raises(InputError) as err:
            next(rows)
    assert err.value.code == "E-SHEET-TOO-MANY-ROWS"


@forking
def test_a_child_that_dies_is_a_message_not_a_hang(tmp_path, monkeypatch):
    def dying(*a, **k):
        os._exit(3)

    monkeypatch.setattr(sheetmod, "read", dying)
    with pytest.raises(InputError) as err:
        build(rich_workbook(tmp_path / "rich.xlsx"), tmp_path / "out", BuildOptions(jobs=2))
    assert err.value.code == "E-FILE-UNREADABLE" and err.value.params["detail"] == "the reading process stopped"
    assert not multiprocessing.active_children()


@forking
def test_a_build_reads_aside_and_leaves_no_process(tmp_path, monkeypatch):
    used = []
    real = aside.reading

    def spy(*a, **k):
        used.append(k["aside"])
        return real(*a, **k)

    monkeypatch.setattr(aside, "reading", spy)
    path = rich_workbook(tmp_path / "rich.xlsx")
    two = build(path, tmp_path / "two", BuildOptions(jobs=2, date=dt.date(2026, 1, 15)))
    one = build(path, tmp_path / "one", BuildOptions(jobs=1, date=dt.date(2026, 1, 15)))
    assert used == [True, False]
    assert not multiprocessing.active_children()
    assert two.manifest["signs"] == one.manifest["signs"] and two.check.problems == one.check.problems
    for entry in one.manifest["files"]:
        assert (tmp_path / "two" / entry["file"]).read_bytes() == (tmp_path / "one" / entry["file"]).read_bytes()


def test_only_a_forked_child_of_a_single_thread_reads_aside(monkeypatch):
    assert not aside.can_read_aside(1)
    monkeypatch.setenv("QRSIGN_START_METHOD", "spawn")
    assert not aside.can_read_aside(2)
    monkeypatch.delenv("QRSIGN_START_METHOD")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert not aside.can_read_aside(2)  # a server's thread: no fork
    finally:
        stop.set()
        thread.join()


@forking
def test_the_api_starts_one_reading_child_and_the_build_takes_it_over(tmp_path, monkeypatch):
    from qrsign import api

    started = []
    real_start = aside._start

    def start(*a, **k):
        child = real_start(*a, **k)
        started.append(child)
        return child

    waiting = []  # the children started early, as the build comes to read
    real_reading = aside.reading

    def reading(*a, **k):
        waiting.append(list(aside._early.values()))
        return real_reading(*a, **k)

    monkeypatch.setattr(aside, "_start", start)
    monkeypatch.setattr(aside, "reading", reading)
    path = rich_workbook(tmp_path / "rich.xlsx")
    result = api.build(path, tmp_path / "out", jobs=2, date=dt.date(2026, 1, 15), sheet="Chợ Mới")
    assert len(started) == 1 and waiting == [started]  # started by api.build, before the build read
    assert result.exit_code == 0 and len(result.manifest["signs"]) == 34
    assert not aside._early and not multiprocessing.active_children()


@forking
def test_a_child_started_early_for_a_build_that_fails_first_is_stopped(tmp_path):
    from qrsign import api

    path = rich_workbook(tmp_path / "rich.xlsx")
    with pytest.raises(InputError) as err:
        api.build(path, tmp_path / "out", jobs=2, template="khong-co-mau-nay")
    assert err.value.code.startswith("E-TEMPLATE")
    assert not aside._early and not multiprocessing.active_children()


@forking
def test_the_child_reads_the_whole_sheet_before_anyone_asks_for_a_row(tmp_path):
    """The child parses every row while the build is still loading its modules: 1,200 rows (about 320 KB of
    pickled rows, five times the default 64 KiB pipe) are all sent before this process reads one, and the child
    is done. With the default pipe it waits, after some 170 rows, for this process to start reading."""
    if not hasattr(pytest.importorskip("fcntl"), "F_SETPIPE_SZ"):
        pytest.skip("pipes keep their size here")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(1, 1201):
        ws.append([n, f"{FAMILIES[n % 5]} Văn {GIVEN[n % 7]}", str(n), "VCB", f"00110045{n:05d}", "", ""])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    child = aside._start(path, aside._options(None, False, None))
    try:
        child.process.join(timeout=20)
        assert not child.process.is_alive(), "the child waits for this process to read its rows"
        tables = aside._tables(child.conn, str(path))
        assert sum(1 for table in tables for _ in table.rows) == 1200
    finally:
        child.stop()
