"""Which column holds which field: header cells matched to fields, and the header row found among title rows.

Why apart from the rows: a header is recognised by its words (Vietnamese or
English, with or without accents), once per sheet; what the rows below mean is
:mod:`qrsign.intake.rows`' business.
"""

from __future__ import annotations

import re
from typing import Any

from qrsign.core import text

# Header aliases. Keys are text.key() forms: no accents, lowercase, letters and digits only.

_ALIASES: dict[str, tuple[str, ...]] = {
    "holder": (
        "chutaikhoan", "tenchutaikhoan", "chutk", "tenchutk", "tentaikhoan", "tentk", "hotenchutaikhoan",
        "hovatenchutaikhoan", "accountholder", "accountname", "holder", "holdername", "beneficiary",
    ),
    "name": (
        "hovaten", "hoten", "ten", "tentieuthuong", "tieuthuong", "hotentieuthuong", "tennguoiban",
        "nguoiban", "chuquay", "tenchuquay", "name", "fullname", "vendor", "vendorname", "hovatentieuthuong",
    ),
    "stall": (
        "soquay", "quay", "sokiot", "kiot", "sap", "sosap", "lo", "solo", "soquaykiot", "quaykiot",
        "quaysap", "sosapquay", "vitri", "stall", "stallno", "stallnumber", "booth", "kiosk",
        "quayso", "sapso", "kiotso", "loso",
    ),
    "bank": ("nganhang", "tennganhang", "nh", "nganhangthuhuong", "bank", "bankname", "tennh"),
    "account": (
        "sotaikhoan", "stk", "sotk", "taikhoan", "tk", "sotaikhoannganhang", "taikhoannganhang",
        "account", "accountno", "accountnumber", "acct", "sotaikhoanthuhuong", "stknganhang", "sotknganhang",
    ),
    "trade": ("nganhhang", "mathang", "nganhhangkinhdoanh", "mathangkinhdoanh", "nganh", "trade", "goods",
              "category"),
    "phone": ("sodienthoai", "sdt", "sodt", "dienthoai", "dt", "didong", "phone", "phonenumber", "mobile", "tel"),
    "market": ("cho", "tencho", "market", "marketname"),
    "zone": ("khu", "khuvuc", "day", "daykhu", "zone", "area", "section"),
    "note": ("ghichu", "note", "notes", "remark", "remarks"),
    "index": ("stt", "tt", "no", "so", "sothutu"),
    "payload": ("maqr", "qr", "payload", "chuoiqr", "chuoimaqr", "qrpayload", "qrcode"),  # issue 14
    "image": ("tepanh", "anh", "anhqr", "image", "imagefile", "sourceimage"),  # issue 14: the imported image
    "card": ("sothe", "the", "sothenganhang", "sothenapas", "card", "cardnumber", "cardno"),
}
_ALIAS_TO_FIELD = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
#: Fields a sheet must have to make signs; the stall is wanted but not required.
REQUIRED = ("name", "bank", "account")
#: Fields whose cells are read (the index column is only used to spot example rows).
FIELDS = ("name", "stall", "bank", "account", "trade", "phone", "market", "zone", "note", "card", "payload", "image")


def header_field(label: Any) -> str | None:
    """The field a header cell names, or None.

    >>> header_field("Số quầy / Ki-ốt"), header_field("STK"), header_field("Tên chủ tài khoản")
    ('stall', 'account', 'holder')
    >>> header_field("Số tài khoản (ghi dạng văn bản)"), header_field("Ghi chú khác")
    ('account', 'note')
    """
    if not isinstance(label, str):
        return None
    candidates = [text.key(label), text.key(re.sub(r"\(.*?\)|\[.*?\]", " ", label))]
    for k in candidates:
        if k in _ALIAS_TO_FIELD:
            return _ALIAS_TO_FIELD[k]
    for k in candidates:
        for alias in sorted(_ALIAS_TO_FIELD, key=len, reverse=True):
            if len(alias) >= 5 and k.startswith(alias):
                return _ALIAS_TO_FIELD[alias]
    return None


def fields_of(values: list) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for i, v in enumerate(values):
        f = header_field(v)
        if f:
            found.setdefault(f, []).append(i)
    return found


def complete(found: dict[str, list[int]]) -> bool:
    names = set(found) | ({"name"} if "holder" in found else set())
    if "payload" in found:  # a "Mã QR" column says the bank and the account (issue 14)
        names |= {"bank", "account"}
    return all(f in names for f in REQUIRED)


def find_header(scan: list[tuple[int, list]]) -> tuple[int, dict[str, list[int]], dict[str, str]] | None:
    """The first row that names the required fields: (row number, field → indices, field → label).

    A two-row header counts too: a group title row ("Thông tin tài khoản" over
    "Ngân hàng | Số tài khoản") whose other titles stand above, or are merged
    down onto, the row below. The header row is then the lower one.
    """
    row_no, values = scan[-1]
    found = fields_of(values)
    if complete(found):
        return row_no, found, {f: str(values[idx[0]]) for f, idx in found.items()}
    if len(scan) >= 2 and scan[-2][0] == row_no - 1:
        upper = scan[-2][1]
        merged = list(values) + [None] * max(0, len(upper) - len(values))
        for i, v in enumerate(upper):
            if header_field(merged[i]) is None and header_field(v) is not None:
                merged[i] = v
        found = fields_of(merged)
        if complete(found):
            return row_no, found, {f: str(merged[idx[0]]) for f, idx in found.items()}
    return None


def best_partial(scan: list[tuple[int, list]]) -> list[str]:
    best: list[str] = []
    for _, values in scan:
        labels = [str(v).strip() for v in values if header_field(v) in REQUIRED or header_field(v) == "holder"]
        if len(labels) > len(best):
            best = labels
    return best

