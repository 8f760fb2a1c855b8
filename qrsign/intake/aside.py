"""Read a sheet in a process of its own, while this one checks the rows it has sent and the workers draw.

A build with workers spends its first half-second on one core: the sheet's
XML is parsed (openpyxl) and every row checked, one after the other, before the
first file can be handed to a worker. Parsing in a forked child puts that half
of the work on the second core: this process gets :class:`~qrsign.intake.sheet.Tables`
that behave like :func:`qrsign.intake.sheet.read`'s — the same tables and rows
in the same order, the same lists of rows left out, filled at the same points
of the iteration, and the same errors raised where reading would raise them.

Only a forked child is used (Linux, one thread): it starts with the modules
this process has loaded and costs a few milliseconds. Elsewhere (spawn, a
threaded server) :func:`reading` reads here, as before. Its pipe holds 1 MiB
(:data:`PIPE_BYTES`), so the child parses a whole sheet of the usual size while
this process is still loading its modules, and is done before the checking starts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qrsign import _compat

if TYPE_CHECKING:  # the reader (and openpyxl) are loaded by the child, or here only when reading here
    from qrsign.intake.sheet import RawRow, Table, Tables

#: rows sent at a time: few enough that the first rows come at once, enough that sending costs little
BATCH = 16
#: the lists of a table that the reader fills while its rows are read (see :class:`~qrsign.intake.sheet.Table`)
LISTS = ("examples", "skipped_at", "notices", "blank_rows", "findings")


@dataclass(frozen=True)
class _Head:
    """A table without its rows: what :func:`~qrsign.intake.sheet.read` knows before the first row."""

    sheet: str
    header_row: int
    columns: dict[str, str]
    headers: dict[str, str]
    title: str
    mapping: list[tuple[str, str, str | None]]
    skipped: dict[str, int]
    lists: dict[str, list[Any]]

    @classmethod
    def of(cls, table: Table) -> _Head:
        return cls(table.sheet, table.header_row, table.columns, table.headers, table.title, table.mapping,
                   dict(table.skipped), {name: list(getattr(table, name)) for name in LISTS})


class _Changes:
    """What the reader added to a table's lists and counts since the last look (sent before each row)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.lengths = {name: len(getattr(table, name)) for name in LISTS}
        self.counts = dict(table.skipped)

    def take(self) -> tuple[dict[str, list[Any]], dict[str, int]] | None:
        added = {}
        for name in LISTS:
            items = getattr(self.table, name)
            if len(items) != self.lengths[name]:
                added[name] = items[self.lengths[name]:]
                self.lengths[name] = len(items)
        counts = {}
        for key, n in self.table.skipped.items():
            if n != self.counts.get(key, 0):
                counts[key] = n - self.counts.get(key, 0)
                self.counts[key] = n
        return (added, counts) if added or counts else None


def _apply(table: Table, changes: tuple[dict[str, list[Any]], dict[str, int]] | None) -> None:
    if changes is None:
        return
    added, counts = changes
    for name, items in added.items():
        getattr(table, name).extend(items)
    for key, n in counts.items():
        table.skipped[key] = table.skipped.get(key, 0) + n


