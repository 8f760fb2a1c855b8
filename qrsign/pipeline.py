"""Build signs from a vendor sheet: check → plan files and pages → render (in parallel) → manifest.

The plan is made in the parent process while the sheet is read, and depends
only on the data and options — never on how many worker processes render it —
so ``--jobs 1`` and ``--jobs 4`` write byte-identical files. Output is split by market (or
zone) into folders, and into files of at most 1.5 × ``CHUNK`` signs so
reportlab never holds a whole province in memory. Every file is written
atomically; the manifest is written last, as the record of a finished build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qrsign import __version__, fsutil, layout, qr, rules, text
from qrsign import sheet as sheetmod
from qrsign.check import Checker, CheckResult, VendorRow, summaries, summary
from qrsign.errors import InputError, QrsignError, RenderError
from qrsign.models import Problem, Vendor

# moved to qrsign.rules and qrsign.workers; still importable from here
from qrsign.rules import PRINTED_FIELDS, check_printable, printable, unprintable  # noqa: F401
from qrsign.workers import Workers, _pool_context, _warm_up, _worker_init, parallel  # noqa: F401

if TYPE_CHECKING:
    from qrsign.render import Item

MANIFEST = "manifest.json"
SPLITS = ("market", "zone", "none")
_STALL_WORDS = ("quay", "sap", "kiot", "ki ot", "lo ", "kiosk", "stall", "booth", "gian")


#: Signs per file (the last file of a market takes up to half as many more): a file is what one worker
#: draws at a time and what reportlab holds in memory; 250 splits 1,000 signs evenly over 2 or 4 cores.
CHUNK = 250


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
    max_signs_per_file: int = CHUNK
    checklist: bool = True
    progress: Callable[[int, int], None] | None = None


@dataclass
class PageSpec:
    items: list[Item]
    page_fields: dict[str, str]
    refs: list[int]  # index into the plan's sign list, one per item


@dataclass
class Unit:
    """One chunk of one market (or zone): one worker renders its sign file and its checklist file.

    Keeping a chunk's signs and checklist rows in one process lets both draw
    each QR from one encoding (``qr.drawing`` is cached per process).
    """

    rows: list[VendorRow]
    sign_file: str
    checklist_file: str | None
    template: str
    where: str  # "Chợ Đồng Xa – Khu A", for titles
    date_text: str
    logos: dict[str, str]
    ec: str

    @property
    def weight(self) -> int:
        return len(self.rows) * (2 if self.checklist_file else 1)


@dataclass
class FileResult:
    file: str
    kind: str  # "signs" | "checklist"
    template: str
    pages: int
    bytes: int
    sha256: str


@dataclass
class UnitResult:
    files: list[FileResult]
    placed: list[tuple]  # (position in the unit, file, page, QR version, module mm, shrunk text or None)
    checklists: list[tuple[str, int, list[int]]]  # (file, page, positions in the unit)


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


def _group_key(vr: VendorRow, split_by: str, fallback: str) -> tuple[str, ...]:
    market = vr.vendor.market or fallback
    if split_by == "none":
        return ()
    if split_by == "zone":
        return (market, vr.vendor.zone or "")
    return (market,)


def _folder(key: tuple[str, ...]) -> str:
    return "/".join(fsutil.safe_name(part) for part in key if part)


def _people(rows: list[VendorRow]) -> list[list[VendorRow]]:
    """Rows grouped by vendor (stall and holder), in sheet order."""
    people: dict[tuple, list[VendorRow]] = {}
    for vr in rows:
        people.setdefault(vr.group_key, []).append(vr)
    return list(people.values())


@dataclass
class _Group:
    key: tuple[str, ...]
    pending: list[VendorRow] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # indexes into Planner.units, in chunk order


class Planner:
    """Cuts the checked rows into units — one file of signs (and its checklist) each — as they arrive.

    A market (or zone) is cut into files of ``CHUNK`` signs in sheet order; the
    last file takes the remainder too when it is at most half a chunk, so files
    hold ``CHUNK`` to ``1.5 × CHUNK`` signs and a market of up to 375 is one
    file. A chunk is handed to ``emit`` as soon as that is decided, so workers
    draw it while the rest of the sheet is still being read. The cut depends
    only on the rows, so the files are the same whatever the number of workers.
    A combined build needs every row of a vendor first, so it is planned when
    the sheet has been read.
    """

    def __init__(self, template: layout.Template, options: BuildOptions, source_stem: str,
                 emit: Callable[[int, Unit], None] | None = None) -> None:
        self.template = template
        self.options = options
        self.source_stem = source_stem
        self.emit = emit
        self.date_text = (options.date or dt.date.today()).strftime("%d/%m/%Y")
        self.combined = template.kind == "combined"
        self.with_checklist = options.checklist and template.kind != "checklist"
        self.groups: dict[tuple, _Group] = {}
        self.units: list[Unit] = []
        self.problems: list[Problem] = []

    def add(self, vr: VendorRow) -> None:
        key = _group_key(vr, self.options.split_by, self.source_stem)
        group = self.groups.setdefault(key, _Group(key))
        group.pending.append(vr)
        limit = self.options.max_signs_per_file
        # hold a full chunk back until half a chunk more has come: a small remainder joins the last file
        # (a market of 300 stays one file of 300, not 250 + 50), at the cost of starting a little later
        if not self.combined and len(group.pending) > limit + limit // 2:
            self._close(group, group.pending[:limit], last=False)
            group.pending = group.pending[limit:]

    def finish(self) -> tuple[list[Unit], list[dict]]:
        """Plan what is left; returns every unit (in manifest order) and the manifest's sign entries."""
        for group in self.groups.values():
            if self.combined:
                self.problems.extend(_too_many_accounts(group.pending, self.template.per_page))
                chunk: list[VendorRow] = []
                for accounts in _people(group.pending):
                    if len(chunk) >= self.options.max_signs_per_file:
                        self._close(group, chunk, last=False)
                        chunk = []
                    chunk.extend(accounts)
                group.pending = chunk
            if group.pending or not group.units:
                self._close(group, group.pending, last=True)
        order = [i for g in self.groups.values() for i in g.units]
        signs = [_entry(vr) for i in order for vr in self.units[i].rows]
        return [self.units[i] for i in order], signs

    def _close(self, group: _Group, rows: list[VendorRow], last: bool) -> None:
        number = len(group.units) + 1
        single = last and number == 1
        suffix = "" if single else f"-{number:02d}"
        folder = _folder(group.key)

        def rel(stem: str) -> str:
            name = f"{fsutil.safe_name(stem)}{suffix}.pdf"
            return f"{folder}/{name}" if folder else name

        unit = Unit(
            rows=rows,
            sign_file=rel(self.template.name),
            checklist_file=rel(layout.CHECKLIST) if self.with_checklist else None,
            template=self.options.template,
            where=" – ".join(k for k in group.key if k),
            date_text=self.date_text,
            logos=dict(self.options.logos),
            ec=self.options.ec,
        )
        group.units.append(len(self.units))
        self.units.append(unit)
        if self.emit is not None:
            self.emit(len(self.units) - 1, unit)


