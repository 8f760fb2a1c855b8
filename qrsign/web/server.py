"""Run the page: uvicorn on 127.0.0.1 only, a per-launch token, a temporary folder removed on the way out."""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now (port 0 asks the system for one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


class Server:
    """The page's app and its uvicorn server, ready to run in this thread (``run``) or another (tests)."""

    def __init__(self, *, port: int = 0, max_upload_mb: int = 200, lang: str = "vi") -> None:
        import uvicorn

        from qrsign.web.app import create_app

        self.port = port or free_port()
        self.token = secrets.token_urlsafe(24)
        self.root = Path(tempfile.mkdtemp(prefix="qrsign-serve-"))
        self.app = create_app(root=self.root, port=self.port, token=self.token, max_upload_mb=max_upload_mb,
                              lang=lang)
        config = uvicorn.Config(self.app, host=HOST, port=self.port, log_level="warning", access_log=False,
                                server_header=False, lifespan="off")
        self.uvicorn = uvicorn.Server(config)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/?token={self.token}"

    def run(self, on_ready: Callable[[], Any] | None = None) -> None:
        """Serve until Ctrl-C (uvicorn stops cleanly on it); the temporary folder is removed either way.

        Once the page answers, a thread checks a two-row sheet: the readers, the bank list and the fonts are
        loaded before the volunteer's file arrives, so its tables come back in a second, not three.
        """
        original = self.uvicorn.startup

        async def startup(*args: Any, **kwargs: Any) -> None:
            await original(*args, **kwargs)
            if self.uvicorn.started:
                threading.Thread(target=self.warm_up, name="qrsign-warm-up", daemon=True).start()
                if on_ready is not None:
                    on_ready()

        self.uvicorn.startup = startup  # type: ignore[method-assign]
        try:
            self.uvicorn.run()
        finally:
            self.cleanup()

    def warm_up(self) -> None:
        from qrsign import api
        from qrsign.errors import QrsignError

        sample = self.root / "warm-up" / "mau.csv"
        sample.parent.mkdir(exist_ok=True)
        sample.write_text("Họ và tên,Số quầy,Ngân hàng,Số tài khoản\nNguyễn Văn An,1,VCB,0011012345678\n",
                          encoding="utf-8")
        try:
            api.check_file(sample)
            api.templates()
        except (QrsignError, OSError):  # a warm-up that fails costs nothing but time later
            pass
        finally:
            shutil.rmtree(sample.parent, ignore_errors=True)

    def stop(self) -> None:
        self.uvicorn.should_exit = True

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
