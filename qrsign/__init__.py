"""qrsign: printable VietQR stall signs for cashless markets, from a spreadsheet of vendors.

The public API is the names in ``__all__``; everything else is internal and may change. Every command of
the ``qrsign`` CLI is a function here (the CLI and the web page call nothing else):

- one payment code: :func:`encode`, :func:`decode` (a code qrsign draws), :func:`payload_warnings`,
  :func:`scan` (any bank's code),
  :func:`find_bank`, :func:`bank_by_bin`, :func:`banks`;
- typed values: :func:`parse_account`, :func:`parse_name`, and the account policy as python-stdnum's verbs:
  :func:`compact_account`, :func:`validate_account`, :func:`is_valid_account`, :func:`format_account`;
- a vendor sheet: :func:`check_file`, :func:`check_summary`, :func:`write_check_report`, :func:`build`,
  :func:`logo_slots`, :func:`make`, :func:`templates`, :func:`preview_template`;
- vendor lists: :func:`write_starter`, :func:`import_images`, :func:`write_import_workbook`;
- over time: :func:`load_manifest`, :func:`verify`, :func:`is_patrol`, :func:`patrol`,
  :func:`write_patrol_sheet`, :func:`diff`, :func:`report`;
- foreign text on its way to a screen: :func:`visible`, :func:`hidden_characters`;
- previews for a page: :func:`preview_sign`, :func:`page_png`, :func:`column_fields`.

What they return (``help(qrsign.CheckResult)`` and so on for the details): :class:`Payload`, :class:`Scan`,
:class:`Bank`, :class:`AccountResult`, :class:`NameResult`, :class:`CheckResult` (its :class:`VendorRow` s,
each with a :class:`Vendor`, and :class:`Problem` s), :class:`BuildOptions` / :class:`BuildFields` →
:class:`BuildResult` (its :class:`Manifest`), :class:`MadeSign`, :class:`TemplateInfo`,
:class:`ImportResult`, :class:`Verification` (its :class:`Finding` s), :class:`Patrol`, :class:`Diff`,
:class:`BoardReport`.

Every error is a :class:`QrsignError` (a ``ValueError``) with a stable ``code`` and ``message(lang)``:
:class:`DataError` (the data has problems: :class:`InvalidFormat`, :class:`InvalidLength`,
:class:`InvalidChecksum`, :class:`InvalidComponent`, :class:`UnknownBank`, :class:`AmbiguousBank`,
:class:`RenderError`), :class:`InputError` (unusable input), :class:`OutputError` (output that cannot be
written).

>>> import qrsign
>>> payload = qrsign.encode("VCB", "0011012345678")
>>> qrsign.decode(payload).account, qrsign.find_bank("Vietcombank").bin
('0011012345678', '970436')

The library is layered, one subpackage per layer (``core``, ``intake``, ``render``, ``lifecycle``,
``building``, ``proof``, ``workbooks``, the ``cli`` face); each subpackage's docstring says what lives there.
Importing ``qrsign`` is cheap: openpyxl, reportlab and pypdfium2 load when a function first needs them.
``help(qrsign)`` lists the functions; the classes are described above and by their own ``help``.
"""

from __future__ import annotations

import importlib
import sys
from types import FrameType
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
    from qrsign.api import (
        BoardReport,
        BuildFields,
        MadeSign,
        bank_by_bin,
        banks,
        build,
        check_file,
        check_summary,
        column_fields,
        compact_account,
        decode,
        diff,
        encode,
        find_bank,
        format_account,
        hidden_characters,
        import_images,
        is_patrol,
        is_valid_account,
        load_manifest,
        logo_slots,
        make,
        page_png,
        parse_account,
        parse_name,
        patrol,
        payload_warnings,
        preview_sign,
        preview_template,
        report,
        scan,
        templates,
        validate_account,
        verify,
        visible,
        write_check_report,
        write_import_workbook,
        write_patrol_sheet,
        write_starter,
    )
    from qrsign.building.manifest import Manifest
    from qrsign.building.pipeline import BuildOptions, BuildResult
    from qrsign.core.account import AccountResult
    from qrsign.core.banks import Bank
    from qrsign.core.names import NameResult
    from qrsign.core.vietqr import Payload, Scan
    from qrsign.intake.check import CheckResult, VendorRow
    from qrsign.intake.importer import ImportResult
    from qrsign.lifecycle.diff import Diff
    from qrsign.models import Problem, Vendor
    from qrsign.proof.patrol import Patrol
    from qrsign.proof.verify import Finding, Verification
    from qrsign.render.layout import TemplateInfo

