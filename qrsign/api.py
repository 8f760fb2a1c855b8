"""The public API's functions: what every command does, callable from Python.

The CLI and the web page call only these (an import-linter contract says so); :mod:`qrsign` re-exports them.
Each function loads the layers it needs when first called, so ``import qrsign`` stays cheap.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qrsign.building.pipeline import BuildOptions, BuildResult
    from qrsign.core.banks import Bank
    from qrsign.core.vietqr import Payload
    from qrsign.intake.check import CheckResult, VendorRow
    from qrsign.intake.importer import ImportResult
    from qrsign.proof.patrol import Patrol
    from qrsign.proof.verify import Verification
    from qrsign.workbooks.board import Board

#: ``progress(done, total)``: ``total`` is None while the amount of work is not known yet.
Progress = Callable[[int, "int | None"], None]


def encode(bank: str, account: str, *, card: bool = False, amount: int | None = None,
           purpose: str | None = None) -> str:
    """The VietQR payload for one account: static, unless an ``amount`` (whole VND) is given.

    ``bank`` is anything :func:`find_bank` understands; ``account`` may have spaces,
    dots or dashes (they are removed). With ``card=True`` the number is a NAPAS card.

    >>> encode("VCB", "0011 0123 4567 8")
    '00020101021138570010A00000072701270006970436011300110123456780208QRIBFTTA53037045802VN63047B64'
    >>> decode(encode("MB", "0352350917", amount=50000, purpose="Quầy 12")).purpose
    'QUAY 12'
    >>> encode("no such bank", "123")
    Traceback (most recent call last):
    qrsign.errors.UnknownBank: ...
    """
    from qrsign.core import banks, vietqr
    from qrsign.models import parse_account

    return vietqr.encode(banks.find(bank).bin, parse_account(account), card=card, amount=amount, purpose=purpose)


def decode(payload: str) -> Payload:
    """Check a VietQR payload (structure, CRC) and return what it pays to.

    >>> p = decode("00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F")
    >>> p.bin, p.account, p.static
    ('970416', '257678859', True)
    >>> decode("000201")
    Traceback (most recent call last):
    qrsign.errors.InvalidFormat: ...
    """
    from qrsign.core import vietqr

    return vietqr.decode(payload)


def find_bank(query: str) -> Bank:
    """A bank or wallet by short name, full name, alias or BIN; never a guess between two.

    >>> find_bank("quân đội").short_name, find_bank("970436").short_name
    ('MBBank', 'Vietcombank')
    """
    from qrsign.core import banks

    return banks.find(query)


def check_file(path: str | os.PathLike[str], *, sheet: str | None = None, market: str | None = None,
               template: str | None = None, checklist: bool = True, include_hidden: bool = False,
               columns: dict[str, str | None] | None = None) -> CheckResult:
    """Read and check a vendor sheet exactly as ``qrsign check`` does.

    Any format qrsign reads (.xlsx, .xls, .ods, .csv, HTML or XML 2003 exports),
    recognised from its bytes. ``template`` (a built-in name or a ``.toml`` file)
    decides which fields are printed and so must be drawable by the font;
    ``include_hidden`` also reads hidden, filtered-out and struck-through rows.
    ``columns`` overrides which field a column holds: ``{"E": "account", "G": None}``
    (None: do not read it; ``"Sheet!E"`` for one sheet only), as a user chooses
    them after seeing what was read. Unusable input raises :class:`InputError`; problems with rows are in the result.

    >>> import pathlib
    >>> result = check_file(pathlib.Path(__file__).parent.parent / "examples" / "cho-mau.csv")
    >>> len(result.vendors) > 0, result.vendors[0].vendor.payload.startswith("000201")
    (True, True)
    >>> result.errors
    []
    """
    from qrsign.render import rules

    return rules.check_file(path, sheet=sheet, market=market, template=template, checklist=checklist,
                            include_hidden=include_hidden, columns=columns)


def build(sheet_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], options: BuildOptions | None = None,
          *, progress: Progress | None = None, **option_fields: Any) -> BuildResult:
    """Check a sheet and build every valid row's sign into ``out_dir``, as ``qrsign build`` does.

    Options are a :class:`BuildOptions` or its fields as keywords
    (``template="a6-de-ban"``, ``date=...``, ``jobs=1``); ``options`` itself is
    never changed. Writes the PDFs and ``manifest.json`` atomically.
    ``progress(done, total)`` is called as rows are read and signs are drawn.

    >>> import datetime, pathlib, tempfile
    >>> sheet = pathlib.Path(__file__).parent.parent / "examples" / "cho-mau.csv"
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = build(sheet, out, jobs=1, checklist=False, date=datetime.date(2026, 1, 15))
    ...     signs = result.manifest["signs"]
    ...     (len(signs) == len(result.check.vendors), result.exit_code, signs[0]["file"].endswith(".pdf"))
    (True, 0, True)
    """
    from qrsign.building import pipeline

    if progress is not None:
        option_fields["progress"] = progress
    opts = dataclasses.replace(options or pipeline.BuildOptions(), **option_fields)
    return pipeline.build(sheet_path, out_dir, opts)


def verify(target: str | os.PathLike[str], against: str | os.PathLike[str] | None = None, *,
           jobs: int | None = None, progress: Callable[[int, int | None], None] | None = None) -> Verification:
    """Decode every QR in a photo, a PDF or a build folder and check each is a known sign.

    ``against``: a ``manifest.json`` (or its folder) or the vendor sheet; a build
    folder without it is checked against its own manifest, cell by cell. Every
    file given is accounted for. ``progress(done, total)`` is called as pages are
    checked.

    >>> import datetime, pathlib, tempfile
    >>> sheet = pathlib.Path(__file__).parent.parent / "examples" / "cho-mau.csv"
    >>> with tempfile.TemporaryDirectory() as out:
    ...     _ = build(sheet, out, jobs=1, checklist=False, market="Chợ Đồng Xa", date=datetime.date(2026, 1, 15))
    ...     v = verify(out, jobs=1)
    ...     v.ok, v.found == len(_.manifest["signs"])
    (True, True)
    """
    from qrsign.proof import verify as verify_module

    return verify_module.verify(target, against, jobs=jobs, progress=progress)


# --------------------------------------------------------------------------------------------------
# the workbooks and pictures around a build: what ``check --report``, ``init``, ``import``, the patrol and
# ``report`` write


def write_check_report(sheet_path: str | os.PathLike[str], result: CheckResult, path: str | os.PathLike[str], *,
                       lang: str = "vi") -> None:
    """A copy of the sheet with every problem of ``result`` marked on its cell (``check --report``), atomically."""
    from qrsign.workbooks.report import write_report

    write_report(sheet_path, result, path, lang=lang)


def write_starter(path: str | os.PathLike[str], *, market: str | None = None, lang: str = "vi",
                  force: bool = False) -> dict:
    """The starter workbook to fill in (``qrsign init``); an existing ``path`` is refused unless ``force``."""
    from pathlib import Path

    from qrsign.errors import InputError
    from qrsign.messages import ui
    from qrsign.workbooks import starter

    target = Path(path)
    if target.suffix.lower() != ".xlsx":  # an .xlsx written under another name would not open
        raise InputError("E-USAGE", detail=ui("usage.init_ext", lang, path=target))
    if target.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=target))
    return starter.write_starter(target, market=market, lang=lang)


def import_images(paths: list[str | os.PathLike[str]]) -> ImportResult:
    """Read the QR codes of vendors' pictures (files or folders): one row per code, refusals with why."""
    from qrsign.intake import importer

    return importer.import_images(list(paths))


