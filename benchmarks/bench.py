"""qrsign's batch benchmark (issue 7): qrsign build vs the baseline pipeline, timed in the same run.

    python benchmarks/bench.py                      # sizes 1000,3000, 3 rounds (~8-9 min here)
    python benchmarks/bench.py --quick              # sizes 300,900, 1 round (~1 min)
    python benchmarks/bench.py --sizes 1000 --rounds 5 --jobs 2

For every size a deterministic vendor sheet is written (``make_sheet.py``).
Each round runs, for every size, three subprocesses, each writing to a fresh
folder, so machine noise hits all of them alike:

1. the **peer baseline** (``baseline.py --no-accel``: python-qrcode PNG +
   reportlab ``drawImage``, A6, one process, reportlab *without* its optional C
   accelerator ``rl_accel``, as ``pip install reportlab qrcode pillow`` gives
   it). The targets are judged against this one;
2. the same baseline with ``rl_accel`` (qrsign depends on it, so it is in the
   venv): shown as info, labelled "baseline+rl_accel";
3. the real ``qrsign build`` CLI with the default template and default options.

Each baseline run reports which mode really ran (``BASELINE-MODE`` line:
whether ``reportlab.lib.rl_accel.asciiBase85Encode`` is the C one); a mismatch
is a problem and fails the run. Speed is the median over rounds of the
per-round ratio baseline/qrsign; absolute seconds are shown but are only a
rough guide on this noisy machine.

Memory is the peak resident set of every process of a run: each command is
started by a tiny launcher that reaps it with ``os.wait4``, whose ``ru_maxrss``
is the largest peak of that process and of every descendant it waited for (pool
workers included), with no change to qrsign (see ``measure.py`` for why the
launcher). A light ``/proc`` poller also records which process (main or worker)
peaked where.

After the timed rounds: ``qrsign verify`` on the last build of every size
(exit code and pages per second), a ``--jobs 1`` vs ``--jobs 2`` build of the
first size whose PDFs must be byte-identical (sha256 from the manifests,
checked against the files), and the zip bomb refusal of ``bench_zipbomb.py``
(issue 6; ``--no-zipbomb`` skips it). Figures go to
``benchmarks/results/latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_sheet import write_sheet  # noqa: E402
from measure import qrsign_cli, run_measured, tail  # noqa: E402

import bench_zipbomb as zb  # noqa: E402
from bench_zipbomb import describe as describe_zipbomb  # noqa: E402

TARGET_RATIO, AIM_RATIO = 10.0, 20.0
TARGET_KB_PER_SIGN = 8.0
TARGET_RSS_MB = 150.0
TARGET_RSS_GROWTH = 1.3
TARGET_VERIFY_PPS = 150.0
#: Speed is judged on sheets of at least this many rows (the issue's 1,000-vendor sheet); smaller
#: sizes (``--quick``) are shown for information, since start-up weighs more there.
RATIO_MIN_SIZE = 1000
FIXED_EPOCH = "1767225600"  # 2026-01-01, for the --jobs identity builds


# --------------------------------------------------------------------------------------------------
# the pipelines


def run_baseline(sheet: Path, out_dir: Path, log: Path, accel: bool) -> dict:
    """The baseline pipeline; ``accel=False`` is the peer baseline (``--no-accel``: reportlab without rl_accel)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / "baseline.pdf"
    cmd = [sys.executable, str(HERE / "baseline.py"), str(sheet), "-o", str(pdf)]
    if not accel:
        cmd.append("--no-accel")
    r = run_measured(cmd, log)
    r["bytes"] = pdf.stat().st_size if pdf.exists() else None
    r["cmd"] = " ".join(cmd)
    r["mode"] = baseline_mode(log)
    # the mode that really ran, read back from the baseline's own check (None: not reported)
    r["rl_accel"] = r["mode"].get("rl_accel") if r["mode"] else None
    return r