def _too_many_accounts(rows: list[VendorRow], limit: int) -> list[Problem]:
    problems = []
    for accounts in _people(rows):
        if len(accounts) > limit:
            first = accounts[0]
            problems.append(Problem(code="W-TOO-MANY-ACCOUNTS", severity="warning", sheet=first.sheet,
                                    row=first.row, column=first.columns.get("name"), field="name",
                                    value=_label(first), params={"count": len(accounts), "limit": limit}))
    return problems


#: What the manifest keeps of each account (besides where it was printed), in this order.
ENTRY_KEYS = ("row", "sheet", "stall", "name", "holder", "bank_bin", "bank", "account", "market", "zone",
              "payload", "sign_id")


def _entry(vr: VendorRow) -> dict:
    row = vr.to_dict()
    return {**{k: row[k] for k in ENTRY_KEYS}, "file": None, "page": None}


# --------------------------------------------------------------------------------------------------
# rendering (runs in worker processes)


def pages_for(template: layout.Template, rows: list[VendorRow], date_text: str, where: str) -> list[PageSpec]:
    """Lay ``rows`` out on pages of ``template``: N-up signs, checklist rows, or one vendor per combined page."""
    from qrsign.render import Item

    def item(vr: VendorRow) -> Item:
        return Item(item_fields(vr, date_text), vr.vendor.payload, _label(vr))

    index = {id(vr): i for i, vr in enumerate(rows)}
    pages: list[PageSpec] = []
    if template.kind == "combined":
        for accounts in _people(rows):
            for i in range(0, len(accounts), template.per_page):
                part = accounts[i : i + template.per_page]
                f = item_fields(part[0], date_text)
                page_fields = {k: f[k] for k in ("holder", "name", "stall", "stall_line", "market", "date")}
                page_fields["sign_ids"] = " ".join(vr.vendor.sign_id for vr in part)
                page_fields["count"] = str(len(part))
                pages.append(PageSpec([item(vr) for vr in part], page_fields, [index[id(vr)] for vr in part]))
    else:
        for i in range(0, len(rows), template.per_page):
            part = rows[i : i + template.per_page]
            page_fields = {"market": part[0].vendor.market or "", "zone": part[0].vendor.zone or "",
                           "date": date_text, "count": str(len(rows)), "title": f"– {where}" if where else ""}
            pages.append(PageSpec([item(vr) for vr in part], page_fields, [index[id(vr)] for vr in part]))
    for number, page in enumerate(pages, start=1):
        page.page_fields["page"] = str(number)
        page.page_fields["pages"] = str(len(pages))
    return pages


