"""``qrsign import``: the QR codes vendors already have (screenshots, photos) → rows of a vendor workbook.

A receive-money QR made by the vendor's own bank or wallet is the most reliable
source of a payload there is: nobody typed the account, and it carries what a
typed row cannot (field 59, a wallet's reference in 62/05). So the payload is
kept exactly as decoded and written to the "Mã QR" column; the sign is later
drawn from it byte for byte.

What comes from where — nothing is guessed:

- stall: the first word of the file name (``A01.png``, ``A03 Tran Thi B.jpg``)
  when it holds a digit; a camera or screenshot name (``IMG_1234``) gives none;
- name: the rest of the file name when there is one, else field 59 of the payload;
- bank and account: the payload's own BIN and account;
- an image without a readable QR, a QR that is not a payment code, a bad CRC,
  a family qrsign cannot show (see :func:`qrsign.core.vietqr.scan`): a finding naming
  the file, no row.

Several QR codes on one image give one row each, top to bottom, left to right.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qrsign.core import banks, text, vietqr
from qrsign.errors import DataError, InputError, QrsignError
from qrsign.intake.pictures import IMAGE_SUFFIXES, open_picture, read_codes
from qrsign.messages import render
from qrsign.models import many_accounts

#: Default names phones, cameras and chat apps give pictures (matched on the folded stem, "_" as a space):
#: they name no stall and no person. Zalo on PC ``z5123456789012_8f3a…``, cameras ``IMG_20241201_101500``,
#: ``IMG20241201…``, ``DSC01234``, ``PXL_…``, ``MVIMG_…``; ``Screenshot_…``, ``Ảnh chụp màn hình …``,
#: Telegram ``photo_…``, Messenger ``received_…``, Facebook ``FB_IMG_…``.
_CAMERA_NAME = re.compile(
    r"^(?:z ?\d{6,}"
    r"|(?:img|vid|dsc[nf]?|pxl|mvimg|dcim|image|pic|photo|snapchat|fb img|zalo|received|screenshot|screen ?shot"
    r"|scr|anh chup man hinh|chup man hinh|anh man hinh|anh)(?![a-z])"
    r")"
)
#: A run of digits no stall number has: a date, a time or a phone number in a file name.
_LONG_NUMBER = re.compile(r"\d{7,}")
_STALL_MAX = 20
_COPY_SUFFIX = re.compile(r"\s*(?:\(\d{1,2}\)|\d{1,2})$")


@dataclass
class ImportedRow:
    """One QR code found in one image: what goes on one row of the workbook."""

    image: str  # the file name
    stall: str
    name: str
    bank: str  # short name (the dropdown's value)
    bin: str
    account: str
    payload: str
    family: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Finding:
    """A problem with one image; ``error`` is the payload or image error behind it, when there is one."""

    code: str
    image: str
    severity: str = "error"
    params: dict[str, Any] = field(default_factory=dict)
    error: QrsignError | None = None

    def message(self, lang: str = "vi") -> str:
        if self.error is not None and self.error.code == "E-PAYLOAD-CRC":  # a volunteer's words, no checksums
            return render("E-IMPORT-DAMAGED", lang, value=self.image)
        if self.error is not None:
            return render("E-IMPORT-NOT-PAYMENT", lang, value=self.image, detail=self.error.message(lang))
        return render(self.code, lang, value=self.params.get("value", self.image),
                      **{k: v for k, v in self.params.items() if k != "value"})

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"image": self.image, "code": self.code, "severity": self.severity, "message": self.message(lang)}


@dataclass
class ImportResult:
    images: int = 0
    rows: list[ImportedRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "images": self.images,
            "rows": [r.to_dict() for r in self.rows],
            "problems": [f.to_dict(lang) for f in self.findings],
            "summary": {"images": self.images, "rows": len(self.rows), "errors": len(self.errors),
                        "warnings": len(self.findings) - len(self.errors)},
        }


# --------------------------------------------------------------------------------------------------


def collect(paths: list[str | os.PathLike]) -> list[Path]:
    """The image files named by ``paths`` (files, or folders searched recursively), in a stable order.

    A path that does not exist, or a named file that is not an image, is unusable input
    (:class:`InputError`); other files inside a folder are skipped.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError("E-FILE-NOT-FOUND", field="file", value=str(raw))
        if p.is_dir():
            found.extend(sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES
                                 and not f.name.startswith(".")), key=lambda f: str(f)))
        elif p.suffix.lower() in IMAGE_SUFFIXES:
            found.append(p)
        else:
            raise InputError("E-IMPORT-NOT-IMAGE", field="file", value=str(raw))
    if not found:
        raise InputError("E-IMPORT-NO-IMAGES", field="file", value=", ".join(str(p) for p in paths))
    return found


