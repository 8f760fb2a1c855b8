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
import re
from collections.abc import Callable
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qrsign import __version__, fsutil, layout, outdir, qr, rules, text
from qrsign import sheet as sheetmod
from qrsign.check import Checker, CheckResult, VendorRow, summaries, summary
from qrsign.errors import InputError, RenderError
from qrsign.models import Problem, Vendor

# moved to qrsign.rules and qrsign.workers; still importable from here
from qrsign.rules import PRINTED_FIELDS, check_printable, printable, unprintable  # noqa: F401
from qrsign.workers import Workers, _pool_context, _warm_up, _worker_init, parallel  # noqa: F401

if TYPE_CHECKING:
    from qrsign.render import Item

MANIFEST = "manifest.json"
SPLITS = ("market", "zone", "none")
#: A stall typed with its own label word: folded, punctuation as spaces, the word then a digit, space or the end.
_STALL_WORD = re.compile(r"(quay|sap|ki ?ot|kiosk|lo|gian(?: hang)?|stall|booth)(?![a-z])")


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
    #: ``progress(done, total)``: rows read so far with ``total=None`` while reading, then signs drawn of total
    progress: Callable[[int, int | None], None] | None = None
    #: issue 15: the manifest (a dict, see ``qrsign.diff.Since``) of the build this one updates: only reprints
    #: and new signs are built; the manifest gets ``since``, ``reprint``, ``kept``, ``withdraw`` … and thu-hoi.pdf
    since: dict | None = None
    lang: str = "vi"
    replace: bool = False  # build into a folder that holds another sheet's build, replacing it
    #: also build hidden, filtered-out and struck-through rows (``--include-hidden``)
    include_hidden: bool = False


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
    #: (position in the unit, file, page, QR version, module mm, shrunk text or None, cell, QR box, holder box)
    placed: list[tuple]
    #: (file, page, positions in the unit, cells, QR boxes)
    checklists: list[tuple[str, int, list[int], list[list[float]], list[list[float]]]]


@dataclass
class BuildResult:
    check: CheckResult
    out_dir: Path
    manifest: dict
    problems: list[Problem]
    cleanup: outdir.Cleanup = field(default_factory=outdir.Cleanup)

    @property
    def exit_code(self) -> int:
        return 1 if self.check.rejected else 0


# --------------------------------------------------------------------------------------------------
# fields printed on a sign


def stall_label(stall: str) -> str:
    """The stall as printed: ``12`` → ``Quầy 12``; a stall typed with its own word stays as typed.

    The word is recognised without diacritics, case or punctuation, so
    ``Ki-ốt 3``, ``Kiot 3``, ``Sạp A5``, ``Lô 7`` and ``Quầy 12`` are not
    prefixed again, while a name that merely starts like one (``Long 3``) is.

    >>> [stall_label(s) for s in ("12", "Ki-ốt 3", "Kiot 3", "Quầy 12", "Sạp A5", "Lô 7", "Lô7", "Long 3", "")]
    ['Quầy 12', 'Ki-ốt 3', 'Kiot 3', 'Quầy 12', 'Sạp A5', 'Lô 7', 'Lô7', 'Quầy Long 3', '']
    """
    if not stall:
        return ""
    words = re.sub(r"[^a-z0-9]+", " ", text.fold(stall)).strip()
    return stall if _STALL_WORD.match(words) else f"Quầy {stall}"


def item_fields(vr: VendorRow, date_text: str) -> dict[str, str]:
    v = vr.vendor
    bank = v.bank
    stall_line = " · ".join(x for x in (stall_label(v.stall), v.market or "") if x)
    return {
        "holder": v.holder,
        "name": v.name,
        "account": v.account,
        "account_grouped": text.group_account(v.account),
        "account_last4": v.account[-4:],
        "bank": bank.short_name,
        "bank_name": bank.name,
        "bank_label": bank.label,
        "stall": v.stall,
        "stall_label": stall_label(v.stall),
        "stall_line": stall_line,
        "market": v.market or "",
        "zone": v.zone or "",
        "trade": v.trade or "",
        "sign_id": v.sign_id,
        "date": date_text,
        "index": f"{vr.row}" if vr.row else "",
        "qr_origin": qr_origin(v),
    }