def write_import_workbook(result: ImportResult, path: str | os.PathLike[str], *, market: str | None = None,
                          lang: str = "vi") -> dict:
    """The imported rows in the starter's layout with the exact payloads (``qrsign import -o``), atomically."""
    from qrsign.workbooks.imported import write_workbook

    return write_workbook(result, path, market=market, lang=lang)


def load_manifest(path: str | os.PathLike[str]) -> dict:
    """A build's ``manifest.json`` (or the build folder holding it), checked to list signs with payloads."""
    from pathlib import Path

    from qrsign.proof.verify import load_manifest as load

    target = Path(path)
    return load(target / "manifest.json" if target.is_dir() else target)


def patrol(photos: str | os.PathLike[str], against: str | os.PathLike[str], *,
           market: str | None = None) -> Patrol:
    """The market patrol: decode every photo (a file or a folder) and give each stall of the build
    ``against`` (a manifest or its folder) a status — ok, foreign, unreadable or not_checked.

    ``market`` keeps only that market's stalls. The photos' findings are in ``.verification``.
    """
    from pathlib import Path

    from qrsign.proof import patrol as patrol_module

    verification, result = patrol_module.patrol(Path(photos), Path(against))
    if market is not None:
        result.stalls = [st for st in result.stalls if st.market == market]
    result.verification = verification
    return result


