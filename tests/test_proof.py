"""Proof that looks everywhere: every check of ``verify`` still runs on a file changed since the build.

Each tamper is made twice: with the file's hash as built (the change is itself a finding, ``changed``, and
the decoding proof reports what was changed), and with the hash refreshed in the manifest, as a forger
would, so that only the decoding proof can catch it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _tamper import add_code, cover, refresh_hash, reorder

from qrsign.core import vietqr
from qrsign.proof.pages import SWEEP_DPI, _dpi_for, verify_pdf_pages
from qrsign.proof.reference import Reference, expected_by_file
from qrsign.proof.verify import verify
from qrsign.render import document as render
from qrsign.render import planning

from conftest import HEADER, make_workbook, run_cli

ROWS = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", "", ""],
    [2, "Trần Văn Nam", "A02", "MBBank", "0352350917", "", ""],
    [3, "Lê Thị Nguyệt", "A03", "HDBank", "0689012345678", "", ""],
    [4, "Phạm Thị Sương", "A04", "OCB", "0100100012345", "", ""],
    [5, "Hoàng Thị Phượng", "A05", "Techcombank", "19036123456012", "", ""],
    [6, "Hoàng Thị Phượng", "A05", "ACB", "257678859", "", ""],
]
STRANGER = vietqr.encode("970422", "0999888777")  # a thief's account
FILE = "cho/a6-de-ban.pdf"


def _build(sheet: Path, out: Path, *args: str) -> dict:
    run = run_cli("build", sheet, "-o", out, "--date", "2026-11-27", "--jobs", "1", "--quiet", "-t", "a6-de-ban",
                  "--no-checklist", *args)
    assert run.code == 0, run.err
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _drawn_wrong(first: dict, second: dict):
    """Two ways to draw a build wrong, to monkeypatch in: ``qr.drawing`` with the codes of the signs ``first``
    and ``second`` swapped, and ``planning.item_fields`` printing one account a digit off the one its QR pays."""
    real_drawing, real_fields = render.qr.drawing, planning.item_fields

    def swapped(payload: str, ec: str = "M"):
        return real_drawing({first["payload"]: second["payload"], second["payload"]: first["payload"]}.get(
            payload, payload), ec)

    def misprinted(vr, date_text):
        fields = real_fields(vr, date_text)
        if vr.vendor.account == "0352350917":
            fields["account_grouped"] = "0352 3509 18"  # one digit off the account the QR pays
        return fields

    return swapped, misprinted


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """One honest build, and the same build drawn with two codes swapped and with one account misprinted."""
    root = tmp_path_factory.mktemp("proof")
    sheet = make_workbook(root / "cho.xlsx", {"Khu A": [HEADER, *ROWS]})
    honest = _build(sheet, root / "honest")
    swapped, misprinted = _drawn_wrong(honest["signs"][0], honest["signs"][1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render.qr, "drawing", swapped)
        _build(sheet, root / "swapped")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planning, "item_fields", misprinted)
        _build(sheet, root / "misprinted")
    real_words = render.SignDocument._dynamic_words

    def other_holder(self, boxes, fields):
        """The big holder line names someone else; the warning strip still names the account's holder."""
        words = real_words(self, boxes, fields)
        for i, b in enumerate(boxes):
            if fields.get("holder") == "TRAN VAN NAM" and b.kind == "text" and b.text.strip() == "{holder}":
                words[i] = [((w, b.font),) for w in ["TRAN", "VAN", "NGUYEN"]]
        return words

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render.SignDocument, "_dynamic_words", other_holder)
        _build(sheet, root / "holder")
    assert honest["files"][0]["file"] == FILE and honest["files"][0]["pages"] == 2
    return {"root": root, "manifest": honest}


def _tampered(built: dict, tmp_path: Path, make) -> Path:
    """A copy of the honest build whose PDF is replaced by ``make(honest_pdf, new_path)``."""
    out = tmp_path / "out"
    shutil.copytree(built["root"] / "honest", out)
    new = make(built["root"] / "honest" / FILE, tmp_path / "new.pdf")
    shutil.copyfile(new, out / FILE)
    return out


