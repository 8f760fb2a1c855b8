"""This tree against a pinned earlier qrsign (0.1.0 by default), CPU seconds pair by pair in one run.

Issue 25's first goal: "build CPU per 1,000 signs no higher than 0.1.0's on the same sheet in the same run".
The earlier version is a git worktree of its commit, run from source with ``PYTHONPATH`` exactly like this
tree, so both pay the same interpreter, the same site-packages and the same sheet. The two alternate
(A B A B …, one untimed warm-up pair first) so the machine's drift hits both; each pair gives a ratio
(this tree's CPU seconds / the pinned version's), and the median of those ratios is the figure. CPU
seconds are user + sys of the whole process tree (``os.wait4`` through ``measure.py``'s launcher), which
a shared machine disturbs far less than wall time.

    git worktree add --detach /tmp/qrsign-0.1.0 8896b4e      # 0.1.0
    python benchmarks/make_sheet.py 1000 -o /tmp/s1000.xlsx
    python benchmarks/versus.py /tmp/s1000.xlsx --pinned /tmp/qrsign-0.1.0 --pairs 5
    python benchmarks/versus.py /tmp/s1000.xlsx --pinned /tmp/qrsign-0.1.0 --pairs 5 --jobs 2

The exit code is 0 when the median ratio is at most ``--goal`` (1.0), 1 otherwise, 2 on a failed run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import run_measured  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

#: The CLI of any qrsign version, run from source: 0.3.0's run() (it ends the program), 0.2.0's click
#: group in qrsign.cli.main, or 0.1.0's single qrsign/cli.py.
ENTRY = """
import qrsign, sys
print("qrsign from", qrsign.__file__, file=sys.stderr)
try:
    from qrsign.cli.main import run
except ImportError:
    try:
        from qrsign.cli.main import main as run
    except ImportError:
        from qrsign.cli import main as run
run()
"""


def one_build(tree: Path, sheet: Path, out: Path, jobs: int, log: Path) -> dict:
    """One ``qrsign build`` of ``sheet`` with the code of ``tree``: seconds, cpu_seconds, rc, peak_rss_mb."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "SOURCE_DATE_EPOCH": "1768435200"}
    # -P: nothing before PYTHONPATH on sys.path (``-c`` would put the current folder, maybe this tree, first)
    cmd = [sys.executable, "-P", "-c", ENTRY, "build", str(sheet), "-o", str(out), "--jobs", str(jobs),
           "--date", "2026-01-15", "--quiet"]
    figures = run_measured(cmd, log, env=env, poll=False)
    if figures["rc"] != 0:
        raise SystemExit(f"{tree}: build exited {figures['rc']}:\n{log.read_text()[-2000:]}")
    used = log.read_text().partition("qrsign from ")[2].split("\n")[0]
    if not Path(used).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"the run meant for {tree} imported qrsign from {used}")
    return figures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sheet", type=Path)
    ap.add_argument("--pinned", type=Path, default=Path("/tmp/qrsign-0.1.0"), help="the earlier version's tree")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--goal", type=float, default=1.0, help="the largest acceptable median CPU ratio")
    ap.add_argument("--json", type=Path, help="write every run's figures here")
    args = ap.parse_args()
    if not (args.pinned / "qrsign").is_dir():
        print(f"no qrsign tree at {args.pinned}: git worktree add --detach {args.pinned} 8896b4e", file=sys.stderr)
        return 2
    trees = {"this": ROOT, "pinned": args.pinned.resolve()}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="qrsign-versus-") as scratch:
        work = Path(scratch)
        for pair in range(args.pairs + 1):  # pair 0 warms both up and is not counted
            for name, tree in trees.items():
                figures = one_build(tree, args.sheet, work / "out", args.jobs, work / f"{name}-{pair}.log")
                if pair:
                    runs[name].append(figures)
            if pair:
                this, pinned = runs["this"][-1], runs["pinned"][-1]
                print(f"pair {pair}: this {this['cpu_seconds']:.2f} CPU s ({this['seconds']:.2f} s wall)   "
                      f"pinned {pinned['cpu_seconds']:.2f} CPU s ({pinned['seconds']:.2f} s wall)   "
                      f"ratio {this['cpu_seconds'] / pinned['cpu_seconds']:.3f}", flush=True)
    ratios = [a["cpu_seconds"] / b["cpu_seconds"] for a, b in zip(runs["this"], runs["pinned"], strict=True)]
    cpu = {name: statistics.median(r["cpu_seconds"] for r in rs) for name, rs in runs.items()}
    median = statistics.median(ratios)
    print(f"\n{args.sheet.name}, --jobs {args.jobs}, {args.pairs} pairs: this tree {cpu['this']:.2f} CPU s, "
          f"{args.pinned} {cpu['pinned']:.2f} CPU s (medians); CPU ratio this / pinned: median {median:.3f} "
          f"[{min(ratios):.3f}–{max(ratios):.3f}]  goal ≤ {args.goal}: {'PASS' if median <= args.goal else 'FAIL'}")
    if args.json:
        args.json.write_text(json.dumps({"ratios": ratios, "runs": runs, "median": median}, indent=2))
    return 0 if median <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
