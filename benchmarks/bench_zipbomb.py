"""Zip bomb refusal benchmark (issue 6): an .xlsx whose sheet XML inflates to 1 GiB must be refused
in under 2 s with under 200 MB of memory, exit code 2.

    python benchmarks/bench_zipbomb.py               # 5 runs each of `qrsign check` and `qrsign build`
    python benchmarks/bench_zipbomb.py --runs 10 --json benchmarks/_work/zipbomb.json

The bomb is made the way ``tests/test_hostile.py``'s ``zip_bomb`` fixture makes
it: a small valid workbook (``make_sheet.py``, 5 vendors) whose
``xl/worksheets/sheet1.xml`` is replaced by ``<worksheet><sheetData>`` + 1 GiB
of spaces + ``</sheetData></worksheet>``, deflated (level 1, zip64), about 1 MB on
disk. It is written once to ``benchmarks/_work/zipbomb/bomb-1GiB.xlsx``
(git-ignored; never commit it) and reused while its directory still declares
the full size.

Each run is the installed ``qrsign`` CLI as a subprocess, exactly as a user
runs it (``qrsign check BOMB.xlsx``; ``qrsign build BOMB.xlsx -o DIR`` with the
default options, so the build's worker processes are started too). Wall time is
start of the subprocess to reaping it, so Python start-up and imports are
included (stricter than the in-process test in ``tests/test_hostile.py``); peak
RSS is ``ru_maxrss`` from ``os.wait4`` (the largest single process of the run,
workers the build reaped included), with the ``/proc`` poller's per-process
peaks as a cross-check. A run passes when it exits 2, says why (the message
names the oversized sheet) and stays under both limits; the verdict is on the
**worst** run. For reference the script also times ``qrsign --version`` (bare
start-up) and ``qrsign check`` of a normal 5-row sheet.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_sheet import write_sheet  # noqa: E402
from measure import qrsign_cli, run_measured  # noqa: E402

TARGET_SECONDS = 2.0
TARGET_RSS_MB = 200.0
EXPECTED_RC = 2
BOMB_MEMBER = "xl/worksheets/sheet1.xml"
GIB = 1 << 30


def make_bomb(path: Path) -> Path:
    """Write (or reuse) an .xlsx whose sheet XML declares and inflates to just over 1 GiB."""
    if path.exists():
        try:
            with zipfile.ZipFile(path) as z:
                if z.getinfo(BOMB_MEMBER).file_size >= GIB:
                    return path
        except (zipfile.BadZipFile, KeyError, OSError):
            pass
    path.parent.mkdir(parents=True, exist_ok=True)
    small = write_sheet(path.with_name("bomb-base.xlsx"), 5)
    valid = zipfile.ZipFile(io.BytesIO(small.read_bytes()))
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in valid.infolist():
            if info.filename != BOMB_MEMBER:
                z.writestr(info.filename, valid.read(info.filename))
        member = zipfile.ZipInfo(BOMB_MEMBER, date_time=(2026, 1, 1, 0, 0, 0))
        member.compress_type = zipfile.ZIP_DEFLATED
        with z.open(member, "w", force_zip64=True) as fh:
            fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = b" " * (1 << 22)
            for _ in range(GIB // len(block)):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    os.replace(tmp, path)
    return path


def bomb_info(path: Path) -> dict:
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(BOMB_MEMBER)
        total = sum(i.file_size for i in z.infolist())
    return {"file": str(path), "bytes_on_disk": path.stat().st_size, "member": BOMB_MEMBER,
            "member_uncompressed": info.file_size, "member_compressed": info.compress_size,
            "ratio": round(info.file_size / max(info.compress_size, 1)), "total_uncompressed": total}


def _message(log: Path) -> str:
    try:
        lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()]
    except OSError:
        return ""
    return " ".join(line for line in lines if line)[:300]


def _names_problem(message: str) -> bool:
    low = message.lower()
    return any(word in low for word in ("zip bomb", "too large", "quá lớn", "e-sheet-too-large", "sheet1.xml"))


def measure(cmd: list[str], log: Path, out_dir: Path | None = None) -> dict:
    if out_dir is not None:
        shutil.rmtree(out_dir, ignore_errors=True)
    env = {**os.environ, "QRSIGN_LANG": "en"}
    r = run_measured(cmd, log, env=env)
    message = _message(log)
    tree = r["tree"] or {}
    # the larger of wait4's figure and the poller's per-process peaks (a killed worker may go unreaped)
    per_process = max(r["peak_rss_mb"], tree.get("main_mb") or 0, tree.get("worker_max_mb") or 0)
    left = sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*")) if out_dir and out_dir.exists() else []
    ok = (r["rc"] == EXPECTED_RC and r["seconds"] < TARGET_SECONDS and per_process < TARGET_RSS_MB
          and _names_problem(message) and not left)
    return {"seconds": round(r["seconds"], 3), "rc": r["rc"], "peak_rss_mb": round(per_process, 1),
            "wait4_rss_mb": r["peak_rss_mb"], "tree": tree, "cpu_seconds": r["cpu_seconds"],
            "message": message, "names_problem": _names_problem(message), "files_left": left, "ok": ok,
            "cmd": " ".join(cmd), "log": r["log"]}


def summarise(rs: list[dict]) -> dict:
    secs = [r["seconds"] for r in rs]
    return {
        "runs": len(rs),
        "seconds_median": round(statistics.median(secs), 3),
        "seconds_max": round(max(secs), 3),
        "seconds_min": round(min(secs), 3),
        "peak_rss_mb_max": max(r["peak_rss_mb"] for r in rs),
        "tree_sum_of_peaks_mb_max": max((r["tree"] or {}).get("sum_of_peaks_mb") or 0 for r in rs),
        "processes_max": 1 + max((r["tree"] or {}).get("workers") or 0 for r in rs),
        "exit_codes": sorted({r["rc"] for r in rs}),
        "names_problem": all(r["names_problem"] for r in rs),
        "files_left": sorted({f for r in rs for f in r["files_left"]}),
        "message": rs[-1]["message"],
        "ok": all(r["ok"] for r in rs),
        "each": rs,
    }


def run(work: Path, runs: int = 5, verbose: bool = True) -> dict:
    """Make (or reuse) the bomb and time ``runs`` refusals by ``qrsign check`` and by ``qrsign build``."""
    work = Path(work)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    bomb = make_bomb(work / "bomb-1GiB.xlsx")
    made_s = time.perf_counter() - t0
    info = bomb_info(bomb)
    if verbose:
        print(f"  zip bomb {bomb.name}: {info['bytes_on_disk'] / 1e6:.1f} MB on disk, {info['member']} declares "
              f"{info['member_uncompressed'] / GIB:.3f} GiB (ratio {info['ratio']}:1); ready in {made_s:.1f} s",
              flush=True)
    cli = qrsign_cli()
    small = write_sheet(work / "normal-5.xlsx", 5)
    ref = {
        "version": measure([*cli, "--version"], logs / "version.log"),
        "check_normal": measure([*cli, "check", str(small)], logs / "check-normal.log"),
    }
    results: dict[str, list[dict]] = {"check": [], "build": []}
    out_dir = work / "build-out"
    for i in range(1, runs + 1):  # interleaved, so noise hits both alike
        results["check"].append(measure([*cli, "check", str(bomb)], logs / f"check-{i}.log"))
        results["build"].append(measure([*cli, "build", str(bomb), "-o", str(out_dir)], logs / f"build-{i}.log",
                                        out_dir=out_dir))
        if verbose:
            c, b = results["check"][-1], results["build"][-1]
            print(f"  zip bomb run {i}  check {c['seconds']:.2f} s {c['peak_rss_mb']:.0f} MB exit {c['rc']}  ·  "
                  f"build {b['seconds']:.2f} s {b['peak_rss_mb']:.0f} MB exit {b['rc']} "
                  f"({1 + ((b['tree'] or {}).get('workers') or 0)} processes)  load {os.getloadavg()[0]:.2f}",
                  flush=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    out = {
        "bomb": info,
        "targets": {"seconds": TARGET_SECONDS, "rss_mb": TARGET_RSS_MB, "exit_code": EXPECTED_RC},
        "reference": {k: {"seconds": v["seconds"], "peak_rss_mb": v["peak_rss_mb"], "rc": v["rc"]}
                      for k, v in ref.items()},
        "check": summarise(results["check"]),
        "build": summarise(results["build"]),
    }
    out["ok"] = out["check"]["ok"] and out["build"]["ok"]
    return out


def describe(z: dict) -> str:
    c, b = z["check"], z["build"]
    return (f"check {c['seconds_median']:.2f} s (max {c['seconds_max']:.2f}) {c['peak_rss_mb_max']:.0f} MB exit "
            f"{'/'.join(map(str, c['exit_codes']))} · build {b['seconds_median']:.2f} s (max {b['seconds_max']:.2f}) "
            f"{b['peak_rss_mb_max']:.0f} MB exit {'/'.join(map(str, b['exit_codes']))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time qrsign's refusal of a 1 GiB zip bomb (issue 6).")
    ap.add_argument("--runs", type=int, default=5, help="runs of each of check and build (default 5)")
    ap.add_argument("--work", default=str(HERE / "_work" / "zipbomb"),
                    help="scratch (default benchmarks/_work/zipbomb)")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    z = run(Path(args.work).resolve(), args.runs)
    ref = z["reference"]
    print()
    print(f"reference: `qrsign --version` {ref['version']['seconds']:.2f} s {ref['version']['peak_rss_mb']:.0f} MB; "
          f"`qrsign check` of a 5-row sheet {ref['check_normal']['seconds']:.2f} s "
          f"{ref['check_normal']['peak_rss_mb']:.0f} MB (exit {ref['check_normal']['rc']})")
    for name in ("check", "build"):
        s = z[name]
        print(f"qrsign {name:<5} BOMB: wall median {s['seconds_median']:.2f} s, max {s['seconds_max']:.2f} s  "
              f"(< {TARGET_SECONDS:.0f} s) · peak RSS per process max {s['peak_rss_mb_max']:.0f} MB "
              f"(< {TARGET_RSS_MB:.0f} MB; all {s['processes_max']} process(es) together ≤ "
              f"{s['tree_sum_of_peaks_mb_max']:.0f} MB) · exit {s['exit_codes']} (must be {EXPECTED_RC}) · "
              f"message names it: {s['names_problem']} · files left: {len(s['files_left'])}  "
              f"{'PASS' if s['ok'] else 'FAIL'}")
    print(f"  message: {z['check']['message']}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(z, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print("PASS" if z["ok"] else "FAIL")
    return 0 if z["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
