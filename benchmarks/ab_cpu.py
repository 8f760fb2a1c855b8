"""CPU seconds of one qrsign command in two source trees, run alternately (A B A B …) on a shared, noisy machine.

    python benchmarks/ab_cpu.py /work/main . -- check /tmp/s1000.xlsx --json
    python benchmarks/ab_cpu.py /tmp/qrsign-0.1.0 . --rounds 4 -- build /tmp/s1000.xlsx -o /tmp/ab-out --jobs 1 --quiet
    python benchmarks/ab_cpu.py /work/main . --first-chunk /tmp/s1000.xlsx    # the default 2-worker build's timeline

Each run is a fresh interpreter with ``PYTHONPATH`` set to the tree, started by this script and reaped with
``os.wait4``: CPU = user + sys of the process and every process it waited for (pool workers included). The
first round is a warm-up and is not counted. Bytecode is cached under ``--pycache`` (a folder of its own), so
neither tree is written to and a machine with ``PYTHONDONTWRITEBYTECODE`` set still measures what users run.
``--first-chunk`` runs ``profile_build.py --timeline-child`` (of *this* checkout, against each tree's code) and
reports, for the main process, the CPU seconds and the wall time at the first row checked, at the first chunk
handed to a worker, at the last row and at the end. A tree whose CLI is one module (0.1.0) works for commands.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLI = """
import os, qrsign
assert qrsign.__file__.startswith(os.environ["PYTHONPATH"]), qrsign.__file__  # the tree meant, or exit 1
try:
    from qrsign.cli.main import run       # the console script of 0.2.0 and later
except ImportError:
    from qrsign.cli import main as run    # 0.1.0: one cli.py
run()
"""
MARKS = (("first row", "first row checked"), ("first chunk", "chunk handed over"),
         ("last row", "last row checked"), ("end", "build() end (manifest written)"))


def _env(tree: str, pycache: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(Path(tree).resolve()), "PYTHONPYCACHEPREFIX": pycache,
            "SOURCE_DATE_EPOCH": "1768435200"}


def run_command(tree: str, args: list[str], pycache: str) -> tuple[float, float, int]:
    """(CPU s, wall s, exit code) of ``qrsign ARGS`` with ``tree``'s code."""
    out = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--out")), None)
    if out:
        shutil.rmtree(out, ignore_errors=True)  # a build into a fresh folder each time
    t0 = time.perf_counter()
    # -P: nothing before PYTHONPATH on sys.path (``-c`` would put the current folder, maybe the other tree, first)
    proc = subprocess.Popen([sys.executable, "-P", "-c", CLI, *args], env=_env(tree, pycache),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - t0, os.waitstatus_to_exitcode(status)


def run_timeline(tree: str, sheet: str, pycache: str, work: Path) -> dict[str, tuple[float, float]]:
    """{mark: (CPU s, wall s)} of the main process of one ``build(jobs=2)``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    js = work / "timeline.json"
    subprocess.run([sys.executable, "-P", str(HERE / "profile_build.py"), "--timeline-child", sheet, str(work / "out"),
                    str(js), "2"], env=_env(tree, pycache), check=True, stdout=subprocess.DEVNULL)
    events = [json.loads(line) for line in js.with_suffix(".events").read_text().splitlines()]
    main_pid = events[0]["pid"]
    out = {}
    for label, what in MARKS:
        e = next(e for e in events if e["pid"] == main_pid and e["what"] == what)
        out[label] = (e["cpu"], e["t"])
    return out


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.3f}–{max(values):.3f}]"


def main() -> int:
    argv = sys.argv[1:]
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", help="source tree A (its folder holding qrsign/)")
    ap.add_argument("b", help="source tree B")
    ap.add_argument("--rounds", type=int, default=3, help="counted rounds (one warm-up round more)")
    ap.add_argument("--first-chunk", metavar="SHEET", help="compare the timelines of a 2-worker build of SHEET")
    ap.add_argument("--pycache", default=os.path.join(tempfile.gettempdir(), "qrsign-ab-pycache"))
    args = ap.parse_args(argv)
    if not command and not args.first_chunk:
        ap.error("give a command after --, or --first-chunk SHEET")
    trees = {"A": args.a, "B": args.b}
    runs: dict[str, list] = {"A": [], "B": []}
    for r in range(args.rounds + 1):
        for key, tree in trees.items():
            if args.first_chunk:
                got: object = run_timeline(tree, args.first_chunk, args.pycache,
                                           Path(tempfile.gettempdir()) / f"qrsign-ab-{key}")
            else:
                got = run_command(tree, command, args.pycache)
            if r:
                runs[key].append(got)
    for key, tree in trees.items():
        if args.first_chunk:
            marks = "  ".join(f"{label} {_spread([x[label][0] for x in runs[key]])} CPU s, "
                              f"{statistics.median([x[label][1] for x in runs[key]]):.3f} s wall"
                              for label, _ in MARKS)
            print(f"{key} {tree}: main process at {marks}")
        else:
            codes = sorted({x[2] for x in runs[key]})
            print(f"{key} {tree}: CPU {_spread([x[0] for x in runs[key]])} s, wall median "
                  f"{statistics.median([x[1] for x in runs[key]]):.2f} s, exit {codes}")
    if not args.first_chunk:
        ratios = [b[0] / a[0] for a, b in zip(runs["A"], runs["B"], strict=True)]
        print(f"B / A CPU, pair by pair: {_spread(ratios)}")
        walls = [b[1] / a[1] for a, b in zip(runs["A"], runs["B"], strict=True)]
        print(f"B / A wall, pair by pair: {_spread(walls)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
