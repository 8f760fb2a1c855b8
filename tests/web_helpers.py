"""Shared pieces of the web page's tests: an app with a known token, a client that holds its cookie."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

PORT = 8765  # only the Host header names it: TestClient opens no socket
TOKEN = "t0ken-for-tests"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def make_client(tmp_path: Path, *, max_upload_mb: int = 2, cookie: bool = True, lang: str = "vi"):
    from starlette.testclient import TestClient

    from qrsign.web.app import create_app

    app = create_app(root=tmp_path, port=PORT, token=TOKEN, max_upload_mb=max_upload_mb, lang=lang)
    client = TestClient(app, base_url=f"http://127.0.0.1:{PORT}", raise_server_exceptions=False,
                        follow_redirects=False)
    if cookie:
        client.cookies.set(f"qrsign_token_{PORT}", TOKEN)
    return client


def wait_job(client, location: str, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        state = client.get(location + "/progress").json()
        if state["state"] != "running":
            return state
        time.sleep(0.05)
    raise AssertionError(f"job {location} still running")


def rows(html: str, table: str) -> list[dict[str, str]]:
    """The data-* attributes of every row of ``table#<table>`` (a small regex reader: the pages are ours)."""
    body = re.search(rf'<table id="{table}">(.*?)</table>', html, re.S)
    assert body, f"no table#{table}"
    out = []
    for tr in re.findall(r"<tr (data-[^>]*)>", body.group(1)):
        out.append({k: _unescape(v) for k, v in re.findall(r'data-([a-z_-]+)="([^"]*)"', tr)})
    return out


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def visible_text(html: str) -> str:
    """What a reader sees: the page without tags, scripts' URLs or attribute values."""
    import html as h

    return h.unescape(re.sub(r"<[^>]+>", " ", html))


class LiveServer:
    """The real server (uvicorn) on a free 127.0.0.1 port, in a thread of the test process."""

    def __init__(self) -> None:
        from qrsign.web.server import Server

        self.server = Server(port=0, max_upload_mb=5)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        end = time.monotonic() + 20
        while not self.server.uvicorn.started:
            if time.monotonic() > end:
                raise AssertionError("the server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()
        self.thread.join(timeout=20)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"
