"""Peak memory of ``qrsign report`` over many market builds (issue 24): it must stay flat in the number of markets.

    python benchmarks/bench_report.py                      # 200 and 1,000 markets of 250 signs, this tree
    python benchmarks/bench_report.py --markets 1000 --tree /work/main   # another checkout, to compare

Writes N synthetic build folders (one market of 250 signs each, three zones, shaped like a real
``manifest.json`` with its summaries, file list and sign entries) under ``benchmarks/_work/report/``, then runs
``python -m qrsign report DIR… -o report.xlsx`` once per size through :func:`measure.run_measured` (peak RSS
of the process from ``os.wait4``), with ``PYTHONPATH`` set to the tree measured.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from measure import run_measured  # noqa: E402

HERE = Path(__file__).resolve().parent
BANKS = [("970436", "Vietcombank"), ("970422", "MBBank"), ("970415", "VietinBank"), ("970418", "BIDV"),
         ("970405", "Agribank"), ("971005", "ViettelMoney")]
ZONES = ("Khu A", "Khu B", "Khu C")


def manifest(n: int, signs: int) -> dict:
    """One market's build: ``signs`` sign entries over three zones, with the summaries ``build`` writes."""
    market = f"Chợ Số {n:04d}"
    entries, banks = [], {}
    for i in range(signs):
        bin_, bank = BANKS[i % len(BANKS)]
        account = f"{n:04d}{i:06d}123"
        banks[bank] = banks.get(bank, 0) + 1
        entries.append({
            "row": i + 2, "sheet": "Danh sách", "stall": f"A{i + 1:03d}", "name": f"Nguyễn Thị Hường {i}",
            "holder": f"NGUYEN THI HUONG {i}", "bank_bin": bin_, "bank": bank, "account": account,
            "market": market, "zone": ZONES[i % 3],
            "payload": f"00020101021138570010A000000727012700069704360113{account}0208QRIBFTTA53037045802VN6304ABCD",
            "sign_id": f"{n:04X}-{i:04X}", "file": "cho/a4-treo.pdf", "page": i + 1, "qr_version": 4,
            "module_mm": 3.659, "source": "typed"})

    def summary(zone: str | None, count: int) -> dict:
        return {"market": market, "zone": zone, "rows_read": count, "accounts": count, "vendors": count,
                "vendors_not_ready": 0, "rows_rejected": 0, "rows_duplicate": 0, "rejected_by_reason": {},
                "errors": 0, "warnings": 0, "banks": dict(banks), "ready_share": 1.0}

    per_zone = [sum(1 for e in entries if e["zone"] == z) for z in ZONES]
    return {"qrsign": "0.2.0", "schema": 2, "source": f"cho-{n:04d}.xlsx", "template": "a4-treo",
            "date": "2026-12-01", "split_by": "market", "combine": False, "signs": entries, "checklists": [],
            "files": [{"file": "cho/a4-treo.pdf", "kind": "signs", "template": "a4-treo", "pages": signs,
                       "bytes": 2_000_000, "sha256": "0" * 64}],
            "images": [], "summary": summary(None, signs),
            "markets": [summary(None, signs), *(summary(z, c) for z, c in zip(ZONES, per_zone, strict=True))]}


def write_builds(root: Path, count: int, signs: int) -> list[Path]:
    folders = []
    for n in range(count):
        folder = root / f"cho-{n:04d}"
        if not (folder / "manifest.json").exists():
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "manifest.json").write_text(json.dumps(manifest(n, signs), ensure_ascii=False),
                                                  encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markets", default="200,1000", help="comma-separated numbers of market builds")
    ap.add_argument("--signs", type=int, default=250, help="signs per market build")
    ap.add_argument("--tree", default=str(HERE.parent), help="the qrsign checkout to measure (PYTHONPATH)")
    ap.add_argument("--work", default=str(HERE / "_work" / "report"))
    args = ap.parse_args()
    work = Path(args.work)
    env = {**os.environ, "PYTHONPATH": str(Path(args.tree).resolve())}
    for count in (int(x) for x in args.markets.split(",")):
        folders = write_builds(work / f"s{args.signs}", count, args.signs)
        out = work / f"report-{count}.xlsx"
        out.unlink(missing_ok=True)
        # -P: without it "-m" puts the working directory first on sys.path, which would measure the checkout
        # the benchmark is run from, whatever --tree says
        cmd = [sys.executable, "-P", "-m", "qrsign", "report", *map(str, folders), "-o", str(out)]
        r = run_measured(cmd, work / f"report-{count}.log", env=env, poll=False)
        print(f"{count:5d} markets × {args.signs} signs: exit {r['rc']}, peak RSS {r['peak_rss_mb']:.0f} MB, "
              f"{r['seconds']:.1f} s  ({args.tree})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
