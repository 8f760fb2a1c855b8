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

The library is layered: a pure core (:mod:`~qrsign.core.vietqr`, :mod:`~qrsign.core.banks`,
:mod:`~qrsign.core.text`, :mod:`~qrsign.errors`, :mod:`~qrsign.messages`), the models
(:mod:`~qrsign.models`), I/O modules (sheet reader, renderer, reports, verification),
the pipeline that ties them together, and the click CLI on top. Importing
``qrsign`` is cheap: the modules behind the sheet reader, the PDF writer and
the verifier (openpyxl, reportlab, pypdfium2) load when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from qrsign._version import __version__
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

if TYPE_CHECKING:
    from qrsign.building.pipeline import BuildOptions, BuildResult
    from qrsign.core.banks import Bank
    from qrsign.core.vietqr import Payload
    from qrsign.intake.check import CheckResult, VendorRow
    from qrsign.models import Problem, Vendor
    from qrsign.proof.verify import Finding, Verification

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
    "Payload": "qrsign.core.vietqr",
    "Bank": "qrsign.core.banks",
    "CheckResult": "qrsign.intake.check",
    "VendorRow": "qrsign.intake.check",
    "Vendor": "qrsign.models",
    "Problem": "qrsign.models",
    "BuildOptions": "qrsign.building.pipeline",
    "BuildResult": "qrsign.building.pipeline",
    "Verification": "qrsign.proof.verify",
    "Finding": "qrsign.proof.verify",
}


#: The functions, from :mod:`qrsign.api`.
_LAZY.update(dict.fromkeys(("encode", "decode", "find_bank", "check_file", "build", "verify"), "qrsign.api"))


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qrsign' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