__all__ = [
    # functions (qrsign.api), in the order of the overview above
    "encode", "decode", "payload_warnings", "scan", "find_bank", "bank_by_bin", "banks",
    "parse_account", "parse_name", "compact_account", "validate_account", "is_valid_account", "format_account",
    "check_file", "check_summary", "write_check_report", "build", "logo_slots", "make", "templates",
    "preview_template",
    "write_starter", "import_images", "write_import_workbook",
    "load_manifest", "verify", "is_patrol", "patrol", "write_patrol_sheet", "diff", "report",
    "visible", "hidden_characters", "preview_sign", "page_png", "column_fields",
    # what they return
    "Payload", "Scan", "Bank", "AccountResult", "NameResult", "CheckResult", "VendorRow", "Vendor", "Problem",
    "BuildOptions", "BuildFields", "BuildResult", "Manifest", "MadeSign", "TemplateInfo", "ImportResult",
    "Verification", "Finding", "Patrol", "Diff", "BoardReport",
    # errors
    "QrsignError", "DataError", "InvalidFormat", "InvalidLength", "InvalidChecksum", "InvalidComponent",
    "UnknownBank", "AmbiguousBank", "RenderError", "InputError", "OutputError",
    "__version__",
]  # fmt: skip

#: The result types' modules: each is loaded on first use (module ``__getattr__``), so ``import qrsign`` stays cheap.
_TYPES = {
    "Payload": "qrsign.core.vietqr",
    "Scan": "qrsign.core.vietqr",
    "Bank": "qrsign.core.banks",
    "AccountResult": "qrsign.core.account",
    "NameResult": "qrsign.core.names",
    "CheckResult": "qrsign.intake.check",
    "VendorRow": "qrsign.intake.check",
    "Vendor": "qrsign.models",
    "Problem": "qrsign.models",
    "BuildOptions": "qrsign.building.pipeline",
    "BuildFields": "qrsign.api",
    "BuildResult": "qrsign.building.pipeline",
    "Manifest": "qrsign.building.manifest",
    "MadeSign": "qrsign.api",
    "TemplateInfo": "qrsign.render.layout",
    "ImportResult": "qrsign.intake.importer",
    "Verification": "qrsign.proof.verify",
    "Finding": "qrsign.proof.verify",
    "Patrol": "qrsign.proof.patrol",
    "Diff": "qrsign.lifecycle.diff",
    "BoardReport": "qrsign.api",
}
#: The functions: every lower-case public name, all from :mod:`qrsign.api`.
_FUNCTIONS = tuple(n for n in __all__ if n[0].islower())
_LAZY = {**_TYPES, **dict.fromkeys(_FUNCTIONS, "qrsign.api")}
_ERRORS = ("QrsignError", "DataError", "InvalidFormat", "InvalidLength", "InvalidChecksum", "InvalidComponent",
           "UnknownBank", "AmbiguousBank", "RenderError", "InputError", "OutputError")


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'qrsign' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    # Every public name, but for pydoc (help(qrsign)) the functions only, so that the help is a page: pydoc
    # documents each class it finds in full, with every member inherited from pydantic and the built-in
    # exceptions (2,558 lines for 21 classes). The docstring lists the classes; help(qrsign.X) gives one.
    names = set(globals()) | set(__all__)
    if _called_by_pydoc():
        names -= {*_TYPES, *_ERRORS, "__dir__", "__getattr__"}
    return sorted(names)


def _called_by_pydoc() -> bool:
    frame: FrameType | None = sys._getframe(2)  # __dir__ ← dir() in inspect.getmembers ← pydoc's docmodule
    for _ in range(4):
        if frame is None:
            return False
        if frame.f_globals.get("__name__") == "pydoc":
            return True
        frame = frame.f_back
    return False
