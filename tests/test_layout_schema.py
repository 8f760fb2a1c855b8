"""Issue 13: template files are checked by pydantic models (``qrsign/layout_schema.py``) with the same results.

Every case below was run against the hand-written checks before the change: the
accepted ones are accepted, the refused ones refused with the same text. The
one deliberate difference: ``x = true`` was taken for 1 and is now "must be a
number"; wrong types the old checks missed (``text = 5``, ``lines = "2"``) used
to crash and are now refused with a message.
"""

from __future__ import annotations

import copy

import pytest

from qrsign.errors import InputError
from qrsign.render import layout

BASE = {"name": "t", "page": "A6", "cell": {"size": [105, 148], "box": [
    {"kind": "qr", "x": 20, "y": 20, "w": 60, "h": 60},
    {"kind": "text", "text": "{holder}", "x": 10, "y": 100, "w": 80, "h": 10},
]}}


def with_box(i, **kw):
    d = copy.deepcopy(BASE)
    b = d["cell"]["box"][i]
    for k, v in kw.items():
        if v is ...:
            b.pop(k, None)
        else:
            b[k] = v
    return d


def with_top(**kw):
    d = copy.deepcopy(BASE)
    for k, v in kw.items():
        if v is ...:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def with_cell(**kw):
    d = copy.deepcopy(BASE)
    for k, v in kw.items():
        if v is ...:
            d["cell"].pop(k, None)
        else:
            d["cell"][k] = v
    return d



CASES = [
    ('base', BASE, None),
    ('unknown1', with_box(1, colour="#000000"), "cell.box[1]: unknown keys ['colour']"),
    ('unknown2', with_box(1, colour="#000000", zz=1), "cell.box[1]: unknown keys ['colour', 'zz']"),
    ('unknown_and_badkind', with_box(1, colour="#000000", kind="circle"), "cell.box[1]: unknown keys ['colour']"),
    ('nokind', with_box(1, kind=...), "cell.box[1]: kind must be one of ('text', 'qr', 'rect', 'line', 'logo'), got None"),
    ('badkind', with_box(1, kind="circle"), "cell.box[1]: kind must be one of ('text', 'qr', 'rect', 'line', 'logo'), got 'circle'"),
    ('kind_int', with_box(1, kind=3), "cell.box[1]: kind must be one of ('text', 'qr', 'rect', 'line', 'logo'), got 3"),
    ('missing_y', with_box(1, y=...), "cell.box[1]: Box.__init__() missing 1 required positional argument: 'y'"),
    ('missing_xwh', with_box(0, x=..., w=..., h=...), "cell.box[0]: Box.__init__() missing 3 required positional arguments: 'x', 'w', and 'h'"),
    ('x_str', with_box(1, x="10"), 'cell.box[1]: x must be a number'),
    ('size_str', with_box(1, size="12"), 'cell.box[1]: size must be a number'),
    ('minsize_str', with_box(1, min_size="5"), 'cell.box[1]: min_size must be a number'),
    ('stroke_width_str', with_box(1, stroke_width="1"), 'cell.box[1]: stroke_width must be a number'),
    ('x_bool', with_box(1, x=True), 'cell.box[1]: x must be a number'),
    ('x_float', with_box(1, x=10.5), None),
    ('w_zero', with_box(1, w=0), 'cell.box[1]: width and height must be positive'),
    ('h_neg', with_box(1, h=-1), 'cell.box[1]: width and height must be positive'),
    ('line_h0', with_box(1, kind="line", h=0, text=""), None),
    ('line_wneg', with_box(1, kind="line", w=-1, text=""), 'cell.box[1]: width and height must be positive'),
    ('qr_not_square', with_box(0, h=61), 'cell.box[0]: a QR box must be square'),
    ('font_bad', with_box(1, font="italic"), "cell.box[1]: font must be one of ('regular', 'medium', 'bold', 'extrabold')"),
    ('align_bad', with_box(1, align="justify"), "cell.box[1]: align must be one of ('left', 'center', 'right')"),
    ('minsize_gt', with_box(1, min_size=20), 'cell.box[1]: min_size must be ≤ size and lines ≥ 1'),
    ('lines0', with_box(1, lines=0), 'cell.box[1]: min_size must be ≤ size and lines ≥ 1'),
    ('color_bad', with_box(1, color="red"), "cell.box[1]: color 'red' is not a #RRGGBB colour"),
    ('fill_bad', with_box(1, kind="rect", fill="#12345", text=""), "cell.box[1]: fill '#12345' is not a #RRGGBB colour"),
    ('stroke_bad', with_box(1, kind="rect", stroke="#GGGGGG", text=""), "cell.box[1]: stroke '#GGGGGG' is not a #RRGGBB colour"),
    ('color_lower', with_box(1, color="#abcdef"), None),
    ('fill_none_ok', with_box(1, kind="rect", fill="#ffffff", stroke="#000000", radius=2, dash=True, text=""), None),
    ('logo_ok', with_box(1, kind="logo", name="left", text=""), None),
    ('badpage', with_top(page="B5"), "page must be one of ['A3', 'A4', 'A5', 'A6'] or [width, height] in mm"),
    ('page_lower', with_top(page="a5"), None),
    ('page_list', with_top(page=[100, 150]), None),
    ('page_bad_list', with_top(page=[100]), 'page must be a name or [width, height] in mm'),
    ('page_str_list', with_top(page=["a", "b"]), 'page must be a name or [width, height] in mm'),
    ('landscape', with_top(landscape=True), 'a text box at (10, 100) mm is outside the 5 mm safe margin'),
    ('badkind_top', with_top(kind="poster"), "kind must be one of ('sign', 'checklist', 'combined')"),
    ('checklist_kind', with_top(kind="checklist"), None),
    ('min_module', with_top(min_module_mm=0.4, safe_margin_mm=3, description="d", description_en="e"), None),
    ('logos', with_top(logos={"left": "x.png"}), None),
    ('positions', with_cell(positions=[[0, 0]]), None),
    ('positions_bad', with_cell(positions=[[0]]), 'cell.positions: positions must be a list of [x, y] pairs'),
    ('positions_str', with_cell(positions="x"), 'cell.positions: positions must be a list of [x, y] pairs'),
    ('positions_empty', with_cell(positions=[]), 'cell.positions: at least one position is needed'),
    ('positions_nums', with_cell(positions=[["1", "2"]]), None),
    ('cut_marks', with_cell(cut_marks=1), None),
    ('combined_ok', {**with_top(kind="combined"), "cell": {**BASE["cell"], "positions_by_count": {"1": [[0, 0]]}}}, None),
    ('combined_count', {**with_top(kind="combined"), "cell": {**BASE["cell"], "positions_by_count": {"1": [[0, 0], [1, 1]]}}}, 'cell.positions_by_count.1 must list 1 positions'),
    ('combined_gap', {**with_top(kind="combined"), "cell": {**BASE["cell"], "positions_by_count": {"2": [[0, 0], [0, 0]]}}}, 'cell.positions_by_count needs entries 1, 2, … without gaps'),
    ('combined_none', {**with_top(kind="combined")}, None),
    ('no_qr', {**BASE, "cell": {"size": [105, 148], "box": [BASE["cell"]["box"][1]]}}, 'the cell needs exactly one qr box'),
    ('page_qr', {**BASE, "page_layout": {"box": [{"kind": "qr", "x": 20, "y": 20, "w": 10, "h": 10}]}}, 'QR boxes belong in the cell, not on the page layout'),
    ('page_box_unknown', {**BASE, "page_layout": {"box": [{"kind": "text", "text": "{page}", "x": 20, "y": 5, "w": 10, "h": 10, "q": 1}]}}, "page.box[0]: unknown keys ['q']"),
    ('placeholder_bad', with_box(1, text="{nope}"), "unknown placeholders ['nope'] in “{nope}”"),
    ('outside_cell', with_box(1, x=100), 'a text box at (100, 100) does not fit in the 105.0×148.0 mm cell'),
    ('outside_margin', with_box(1, x=1), 'a text box at (1, 100) mm is outside the 5 mm safe margin'),
    ('overlap', with_box(1, y=50), 'a text box at (10, 50) mm overlaps a QR box and its quiet zone'),
    ('background_overlap', with_box(1, kind="rect", y=50, background=True, text=""), None),
    ('cell_no_size', with_cell(size=...), None),
]


