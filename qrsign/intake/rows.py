"""Which rows of a vendor table are not vendors, and why: one named rule per kind of row.

Ward lists carry rows that no volunteer can "fix" because they were never
vendors: blank lines, example rows, the column numbers under a header, the
header typed again, totals, section headings ("I. KHU THỰC PHẨM"), the signature
block, hidden and struck-through rows. Each kind is one predicate that returns
its reason or None; :class:`RowKinds` asks them in order and keeps the little
state a sheet carries from row to row (the current section, whether the
signature block has begun). The reasons are the keys of ``Table.skipped``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qrsign.core import text
from qrsign.intake.cells import SourceRow, cell_value, is_struck
from qrsign.intake.headers import header_field

#: A totals label ("Tổng cộng", "Tổng số: 25", "Cộng", "Total"), matched on text.fold(); a bare "tong"/"cong"
#: must stand alone, so names ("Tống Thị Lan", "Công Tằng Tôn Nữ …") and trades ("Tổng hợp") are not totals.
_TOTALS = re.compile(r"^(?:(?:sub|grand ?)?total\b|(?:tong|cong|sum)(?:$|\s*[:.,;(\-–]|\s*\d|\s*(?:cong|so)\b))")
#: "Cộng khu C: 3 hộ", "Tổng khu A", "Tổng số hộ": totals of a block.
_TOTALS_OF = re.compile(r"^(?:tong|cong)\s+(?:khu|day|cho|toan|so|cac|nhom)\b")
#: What the STT cell of an example row says, on text.key().
EXAMPLE = ("vidu", "vd", "example", "mau", "dongmau")
#: A section heading between blocks of vendors ("I. KHU THỰC PHẨM", "A. Hàng khô", "KHU A", "Dãy B"),
#: matched on text.fold().
_HEADING = re.compile(r"^(?:(?:[ivxlc]{1,5}|[a-z]|\d{1,2})[.)]\s+\S|(?:khu|day|zone|block|area|section|tang)\b)")
_ENUMERATOR = re.compile(r"^\s*(?:[IVXLCivxlc]{1,5}|[A-Za-z]|\d{1,2})[.)]\s+")
#: The signature block and place/date lines under a table, on text.fold().
_SIGNATURE = re.compile(
    r"^(?:nguoi lap|lap bieu|xac nhan|t\.?\s?m\.?\s|t/m\b|truong ban|pho (?:truong )?ban|ban quan ly|"
    r"thu truong|ke toan|chu tich|giam doc|can bo|\(?ky(?:,|\s+ten\b|\s+va\s+(?:ghi|dong)|\s+ghi)|\(ky\b|dong dau|"
    r"prepared by|approved by|signature)"
    r"|\bngay\b.{0,20}\bthang\b.{0,20}\bnam\b|^.{1,40},\s*ngay\b"
)
_COLUMN_NUMBER = re.compile(r"^\(?\s*(?:\d{1,2}|[A-Z])\s*\)?$")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(slots=True)
class Row:
    """One row as the predicates see it: every value, the values of the read fields, and the STT cell."""

    source: SourceRow
    values: list[Any]
    relevant: dict[str, Any]  # field → value, for the fields whose cells are read
    index: Any  # the STT cell's value (None without an STT column)

    @property
    def number(self) -> int:
        return self.source.row


class RowKinds:
    """Tells, row after row of one table, which rows are not vendors (:meth:`kind`) and the current section.

    ``columns`` maps fields to 0-based indices, ``header_keys`` are the header
    labels on text.key(), ``across`` the (row, 0-based column) of merges that
    span columns (a heading typed across the table).
    """

    def __init__(self, columns: dict[str, int], header_keys: set[str], across: set[tuple[int, int]], *,
                 include_hidden: bool = False) -> None:
        self.columns = columns
        self.header_keys = header_keys
        self.across = across
        self.index_col = columns.get("index")
        self.zone_from_headings = "zone" not in columns
        self.include_hidden = include_hidden
        #: the section the rows are in ("KHU A"), from the last section heading
        self.zone: str | None = None
        self.footer = False
        self.since_header = 0

    def kind(self, row: Row) -> str | None:
        """Why ``row`` is not a vendor ("blank", "section", "totals", …), or None for a vendor row."""
        self.since_header += 1
        for rule in _RULES:
            reason = rule(self, row)
            if reason is not None:
                return reason
        return None

    def heading(self, row: Row) -> str | None:
        """The row's section heading, which becomes the current zone when the sheet has no zone column."""
        heading = section_heading(row.values, row.number, self.index_col, self.across)
        if heading is not None and self.zone_from_headings:
            self.zone = heading
        return heading


# --------------------------------------------------------------------------------------------------
# The rules, in the order they are asked. Each returns its reason or None.


def _empty(kinds: RowKinds, row: Row) -> str | None:
    """Nothing in the read columns: a heading typed in the STT column ("I. KHU …") or a blank row."""
    if not all(is_blank(v) for v in row.relevant.values()):
        return None
    return "section" if kinds.heading(row) is not None else "blank"


def _example(kinds: RowKinds, row: Row) -> str | None:
    """The example row of a form ("Ví dụ" in the STT column)."""
    index = row.index
    if kinds.index_col is not None and isinstance(index, str) and text.key(index) in EXAMPLE:
        return "example"
    return None


