"""Long work (build, import, patrol) in a background thread: one job at a time, with progress.

The server answers at once with the job's page, which shows progress until the job is done (the page reloads
itself without JavaScript; with it, a bar moves). A second start while one runs gets the running job back
instead of a new one, so a double click never starts two builds. The build's worker processes are never
forked from this threaded server (see :mod:`qrsign.building.workers`).
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign.errors import QrsignError

#: ``work(job)`` does the job, calling ``job.progress(done, total)``; what it returns is ``job.result``.
Work = Callable[["Job"], Any]


@dataclass
class Job:
    id: str
    kind: str  # "build" | "import" | "patrol"
    folder: Path
    title: str = ""
    state: str = "running"  # running | done | failed
    done: int = 0
    total: int | None = None
    result: Any = None
    error: QrsignError | None = None
    internal: str | None = None  # a bug's exception type: shown as such, never a traceback
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    #: what the job was started from, for the page (the sheet session, the choices made)
    origin: dict[str, Any] = field(default_factory=dict)

    def progress(self, done: int, total: int | None) -> None:
        self.done, self.total = done, total

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "done": self.done, "total": self.total}


#: Finished jobs kept, with their folders, for their pages and downloads. Older ones are removed as new ones
#: start, so a page left open all day does not fill the disk with builds nobody will download again.
KEEP = 20


class Jobs:
    """Every job of this server by id (the last :data:`KEEP` finished ones and the running one); one runs at
    a time."""

    def __init__(self, keep: int = KEEP) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self.keep = keep

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def running(self) -> Job | None:
        return next((j for j in self._jobs.values() if j.state == "running"), None)

    def finished(self, kind: str) -> list[Job]:
        return [j for j in self._jobs.values() if j.kind == kind and j.state == "done"]

    def start(self, kind: str, folder: Path, work: Work, *, title: str = "",
              origin: dict[str, Any] | None = None) -> tuple[Job, bool]:
        """(the new job, True), or (the running job, False) when one runs already."""
        with self._lock:
            busy = self.running()
            if busy is not None:
                return busy, False
            job = Job(secrets.token_urlsafe(9), kind, folder, title=title, origin=origin or {})
            self._jobs[job.id] = job
            gone = self._forget_old()
        # the old folders go in the job's thread: a big build's folder takes a moment, never the page's
        threading.Thread(target=_run, args=(job, work, gone), name=f"qrsign-{kind}", daemon=True).start()
        return job, True

    def _forget_old(self) -> list[Path]:
        """Drop the oldest finished jobs beyond :attr:`keep`; returns their folders, to be removed."""
        finished = sorted((j for j in self._jobs.values() if j.state != "running"), key=lambda j: j.started)
        old = finished[:max(0, len(finished) - self.keep)]
        for job in old:
            del self._jobs[job.id]
        return [job.folder for job in old]

    def wait(self, job: Job, timeout: float = 600) -> None:
        """Until ``job`` ends (tests and benchmarks)."""
        end = time.monotonic() + timeout
        while job.state == "running" and time.monotonic() < end:
            time.sleep(0.02)


def _run(job: Job, work: Work, gone: list[Path]) -> None:
    for folder in gone:  # forgotten jobs' folders (Jobs.keep)
        shutil.rmtree(folder, ignore_errors=True)
    try:
        job.result = work(job)
        job.state = "done"
    except QrsignError as err:
        job.error, job.state = err, "failed"
    except OSError as err:  # a full disk, a file another program holds
        from qrsign.errors import OutputError

        job.error, job.state = OutputError("E-OUTPUT-UNWRITABLE", value=err.filename or "", detail=err.strerror), \
            "failed"
    except Exception as err:  # a bug: said plainly on the page, never a traceback
        job.internal, job.state = type(err).__name__, "failed"
    finally:
        job.finished = time.monotonic()
