"""Build signs from a vendor sheet: check → plan files and pages → render (in parallel) → manifest.

The plan is made once, in the parent process, and depends only on the data
and options — never on how many worker processes render it — so ``--jobs 1``
and ``--jobs 4`` write byte-identical files. Output is split by market (or
zone) into folders, and into files of at most ``max_pages_per_file`` pages so
reportlab never holds a whole province in memory. Every file is written
atomically; the manifest is written last, as the record of a finished build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import multiprocessing
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from qrsign import __version__, fonts, fsutil, layout, qr, text
from qrsign.check import CheckResult, RejectedRow, VendorRow, check_file, summaries, summary
from qrsign.errors import InputError, QrsignError, RenderError
from qrsign.models import Problem, Vendor
from qrsign.render import Item, SignDocument

MANIFEST = "manifest.json"
SPLITS = ("market", "zone", "none")
FORMATS = ("png", "svg")
_STALL_WORDS = ("quay", "sap", "kiot", "ki ot", "lo ", "kiosk", "stall", "booth", "gian")


@dataclass
class BuildOptions:
    template: str = layout.DEFAULT
    sheet: str | None = None
    market: str | None = None
    split_by: str = "market"
    combine: bool = False
    formats: tuple[str, ...] = ()
    jobs: int | None = None
    date: dt.date | None = None
    logos: dict[str, str] = field(default_factory=dict)
    ec: str = "M"
    max_pages_per_file: int = 400
    checklist: bool = True
    progress: Callable[[int, int], None] | None = None


@dataclass
class PageSpec:
    items: list[Item]
    page_fields: dict[str, str]
    refs: list[int]  # index into the plan's sign list, one per item


@dataclass
class FileTask:
    rel: str
    template: str
    kind: str  # "signs" | "checklist"
    title: str
    pages: list[PageSpec]
    logos: dict[str, str]
    ec: str

    @property
    def weight(self) -> int:
        return sum(len(p.items) for p in self.pages)


@dataclass
class TaskResult:
    rel: str
    pages: int
    sha256: str
    size: int
    placed: list[list[tuple[int, int, float, float | None]]]  # per page, per item: (page, version, module, text)


@dataclass
class BuildResult:
    check: CheckResult
    out_dir: Path
    manifest: dict
    problems: list[Problem]

    @property
    def exit_code(self) -> int:
        return 1 if self.check.rejected else 0


# --------------------------------------------------------------------------------------------------
# fields printed on a sign


def stall_label(stall: str) -> str:
    """``12`` → ``Quầy 12``; a stall typed with its own word (``Sạp B3``, ``Ki-ốt 5``) stays as typed."""
    if not stall:
        return ""
    return stall if text.fold(stall).startswith(_STALL_WORDS) else f"Quầy {stall}"


def item_fields(vr: VendorRow, date_text: str) -> dict[str, str]:
    v = vr.vendor
    bank = v.bank
    stall_line = " · ".join(x for x in (stall_label(v.stall), v.market or "") if x)
    return {
        "holder": v.holder,
        "name": v.name,
        "account": v.account,
        "account_grouped": text.group4(v.account),
        "account_last4": v.account[-4:],
        "bank": bank.short_name,
        "bank_name": bank.name,
        "bank_label": bank.label,
        "stall": v.stall,
        "stall_line": stall_line,
        "market": v.market or "",
        "zone": v.zone or "",
        "trade": v.trade or "",
        "sign_id": v.sign_id,
        "date": date_text,
        "index": f"{vr.row}" if vr.row else "",
    }


def _label(vr: VendorRow) -> str:
    v = vr.vendor
    return " – ".join(x for x in (stall_label(v.stall), v.name) if x)


#: Vendor fields that end up on paper, and so must be drawable by the font.
PRINTED_FIELDS = ("name", "stall", "market", "zone")


def check_printable(result: CheckResult) -> None:
    """Move vendors whose printed text has a character the font lacks from ``vendors`` to errors."""
    kept = []
    for vr in result.vendors:
        bad = False
        for f in PRINTED_FIELDS:
            value = getattr(vr.vendor, f) or ""
            missing = fonts.missing_glyphs(value)
            if missing:
                result.problems.append(Problem(code="E-GLYPH-MISSING", severity="error", sheet=vr.sheet,
                                               row=vr.row, column=vr.columns.get(f), field=f, value=value,
                                               params={"chars": missing}))
                bad = True
        if bad:
            v = vr.vendor
            result.rejected.append(RejectedRow(vr.sheet or "", vr.row or 0, v.market, v.zone, v.stall, v.name))
        else:
            kept.append(vr)
    result.vendors = kept


def resolve_template(options: BuildOptions) -> layout.Template:
    """The template to build with; ``--combine`` picks the combined layout (and a combined layout implies it)."""
    template = layout.load(options.template)
    if template.kind == "combined":
        options.combine = True
    elif options.combine:
        if options.template != layout.DEFAULT:
            raise InputError("E-USAGE", detail=f"--combine needs a combined template (like {layout.COMBINED}), "
                                               f"not {template.name}")
        options.template = layout.COMBINED
        template = layout.load(options.template)
    return template


# --------------------------------------------------------------------------------------------------
# planning


@dataclass
class Plan:
    signs: list[dict]  # manifest entries, filled with file/page after rendering
    tasks: list[FileTask]
    checklists: list[dict]
    problems: list[Problem]


def _group_key(vr: VendorRow, split_by: str, fallback: str) -> tuple[str, ...]:
    market = vr.vendor.market or fallback
    if split_by == "none":
        return ()
    if split_by == "zone":
        return (market, vr.vendor.zone or "")
    return (market,)


def _folder(key: tuple[str, ...]) -> str:
    return "/".join(fsutil.safe_name(part) for part in key if part)


def _chunks(pages: list, limit: int) -> list[list]:
    """Split pages into ``ceil(n / limit)`` files of near-equal size."""
    if not pages:
        return []
    n = math.ceil(len(pages) / limit)
    size = math.ceil(len(pages) / n)
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def plan(result: CheckResult, options: BuildOptions, source_stem: str) -> Plan:
    """Decide every file, page and position; nothing is drawn yet."""
    template = layout.load(options.template)
    date_text = (options.date or dt.date.today()).strftime("%d/%m/%Y")
    problems: list[Problem] = []
    groups: dict[tuple, list[VendorRow]] = {}
    for vr in result.vendors:
        groups.setdefault(_group_key(vr, options.split_by, source_stem), []).append(vr)

    signs: list[dict] = []
    tasks: list[FileTask] = []
    checklists: list[dict] = []
    sign_index: dict[int, int] = {}
    for key, rows in groups.items():
        folder = _folder(key)
        for vr in rows:
            sign_index[id(vr)] = len(signs)
            signs.append(_entry(vr))
        pages = _pages(template, rows, options, date_text, sign_index, key, problems)
        stem = fsutil.safe_name(template.name)
        tasks.extend(_file_tasks(folder, stem, template, pages, options, "signs", title=_title(key, template)))
        if options.checklist and template.kind != "checklist":
            checklist = layout.load(layout.CHECKLIST)
            cpages = _pages(checklist, rows, options, date_text, sign_index, key, [])
            tasks.extend(_file_tasks(folder, fsutil.safe_name(checklist.name), checklist, cpages, options,
                                     "checklist", title=_title(key, checklist)))
    return Plan(signs, tasks, checklists, problems)


def _title(key: tuple, template: layout.Template) -> str:
    where = " – ".join(k for k in key if k)
    return f"{template.description}{' – ' + where if where else ''}"


def _entry(vr: VendorRow) -> dict:
    v = vr.vendor
    return {
        "row": vr.row,
        "sheet": vr.sheet,
        "stall": v.stall,
        "name": v.name,
        "holder": v.holder,
        "bank_bin": v.bank_bin,
        "bank": v.bank.short_name,
        "account": v.account,
        "market": v.market,
        "zone": v.zone,
        "payload": v.payload,
        "sign_id": v.sign_id,
        "file": None,
        "page": None,
    }


def _pages(template: layout.Template, rows: list[VendorRow], options: BuildOptions, date_text: str,
           sign_index: dict[int, int], key: tuple, problems: list[Problem]) -> list[PageSpec]:
    def item(vr: VendorRow) -> Item:
        return Item(item_fields(vr, date_text), vr.vendor.payload, _label(vr))

    pages: list[PageSpec] = []
    if template.kind == "combined":
        people: dict[tuple, list[VendorRow]] = {}
        for vr in rows:
            people.setdefault(vr.group_key, []).append(vr)
        limit = template.per_page
        for accounts in people.values():
            if len(accounts) > limit:
                first = accounts[0]
                problems.append(Problem(code="W-TOO-MANY-ACCOUNTS", severity="warning", sheet=first.sheet,
                                        row=first.row, column=first.columns.get("name"), field="name",
                                        value=_label(first), params={"count": len(accounts), "limit": limit}))
            for i in range(0, len(accounts), limit):
                part = accounts[i : i + limit]
                f = item_fields(part[0], date_text)
                page_fields = {k: f[k] for k in ("holder", "name", "stall", "stall_line", "market", "date")}
                page_fields["sign_ids"] = " ".join(vr.vendor.sign_id for vr in part)
                page_fields["count"] = str(len(part))
                pages.append(PageSpec([item(vr) for vr in part], page_fields,
                                      [sign_index[id(vr)] for vr in part]))
        return pages
    per_page = template.per_page
    where = " – ".join(k for k in key if k)
    for i in range(0, len(rows), per_page):
        part = rows[i : i + per_page]
        page_fields = {"market": part[0].vendor.market or "", "zone": part[0].vendor.zone or "",
                       "date": date_text, "count": str(len(rows)), "title": f"– {where}" if where else ""}
        pages.append(PageSpec([item(vr) for vr in part], page_fields, [sign_index[id(vr)] for vr in part]))
    return pages


def _file_tasks(folder: str, stem: str, template: layout.Template, pages: list[PageSpec], options: BuildOptions,
                kind: str, title: str) -> list[FileTask]:
    chunks = _chunks(pages, options.max_pages_per_file)
    tasks = []
    for n, chunk in enumerate(chunks, start=1):
        name = f"{stem}.pdf" if len(chunks) == 1 else f"{stem}-{n:02d}.pdf"
        rel = f"{folder}/{name}" if folder else name
        for p, page in enumerate(chunk, start=1):
            page.page_fields["page"] = str(p)
            page.page_fields["pages"] = str(len(chunk))
        tasks.append(FileTask(rel, options.template if kind == "signs" else layout.CHECKLIST, kind, title, chunk,
                              dict(options.logos), options.ec))
    return tasks


# --------------------------------------------------------------------------------------------------
# rendering (runs in worker processes)


def render_task(task: FileTask, out_dir: str) -> TaskResult:
    """Render one file and write it atomically; returns where each item went."""
    template = layout.load(task.template)
    doc = SignDocument(template, title=task.title, logos=task.logos, ec=task.ec)
    placed = []
    for page in task.pages:
        placed.append([(p.page, p.version, p.module_mm, p.smallest_text)
                       for p in doc.add_page(page.items, page.page_fields)])
    data = doc.to_bytes()
    target = fsutil.inside(Path(out_dir), task.rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fsutil.write_bytes(target, data)
    return TaskResult(task.rel, doc.pages, hashlib.sha256(data).hexdigest(), len(data), placed)


def _pool_context():
    """fork where it is safe and cheap (Linux), spawn elsewhere; output is the same either way."""
    methods = multiprocessing.get_all_start_methods()
    linux = os.name == "posix" and os.uname().sysname == "Linux"
    return multiprocessing.get_context("fork" if linux and "fork" in methods else "spawn")


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and cleans up; SIGTERM just ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def pool(jobs: int):
    """A process pool whose workers the parent terminates on interrupt (``with`` does it)."""
    return _pool_context().Pool(jobs, initializer=_worker_init)


def _render_packed(args: tuple[FileTask, str]) -> TaskResult:
    return render_task(*args)


def run_tasks(tasks: list[FileTask], out_dir: Path, jobs: int,
              progress: Callable[[int, int], None] | None = None) -> dict[str, TaskResult]:
    """Render every task, in ``jobs`` processes when that helps; results by relative path."""
    total = sum(t.weight for t in tasks)
    done = 0
    results: dict[str, TaskResult] = {}
    order = sorted(tasks, key=lambda t: -t.weight)  # biggest first balances the workers
    weights = {t.rel: t.weight for t in tasks}
    if jobs <= 1 or len(tasks) <= 1:
        outcomes = (render_task(task, str(out_dir)) for task in order)
        for res in outcomes:
            results[res.rel] = res
            done += weights[res.rel]
            if progress:
                progress(done, total)
        return results
    with pool(min(jobs, len(tasks))) as workers:
        for res in workers.imap_unordered(_render_packed, [(t, str(out_dir)) for t in order]):
            results[res.rel] = res
            done += weights[res.rel]
            if progress:
                progress(done, total)
    return results


# --------------------------------------------------------------------------------------------------


def build(sheet_path: str | os.PathLike, out_dir: str | os.PathLike, options: BuildOptions | None = None,
          result: CheckResult | None = None) -> BuildResult:
    """Check the sheet and build every valid row's sign into ``out_dir`` (see module docstring)."""
    options = options or BuildOptions()
    if options.split_by not in SPLITS:
        raise InputError("E-USAGE", detail=f"--split-by must be one of {', '.join(SPLITS)}")
    template = resolve_template(options)  # fail early on an unknown template
    out = fsutil.prepare_dir(out_dir)
    fsutil.sweep_temp(out)
    if result is None:
        result = check_file(sheet_path, sheet=options.sheet, market=options.market)
    check_printable(result)
    if not result.vendors:
        raise InputError("E-NOTHING-TO-BUILD")
    the_plan = plan(result, options, Path(sheet_path).stem)
    jobs = options.jobs or os.cpu_count() or 1
    try:
        results = run_tasks(the_plan.tasks, out, jobs, options.progress)
    except BaseException:  # Ctrl-C, a kill, a full disk: leave complete files only
        fsutil.sweep_temp(out)
        raise
    problems = list(the_plan.problems)
    files = []
    checklists = []
    for task in the_plan.tasks:
        res = results[task.rel]
        tpl = layout.load(task.template)
        files.append({"file": task.rel, "kind": task.kind, "template": tpl.name, "pages": res.pages,
                      "bytes": res.size, "sha256": res.sha256})
        for page, placed in zip(task.pages, res.placed):
            page_no = placed[0][0]
            if task.kind == "checklist":
                checklists.append({"file": task.rel, "page": page_no,
                                   "sign_ids": [the_plan.signs[i]["sign_id"] for i in page.refs]})
                continue
            for ref, (pno, version, module, small_text) in zip(page.refs, placed):
                entry = the_plan.signs[ref]
                entry.update(file=task.rel, page=pno, qr_version=version, module_mm=module)
                if module < tpl.min_module_mm:
                    problems.append(Problem(code="W-MODULE-SMALL", severity="warning", sheet=entry["sheet"],
                                            row=entry["row"], field="account", value=entry["name"],
                                            params={"module_mm": module, "limit": tpl.min_module_mm,
                                                    "template": tpl.name}))
    images = _write_images(the_plan.signs, out, options.formats, options.ec) if options.formats else []
    manifest = {
        "qrsign": __version__,
        "source": Path(sheet_path).name,
        "template": template.name,
        "date": (options.date or dt.date.today()).isoformat(),
        "split_by": options.split_by,
        "combine": options.combine,
        "signs": the_plan.signs,
        "checklists": checklists,
        "files": files,
        "images": images,
    }
    result.problems.extend(problems)
    manifest["summary"] = summary(result)
    manifest["markets"] = summaries(result)
    _remove_stale(out, manifest)
    fsutil.write_text(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return BuildResult(result, out, manifest, problems)


def _write_images(signs: list[dict], out: Path, formats: tuple[str, ...], ec: str) -> list[dict]:
    """One QR image per account beside the PDFs (``<folder>/qr/<stall>-<bank>-<last4>.<ext>``)."""
    names = fsutil.UniqueNames()
    images = []
    for entry in signs:
        folder = str(Path(entry["file"]).parent) if entry["file"] else ""
        folder = "" if folder == "." else folder
        symbol = qr.encode(entry["payload"], ec)
        for fmt in formats:
            name = names.take(f"{folder}/qr/" + fsutil.safe_name(entry["stall"] or str(entry["row"]), entry["bank"],
                                                                  entry["account"][-4:], ext=f".{fmt}"))
            name = name.lstrip("/")
            target = fsutil.inside(out, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "png":
                fsutil.write_bytes(target, qr.png(symbol))
            else:
                fsutil.write_text(target, qr.svg(symbol))
            images.append({"file": name, "sign_id": entry["sign_id"], "format": fmt})
    return images


def _remove_stale(out: Path, manifest: dict) -> None:
    """Delete files the previous build in ``out`` wrote (per its manifest) that this build does not."""
    old_path = out / MANIFEST
    try:
        old = json.loads(old_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    keep = {f["file"] for f in manifest["files"]} | {i["file"] for i in manifest["images"]}
    for f in [*old.get("files", []), *old.get("images", [])]:
        name = f.get("file") if isinstance(f, dict) else None
        if not isinstance(name, str) or name in keep:
            continue
        try:
            target = fsutil.inside(out, name)
        except QrsignError:
            continue
        if target.is_file():
            target.unlink()


# --------------------------------------------------------------------------------------------------


def make_one(vendor: Vendor, output: str | os.PathLike, *, template: str = layout.DEFAULT,
             date: dt.date | None = None, logos: dict[str, str] | None = None, ec: str = "M") -> dict:
    """One sign (``.pdf``) or one QR image (``.png``/``.svg``) for a single vendor."""
    path = fsutil.prepare_file(output)
    suffix = path.suffix.lower()
    vr = VendorRow(vendor, None, None)
    info = {"file": str(path), "payload": vendor.payload, "sign_id": vendor.sign_id, "bank_bin": vendor.bank_bin,
            "account": vendor.account, "name": vendor.name, "holder": vendor.holder}
    if suffix in (".png", ".svg"):
        symbol = qr.encode(vendor.payload, ec)
        if suffix == ".png":
            fsutil.write_bytes(path, qr.png(symbol))
        else:
            fsutil.write_text(path, qr.svg(symbol))
        info.update(qr_version=symbol.version)
        return info
    if suffix != ".pdf":
        raise InputError("E-OUTPUT-TYPE", field="output", value=str(output))
    tpl = layout.load(template)
    missing = {f: fonts.missing_glyphs(getattr(vendor, f) or "") for f in PRINTED_FIELDS}
    for f, chars in missing.items():
        if chars:
            raise RenderError("E-GLYPH-MISSING", field=f, value=getattr(vendor, f), chars=chars)
    date_text = (date or dt.date.today()).strftime("%d/%m/%Y")
    doc = SignDocument(tpl, title=_label(vr), logos=logos, ec=ec)
    fields = item_fields(vr, date_text)
    if tpl.kind == "combined":
        page_fields = {k: fields[k] for k in ("holder", "name", "stall", "stall_line", "market", "date")}
        page_fields.update(sign_ids=vendor.sign_id, count="1")
    else:
        page_fields = {"market": vendor.market or "", "zone": vendor.zone or "", "date": date_text, "page": "1",
                       "pages": "1", "count": "1", "title": ""}
    placed = doc.add_page([Item(fields, vendor.payload, _label(vr))], page_fields)
    fsutil.write_bytes(path, doc.to_bytes())
    info.update(template=tpl.name, page=1, qr_version=placed[0].version, module_mm=placed[0].module_mm)
    return info
