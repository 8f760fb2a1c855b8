"""The caps that keep a hostile or broken file from hanging qrsign or eating memory, and the zip checks.

Shared by the sheet reader, the format sniffer and every format reader, so none of them imports another to
learn a cap (this module is the piece the sheet ↔ reader cycle once shared).
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from qrsign import _compat
from qrsign.errors import InputError

#: Every way reading a damaged zip fails (a bad directory, an unknown compression method or zip version, a
#: truncated or garbled stream): one rule — any of them means a corrupt workbook, never an internal error.
ZIP_ERRORS: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
                                               NotImplementedError, ValueError, KeyError)


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or broken file from hanging qrsign or eating memory."""

    zip_total: int = 50 * 2**20  # uncompressed bytes of all members
    zip_member: int = 25 * 2**20  # uncompressed bytes of one member
    zip_ratio: int = 100  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 2**20
    zip_members: int = 500
    csv_bytes: int = 50 * 2**20
    file_bytes: int = 50 * 2**20  # a file read whole: .xls (BIFF), HTML, SpreadsheetML 2003
    rows: int = 100_000  # data rows per sheet
    columns: int = 200  # columns read per row
    header_scan: int = 30  # rows searched for the header
    cell_chars: int = 1_000  # characters kept from any cell


DEFAULT_LIMITS = Limits()


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an archive whose directory promises too much data (zip bomb) before anything is inflated.

    ``zipfile`` never inflates past a member's declared size, so the declared
    sizes are a safe upper bound.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except FileNotFoundError as exc:
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail=str(exc)) from None
    except ZIP_ERRORS as exc:
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=str(exc)[:120]) from None
    if len(infos) > limits.zip_members:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{len(infos)} members")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError("E-SHEET-PASSWORD", field="file", value=str(path))
        total += info.file_size
        if info.file_size > limits.zip_member:
            raise InputError(
                "E-SHEET-TOO-LARGE", field="file", value=str(path),
                detail=f"{info.filename}: {info.file_size / 2**20:.0f} MB",
            )
        if info.file_size > limits.ratio_floor and info.file_size > limits.zip_ratio * max(info.compress_size, 1):
            raise InputError(
                "E-SHEET-TOO-LARGE", field="file", value=str(path),
                detail=f"{info.filename}: ratio {info.file_size // max(info.compress_size, 1)}:1",
            )
    if total > limits.zip_total:
        raise InputError("E-SHEET-TOO-LARGE", field="file", value=str(path), detail=f"{total / 2**20:.0f} MB")


def workbook_error(path: Path, exc: BaseException) -> InputError:
    """One message for every way a workbook fails to open: unsafe XML, or corrupt (with the cause's name)."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        chain.append(e)
        e = e.__cause__ or e.__context__
    unsafe = _compat.unsafe_xml_errors()
    if any(isinstance(x, unsafe) for x in chain) or any(
        "amplification" in str(x) for x in chain
    ):
        return InputError("E-SHEET-UNSAFE", field="file", value=str(path))
    detail = f"{type(exc).__name__}: {str(exc)[:120]}"
    return InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail=detail)
