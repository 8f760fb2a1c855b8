"""CSV and "Unicode Text" files: decoded, NFC, delimiter sniffed, every cell text.

Why a reader of its own: a CSV has no types, so every cell is text as typed
(nothing loses a leading zero here); the encoding is guessed the way Excel saves
(UTF-8 with or without BOM, UTF-16, else Windows-1258).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from qrsign.core import text
from qrsign.errors import InputError
from qrsign.intake.cells import SourceCell, SourceRow, SourceSheet
from qrsign.intake.limits import DEFAULT_LIMITS, Limits


def sheets(path: Path, limits: Limits) -> list[SourceSheet]:
    """The file as one sheet named after the file."""
    return [SourceSheet(path.stem, _source_rows(path, limits), kind="csv")]


def _decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 ("Unicode Text"), else cp1258 as old Excel saves it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def csv_rows(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> Iterator[list[str | None]]:
    """The records of a CSV file as :func:`read` sees them: decoded, NFC, delimiter sniffed, empty cells None.

    Public so that other modules (the error report) number rows exactly as
    ``check`` did: record ``n`` of this iterator is row ``n`` of the problems.
    The size and binary checks run at once; records are read lazily.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise InputError("E-CSV-TOO-LARGE", field="file", value=str(path), detail=f"{size / 2**20:.0f} MB")
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("E-FILE-TYPE", field="file", value=str(path))
    content = text.nfc(_decode_csv(data))
    sample = content[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        delimiter = max(counts, key=lambda d: counts[d])
    csv.field_size_limit(max(limits.cell_chars * 4, 131072))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)

    def rows():
        try:
            for n, row in enumerate(reader, start=1):
                if n > limits.rows + limits.header_scan:
                    raise InputError("E-SHEET-TOO-MANY-ROWS", field="file", value=str(path), sheet=path.stem,
                                     limit=limits.rows)
                yield [c if c != "" else None for c in row[: limits.columns]]
        except csv.Error as exc:
            raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=str(exc)) from None

    return rows()


def _source_rows(path: Path, limits: Limits) -> Iterator[SourceRow]:
    """CSV records as :class:`SourceRow` objects of text cells, numbered as :func:`csv_rows` numbers them."""
    for n, record in enumerate(csv_rows(path, limits), start=1):
        yield SourceRow(n, [None if v is None else SourceCell(v, "s") for v in record])
