"""Profile one ``qrsign build --jobs 1`` (and ``qrsign verify --jobs 1``): phases, then cProfile.

    python benchmarks/profile_build.py                 # 1000 signs: phases, cProfile of build and verify
    python benchmarks/profile_build.py -n 3000 --only build
    python benchmarks/profile_build.py --pyinstrument  # sampling profiler (pip install pyinstrument)

**Phases** (unprofiled): each round is a fresh ``python profile_build.py
--phases-child`` process that times its own imports, then runs
``pipeline.build(jobs=1)`` with thin timing wrappers (about 1 µs per call) on
the pipeline's parts: ``sheet.read`` and the ``Checker.rows()`` generator (read +
check, row by row as the sheet streams), ``printable`` (glyph check),
``Planner.add``/``finish`` (plan), ``render_unit`` (each chunk's sign file and
checklist, split into ``pages_for``, ``SignDocument()``, ``add_page``,
``_draw_text``/``fit``, ``qr.drawing``/``qr.encode``/``qr.pdf_ops``,
``to_bytes`` and the atomic write), and the manifest (``summary``,
``summaries``, ``_remove_stale``, ``write_json``). The round with the
median wall time is shown. With ``--jobs 1`` nothing is drawn before the whole
sheet is read (no workers to hand chunks to), so the phases follow one another.

**cProfile** then runs the CLI in this process (imports done first, the QR
cache cleared) with ``--jobs 1``, so every page is drawn where the profiler
sees it. cProfile adds overhead per Python call (it inflates call-heavy code
such as text fitting); pyinstrument samples and does not. Output: the top
functions by own time, own time summed per area and the top cumulative
entries; the raw ``.prof`` files stay in the work folder for snakeviz / pstats.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_sheet import write_sheet  # noqa: E402

#: (area, substrings of "file:function") — the first match wins; order matters.
AREAS = [
    ("file writes: fsync + atomic rename", ("fsync", "fsutil.py", "posix.replace", "posix.rename")),
    ("PDF save: compression (zlib)", ("zlib.compress", "Compress", "compress")),
    ("reportlab number formatting (fp_str)", ("fp_str",)),
    ("text: fit / wrap / width", ("instanceStringWidthTTF", "render.py:fit", "_wrap_balanced", "stringWidth",
                                  "render.py:_floor", "pdfmetrics")),
    ("text: drawing (operators, TTF subset)", ("escapePDF", "render.py:_draw_text", "splitString",
                                               "getSubsetInternalName", "ttfonts", "textobject", "fonts.py:charset",
                                               "render.py:_fill", "render.py:__missing__", "render.py:_rgb")),
    ("QR encode (zxing-cpp + matrix to bytes)", ("qrsign/qr.py:encode", "zxingcpp", "create_barcode",
                                                  "to_image", "translate")),
    ("QR rectangles + operators", ("qrsign/qr.py", "finditer")),  # everything in qr.py but encode
    ("PDF save: objects and serialisation", ("pdfdoc", "canvas.py:save", "rl_accel", "pdfutils")),
    ("reportlab page machinery (canvas ops, forms)", ("canvas.py", "colors.py", "pdfgen", "render.py:add_page",
                                                      "render.py:__init__", "render.py:_make_form")),
    ("verify: render (pdfium)", ("pypdfium2", "pdfium")),
    ("verify: decode (zxing read_barcodes)", ("read_barcodes", "pictures.py:read_codes")),
    ("verify: census, classify, cells, quiet zone", ("qrsign/proof/", "vietqr.py:decode", "vietqr.py:scan",
                                                     "vietqr.py:drawable")),
    ("PIL", ("PIL",)),
    ("sheet reading (openpyxl, xml)", ("openpyxl", "xml", "et_xmlfile", "sheet.py", "defusedxml", "zipfile")),
    ("check + models (pydantic, banks, text)", ("check.py", "models.py", "pydantic", "banks.py", "text.py",
                                                "vietqr.py", "unicodedata", "re.py", "_sre", "fonts.py")),
    ("plan (planning: Planner, pages_for, items)", ("planning.py", "pipeline.py:_entry", "pipeline.py:printable",
                                                    "rules.py", "layout.py")),
    ("pipeline, manifest, json, files", ("pipeline.py", "json", "hashlib", "fsutil.py", "posix", "io.")),
    ("imports / start-up", ("<frozen importlib", "importlib", "marshal", "_imp", "pkgutil")),
]


def area_of(key: tuple) -> str:
    filename, _, func = key
    name = f"{filename}:{func}"
    for area, needles in AREAS:
        if any(n in name for n in needles):
            return area
    return "other"


def _anonymous(key: tuple) -> bool:
    return key[0] == "~" or key[2].startswith("<")


def attribute(stats: dict, key: tuple, seconds: float, depth: int = 0) -> dict[str, float]:
    """Areas to charge ``seconds`` of ``key``'s own time to: its own area, or (for built-ins and
    anonymous functions) its callers' areas, pro rata to what each caller spent in it."""
    own = area_of(key)
    if depth > 4 or (key[0] == "~" and own != "other") or not _anonymous(key):
        return {own: seconds}
    callers = stats.get(key, (0, 0, 0, 0, {}))[4]
    total = sum(c[2] for c in callers.values())
    if not callers or total <= 0:
        return {area_of(key): seconds}
    out: dict[str, float] = {}
    for caller, c in callers.items():
        for area, t in attribute(stats, caller, seconds * c[2] / total, depth + 1).items():
            out[area] = out.get(area, 0.0) + t
    return out


