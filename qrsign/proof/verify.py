"""``qrsign verify``: decode the QR codes that were actually drawn (or photographed) and check them.

Against QR stickers pasted over signs ("dán đè mã QR"), and as a build's
self-check before printing. A target is a photo (JPEG/PNG, as a phone takes
it), a PDF, or a build folder. Every QR found is decoded with zxing-cpp, parsed
as VietQR, and compared with what the reference (a manifest or the vendor
sheet) says should be there:

- ``ok``: the payload is one of the known signs (and, in a PDF, on its page);
- ``unknown``: a valid VietQR that is none of the signs — a stranger's code;
- ``mismatch``: a known sign's page carries another payload, or a code pays a
  known account but is not its printed code;
- ``invalid``: not a VietQR transfer payload at all;
- ``missing``: a page of a build lacks a code its manifest says it has;
- ``text``: the account number printed on the page is not the one in the QR;
- ``wrong-cell``: a known code sits in another sign's cell (each QR under another vendor's name);
- ``outside-cell``: a code lies in none of the page's QR boxes;
- ``cell-text`` / ``holder``: the cell holding the code does not print its account / its holder's name;
- ``no-qr``: a photo (or a page) with no readable code; ``unreadable``: a file that does not open;
- ``not-in-build``: a PDF or image in a build folder that its manifest does not list;
- ``stranger``: a code that is none of the page's, outside every QR box (a sticker, an edit, a logo), with
  its size and place on the page;
- ``wrong-page``: a whole sign (code, account and name) on another page of its file than the build put it
  on (pages reordered, or one taken out); ``pages``: a build's file with another page count;
- ``changed``: a build's file whose SHA-256 is not the manifest's — changed since the build. Every other
  check still runs on it: a PDF given on its own is matched to the build's file by its bytes, else by its
  name, so a changed file is still checked page by page and cell by cell;
- ``skipped``: neither photo nor PDF (not a problem, listed so every file is accounted for).

Cell by cell: a build's manifest records, for every sign, its page, its cell
and its QR box in mm (page coordinates, origin at the top-left corner, y down —
the orientation of a rendered page image). Each decoded code is assigned to
the cell whose QR box holds its centre; the account and the holder's name must
then be in the text of that cell (pypdfium2 text by rectangle), not merely
somewhere on the page; the holder's name in the big holder line, not in the
warning strip's sentence.

Pages are rendered at a resolution chosen from the smallest module size in the
file (3 pixels per module; a checklist's module is its QR box over the code's
modules), so checking is fast without losing codes; a page where one of its own
codes is not found is looked at again at twice that resolution; a page that
draws anything besides text, plain shapes and its own codes (a picture, a path
of many pieces) is rendered at 127 dpi instead, which sees any code a phone can
read (modules of 0.4 mm): see :mod:`qrsign.proof.pages`. The pages are shared
among the workers by their estimated cost, not by their count.
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from qrsign.errors import InputError
from qrsign.intake.pictures import IMAGE_SUFFIXES, open_picture, read_codes
from qrsign.proof.findings import NOT_BAD, Finding, Verification
from qrsign.proof.pages import (
    DEFAULT_DPI,
    _dpi_for,
    box_holds,
    cell_of,
    code_centre_mm,
    text_in_box,
    verify_pdf_pages,
    verify_sent_pages,
)
from qrsign.proof.reference import (
    Reference,
    _find_manifest,
    _sha256,
    build_file_of,
    classify,
    expected_by_file,
    load_manifest,
    load_reference,
)

__all__ = [  # the entry points, and what other modules and tests import from here
    "IMAGE_SUFFIXES", "LIMITS", "NOT_BAD", "Finding", "Reference", "Verification", "VerifyLimits", "box_holds",
    "cell_of", "classify", "code_centre_mm", "expected_by_file", "load_manifest", "load_reference", "text_in_box",
    "verify", "verify_build", "verify_image",
]


@dataclass(frozen=True)
class VerifyLimits:
    """Bounds on what verify takes on: a PDF of more pages is refused with a clear message, not ground through."""

    max_pages: int = 5000  # per PDF: ~20 s of rendering; a province build is split into files of ≤ 375 signs


LIMITS = VerifyLimits()


def verify_image(path: Path, ref: Reference | None, *, source: str | None = None) -> list[Finding]:
    """Every code in a photo, classified; a photo with no readable code is a ``no-qr`` finding."""
    image = open_picture(path)
    source = source or str(path)
    findings = [classify(c.text, ref, source) for c in read_codes(image)]
    return findings or [Finding("no-qr", source)]


def _page_count(path: Path) -> int:
    """Pages of a PDF; over :data:`LIMITS` ``.max_pages`` it is refused with a message saying what to do."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=str(path), detail=str(exc)[:100]) from None
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > LIMITS.max_pages:
        raise InputError("E-VERIFY-TOO-MANY-PAGES", field="file", value=str(path), pages=pages,
                         limit=LIMITS.max_pages)
    return pages


