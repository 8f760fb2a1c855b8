"""Which column holds which field: header cells matched to fields, and the header row found among title rows.

Why apart from the rows: a header is recognised by its words (Vietnamese or
English, with or without accents), once per sheet; what the rows below mean is
:mod:`qrsign.intake.rows`' business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from qrsign.core import text
from qrsign.errors import InputError

# Header aliases. Keys are text.key() forms: no accents, lowercase, letters and digits only.

_ALIASES: dict[str, tuple[str, ...]] = {
    "holder": (
        "chutaikhoan", "tenchutaikhoan", "chutk", "tenchutk", "tentaikhoan", "tentk", "hotenchutaikhoan",
        "hovatenchutaikhoan", "accountholder", "accountname", "holder", "holdername", "beneficiary",
        "nguoidungtentaikhoan", "nguoidungten", "tentrenapp", "tenintrenapp", "tenhienthi",
    ),
    "name": (
        "hovaten", "hoten", "ten", "tentieuthuong", "tieuthuong", "hotentieuthuong", "tennguoiban",
        "nguoiban", "chuquay", "tenchuquay", "name", "fullname", "vendor", "vendorname", "hovatentieuthuong",
        "chuho", "tenchuho", "hotenchuho", "chuhokinhdoanh", "hokinhdoanh", "tenhokinhdoanh",
    ),
    "stall": (
        "soquay", "quay", "sokiot", "kiot", "sap", "sosap", "lo", "solo", "soquaykiot", "quaykiot",
        "quaysap", "sosapquay", "vitri", "stall", "stallno", "stallnumber", "booth", "kiosk",
        "quayso", "sapso", "kiotso", "loso", "o", "soo", "oso", "gian", "giansap", "gianhang", "sogian",
        "giano", "maquay", "makiot", "masap",
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
    "status": ("trangthai", "tinhtrang", "trangthaikinhdoanh", "tinhtrangkinhdoanh", "status"),
    "timestamp": ("dauthoigian", "timestamp", "thoigiangui", "ngaygiogui"),
    "index": ("stt", "tt", "no", "so", "sothutu"),
    "payload": ("maqr", "qr", "payload", "chuoiqr", "chuoimaqr", "qrpayload", "qrcode"),
    "image": ("tepanh", "anh", "anhqr", "image", "imagefile", "sourceimage"),  # the imported picture
    "card": ("sothe", "the", "sothenganhang", "sothenapas", "card", "cardnumber", "cardno"),
}
_ALIAS_TO_FIELD = {alias: f for f, aliases in _ALIASES.items() for alias in aliases}
#: Fields a sheet must have to make signs; the stall is wanted but not required.
REQUIRED = ("name", "bank", "account")
#: Fields whose cells are read (the index column is only used to spot example rows). ``holder`` is read when a
#: sheet has both a vendor column and an account holder column (alone, the holder column is the name).
FIELDS = ("name", "stall", "bank", "account", "trade", "phone", "market", "zone", "note", "card", "payload", "image",
          "status", "holder", "timestamp")
#: Every field a column can be told to feed (``--column "Tên trên app=holder"``); ``ignore`` leaves it out.
COLUMN_FIELDS = (*FIELDS, "index", "ignore")

# --------------------------------------------------------------------------------------------------
# Headers matched by their words, when no alias matches the whole header: "Chủ hộ kinh doanh",
# "STK hoặc số thẻ", "Chi nhánh ngân hàng", "Ki ốt/Sạp". Vietnamese puts the head word first ("Số tài khoản
# ngân hàng" is an account, "Ngân hàng mở tài khoản" a bank), so the phrase that starts earliest wins, the
# longer one on a tie. Phrases are word sequences on text.fold(); no phrase is a single common word.

_PHRASES: dict[str, tuple[str, ...]] = {
    "holder": ("chu tai khoan", "chu tk", "ten tai khoan", "ten tk", "dung ten", "ten tren app", "ten in tren",
               "ten tren ung dung", "ten hien thi", "account holder", "account name", "holder", "beneficiary",
               "nguoi thu huong", "ten thu huong"),
    "name": ("ho va ten", "ho ten", "chu ho", "tieu thuong", "nguoi ban", "chu quay", "chu kiot", "chu ki ot",
             "chu sap", "ho kinh doanh", "ho kd", "nguoi kinh doanh", "vendor", "full name"),
    "account": ("so tai khoan", "stk", "so tk", "tai khoan", "account", "acct"),
    "card": ("so the", "card"),
    "bank": ("ngan hang", "nh", "bank"),
    "stall": ("so quay", "quay", "kiot", "ki ot", "ky ot", "sap", "lo", "gian hang", "so gian", "so o", "o so",
              "vi tri", "stall", "booth", "kiosk"),
    "phone": ("dien thoai", "sdt", "so dt", "phone", "mobile", "zalo"),
    "status": ("trang thai", "tinh trang", "status"),
    "timestamp": ("dau thoi gian", "timestamp"),
    "note": ("ghi chu", "note", "remark"),
    "trade": ("nganh hang", "mat hang"),
}
_PHRASE_WORDS = sorted(((tuple(p.split()), f) for f, ps in _PHRASES.items() for p in ps), key=lambda x: -len(x[0]))
_WORD = re.compile(r"[a-z0-9]+")
#: The first words of titles and group titles ("DANH SÁCH TIỂU THƯƠNG …", "Thông tin tài khoản").
_NOT_HEADERS = {("danh", "sach"), ("thong", "tin"), ("bang", "ke"), ("bao", "cao"), ("tong", "hop")}


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
        for alias in _LONG_ALIASES:
            if k.startswith(alias):
                found = _ALIAS_TO_FIELD[alias]
                # "Số thẻ hoặc STK": one column for the account or the card is the account column
                return "account" if found == "card" and _by_words(label) == "account" else found
    return _by_words(label)


_LONG_ALIASES = sorted((a for a in _ALIAS_TO_FIELD if len(a) >= 5), key=len, reverse=True)


def _by_words(label: str) -> str | None:
    """The field whose phrase starts first among the header's words ("STK hoặc số thẻ" → account).

    A header naming both an account and a card is the account column: the
    account policy reads a card number typed there as a card.

    >>> _by_words("Chủ hộ kinh doanh"), _by_words("STK hoặc số thẻ"), _by_words("Chi nhánh ngân hàng")
    ('name', 'account', 'bank')
    """
    words = _WORD.findall(text.fold(label))
    if len(words) > 7 or tuple(words[:2]) in _NOT_HEADERS:  # a title or a group title, not a column's header
        return None
    best: tuple[int, int, str] | None = None
    for phrase, f in _PHRASE_WORDS:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                if best is None or (i, -n) < best[:2]:
                    best = (i, -n, f)
                break
    if best is None:
        return None
    found = best[2]
    if found == "card" and any(tuple(words[i:i + len(p)]) == p for p, f in _PHRASE_WORDS if f == "account"
                               for i in range(len(words))):
        return "account"
    return found


class Overrides:
    """``--column`` choices: a header text or a column letter → the field it feeds (``ignore`` or None: none).

    A header text is matched as typed (without accents, case and spaces); a
    left side that matches no header of the row is read as a column letter. A
    left side ``"Sheet!E"`` applies to that sheet only.
    """

    def __init__(self, columns: Mapping[str, str | None] | None = None) -> None:
        #: (sheet or None, left side as typed) → field
        self.entries: dict[tuple[str | None, str], str] = {}
        for left, f in (columns or {}).items():
            f = "ignore" if f is None else text.key(f)
            if f not in COLUMN_FIELDS:
                raise InputError("E-COLUMN-FIELD", field="column", value=f"{left}={f}", fields=list(COLUMN_FIELDS))
            sheet, bang, column = left.rpartition("!")
            self.entries[(sheet if bang else None, text.collapse(column if bang else left))] = f
        #: entries that named a header or a column of some sheet's header row
        self.used: set[tuple[str | None, str]] = set()
        self._sheet: str | None = None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def for_sheet(self, sheet: str) -> Overrides:
        """The choices that apply to ``sheet`` (marking them used marks them here too)."""
        view = Overrides()
        view.entries = {k: f for k, f in self.entries.items() if k[0] in (None, sheet)}
        view.used = self.used
        return view

    def fields(self, values: list) -> dict[int, str]:
        """0-based column → field chosen for this row of header cells."""
        if not self.entries:
            return {}
        keys = {text.key(v): i for i, v in reversed(list(enumerate(values))) if isinstance(v, str) and v.strip()}
        out: dict[int, str] = {}
        for (_sheet, left), f in self.entries.items():
            i = keys.get(text.key(left))
            if i is None and _LETTERS.match(left):
                i = _column_number(left) - 1
            if i is not None:
                out[i] = f
        return out

    def mark_used(self, values: list) -> None:
        keys = {text.key(v) for v in values if isinstance(v, str) and v.strip()}
        self.used |= {k for k in self.entries if text.key(k[1]) in keys or _LETTERS.match(k[1])}

    def unused(self) -> list[str]:
        """The left sides that named no header (nor column) of any sheet read, as typed."""
        return [f"{sheet}!{left}" if sheet else left for sheet, left in self.entries if (sheet, left) not in self.used]


_LETTERS = re.compile(r"^[A-Za-z]{1,2}$")


def _column_number(letters: str) -> int:
    """Excel letters → 1-based column number ("A" → 1, "AB" → 28)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n
