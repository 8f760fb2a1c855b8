"""Issue 13: one rule for printable text, computed from the template's placeholders.

``check``, ``check_file()`` and ``build`` must agree for every template: a custom
template printing ``{trade}`` makes an emoji in the trade an error that names
the row, instead of a build that fails with zero files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qrsign
from qrsign.render import layout, rules
from qrsign.render.rules import check_file

from conftest import make_workbook, run_cli

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản"]
ROWS = [
    [1, "Đỗ Thị Lan", "12", "Cá 🐟", "ACB", "257678859"],
    [2, "Trần Văn Nam", "13", "Rau", "MB", "0352350917"],
]
BUILTIN = Path(layout.__file__).resolve().parents[2] / "templates" / "a4-treo.toml"


@pytest.fixture
def trade_template(tmp_path) -> Path:
    """a4-treo with the trade printed under the name."""
    text = BUILTIN.read_text(encoding="utf-8").replace('text = "{name}"', 'text = "{name} {trade}"', 1)
    assert "{trade}" in text
    path = tmp_path / "co-nganh.toml"
    path.write_text(text.replace('name = "a4-treo"', 'name = "co-nganh"'), encoding="utf-8")
    return path


@pytest.fixture
def sheet(tmp_path) -> Path:
    return make_workbook(tmp_path / "s.xlsx", {"Chợ": [HEADER, *ROWS]})


def test_printed_fields_come_from_the_placeholders(trade_template):
    assert "trade" in rules.printed_fields(str(trade_template), checklist=False)
    assert "trade" not in rules.printed_fields(layout.DEFAULT, checklist=False)
    # the checklist prints the zone: built beside the signs by default, so the zone counts then
    assert "zone" in rules.printed_fields(layout.DEFAULT)
    assert "zone" not in rules.printed_fields(layout.DEFAULT, checklist=False)
    # every built-in template checks at least the fields the old fixed list checked (minus the zone)
    for name in layout.builtin_names():
        assert {"stall", "market"} <= set(rules.printed_fields(name))


def test_check_file_with_the_template_reports_the_row(sheet, trade_template):
    plain = check_file(sheet)
    assert plain.errors == [] and len(plain.vendors) == 2
    result = check_file(sheet, template=str(trade_template))
    assert [(p.code, p.row, p.column, p.field) for p in result.errors] == [("E-GLYPH-MISSING", 2, "D", "trade")]
    assert [vr.row for vr in result.vendors] == [3]
    assert qrsign.check_file(sheet, template=str(trade_template)).to_dict() == result.to_dict()


def test_check_command_with_template(sheet, trade_template):
    run = run_cli("check", sheet, "--json", "--lang", "en")
    assert run.code == 0
    run = run_cli("check", sheet, "--template", trade_template, "--json", "--lang", "en")
    assert run.code == 1
    problem = run.json()["problems"][0]
    assert (problem["code"], problem["row"], problem["column"]) == ("E-GLYPH-MISSING", 2, "D")
    assert "U+1F41F" in problem["message"]


def test_build_names_the_row_and_builds_the_others(sheet, trade_template, tmp_path):
    out = tmp_path / "out"
    run = run_cli("build", sheet, "-o", out, "-t", trade_template, "--json", "--lang", "en", "-j", "1",
                  "--date", "2026-01-15")
    assert run.code == 1, run.err
    data = run.json()
    assert [(p["code"], p["row"]) for p in data["problems"]] == [("E-GLYPH-MISSING", 2)]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [s["row"] for s in manifest["signs"]] == [3]
    # and check with the same template said the same
    checked = run_cli("check", sheet, "--template", trade_template, "--json", "--lang", "en").json()
    assert [(p["code"], p["row"]) for p in checked["problems"]] == [("E-GLYPH-MISSING", 2)]


def test_check_with_an_unknown_template_is_a_usage_error(sheet):
    run = run_cli("check", sheet, "--template", "khong-co", "--lang", "en")
    assert run.code == 2


def test_holder_is_not_reported_twice():
    from qrsign.models import make_vendor

    vendor = make_vendor(name="Trần Văn Nam", bank_bin="MB", account="0352350917", stall="1 🐟", market="Chợ")
    assert list(rules.unprintable(vendor, rules.printed_fields())) == ["stall"]


@pytest.mark.parametrize(("text", "missing"), [
    ("Quầy A-12", []), ("Cho Dong Xa", []), ("A\tB\n", []),
    ("AB\x01", ["U+0001 '\x01'"]), ("AB\x7f", ["U+007F '\x7f'"]),  # ASCII, yet no glyph: the fast path must not pass it
    ("𝓐 x", ["U+1D4D0 '𝓐'"]),
    ("Nguyễn Thị Hường", []), ("Hường \u200b𝓐", ["U+200B '\u200b'", "U+1D4D0 '𝓐'"]),  # not ASCII: every character
])
def test_missing_glyphs_asks_every_character_of_text_that_is_not_plain_ascii(text, missing):
    from qrsign.render import fonts

    assert fonts.missing_glyphs(text) == missing
    assert fonts.missing_glyphs(text) == missing  # the remembered answer is the same, and a fresh list
    fonts.missing_glyphs(text).append("x")
    assert fonts.missing_glyphs(text) == missing
