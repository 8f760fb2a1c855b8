"""qrsign: printable VietQR stall signs for cashless markets, from a spreadsheet of vendors.

The public API is the names in ``__all__``; everything else is internal and may
change. Functions:

- :func:`encode` — the VietQR payload (the text inside the QR) for one account;
- :func:`decode` — what a payload pays to, checked (CRC, structure);
- :func:`find_bank` — a bank by short name, full name, alias or BIN;
- :func:`check_file` — check a vendor sheet, as ``qrsign check`` does;
- :func:`build` — build the signs of a sheet into a folder, as ``qrsign build`` does;
- :func:`verify` — decode the QR codes of a photo, a PDF or a build folder and check them.

Every error is a :class:`QrsignError` (a ``ValueError``) with a stable ``code``;
:class:`DataError` means the data has problems, :class:`InputError` unusable
input, :class:`OutputError` output that cannot be written.

>>> import qrsign
>>> payload = qrsign.encode("VCB", "0011012345678")
>>> qrsign.decode(payload).account, qrsign.find_bank("Vietcombank").bin
('0011012345678', '970436')

The library is layered: a pure core (:mod:`~qrsign.vietqr`, :mod:`~qrsign.banks`,
:mod:`~qrsign.text`, :mod:`~qrsign.errors`, :mod:`~qrsign.messages`), the models
(:mod:`~qrsign.models`), I/O modules (sheet reader, renderer, reports, verification),
the pipeline that ties them together, and the click CLI on top. Importing
``qrsign`` is cheap: the modules behind the sheet reader, the PDF writer and
the verifier (openpyxl, reportlab, pypdfium2) load when first used.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import sys
import types
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from qrsign.errors import (
    AmbiguousBank,
    DataError,
    InputError,
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    OutputError,
    QrsignError,
    RenderError,
    UnknownBank,
)

__version__ = "0.2.0"

if TYPE_CHECKING:
    from qrsign.banks import Bank
    from qrsign.check import CheckResult, VendorRow
    from qrsign.models import Problem, Vendor
    from qrsign.pipeline import BuildOptions, BuildResult
    from qrsign.verify import Finding, Verification
    from qrsign.vietqr import Payload

__all__ = [
    # functions
    "encode",
    "decode",
    "find_bank",
    "check_file",
    "build",
    "verify",
    # what they return
    "Payload",
    "Bank",
    "CheckResult",
    "VendorRow",
    "Vendor",
    "Problem",
    "BuildOptions",
    "BuildResult",
    "Verification",
    "Finding",
    # errors
    "QrsignError",
    "DataError",
    "InvalidFormat",
    "InvalidLength",
    "InvalidChecksum",
    "InvalidComponent",
    "UnknownBank",
    "AmbiguousBank",
    "RenderError",
    "InputError",
    "OutputError",
    "__version__",
]

#: Result types, loaded from their module on first use (module ``__getattr__``), so ``import qrsign`` stays cheap.
_LAZY = {
    "Payload": "qrsign.vietqr",
    "Bank": "qrsign.banks",
    "CheckResult": "qrsign.check",
    "VendorRow": "qrsign.check",
    "Vendor": "qrsign.models",
    "Problem": "qrsign.models",
    "BuildOptions": "qrsign.pipeline",
    "BuildResult": "qrsign.pipeline",
    "Verification": "qrsign.verify",
    "Finding": "qrsign.verify",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qrsign' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


# --------------------------------------------------------------------------------------------------


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
    from qrsign import banks, vietqr
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
    from qrsign import vietqr

    return vietqr.decode(payload)


def find_bank(query: str) -> Bank:
    """A bank or wallet by short name, full name, alias or BIN; never a guess between two.

    >>> find_bank("quân đội").short_name, find_bank("970436").short_name
    ('MBBank', 'Vietcombank')
    """
    from qrsign import banks

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
    from qrsign import check

    return check.check_file(path, sheet=sheet, market=market, template=template, checklist=checklist,
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
    from qrsign import pipeline

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
    verify_module = importlib.import_module("qrsign.verify")  # ``qrsign.verify`` is this function
    result: Verification = verify_module.verify(target, against, jobs=jobs, progress=progress)
    return result


class _Package(types.ModuleType):
    """Keeps :func:`verify` the function: importing the submodule ``qrsign.verify`` would otherwise replace it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "verify" and isinstance(value, types.ModuleType):
            return  # the module stays reachable as sys.modules["qrsign.verify"]
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