NO_OVERRIDES = Overrides()


def fields_of(values: list, overrides: Overrides = NO_OVERRIDES) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    chosen = overrides.fields(values)
    for i, v in enumerate(values):
        f = chosen[i] if i in chosen else header_field(v)
        if f and f != "ignore":
            found.setdefault(f, []).append(i)
    for i, f in chosen.items():  # a column letter told to feed a field, past the last header cell
        if i >= len(values) and f != "ignore":
            found.setdefault(f, []).append(i)
    return found


def complete(found: dict[str, list[int]]) -> bool:
    names = set(found) | ({"name"} if "holder" in found else set())
    if "payload" in found:  # a "Mã QR" column says the bank and the account
        names |= {"bank", "account"}
    return all(f in names for f in REQUIRED)


def find_header(scan: list[tuple[int, list]], overrides: Overrides = NO_OVERRIDES
                ) -> tuple[int, dict[str, list[int]], list[Any]] | None:
    """The first row that names the required fields: (row number, field → indices, the header cells).

    A two-row header counts too: a group title row ("Thông tin tài khoản" over
    "Ngân hàng | Số tài khoản") whose other titles stand above, or are merged
    down onto, the row below. The header row is then the lower one.
    """
    row_no, values = scan[-1]
    found = fields_of(values, overrides)
    if complete(found) and _titled(values, found):
        return row_no, found, list(values)
    if len(scan) >= 2 and scan[-2][0] == row_no - 1:
        upper = scan[-2][1]
        merged = list(values) + [None] * max(0, len(upper) - len(values))
        for i, v in enumerate(upper):
            if header_field(merged[i]) is None and header_field(v) is not None:
                merged[i] = v
        found = fields_of(merged, overrides)
        if complete(found) and _titled(merged, found):
            return row_no, found, merged
    return None


