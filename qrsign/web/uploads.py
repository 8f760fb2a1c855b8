"""Multipart bodies streamed straight into one server-named folder per job; never held whole in memory.

The client's file name is display text: each file is stored as ``NNN/<name>`` where ``NNN`` is the server's
count and ``<name>`` the last part of the client's name with anything but letters, digits, spaces and
``-_.()`` removed (no folder, no leading dot) — the import and the patrol read a stall from a picture's name
(``A01.png``), so the name is kept, made harmless. Counts of files and fields are capped.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

MAX_FILES = 1000
MAX_FIELDS = 1000
MAX_FIELD_BYTES = 64 * 1024


class UploadRefused(Exception):
    """A body that is not a usable form (not multipart, too many parts, a field too long)."""


@dataclass
class Upload:
    """One uploaded file: the form field it came in, the client's name (display only), where it is stored."""

    field: str
    name: str
    path: Path
    size: int = 0


@dataclass
class Form:
    folder: Path
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)

    def value(self, name: str, default: str = "") -> str:
        return (self.fields.get(name) or [default])[0]

    def files_of(self, name: str) -> list[Upload]:
        """The files of field ``name`` (a file input left empty sends a part without a name: not a file)."""
        return [u for u in self.files if u.field == name and (u.name or u.size)]


def safe_name(client_name: str, fallback: str = "tep") -> str:
    """The last part of a client's file name, made harmless.

    >>> safe_name("../../etc/passwd"), safe_name("C:\\\\Users\\\\x\\\\A01 Trần.png"), safe_name(".htaccess")
    ('passwd', 'A01 Trần.png', 'htaccess')
    >>> safe_name("\\x00/..") , safe_name("ảnh<script>.jpg")
    ('tep', 'ảnhscript.jpg')
    """
    name = client_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isalnum() or ch in " -_.()")
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[-120:] or fallback


def new_folder(root: Path, prefix: str) -> Path:
    """A fresh folder under ``root`` named by the server."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=root))


async def receive_form(content_type: str, body: AsyncIterator[bytes], folder: Path) -> Form:
    """Parse a ``multipart/form-data`` body chunk by chunk into ``folder``; on any failure the caller removes it."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise UploadRefused("not multipart")
    form = Form(folder)
    state = _PartState(form)
    parser = MultipartParser(boundary, state.callbacks())
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    finally:
        state.close()
    return form


class _PartState:
    """The parser's callbacks: headers of the current part, then its data to a file or a field buffer."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.header_name = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.out: IO[bytes] | None = None
        self.buffer: bytearray | None = None
        self.current: Upload | None = None
        self.field = ""

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self.begin,
            "on_header_field": lambda d, s, e: self._add("header_name", d[s:e]),
            "on_header_value": lambda d, s, e: self._add("header_value", d[s:e]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.data,
            "on_part_end": self.end,
        }

    def _add(self, attr: str, data: bytes) -> None:
        setattr(self, attr, getattr(self, attr) + data)

    def begin(self) -> None:
        self.headers = {}

    def header_end(self) -> None:
        self.headers[self.header_name.strip().lower()] = self.header_value.strip()
        self.header_name = self.header_value = b""

    def headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, params = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.field = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if filename is None:
            if sum(len(v) for v in self.form.fields.values()) >= MAX_FIELDS:
                raise UploadRefused("too many fields")
            self.buffer = bytearray()
            return
        if len(self.form.files) >= MAX_FILES:
            raise UploadRefused("too many files")
        name = filename.decode("utf-8", "replace")
        slot = self.form.folder / f"{len(self.form.files) + 1:03d}"
        slot.mkdir()
        self.current = Upload(self.field, name, slot / safe_name(name))
        self.form.files.append(self.current)
        self.out = open(self.current.path, "wb")  # noqa: SIM115 - closed in end() or close()

    def data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.out is not None and self.current is not None:
            self.out.write(chunk)
            self.current.size += len(chunk)
        elif self.buffer is not None:
            self.buffer += chunk
            if len(self.buffer) > MAX_FIELD_BYTES:
                raise UploadRefused("field too long")

    def end(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
            self.current = None
        elif self.buffer is not None:
            self.form.fields.setdefault(self.field, []).append(self.buffer.decode("utf-8", "replace"))
            self.buffer = None

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
