"""``qrsign verify`` of a build, two source trees A/B in one run: CPU seconds and pages per CPU second.

    python benchmarks/verify_speed.py --base /work/main                # 1,000 signs, 3 pairs, --jobs 1 and default
    python benchmarks/verify_speed.py --base /work/main --pairs 5 --jobs default
    python benchmarks/verify_speed.py --out /tmp/b1000                 # an existing build, this tree only

The build is made once (by this tree, ``make_sheet.py N`` then ``qrsign build --date 2026-01-15``) unless
``--out`` names one. Then, for each pair, ``qrsign verify DIR --json`` runs with ``PYTHONPATH`` set to the base
tree and to this tree, alternating (base first in odd pairs, this tree first in even ones), so both see the
same load. CPU is user + sys of the whole process tree (``os.wait4`` of the command: the pool workers are
reaped by it and counted); wall is also shown, with the 1-minute load before each run, because on a shared
machine only the CPU figure and the ratio of a pair mean much. The goal (issue 25) is 500 pages/s on
2 cores: ≤ about 4 CPU s for 1,144 pages, start-up included, split evenly between the two workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = HERE.parent


def run(tree: Path, args: list[str]) -> dict:
    """One ``qrsign`` command with ``tree`` first on the path: rc, CPU (user + sys, workers included), wall."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    # cwd=tree: ``python -m`` puts the working folder first on the path, before PYTHONPATH
    proc = subprocess.Popen([sys.executable, "-m", "qrsign.cli.main", *args], env=env, cwd=tree,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    try:
        data = json.loads(out)
    except ValueError:
        data = {}
    return {"rc": proc.returncode, "cpu": ru.ru_utime + ru.ru_stime, "wall": wall, "load": load,
            "pages": data.get("pages") or 0, "ok": bool(data.get("ok")), "counts": data.get("counts")}


def check_tree(tree: Path) -> None:
    """Refuse to measure a tree whose own ``qrsign`` is not the one that gets imported."""
    found = subprocess.run([sys.executable, "-c", "import qrsign; print(qrsign.__file__)"], cwd=tree, text=True,
                           env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, check=True).stdout
    if not Path(found.strip()).resolve().is_relative_to(tree.resolve()):
        raise SystemExit(f"{tree}: imports qrsign from {found.strip()}")


def build(n: int, work: Path) -> Path:
    sheet, out = work / f"s{n}.xlsx", work / f"b{n}"
    subprocess.run([sys.executable, str(HERE / "make_sheet.py"), str(n), "-o", str(sheet)], check=True,
                   env={**os.environ, "PYTHONPATH": str(TREE)}, stdout=subprocess.DEVNULL)
    done = run(TREE, ["build", str(sheet), "-o", str(out), "--date", "2026-01-15", "--quiet"])
    if done["rc"] != 0:
        raise SystemExit(f"build failed (rc {done['rc']})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="qrsign verify of a build: CPU s and pages per CPU second, A/B.")
    ap.add_argument("-n", type=int, default=1000, help="signs in the build (default 1000)")
    ap.add_argument("--out", type=Path, help="an existing build folder (default: build one in a temp folder)")
    ap.add_argument("--base", type=Path, help="the other source tree (e.g. /work/main); default: this tree only")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--jobs", default="1,default", help="comma list of --jobs values; 'default' passes none")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="qrsign-verify-speed-") as tmp:
        out = args.out.resolve() if args.out else build(args.n, Path(tmp))
        trees = [("base", args.base.resolve()), ("tree", TREE)] if args.base else [("tree", TREE)]
        for _, tree in trees:
            check_tree(tree)
        results: dict[tuple[str, str], list[dict]] = {}
        for jobs in args.jobs.split(","):
            extra = [] if jobs == "default" else ["--jobs", jobs]
            for pair in range(args.pairs):
                for name, tree in trees if pair % 2 == 0 else trees[::-1]:
                    r = run(tree, ["verify", str(out), "--json", *extra])
                    results.setdefault((jobs, name), []).append(r)
                    print(f"jobs={jobs:<8} {name:<4} pair {pair + 1}: {r['cpu']:.2f} CPU s, {r['wall']:.2f} s wall, "
                          f"load {r['load']:.2f}, {r['pages']} pages, ok={r['ok']} rc={r['rc']}", flush=True)
        print()
        for (jobs, name), rs in results.items():
            cpu = statistics.median(r["cpu"] for r in rs)
            wall = statistics.median(r["wall"] for r in rs)
            pages = rs[0]["pages"]
            bad = [r for r in rs if not r["ok"] or r["rc"] != 0]
            print(f"jobs={jobs:<8} {name:<4} median {cpu:.2f} CPU s [{min(r['cpu'] for r in rs):.2f}–"
                  f"{max(r['cpu'] for r in rs):.2f}] = {pages / cpu:.0f} pages per CPU s; wall {wall:.2f} s = "
                  f"{pages / wall:.0f} pages/s" + (f"; {len(bad)} runs NOT ok" if bad else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