def _render_file(template: layout.Template, pages: list[PageSpec], title: str, unit: Unit,
                 out_dir: str, rel: str, kind: str) -> tuple[FileResult, list[list]]:
    from qrsign.render import SignDocument

    doc = SignDocument(template, title=title, logos=unit.logos, ec=unit.ec)
    placed = [doc.add_page(page.items, page.page_fields) for page in pages]
    data = doc.to_bytes()
    target = fsutil.inside(Path(out_dir), rel)
    target.parent.mkdir(parents=True, exist_ok=True)
    fsutil.write_bytes(target, data)
    return FileResult(rel, kind, template.name, doc.pages, len(data), hashlib.sha256(data).hexdigest()), placed


def render_unit(unit: Unit, out_dir: str) -> UnitResult:
    """Render a unit's sign file (and its checklist) and write them atomically; returns where each sign went."""
    template = layout.load(unit.template)
    where = f" – {unit.where}" if unit.where else ""
    pages = pages_for(template, unit.rows, unit.date_text, unit.where)
    sign_result, placed = _render_file(template, pages, template.description + where, unit, out_dir,
                                       unit.sign_file, "signs")
    result = UnitResult([sign_result], [], [])
    for page, marks in zip(pages, placed, strict=True):
        for ref, p in zip(page.refs, marks, strict=True):
            result.placed.append((ref, unit.sign_file, p.page, p.version, p.module_mm, p.shrunk))
    if unit.checklist_file:
        checklist = layout.load(layout.CHECKLIST)
        cpages = pages_for(checklist, unit.rows, unit.date_text, unit.where)
        check_result, cplaced = _render_file(checklist, cpages, checklist.description + where, unit, out_dir,
                                             unit.checklist_file, "checklist")
        result.files.append(check_result)
        for page, marks in zip(cpages, cplaced, strict=True):
            result.checklists.append((unit.checklist_file, marks[0].page, list(page.refs)))
    return result


