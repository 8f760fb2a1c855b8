"""The worker-process pool that ``build`` (rendering) and ``verify`` (decoding pages) share.

Workers start with reportlab and the fonts loaded: forked (Linux) from a parent
that loaded them once, or, spawned, loading them while the parent still reads
the sheet. On any interruption they are killed at once: a
worker killed while it holds a queue lock would deadlock
``multiprocessing.Pool.terminate``, so Ctrl-C or a kill never hangs; callers
remove temp files afterwards.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from types import TracebackType
from typing import Any

from qrsign import _compat
from qrsign.render import fonts


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe and cheap (Linux, a process with one thread), spawn elsewhere; output is the same.

    A process with other threads (``qrsign serve`` builds in a thread of its server) never forks: a child
    forked while another thread holds a lock can deadlock (Python 3.12+ warns). It uses forkserver there.
    ``QRSIGN_START_METHOD=spawn`` forces what Windows and macOS use (the tests run both).
    """
    methods = multiprocessing.get_all_start_methods()
    forced = os.environ.get("QRSIGN_START_METHOD", "").strip().lower()
    if forced in methods:
        return multiprocessing.get_context(forced)
    linux = os.name == "posix" and os.uname().sysname == "Linux"
    if linux and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if linux and "forkserver" in methods else "spawn")


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up; SIGTERM just ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _compat.batch_collector(freeze=True)  # what it starts with lives as long as it does


def _warm_up() -> None:
    """Load reportlab, the fonts and the templates in a worker while the parent is still reading the sheet."""
    _compat.lazy_pillow()  # reportlab imports Pillow, which drawing signs never uses
    from qrsign.render import document as render

    for style in fonts.STYLES:
        fonts.register(style)
    render.SignDocument  # noqa: B018 - the import is the point


class Workers:
    """Worker processes, ready before the first chunk: forked from a parent that loaded reportlab and the fonts
    once (Linux), or started early to load them while the parent reads and checks the sheet (spawn)."""

    def __init__(self, jobs: int, warm: bool = True) -> None:
        self.jobs = jobs
        #: after :meth:`close`: the pool's manager thread and processes, which ``__exit__`` and :meth:`kill` join
        self._closed: tuple[Any, list[Any]] | None = None
        context = _pool_context()
        self.executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)
        if warm and context.get_start_method() == "fork":
            _warm_up()  # once, here: every worker forked from this process starts with it done (no copy each)
        elif warm:
            for _ in range(jobs):
                self.executor.submit(_warm_up)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.executor.submit(fn, *args)

    def run(self, fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> Iterator[Any]:
        """``fn(*a)`` for every ``a``, results as they complete."""
        futures = [self.executor.submit(fn, *a) for a in args]
        for future in as_completed(futures):
            yield future.result()

    def _thread_and_processes(self) -> tuple[Any, list[Any]]:
        """The pool's manager thread and worker processes: those kept by :meth:`close` (the executor forgets
        them then), else the executor's own (None and [] on an untested Python)."""
        return self._closed or (_compat.pool_manager_thread(self.executor), _compat.pool_processes(self.executor))

    def close(self) -> None:
        """Nothing more will be submitted: each worker leaves as soon as the work queued for it is done.

        Why: a build hands over its last unit long before the workers finish, and joining them afterwards (the
        pool's sentinels, each worker's exit, the manager thread) cost its last step 7-11 ms on one core; now the
        workers leave while the build writes the last unit's entries. Its results still arrive. Only where the
        pool's thread and processes can be kept to be joined (:func:`qrsign._compat.pool_manager_thread`):
        ``shutdown(wait=False)`` forgets them, and no worker may outlive the build.
        """
        if self._closed is not None:
            return
        thread, processes = self._thread_and_processes()
        if thread is None or not processes:
            return  # not started (nothing submitted), or an untested Python: __exit__ shuts it down
        self._closed = (thread, processes)
        self.executor.shutdown(wait=False)

    def kill(self) -> None:
        """Kill the workers at once (Ctrl-C, SIGTERM, an error): never wait on a worker that holds a lock."""
        terminate = getattr(self.executor, "terminate_workers", None)
        if terminate is not None and self._closed is None:  # Python 3.14+: the executor's own way (SIGTERM ends a
            terminate()                                         # worker at once), while it still knows its workers
            return
        # shutdown(wait=False) forgets the executor's manager thread, so take it first: it must be waited
        # for. Left running, it closes its wake-up pipe while the interpreter's exit hook writes to it:
        # "Exception ignored in: <module 'threading'> … OSError: [Errno 9] Bad file descriptor".
        thread, processes = self._thread_and_processes()
        for process in processes:
            process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)
        if thread is not None and thread.is_alive():
            thread.join(timeout=10)  # it ends as soon as it sees the killed workers

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self.executor.shutdown(wait=True)
            if self._closed is not None:  # closed early: the executor no longer knows its thread and processes
                thread, processes = self._closed
                thread.join()  # it joins the workers once their last results are in
                for process in processes:
                    process.join()
        else:
            self.kill()


def parallel(fn: Callable[..., Any], args: list[tuple[Any, ...]], jobs: int) -> Iterator[Any]:
    """``fn(*a)`` for every ``a`` in ``jobs`` worker processes, results as they complete."""
    with Workers(jobs, warm=False) as workers:
        yield from workers.run(fn, args)