def short(key: tuple) -> str:
    filename, line, func = key
    if filename == "~":
        return func
    for marker in ("site-packages/", "/work/main/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line}({func})"


def report(prof: cProfile.Profile, wall: float, title: str, top: int, out: io.StringIO) -> None:
    st = pstats.Stats(prof)
    stats = st.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values())  # own time
    w = out.write
    w(f"\n=== {title}: wall {wall:.2f} s under cProfile, {total:.2f} s of profiled own time ===\n")
    w(f"\n-- top {top} functions by own time --\n")
    w(f"{'own s':>7} {'own %':>6} {'cum s':>7} {'calls':>9}  function\n")
    for key, (cc, nc, tt, ct, _) in sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]:
        w(f"{tt:7.3f} {100 * tt / total:5.1f}% {ct:7.3f} {nc:9d}  {short(key)}\n")
    areas: dict[str, float] = {}
    for key, v in stats.items():
        for area, t in attribute(stats, key, v[2]).items():
            areas[area] = areas.get(area, 0.0) + t
    w("\n-- own time per area (built-ins, lambdas and generator expressions charged to their callers) --\n")
    for area, t in sorted(areas.items(), key=lambda kv: -kv[1]):
        w(f"{t:7.3f} s {100 * t / total:5.1f}%  {area}\n")
    other = sorted(((attribute(stats, key, v[2]).get("other", 0.0), key) for key, v in stats.items()),
                   reverse=True)[:6]
    w("   largest own times left in 'other': " + ", ".join(f"{short(k)} {t:.3f}" for t, k in other) + "\n")
    w(f"\n-- top {top} by cumulative time (qrsign functions) --\n")
    rows = [(key, v) for key, v in stats.items() if "qrsign/" in key[0]]
    for key, (cc, nc, tt, ct, _) in sorted(rows, key=lambda kv: -kv[1][3])[:top]:
        w(f"{ct:7.3f} {100 * ct / total:5.1f}% {nc:9d}  {short(key)}\n")


IMPORTS = [  # what a `qrsign build` process loads, in the order it needs it
    ("qrsign.cli.main (click, messages, banks)", "qrsign.cli.main"),
    ("qrsign.building.pipeline (check, sheet, models: pydantic)", "qrsign.building.pipeline"),
    ("openpyxl (+ defusedxml), as qrsign's reader imports it", "qrsign._compat:import_openpyxl"),
    ("qrsign.render.document (reportlab + rl_accel)", "qrsign.render.document"),
    ("zxingcpp", "zxingcpp"),
]


