"""``qrsign serve`` in a real browser: Debian's Chromium driven by the playwright wheel (never a browser download).

Under ``CI=true`` these tests must run (a missing browser fails them); elsewhere they skip when
``/usr/bin/chromium`` or playwright is missing. The server runs in this process on a free 127.0.0.1 port.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ON_CI = os.environ.get("CI", "").lower() == "true"
if not ON_CI:
    pytest.importorskip("playwright.sync_api", reason="the browser tests need the playwright wheel "
                        "(pip install playwright; never `playwright install`)")
    if not CHROMIUM.exists():
        pytest.skip("the browser tests need Debian's chromium (apt-get install -y chromium); CI=true makes them "
                    "run and fail without it", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402
from web_helpers import EXAMPLES, LiveServer, rows  # noqa: E402

from qrsign import api  # noqa: E402

from conftest import decode_pdf  # noqa: E402

#: Chromium without a sandbox (containers), GPU, first-run, background traffic; "rebind.test" resolves to
#: 127.0.0.1 as a DNS-rebinding attacker's name would.
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP rebind.test 127.0.0.1"]
MESSY = EXAMPLES / "phuong-loi.xlsx"


@pytest.fixture(scope="module")
def live():
    with LiveServer() as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live) -> Page:
    context = browser.new_context(accept_downloads=True, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.goto(live.server.url)  # the printed link: its token becomes the cookie
    yield pg
    context.close()


def check_sheet(page: Page, path: Path) -> None:
    page.set_input_files("input[type=file][name=sheet]", str(path))
    page.click("form[action='/check'] button[type=submit]")
    page.wait_for_selector("table#vendors")


def html_rows(page: Page, table: str) -> list[dict[str, str]]:
    return rows(page.content(), table)


# --------------------------------------------------------------------------------------------------
# flow 1, end to end


def test_a_messy_sheet_to_a_zip_of_signs_decoded_page_by_page(page: Page, tmp_path):
    result = api.check_file(MESSY)
    check_sheet(page, MESSY)
    for a in ("check", "import", "patrol", "report"):
        expect(page.locator(f"a[data-flow={a}]").first).to_be_visible()
    problems = html_rows(page, "problems")
    assert [(int(p["row"]), p["code"]) for p in problems] == [(p.row, p.code) for p in result.problems]
    assert page.locator("table#problems tr[data-severity=error] .badge").first.inner_text() == "Lỗi"
    holders = page.locator("table#vendors [data-field=holder]").all_inner_texts()
    assert holders == [vr.vendor.holder for vr in result.vendors]
    # change a column's field: the phone column is not read any more
    page.select_option("select[name='col:Sheet1!F']", "")
    page.click("button[name=reread]")
    expect(page.locator("table#columns tr[data-column=F]")).to_have_attribute("data-field", "")
    # a preview of one sign, on demand
    with page.expect_popup() as popup:
        page.locator("table#vendors tr[data-row] a").first.click()
    assert popup.value.evaluate("document.contentType") == "image/png"
    popup.value.close()
    # build with a template; one click, then progress, then the download
    page.check("input[name=template][value=a6-de-ban]")
    page.dblclick("button[name=build]")  # a double click starts one build
    link = page.locator("a[download][href$='bien.zip']")
    link.wait_for(timeout=180_000)
    with page.expect_download() as dl:
        link.click()
    path = tmp_path / "bien.zip"
    dl.value.save_as(path)
    out = tmp_path / "bien"
    zipfile.ZipFile(path).extractall(out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["template"] == "a6-de-ban" if "template" in manifest else True
    expected: dict[tuple[str, int], list[str]] = {}
    for s in manifest["signs"]:
        expected.setdefault((s["file"], s["page"]), []).append(s["account"])
    decoded: dict[tuple[str, int], list[str]] = {}
    for f in manifest["files"]:
        if f["kind"] != "signs":
            continue
        for number, payloads in enumerate(decode_pdf(out / f["file"]), start=1):
            decoded[(f["file"], number)] = [api.decode(p).account for p in payloads]
    assert {k: sorted(v) for k, v in decoded.items()} == {k: sorted(v) for k, v in expected.items()}
    assert sorted(a for v in decoded.values() for a in v) == sorted(vr.vendor.account for vr in result.vendors)
    assert page.locator("ul.previews img").count() >= 1
    assert live_jobs(page) == 1


def live_jobs(page: Page) -> int:
    """How many build jobs the server holds (a double click must not start two)."""
    from web_helpers import LiveServer  # noqa: F401 - the fixture's class

    state = page.context.browser._qrsign_state  # type: ignore[attr-defined]
    return len([j for j in state.jobs._jobs.values() if j.kind == "build"])


@pytest.fixture(autouse=True)
def _expose_state(browser, live):
    browser._qrsign_state = live.server.app.state.qrsign


# --------------------------------------------------------------------------------------------------
# flows 2-5


def test_qr_pictures_to_a_workbook(page: Page, tmp_path):
    from PIL import Image
    from qr14 import BANK_59, PLAIN, save, screenshot

    save(screenshot([BANK_59]), tmp_path / "A01.png")
    save(screenshot([PLAIN], ("VietQR",)), tmp_path / "A02 Trần Văn Bình.jpg")
    Image.new("RGB", (200, 300), "white").save(tmp_path / "A03.png")
    page.click("a[data-flow=import] >> nth=0")
    page.set_input_files("input[type=file][name=images][multiple]",
                         [str(tmp_path / n) for n in ("A01.png", "A02 Trần Văn Bình.jpg", "A03.png")])
    page.click("form[action='/import'] button[type=submit]")
    page.wait_for_selector("table#imported")
    assert [(r["image"], r["status"]) for r in html_rows(page, "imported")] == [
        ("A01.png", "ok"), ("A02 Trần Văn Bình.jpg", "ok"), ("A03.png", "refused")]
    with page.expect_download() as dl:
        page.click("a[download][href$='.xlsx']")
    path = tmp_path / "ds.xlsx"
    dl.value.save_as(path)
    cells = [c.value for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row]
    assert BANK_59 in cells and PLAIN in cells


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("b") / "bien"
    api.build(EXAMPLES / "cho-mau.csv", out, jobs=1, checklist=False, date=dt.date(2026, 1, 15))
    return out


def test_patrol_photos_against_a_manifest(page: Page, build_dir, tmp_path):
    import pypdfium2 as pdfium

    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    first = manifest["signs"][0]
    with pdfium.PdfDocument(str(build_dir / first["file"])) as pdf:
        image = pdf[first["page"] - 1].render(scale=1.5).to_pil().convert("RGB")
    image.save(tmp_path / "anh-1.jpg", "JPEG", quality=85)
    page.click("a[data-flow=patrol] >> nth=0")
    page.set_input_files("input[type=file][name=manifest]", str(build_dir / "manifest.json"))
    page.set_input_files("input[type=file][name=photos][multiple]", str(tmp_path / "anh-1.jpg"))
    page.click("form[action='/patrol'] button[type=submit]")
    page.wait_for_selector("table#stalls")
    stalls = html_rows(page, "stalls")
    assert {s["status"] for s in stalls} <= {"ok", "foreign", "unreadable", "not_checked"}
    assert [s["stall"] for s in stalls if s["status"] == "ok"] == [first["stall"]]
    expect(page.locator("a[download][href$='tuan-tra.xlsx']")).to_be_visible()


def test_the_boards_report_shows_its_figures(page: Page, build_dir):
    page.click("a[data-flow=report] >> nth=0")
    page.set_input_files("input[type=file][name=manifests]", str(build_dir / "manifest.json"))
    page.click("form[action='/report'] button[type=submit]")
    page.wait_for_selector("table#board")
    manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    total = page.locator("table#board tfoot td").first.inner_text()
    assert int(total) == manifest["summary"]["vendors"]
    expect(page.locator("a[download][href$='bao-cao.xlsx']")).to_be_visible()


def test_the_starter_file_downloads(page: Page, tmp_path):
    with page.expect_download() as dl:
        page.click("a[href='/mau.xlsx'] >> nth=0")
    assert dl.value.suggested_filename == "danh-sach.xlsx"
    dl.value.save_as(tmp_path / "mau.xlsx")
    assert openpyxl.load_workbook(tmp_path / "mau.xlsx").sheetnames


# --------------------------------------------------------------------------------------------------
# keyboard and accessibility


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_keyboard_only(page: Page):
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"  # the first stop skips the menu
    page.set_input_files("input[name=sheet]", str(MESSY))  # the file dialog itself is the system's
    tab_to(page, "form[action='/check'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("table#columns")
    tab_to(page, "select[name='col:Sheet1!G']")
    page.keyboard.press("Home")  # the first option: not read
    tab_to(page, "button[name=reread]")
    page.keyboard.press("Enter")
    page.wait_for_selector("table#columns tr[data-column=G][data-field='']")
    tab_to(page, "input[name=template][value=a4-treo]")
    tab_to(page, "button[name=build]")
    outline = page.evaluate("getComputedStyle(document.activeElement, ':focus-visible').outlineStyle")
    assert outline != "none"


def test_no_serious_accessibility_violations(page: Page, live):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for step in ("home", "sheet", "import", "patrol", "report"):
        if step == "sheet":
            check_sheet(page, MESSY)
        elif step != "home":
            page.goto(f"{live.base}/{step}")
        results = axe.run(page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        found[step] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert found == {step: [] for step in found}


# --------------------------------------------------------------------------------------------------
# the protections, from a browser


class _AttackerPage(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802 - the stdlib's name
        body = f"""<!doctype html><html><body>