def _titled(values: list, found: dict[str, list[int]]) -> bool:
    """Whether the required fields' columns carry a title in this row: a column told by its letter
    (``--column "E=account"``) names the field, not the row, so a title row above the table with one cell
    filled is not taken for the header because the letters complete it."""
    return all(any(i < len(values) and not _blank(values[i]) for i in found.get(f, ())) or f not in found
               for f in REQUIRED) and any(not _blank(v) for v in values)


def best_partial(scan: list[tuple[int, list]], overrides: Overrides = NO_OVERRIDES) -> tuple[list[str], list[str]]:
    """The row of a sheet without a header row that looks most like one: (the labels recognised, every label)."""
    best: tuple[list[str], list[str]] = ([], [])
    widest: list[str] = []  # without a recognised label: the row with the most cells (a summary's header)
    for _, values in scan:
        found = fields_of(values, overrides)
        labels = [str(values[i]).strip() for f, idx in found.items() if f in VENDOR_FIELDS for i in idx
                  if i < len(values)]
        shown = [text.collapse(str(v)) for v in values if not _blank(v)]
        if len(labels) > len(best[0]):
            best = (labels, shown)
        if len(shown) > len(widest):
            widest = shown
    return best if best[0] else ([], widest)


#: Fields that say a sheet lists vendors: a sheet without a header row that names two of them is not read,
#: and the volunteer is told so (never dropped silently).
VENDOR_FIELDS = ("name", "holder", "bank", "account", "card", "stall", "phone", "payload")


def looks_like_vendors(found_labels: list[str]) -> bool:
    """Whether a row of headers names two kinds of vendor data (a name and a bank, an account and a stall…);
    the two name columns count as one, so an instructions sheet ("Họ và tên | Tên chủ tài khoản, …") does not."""
    kinds = {"name" if f == "holder" else "account" if f == "card" else f for f in map(header_field, found_labels)}
    return len(kinds - {None}) >= 2


def missing(found_labels: list[str]) -> list[str]:
    """The required fields the labels do not name."""
    found = {header_field(v) for v in found_labels}
    if "holder" in found:
        found.add("name")
    return [f for f in REQUIRED if f not in found]


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# --------------------------------------------------------------------------------------------------
# the user's column choices (the page's "read as" select): they replace what the matching found

#: Column choices: ``{"E": "account", "G": None}`` (None: not read), a key ``"Sheet!E"`` for one sheet only.
Columns = Mapping[str, str | None]


def column_number(letters: str) -> int:
    """Excel letters to a 1-based column number; 0 for anything that is not column letters.

    >>> column_number("A"), column_number("ab"), column_number("XFD"), column_number("A1"), column_number("")
    (1, 28, 16384, 0, 0)
    """
    letters = letters.strip().upper()
    if not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return 0
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def choose(found: dict[str, list[int]], labels: dict[str, str], values: list, chosen: Columns, sheet: str) -> None:
    """Apply a user's column choices to what header matching ``found``: the chosen field is read from that column
    only. A choice naming an unknown field or column is a usage error; choices that leave a required field
    without a column make the sheet unreadable, as a header without it would."""
    for key, f in chosen.items():
        only, _, letters = key.rpartition("!")
        if only and only != sheet:
            continue
        number = column_number(letters)
        if not number or (f and f not in (*FIELDS, "holder", "index")):
            raise InputError("E-COLUMN-CHOICE", field="file", value=f"{key}={f or ''}")
        i = number - 1
        for idx in found.values():
            if i in idx:
                idx.remove(i)
        if f:
            found[f] = [i]
            typed = values[i] if i < len(values) else None
            labels[f] = str(typed).strip() if typed is not None and str(typed).strip() else text.column_letter(number)
    for f in [f for f, idx in found.items() if not idx]:
        del found[f]
        labels.pop(f, None)
    if not complete(found):
        raise InputError("E-SHEET-NO-HEADER", field="file", value=sheet,
                         found=[labels[f] for f in found if f in REQUIRED or f == "holder"])