def phases_child(sheet: Path, out_dir: Path, json_out: Path) -> None:
    """One fresh process: time the imports, then an instrumented ``pipeline.build(jobs=1)``; figures to JSON."""
    import importlib

    t_process = time.perf_counter()
    imports = {}
    for label, module in IMPORTS:
        t0 = time.perf_counter()
        name, _, function = module.partition(":")
        loaded = importlib.import_module(name)
        if function:
            loaded.lean_openpyxl()  # what the CLI's group does before any command: openpyxl without numpy
            getattr(loaded, function)()
        imports[label] = time.perf_counter() - t0
    import datetime as dt
    import json
    import types
    from collections import defaultdict

    from qrsign import fsutil
    from qrsign.intake import check
    from qrsign.render import layout
    from qrsign.building import pipeline
    from qrsign.render import qr
    from qrsign.render import document as render
    from qrsign.intake import sheet as sheetmod

    spent: dict[str, float] = defaultdict(float)
    calls: dict[str, int] = defaultdict(int)
    kind = ["signs"]

    def add(label: str, seconds: float) -> None:
        spent[label] += seconds
        calls[label] += 1

    order: list[str] = []  # label templates in the order of ``wanted``, for the report

    rendering = [False]  # inside render_unit (fsutil.write_bytes also writes the manifest, via write_text)

    def timed(label: str, fn, set_kind=None, only_rendering=False, marks_rendering=False):
        order.append(label)

        def wrapper(*a, **k):
            if only_rendering and not rendering[0]:
                return fn(*a, **k)
            if marks_rendering:
                rendering[0] = True
            if set_kind is not None:
                kind[0] = set_kind(*a, **k)
            name = label.format(kind=kind[0])
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                add(name, time.perf_counter() - t0)
                if marks_rendering:
                    rendering[0] = False
        return wrapper

    def timed_generator(label: str, fn):
        def wrapper(*a, **k):
            it = fn(*a, **k)
            while True:
                t0 = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    add(label, time.perf_counter() - t0)
                    return
                add(label, time.perf_counter() - t0)
                yield item
        return wrapper

    def file_kind(template, *a, **k):
        return "checklist" if template.name == layout.CHECKLIST else "signs"

    wanted = [
        (sheetmod, "read", timed("read+check: sheet.read (zip check, open workbook)", sheetmod.read)),
        (check.Checker, "rows", timed_generator("read+check: Checker.rows() (read rows + check each)",
                                                check.Checker.rows)),
        (check.Checker, "finish", timed("read+check: Checker.finish (shared-stall warnings, sort)",
                                        check.Checker.finish)),
        (pipeline, "printable", timed("read+check: printable (glyphs)", pipeline.printable)),
        (pipeline.Planner, "add", timed("plan: Planner.add", pipeline.Planner.add)),
        (pipeline.Planner, "finish", timed("plan: Planner.finish", pipeline.Planner.finish)),
        (pipeline, "render_unit", timed("render: render_unit", pipeline.render_unit, marks_rendering=True)),
        (pipeline, "pages_for", timed("  pages_for (items, fields) [{kind}]", pipeline.pages_for, file_kind)),
        (pipeline, "_render_file", timed("  _render_file: draw + save + write [{kind}]", pipeline._render_file,
                                         lambda *a, **k: a[6] if len(a) > 6 else k.get("kind", "?"))),
        (render.SignDocument, "__init__", timed("    SignDocument() (canvas, fonts, forms) [{kind}]",
                                                render.SignDocument.__init__)),
        (render.SignDocument, "add_page", timed("    add_page [{kind}]", render.SignDocument.add_page)),
        (render.SignDocument, "_draw_text", timed("      _draw_text (fit + operators) [{kind}]",
                                                  render.SignDocument._draw_text)),
        (render.SignDocument, "fit", timed("        fit (stringWidth, wrap) [{kind}]", render.SignDocument.fit)),
        (qr, "drawing", timed("      qr.drawing (cached per process: encode + rectangles) [{kind}]", qr.drawing)),
        (qr, "encode", timed("        qr.encode [{kind}]", qr.encode)),
        (qr, "pdf_ops", timed("      qr.pdf_ops [{kind}]", qr.pdf_ops)),
        (render.SignDocument, "to_bytes", timed("    to_bytes (canvas.save: serialise, Flate) [{kind}]",
                                                render.SignDocument.to_bytes)),
        (fsutil, "write_bytes", timed("    write (atomic) [{kind}]", fsutil.write_bytes, only_rendering=True)),
        (pipeline, "summary", timed("manifest: summary", pipeline.summary)),
        (pipeline, "summaries", timed("manifest: summaries", pipeline.summaries)),
        (pipeline, "_remove_stale", timed("manifest: _remove_stale", pipeline._remove_stale)),
        (pipeline, "write_json", timed("manifest: write_json (streamed, atomic)", pipeline.write_json)),
    ]
    qr.drawing.cache_clear()
    for obj, name, fn in wanted:
        setattr(obj, name, fn)
    t0 = time.perf_counter()
    pipeline.build(sheet, out_dir, pipeline.BuildOptions(jobs=1, date=dt.date(2026, 1, 1)))
    wall = time.perf_counter() - t0
    json_out.write_text(json.dumps({
        "import_s": imports, "build_s": wall, "process_s": time.perf_counter() - t_process,
        "spent": dict(spent), "calls": dict(calls), "order": order,
    }))


