"""Fuzz targets (hypothesis, a short run in CI): the payload decoder and the sheet reader only ever
return a result or raise qrsign's own typed errors — never anything else, never a hang."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from qrsign.core import vietqr
from qrsign.errors import QrsignError
from qrsign.render.rules import check_file

from conftest import HEADER

VALID = vietqr.encode("970436", "0011004567891", amount=50000, purpose="Quay 12")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.text(max_size=600))
def test_decoder_on_any_text(data):
    try:
        vietqr.decode(data)
    except QrsignError:
        pass


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.characters(max_codepoint=0x7F)), max_size=6),
       st.integers(0, len(VALID)))
def test_decoder_on_mutated_payloads(edits, cut):
    data = list(VALID)
    for pos, ch in edits:
        data[pos] = ch
    text = "".join(data)[:cut] if cut else "".join(data)
    with_crc = text[:-4] + vietqr.crc16(text[:-4]) if len(text) > 8 else text
    for candidate in (text, with_crc):
        try:
            p = vietqr.decode(candidate)
        except QrsignError:
            continue
        assert p.bin.isdigit() and len(p.bin) == 6 and 1 <= len(p.account) <= 19


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active.append([1, "Nguyễn Thị Hường", "12", "VCB", "0011004567891", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = _xlsx_bytes()
SHEET_XML = zipfile.ZipFile(io.BytesIO(XLSX)).read("xl/worksheets/sheet1.xml")


def _with_sheet(xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename))
    return out.getvalue()


def _read(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        check_file(path)
    except QrsignError:
        pass


#: The last central-directory entry of XLSX: the falsifying examples below change one byte of it.
_LAST_ENTRY = XLSX.rfind(b"PK\x01\x02")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(XLSX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
@example(flips=[(_LAST_ENTRY + 6, 84)])  # "version needed to extract" 8.4: zipfile's NotImplementedError
@example(flips=[(_LAST_ENTRY + 10, 99)])  # an unknown compression method
@example(flips=[(_LAST_ENTRY + 8, 1)])  # the "encrypted" flag
def test_reader_on_corrupted_xlsx_bytes(tmp_path, flips):
    data = bytearray(XLSX)
    for pos, value in flips:
        data[pos] = value
    _read(tmp_path, "f.xlsx", bytes(data))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SHEET_XML) - 1), st.sampled_from(list(b"<>&\"'=/ x0;#"))),
                min_size=1, max_size=6))
def test_reader_on_corrupted_sheet_xml(tmp_path, edits):
    xml = bytearray(SHEET_XML)
    for pos, value in edits:
        xml[pos] = value
    _read(tmp_path, "x.xlsx", _with_sheet(bytes(xml)))


@FUZZ
@given(st.text(max_size=800), st.sampled_from(["utf-8", "utf-16", "cp1258", "utf-8-sig"]))
def test_reader_on_any_csv(tmp_path, body, encoding):
    text = "Họ và tên,Ngân hàng,Số tài khoản\n" + body
    _read(tmp_path, "f.csv", text.encode(encoding, errors="replace"))