def _bad(result) -> list[tuple]:
    return sorted((f.status, f.page or 0, (f.sign or {}).get("sign_id") or f.account or "")
                  for f in result.findings if f.bad)


def _both_ways(out: Path) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """What verify reports on the PDF given on its own, on the build folder, and on the PDF again once the
    manifest's hash of it is refreshed (only the decoding proof can then tell)."""
    alone = _bad(verify(out / FILE, out / "manifest.json", jobs=1))
    folder = _bad(verify(out, jobs=1))
    refresh_hash(out, FILE)
    refreshed = _bad(verify(out / FILE, out / "manifest.json", jobs=1))
    assert _bad(verify(out, jobs=1)) == refreshed
    return alone, folder, refreshed


def _changed(path: str) -> tuple:
    return ("changed", 0, "")  # the file itself: no page, no sign


def test_the_honest_build_passes_on_its_own_and_as_a_folder(built):
    out = built["root"] / "honest"
    assert _bad(verify(out / FILE, out / "manifest.json", jobs=1)) == []
    assert _bad(verify(out, jobs=1)) == []


def test_codes_swapped_between_cells(built, tmp_path):
    a, b = built["manifest"]["signs"][0], built["manifest"]["signs"][1]
    out = _tampered(built, tmp_path, lambda src, dst: shutil.copyfile(built["root"] / "swapped" / FILE, dst))
    alone, folder, refreshed = _both_ways(out)
    expected = sorted([("wrong-cell", 1, a["sign_id"]), ("wrong-cell", 1, b["sign_id"])])
    assert alone == folder == sorted([*expected, _changed(FILE)])
    assert refreshed == expected


def test_an_edited_account_digit(built, tmp_path):
    out = _tampered(built, tmp_path, lambda src, dst: shutil.copyfile(built["root"] / "misprinted" / FILE, dst))
    nam = next(s for s in built["manifest"]["signs"] if s["account"] == "0352350917")
    alone, folder, refreshed = _both_ways(out)
    assert alone == folder == sorted([("cell-text", 1, nam["sign_id"]), _changed(FILE)])
    assert refreshed == [("cell-text", 1, nam["sign_id"])]


def test_a_holder_line_naming_someone_else(built, tmp_path):
    """The warning strip's sentence names the right holder; the big line under the code does not."""
    nam = next(s for s in built["manifest"]["signs"] if s["account"] == "0352350917")
    assert "holder_box" in nam and nam["holder_box"] != nam["cell"]
    forged = built["root"] / "holder"
    assert _bad(verify(forged, jobs=1)) == [("holder", 1, nam["sign_id"])]  # as built: only decoding can tell
    out = _tampered(built, tmp_path, lambda src, dst: shutil.copyfile(forged / FILE, dst))
    alone, folder, refreshed = _both_ways(out)
    assert alone == folder == sorted([("holder", 1, nam["sign_id"]), _changed(FILE)])
    assert refreshed == [("holder", 1, nam["sign_id"])]


def test_reordered_pages(built, tmp_path):
    signs = built["manifest"]["signs"]
    out = _tampered(built, tmp_path, lambda src, dst: reorder(src, dst, [1, 0]))
    alone, folder, refreshed = _both_ways(out)
    moved = sorted([*(("wrong-page", 2, s["sign_id"]) for s in signs if s["page"] == 1),
                    *(("wrong-page", 1, s["sign_id"]) for s in signs if s["page"] == 2),
                    *(("missing", s["page"], s["sign_id"]) for s in signs)])
    assert alone == folder == sorted([*moved, _changed(FILE)])
    assert refreshed == moved
    run = run_cli("verify", out / FILE, "--against", out, "--lang", "en")
    assert run.code == 1 and "WRONG PAGE: page 1 of" in run.out and "which the build put on page 2" in run.out


def test_a_deleted_page(built, tmp_path):
    signs = built["manifest"]["signs"]
    out = _tampered(built, tmp_path, lambda src, dst: reorder(src, dst, [1]))
    alone, folder, refreshed = _both_ways(out)
    moved = sorted([*(("wrong-page", 1, s["sign_id"]) for s in signs if s["page"] == 2),
                    *(("missing", s["page"], s["sign_id"]) for s in signs)])
    assert alone == folder == sorted([*moved, _changed(FILE), ("pages", 0, "")])
    assert refreshed == moved  # the forger wrote the new page count too
    run = run_cli("verify", out / FILE, "--against", out / "manifest.json", "--lang", "en")
    assert run.code == 1 and "has 1 pages; the build wrote 2" not in run.out  # refreshed: no count finding


