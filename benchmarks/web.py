"""How fast the web page is, against the command line on the same machine (run from the project root):

    PYTHONPATH=. python benchmarks/web.py [--rows 300] [--runs 3]

Measures, each as the median of ``--runs``:

- ``serve``: from starting ``python -m qrsign serve --no-browser`` to the first page answered (200);
- ``check``: uploading an N-row sheet (benchmarks/make_sheet.py) and getting the page with its tables, ``--pause``
  seconds after the page opened (a volunteer takes that long to pick a file; the server loads the readers
  meanwhile) — ``check_cold`` is the same with no pause;
- ``build``: from pressing "build" to the job's end on the page, against ``qrsign build SHEET -o DIR`` run as a
  command (both with the default number of worker processes).

Everything goes through the real server over HTTP on 127.0.0.1, as the browser would (without rendering).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # see the 303s: they carry the next page's address
        return None


def opener() -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)


def call(op: urllib.request.OpenerDirector, url: str, data: bytes | None = None,
         headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with op.open(request, timeout=600) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def start_server() -> tuple[subprocess.Popen, str, float]:
    """``qrsign serve`` as a volunteer starts it; (process, link, seconds to the first page)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "qrsign", "serve", "--no-browser", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        m = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", line)
        if m:
            link = m.group(1)
            break
    else:
        raise SystemExit("serve printed no link")
    op = opener()
    status, _, _ = call(op, link)
    assert status in (200, 303), status
    return proc, link, time.perf_counter() - t0


def multipart(field: str, path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{path.name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + \
        f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def check_only(link: str, sheet: Path) -> float:
    base = link.split("/?")[0]
    op = opener()
    call(op, link)
    body, ctype = multipart("sheet", sheet)
    t0 = time.perf_counter()
    status, headers, _ = call(op, base + "/check", body, {"content-type": ctype, "origin": base})
    status, _, html = call(op, base + headers["location"])
    assert status == 200 and b'id="vendors"' in html, status
    return time.perf_counter() - t0


def page_check_and_build(link: str, sheet: Path, pause: float) -> tuple[float, float, int]:
    base = link.split("/?")[0]
    op = opener()
    call(op, link)  # the token becomes the cookie
    time.sleep(pause)
    body, ctype = multipart("sheet", sheet)
    t0 = time.perf_counter()
    status, headers, _ = call(op, base + "/check", body, {"content-type": ctype, "origin": base})
    assert status == 303, status
    location = base + headers["location"]
    status, _, html = call(op, location)
    check = time.perf_counter() - t0
    assert status == 200 and b'id="vendors"' in html, status
    t0 = time.perf_counter()
    status, headers, _ = call(op, location + "/build", b"template=a4-treo",
                              {"content-type": "application/x-www-form-urlencoded", "origin": base})
    assert status == 303, status
    job = base + headers["location"]
    while True:
        state = json.loads(call(op, job + "/progress")[2])
        if state["state"] != "running":
            break
        time.sleep(0.05)
    build = time.perf_counter() - t0
    assert state["state"] == "done", state
    return check, build, state["done"]


def cli_check(sheet: Path) -> float:
    """``qrsign check SHEET`` as a command: the same work, to compare under the same load."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qrsign", "check", str(sheet)], env=ENV, cwd=ROOT, check=False,
                   capture_output=True)
    return time.perf_counter() - t0


def cli_build(sheet: Path, out: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qrsign", "build", str(sheet), "-o", str(out), "-q"], env=ENV, cwd=ROOT,
                   check=False, capture_output=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pause", type=float, default=3.0)
    args = parser.parse_args()
    from make_sheet import write_sheet

    work = Path(tempfile.mkdtemp(prefix="qrsign-web-bench-"))
    sheet = write_sheet(work / f"vendors-{args.rows}.xlsx", args.rows)
    starts, colds, checks, builds, clis, cli_checks = [], [], [], [], [], []
    for run in range(args.runs):
        proc, link, started = start_server()
        try:
            colds.append(check_only(link, sheet))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        proc, link, started = start_server()
        try:
            check, build, _ = page_check_and_build(link, sheet, args.pause)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        starts.append(started)
        checks.append(check)
        builds.append(build)
        clis.append(cli_build(sheet, work / f"cli-{run}"))
        cli_checks.append(cli_check(sheet))
    med = statistics.median
    print(json.dumps({
        "rows": args.rows, "runs": args.runs, "cpus": os.cpu_count(),
        "serve_start_s": round(med(starts), 2), "check_to_tables_s": round(med(checks), 2),
        "check_cold_s": round(med(colds), 2), "pause_s": args.pause, "check_cli_s": round(med(cli_checks), 2),
        "build_page_s": round(med(builds), 2), "build_cli_s": round(med(clis), 2),
        "build_ratio": round(med(builds) / med(clis), 2),
    }, indent=2))


if __name__ == "__main__":
    main()