<form id="f" method="post" action="{self.target}/check" enctype="multipart/form-data">
<input type="hidden" name="x" value="1"></form>
<script>document.getElementById('f').submit()</script></body></html>""".encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_page_on_another_local_port_that_auto_submits_a_form_is_refused(page: Page, live):
    _AttackerPage.target = live.base
    attacker = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AttackerPage)
    thread = threading.Thread(target=attacker.serve_forever, daemon=True)
    thread.start()
    sessions = dict(live.server.app.state.qrsign.sheets)
    try:
        with page.expect_response(lambda r: r.url == f"{live.base}/check") as answer:
            page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
        assert answer.value.status == 403
        expect(page.locator("body")).to_contain_text("Yêu cầu đến từ một trang khác")
    finally:
        attacker.shutdown()
        thread.join()
    assert live.server.app.state.qrsign.sheets == sessions  # nothing was stored


def test_a_rebinding_name_gets_no_page(page: Page, live):
    response = page.goto(f"http://rebind.test:{live.server.port}/?token={live.server.token}")
    assert response.status == 400
    assert "127.0.0.1" in page.content()


def test_without_the_link_the_page_says_to_open_it(browser, live):
    context = browser.new_context()
    pg = context.new_page()
    response = pg.goto(live.base + "/")
    assert response.status == 403
    expect(pg.locator("html")).to_have_attribute("lang", "vi")
    expect(pg.locator("body")).to_contain_text("Hãy mở đúng đường link")
    context.close()


def test_an_upload_over_the_cap_is_refused(page: Page, tmp_path):
    big = tmp_path / "lon.csv"
    big.write_bytes(b"a" * (6 * 1024 * 1024))  # the live server's cap is 5 MB
    page.set_input_files("input[name=sheet]", str(big))
    with page.expect_response(lambda r: r.url.endswith("/check")) as answer:
        page.click("form[action='/check'] button[type=submit]")
    assert answer.value.status == 413
    expect(page.locator("body")).to_contain_text("tối đa 5 MB")