def baseline_mode(log: Path) -> dict | None:
    try:
        for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("BASELINE-MODE "):
                return json.loads(line.split(" ", 1)[1])
    except (OSError, ValueError):
        pass
    return None


def run_qrsign(sheet: Path, out_dir: Path, log: Path, jobs: int | None, env: dict | None = None,
               extra: tuple[str, ...] = ()) -> dict:
    cmd = [*qrsign_cli(), "build", str(sheet), "-o", str(out_dir)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    cmd += list(extra)
    r = run_measured(cmd, log, env=env)
    r["cmd"] = " ".join(cmd)
    return r


def read_manifest(out_dir: Path) -> dict | None:
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def sizes_of(manifest: dict) -> dict:
    files = manifest.get("files", [])
    signs = len(manifest.get("signs", []))
    sign_files = [f for f in files if f.get("kind") == "signs"]
    other = [f for f in files if f.get("kind") != "signs"]
    sign_bytes = sum(f["bytes"] for f in sign_files)
    return {
        "signs": signs,
        "sign_files": len(sign_files),
        "sign_pages": sum(f["pages"] for f in sign_files),
        "sign_bytes": sign_bytes,
        "kb_per_sign": round(sign_bytes / signs / 1000, 3) if signs else None,
        "checklist_bytes": sum(f["bytes"] for f in other),
        "checklist_pages": sum(f["pages"] for f in other),
        "total_pages": sum(f["pages"] for f in files),
    }


# --------------------------------------------------------------------------------------------------
# checks


def run_verify(out_dir: Path, log_dir: Path, jobs: int | None) -> dict:
    cmd = [*qrsign_cli(), "verify", str(out_dir), "--json"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    log = log_dir / f"verify-{out_dir.name}.log"
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    log.write_bytes(proc.stdout + b"\n--- stderr ---\n" + proc.stderr)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        data = {}
    pages = data.get("pages") or 0
    return {
        "seconds": round(wall, 3),
        "rc": proc.returncode,
        "ok": bool(data.get("ok")) and proc.returncode == 0,
        "pages": pages,
        "qr_found": data.get("qr_found"),
        "counts": data.get("counts"),
        "pages_per_s": round(pages / wall, 1) if wall and pages else 0.0,
        "cmd": " ".join(cmd),
        "log": str(log),
    }


def file_hashes(out_dir: Path, manifest: dict) -> dict[str, str]:
    return {f["file"]: f["sha256"] for f in manifest.get("files", [])}


def check_jobs_identity(sheet: Path, work: Path) -> dict:
    """Build with --jobs 1 and --jobs 2 (same fixed date); the PDFs must be byte-identical."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    results = {}
    for jobs in (1, 2):
        out = work / f"identity-jobs{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        r = run_qrsign(sheet, out, work / f"identity-jobs{jobs}.log", jobs, env=env)
        m = read_manifest(out)
        disk_ok = bool(m) and all(
            hashlib.sha256((out / f["file"]).read_bytes()).hexdigest() == f["sha256"] for f in m["files"])
        results[jobs] = {"rc": r["rc"], "seconds": round(r["seconds"], 3), "hashes": file_hashes(out, m or {}),
                         "manifest_matches_files": disk_ok, "peak_rss_mb": r["peak_rss_mb"], "tree": r["tree"],
                         "log": r["log"]}
    h1, h2 = results[1]["hashes"], results[2]["hashes"]
    same = bool(h1) and h1 == h2 and results[1]["rc"] == 0 and results[2]["rc"] == 0
    differing = sorted(k for k in set(h1) | set(h2) if h1.get(k) != h2.get(k))
    return {
        "size": None,
        "identical": same and results[1]["manifest_matches_files"] and results[2]["manifest_matches_files"],
        "files": len(h1),
        "differing": differing,
        "jobs1": results[1],
        "jobs2": results[2],
    }


# --------------------------------------------------------------------------------------------------


def git_state() -> dict:
    """The commit qrsign was measured at, and which of its files differed from it (other sessions edit too)."""
    root = HERE.parent

    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [line[3:] for line in git("status", "--porcelain", "--", "qrsign", "templates", "pyproject.toml")
             .splitlines() if line.strip()]
    return {"commit": git("rev-parse", "--short", "HEAD") or None, "dirty": dirty}


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark qrsign build against the baseline pipeline (issue 7).")
    ap.add_argument("--sizes", default=None, help="comma-separated sheet sizes (default 1000,3000; --quick 300,900)")
    ap.add_argument("--rounds", type=int, default=None, help="interleaved rounds per size (default 3; --quick 1)")
    ap.add_argument("--jobs", type=int, default=None,
                    help="pass --jobs N to qrsign build and verify (default: not passed, qrsign's own default)")
    ap.add_argument("--quick", action="store_true", help="sizes 300,900 and 1 round: a smoke run under a minute")
    ap.add_argument("--work", default=str(HERE / "_work"), help="scratch folder (default benchmarks/_work)")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"), help="JSON results file")
    ap.add_argument("--no-verify", action="store_true", help="skip qrsign verify")
    ap.add_argument("--no-identity", action="store_true", help="skip the --jobs 1 vs --jobs 2 identity check")
    ap.add_argument("--keep", action="store_true", help="keep every round's output (default: only the last)")
    ap.add_argument("--no-zipbomb", action="store_true", help="skip the zip bomb refusal (bench_zipbomb.py)")
    ap.add_argument("--zipbomb-runs", type=int, default=5, help="runs of each refusal (check, build); default 5")
    args = ap.parse_args(argv)

    sizes = [int(s) for s in (args.sizes or ("300,900" if args.quick else "1000,3000")).split(",") if s.strip()]
    rounds = args.rounds or (1 if args.quick else 3)
    work = Path(args.work).resolve() / "bench"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    logs = work / "logs"
    logs.mkdir()
    started = dt.datetime.now().astimezone()
    cores = os.cpu_count()
    from qrsign import __version__

    load_start = os.getloadavg()
    tree = git_state()
    print(f"qrsign benchmark  {started:%Y-%m-%d %H:%M %Z}  ·  {cores} cores  ·  Python {platform.python_version()}"
          f"  ·  qrsign {__version__} at {tree['commit']}"
          f"{' + uncommitted ' + ', '.join(tree['dirty']) if tree['dirty'] else ''}  ·  sizes {sizes}  ·  "
          f"{rounds} round(s)  ·  qrsign --jobs {args.jobs or 'default'}  ·  load {load_start[0]:.2f}", flush=True)
    if cores and load_start[0] > 0.5 * cores:
        print(f"  note: the machine is busy (1-min load {load_start[0]:.2f} on {cores} cores); qrsign uses every core "
              f"and the baseline one, so contention costs qrsign more. See the CPU-time ratio too.", flush=True)

    sheets = {n: write_sheet(work / f"vendors-{n}.xlsx", n) for n in sizes}
    warm = write_sheet(work / "vendors-20.xlsx", 20)
    # warm the page cache and imports for all three, untimed
    problems: list[str] = []
    warm_peer = run_baseline(warm, work / "warm-base-peer", logs / "warm-base-peer.log", accel=False)
    warm_accel = run_baseline(warm, work / "warm-base-accel", logs / "warm-base-accel.log", accel=True)
    accel_available = warm_accel["rl_accel"] is True
    print(f"  baseline modes: peer = {(warm_peer['mode'] or {}).get('asciiBase85Encode')}, "
          f"+accel = {(warm_accel['mode'] or {}).get('asciiBase85Encode')}", flush=True)
    if not accel_available:
        print("  note: rl_accel is not installed here, so 'baseline+accel' is the same as the peer baseline",
              flush=True)
    run_qrsign(warm, work / "warm-qrsign", logs / "warm-qrsign.log", args.jobs)

    runs: dict[int, dict[str, list[dict]]] = {n: {"baseline": [], "baseline_accel": [], "qrsign": []} for n in sizes}
    last_out: dict[int, Path] = {}
    t_start = time.perf_counter()
    for r in range(1, rounds + 1):
        for n in sizes:
            b_dir = work / f"base-{n}-r{r}"
            a_dir = work / f"base-accel-{n}-r{r}"
            q_dir = work / f"qrsign-{n}-r{r}"
            # the peer baseline (judged), the same script with rl_accel (info), then qrsign
            b = run_baseline(sheets[n], b_dir, logs / f"base-{n}-r{r}.log", accel=False)
            a = run_baseline(sheets[n], a_dir, logs / f"base-accel-{n}-r{r}.log", accel=True)
            q = run_qrsign(sheets[n], q_dir, logs / f"qrsign-{n}-r{r}.log", args.jobs)
            m = read_manifest(q_dir)
            q.update(sizes_of(m) if m else {})
            for run, label, want in ((b, "baseline", False), (a, "baseline+accel", accel_available)):
                if run["rc"] != 0:
                    problems.append(f"{label} failed (rc {run['rc']}) at N={n}:\n{tail(run['log'])}")
                elif run["rl_accel"] is not want:
                    problems.append(f"{label} ran with rl_accel={run['rl_accel']}, expected {want}, at N={n} "
                                    f"({run['log']})")
            if q["rc"] != 0 or not m or q.get("signs") != n:
                problems.append(f"qrsign build failed or incomplete (rc {q['rc']}, signs {q.get('signs')}) at "
                                f"N={n}: {q['cmd']}\n{tail(q['log'])}")
            runs[n]["baseline"].append(b)
            runs[n]["baseline_accel"].append(a)
            runs[n]["qrsign"].append(q)
            ratio = b["seconds"] / q["seconds"] if q["seconds"] else float("nan")
            ratio_a = a["seconds"] / q["seconds"] if q["seconds"] else float("nan")
            print(f"  round {r}  N={n:<6} baseline {b['seconds']:6.2f} s  +accel {a['seconds']:6.2f} s  "
                  f"qrsign {q['seconds']:5.2f} s  ratio {ratio:4.1f}× (+accel {ratio_a:4.1f}×)  "
                  f"CPU {b['cpu_seconds']:.1f} / {a['cpu_seconds']:.1f} / {q['cpu_seconds']:.1f} s  "
                  f"RSS {b['peak_rss_mb']:.0f} / {a['peak_rss_mb']:.0f} / {q['peak_rss_mb']:.0f} MB  "
                  f"load {os.getloadavg()[0]:.2f}", flush=True)
            if not args.keep:
                shutil.rmtree(b_dir, ignore_errors=True)
                shutil.rmtree(a_dir, ignore_errors=True)
                if n in last_out:
                    shutil.rmtree(last_out[n], ignore_errors=True)
            last_out[n] = q_dir
    timed_s = time.perf_counter() - t_start

    verify: dict[int, dict] = {}
    if not args.no_verify:
        for n in sizes:
            if last_out.get(n) and read_manifest(last_out[n]):
                verify[n] = run_verify(last_out[n], logs, args.jobs)
                v = verify[n]
                print(f"  verify   N={n:<6} {v['pages']} pages in {v['seconds']:.2f} s = {v['pages_per_s']:.0f} "
                      f"pages/s, exit {v['rc']}, counts {v['counts']}", flush=True)
                if not v["ok"]:
                    problems.append(f"qrsign verify not ok (rc {v['rc']}) on N={n}: {v['cmd']}\n{tail(v['log'])}")

    identity = None
    if not args.no_identity:
        identity = check_jobs_identity(sheets[sizes[0]], work)
        identity["size"] = sizes[0]
        print(f"  identity N={sizes[0]:<6} --jobs 1 vs --jobs 2: {identity['files']} files, "
              f"{'byte-identical' if identity['identical'] else 'DIFFERENT ' + str(identity['differing'])}",
              flush=True)
        if not identity["identical"]:
            problems.append(f"--jobs 1 and --jobs 2 differ: {identity['differing']} "
                            f"(logs {identity['jobs1']['log']}, {identity['jobs2']['log']})")

    zipbomb = None
    if not args.no_zipbomb:
        zipbomb = zb.run(work.parent / "zipbomb", args.zipbomb_runs)
        if not zipbomb["ok"]:
            bad = [r for k in ("check", "build") for r in zipbomb[k]["each"] if not r["ok"]]
            problems.append("zip bomb refusal failed its targets: " + "; ".join(
                f"{r['cmd']}: {r['seconds']:.2f} s, {r['peak_rss_mb']:.0f} MB, exit {r['rc']}, files left "
                f"{r['files_left']}, log {r['log']}" for r in bad[:3]))

    # ---------------------------------------------------------------------------------------------
    # figures
    per_size = {}
    for n in sizes:
        bs, as_, qs = runs[n]["baseline"], runs[n]["baseline_accel"], runs[n]["qrsign"]
        ratios = [b["seconds"] / q["seconds"] for b, q in zip(bs, qs) if q["seconds"]]
        ratios_a = [a["seconds"] / q["seconds"] for a, q in zip(as_, qs) if q["seconds"]]
        bt, at, qt = (median([x["seconds"] for x in xs]) for xs in (bs, as_, qs))
        last_q = qs[-1]
        base_bytes = bs[-1].get("bytes")
        accel_bytes = as_[-1].get("bytes")
        cpu_ratios = [b["cpu_seconds"] / q["cpu_seconds"] for b, q in zip(bs, qs) if q["cpu_seconds"]]
        cpu_ratios_a = [a["cpu_seconds"] / q["cpu_seconds"] for a, q in zip(as_, qs) if q["cpu_seconds"]]
        per_size[n] = {
            # judged: the peer baseline (reportlab without rl_accel, as `pip install reportlab qrcode pillow`)
            "ratio_median": round(median(ratios), 2),
            "cpu_ratio_median": round(median(cpu_ratios), 2),
            "ratio_min": round(min(ratios), 2) if ratios else None,
            "ratio_max": round(max(ratios), 2) if ratios else None,
            "ratios": [round(x, 2) for x in ratios],
            # info: the same baseline script with reportlab's C accelerator rl_accel
            "accel_ratio_median": round(median(ratios_a), 2),
            "accel_ratio_min": round(min(ratios_a), 2) if ratios_a else None,
            "accel_ratio_max": round(max(ratios_a), 2) if ratios_a else None,
            "accel_ratios": [round(x, 2) for x in ratios_a],
            "accel_cpu_ratio_median": round(median(cpu_ratios_a), 2),
            "baseline_modes": sorted({str(b["rl_accel"]) for b in bs}),
            "baseline_accel_modes": sorted({str(a["rl_accel"]) for a in as_}),
            "baseline_s": [round(b["seconds"], 3) for b in bs],
            "baseline_accel_s": [round(a["seconds"], 3) for a in as_],
            "qrsign_s": [round(q["seconds"], 3) for q in qs],
            "baseline_accel_s_per_1000": round(at / n * 1000, 3),
            "baseline_accel_kb_per_sign": round(accel_bytes / n / 1000, 3) if accel_bytes else None,
            "baseline_accel_peak_rss_mb": max(a["peak_rss_mb"] for a in as_),
            "baseline_s_per_1000": round(bt / n * 1000, 3),
            "qrsign_s_per_1000": round(qt / n * 1000, 3),
            "qrsign_signs_per_s": round(n / qt, 1),
            "qrsign_cpu_s_per_1000": round(median([q["cpu_seconds"] for q in qs]) / n * 1000, 3),
            "qrsign_kb_per_sign": last_q.get("kb_per_sign"),
            "qrsign_sign_files": last_q.get("sign_files"),
            "qrsign_checklist_kb": round((last_q.get("checklist_bytes") or 0) / 1000, 1),
            "baseline_kb_per_sign": round(base_bytes / n / 1000, 3) if base_bytes else None,
            "qrsign_peak_rss_mb": max(q["peak_rss_mb"] for q in qs),
            "qrsign_rss_main_mb": max((q["tree"] or {}).get("main_mb") or 0 for q in qs),
            "qrsign_rss_worker_max_mb": max(((q["tree"] or {}).get("worker_max_mb") or 0) for q in qs),
            "qrsign_workers_seen": max(((q["tree"] or {}).get("workers") or 0) for q in qs),
            "baseline_peak_rss_mb": max(b["peak_rss_mb"] for b in bs),
            "verify": verify.get(n),
        }
    lo, hi = min(sizes), max(sizes)
    rss_growth = (per_size[hi]["qrsign_peak_rss_mb"] / per_size[lo]["qrsign_peak_rss_mb"]
                  if hi != lo and per_size[lo]["qrsign_peak_rss_mb"] else None)

    # ---------------------------------------------------------------------------------------------
    # verdicts
    checks: list[dict] = []

    def check(name: str, value: str, target: str, ok: bool | None) -> None:
        checks.append({"name": name, "value": value, "target": target,
                       "result": "info" if ok is None else ("PASS" if ok else "FAIL")})

    for n in sizes:
        s = per_size[n]
        judged = n >= RATIO_MIN_SIZE
        check(f"speed ratio peer baseline/qrsign, N={n}",
              f"{s['ratio_median']:.1f}× [{s['ratio_min']:.1f}–{s['ratio_max']:.1f}]",
              f"≥ {TARGET_RATIO:.0f}× (aim {AIM_RATIO:.0f}×)", s["ratio_median"] >= TARGET_RATIO if judged else None)
    for n in sizes:
        s = per_size[n]
        check(f"speed ratio baseline+rl_accel/qrsign, N={n}",
              f"{s['accel_ratio_median']:.1f}× [{s['accel_ratio_min']:.1f}–{s['accel_ratio_max']:.1f}]",
              "(info: not the judged baseline)", None)
    for n in sizes:
        s = per_size[n]
        check(f"seconds per 1000 signs, N={n}", f"qrsign {s['qrsign_s_per_1000']:.2f} · baseline "
              f"{s['baseline_s_per_1000']:.2f} · +rl_accel {s['baseline_accel_s_per_1000']:.2f}", "(info)", None)
    for n in sizes:
        s = per_size[n]
        check(f"CPU-time ratio baseline/qrsign, N={n}", f"{s['cpu_ratio_median']:.1f}× · +rl_accel "
              f"{s['accel_cpu_ratio_median']:.1f}× (qrsign {s['qrsign_cpu_s_per_1000']:.2f} CPU s/1000)",
              "(info: all cores' work)", None)
    for n in sizes:
        s = per_size[n]
        kb = s["qrsign_kb_per_sign"]
        check(f"KB per sign (a4-treo PDFs), N={n}", f"{kb:.2f} KB · baseline {s['baseline_kb_per_sign']:.2f} KB"
              if kb is not None else "—", f"≤ {TARGET_KB_PER_SIGN:.0f} KB", kb is not None and kb <= TARGET_KB_PER_SIGN)
    for n in sizes:
        s = per_size[n]
        check(f"peak RSS per process, N={n}",
              f"{s['qrsign_peak_rss_mb']:.0f} MB (main {s['qrsign_rss_main_mb']:.0f}, worker "
              f"{s['qrsign_rss_worker_max_mb']:.0f}) · baseline {s['baseline_peak_rss_mb']:.0f} MB",
              f"< {TARGET_RSS_MB:.0f} MB", s["qrsign_peak_rss_mb"] < TARGET_RSS_MB)
    if rss_growth is not None:
        check(f"peak RSS N={hi} / N={lo}", f"{rss_growth:.2f}", f"≤ {TARGET_RSS_GROWTH}", rss_growth <= TARGET_RSS_GROWTH)
    for n, v in verify.items():
        check(f"qrsign verify, N={n}", f"{v['pages_per_s']:.0f} pages/s ({v['pages']} pages, {v['seconds']:.1f} s)",
              f"≥ {TARGET_VERIFY_PPS:.0f} pages/s", v["pages_per_s"] >= TARGET_VERIFY_PPS)
        check(f"qrsign verify exit code, N={n}", f"{v['rc']} ({v['qr_found']} codes, {v['counts']})", "0",
              v["ok"])
    if identity is not None:
        check(f"--jobs 1 vs --jobs 2, N={identity['size']}",
              "byte-identical" if identity["identical"] else f"differ: {', '.join(identity['differing']) or '?'}",
              f"identical ({identity['files']} files)", identity["identical"])
    if zipbomb is not None:
        check("zip bomb 1 GiB refused (check · build)", describe_zipbomb(zipbomb),
              f"< {zb.TARGET_SECONDS:.0f} s, < {zb.TARGET_RSS_MB:.0f} MB, exit {zb.EXPECTED_RC}", zipbomb["ok"])
    failed_runs = [p for p in problems if p.startswith(("baseline failed", "baseline+accel failed",
                                                        "qrsign build failed"))]
    check("every build exits 0 with every sign", "yes" if not failed_runs else f"no ({len(failed_runs)} runs)",
          "yes", not failed_runs)

    width = max(len(c["name"]) for c in checks)
    vwidth = max(len(c["value"]) for c in checks)
    twidth = max(len(c["target"]) for c in checks)
    print()
    print(f"{'measure':<{width}}  {'value':<{vwidth}}  {'target':<{twidth}}  result")
    print(f"{'-' * width}  {'-' * vwidth}  {'-' * twidth}  ------")
    for c in checks:
        print(f"{c['name']:<{width}}  {c['value']:<{vwidth}}  {c['target']:<{twidth}}  {c['result']}")
    failed = [c for c in checks if c["result"] == "FAIL"]
    print()
    print(f"{len(checks) - len(failed) - sum(c['result'] == 'info' for c in checks)} PASS, {len(failed)} FAIL "
          f"(timed rounds {timed_s:.0f} s, total {time.perf_counter() - t_start:.0f} s). "
          f"Scratch: {work}")
    for p in problems:
        print("\nPROBLEM: " + p)

    result = {
        "started": started.isoformat(timespec="seconds"),
        "machine": {"cores": cores, "python": platform.python_version(), "platform": platform.platform(),
                    "load_avg_at_start": load_start,
                    "load_avg_at_end": os.getloadavg()},
        "qrsign_version": __version__,
        "qrsign_tree": tree,
        "qrsign_tree_at_end": git_state(),
        "sizes": sizes,
        "rounds": rounds,
        "qrsign_jobs": args.jobs,
        "quick": args.quick,
        "per_size": {str(n): v for n, v in per_size.items()},
        "rss_growth": round(rss_growth, 3) if rss_growth is not None else None,
        "identity": identity,
        "zipbomb": zipbomb,
        "checks": checks,
        "problems": problems,
        "runs": {str(n): v for n, v in runs.items()},
        "baseline_accel_available": accel_available,
        "targets": {"ratio": TARGET_RATIO, "aim_ratio": AIM_RATIO, "kb_per_sign": TARGET_KB_PER_SIGN,
                    "zipbomb_seconds": zb.TARGET_SECONDS, "zipbomb_rss_mb": zb.TARGET_RSS_MB,
                    "rss_mb": TARGET_RSS_MB, "rss_growth": TARGET_RSS_GROWTH, "verify_pages_per_s": TARGET_VERIFY_PPS},
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Results: {out}")
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