@pytest.mark.parametrize("picture", [False, True], ids=["vector", "picture"])
@pytest.mark.parametrize("size", [15, 22])
def test_a_small_code_added_to_a_sign(built, tmp_path, picture, size):
    """A stranger's code beside the sign's own, smaller than the first look at the page can see."""
    out = _tampered(built, tmp_path, lambda src, dst: add_code(src, dst, 2, STRANGER, 12, 100, size, picture))
    alone, folder, refreshed = _both_ways(out)
    assert alone == folder == sorted([("stranger", 2, "0999888777"), _changed(FILE)])
    assert refreshed == [("stranger", 2, "0999888777")]
    (found,) = [f for f in verify(out, jobs=1).findings if f.status == "stranger"]
    symbol = size * 33 / 41  # the code's black square: 33 modules of 41 with the quiet zone
    assert found.at is not None and all(abs(a - b) <= 1 for a, b in zip(found.at, (12 + size / 2, 100 + size / 2,
                                                                                  symbol), strict=True))
    data = run_cli("verify", out, "--json", "--lang", "en").json()
    (finding,) = [f for f in data["findings"] if f["status"] == "stranger"]
    assert finding["account"] == "0999888777" and finding["page"] == 2
    assert f"QR code about {found.at[2]} mm wide (its centre {found.at[0]} mm from the left edge" in finding["message"]


def test_a_33_mm_code_on_an_a4_sign_is_found(built, tmp_path):
    """An A4 sign's own codes are read at 36 dpi, where a 33 mm code is invisible: the second look finds it."""
    out = tmp_path / "a4"
    run = run_cli("build", built["root"] / "cho.xlsx", "-o", out, "--date", "2026-11-27", "--jobs", "1", "--quiet",
                  "--no-checklist")
    assert run.code == 0
    rel = "cho/a4-treo.pdf"
    add_code(out / rel, tmp_path / "new.pdf", 3, STRANGER, 170, 250, 33)
    shutil.copyfile(tmp_path / "new.pdf", out / rel)
    refresh_hash(out, rel)
    assert _bad(verify(out, jobs=1)) == [("stranger", 3, "0999888777")]


def test_a_changed_file_renamed_into_another_folder_is_still_found_by_its_name(built, tmp_path):
    out = _tampered(built, tmp_path, lambda src, dst: shutil.copyfile(built["root"] / "swapped" / FILE, dst))
    elsewhere = tmp_path / "usb" / "cho"
    elsewhere.mkdir(parents=True)
    shutil.copyfile(out / FILE, elsewhere / "a6-de-ban.pdf")
    statuses = [f.status for f in verify(elsewhere / "a6-de-ban.pdf", out, jobs=1).findings if f.bad]
    assert sorted(statuses) == ["changed", "wrong-cell", "wrong-cell"]


# --------------------------------------------------------------------------------------------------
# the checklist: its codes are smaller than the signs', and its page is read at their own module

CHECKLIST = "cho/doi-chieu.pdf"


@pytest.fixture(scope="module")
def listed(built) -> dict:
    """The signs of ``built`` with their checklist: honest, drawn with the first two codes swapped, and with
    one account misprinted."""
    root, sheet = built["root"], built["root"] / "cho.xlsx"
    swapped, misprinted = _drawn_wrong(built["manifest"]["signs"][0], built["manifest"]["signs"][1])
    args = ("--date", "2026-11-27", "--jobs", "1", "--quiet", "-t", "a6-de-ban")
    assert run_cli("build", sheet, "-o", root / "listed", *args).code == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render.qr, "drawing", swapped)
        assert run_cli("build", sheet, "-o", root / "listed-swapped", *args).code == 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(planning, "item_fields", misprinted)
        assert run_cli("build", sheet, "-o", root / "listed-misprinted", *args).code == 0
    manifest = json.loads((root / "listed" / "manifest.json").read_text(encoding="utf-8"))
    return {"root": root, "manifest": manifest}