def qr_origin(v: Vendor) -> str:
    """Where the sign's payload came from, for the checklist: "", "· mã QR từ ảnh A01.png", "· mã QR trong bảng"."""
    from qrsign.messages import ui

    if v.qr_source == "imported":
        image = v.image or ""
        return ui("sign.origin.imported", "vi", image=image if len(image) <= 28 else image[:27] + "…")
    return ui("sign.origin.sheet", "vi") if v.qr_source == "sheet-payload" else ""


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
            raise InputError("E-USAGE-COMBINE", value=template.name, combined=layout.COMBINED)
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
                self._plan_combined(group)
            if group.pending or not group.units:
                self._close(group, group.pending, last=True)
        order = [i for g in self.groups.values() for i in g.units]
        signs = [_entry(vr) for i in order for vr in self.units[i].rows]
        return [self.units[i] for i in order], signs

    def _plan_combined(self, group: _Group) -> None:
        """A combined build: vendors with several accounts on the combined template, the others on the
        default single-account sign (a combined sign with one QR is a worse sign for one account).

        Each kind is cut into files of whole vendors; the sign file and its checklist share a number.
        """
        self.problems.extend(_too_many_accounts(group.pending, self.template.per_page))
        people = _people(group.pending)
        chunks: list[tuple[str, list[VendorRow]]] = []
        for template, kind in ((self.options.template, [p for p in people if len(p) > 1]),
                               (layout.DEFAULT, [p for p in people if len(p) == 1])):
            chunk: list[VendorRow] = []
            for accounts in kind:
                if len(chunk) >= self.options.max_signs_per_file:
                    chunks.append((template, chunk))
                    chunk = []
                chunk.extend(accounts)
            if chunk:
                chunks.append((template, chunk))
        group.pending = []
        for i, (template, rows) in enumerate(chunks):
            self._close(group, rows, last=i == len(chunks) - 1, template=template)

    def _close(self, group: _Group, rows: list[VendorRow], last: bool, template: str | None = None) -> None:
        template = template or self.options.template
        stem = self.template.name if template == self.options.template else layout.load(template).name
        number = len(group.units) + 1
        single = last and number == 1
        suffix = "" if single else f"-{number:02d}"
        folder = _folder(group.key)

        def rel(stem: str) -> str:
            name = f"{fsutil.safe_name(stem)}{suffix}.pdf"
            return f"{folder}/{name}" if folder else name

        unit = Unit(
            rows=rows,
            sign_file=rel(stem),
            checklist_file=rel(layout.CHECKLIST) if self.with_checklist else None,
            template=template,
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
              "payload", "sign_id", "source")


def _entry(vr: VendorRow) -> dict:
    row = vr.to_dict()
    image = {"image": row["image"]} if row.get("image") else {}  # the screenshot an imported payload came from
    return {**{k: row[k] for k in ENTRY_KEYS}, **image, "file": None, "page": None}


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
            result.placed.append((ref, unit.sign_file, p.page, p.version, p.module_mm, p.shrunk,
                                  list(p.cell), list(p.qr_box), list(p.holder_box) if p.holder_box else None))
    if unit.checklist_file:
        checklist = layout.load(layout.CHECKLIST)
        cpages = pages_for(checklist, unit.rows, unit.date_text, unit.where)
        check_result, cplaced = _render_file(checklist, cpages, checklist.description + where, unit, out_dir,
                                             unit.checklist_file, "checklist")
        result.files.append(check_result)
        for page, marks in zip(cpages, cplaced, strict=True):
            result.checklists.append((unit.checklist_file, marks[0].page, list(page.refs),
                                      [list(m.cell) for m in marks], [list(m.qr_box) for m in marks]))
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

    def results(self, units: list[Unit],
                progress: Callable[[int, int | None], None] | None) -> dict[int, UnitResult]:
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
    cleanup = outdir.Cleanup()
    with outdir.locked(out, cleanup):  # one build at a time into one folder
        outdir.check_other_build(out, Path(sheet_path).name, options.replace, cleanup)
        old = outdir.previous_manifest(out, MANIFEST)
        built = _build(sheet_path, out, options, result, template)
        built.cleanup = cleanup
        _remove_stale(out, old, built.manifest, Path(sheet_path), cleanup)
        write_json(out / MANIFEST, built.manifest)
        return built


