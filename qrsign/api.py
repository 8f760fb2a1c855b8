"""The public API's functions: what every command does, callable from Python.

The CLI and the web page call only these (an import-linter contract says so); :mod:`qrsign` re-exports them.
Each function loads the layers it needs when first called, so ``import qrsign`` stays cheap.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qrsign.building.pipeline import BuildOptions, BuildResult
    from qrsign.core.banks import Bank
    from qrsign.core.vietqr import Payload
    from qrsign.intake.check import CheckResult
    from qrsign.proof.verify import Verification


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

    _text(bank, "bank")
    _text(account, "account")  # never an int: 0011… would lose its zeros
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

    _text(payload, "payload")
    return vietqr.decode(payload)


def find_bank(query: str) -> Bank:
    """A bank or wallet by short name, full name, alias or BIN; never a guess between two.

    >>> find_bank("quân đội").short_name, find_bank("970436").short_name
    ('MBBank', 'Vietcombank')
    """
    from qrsign.core import banks

    _text(query, "query")
    return banks.find(query)


def check_file(path: str | os.PathLike[str], *, sheet: str | None = None, market: str | None = None,
               template: str | None = None, checklist: bool = True, include_hidden: bool = False) -> CheckResult:
    """Read and check a vendor sheet exactly as ``qrsign check`` does.

    Any format qrsign reads (.xlsx, .xls, .ods, .csv, HTML or XML 2003 exports),
    recognised from its bytes. ``template`` (a built-in name or a ``.toml`` file)
    decides which fields are printed and so must be drawable by the font;
    ``include_hidden`` also reads hidden, filtered-out and struck-through rows.
    Unusable input raises :class:`InputError`; problems with rows are in the result.

    >>> import pathlib
    >>> result = check_file(pathlib.Path(__file__).parent.parent / "examples" / "cho-mau.csv")
    >>> len(result.vendors) > 0, result.vendors[0].vendor.payload.startswith("000201")
    (True, True)
    >>> result.errors
    []
    """
    from qrsign.render import rules

    path = _path(path, "path", must_exist=True)
    _text(sheet, "sheet")
    _text(market, "market")
    if template is not None and not isinstance(template, os.PathLike):
        _text(template, "template")
    return rules.check_file(path, sheet=sheet, market=market, template=template, checklist=checklist,
                            include_hidden=include_hidden)


def build(sheet_path: str | os.PathLike[str], out_dir: str | os.PathLike[str], options: BuildOptions | None = None,
          **option_fields: Any) -> BuildResult:
    """Check a sheet and build every valid row's sign into ``out_dir``, as ``qrsign build`` does.

    Options are a :class:`BuildOptions` or its fields as keywords
    (``template="a6-de-ban"``, ``date=...``, ``jobs=1``); ``options`` itself is
    never changed. Writes the PDFs and ``manifest.json`` atomically.

    >>> import datetime, pathlib, tempfile
    >>> sheet = pathlib.Path(__file__).parent.parent / "examples" / "cho-mau.csv"
    >>> with tempfile.TemporaryDirectory() as out:
    ...     result = build(sheet, out, jobs=1, checklist=False, date=datetime.date(2026, 1, 15))
    ...     signs = result.manifest["signs"]
    ...     (len(signs) == len(result.check.vendors), result.exit_code, signs[0]["file"].endswith(".pdf"))
    (True, 0, True)
    """
    from qrsign.building import pipeline

    sheet_path, out_dir = _path(sheet_path, "sheet_path"), _path(out_dir, "out_dir")  # options are checked first
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

    target = _path(target, "target", must_exist=True)
    if against is not None:
        against = _path(against, "against", must_exist=True)
    return verify_module.verify(target, against, jobs=jobs, progress=progress)


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
