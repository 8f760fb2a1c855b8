"""The public API (`qrsign.__all__`, functions in `qrsign.api`): one API under the CLI and the web page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import os
import pathlib
import subprocess
import sys
import types
from pathlib import Path

import pytest

import qrsign

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cho-mau.csv"


def test_every_name_in_all_resolves():
    for name in qrsign.__all__:
        assert getattr(qrsign, name) is not None, name
    assert set(qrsign.__all__) <= set(dir(qrsign))


def test_import_is_cheap_and_help_shows_the_api():
    code = ("import sys, qrsign; heavy = [m for m in ('openpyxl', 'reportlab', 'pypdfium2', 'pydantic', 'zxingcpp')"
            " if m in sys.modules]; print(heavy)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "[]"
    doc = subprocess.run([sys.executable, "-c", "import qrsign; help(qrsign)"], capture_output=True, text=True,
                         env={**env, "PAGER": "cat", "TERM": "dumb"}, check=True).stdout
    for name in ("encode(", "decode(", "find_bank(", "check_file(", "build(", "verify(", ":class:`BuildOptions`",
                 ":class:`Verification`", ":class:`QrsignError`"):
        assert name in doc, name


def test_no_public_name_is_shadowed_by_a_subpackage():
    """Every layer is a subpackage; importing them all leaves each name of ``__all__`` what the API says it is."""
    import pkgutil

    for info in pkgutil.walk_packages(qrsign.__path__, "qrsign."):
        if info.name.startswith("qrsign.cli.__main__"):
            continue
        importlib.import_module(info.name)
    for name in qrsign.__all__:
        assert not isinstance(getattr(qrsign, name), types.ModuleType), name
    assert callable(qrsign.verify) and callable(qrsign.build)
    assert qrsign.verify.__module__ == qrsign.build.__module__ == "qrsign.api"
    import qrsign.proof.verify as verify_module

    assert isinstance(verify_module, types.ModuleType)
    assert verify_module.Verification is qrsign.Verification


def test_encode_decode_round_trip_and_errors():
    payload = qrsign.encode("Vietcombank", "0011.0123.4567-8", amount=50000, purpose="Quầy 12")
    p = qrsign.decode(payload)
    assert (p.bin, p.account, p.amount, p.purpose, p.static) == ("970436", "0011012345678", 50000, "QUAY 12", False)
    with pytest.raises(qrsign.UnknownBank):
        qrsign.encode("khong co", "123")
    with pytest.raises(qrsign.DataError):
        qrsign.decode(payload[:-1] + ("0" if payload[-1] != "0" else "1"))


def test_build_does_not_change_the_options(tmp_path):
    options = qrsign.BuildOptions(template="a4-nhieu-tk", jobs=1, checklist=False, date=dt.date(2026, 1, 15))
    before = dataclasses.asdict(options)
    result = qrsign.build(EXAMPLE, tmp_path / "out", options)
    assert dataclasses.asdict(options) == before  # the pipeline sets combine on its own copy
    assert result.manifest["combine"] is True and result.exit_code == 0
    assert isinstance(result, qrsign.BuildResult) and isinstance(result.check, qrsign.CheckResult)


@pytest.mark.parametrize("date", ["2026-01-15", 20260115])
def test_build_says_at_once_that_a_date_must_be_a_date(tmp_path, date):
    """A date typed as text reached the planner and failed there as an AttributeError, after the sheet was read."""
    with pytest.raises(TypeError, match=r"date must be a datetime\.date"):
        qrsign.build(EXAMPLE, tmp_path / "out", jobs=1, date=date)
    assert not (tmp_path / "out").exists()
    assert qrsign.BuildOptions(date=dt.datetime(2026, 1, 15, 8, 0)).date.year == 2026  # a datetime is a date


def test_a_too_long_market_is_refused_not_copied_unchecked(tmp_path):
    from conftest import run_cli

    long_market = "Chợ " + "x" * 319  # 323 characters, the model allows 60
    for args in (["check", EXAMPLE], ["build", EXAMPLE, "-o", tmp_path / "out", "-j", "1"]):
        run = run_cli(*args, "--market", long_market, "--lang", "en", "--json")
        assert run.code == 2, (args, run.out, run.err)
        error = run.json()["error"]
        assert (error["code"], error["field"]) == ("E-TEXT-LEN", "market")
        assert "60" in error["message"]
    with pytest.raises(qrsign.InputError):
        qrsign.check_file(EXAMPLE, market=long_market)
    ok = qrsign.check_file(EXAMPLE, market="Chợ Đồng Xa")
    assert {vr.vendor.market for vr in ok.vendors} == {"Chợ Đồng Xa"}


def test_one_column_letter_helper():
    from qrsign.core import text
    from qrsign.intake import sheet
    from qrsign.workbooks import report, starter

    assert [sheet._letter(i) for i in (0, 25, 26)] == ["A", "Z", "AA"]
    assert starter._letter is text.column_letter
    assert report.column_letter is text.column_letter


# --------------------------------------------------------------------------------------------------
# one public API under both faces: every command has a function, typed results, the CLI's JSON is the API's

#: Every CLI command and the API functions it calls (a new command without one fails here).
COMMANDS = {
    "serve": (),  # the page is a face over the other functions, not a function itself
    "payload": ("encode", "decode", "payload_warnings", "find_bank", "parse_account"),
    "decode": ("scan", "bank_by_bin"),
    "banks": ("banks",),
    "check": ("check_file", "check_summary", "write_check_report"),
    "build": ("build", "logo_slots", "load_manifest", "verify"),
    "make": ("make", "parse_account", "parse_name", "logo_slots"),
    "templates": ("templates",),
    "templates preview": ("preview_template",),
    "init": ("write_starter",),
    "import": ("import_images", "write_import_workbook"),
    "verify": ("verify", "is_patrol", "patrol", "write_patrol_sheet"),
    "diff": ("diff",),
    "report": ("report",),
}


def test_every_command_has_an_api_function():
    import click

    from qrsign.cli.main import main

    names = set()
    for name, command in main.commands.items():
        names.add(name)
        if isinstance(command, click.Group):
            names.update(f"{name} {sub}" for sub in command.commands)
    assert names == set(COMMANDS)
    for functions in COMMANDS.values():
        for f in functions:
            assert f in qrsign.__all__ and callable(getattr(qrsign, f)), f
            assert getattr(qrsign, f).__module__ == "qrsign.api", f
    for f in qrsign.__all__:
        if f[0].islower() and f != "__version__":
            assert ">>> " in (getattr(qrsign, f).__doc__ or ""), f"{f} has no example"


def _imports_of(path: Path) -> set[str]:
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def test_the_cli_imports_only_the_public_api():
    """What the import-linter contract says, checked fast: a face imports api, messages, errors, _version,
    _compat and its own modules — never a layer below."""
    allowed = ("qrsign.api", "qrsign.messages", "qrsign.errors", "qrsign._version", "qrsign._compat", "qrsign.cli")
    for path in sorted((ROOT / "qrsign" / "cli").glob("*.py")):
        for name in _imports_of(path):
            if name.startswith("qrsign.web") and path.name == "serve.py":
                continue  # `qrsign serve` starts the other face, the page
            if name.startswith("qrsign"):
                assert name in ("qrsign.api", "qrsign.messages") or name.startswith(allowed), (path.name, name)


def test_each_function_returns_its_typed_result(tmp_path):
    from qrsign.building.manifest import Manifest, SignEntry

    check = qrsign.check_file(EXAMPLE)
    assert isinstance(check, qrsign.CheckResult) and isinstance(check.vendors[0], qrsign.VendorRow)
    assert qrsign.check_summary(check)["vendors"] == 12
    built = qrsign.build(EXAMPLE, tmp_path / "bien", template="a6-de-ban", jobs=1, formats=("png",),
                         date=dt.date(2026, 1, 15))
    assert isinstance(built, qrsign.BuildResult) and built.manifest["template"] == "a6-de-ban"
    assert set(built.manifest) <= set(Manifest.__annotations__) | {"signs"}
    assert set(built.manifest["signs"][0]) <= set(SignEntry.__annotations__)
    loaded = qrsign.load_manifest(tmp_path / "bien")
    assert loaded["signs"] == json.loads(json.dumps(built.manifest["signs"]))
    verification = qrsign.verify(tmp_path / "bien", jobs=1)
    assert isinstance(verification, qrsign.Verification) and verification.ok
    photos = tmp_path / "bien" / "cho-mau" / "qr"
    assert qrsign.is_patrol(photos, tmp_path / "bien") and not qrsign.is_patrol(photos, EXAMPLE)
    patrol = qrsign.patrol(photos, tmp_path / "bien")
    assert isinstance(patrol, qrsign.Patrol) and isinstance(patrol.verification, qrsign.Verification)
    assert patrol.counts() == {"ok": 12, "foreign": 0, "wrong_stall": 0, "unreadable": 0, "not_checked": 0}
    assert qrsign.write_patrol_sheet(patrol, tmp_path / "tuan-tra.xlsx").is_file()
    imported = qrsign.import_images([photos])
    assert isinstance(imported, qrsign.ImportResult) and len(imported.rows) == 13
    written = qrsign.write_import_workbook(imported, tmp_path / "ds.xlsx", market="Chợ Đồng Xa")
    assert Path(written["file"]) == tmp_path / "ds.xlsx"
    d = qrsign.diff(tmp_path / "bien", EXAMPLE)
    assert isinstance(d, qrsign.Diff) and d.counts()["unchanged"] == 13 and d.exit_code == 0
    board = qrsign.report([tmp_path / "bien"], tmp_path / "bao-cao.xlsx")
    assert isinstance(board, qrsign.BoardReport) and board.output == tmp_path / "bao-cao.xlsx"
    assert board.board.province.value("accounts") == 13
    infos = qrsign.templates()
    assert {t["name"] for t in infos} >= {"a4-treo", "a6-de-ban"}
    assert set(infos[0]) == set(qrsign.TemplateInfo.__annotations__)
    assert qrsign.preview_template("a4-treo", tmp_path / "mau.pdf")["file"] == str(tmp_path / "mau.pdf")


def test_make_writes_or_returns_the_sign(tmp_path):
    from conftest import decode_pdf

    made = qrsign.make("VCB", "0011 0123 45678", name="Nguyễn Thị Hường", stall="12", output=tmp_path / "q.pdf")
    assert isinstance(made, qrsign.MadeSign) and made.file == tmp_path / "q.pdf"
    assert made.data == (tmp_path / "q.pdf").read_bytes()
    assert decode_pdf(tmp_path / "q.pdf") == [[qrsign.encode("VCB", "0011012345678")]]
    alone = qrsign.make("VCB", "0011012345678", name="Nguyễn Thị Hường", stall="12")
    assert alone.file is None and alone.info["file"] is None and alone.data[:5] == b"%PDF-"
    assert alone.info["payload"] == made.info["payload"]
    card = qrsign.make("MB", "0352350917", name="Trần Văn Nam", kind="png")
    assert card.data[:8] == b"\x89PNG\r\n\x1a\n" and card.info["card"] is True
    with pytest.raises(qrsign.InvalidFormat) as err:
        qrsign.make("VCB", "0011OO4O39383", name="Nguyễn Thị Hường")
    assert err.value.code == "E-ACCOUNT-LOOKALIKE"
    with pytest.raises(qrsign.InvalidFormat) as err:
        qrsign.make("VCB", "0011012345678", name="Nguyễn 😀")
    assert (err.value.code, err.value.field) == ("E-NAME-CHARS", "name")


def test_build_takes_typed_options():
    """The keywords of :func:`qrsign.build` are the fields of BuildOptions (mypy checks them through
    ``Unpack[BuildFields]``); ``progress`` is its own keyword."""
    fields = {f.name for f in dataclasses.fields(qrsign.BuildOptions)}
    assert set(qrsign.BuildFields.__annotations__) == fields - {"progress"}


def test_build_reports_progress(tmp_path):
    seen = []
    qrsign.build(EXAMPLE, tmp_path, jobs=1, checklist=False, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (13, 13) and (1, None) in seen


def test_write_starter_never_overwrites_without_force(tmp_path):
    target = tmp_path / "ds.xlsx"
    assert qrsign.write_starter(target)["file"] == str(target)
    before = target.read_bytes()
    with pytest.raises(qrsign.InputError):
        qrsign.write_starter(target, market="Chợ khác")
    assert target.read_bytes() == before
    qrsign.write_starter(target, market="Chợ khác", force=True)
    assert target.read_bytes() != before
    with pytest.raises(qrsign.InputError):
        qrsign.write_starter(tmp_path / "ds.csv")
    assert not (tmp_path / "ds.csv").exists()


def test_check_file_forwards_columns_to_the_reader(monkeypatch):
    """``columns`` goes down to the sheet reader unchanged (``api`` → ``render.rules`` → ``intake.check``)."""
    from qrsign.intake import sheet

    seen = {}
    real = sheet.read

    def read(*args, **kwargs):
        seen.update(kwargs)
        kwargs.pop("columns", None)
        return real(*args, **kwargs)

    monkeypatch.setattr(sheet, "read", read)
    qrsign.check_file(EXAMPLE, columns={"Ngân hàng": "bank"})
    assert seen["columns"] == {"Ngân hàng": "bank"}
    seen.clear()
    qrsign.check_file(EXAMPLE)
    assert seen["columns"] is None  # the reader takes columns=None as "the header matching alone"


def test_verify_and_patrol_forward_market(monkeypatch, tmp_path):
    from qrsign.proof import patrol, verify

    monkeypatch.chdir(tmp_path)
    pathlib.Path("x.pdf").write_bytes(b"%PDF-")  # verify's target must exist (a typed argument check)
    calls = []
    monkeypatch.setattr(verify, "verify", lambda *a, **k: calls.append(("verify", k)))
    monkeypatch.setattr(patrol, "patrol", lambda *a, **k: calls.append(("patrol", k)) or (None, mock_patrol()))
    qrsign.verify("x.pdf", market="Chợ Đồng Xa")
    qrsign.verify("x.pdf")
    qrsign.patrol("anh", "bien", market="Chợ Đồng Xa")
    assert calls[0] == ("verify", {"jobs": None, "progress": None, "market": "Chợ Đồng Xa"})
    assert "market" not in calls[1][1] and calls[2] == ("patrol", {"market": "Chợ Đồng Xa"})


def mock_patrol():
    from qrsign.proof.patrol import Patrol

    return Patrol("", [], [])


# --------------------------------------------------------------------------------------------------
# the CLI's --json is what the API returns


def _json(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_check_json_is_the_api_result():
    from conftest import run_cli

    run = run_cli("check", EXAMPLE, "--json", "--lang", "en")
    assert run.code == 0
    assert run.json() == _json(qrsign.check_file(EXAMPLE).to_dict("en"))


def test_diff_json_is_the_api_result(tmp_path):
    from conftest import run_cli

    qrsign.build(EXAMPLE, tmp_path / "old", jobs=1, checklist=False)
    newer = tmp_path / "moi.csv"
    newer.write_text(EXAMPLE.read_text(encoding="utf-8").replace("0011004567891", "0011004567892"),
                     encoding="utf-8")
    run = run_cli("diff", tmp_path / "old", newer, "--json")
    d = qrsign.diff(tmp_path / "old", newer)
    assert run.code == d.exit_code == 0
    assert run.json() == _json(d.to_dict())
    assert run.json()["old_manifest"] == str(tmp_path / "old" / "manifest.json")
    assert d.counts()["reprint"] == 1


def test_import_and_report_json_are_the_api_results(tmp_path):
    from conftest import run_cli

    qrsign.build(EXAMPLE, tmp_path / "bien", jobs=1, formats=("png",), checklist=False)
    photos = tmp_path / "bien" / "cho-mau" / "qr"
    run = run_cli("import", photos, "-o", tmp_path / "cli.xlsx", "--json")
    result = qrsign.import_images([photos])
    info = qrsign.write_import_workbook(result, tmp_path / "api.xlsx")
    assert run.code == result.exit_code == 0
    assert run.json() == _json({"file": str(tmp_path / "cli.xlsx"), **result.to_dict()})
    assert info["file"] == str(tmp_path / "api.xlsx")
    run = run_cli("report", tmp_path / "bien", "-o", tmp_path / "cli-bc.xlsx", "--json")
    board = qrsign.report([tmp_path / "bien"], tmp_path / "cli-bc.xlsx")
    assert run.code == 0 and run.json() == _json(board.to_dict())


def test_build_json_is_the_api_result(tmp_path):
    from conftest import run_cli

    run = run_cli("build", EXAMPLE, "-o", tmp_path / "cli", "-j", "1", "--date", "2026-01-15", "--json")
    result = qrsign.build(EXAMPLE, tmp_path / "cli", jobs=1, date=dt.date(2026, 1, 15))
    assert run.code == result.exit_code == 0
    assert run.json() == _json({**result.to_dict("vi"), "cleanup": run.json()["cleanup"]})


# --------------------------------------------------------------------------------------------------
# typed values: the account policy as stdnum's verbs, one-off parsing for payload and make


def test_account_verbs_read_like_stdnum():
    assert qrsign.compact_account(" 0011 0123.4567-8 ") == "0011012345678"
    assert qrsign.validate_account("TK 0011 0045 67891") == "0011004567891"
    assert qrsign.format_account("0011012345678") == "0011 0123 45678"
    assert qrsign.format_account("0352350917") == "0352 350 917"
    assert qrsign.is_valid_account("0011 0123 45678")
    assert not qrsign.is_valid_account("257678859 / 0352350917")
    for typed, cls, code in (("12345", qrsign.InvalidLength, "E-ACCOUNT-SHORT"),
                             ("0011OO4O39383", qrsign.InvalidFormat, "E-ACCOUNT-LOOKALIKE"),
                             ("257678859 - 0352350917", qrsign.InvalidFormat, "E-ACCOUNT-TWO")):
        assert not qrsign.is_valid_account(typed)
        with pytest.raises(cls) as err:
            qrsign.validate_account(typed)
        assert err.value.code == code and err.value.field == "account"
        with pytest.raises(cls):
            qrsign.format_account(typed)
    with pytest.raises(qrsign.InvalidFormat) as err:
        qrsign.validate_account("0011012345678", card=True)
    assert err.value.code == "E-CARD-FORMAT"


def test_parse_account_says_a_former_bank_name_first():
    result = qrsign.parse_account("TK 0011004567891", bank="CB Bank")
    assert [p.code for p in result.problems] == ["W-BANK-FORMER-NAME", "W-ACCOUNT-LABEL"]
    assert result.account == "0011004567891" and result.ok
    assert "VCBNeo" in result.problems[0].error().message("en")
    assert [p.code for p in qrsign.parse_account("0011004567891", bank="VCB").problems] == []
    with pytest.raises(qrsign.UnknownBank):
        qrsign.parse_account("0011004567891", bank="khong co")
    assert qrsign.parse_account("0352350917", bank="ZaloPay").account == "0352350917"  # the model says what to do


def test_parse_name_problems_are_typed_errors():
    result = qrsign.parse_name("Nguyễn Văn A (vợ)")
    assert result.name == "Nguyễn Văn A" and [p.code for p in result.problems] == ["W-NAME-NOTE"]
    assert result.problems[0].error("name").field == "name"


# --------------------------------------------------------------------------------------------------
# help(qrsign) is a page


def _help_text() -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PAGER": "cat", "TERM": "dumb"}
    return subprocess.run([sys.executable, "-c", "import qrsign; help(qrsign)"], capture_output=True, text=True,
                          env=env, check=True, cwd=ROOT.parent).stdout


def test_help_is_a_page_that_names_the_whole_api():
    text = _help_text()
    assert len(text.splitlines()) < 400  # 2,558 lines before: every class in full, with pydantic's and ValueError's
    for name in qrsign.__all__:
        assert name in text or name == "__version__", name
    assert "Methods inherited from" not in text and "model_validate" not in text
    assert sorted(dir(qrsign)) == sorted(set(dir(qrsign)) | set(qrsign.__all__))  # dir() still lists every name