def timeline_child(sheet: Path, out_dir: Path, json_out: Path, jobs: int) -> None:
    """One fresh process: ``pipeline.build(jobs=N)`` as the CLI runs it, with a timestamp on every step.

    Workers are forked, so the wrappers are theirs too; every event is one
    O_APPEND line (atomic) in a file all processes share. Times are
    ``time.perf_counter()`` (CLOCK_MONOTONIC, the same clock in every process)
    from this process's start.
    """
    t_process = time.perf_counter()
    import datetime as dt
    import json

    from qrsign import _compat

    if hasattr(_compat, "batch_collector"):  # as the program's run() does: qrsign's own process (0.3.3+)
        _compat.batch_collector(freeze=False)
    getattr(_compat, "precompiled_dataclasses", lambda: None)()  # as run() does, before the modules load (0.3.9+)
    from qrsign.intake import check
    from qrsign.building import pipeline, workers  # what the parent of a real build imports (not reportlab)

    getattr(_compat, "lean_openpyxl", lambda: None)()  # as the CLI's group does (trees before 0.3 have none)

    events = json_out.with_suffix(".events")
    fd = os.open(events, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)

    def memory() -> dict:
        with open("/proc/self/status") as f:
            fields = {x.split(":")[0]: int(x.split()[1]) / 1024 for x in f if x.startswith(("VmRSS:", "VmHWM:"))}
        return {"rss": round(fields["VmRSS"], 1), "hwm": round(fields["VmHWM"], 1)}

    def event(what: str, **more) -> None:
        line = json.dumps({"t": time.perf_counter() - t_process, "cpu": round(time.process_time(), 4),
                           "pid": os.getpid(), "what": what, **more, **memory()})
        os.write(fd, (line + "\n").encode())

    event("imports done (qrsign.cli.main, qrsign.building.pipeline)")

    def spanned(name: str, fn, describe=lambda *a, **k: {}):
        def wrapper(*a, **k):
            event(f"{name} start", **describe(*a, **k))
            try:
                return fn(*a, **k)
            finally:
                event(f"{name} end")
        wrapper.__module__, wrapper.__qualname__ = fn.__module__, fn.__qualname__  # picklable by name
        return wrapper

    original_rows = check.Checker.rows

    def rows(self):
        n = 0
        for vr in original_rows(self):
            n += 1
            if n == 1:
                event("first row checked")
            yield vr
        event("last row checked", rows=n)

    check.Checker.rows = rows
    workers._warm_up = spanned("warm-up", workers._warm_up)
    pipeline.render_unit = spanned("render_unit", pipeline.render_unit,
                                   lambda unit, *a, **k: {"signs": len(unit.rows), "file": unit.sign_file})
    if hasattr(pipeline, "render_part"):  # 0.3.3+: a last unit's signs and checklist, each a job of its own
        pipeline.render_part = spanned("render_part", pipeline.render_part,
                                       lambda unit, out, part, *a, **k: {"part": part, "file": unit.sign_file})
    emit = pipeline.Renderer.emit

    def emit_logged(self, index, unit):
        event("chunk handed over", index=index, signs=len(unit.rows))
        return emit(self, index, unit)

    pipeline.Renderer.emit = emit_logged
    if hasattr(pipeline.Renderer, "completed"):  # 0.3.1+: each unit's result as it is ready
        completed = pipeline.Renderer.completed

        def completed_logged(self, *a, **k):
            event("waiting for the units")
            yield from completed(self, *a, **k)
            event("all units done")

        pipeline.Renderer.completed = completed_logged
    else:
        results = pipeline.Renderer.results

        def results_logged(self, *a, **k):
            event("waiting for the units")
            try:
                return results(self, *a, **k)
            finally:
                event("all units done")

        pipeline.Renderer.results = results_logged
    event("build() start")
    pipeline.build(sheet, out_dir, pipeline.BuildOptions(jobs=jobs, date=dt.date(2026, 1, 1)))
    event("build() end (manifest written)")
    os.close(fd)
    evs = [json.loads(line) for line in events.read_text().splitlines()]
    json_out.write_text(json.dumps({"events": evs, "main": os.getpid()}))


