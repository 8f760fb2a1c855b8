"""Running one measured process, shared by ``bench.py`` and ``bench_zipbomb.py``.

The command is started by a tiny launcher (``python -S -c LAUNCHER``, stdlib
only, about 10 MB) that ``posix_spawn``s it, reaps it with ``os.wait4`` and
writes the figures to a JSON file. ``ru_maxrss`` from ``wait4`` is the largest
peak resident set of that process and of every descendant it waited for (pool
workers included); user + sys CPU seconds come from the same call; wall time is
``time.perf_counter()`` in the launcher from just before the spawn to the reap.

Why the launcher: on Linux a child's ``ru_maxrss`` also counts the memory of
the process that spawned it. ``subprocess`` starts children with ``vfork`` (or
``fork``), so until ``exec`` the child runs in the parent's address space, and
at ``exec`` that space's high-water mark is folded into the child's
``ru_maxrss``. Spawned straight from the benchmark (whose own peak is 45-100 MB
after writing the sheets), every figure had the benchmark's peak as a floor:
``qrsign --version`` "used" 45 MB, a refused zip bomb 45 MB instead of 27 MB.
Spawned from the launcher, the floor is the launcher's ~10 MB.

A light ``/proc`` poller (:class:`TreePoller`, 10 Hz, ``VmHWM`` per pid) also
records which process (main or worker) peaked where, including descendants that
were killed and never reaped by their parent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path


#: Spawns argv[2:], reaps it with wait4 and writes its figures as JSON to argv[1]. Run with ``-S``: stdlib only.
LAUNCHER = r"""
import json, os, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(out, "w") as f:
    json.dump({"pid": pid, "wall": wall, "rc": os.waitstatus_to_exitcode(status), "maxrss_kb": ru.ru_maxrss,
               "cpu": ru.ru_utime + ru.ru_stime}, f)
"""


class TreePoller:
    """Samples VmHWM of a process and its descendants from /proc (peak per pid, main vs workers).

    ``skip_root``: the root is the launcher; the measured "main" process is its first child.
    """

    def __init__(self, root: int, interval: float = 0.1, skip_root: bool = False) -> None:
        self.root = root
        self.interval = interval
        self.skip_root = skip_root
        self.main: int | None = None if skip_root else root
        self.peaks: dict[int, int] = {}  # pid -> VmHWM kB
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreePoller":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        try:
            entries = os.listdir("/proc")
        except OSError:
            return
        for name in entries:
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            rest = stat[stat.rfind(b")") + 2 :].split()
            parents[int(name)] = int(rest[1])
        if self.main is None:
            self.main = next((pid for pid, ppid in parents.items() if ppid == self.root), None)
        tree = {self.root}
        grew = True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        if self.skip_root:
            tree.discard(self.root)
        for pid in tree:
            try:
                with open(f"/proc/{pid}/status", "rb") as f:
                    for line in f:
                        if line.startswith(b"VmHWM:"):
                            kb = int(line.split()[1])
                            self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
                            break
            except OSError:
                continue

    def summary(self) -> dict:
        main = self.peaks.get(self.main, 0) if self.main is not None else 0
        workers = [kb for pid, kb in self.peaks.items() if pid != self.main]
        return {"main_mb": round(main / 1024, 1), "workers": len(workers),
                "worker_max_mb": round(max(workers) / 1024, 1) if workers else None,
                # an upper bound of the whole tree's memory at any one moment (peaks need not coincide)
                "sum_of_peaks_mb": round((main + sum(workers)) / 1024, 1)}


def run_measured(cmd: list[str], log: Path, env: dict | None = None, poll: bool = True) -> dict:
    """Run ``cmd`` under the launcher; wall seconds (spawn..reap), exit code, peak RSS of the tree, CPU seconds."""
    log = Path(log)
    figures = log.with_name(log.name + ".rusage.json")
    figures.unlink(missing_ok=True)
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(figures), *cmd], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        poller = TreePoller(proc.pid, skip_root=True) if poll else None
        if poller:
            poller.__enter__()
        try:
            proc.wait()
            outer = time.perf_counter() - t0
        finally:
            if poller:
                poller.__exit__(None, None, None)
    try:
        r = json.loads(figures.read_text())
    except (OSError, ValueError):  # the launcher itself failed (command not found…)
        r = {"wall": outer, "rc": proc.returncode or 127, "maxrss_kb": 0, "cpu": 0.0}
    return {
        "seconds": r["wall"],
        "outer_seconds": round(outer, 3),  # launcher start-up included (~20 ms)
        "rc": r["rc"],
        "peak_rss_mb": round(r["maxrss_kb"] / 1024, 1),  # kB on Linux
        "cpu_seconds": round(r["cpu"], 3),
        "tree": poller.summary() if poller else None,
        "log": str(log),
    }


def tail(path: str | Path, n: int = 15) -> str:
    try:
        return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def qrsign_cli() -> list[str]:
    """The installed ``qrsign`` console script next to this Python (what a user runs)."""
    exe = Path(sys.executable).with_name("qrsign")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("qrsign")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from qrsign.cli.main import main; sys.exit(main())"]