@pytest.mark.parametrize(("key", "data", "detail"), CASES, ids=[c[0] for c in CASES])
def test_same_accept_refuse_and_message(key, data, detail):
    if detail is None:
        assert layout.parse(copy.deepcopy(data), "t").name == "t"
        return
    with pytest.raises(InputError) as info:
        layout.parse(copy.deepcopy(data), "t")
    assert info.value.code == "E-TEMPLATE-INVALID"
    assert info.value.params["detail"] == detail


@pytest.mark.parametrize(("change", "detail"), [
    ({"text": 5}, "cell.box[1]: text: Input should be a valid string"),
    ({"lines": "2"}, "cell.box[1]: lines: Input should be a valid integer"),
    ({"leading": "x"}, "cell.box[1]: leading must be a number"),
    ({"dash": "maybe"}, "cell.box[1]: dash: Input should be a valid boolean, unable to interpret input"),
])
def test_types_the_old_checks_missed_are_refused(change, detail):
    with pytest.raises(InputError) as info:
        layout.parse(with_box(1, **change), "t")
    assert info.value.params["detail"] == detail


def test_a_bad_cell_size_is_a_message_not_a_crash():
    with pytest.raises(InputError) as info:
        layout.parse(with_cell(size="x"), "t")
    assert info.value.params["detail"] == "cell.size must be [width, height] in mm"


def test_builtin_boxes_keep_their_values_and_types():
    t = layout.load("a4-treo")
    qr = t.qr_box
    assert type(qr.x) in (int, float) and qr.kind == "qr" and qr.w == qr.h