def timeline(sheet: Path, work: Path, jobs: int, rounds: int) -> str:
    """The median-wall of ``rounds`` fresh ``build(jobs=N)`` processes as a timeline, as text."""
    import json
    import subprocess

    runs = []
    for i in range(rounds):
        out_dir, js = work / f"timeline-{i}", work / f"timeline-{i}.json"
        shutil.rmtree(out_dir, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--timeline-child", str(sheet), str(out_dir), str(js), str(jobs)],
                       check=True)
        r = json.loads(js.read_text())
        r["outer_s"] = time.perf_counter() - t0
        runs.append(r)
    runs.sort(key=lambda r: r["outer_s"])
    r = runs[len(runs) // 2]
    main_pid = r["main"]
    names = {main_pid: "main"}
    walls = ", ".join(f"{x['outer_s']:.2f}" for x in runs)
    lines = [f"\n=== timeline of `build(jobs={jobs})` in a fresh process ({sheet.stem}), the median of {rounds} "
             f"(whole processes: {walls} s) ===",
             "  t (s) from the process's first line of Python (interpreter start-up, ~0.03 s, before it); "
             "CPU s of that process so far (a fork starts with its parent's); RSS / peak RSS (VmHWM) then"]
    open_spans: dict[tuple, float] = {}
    busy: dict[int, float] = {}
    for e in r["events"]:
        who = names.setdefault(e["pid"], f"worker {len(names)}")
        what = e["what"]
        extra = ", ".join(f"{k} {v}" for k, v in e.items() if k not in ("t", "cpu", "pid", "what", "rss", "hwm"))
        if what.endswith(" start"):
            open_spans[(e["pid"], what[:-6])] = e["t"]
        elif what.endswith(" end") and (e["pid"], what[:-4]) in open_spans:
            took = e["t"] - open_spans.pop((e["pid"], what[:-4]))
            busy[e["pid"]] = busy.get(e["pid"], 0.0) + took
            extra = (extra + ", " if extra else "") + f"took {took:.3f} s"
        lines.append(f"  {e['t']:6.3f}  {who:<9} {e['cpu']:6.3f}  {e['rss']:4.0f} / {e['hwm']:4.0f} MB  {what}"
                     + (f"  ({extra})" if extra else ""))
    end = r["events"][-1]["t"]
    lines.append(f"  {r['outer_s']:6.3f}  {'outside':<9} process reaped (start-up and exit included)")
    for pid, name in names.items():
        if pid != main_pid:
            lines.append(f"  {name}: busy {busy.get(pid, 0):.3f} s of {end:.3f} s")
    return "\n".join(lines) + "\n"


def phases(sheet: Path, work: Path, rounds: int) -> str:
    """Run ``rounds`` fresh phase-timing processes; the round with the median wall, as text."""
    import json
    import statistics
    import subprocess

    runs = []
    for i in range(rounds):
        out_dir, js = work / f"phases-{i}", work / f"phases-{i}.json"
        shutil.rmtree(out_dir, ignore_errors=True)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--phases-child", str(sheet), str(out_dir), str(js)], check=True)
        outer = time.perf_counter() - t0
        r = json.loads(js.read_text())
        r["outer_s"] = outer
        runs.append(r)
    starts = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        starts.append(time.perf_counter() - t0)
    startup = statistics.median(starts)
    runs.sort(key=lambda r: r["build_s"])
    r = runs[len(runs) // 2]
    spent, calls = r["spent"], r["calls"]
    imports = sum(r["import_s"].values())
    total = startup + imports + r["build_s"]
    walls = ", ".join(f"{x['build_s']:.2f}" for x in runs)
    lines = [f"\n=== phases of `qrsign build --jobs 1` in a fresh process, "
             f"{calls.get('plan: Planner.add', '?')} rows: the round with the median build() of {rounds} "
             f"(build() walls {walls} s) ===",
             f"{'s':>7} {'share':>6}  phase (share of start-up + imports + build())"]

    def line(seconds: float, label: str, n: int | None = None) -> None:
        lines.append(f"{seconds:7.3f} {100 * seconds / total:5.1f}%  {label}" + (f"  ({n} calls)" if n else ""))

    line(startup, "interpreter start-up (`python -c pass`, venv site)")
    line(imports, "import")
    for label, s_ in r["import_s"].items():
        line(s_, "  " + label)
    groups = [("read+check", "read+check: "), ("plan", "plan: "), ("render units", "render: "),
              ("manifest", "manifest: ")]
    accounted = 0.0
    for title, prefix in groups:
        keys = [k for k in spent if k.startswith(prefix)]
        if prefix == "render: ":
            keys = ["render: render_unit"]
        group = sum(spent[k] for k in keys)
        accounted += group
        line(group, title)
        for k in keys:
            line(spent[k], "  " + k[len(prefix):], calls[k])
        if prefix == "render: ":
            for sub_kind in ("signs", "checklist"):
                for k in [t.format(kind=sub_kind) for t in r["order"] if t.startswith("  ")]:
                    if k in spent:
                        line(spent[k], "  " + k, calls[k])
    line(r["build_s"] - accounted, "rest of build() (options, prepare folder, renames, sign entries)")
    lines.append(f"{total:7.3f} 100.0%  total (the process measured from outside: {r['outer_s']:.2f} s, "
                 f"profile_build's own imports included)")
    return "\n".join(lines) + "\n"


def run_cli(args: list[str]) -> int:
    from qrsign.cli.main import main

    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--phases-child"]:
        phases_child(Path(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    if argv[:1] == ["--timeline-child"]:
        timeline_child(Path(argv[1]), Path(argv[2]), Path(argv[3]), int(argv[4]))
        return 0
    ap = argparse.ArgumentParser(description="Profile qrsign build/verify --jobs 1.")
    ap.add_argument("-n", type=int, default=1000, help="signs (default 1000)")
    ap.add_argument("--only", choices=("build", "verify"), default=None)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--pyinstrument", action="store_true", help="use pyinstrument (sampling) instead of cProfile")
    ap.add_argument("--work", default=str(HERE / "_work" / "profile"))
    ap.add_argument("--phase-rounds", type=int, default=3, help="fresh phase-timing processes (0: none)")
    ap.add_argument("--timeline-jobs", type=int, default=os.cpu_count() or 2,
                    help="also time a build with this many workers, step by step (default: cores; 0: skip)")
    args = ap.parse_args(argv)

    work = Path(args.work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sheet = write_sheet(work / f"vendors-{args.n}.xlsx", args.n)
    out_dir = work / "out"
    text = io.StringIO()
    if args.phase_rounds and args.only != "verify":
        text.write(phases(sheet, work, args.phase_rounds))
        if args.timeline_jobs:
            text.write(timeline(sheet, work, args.timeline_jobs, args.phase_rounds))
        print(text.getvalue(), flush=True)
    printed = len(text.getvalue())
    # import everything first so the profile is of the work, not of imports
    import qrsign.cli.main, qrsign.building.pipeline, qrsign.render.document, qrsign.proof.verify  # noqa: E401,F401
    import pypdfium2, reportlab.pdfgen.canvas, zxingcpp  # noqa: E401,F401
    from qrsign.render import qr

    qr.drawing.cache_clear()  # a fresh process has drawn no QR yet
    jobs = [("build", ["build", str(sheet), "-o", str(out_dir), "--jobs", "1", "-q"]),
            ("verify", ["verify", str(out_dir), "--jobs", "1", "--json"])]
    for name, cli_args in jobs:
        if args.only and name != args.only:
            if name == "build" and args.only == "verify":
                run_cli(cli_args)  # verify needs a build
            continue
        if args.pyinstrument:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            t0 = time.perf_counter()
            profiler.start()
            stdout, sys.stdout = sys.stdout, io.StringIO()
            try:
                rc = run_cli(cli_args)
            finally:
                sys.stdout = stdout
            profiler.stop()
            wall = time.perf_counter() - t0
            text.write(f"\n=== {name} (exit {rc}): wall {wall:.2f} s under pyinstrument ===\n")
            text.write(profiler.output_text(unicode=True, color=False, show_all=False))
            (work / f"{name}.pyinstrument.html").write_text(profiler.output_html(), encoding="utf-8")
            continue
        prof = cProfile.Profile()
        stdout, sys.stdout = sys.stdout, io.StringIO()
        t0 = time.perf_counter()
        try:
            prof.enable()
            rc = run_cli(cli_args)
            prof.disable()
        finally:
            sys.stdout = stdout
        wall = time.perf_counter() - t0
        prof.dump_stats(str(work / f"{name}.prof"))
        report(prof, wall, f"qrsign {name} --jobs 1, N={args.n} (exit {rc})", args.top, text)
    print(text.getvalue()[printed:])
    (work / "profile.txt").write_text(text.getvalue(), encoding="utf-8")
    print(f"(raw profiles and this text in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