def _checklist_tampered(listed: dict, tmp_path: Path, make) -> list[tuple]:
    """What verify reports on a copy of the build whose checklist is ``make(honest, new)``, its hash refreshed in
    the manifest as a forger would: only decoding the page can tell."""
    out = tmp_path / "out"
    shutil.copytree(listed["root"] / "listed", out)
    shutil.copyfile(make(out / CHECKLIST, tmp_path / "new.pdf"), out / CHECKLIST)
    refresh_hash(out, CHECKLIST)
    return _bad(verify(out, jobs=1))


def test_the_checklist_is_read_below_the_sweep_and_passes(listed):
    """The checklist's codes (33 mm boxes of 41 modules) set its first look under :data:`SWEEP_DPI`, so the
    tampers below are caught by the census and the second look, not by a high resolution."""
    manifest = listed["manifest"]
    modules = expected_by_file(manifest)[1]
    (version,) = {s["qr_version"] for s in manifest["signs"]}
    assert modules[CHECKLIST] == pytest.approx(33 / (17 + 4 * version + 8))
    assert _dpi_for(modules[CHECKLIST]) < SWEEP_DPI
    assert _bad(verify(listed["root"] / "listed", jobs=1)) == []


def test_codes_swapped_between_checklist_rows(listed, tmp_path):
    a, b = listed["manifest"]["signs"][0], listed["manifest"]["signs"][1]
    bad = _checklist_tampered(listed, tmp_path,
                              lambda src, dst: shutil.copyfile(listed["root"] / "listed-swapped" / CHECKLIST, dst))
    assert bad == sorted([("wrong-cell", 1, a["sign_id"]), ("wrong-cell", 1, b["sign_id"])])


def test_an_edited_account_digit_on_the_checklist(listed, tmp_path):
    nam = next(s for s in listed["manifest"]["signs"] if s["account"] == "0352350917")
    bad = _checklist_tampered(listed, tmp_path, lambda src, dst: shutil.copyfile(
        listed["root"] / "listed-misprinted" / CHECKLIST, dst))
    assert bad == [("cell-text", 1, nam["sign_id"])]


@pytest.mark.parametrize("picture", [False, True], ids=["vector", "picture"])
def test_a_small_code_added_to_the_checklist(listed, tmp_path, picture):
    """A 12 mm stranger in the empty last row: its 0.29 mm modules are about one pixel at the checklist's
    first look, which misses it; the census sends the page to the sweep, which finds it."""
    bad = _checklist_tampered(listed, tmp_path,
                              lambda src, dst: add_code(src, dst, 1, STRANGER, 12, 258, 12, picture))
    assert bad == [("stranger", 1, "0999888777")]


def test_a_page_whose_own_codes_the_first_look_misses_is_looked_at_again(built):
    """At one pixel a module no code decodes; the second look, at twice the resolution, reads every one."""
    manifest = built["manifest"]
    expected, modules = expected_by_file(manifest)
    dpi = round(25.4 / modules[FILE])
    ref = Reference.from_signs("manifest.json", manifest["signs"])
    pages, findings = verify_pdf_pages(str(built["root"] / "honest" / FILE), 1, 2, dpi, ref, expected[FILE], True,
                                       FILE)
    assert pages == 2
    assert sorted((f.status, (f.sign or {}).get("sign_id")) for f in findings) == sorted(
        ("ok", s["sign_id"]) for s in manifest["signs"])


def test_a_damaged_checklist_code_is_missing(listed, tmp_path):
    """A white scratch across the top of the third row's code (its two upper finder patterns): no look reads it."""
    third = listed["manifest"]["signs"][2]
    x, y, _, _ = listed["manifest"]["checklists"][0]["qr_boxes"][2]
    bad = _checklist_tampered(listed, tmp_path, lambda src, dst: cover(src, dst, 1, x, y + 3, 33, 7))
    assert bad == [("missing", 1, third["sign_id"])]