def write_patrol_sheet(patrol: Patrol, path: str | os.PathLike[str], *, lang: str = "vi") -> None:
    """The patrol sheet, one coloured row per stall (``verify --report``), atomically."""
    from pathlib import Path

    from qrsign.proof.patrol import write_sheet

    write_sheet(patrol, Path(path), lang)


def report(manifests: Sequence[str | os.PathLike[str]], output: str | os.PathLike[str], *, lang: str = "vi") -> Board:
    """The board's readiness workbook of the builds ``manifests`` (files or folders), written to ``output``."""
    from qrsign.workbooks import board

    b = board.board(board.load(list(manifests)))
    board.write(b, output, lang)
    return b


def preview_sign(result: CheckResult | BuildResult, row: VendorRow | int, *, sheet: str | None = None,
                 template: str | None = None, ec: str = "M") -> bytes:
    """A PNG of one vendor's sign: with ``template`` (a name or a ``.toml`` file), the sign as that template
    prints it; without, the shareable card (its QR with the holder, bank and account under it).

    ``row`` is a :class:`VendorRow` of ``result`` or a sheet row number (with ``sheet`` when several sheets
    have that row). Raises :class:`InputError` when no vendor of the result is at that row.
    """
    from qrsign.building.pipeline import BuildResult, card_png
    from qrsign.building.preview import sign_png
    from qrsign.errors import InputError

    check = result.check if isinstance(result, BuildResult) else result
    if isinstance(row, int):
        found = [vr for vr in check.vendors if vr.row == row and (sheet is None or vr.sheet == sheet)]
        if not found:
            raise InputError("E-ROW-NOT-FOUND", field="row", value=str(row))
        row = found[0]
    return sign_png(row, template=template, ec=ec) if template else card_png(row, ec=ec)


def page_png(pdf_path: str | os.PathLike[str], page: int = 1, *, width: int = 600) -> bytes:
    """A PNG of one page (1-based) of a PDF qrsign wrote, ``width`` pixels wide, to show before printing."""
    from qrsign.building.preview import page_png as render

    return render(pdf_path, page, width=width)


def templates() -> list[dict]:
    """The built-in sign templates, as ``qrsign templates --json`` lists them (name, page size, QR size, …)."""
    from qrsign.render import layout

    return [t.to_dict() for t in layout.all_templates()]


def column_fields() -> tuple[str, ...]:
    """The fields a sheet's column can hold, for :func:`check_file`'s ``columns`` (``holder``: the account
    holder's name, read as the name)."""
    from qrsign.intake import sheet

    return ("holder", *sheet.FIELDS, "index")