def _serve(conn: multiprocessing.connection.Connection, path: str, options: dict[str, Any]) -> None:
    """The child: read the sheet and send what :func:`_receive` rebuilds; an error is sent where it happens."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _compat.batch_collector(freeze=True)  # what it inherited lives as long as it does
    from qrsign.intake import sheet as sheetmod

    try:
        try:
            tables = sheetmod.read(path, **options)
        except Exception as exc:
            conn.send(("error", exc))
            return
        conn.send(("tables", ([_Head.of(t) for t in tables], tables.not_read)))
        for table in tables:
            changes = _Changes(table)
            batch: list[tuple[Any, RawRow]] = []
            try:
                for raw in table.rows:
                    batch.append((changes.take(), raw))
                    if len(batch) >= BATCH:
                        conn.send(("rows", batch))
                        batch = []
            except Exception as exc:
                conn.send(("rows", batch))
                conn.send(("error", exc))
                return
            conn.send(("rows", batch))
            conn.send(("end", changes.take()))
    except (BrokenPipeError, EOFError, OSError):
        return  # the parent stopped listening (it failed or was interrupted): nothing to say to anyone


def _receive(conn: multiprocessing.connection.Connection, path: str) -> tuple[str, Any]:
    try:
        kind, data = conn.recv()
    except EOFError:  # the child died without a word (killed, out of memory)
        from qrsign.errors import InputError

        raise InputError("E-FILE-UNREADABLE", field="file", value=path,
                         detail="the reading process stopped") from None
    if kind == "error":
        raise data
    return kind, data


def _rows(conn: multiprocessing.connection.Connection, path: str, table: Table) -> Iterator[RawRow]:
    while True:
        kind, data = _receive(conn, path)
        if kind == "end":
            _apply(table, data)
            return
        for changes, raw in data:
            _apply(table, changes)
            yield raw


def _tables(conn: multiprocessing.connection.Connection, path: str) -> Tables:
    from qrsign.intake.sheet import Table, Tables

    _kind, (heads, not_read) = _receive(conn, path)
    tables = Tables(not_read=not_read)
    for head in heads:
        table = Table(head.sheet, head.header_row, head.columns, head.headers, head.title, rows=iter(()),
                      skipped=head.skipped, mapping=head.mapping, **head.lists)
        tables.append(table)
    # one connection, read in order: each table's rows follow the previous table's end
    for table in tables:
        table.rows = _rows(conn, path, table)
    return tables


def can_read_aside(jobs: int) -> bool:
    """A child can read while this process checks: several cores asked for, fork available and safe here."""
    return (jobs > 1 and (os.cpu_count() or 1) > 1 and os.name == "posix" and os.uname().sysname == "Linux"
            and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and os.environ.get("QRSIGN_START_METHOD", "").strip().lower() in ("", "fork"))


def _options(sheet: str | None, include_hidden: bool, columns: Mapping[str, str | None] | None) -> dict[str, Any]:
    return {"sheet": sheet, "include_hidden": include_hidden, "columns": dict(columns) if columns else None}


def _key(path: str | os.PathLike, options: dict[str, Any]) -> tuple:
    columns = options["columns"]
    return (os.path.abspath(path), options["sheet"], options["include_hidden"],
            tuple(sorted(columns.items())) if columns else None)


@dataclass
class _Child:
    process: Any  # multiprocessing's Process of the fork context
    conn: multiprocessing.connection.Connection

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()  # it is done, or nobody wants the rest: never wait on it
        self.process.join()


#: bytes the pipe to this process holds (Linux' limit for a user without privileges): the rows of a sheet of
#: about 3,500 vendors, so the child parses all of them while this process is still loading its modules, instead of
#: stopping at the default 64 KiB (about 170 rows) until it starts checking them
PIPE_BYTES = 1 << 20


def _roomy(fd: int) -> None:
    """Make the pipe of ``fd`` hold :data:`PIPE_BYTES` where the system lets it (else it stays as it was)."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):  # not Linux, or the user's pipes hold their quota already
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _start(path: str | os.PathLike, options: dict[str, Any]) -> _Child:
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    _roomy(child.fileno())
    process = context.Process(target=_serve, args=(child, os.fspath(path), options), daemon=True,
                              name="qrsign-reader")
    process.start()
    child.close()
    return _Child(process, parent)


#: children started by :func:`early`, not yet taken by :func:`reading`
_early: dict[tuple, _Child] = {}


@contextlib.contextmanager
def early(path: str | os.PathLike, *, jobs: int, sheet: str | None = None, include_hidden: bool = False,
          columns: Mapping[str, str | None] | None = None) -> Iterator[None]:
    """Start reading ``path`` aside now, before the build's own modules are even loaded (``qrsign.api.build``
    does): the child parses while this process imports. :func:`reading` with the same sheet and options takes
    the child over; a child nobody took (the build failed first) is stopped on leaving."""
    options = _options(sheet, include_hidden, columns)
    key = _key(path, options)
    if not can_read_aside(jobs) or key in _early:
        yield
        return
    _early[key] = _start(path, options)
    try:
        yield
    finally:
        child = _early.pop(key, None)
        if child is not None:
            child.stop()


@contextlib.contextmanager
def reading(path: str | os.PathLike, *, aside: bool, sheet: str | None = None, include_hidden: bool = False,
            columns: Mapping[str, str | None] | None = None) -> Iterator[Callable[[], Tables]]:
    """A function that returns the sheet's tables: read in a forked child when ``aside`` (see module
    docstring; a child :func:`early` started for the same sheet and options, else one started here), else
    read when it is called. The child parses while the caller gets ready; the function waits for the
    tables' headers (and raises what reading them raised)."""
    options = _options(sheet, include_hidden, columns)
    if not aside:
        from qrsign.intake import sheet as sheetmod

        yield lambda: sheetmod.read(path, **options)
        return
    child = _early.pop(_key(path, options), None) or _start(path, options)
    try:
        yield lambda: _tables(child.conn, os.fspath(path))
    finally:
        child.stop()