def stall_and_name(path: Path) -> tuple[str, str]:
    """(stall, name) from a file name: ``A03 Trần Thị B.jpg`` → ``("A03", "Trần Thị B")``.

    >>> stall_and_name(Path("A01.png")), stall_and_name(Path("B-12_Le_Van_C.webp"))
    (('A01', ''), ('B-12', 'Le Van C'))
    >>> stall_and_name(Path("A05 Lê Thị Lan (2).png")), stall_and_name(Path("A05 2.png"))
    (('A05', 'Lê Thị Lan'), ('A05', ''))
    >>> stall_and_name(Path("IMG_1234.JPG")), stall_and_name(Path("Screenshot 2024-12-01.png"))
    (('', ''), ('', ''))
    """
    stem = text.collapse(text.nfc(path.stem).replace("_", " "))
    if not stem or _CAMERA_NAME.match(text.fold(stem)):
        return "", ""
    first, _, rest = stem.partition(" ")
    if not any(ch.isdigit() for ch in first) or len(first) > _STALL_MAX or _LONG_NUMBER.search(first):
        return "", ""
    rest = _COPY_SUFFIX.sub("", rest).strip(" -–")  # "A05 Lan (2).png": the second picture of the same vendor
    return first, rest if any(ch.isalpha() for ch in rest) else ""


def read_payloads(path: Path) -> list[str]:
    """Texts of every QR code on the image, top to bottom then left to right. Raises for unreadable images."""
    image = open_picture(path, shown=path.name)
    codes = read_codes(image)
    codes.sort(key=lambda c: (min(c.position.top_left.y, c.position.top_right.y),
                              min(c.position.top_left.x, c.position.bottom_left.x)))
    return [c.text for c in codes]


def import_images(paths: list[str | os.PathLike]) -> ImportResult:
    """Decode every image under ``paths`` into rows and findings (see the module docstring)."""
    result = ImportResult()
    for path in collect(paths):
        result.images += 1
        name = path.name
        try:
            texts = read_payloads(path)
        except InputError as exc:
            result.findings.append(Finding(exc.code, name, params=dict(exc.params, value=name)))
            continue
        if not texts:
            result.findings.append(Finding("E-IMPORT-NO-QR", name))
            continue
        stall, file_name = stall_and_name(path)
        rows = [row for row in (_row(payload, path, stall, file_name, result) for payload in texts) if row]
        result.rows.extend(rows)
        loose = many_accounts([(r.bin, r.account, r.payload) for r in rows])
        if loose:
            result.findings.append(Finding("W-IMPORT-MANY-ACCOUNTS", name, "warning",
                                           {"count": len(loose), "accounts": ", ".join(loose)}))
    return result


def _row(payload: str, path: Path, stall: str, file_name: str, result: ImportResult) -> ImportedRow | None:
    name = path.name
    try:
        found = vietqr.drawable(payload)
    except DataError as exc:
        result.findings.append(Finding(exc.code, name, error=exc))
        return None
    for code, params in found.warnings:
        result.findings.append(Finding(code, name, "warning", dict(params)))
    holder = text.collapse(found.name or "")
    if found.family == vietqr.FAMILY_MERCHANT:  # a merchant code is shown with the merchant's name
        file_name = ""
    if file_name and holder and text.bank_style(file_name) != text.bank_style(holder):
        result.findings.append(Finding("W-IMPORT-NAME-DIFFERS", name, "warning",
                                       {"value": file_name, "holder": holder}))
    bank = banks.by_bin(found.bin or "")
    return ImportedRow(image=name, stall=stall, name=file_name or holder, bank=bank.short_name if bank else "",
                       bin=found.bin or "", account=found.account or "", payload=found.payload,
                       family=found.family, kind=found.kind)
