"""Tests for mutants of the core rules that survived mutmut (``qrsign/core/account.py``, ``qrsign/core/vietqr.py``).

Each case is a rule a volunteer's file exercises: the digits Excel shows for an account typed as a number
under a custom format (a wrong digit there is a wrong account), and a merchant code's initiation method.
"""

from __future__ import annotations

import pytest
from qr14 import TAIL, finish, napas, t

from qrsign.core import account, vietqr
from qrsign.errors import DataError


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (123, "0000000000;-0000000000;0", "0000000123"),  # the first section is for positive numbers
    (12, '"0"##"9"', "0129"),  # two quoted literals, each closed by its own quote
    (5, '"12"0000', "120005"),  # a literal of two digits, and every placeholder after it
    (5, '""0000', "0005"),  # an empty literal
    (5, "\\10000", "10005"),  # an escaped digit, then every placeholder
    (5, "X0000", None),  # a letter is not a digit mask
    (352350917, "\\0#########", "0352350917"),  # an escaped zero is a literal digit
    (12345, "#####\\0", "123450"),  # … also as the last character
    (12345, "#####\\", None),  # a lone backslash at the end is not a digit mask
    (123, "[Red]0000000000", "0000000123"),  # a colour or condition is skipped
    (123, "[Red0000", None),
    (123, '"abc', None),  # an unterminated literal
    (1234567, "000", "1234567"),  # digits beyond the mask are kept, never cut
    (123456789, "(000) 000-0000", "0123456789"),
    (5, "  0000  ", "0005"),
    (5, "@", None),
    (5, "", None),
])
def test_format_digits_reads_excel_masks(value, fmt, shown):
    assert account.format_digits(value, fmt) == shown


MERCHANT_BODY = napas("970415", "MC0012345678", "QRPUSH") + t("52", "5411") + TAIL + t("59", "TAP HOA CO BA")


@pytest.mark.parametrize(("initiation", "static"), [("11", True), ("12", False)])
def test_a_merchant_codes_initiation_method_is_read(initiation, static):
    s = vietqr.scan(finish(t("00", "01") + t("01", initiation) + MERCHANT_BODY))
    assert (s.kind, s.static) == ("VIETQRPay", static)


def test_a_merchant_code_without_initiation_method_is_neither_static_nor_dynamic():
    s = vietqr.scan(finish(t("00", "01") + MERCHANT_BODY))
    assert (s.kind, s.static) == ("VIETQRPay", None)


def test_a_merchant_code_with_an_unknown_initiation_method_is_refused():
    with pytest.raises(DataError) as exc:
        vietqr.scan(finish(t("00", "01") + t("01", "13") + MERCHANT_BODY))
    assert (exc.value.code, exc.value.field, exc.value.value) == ("E-PAYLOAD-INITIATION", "01", "13")