# --------------------------------------------------------------------------------------------------
# entry points

Progress = Callable[[int, int | None], None]


def _jobs(jobs: int | None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


def _run_pages(work: list[tuple], jobs: int, ref: Reference | None,
               progress: Progress | None = None) -> tuple[int, list[Finding]]:
    """``work``: (path, first, last, dpi, expected_by_page, check_text, source) ranges, one a file; split into
    shares by :func:`_shares` and checked in parallel when there is more than one."""
    work = _shares(work, jobs)
    pages = 0
    findings: list[Finding] = []
    total = sum(w[2] - w[1] + 1 for w in work)
    if progress and work:
        progress(0, total)
    if jobs <= 1 or len(work) <= 1:
        for w in work:
            n, f = verify_pdf_pages(w[0], w[1], w[2], w[3], ref, w[4], w[5], w[6])
            pages += n
            findings.extend(f)
            if progress:
                progress(pages, total)
        return pages, findings
    from qrsign.building.workers import parallel

    sent = pickle.dumps(ref, protocol=pickle.HIGHEST_PROTOCOL)  # unpickled once per worker, not once per share
    args = [(sent, *w) for w in sorted(work, key=_cost, reverse=True)]  # the largest first: the last are short
    for n, f in parallel(verify_sent_pages, args, min(jobs, len(work))):
        pages += n
        findings.extend(f)
        if progress:
            progress(pages, total)
    findings.sort(key=lambda f: (f.source, f.page or 0))
    return pages, findings


def _ranges(path: str, pages: int, dpi: int, expected: dict | None, check_text: bool,
            source: str | None = None) -> list[tuple]:
    """One PDF's pages as one range (:func:`_run_pages` splits it)."""
    return [(path, 1, pages, dpi, expected, check_text, source)] if pages else []


#: What a page costs to check, in ms (measured on A4 pages: 2.2 for a sign at 36 dpi, 9.5 for a checklist
#: of 7 codes at 95 dpi): a part per page (load, text, census) and a part per pixel (render, decode).
PAGE_MS, MEGAPIXEL_MS, A4_SQUARE_INCHES = 1.0, 10.0, 8.27 * 11.69
#: Shares per worker: enough that the last ones are short (workers finish together), few enough that each
#: opens its file and its first page (fonts, a few ms) seldom. Never fewer pages than MIN_SHARE_PAGES a share.
SHARES_PER_JOB, MIN_SHARE_PAGES = 6, 8


def _cost(w: tuple) -> float:
    """The estimated ms of a range of pages (A4 assumed: only shares are weighed against each other)."""
    return (w[2] - w[1] + 1) * (PAGE_MS + MEGAPIXEL_MS * A4_SQUARE_INCHES * w[3] ** 2 / 1e6)


def _shares(work: list[tuple], jobs: int) -> list[tuple]:
    """Ranges split so that every share costs about the same and each worker gets several: a checklist page
    at its resolution costs about four sign pages, so shares are weighed by :func:`_cost`, not counted."""
    target = sum(_cost(w) for w in work) / (jobs * SHARES_PER_JOB)
    out = []
    for w in work:
        pages = w[2] - w[1] + 1
        size = max(MIN_SHARE_PAGES, math.ceil(pages / max(1, math.ceil(_cost(w) / target)))) if target else pages
        for first in range(w[1], w[2] + 1, size):
            last = min(w[2], first + size - 1)
            part = {p: v for p, v in w[4].items() if first <= p <= last} if w[4] is not None else None
            out.append((w[0], first, last, w[3], part, w[5], w[6]))
    return out


def _own_file(name: str) -> bool:
    """Files of a build folder that are bookkeeping, not output: the manifest, the lock, temp files."""
    base = name.rsplit("/", 1)[-1]
    return name == "manifest.json" or base.startswith(".qrsign")


def _image_finding(path: Path, ref: Reference | None, source: str) -> list[Finding]:
    """A photo in a folder: its codes, or one ``unreadable`` finding (a folder is never refused for one file)."""
    try:
        return verify_image(path, ref, source=source)
    except InputError as exc:
        return [_unreadable(source, exc)]



@dataclass
class _BuildWalk:
    """One build folder being checked: what its manifest lists, and the findings and page ranges gathered."""

    folder: Path
    manifest: dict
    ref: Reference
    jobs: int
    result: Verification
    #: file → its manifest entry (PDFs) and file → its image entry (QR pictures)
    listed: dict[str, dict] = field(default_factory=dict)
    images: dict[str, dict] = field(default_factory=dict)
    work: list[tuple] = field(default_factory=list)
    #: file → page → the signs it must carry; file → its smallest module (mm)
    expected: dict[str, dict[int, list[dict]]] = field(default_factory=dict)
    modules: dict[str, float] = field(default_factory=dict)

    def present(self, rel: str) -> bool:
        """True when the listed file is there; else a ``file`` finding says it is missing."""
        if (self.folder / rel).is_file():
            return True
        self.result.findings.append(Finding("file", rel))
        return False

    def same_bytes(self, rel: str, entry: dict) -> None:
        """A file whose SHA-256 is not the manifest's is a ``changed`` finding; every check still runs on it."""
        if entry.get("sha256") and _sha256(self.folder / rel) != entry["sha256"]:
            self.result.findings.append(Finding("changed", rel))


def verify_build(folder: str | os.PathLike, jobs: int | None = None, *,
                 progress: Progress | None = None) -> Verification:
    """Re-check every file of a build folder against the folder's own manifest.

    Every PDF the manifest lists is decoded page by page and cell by cell; its
    SHA-256 must be the recorded one. QR images (PNG) must decode to their
    sign. Any other PDF or image in the folder is decoded too and reported as
    not from this build; other files are listed as skipped.
    """
    folder = Path(folder)
    manifest = cast(dict, load_manifest(folder / "manifest.json"))  # read defensively, as any dict
    ref = Reference.from_signs(str(folder / "manifest.json"), manifest["signs"])
    walk = _BuildWalk(folder, manifest, ref, _jobs(jobs), Verification(target=str(folder), reference=ref.source))
    walk.listed = {f["file"]: f for f in manifest.get("files", []) if isinstance(f, dict) and "file" in f}
    walk.images = {i["file"]: i for i in manifest.get("images", []) if isinstance(i, dict) and "file" in i}
    walk.expected, walk.modules = expected_by_file(manifest)
    _walk_listed_pdfs(walk)
    _walk_images(walk)
    _walk_loose_files(walk)
    walk.result.pages, findings = _run_pages(walk.work, walk.jobs, ref, progress)
    walk.result.findings.extend(_moved_pages(findings, walk.expected))
    return walk.result


def _walk_listed_pdfs(walk: _BuildWalk) -> None:
    """The PDFs the manifest lists (or, in an old manifest without a file list, the files its signs name):
    each is queued page by page with what every page must carry."""
    by_file, modules = walk.expected, walk.modules
    for rel in list(walk.listed) or sorted(by_file):
        if not walk.present(rel):
            continue
        entry = walk.listed.get(rel, {})
        walk.same_bytes(rel, entry)
        module = modules.get(rel)
        if module is None and entry.get("kind", "signs") != "signs":
            module = 0.6  # an old manifest's checklist (no QR boxes): the template's smallest module
        work, shape = _queue_build_pdf(walk.folder / rel, rel, entry, by_file.get(rel, {}), module)
        walk.work.extend(work)
        walk.result.findings.extend(shape)


def _walk_images(walk: _BuildWalk) -> None:
    """The QR pictures the manifest lists: each must decode to its own sign."""
    by_id = {s["sign_id"]: s for s in walk.manifest["signs"]}
    for rel, info in walk.images.items():
        if not walk.present(rel):
            continue
        walk.same_bytes(rel, info)
        if Path(rel).suffix.lower() != ".png":
            continue
        walk.result.images += 1
        sign = by_id.get(info.get("sign_id"))
        for f in _image_finding(walk.folder / rel, walk.ref, rel):
            if sign is not None and f.payload is not None and f.payload != sign["payload"]:
                f.status, f.sign = "mismatch", sign
            walk.result.findings.append(f)


def _walk_loose_files(walk: _BuildWalk) -> None:
    """Every other file in the folder: a PDF or picture the build did not write is a finding and is decoded
    too; anything else is listed as skipped."""
    result = walk.result
    for path in sorted(p for p in walk.folder.rglob("*") if p.is_file()):
        rel = path.relative_to(walk.folder).as_posix()
        if rel in walk.listed or rel in walk.images or _own_file(rel):
            continue
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            result.findings.append(Finding("not-in-build", rel))
            try:
                walk.work.extend(_ranges(str(path), _page_count(path), DEFAULT_DPI, None, False, rel))
            except InputError as exc:
                result.findings.append(_unreadable(rel, exc))
        elif suffix in IMAGE_SUFFIXES:
            result.findings.append(Finding("not-in-build", rel))
            result.images += 1
            result.findings.extend(_image_finding(path, walk.ref, rel))
        else:
            result.findings.append(Finding("skipped", rel))


def verify(target: str | os.PathLike, against: str | os.PathLike | None = None, jobs: int | None = None, *,
           progress: Progress | None = None) -> Verification:
    """Verify a photo, a PDF or a build folder (see module docstring).

    In a folder every file is accounted for: each photo yields its codes or a
    ``no-qr`` finding, each PDF page likewise, a file that does not open is an
    ``unreadable`` finding, anything else is listed as ``skipped``.
    """
    target = Path(target)
    if not target.exists():
        raise InputError("E-FILE-NOT-FOUND", field="file", value=str(target))
    if target.is_dir() and against is None:
        if not (target / "manifest.json").is_file():
            raise InputError("E-MANIFEST", field="manifest", value=str(target / "manifest.json"), detail="not found")
        return verify_build(target, jobs, progress=progress)
    ref_path = Path(against) if against is not None else _find_manifest(target if target.is_dir() else target.parent)
    ref = load_reference(ref_path) if ref_path is not None else None
    result = Verification(target=str(target), reference=ref.source if ref else None)
    if not target.is_dir():
        suffix = target.suffix.lower()
        if suffix == ".pdf":
            _verify_one_pdf(target, ref, ref_path, result, _jobs(jobs), progress)
        elif suffix in IMAGE_SUFFIXES:
            result.images = 1
            result.findings = verify_image(target, ref)
        else:
            raise InputError("E-FILE-TYPE", field="file", value=str(target))
        return result
    work = []
    for path in sorted(p for p in target.rglob("*") if p.is_file()):
        rel = str(path)
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            try:
                work.extend(_ranges(rel, _page_count(path), DEFAULT_DPI, None, False))
            except InputError as exc:
                result.findings.append(_unreadable(rel, exc))
        elif suffix in IMAGE_SUFFIXES:
            result.images += 1
            result.findings.extend(_image_finding(path, ref, rel))
        else:
            result.findings.append(Finding("skipped", rel))
    pages, findings = _run_pages(work, _jobs(jobs), ref, progress)
    result.pages = pages
    result.findings.extend(findings)
    return result


def _verify_one_pdf(target: Path, ref: Reference | None, ref_path: Path | None, result: Verification, jobs: int,
                    progress: Progress | None) -> None:
    """A PDF on its own. When it is one of a build's files (same bytes, or same name: see
    :func:`~qrsign.proof.reference.build_file_of`) it is checked page by page and cell by cell, and a file
    changed since the build is itself a finding; any other PDF's codes are compared with the reference."""
    manifest_path = ref_path / "manifest.json" if ref_path is not None and ref_path.is_dir() else ref_path
    own = (build_file_of(target, manifest_path)
           if manifest_path is not None and manifest_path.suffix.lower() == ".json" else None)
    if own is None:
        work = _ranges(str(target), _page_count(target), DEFAULT_DPI, None, True)
        result.pages, result.findings = _run_pages(work, jobs, ref, progress)
        return
    if own.changed:
        result.findings.append(Finding("changed", str(target)))
    by_file, modules = expected_by_file(own.manifest)
    expected = by_file.get(own.file, {})
    work, shape = _queue_build_pdf(target, str(target), own.entry, expected, modules.get(own.file) or 0.6)
    result.findings.extend(shape)
    result.pages, findings = _run_pages(work, jobs, ref, progress)
    result.findings.extend(_moved_pages(findings, {str(target): expected}))


def _queue_build_pdf(path: Path, source: str, entry: dict, expected: dict[int, list[dict]],
                     module: float | None) -> tuple[list[tuple], list[Finding]]:
    """Page ranges to check one of a build's PDFs with what each page must carry, and the findings its shape
    gives at once: a page count other than the build's (``pages``), and the signs of every page that is
    no longer there (``missing``)."""
    pages = _page_count(path)
    findings: list[Finding] = []
    built = entry.get("pages")
    if isinstance(built, int) and built != pages:
        findings.append(Finding("pages", source, detail=f"{pages}/{built}"))
    for number in sorted(p for p in expected if p > pages):
        findings += [Finding("missing", source, number, sign=sign) for sign in expected[number]]
    return _ranges(str(path), pages, _dpi_for(module), expected, True, source), findings


def _moved_pages(findings: list[Finding], expected: dict[str, dict[int, list[dict]]]) -> list[Finding]:
    """A whole sign (its code with its own account and name) on another page of its own file than the build
    put it on is a page moved (pages reordered, or one taken out): ``wrong-page`` says where it belongs,
    instead of a bare mismatch. A code under another sign's name stays a mismatch."""
    for f in findings:
        pages = expected.get(f.source)
        if f.status != "mismatch" or not pages or f.home is None:
            continue
        home = next((n for n, signs in pages.items() for s in signs if s["payload"] == f.payload), None)
        if home is not None and home != f.page:
            f.status, f.other, f.sign = "wrong-page", {"page": home}, f.home
    return findings


def _unreadable(source: str, exc: InputError) -> Finding:
    return Finding("unreadable", source, error=exc)

