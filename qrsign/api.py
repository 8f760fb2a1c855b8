"""The public API's functions: what every command does, callable from Python.

The CLI and the web page call only these (an import-linter contract says so); :mod:`qrsign` re-exports them.
Each function loads the layers it needs when first called, so ``import qrsign`` stays cheap. The examples run
from a source checkout (``examples/``); ``tmp`` is an empty folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

if TYPE_CHECKING:
    from qrsign.building.manifest import Manifest
    from qrsign.building.pipeline import BuildOptions, BuildResult
    from qrsign.core.account import AccountResult
    from qrsign.core.banks import Bank
    from qrsign.core.names import NameResult
    from qrsign.core.vietqr import Payload, Scan
    from qrsign.errors import DataError
    from qrsign.intake.check import CheckResult, VendorRow
    from qrsign.intake.importer import ImportResult
    from qrsign.lifecycle.diff import Diff
    from qrsign.proof.patrol import Patrol
    from qrsign.proof.verify import Verification
    from qrsign.render.layout import TemplateInfo
    from qrsign.workbooks.board import Board

#: ``progress(done, total)``: ``total`` is None while the amount of work is not known yet.
Progress = Callable[[int, int | None], None]
PathLike = str | os.PathLike[str]


# --------------------------------------------------------------------------------------------------
# one payment code: payload, decode, banks


def encode(bank: str, account: str, *, card: bool = False, amount: int | None = None,
           purpose: str | None = None) -> str:
    """The VietQR payload for one account: static, unless an ``amount`` (whole VND) is given.

    >>> encode("VCB", "0011 0123 4567 8")
    '00020101021138570010A00000072701270006970436011300110123456780208QRIBFTTA53037045802VN63047B64'
    """
    from qrsign.core import account as policy
    from qrsign.core import banks, vietqr
    from qrsign.models import account_error_or_value

    _text(bank, "bank")
    _text(account, "account")  # never an int: 0011… would lose its zeros
    bin_ = banks.find(bank).bin
    number = account_error_or_value(policy.parse(account, card=card, bin=bin_))  # a card of another bank: refused
    return vietqr.encode(bin_, number, card=card, amount=amount, purpose=purpose)


def decode(payload: str) -> Payload:
    """Check a payload qrsign could draw (structure, CRC) and return what it pays to.

    >>> decode(encode("MB", "0352350917", amount=50000, purpose="Quầy 12")).purpose
    'QUAY 12'
    """
    from qrsign.core import vietqr

    _text(payload, "payload")
    return vietqr.decode(payload)


def payload_warnings(payload: Payload) -> list[DataError]:
    """What to say about a payload that is right but may surprise (a purpose banking apps cut short).

    >>> [w.code for w in payload_warnings(decode(encode("MB", "0352350917", purpose="Tiền hàng tháng 12 quầy A05")))]
    ['W-PURPOSE-LONG']
    """
    from qrsign.core import vietqr
    from qrsign.errors import DataError

    limit = vietqr.PURPOSE_SOFT_LIMIT
    if payload.purpose and len(payload.purpose) > limit:
        return [DataError("W-PURPOSE-LONG", field="purpose", value=payload.purpose, length=len(payload.purpose),
                          limit=limit)]
    return []


def scan(payload: str) -> Scan:
    """Read a code any bank or wallet issued (``qrsign decode``): its family and who it pays, kept as issued.

    >>> scan(encode("ACB", "257678859")).family
    'transfer'
    """
    from qrsign.core import vietqr

    return vietqr.scan(payload)


def visible(text: str, *, keep: str = "") -> str:
    r"""``text`` safe to print: control, escape, bidi and zero-width characters shown as escapes (``\x1b``).

    For text that did not come from qrsign (a payload's name, a file name, a cell) on its way to a terminal
    or a page. Characters in ``keep`` pass through (``"\n"`` for a whole message).

    >>> visible("Lan\x1b[31m")
    'Lan\\x1b[31m'
    """
    from qrsign.core import text as textmod

    return textmod.visible(text, keep)


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that must never be printed as they are, as ``U+XXXX NAME``.

    >>> hidden_characters("Nguy\u200ben")
    ['U+200B ZERO WIDTH SPACE']
    """
    from qrsign.core import text as textmod

    return textmod.suspicious_chars(text)


def find_bank(query: str) -> Bank:
    """A bank or wallet by short name, full name, alias or BIN; never a guess between two.

    >>> find_bank("quân đội").short_name, find_bank("970436").short_name
    ('MBBank', 'Vietcombank')
    """
    from qrsign.core import banks as directory

    _text(query, "query")
    return directory.find(query)


def bank_by_bin(bin: str) -> Bank | None:
    """The bank with this BIN, or None when the directory does not know it.

    >>> bank_by_bin("970436").short_name, bank_by_bin("999999")
    ('Vietcombank', None)
    """
    from qrsign.core import banks as directory

    return directory.by_bin(bin)


def banks(*, query: str | None = None) -> list[Bank]:
    """Every bank and wallet of the directory (``qrsign banks``), or those ``query`` finds.

    >>> [b.bin for b in banks(query="970415")]
    ['970415']
    """
    from qrsign.core import banks as directory

    found = directory.directory()
    return list(found) if not query else found.search(query)


# --------------------------------------------------------------------------------------------------
# the account and name policies, for one value typed by hand


def parse_account(text: str, *, card: bool = False, bank: str | None = None) -> AccountResult:
    """What a typed account number becomes, and every problem (``payload``/``make`` show them).

    With ``bank`` the wallet rules apply, and a bank's former name ("OceanBank") is a warning first
    in ``problems``; an unknown bank raises :class:`~qrsign.errors.UnknownBank`.
    ``problem.error()`` is a problem as a typed error (``.message(lang)``).

    >>> r = parse_account("TK 0011 0045 67891"); r.account, [p.code for p in r.problems]
    ('0011004567891', ['W-ACCOUNT-LABEL'])
    """
    from qrsign.core import account, banks, vietqr
    from qrsign.core import text as textmod
    from qrsign.errors import UnknownBank

    found: banks.Match | None = None
    if bank is not None:
        try:
            found = banks.match(bank)
        except UnknownBank:  # a wallet named by hand is said by the vendor model, with what to do instead
            if textmod.key(bank) not in vietqr.ZALOPAY_NAMES:
                raise
    result = account.parse(text, card=card, bin=found.bank.bin if found else None)
    if found is None or found.former is None:
        return result
    code = "W-BANK-FORMER-NAME" if found.former.until else "W-BANK-FORMER-NAME-UNDATED"
    former = account.AccountProblem(code, "warning", bank or "",
                                    {"bank": found.bank.short_name, "year": found.former.until})
    return dataclasses.replace(result, problems=(former, *result.problems))


def parse_name(text: str) -> NameResult:
    """What a typed holder's name becomes (legacy fonts converted, notes taken out), and every problem.

    >>> parse_name("Nguyễn Văn A (vợ)").name
    'Nguyễn Văn A'
    """
    from qrsign.core import names

    return names.parse(text)


def compact_account(number: str) -> str:
    """The number without spaces, dots and dashes between groups; nothing checked (stdnum's ``compact``).

    >>> compact_account("0011 0123.4567-8")
    '0011012345678'
    """
    from qrsign.core import account

    return account.compact(number)


def validate_account(number: str, *, card: bool = False) -> str:
    """The account qrsign prints, or its first error raised (stdnum's ``validate``).

    >>> validate_account("0011OO4O39383")
    Traceback (most recent call last):
    qrsign.errors.InvalidFormat: E-ACCOUNT-LOOKALIKE
    """
    from qrsign.core import account

    return account.validate(number, card=card)


def is_valid_account(number: str, *, card: bool = False) -> bool:
    """Whether :func:`validate_account` accepts ``number`` (stdnum's ``is_valid``).

    >>> is_valid_account("0011 0123 45678"), is_valid_account("257678859 / 0352350917")
    (True, False)
    """
    from qrsign.core import account

    return account.is_valid(number, card=card)


def format_account(number: str, *, card: bool = False) -> str:
    """The account grouped as a sign prints it (stdnum's ``format``).

    >>> format_account("0011012345678"), format_account("0352350917")
    ('0011 0123 45678', '0352 350 917')
    """
    from qrsign.core import account

    return account.format(number, card=card)


# --------------------------------------------------------------------------------------------------
# a vendor sheet: check, report, build, make, templates


def check_file(path: PathLike, *, sheet: str | None = None, market: str | None = None, template: str | None = None,
               checklist: bool = True, include_hidden: bool = False,
               columns: Mapping[str, str | None] | None = None) -> CheckResult:
    """Read and check a vendor sheet exactly as ``qrsign check`` does (any format qrsign reads).

    ``template``'s printed fields must be drawable by the font; ``columns`` maps a header text or a column
    letter (``"Sheet!E"`` for one sheet) to a field, over the header matching: ``{"Tên trên app": "holder",
    "G": None}`` (None: not read); an unknown header or field raises :class:`InputError`, as does any unusable
    input. ``result.read`` says what was read (columns → fields, rows left out, sheets not read).

    >>> result = check_file("examples/cho-mau.csv")
    >>> len(result.vendors), result.errors
    (13, [])
    """
    from qrsign.render import rules

    path = _path(path, "path", must_exist=True)
    _text(sheet, "sheet")
    _text(market, "market")
    if template is not None and not isinstance(template, os.PathLike):
        _text(template, "template")
    return rules.check_file(path, sheet=sheet, market=market, template=template, checklist=checklist,
                            include_hidden=include_hidden, columns=columns)


def check_summary(result: CheckResult) -> dict[str, Any]:
    """The closing summary ``check`` prints: rows read, vendors ready, skipped rows and why, banks.

    >>> check_summary(check_file("examples/cho-mau.csv"))["errors"]
    0
    """
    from qrsign.intake.check import summary

    return summary(result)


def write_check_report(sheet_path: PathLike, result: CheckResult, path: PathLike, *, lang: str = "vi") -> dict:
    """A copy of the sheet (.xlsx) with every problem marked (``check --report``); what was marked.

    >>> write_check_report("examples/cho-mau.csv", check_file("examples/cho-mau.csv"), tmp / "loi.xlsx")["problems"]
    0
    """
    from qrsign.workbooks.report import write_report

    return write_report(sheet_path, result, path, lang=lang)


class BuildFields(TypedDict, total=False):
    """The fields of :class:`BuildOptions`, as keywords of :func:`build` (checked by mypy)."""

    template: str
    sheet: str | None
    market: str | None
    split_by: str
    combine: bool
    formats: tuple[str, ...]
    jobs: int | None
    date: dt.date | None
    logos: dict[str, str]
    ec: str
    max_signs_per_file: int
    checklist: bool
    since: Manifest | None
    lang: str
    replace: bool
    include_hidden: bool
    columns: Mapping[str, str | None] | None


def build(sheet_path: PathLike, out_dir: PathLike, options: BuildOptions | None = None, *,
          progress: Progress | None = None, **fields: Unpack[BuildFields]) -> BuildResult:
    """Check a sheet and build every valid row's sign into ``out_dir`` (PDFs, ``manifest.json``), atomically.

    Options: a :class:`BuildOptions`, and/or its fields as keywords; ``options`` is never changed.

    >>> result = build("examples/cho-mau.csv", tmp, jobs=1, date=dt.date(2026, 1, 15))
    >>> result.exit_code, len(result.manifest["signs"]), result.manifest["files"][0]["file"]
    (0, 13, 'cho-mau/a4-treo.pdf')
    """
    from qrsign import _compat
    from qrsign.intake import aside

    sheet_path, out_dir = _path(sheet_path, "sheet_path"), _path(out_dir, "out_dir")  # options are checked first

    given: dict[str, Any] = dict(fields)

    def asked(name: str) -> Any:
        return given[name] if name in given else getattr(options, name, None)

    # the sheet starts being parsed in a child process now, while the build's modules are still loading
    with _compat.held_collections(), aside.early(sheet_path, jobs=asked("jobs") or os.cpu_count() or 1,
                                                 sheet=asked("sheet"), include_hidden=bool(asked("include_hidden")),
                                                 columns=asked("columns")):
        from qrsign.building import pipeline

        opts = dataclasses.replace(options or pipeline.BuildOptions(), **fields)
        if progress is not None:
            opts = dataclasses.replace(opts, progress=progress)
        return pipeline.build(sheet_path, out_dir, opts)


def logo_slots(template: str | None = None, *, combine: bool = False) -> set[str]:
    """The logo slot names of ``template`` (None: the default; with ``combine`` also the combined layout's).

    >>> sorted(logo_slots("a4-treo"))
    ['left', 'right']
    """
    from qrsign.render import layout

    chosen = [layout.load(template or layout.DEFAULT)]
    if combine and chosen[0].kind != "combined":
        chosen.append(layout.load(layout.COMBINED))
    return {b.name for t in chosen for b in (*t.cell_boxes, *t.page_boxes) if b.kind == "logo" and b.name}


@dataclass(frozen=True)
class MadeSign:
    """What :func:`make` drew: the file's bytes, where it was written (None: nowhere), what it holds."""

    data: bytes
    file: Path | None
    info: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """What ``qrsign make --json`` prints."""
        return self.info


def make(bank: str, account: str, *, name: str, stall: str = "", market: str | None = None,
         template: str = "a4-treo", card: bool = False, output: PathLike | None = None, kind: str = "pdf",
         date: dt.date | None = None, logos: dict[str, str] | None = None, ec: str = "M",
         qr_only: bool = False, amount: int | None = None) -> MadeSign:
    """One sign (.pdf), a card to share (.png) or a bare QR (.svg, .png with ``qr_only``), as ``qrsign make``.

    Written to ``output`` (its suffix says which), or only returned when ``output`` is None (``kind``:
    ``pdf``, ``png`` or ``svg``). The account and name policies apply; their first error is raised.
    ``amount`` (whole VND) makes a one-off code for one payment: a card or a bare QR, never a stall sign.

    >>> made = make("VCB", "0011012345678", name="Nguyễn Thị Hường", stall="12")
    >>> made.data[:5], made.info["sign_id"] == made.info["sign_id"].upper()
    (b'%PDF-', True)
    """
    from qrsign.building.pipeline import make_one
    from qrsign.models import VendorErrors, make_vendor

    typed = parse_account(account, card=card, bank=bank)
    for p in typed.errors:
        raise p.error()
    named = parse_name(name)
    for p in named.problems:
        if p.severity == "error":
            raise p.error("name")
    try:
        vendor = make_vendor(name=named.name, bank_bin=bank, account=typed.account, card=typed.is_card,
                             stall=stall or "", market=market)
    except VendorErrors as exc:
        raise exc.errors[0] from None

    def draw(target: PathLike) -> dict[str, Any]:
        return make_one(vendor, target, template=template, date=date, logos=logos, ec=ec, qr_only=qr_only,
                        amount=amount)

    if output is not None:
        info = draw(output)
        return MadeSign(Path(info["file"]).read_bytes(), Path(info["file"]), info)
    with tempfile.TemporaryDirectory(prefix="qrsign-make-") as folder:
        info = draw(Path(folder) / f"sign.{kind}")
        data = Path(info["file"]).read_bytes()
    return MadeSign(data, None, {**info, "file": None})


def templates() -> list[TemplateInfo]:
    """The shipped sign templates (``qrsign templates``).

    >>> [t["name"] for t in templates()][:2]
    ['a4-nhieu-tk', 'a4-treo']
    """
    from qrsign.render import layout

    return [t.to_dict() for t in layout.all_templates()]


def preview_template(name: str, output: PathLike, *, date: dt.date | None = None) -> dict[str, Any]:
    """One full page of template ``name`` (or a .toml file) with made-up vendors, as a PDF.

    >>> preview_template("a6-de-ban", tmp / "mau.pdf")["template"]
    'a6-de-ban'
    """
    from qrsign.building.preview import preview

    return preview(name, output, date)


# --------------------------------------------------------------------------------------------------
# vendor lists: the starter workbook, vendors' own QR pictures


def write_starter(path: PathLike, *, market: str | None = None, lang: str = "vi", force: bool = False) -> dict:
    """The starter workbook to fill in (``qrsign init``): an .xlsx, never over a file unless ``force``.

    >>> write_starter(tmp / "danh-sach.xlsx", market="Chợ Đồng Xa")["header_row"]
    3
    """
    from qrsign.errors import InputError
    from qrsign.messages import ui
    from qrsign.workbooks import starter

    target = Path(path)
    if target.suffix.lower() != ".xlsx":  # `init ds.csv` would write an xlsx named .csv
        raise InputError("E-USAGE", detail=ui("usage.init_ext", lang, path=target))
    if target.exists() and not force:
        raise InputError("E-USAGE", detail=ui("init.exists", lang, path=target))
    return starter.write_starter(target, market=market, lang=lang)


def import_images(paths: Sequence[PathLike]) -> ImportResult:
    """Read the QR codes in vendors' screenshots and photos (files or folders) into rows (``qrsign import``).

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1, formats=("png",))
    >>> len(import_images([tmp / "cho-mau" / "qr"]).rows)
    13
    """
    from qrsign.intake import importer

    return importer.import_images(list(paths))


def write_import_workbook(result: ImportResult, path: PathLike, *, market: str | None = None,
                          lang: str = "vi") -> dict:
    """Write imported rows into the starter's layout with the exact payloads (an .xlsx); what was written.

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1, formats=("png",))
    >>> write_import_workbook(import_images([tmp / "cho-mau" / "qr"]), tmp / "ds.xlsx")["rows"]
    13
    """
    from qrsign.workbooks.imported import write_workbook

    return write_workbook(result, path, market=market, lang=lang)


# --------------------------------------------------------------------------------------------------
# over time: verify, patrol, diff, the board's report


def load_manifest(path: PathLike) -> Manifest:
    """A build's ``manifest.json`` (the file or its folder); :class:`InputError` when it is not one.

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1)
    >>> load_manifest(tmp)["source"]
    'cho-mau.csv'
    """
    from qrsign.building.manifest import load_manifest as load

    return load(path)


def verify(target: PathLike, against: PathLike | None = None, *, jobs: int | None = None,
           progress: Progress | None = None, market: str | None = None) -> Verification:
    """Decode every QR in a photo, a PDF or a build folder and check each is a known sign.

    ``against``: a manifest (or its folder) or the vendor sheet; a build folder alone is checked
    against its own manifest, cell by cell.

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1)
    >>> verify(tmp, jobs=1).ok
    True
    """
    from qrsign.proof import verify as proof

    target = _path(target, "target", must_exist=True)
    if against is not None:
        against = _path(against, "against", must_exist=True)
    extra = {"market": market} if market is not None else {}
    return proof.verify(target, against, jobs=jobs, progress=progress, **extra)


def is_patrol(target: PathLike, against: PathLike | None) -> bool:
    """Whether ``verify TARGET --against AGAINST`` is a market patrol: photos checked against a manifest.

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1, formats=("png",))
    >>> is_patrol(tmp / "cho-mau" / "qr", tmp), is_patrol(tmp, tmp), is_patrol(tmp / "cho-mau" / "qr", None)
    (True, False, False)
    """
    from qrsign.building.manifest import manifest_path
    from qrsign.proof import patrol as proof

    if against is None or manifest_path(against).suffix.lower() != ".json":
        return False
    return proof.is_patrol(Path(target))


def patrol(photos: PathLike, against: PathLike, *, market: str | None = None) -> Patrol:
    """Every stall of a build, checked from photos of the signs as they hang (``.verification``: each code).

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1, formats=("png",))
    >>> patrol(tmp / "cho-mau" / "qr", tmp).counts()  # 12 stalls, one with two accounts
    {'ok': 12, 'foreign': 0, 'wrong_stall': 0, 'unreadable': 0, 'not_checked': 0}
    """
    from qrsign.proof import patrol as proof

    extra = {"market": market} if market is not None else {}
    verification, result = proof.patrol(Path(photos), Path(against), **extra)
    result.verification = verification
    return result


def write_patrol_sheet(patrol: Patrol, path: PathLike, *, lang: str = "vi") -> Path:
    """The patrol sheet (.xlsx): one row per stall with its coloured status.

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1, formats=("png",))
    >>> write_patrol_sheet(patrol(tmp / "cho-mau" / "qr", tmp), tmp / "tuan-tra.xlsx").name
    'tuan-tra.xlsx'
    """
    from qrsign.workbooks.patrol import write_sheet

    return write_sheet(patrol, Path(path), lang)


def diff(old_manifest: PathLike | Mapping[str, Any], sheet_path: PathLike, *, sheet: str | None = None,
         market: str | None = None) -> Diff:
    """What a new sheet means for an old build's signs: reprint, new, withdraw, pending (``qrsign diff``).

    >>> _ = build("examples/cho-mau.csv", tmp, jobs=1)
    >>> diff(tmp, "examples/cho-mau.csv").counts()["unchanged"]
    13
    """
    from qrsign.building.manifest import load_manifest as load
    from qrsign.building.manifest import manifest_path
    from qrsign.lifecycle import diff as lifecycle
    from qrsign.render.rules import check_file as check
    from qrsign.render.rules import check_printable

    path = None if isinstance(old_manifest, Mapping) else manifest_path(old_manifest)
    old = old_manifest if isinstance(old_manifest, Mapping) else load(path or "")
    result = check(sheet_path, sheet=sheet, market=market)
    check_printable(result)
    found = lifecycle.diff(old, result, market)
    found.old_manifest, found.new_sheet = (str(path) if path else None), str(sheet_path)
    return found


@dataclass(frozen=True)
class BoardReport:
    """The board's report (``qrsign report``): the workbook written and its figures (``board``)."""

    output: Path
    board: Board

    def to_dict(self) -> dict[str, Any]:
        """What ``qrsign report --json`` prints."""
        return {"output": str(self.output), **self.board.to_dict()}


def report(manifests: Sequence[PathLike], output: PathLike, *, lang: str = "vi") -> BoardReport:
    """QR readiness of every market and zone of some builds, as an .xlsx with charts.

    >>> _ = build("examples/cho-mau.csv", tmp / "bien", jobs=1)
    >>> report([tmp / "bien"], tmp / "bao-cao.xlsx").board.province.value("vendors")
    12
    """
    from qrsign.workbooks import board

    figures = board.board(board.load(list(manifests)))
    return BoardReport(board.write(figures, output, lang), figures)


# --------------------------------------------------------------------------------------------------
# previews for a page or a screen


def preview_sign(result: CheckResult | BuildResult, row: VendorRow | int, *, sheet: str | None = None,
                 template: str | None = None, ec: str = "M") -> bytes:
    """A PNG of one vendor's sign: with ``template`` (a name or a ``.toml`` file), the sign as that template
    prints it; without, the shareable card (its QR with the holder, bank and account under it).

    ``row`` is a :class:`VendorRow` of ``result`` or a sheet row number (with ``sheet`` when several sheets
    have that row). Raises :class:`InputError` when no vendor of the result is at that row.

    >>> result = check_file("examples/cho-mau.csv")
    >>> preview_sign(result, result.vendors[0].row, sheet=result.vendors[0].sheet)[:4]
    b'\x89PNG'
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
    """A PNG of one page (1-based) of a PDF qrsign wrote, ``width`` pixels wide, to show before printing.

    >>> made = make("VCB", "0011012345678", name="Nguyễn Thị Hường", output=tmp / "sign.pdf")
    >>> page_png(tmp / "sign.pdf", width=200)[:4]
    b'\x89PNG'
    """
    from qrsign.building.preview import page_png as render

    return render(pdf_path, page, width=width)


def column_fields() -> tuple[str, ...]:
    """The fields a sheet's column can hold, for :func:`check_file`'s ``columns`` (what ``--column`` takes).

    >>> "holder" in column_fields() and "account" in column_fields()
    True
    """
    from qrsign.intake import headers

    return tuple(dict.fromkeys((*headers.FIELDS, "holder", "index")))


# --------------------------------------------------------------------------------------------------
# arguments: a wrong type or an impossible path is a typed error (exit 2), never a TypeError or OSError


def _path(value: Any, field: str, *, must_exist: bool = False) -> str:
    """``value`` as a path string, or :class:`InputError`: ``E-API-PATH`` for a wrong type, else the file's error.

    A name no file system can hold (a NUL byte, a million characters) is
    ``E-FILE-UNREADABLE``; a missing input is ``E-FILE-NOT-FOUND``.
    """
    from qrsign.errors import InputError

    if isinstance(value, bool) or not isinstance(value, str | os.PathLike):
        raise InputError("E-API-PATH", field=field, value=None, got=type(value).__name__)
    path = os.fspath(value)
    if not isinstance(path, str):  # a PathLike of bytes
        raise InputError("E-API-PATH", field=field, value=None, got=type(path).__name__)
    shown = path if len(path) <= 200 else path[:200] + "…"
    try:
        os.stat(path)
    except FileNotFoundError:
        if must_exist:
            raise InputError("E-FILE-NOT-FOUND", field=field, value=shown) from None
    except (OSError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        raise InputError("E-FILE-UNREADABLE", field=field, value=shown, detail=detail) from None
    return path


def _text(value: Any, field: str) -> None:
    """:class:`InputError` ``E-API-TEXT`` unless ``value`` is a ``str`` or None."""
    from qrsign.errors import InputError

    if value is not None and not isinstance(value, str):
        raise InputError("E-API-TEXT", field=field, value=None, got=type(value).__name__)