class Renderer:
    """Renders units as the planner hands them over: in the workers at once, or here at the end (one job)."""

    def __init__(self, out_dir: Path, workers: Workers | None) -> None:
        self.out_dir = str(out_dir)
        self.workers = workers
        self.futures: dict[int, Future[UnitResult]] = {}

    def emit(self, index: int, unit: Unit) -> None:
        if self.workers is not None:
            self.futures[index] = self.workers.submit(render_unit, unit, self.out_dir)

    def results(self, units: list[Unit], progress: Callable[[int, int], None] | None) -> dict[int, UnitResult]:
        """Wait for (or render) every unit; results by the unit's index in the planner."""
        total = sum(u.weight for u in units)
        done = 0
        out: dict[int, UnitResult] = {}
        if self.workers is None:
            for index, unit in enumerate(units):
                out[index] = render_unit(unit, self.out_dir)
                done += unit.weight
                if progress:
                    progress(done, total)
            return out
        waiting = {future: index for index, future in self.futures.items()}
        for future in as_completed(waiting):
            index = waiting[future]
            out[index] = future.result()
            done += units[index].weight
            if progress:
                progress(done, total)
        return out


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
    jobs = options.jobs or os.cpu_count() or 1
    with contextlib.ExitStack() as stack:
        # start the workers first: they load reportlab and the fonts while this process reads the sheet,
        # then draw each full chunk of signs while the rest is still being read
        workers = stack.enter_context(Workers(jobs)) if jobs > 1 else None
        renderer = Renderer(out, workers)
        planner = Planner(template, options, Path(sheet_path).stem, emit=renderer.emit)
        try:
            unprintable: set[int] = set()
            checker = None
            if result is None:
                checker = Checker(sheetmod.read(sheet_path, sheet=options.sheet), source=str(sheet_path),
                                  market=options.market)
                rows, result = checker.rows(), checker.result
            else:
                rows = iter(list(result.vendors))
            fields = rules.printed_fields(template, checklist=options.checklist)
            for vr in rows:
                if printable(vr, result, fields):
                    planner.add(vr)
                else:
                    unprintable.add(id(vr))
            if checker is not None:
                result = checker.finish()
            result.vendors = [vr for vr in result.vendors if id(vr) not in unprintable]
            if not result.vendors:
                raise InputError("E-NOTHING-TO-BUILD")
            units, signs = planner.finish()
            by_unit = renderer.results(planner.units, options.progress)
        except BaseException:  # Ctrl-C, a kill, a full disk, bad input: leave complete files only
            if workers is not None:
                workers.kill()
            fsutil.sweep_temp(out)
            raise
    problems = list(planner.problems)
    files, checklists = [], []
    first = 0
    for index in [i for g in planner.groups.values() for i in g.units]:
        res, unit = by_unit[index], planner.units[index]
        for f in res.files:
            files.append(dict(f.__dict__))
        for pos, file, page, version, module, shrunk in res.placed:
            entry = signs[first + pos]
            entry.update(file=file, page=page, qr_version=version, module_mm=module)
            if module < template.min_module_mm:
                problems.append(Problem(code="W-MODULE-SMALL", severity="warning", sheet=entry["sheet"],
                                        row=entry["row"], field="account", value=entry["name"],
                                        params={"module_mm": module, "limit": template.min_module_mm,
                                                "template": template.name}))
            if shrunk is not None:
                problems.append(Problem(code="W-TEXT-SMALL", severity="warning", sheet=entry["sheet"],
                                        row=entry["row"], field=shrunk[0], value=entry["name"],
                                        params={"size": shrunk[1], "template": template.name}))
        for file, page, positions in res.checklists:
            checklists.append({"file": file, "page": page,
                               "sign_ids": [signs[first + p]["sign_id"] for p in positions]})
        first += len(unit.rows)
    the_signs = signs
    images = _write_images(the_signs, out, options.formats, options.ec) if options.formats else []
    manifest = {
        "qrsign": __version__,
        "source": Path(sheet_path).name,
        "template": template.name,
        "date": (options.date or dt.date.today()).isoformat(),
        "split_by": options.split_by,
        "combine": options.combine,
        "signs": the_signs,
        "checklists": checklists,
        "files": files,
        "images": images,
    }
    result.problems.extend(problems)
    manifest["summary"] = summary(result)
    manifest["markets"] = summaries(result)
    _remove_stale(out, manifest)
    write_json(out / MANIFEST, manifest)
    return BuildResult(result, out, manifest, problems)


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` as indented UTF-8 JSON, atomically, streaming it to the file.

    ``json.dumps`` of a province's manifest would hold the whole text (and the
    encoder's millions of pieces) in memory at once: 200 MB for 18,000 signs.
    """
    with fsutil.atomic(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", newline="\n")
        json.dump(data, text, ensure_ascii=False, indent=2)
        text.write("\n")
        text.flush()
        text.detach()


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
    info: dict[str, Any] = {"file": str(path), "payload": vendor.payload, "sign_id": vendor.sign_id,
                            "bank_bin": vendor.bank_bin, "account": vendor.account, "name": vendor.name,
                            "holder": vendor.holder}
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
    for f, chars in unprintable(vendor, rules.printed_fields(tpl, checklist=False)).items():
        raise RenderError("E-GLYPH-MISSING", field=f, value=getattr(vendor, f), chars=chars)
    from qrsign.render import SignDocument

    date_text = (date or dt.date.today()).strftime("%d/%m/%Y")
    doc = SignDocument(tpl, title=_label(vr), logos=logos, ec=ec)
    (page,) = pages_for(tpl, [vr], date_text, vendor.market or "")
    placed = doc.add_page(page.items, page.page_fields)
    fsutil.write_bytes(path, doc.to_bytes())
    info.update(template=tpl.name, page=1, qr_version=placed[0].version, module_mm=placed[0].module_mm)
    return info
