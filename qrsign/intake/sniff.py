"""Tell a sheet's format from its bytes, not its name.

Why: offices rename files freely. A web portal's "Xuất Excel" is an HTML
table called ``.xls``; "Unicode Text" and tab-separated exports are saved as
``.xls``; an ``.xlsx`` is renamed ``.xls`` and the other way round. Only the
first bytes and, for zip files, the zip directory (already capped by
:func:`qrsign.intake.check_zip`) are looked at.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from qrsign.errors import InputError
from qrsign.intake.limits import DEFAULT_LIMITS, ZIP_ERRORS, check_zip

#: kinds :func:`sniff` returns
KINDS = ("xlsx", "xls", "ods", "html", "xml2003", "csv")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(r"<\s*(?:!doctype\s+html|html|table|head|body|meta|tr)\b", re.IGNORECASE)
_XML2003 = "urn:schemas-microsoft-com:office:spreadsheet"
_NOT_SHEETS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF")


def sniff(path: Path, limits=None) -> str:
    """One of :data:`KINDS`, or an :class:`InputError` saying what the file is and how to save it as .xlsx."""
    limits = limits or DEFAULT_LIMITS
    if not path.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(path))
    if path.is_dir():
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail="is a folder")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail=exc.strerror) from None
    if not head:
        raise InputError("E-FILE-EMPTY", field="file", value=str(path))
    if head.startswith(_OLE):
        return _ole_kind(path)
    if head.startswith(b"PK"):
        return _zip_kind(path, limits)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if _text_kind(head) in ("html", "xml2003"):
            return _text_kind(head)
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path), detail="not a zip archive")
    if head.startswith(_NOT_SHEETS) or suffix in (".pdf", ".doc", ".docx", ".png", ".jpg", ".jpeg", ".numbers"):
        raise InputError("E-FILE-TYPE", field="file", value=str(path))
    return _text_kind(head)


def _text_kind(head: bytes) -> str:
    """HTML, SpreadsheetML 2003 or delimited text (CSV, tab-separated, UTF-16 "Unicode Text")."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        start = head.decode("utf-16", errors="replace")
    else:
        start = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    start = start.lstrip()
    if start.startswith(("<?xml", "<Workbook")) and _XML2003 in start:
        return "xml2003"
    if _HTML.search(start[:2048]) and start.startswith("<"):
        return "html"
    if start.startswith("<?xml") and "<html" in start.lower():
        return "html"
    return "csv"


def _ole_kind(path: Path) -> str:
    """A real BIFF .xls, or an OLE container holding an encrypted (password-protected) workbook."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            data = fh.read(min(size, 8 * 2**20))
    except OSError as exc:  # pragma: no cover - the head was readable a moment ago
        raise InputError("E-FILE-UNREADABLE", field="file", value=str(path), detail=exc.strerror) from None
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise InputError("E-SHEET-PASSWORD", field="file", value=str(path))
    return "xls"


def _zip_kind(path: Path, limits) -> str:
    """xlsx, ods, or a refusal for .xlsb, Strict Open XML and other zips (after the zip-bomb check)."""
    check_zip(path, limits)
    try:
        return _zip_members_kind(path)
    except InputError:
        raise
    except ZIP_ERRORS as exc:
        raise InputError("E-SHEET-CORRUPT", field="file", value=str(path),
                         detail=f"{type(exc).__name__}: {str(exc)[:120]}") from None


def _zip_members_kind(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "xl/workbook.bin" in names or any(n.endswith(".bin") and n.startswith("xl/worksheets/") for n in names):
            raise InputError("E-SHEET-XLSB", field="file", value=str(path))
        if "mimetype" in names:
            mime = zf.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mime:
                return "ods"
            raise InputError("E-FILE-TYPE", field="file", value=str(path))
        if "content.xml" in names and not any(n.startswith("xl/") for n in names):
            return "ods"
        if path.suffix.lower() == ".numbers" or "Index/Document.iwa" in names:
            raise InputError("E-FILE-TYPE", field="file", value=str(path))
        workbook = next((n for n in ("xl/workbook.xml",) if n in names), None)
        if workbook:
            with zf.open(workbook) as fh:
                start = fh.read(4096)
            if b"purl.oclc.org/ooxml/spreadsheetml" in start:
                raise InputError("E-SHEET-STRICT", field="file", value=str(path))
    return "xlsx"