def test_the_second_look_never_hides_a_code_the_first_look_read(listed, tmp_path, monkeypatch):
    """A stranger's code added and an own code scratched on the same checklist page: the scratch sends the page
    to a second look, at twice the resolution. Were the stranger readable at the first resolution only (a
    picture can be), the second look must not make it vanish: here the second look is made blind to it."""
    from qrsign.proof import pages

    third = listed["manifest"]["signs"][2]
    x, y, _, _ = listed["manifest"]["checklists"][0]["qr_boxes"][2]

    def tamper(src, dst):
        add_code(src, tmp_path / "step.pdf", 1, STRANGER, 12, 258, 22)
        return cover(tmp_path / "step.pdf", dst, 1, x, y + 3, 33, 7)

    looks: list[int] = []
    real_read = pages.read_codes

    def first_look_only_reads_the_stranger(image, view=None):
        looks.append(image.size[0])
        codes = real_read(image, view)
        return codes if len(looks) == 1 else [c for c in codes if c.text != STRANGER]

    out = tmp_path / "out"
    shutil.copytree(listed["root"] / "listed", out)
    shutil.copyfile(tamper(out / CHECKLIST, tmp_path / "new.pdf"), out / CHECKLIST)
    refresh_hash(out, CHECKLIST)
    monkeypatch.setattr(pages, "read_codes", first_look_only_reads_the_stranger)
    bad = _bad(verify(out / CHECKLIST, out / "manifest.json", jobs=1))
    assert len(looks) == 2 and looks[1] >= 2 * looks[0] - 1  # one page, looked at twice
    assert bad == sorted([("missing", 1, third["sign_id"]), ("stranger", 1, "0999888777")])


def test_a_mark_in_a_checklist_codes_quiet_zone(listed, tmp_path):
    """A black bar 2 modules left of the second row's symbol, inside its quiet zone: the code still decodes at
    the checklist's 3 pixels a module, and the quiet-zone rule still sees the bar."""
    second = listed["manifest"]["signs"][1]
    x, y, size, _ = listed["manifest"]["checklists"][0]["qr_boxes"][1]
    module = size / (17 + 4 * second["qr_version"] + 8)
    bad = _checklist_tampered(listed, tmp_path, lambda src, dst: cover(
        src, dst, 1, x + 1.5 * module, y + 4 * module, module, size - 8 * module, grey=0))
    assert bad == [("quiet-zone", 1, second["sign_id"])]


# --------------------------------------------------------------------------------------------------
# a QR code as a logo


def _qr_logo(path: Path, transparent: bool) -> Path:
    """A 'logo' that is a stranger's QR code, small (3 px a module), on white or on a transparent ground."""
    import io

    from PIL import Image

    from qrsign.render import qr

    image = Image.open(io.BytesIO(qr.png(qr.encode(STRANGER), module_px=3))).convert("L")
    if transparent:
        rgba = Image.new("RGBA", image.size, (0, 0, 0, 0))
        rgba.putalpha(image.point(lambda v: 255 - v))
        image = rgba
    image.save(path)
    return path


@pytest.mark.parametrize("transparent", [False, True], ids=["white", "transparent"])
def test_build_and_make_refuse_a_logo_that_is_a_qr_code(built, tmp_path, transparent):
    logo = _qr_logo(tmp_path / "logo.png", transparent)
    sheet = built["root"] / "cho.xlsx"
    run = run_cli("build", sheet, "-o", tmp_path / "out", "--logo", f"left={logo}", "--jobs", "1", "--lang", "en")
    assert run.code == 2 and "contains a QR code (paying MBBank 0999888777)" in run.err
    assert "Traceback" not in run.err and not list((tmp_path / "out").rglob("*.pdf"))
    run = run_cli("make", "--bank", "VCB", "--account", "0011004567891", "--name", "Nguyễn Thị Hường",
                  "-o", tmp_path / "one.pdf", "--logo", f"left={logo}", "--lang", "vi")
    assert run.code == 2 and "có chứa một mã QR" in run.err and not (tmp_path / "one.pdf").exists()


def test_a_plain_logo_is_still_taken(built, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (200, 30, 30)).save(logo)
    assert run_cli("build", built["root"] / "cho.xlsx", "-o", tmp_path / "out", "--logo", f"left={logo}",
                   "--jobs", "1", "-q").code == 0