def _column_numbers(kinds: RowKinds, row: Row) -> str | None:
    """"(1) (2) (3)" right under the header."""
    return "header" if kinds.since_header <= 2 and is_column_numbers(row.relevant) else None


def _header_again(kinds: RowKinds, row: Row) -> str | None:
    """The header again, or an English header under the Vietnamese one."""
    return "header" if is_repeated_header(row.relevant, kinds.header_keys) else None


def _totals(_kinds: RowKinds, row: Row) -> str | None:
    return "totals" if is_blank(row.relevant.get("bank")) and is_totals(row.values, row.relevant) else None


def _signature(kinds: RowKinds, row: Row) -> str | None:
    """The signature block: from its first line, the names typed under it (in any column) are signers.

    A signature line has no account and no stall ("Kế Toàn" at stall 1 who
    lost her account is a vendor); a row with an account or a stall ends it.
    """
    relevant = row.relevant
    if is_blank(relevant.get("account")) and is_blank(relevant.get("stall")) and (
            kinds.footer or any(isinstance(v, str) and _SIGNATURE.search(text.fold(v)) for v in row.values)):
        kinds.footer = True
        return "signature"
    kinds.footer = False
    return None


def _section(kinds: RowKinds, row: Row) -> str | None:
    """A section heading with no bank and no account ("KHU A" merged across the table)."""
    if is_blank(row.relevant.get("account")) and is_blank(row.relevant.get("bank")) \
            and kinds.heading(row) is not None:
        return "section"
    return None


def _hidden_or_struck(kinds: RowKinds, row: Row) -> str | None:
    return None if kinds.include_hidden else left_out(row.source, kinds.columns)


_RULES: tuple[Callable[[RowKinds, Row], str | None], ...] = (
    _empty, _example, _column_numbers, _header_again, _totals, _signature, _section, _hidden_or_struck,
)


# --------------------------------------------------------------------------------------------------
# The tests behind the rules


def left_out(srow: SourceRow, columns: dict[str, int]) -> str | None:
    """"hidden" for a hidden or filtered-out row, "struck" when the name or account is struck through."""
    if srow.hidden:
        return "hidden"
    for f in ("name", "account"):
        i = columns.get(f)
        if i is not None and i < len(srow.cells) and not is_blank(cell_value(srow.cells[i])) \
                and is_struck(srow.cells[i]):
            return "struck"
    return None


def is_column_numbers(relevant: dict) -> bool:
    """A row of column numbers ("(1) (2) (3)", "1 2 3", "A B C") under the header."""
    shown = [v for v in relevant.values() if not is_blank(v)]
    if len(shown) < 3:
        return False
    out = []
    for v in shown:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer() and 0 <= v < 100:
            out.append(str(int(v)))
        elif isinstance(v, str) and _COLUMN_NUMBER.match(v.strip()):
            out.append(v)
        else:
            return False
    return True


def is_repeated_header(relevant: dict, header_keys: set[str]) -> bool:
    """The header again further down, or an English header under the Vietnamese one: its account cell is a label."""
    account = relevant.get("account")
    if not isinstance(account, str):
        return False
    if text.key(account) not in header_keys and (  # real accounts have digits: skip the slower alias lookup
            any(ch.isdigit() for ch in account) or header_field(account) != "account"):
        return False
    return sum(header_field(v) is not None for v in relevant.values()) >= 3


def section_heading(values: list, row_no: int, index_col: int | None, across: set[tuple[int, int]]) -> str | None:
    """The text of a section heading row ("KHU A", "I. KHU THỰC PHẨM"), or None.

    One cell with text (an enumerator in the STT column aside), typed across
    merged columns or shaped like a heading: a vendor row that lost its bank
    and account has a name *and* a stall, and stays a rejected row.
    """
    shown = [(i, v) for i, v in enumerate(values) if not is_blank(v)]
    if index_col is not None and len(shown) == 2 and shown[0][0] == index_col \
            and isinstance(shown[0][1], str) and _COLUMN_NUMBER.match(shown[0][1].strip().rstrip(".")):
        shown = shown[1:]
    if len(shown) != 1 or not isinstance(shown[0][1], str):
        return None
    i, v = shown[0]
    label = text.collapse(v)
    if len(label) > 80:
        return None
    if (row_no, i) in across or _HEADING.match(text.fold(label)):
        return _ENUMERATOR.sub("", label).strip(" :-–") or label
    return None


def is_totals(values: list, relevant: dict) -> bool:
    """A totals row: a totals label, no bank, and no account (or a count/sum typed in the account column)."""
    account = relevant.get("account")
    count = isinstance(account, (int, float)) and not isinstance(account, bool) or (
        isinstance(account, str) and account.strip().isdigit() and len(account.strip()) <= 5)
    if not (is_blank(account) or count) or not is_blank(relevant.get("bank")):
        return False
    if any(isinstance(v, str) and _TOTALS.match(text.fold(v)) for v in values):
        return True
    # "Cộng khu C: 3 hộ": only without a stall, so a vendor named "Công Toàn" at stall 3 stays a vendor
    return is_blank(relevant.get("stall")) and any(isinstance(v, str) and _TOTALS_OF.match(text.fold(v))
                                                   for v in values)
