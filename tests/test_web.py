"""``qrsign serve`` without a browser: the protections, the flows' pages and their stable hooks (TestClient)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("starlette")

from web_helpers import EXAMPLES, PORT, ROOT, TOKEN, make_client, rows, visible_text, wait_job  # noqa: E402

from qrsign import api, messages  # noqa: E402

from conftest import make_workbook  # noqa: E402

MESSY = EXAMPLES / "phuong-loi.xlsx"


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path / "root") as c:
        (tmp_path / "root").mkdir(exist_ok=True)
        yield c


@pytest.fixture
def root(tmp_path):
    return tmp_path / "root"


def upload_sheet(client, path: Path, name: str | None = None) -> str:
    with path.open("rb") as f:
        r = client.post("/check", files={"sheet": (name or path.name, f)})
    assert r.status_code == 303, r.text
    return r.headers["location"]


# --------------------------------------------------------------------------------------------------
# protections


@pytest.mark.parametrize("host", ["attacker.example", f"attacker.example:{PORT}", f"127.0.0.1.nip.io:{PORT}",
                                  f"localhost.:{PORT}", "127.0.0.1:1", "127.0.0.1", ""])
def test_a_host_that_is_not_this_server_is_refused(client, host):
    r = client.get("/", headers={"host": host})
    assert r.status_code == 400
    assert "127.0.0.1" in r.text and "Traceback" not in r.text


@pytest.mark.parametrize("host", [f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"[::1]:{PORT}"])
def test_the_loopback_names_with_the_port_are_allowed(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


def test_without_the_token_every_page_is_a_vietnamese_403(tmp_path):
    with make_client(tmp_path, cookie=False) as c:
        for path in ("/", "/import", "/patrol", "/mau.xlsx", "/job/x/progress", "/?token=wrong"):
            r = c.get(path)
            assert r.status_code == 403, path
            assert 'lang="vi"' in r.text and "Hãy mở đúng đường link" in r.text, path
        r = c.post("/check", files={"sheet": ("a.csv", b"x")})
        assert r.status_code == 403
        c.cookies.set(f"qrsign_token_{PORT}", "guessed")
        assert c.get("/").status_code == 403


def test_the_link_token_becomes_a_strict_httponly_cookie(tmp_path):
    with make_client(tmp_path, cookie=False) as c:
        r = c.get(f"/?token={TOKEN}")
        assert r.status_code == 303 and r.headers["location"] == "/"  # the token leaves the address bar
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(f"qrsign_token_{PORT}={TOKEN};")
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert c.get("/").status_code == 200  # the client kept the cookie


@pytest.mark.parametrize("headers", [
    {"sec-fetch-site": "same-site"},  # a page on another local port
    {"sec-fetch-site": "cross-site"},
    {"origin": "http://127.0.0.1:9999"},
    {"origin": "http://attacker.example"},
    {"origin": "null"},
    {"sec-fetch-site": "same-origin", "origin": "http://127.0.0.1:9999"},
])
def test_a_post_from_another_origin_is_refused(client, root, headers):
    with MESSY.open("rb") as f:
        r = client.post("/check", files={"sheet": ("x.xlsx", f)}, headers=headers)
    assert r.status_code == 403
    assert not any(root.iterdir())  # nothing was stored


@pytest.mark.parametrize("headers", [{"sec-fetch-site": "same-origin"}, {"sec-fetch-site": "none"},
                                     {"origin": f"http://127.0.0.1:{PORT}"}, {}])
def test_a_post_from_this_page_passes(client, headers):
    with MESSY.open("rb") as f:
        r = client.post("/check", files={"sheet": ("x.xlsx", f)}, headers=headers)
    assert r.status_code == 303


def test_state_changes_are_posts_only(client):
    assert client.get("/check").status_code == 405
    location = upload_sheet(client, MESSY)
    assert client.get(location + "/build").status_code == 405
    assert client.get(location + "/columns").status_code == 405
    assert client.get("/lang").status_code == 405


def test_a_body_over_the_cap_is_refused_from_its_length(client, root):
    big = b"x" * (2 * 1024 * 1024 + 1)
    r = client.post("/check", files={"sheet": ("big.csv", big)})
    assert r.status_code == 413
    assert "2 MB" in r.text
    assert not any(root.iterdir())


def test_a_streamed_body_over_the_cap_is_stopped_while_streaming(client, root):
    """No Content-Length (chunked): the body is counted as it arrives and never stored whole."""
    boundary = "XyZ"
    seen = []

    def body():
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"sheet\"; filename=\"big.csv\"\r\n"
               "Content-Type: text/csv\r\n\r\n").encode()
        for _ in range(40):  # 40 × 64 KiB … 2.5 MB, over the 2 MB cap
            seen.append(1)
            yield b"y" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    r = client.post("/check", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 413
    assert not any(root.iterdir())  # the partial upload was removed


def test_every_response_carries_nosniff_and_the_csp(client):
    location = upload_sheet(client, MESSY)
    responses = [client.get("/"), client.get("/static/app.css"), client.get("/mau.xlsx"), client.get(location),
                 client.get("/no-such-page"), client.get("/", headers={"host": "evil.example"}),
                 client.post("/check", headers={"sec-fetch-site": "cross-site"})]
    for r in responses:
        assert r.headers["x-content-type-options"] == "nosniff", r.url
        assert r.headers["content-security-policy"].startswith("default-src 'self'"), r.url


def test_downloads_are_attachments(client, tmp_path):
    r = client.get("/mau.xlsx")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith('attachment; filename="danh-sach.xlsx"')
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "Danh sách" in wb.sheetnames[0] or wb.sheetnames
    location = upload_sheet(client, MESSY)
    r = client.get(location + "/bao-cao-loi.xlsx")
    assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment;")


def test_uploads_are_named_by_the_server_inside_one_folder(client, root):
    location = upload_sheet(client, MESSY, name="../../../etc/danh sách<x>.xlsx")
    stored = [p for p in root.rglob("*") if p.is_file()]
    assert len(stored) == 1
    (path,) = stored
    assert path.relative_to(root).parts[:2] == (location.rsplit("/", 1)[1], "001")
    assert path.name == "danh sáchx.xlsx"
    page = client.get(location).text
    assert "danh sách&lt;x&gt;.xlsx" in page  # the client's name is display text, escaped


@pytest.mark.parametrize("content, name", [
    (b"PK\x03\x04 not really a zip", "ds.xlsx"),
    (b"\x00\x01\x02garbage" * 50, "ds.xls"),
    (b"", "rong.csv"),
    ("Tên,Tuổi\nAn,3\n".encode(), "ds.csv"),
])
def test_a_hostile_file_gets_the_cli_message_never_a_traceback(client, tmp_path, content, name):
    copy = tmp_path / name
    copy.write_bytes(content)
    expected = None
    try:
        api.check_file(copy)
    except api_errors() as err:
        expected = err
    r = client.post("/check", files={"sheet": (name, content)})
    if r.status_code == 303:
        r = client.get(r.headers["location"])
    assert "Traceback" not in r.text and "File \"" not in r.text
    if expected is not None:
        assert r.status_code == 422
        from qrsign.web.pages import error_text

        assert _html_text(error_text(expected, "vi", {str(copy): name})) in visible_text(r.text)
        assert str(tmp_path) not in r.text  # the server's folder is never shown
    else:
        assert r.status_code in (200, 422)


def api_errors():
    from qrsign.errors import QrsignError

    return QrsignError


def _html_text(message: str) -> str:
    return re.sub(r"\s+", " ", message)


def test_a_bug_is_said_plainly_without_a_traceback(client, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("secret internals /home/user/file.py line 3")

    monkeypatch.setattr(api, "check_file", broken)
    location = upload_sheet(client, MESSY)
    r = client.get(location)
    assert r.status_code == 500
    assert "Lỗi nội bộ" in r.text and "RuntimeError" in r.text
    assert "secret internals" not in r.text and "Traceback" not in r.text


# --------------------------------------------------------------------------------------------------
# flow 1: what was read, problems, signs


def test_the_sheet_page_shows_what_was_read_problems_and_signs(client):
    result = api.check_file(MESSY)
    page = client.get(upload_sheet(client, MESSY)).text
    columns = rows(page, "columns")
    assert [(c["column"], c["field"]) for c in columns] == [
        ("A", "index"), ("B", "name"), ("C", "stall"), ("D", "bank"), ("E", "account"), ("F", "phone"), ("G", "note")]
    assert {c["sheet"] for c in columns} == {"Sheet1"} and columns[4]["header"] == "STK"
    problems = rows(page, "problems")
    assert [(int(p["row"]), p["code"], p["severity"], p["column"]) for p in problems] == [
        (p.row, p.code, p.severity, p.column) for p in result.problems]
    assert "Lỗi" in page and "Cảnh báo" in page  # severity in words, not only colour
    vendors = rows(page, "vendors")
    assert [int(v["row"]) for v in vendors] == [vr.row for vr in result.vendors]
    for vr in result.vendors:  # holder exactly as printed, the account as in the QR
        cells = _cells(page, vr.row)
        assert cells["holder"] == vr.vendor.holder
        assert cells["account"] == api.decode(vr.vendor.payload).account == vr.vendor.account
        assert cells["bank_bin"] == vr.vendor.bank_bin
        assert cells["stall"] == vr.vendor.stall
    assert re.search(r'<button type="submit" name="build"', page)


def test_the_sheet_page_says_a_hidden_sheet_was_not_read(client, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Danh sách"
    for sheet in (wb.active, wb.create_sheet("Cũ")):
        sheet.append(["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"])
        sheet.append([1, "Lê Văn An" if sheet.title == "Danh sách" else "Ẩn Danh", "1", "ACB", "257678859"])
    wb["Cũ"].sheet_state = "hidden"
    wb.save(tmp_path / "an.xlsx")
    page = client.get(upload_sheet(client, tmp_path / "an.xlsx")).text
    item = re.search(r'<li data-sheet="Cũ" data-reason="hidden">(.*?)</li>', page, re.S)
    assert item and "đang ẩn trong file" in item.group(1) and "--" not in item.group(1)
    assert [v["row"] for v in rows(page, "vendors")] == ["2"] and "Ẩn Danh" not in page


def _cells(page: str, row: int) -> dict[str, str]:
    import html

    tr = re.search(rf'<tr data-row="{row}" data-sheet="[^"]*">(.*?)</tr>', page, re.S).group(1)
    return {f: html.unescape(re.sub(r"<[^>]+>", "", v)).strip()
            for f, v in re.findall(r'<t[dh][^>]*data-field="([a-z_]+)"[^>]*>(.*?)</t[dh]>', tr, re.S)}


def test_changing_a_columns_field_reads_the_sheet_again(client, tmp_path):
    """A holder column under a header qrsign does not know: ignored at first, chosen on the page, then read."""
    sheet = make_workbook(tmp_path / "ds.xlsx", {"Khu A": [
        ["STT", "Họ và tên", "Người nhận tiền", "Ngân hàng", "Số tài khoản", "Số quầy"],
        [1, "Nguyễn Văn An", "NGUYEN THI BINH", "VCB", "0011012345678", "A1"],
    ]})
    location = upload_sheet(client, sheet)
    page = client.get(location).text
    assert ("C", "") in [(c["column"], c["field"]) for c in rows(page, "columns")]
    assert _cells(page, 2)["holder"] == "NGUYEN VAN AN"
    r = client.post(location + "/columns", data={"col:Khu A!C": "holder"})
    assert r.status_code == 303
    page = client.get(location).text
    assert ("C", "holder") in [(c["column"], c["field"]) for c in rows(page, "columns")] or \
        ("C", "name") in [(c["column"], c["field"]) for c in rows(page, "columns")]
    assert _cells(page, 2)["holder"] == "NGUYEN THI BINH"
    assert client.post(location + "/columns", data={"col:Khu A!C": "no-such-field"}).status_code == 422


def test_a_sign_preview_is_a_png_of_that_row(client):
    result = api.check_file(MESSY)
    location = upload_sheet(client, MESSY)
    vr = result.vendors[0]
    r = client.get(f"{location}/sign/{vr.row}.png?sheet={vr.sheet}")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    import zxingcpp
    from PIL import Image

    image = Image.open(io.BytesIO(r.content))
    assert abs(image.height / image.width - 297 / 210) < 0.01  # the A4 sign the build will print, not a card
    (code,) = zxingcpp.read_barcodes(image)
    assert code.text == vr.vendor.payload
    assert client.get(f"{location}/sign/999.png").status_code == 422


def test_page_messages_never_tell_to_type_a_command(client):
    page = client.get(upload_sheet(client, MESSY)).text
    assert "E-BANK-UNKNOWN" in page
    text = visible_text(page)
    assert "Không nhận ra ngân hàng" in text
    assert "qrsign " not in text


COMMAND = re.compile(r"qrsign (?:banks|init|check|build|import|templates|verify|report|diff|make|payload|serve)\b")


def test_every_message_that_names_a_command_has_page_wording():
    for table in (messages.CATALOGUE,):
        for key, texts in table.items():
            if key.endswith(messages.PAGE) or not any(COMMAND.search(t) for t in texts):
                continue
            page = table.get(key + messages.PAGE)
            assert page is not None, f"{key} tells to type a command and has no {key}{messages.PAGE}"
            assert not any("qrsign " in t for t in page), key
    assert messages.render("E-BANK-UNKNOWN", "vi", on_page=True, value="X") != \
        messages.render("E-BANK-UNKNOWN", "vi", value="X")


# --------------------------------------------------------------------------------------------------
# build, import, patrol, report on the page


@pytest.fixture
def built(client):
    location = upload_sheet(client, MESSY)
    r = client.post(location + "/build", data={"template": "a6-de-ban"})
    assert r.status_code == 303
    job = r.headers["location"]
    again = client.post(location + "/build", data={"template": "a6-de-ban"})  # a double click
    assert again.headers["location"] == job
    assert wait_job(client, job)["state"] == "done"
    return job


def test_a_build_downloads_as_one_zip_with_what_build_writes(client, built):
    page = client.get(built).text
    assert re.search(rf'<a class="button primary" href="{built}/file/bien.zip" download>', page)
    r = client.get(built + "/file/bien.zip")
    assert r.headers["content-disposition"].startswith('attachment; filename="phuong-loi-bien.zip"')
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    import json

    manifest = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("manifest.json"))
    assert sorted(names) == sorted(["manifest.json", *(f["file"] for f in manifest["files"])])
    assert {s["account"] for s in manifest["signs"]} == {vr.vendor.account for vr in api.check_file(MESSY).vendors}
    assert client.get(built + "/page/0.png").headers["content-type"] == "image/png"
    assert client.get(built + "/file/../../etc/passwd").status_code in (404, 422)


def test_patrol_and_report_use_a_build_made_on_the_page(client, built, tmp_path):
    from PIL import Image

    job_id = built.rsplit("/", 1)[1]
    png = client.get(built + "/page/0.png").content
    photo = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(photo, "JPEG", quality=90)
    r = client.post("/patrol", data={"build": job_id}, files={"photos": ("anh-1.jpg", photo.getvalue())})
    assert r.status_code == 303
    assert wait_job(client, r.headers["location"])["state"] == "done"
    page = client.get(r.headers["location"]).text
    stalls = rows(page, "stalls")
    statuses = {s["status"] for s in stalls}
    assert statuses <= {"ok", "foreign", "unreadable", "not_checked"} and "ok" in statuses
    assert "0 biển nhầm quầy" in page  # every status of the patrol is counted on the page, wrong_stall too
    assert client.get(r.headers["location"] + "/file/tuan-tra.xlsx").status_code == 200
    r = client.post("/report", data={"build": job_id}, files={"manifests": ("", b"")})
    assert wait_job(client, r.headers["location"])["state"] == "done"
    page = client.get(r.headers["location"]).text
    assert 'id="board"' in page
    xlsx = client.get(r.headers["location"] + "/file/bao-cao.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames


def test_import_lists_every_picture_imported_or_refused(client, tmp_path):
    from qr14 import BANK_59, save, screenshot

    good = tmp_path / "A01.png"
    save(screenshot([BANK_59]), good)
    blank = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (300, 300), "white").save(blank, "PNG")
    r = client.post("/import", files=[("images", ("A01.png", good.read_bytes())),
                                      ("images", ("B02 trắng.png", blank.getvalue()))])
    assert r.status_code == 303
    assert wait_job(client, r.headers["location"])["state"] == "done"
    page = client.get(r.headers["location"]).text
    assert [(p["image"], p["status"]) for p in rows(page, "imported")] == [("A01.png", "ok"),
                                                                          ("B02 trắng.png", "refused")]
    xlsx = client.get(r.headers["location"] + "/file/danh-sach-tu-anh.xlsx")
    assert xlsx.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert BANK_59 in [c.value for row in ws.iter_rows() for c in row]


def test_the_language_toggle_is_a_post(client):
    r = client.post("/lang", data={"lang": "en", "next": "/import"})
    assert r.status_code == 303 and r.headers["location"] == "/import"
    assert 'lang="en"' in client.get("/").text
    r = client.post("/lang", data={"lang": "vi", "next": "//evil.example/"})
    assert r.headers["location"] == "/"


# --------------------------------------------------------------------------------------------------
# the command


def test_help_and_check_do_not_load_the_server_stack():
    code = ("import sys; from click.testing import CliRunner; from qrsign.cli.main import main; "
            "r = CliRunner().invoke(main, ['--help']); assert 'serve' in r.output; "
            f"CliRunner().invoke(main, ['check', r'{MESSY}']); "
            "bad = [m for m in ('starlette', 'uvicorn', 'jinja2', 'qrsign.web') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={**_env(), "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]", out.stderr


def _env() -> dict:
    import os

    return dict(os.environ)


def test_the_entry_point_calls_freeze_support(monkeypatch):
    import multiprocessing

    from qrsign.cli import main as entry

    calls = []
    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: calls.append("freeze"))
    monkeypatch.setattr(entry, "main", lambda: calls.append("main"))
    monkeypatch.setattr(entry._compat, "precompiled_dataclasses", lambda: None)  # the test process's own dataclasses
    entry.run()
    assert calls == ["freeze", "main"]


# --------------------------------------------------------------------------------------------------
# the body cap on the real server (uvicorn): refused before the body is sent, or while it streams


@pytest.fixture(scope="module")
def live():
    from web_helpers import LiveServer

    with LiveServer() as server:  # a 5 MB cap
        yield server


def _raw(live, head: str, body_chunks=()) -> tuple[int, int]:
    """Send a request by hand; (status, bytes of body sent before the answer came)."""
    import select
    import socket

    with socket.create_connection(("127.0.0.1", live.server.port), timeout=20) as s:
        s.sendall(head.encode())
        sent = 0
        for chunk in body_chunks:
            if select.select([s], [], [], 0)[0]:  # an answer came: stop sending
                break
            try:
                s.sendall(chunk)
            except OSError:  # the server closed the connection
                break
            sent += len(chunk)
        answer = b""
        while b"\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
    return int(answer.split(b" ", 2)[1]), sent


def _head(live, extra: str) -> str:
    return (f"POST /check HTTP/1.1\r\nHost: 127.0.0.1:{live.server.port}\r\n"
            f"Cookie: qrsign_token_{live.server.port}={live.server.token}\r\n"
            "Content-Type: multipart/form-data; boundary=B\r\n" + extra + "\r\n")


def test_a_declared_length_over_the_cap_is_refused_before_the_body(live):
    status, sent = _raw(live, _head(live, f"Content-Length: {6 * 1024 * 1024}\r\n"))
    assert status == 413 and sent == 0


def test_a_chunked_body_is_refused_once_it_passes_the_cap(live):
    part = b'--B\r\nContent-Disposition: form-data; name="sheet"; filename="x.csv"\r\n\r\n'
    chunks = [b"%x\r\n%s\r\n" % (len(part), part)]
    block = b"z" * 65536
    chunks += [b"%x\r\n%s\r\n" % (len(block), block)] * 800  # 50 MB offered, 5 MB allowed
    status, sent = _raw(live, _head(live, "Transfer-Encoding: chunked\r\n"), chunks)
    assert status == 413
    # refused while streaming, not after the whole body (what was sent past the cap is in socket buffers)
    assert sent < 25 * 1024 * 1024
    root = live.server.root
    assert not list(root.glob("ds-*"))  # nothing of the upload stays


def test_serve_prints_a_link_on_loopback_and_stops_cleanly_on_ctrl_c(tmp_path):
    import http.cookiejar
    import os
    import signal
    import socket
    import urllib.request

    env = {**_env(), "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "qrsign", "serve", "--no-browser", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    try:
        link = None
        for line in proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=[\w-]{20,}", line)
            if found:
                link, port = found.group(0), int(found.group(1))
                break
        assert link, "no link printed"
        jar = http.cookiejar.CookieJar()
        op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with op.open(link, timeout=20) as r:
            assert r.status == 200 and "Biển VietQR" in r.read().decode()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("qrsign-serve-")]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:  # this machine's address on a network
            try:
                s.connect(("10.255.255.255", 1))
                lan = s.getsockname()[0]
            except OSError:
                lan = None
        if lan and not lan.startswith("127."):
            with pytest.raises(OSError):  # nothing listens there: the page is not on the network
                socket.create_connection((lan, port), timeout=3).close()
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        assert "Đã dừng trang qrsign" in out
        assert not [p for p in tmp_path.iterdir() if p.name.startswith("qrsign-serve-")]  # temp files removed
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def test_every_text_of_the_templates_is_in_the_catalogue_in_both_languages():
    from qrsign.web.pages import HERE

    keys = set()
    for template in (HERE / "templates").glob("*.html"):
        keys |= set(re.findall(r"""\bt\(["']([a-z_.-]+[a-z_-])["']""", template.read_text(encoding="utf-8")))
    dynamic = {f"web.job.{k}" for k in ("build", "import", "patrol", "report")} | \
        {f"web.built.kind.{k}" for k in ("signs", "checklist", "withdraw")} | \
        {f"web.refused.{k}" for k in ("host", "origin", "token", "size")} | \
        {f"web.source.{k}" for k in ("typed", "imported", "sheet-payload")} | \
        {f"patrol.status.{k}" for k in ("ok", "foreign", "unreadable", "not_checked")}
    assert len(keys) > 60
    missing = sorted(k for k in keys | dynamic if k not in messages.UI)
    assert not missing
    for key in keys | dynamic:
        vi, en = messages.UI[key]
        assert vi.strip() and en.strip() and "qrsign " not in vi + en, key


# --------------------------------------------------------------------------------------------------
# a page left open all day: what it keeps on disk is bounded


def test_only_the_last_finished_jobs_are_kept_with_their_folders(tmp_path):
    from qrsign.web.jobs import Jobs

    jobs = Jobs(keep=3)
    started = []
    for i in range(6):
        folder = tmp_path / f"job-{i}"
        folder.mkdir()
        (folder / "bien.zip").write_bytes(b"x" * 1000)
        job, new = jobs.start("build", folder, lambda job: "done")
        jobs.wait(job)
        assert new and job.state == "done"
        started.append(job)
    kept = [j for j in started if jobs.get(j.id) is not None]
    # the sixth start dropped the oldest finished beyond 3 (the sixth itself was running then)
    assert kept == started[2:] and [j.folder.exists() for j in started] == [False, False, True, True, True, True]


def test_a_running_job_is_never_forgotten(tmp_path):
    import threading

    from qrsign.web.jobs import Jobs

    jobs, release = Jobs(keep=0), threading.Event()
    (tmp_path / "a").mkdir()
    running, _ = jobs.start("build", tmp_path / "a", lambda job: release.wait(30))
    assert jobs.get(running.id) is running and (tmp_path / "a").exists()
    release.set()
    jobs.wait(running)


def test_old_uploads_are_removed_but_not_the_sheet_a_build_reads(client, root, tmp_path, monkeypatch):
    from qrsign.web import views

    monkeypatch.setattr(views, "KEEP_SHEETS", 2)
    sheet = EXAMPLES / "cho-mau.csv"
    first = upload_sheet(client, sheet)
    second = upload_sheet(client, sheet)
    third = upload_sheet(client, sheet)
    gone = client.get(first)
    assert gone.status_code != 200 and "Không còn" in gone.text and "20 file tải lên" in gone.text  # E-WEB-GONE
    assert client.get(second).status_code == 200 and client.get(third).status_code == 200
    assert len([p for p in root.iterdir() if p.name.startswith("ds-")]) == 2

    # a build reading the second sheet: that sheet stays however many come after it
    import threading

    release = threading.Event()
    monkeypatch.setattr(views, "KEEP_SHEETS", 1)
    monkeypatch.setattr(views.api, "build", lambda *a, **k: release.wait(30) and None)
    started = client.post(second + "/build", data={"template": "a4-treo"})
    assert started.status_code == 303
    fourth = upload_sheet(client, sheet)
    assert client.get(second).status_code == 200 and client.get(fourth).status_code == 200
    assert client.get(third).status_code != 200
    release.set()


def test_a_starter_file_leaves_no_folder_behind(client, root):
    r = client.get("/mau.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert not [p for p in root.iterdir() if p.name.startswith("mau-")]
