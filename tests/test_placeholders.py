"""One table of template placeholders (qrsign.render.placeholders): the loader, the planner and the printability
rule agree on it, and no placeholder a template may use prints blank because the planner forgot it."""

from __future__ import annotations

import pytest

from qrsign.intake.check import VendorRow
from qrsign.models import make_vendor
from qrsign.render import layout, planning, rules
from qrsign.render.placeholders import ITEM_FIELDS, PAGE_FIELDS, PLACEHOLDER_FIELDS, PLACEHOLDERS

FULL = dict(name="Nguyễn Thị Hường", bank_bin="970436", account="0011004567891", stall="A01", market="Chợ Đồng Xa",
            zone="Khu A", trade="Rau củ", image="A01.png")


def _row(**changes) -> VendorRow:
    return VendorRow(make_vendor(**{**FULL, **changes}), "test", 2)


def test_the_planner_computes_every_cell_placeholder_and_no_other():
    assert set(planning.item_fields(_row(), "15/01/2026")) == ITEM_FIELDS


@pytest.mark.parametrize("name", sorted(ITEM_FIELDS))
def test_no_cell_placeholder_prints_blank_for_a_full_row(name):
    fields = planning.item_fields(_row(), "15/01/2026")
    if name == "qr_origin":  # only a payload taken from a picture or the sheet has an origin to name
        row = VendorRow(make_vendor(**{**FULL, "qr_payload": _row().vendor.payload, "qr_source": "imported"}),
                        "test", 2)
        fields = planning.item_fields(row, "15/01/2026")
    assert fields[name].strip(), name


def test_placeholders_that_must_be_there_print_for_a_minimal_row():
    fields = planning.item_fields(VendorRow(make_vendor(name="Lê Văn Tám", bank_bin="970422", account="0352350917"),
                                            "test", 2), "15/01/2026")
    blank = [p.name for p in PLACEHOLDERS.values() if p.item and p.always and not fields[p.name].strip()]
    assert blank == []


@pytest.mark.parametrize("template", layout.builtin_names())
def test_every_placeholder_of_a_shipped_template_is_in_the_table_and_prints(template):
    tpl = layout.load(template)
    rows = [_row(), _row(account="0011004567892", stall="A02")]
    pages = planning.pages_for(tpl, rows, "15/01/2026", "Chợ Đồng Xa")
    for box in tpl.cell_boxes:
        for name in box.placeholders:
            assert name in ITEM_FIELDS, (template, name)
            if name != "qr_origin":
                assert all(item.fields[name].strip() for page in pages for item in page.items), (template, name)
    for box in tpl.page_boxes:
        for name in box.placeholders:
            assert name in PAGE_FIELDS, (template, name)
            assert all(page.page_fields[name].strip() for page in pages), (template, name)


def test_the_printability_rule_reads_the_same_table():
    assert rules.PLACEHOLDER_FIELDS is PLACEHOLDER_FIELDS
    assert layout.ITEM_FIELDS is ITEM_FIELDS and layout.PAGE_FIELDS is PAGE_FIELDS