def _build(sheet_path: str | os.PathLike, out: Path, options: BuildOptions, result: CheckResult | None,
           template: layout.Template) -> BuildResult:
    """The build itself, in a locked folder: every file but the manifest (written last, by the caller)."""
    fsutil.sweep_temp(out)
    jobs = options.jobs or os.cpu_count() or 1
    with contextlib.ExitStack() as stack:
        # start the workers first: they load reportlab and the fonts while this process reads the sheet,
        # then draw each full chunk of signs while the rest is still being read
        workers = stack.enter_context(Workers(jobs)) if jobs > 1 else None
        renderer = Renderer(out, workers)
        planner = Planner(template, options, Path(sheet_path).stem, emit=renderer.emit)
        since = _since(options)
        try:
            unprintable: set[int] = set()
            checker = None
            if result is None:
                checker = Checker(sheetmod.read(sheet_path, sheet=options.sheet, include_hidden=options.include_hidden),
                                  source=str(sheet_path),
                                  market=options.market)
                rows, result = checker.rows(), checker.result
            else:
                rows = iter(list(result.vendors))
            fields = rules.printed_fields(template, checklist=options.checklist)
            for n_read, vr in enumerate(rows, 1):
                if options.progress:
                    options.progress(n_read, None)
                if printable(vr, result, fields):
                    if since is None or planner.combined or since.wanted(vr):
                        planner.add(vr)
                else:
                    unprintable.add(id(vr))
            if checker is not None:
                result = checker.finish()
            result.vendors = [vr for vr in result.vendors if id(vr) not in unprintable]
            if not result.vendors:
                # "fix the problems above" only when there are problems to show above it
                nothing = InputError("E-NOTHING-TO-BUILD" if result.problems else "E-NOTHING-TO-BUILD-EMPTY")
                nothing.check = result  # type: ignore[attr-defined]  # the CLI prints its problems first
                raise nothing
            if since is not None and planner.combined:
                since.trim(planner)  # a combined sign shows every account of its vendor: reprint them together
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
        for pos, file, page, version, module, shrunk, cell, qr_box, holder_box in res.placed:
            entry = signs[first + pos]
            entry.update(file=file, page=page, qr_version=version, module_mm=module, cell=cell, qr_box=qr_box)
            if holder_box is not None:
                entry["holder_box"] = holder_box
            if module < template.min_module_mm:
                problems.append(Problem(code="W-MODULE-SMALL", severity="warning", sheet=entry["sheet"],
                                        row=entry["row"], field="account", value=entry["name"],
                                        params={"module_mm": module, "limit": template.min_module_mm,
                                                "template": template.name}))
            if shrunk is not None:
                problems.append(Problem(code="W-TEXT-SMALL", severity="warning", sheet=entry["sheet"],
                                        row=entry["row"], field=shrunk[0], value=entry["name"],
                                        params={"size": shrunk[1], "template": template.name}))
        for file, page, positions, cells, qr_boxes in res.checklists:
            checklists.append({"file": file, "page": page,
                               "sign_ids": [signs[first + p]["sign_id"] for p in positions],
                               "cells": cells, "qr_boxes": qr_boxes})
        first += len(unit.rows)
    the_signs = signs
    images = _write_images(the_signs, out, options.formats, options.ec) if options.formats else []
    manifest = {
        "schema": MANIFEST_SCHEMA,
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
    if since is not None:
        _add_since(manifest, since, result, out, options)
    return BuildResult(result, out, manifest, problems)


# issue 15: ``build --since OLD_MANIFEST`` (the logic is in qrsign.diff and qrsign.withdraw)
#: 1 = qrsign 0.1 (no key); 2 adds ``schema`` and the ``--since`` keys of :meth:`qrsign.diff.Since.manifest_fields`.
MANIFEST_SCHEMA = 2


def _since(options: BuildOptions):
    if options.since is None:
        return None
    from qrsign.diff import Since

    return Since(options.since, options.market)


def _add_since(manifest: dict, since, result: CheckResult, out: Path, options: BuildOptions) -> None:
    """Add the comparison with the old build to ``manifest`` and write the withdraw list (when any)."""
    from qrsign import withdraw

    manifest.update(since.manifest_fields(result, built={s["sign_id"] for s in manifest["signs"]}))
    if manifest["withdraw"]:
        name, pages, data = withdraw.write(manifest["withdraw"], out, lang=options.lang, date=options.date,
                                           source=manifest["source"])
        manifest["files"].append({"file": name, "kind": "withdraw", "template": "thu-hoi", "pages": pages,
                                  "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})


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
            data = qr.png(symbol) if fmt == "png" else qr.svg(symbol).encode("utf-8")
            fsutil.write_bytes(target, data)
            images.append({"file": name, "sign_id": entry["sign_id"], "format": fmt,
                           "sha256": hashlib.sha256(data).hexdigest()})
    return images


def _remove_stale(out: Path, old: dict | None, manifest: dict, sheet: Path, cleanup: outdir.Cleanup) -> None:
    """Delete the previous build's files that this build does not write again, when it is safe to:
    listed in the old manifest with the same SHA-256, inside ``out``, a kind qrsign writes, not the sheet
    (:func:`qrsign.outdir.remove_stale`)."""
    new = {f["file"] for f in manifest["files"]} | {i["file"] for i in manifest["images"]}
    outdir.remove_stale(out, old, new, [sheet], cleanup)


# --------------------------------------------------------------------------------------------------


def make_one(vendor: Vendor, output: str | os.PathLike, *, template: str = layout.DEFAULT,
             date: dt.date | None = None, logos: dict[str, str] | None = None, ec: str = "M",
             qr_only: bool = False) -> dict:
    """One sign (``.pdf``), one shareable card (``.png``: the QR with the holder, bank and account under it),
    or one bare QR image (``.svg``, or ``.png`` with ``qr_only``) for a single vendor."""
    path = fsutil.prepare_file(output)
    suffix = path.suffix.lower()
    vr = VendorRow(vendor, None, None)
    info: dict[str, Any] = {
        "file": str(path), "payload": vendor.payload, "sign_id": vendor.sign_id, "bank_bin": vendor.bank_bin,
        "account": vendor.account, "name": vendor.name, "holder": vendor.holder}
    if qr_only and suffix != ".png":
        raise InputError("E-QR-ONLY-FORMAT", field="output", value=str(output))
    if suffix == ".png" and not qr_only:
        from qrsign import card

        for f, chars in unprintable(vendor).items():
            raise RenderError("E-GLYPH-MISSING", field=f, value=getattr(vendor, f), chars=chars)
        fields = item_fields(vr, (date or dt.date.today()).strftime("%d/%m/%Y"))
        fsutil.write_bytes(path, card.png(fields, vendor.payload, ec))
        info.update(qr_version=qr.encode(vendor.payload, ec).version, card=True)
        return info
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
