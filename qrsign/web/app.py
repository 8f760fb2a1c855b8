"""The Starlette application: routes, the protections in front of them, and errors as pages.

A typed error becomes its catalogue message in the page's wording with the CLI's meaning (unusable input:
422, like exit code 2); anything else is said plainly ("internal error") — a traceback never reaches the page.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from qrsign import messages
from qrsign.errors import InputError, OutputError, QrsignError
from qrsign.web import pages, views
from qrsign.web.security import BodyTooLarge, Guard, Scope, SecurityMiddleware

ROUTES = [
    Route("/", views.home),
    Route("/lang", views.set_lang, methods=["POST"]),
    Route("/mau.xlsx", views.starter),
    Route("/check", views.check_upload, methods=["POST"]),
    Route("/sheet/{sid}", views.sheet_page),
    Route("/sheet/{sid}/columns", views.sheet_columns, methods=["POST"]),
    Route("/sheet/{sid}/build", views.start_build, methods=["POST"]),
    Route("/sheet/{sid}/sign/{row:int}.png", views.sign_preview),
    Route("/sheet/{sid}/bao-cao-loi.xlsx", views.check_report),
    Route("/import", views.import_page),
    Route("/import", views.start_import, methods=["POST"]),
    Route("/patrol", views.patrol_page),
    Route("/patrol", views.start_patrol, methods=["POST"]),
    Route("/report", views.report_page),
    Route("/report", views.start_report, methods=["POST"]),
    Route("/job/{jid}", views.job_page),
    Route("/job/{jid}/progress", views.job_progress),
    Route("/job/{jid}/file/{name}", views.job_file),
    Route("/job/{jid}/page/{index:int}.png", views.job_page_png),
    Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
]


def _status(err: QrsignError) -> int:
    return 500 if isinstance(err, OutputError) else 422 if isinstance(err, InputError) else 400


async def _typed_error(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, QrsignError)
    lang = views.lang_of(request)
    return views.page(request, "error.html", status=_status(exc), message=pages.error_text(exc, lang))


async def _internal_error(request: Request, exc: Exception) -> HTMLResponse:
    lang = views.lang_of(request)
    if isinstance(exc, BodyTooLarge):  # the body passed the cap while a handler read it
        return views.page(request, "refused.html", status=413, reason="size",
                          max_mb=views.state_of(request).max_upload_mb)
    if isinstance(exc, OSError):
        message = messages.render("E-OUTPUT-UNWRITABLE", lang, on_page=True, value=exc.filename or "",
                                  detail=exc.strerror or type(exc).__name__)
    else:
        message = messages.ui("web.internal", lang, kind=type(exc).__name__)
    return views.page(request, "error.html", status=500, message=message)


def create_app(*, root: Path, port: int, token: str | None = None, max_upload_mb: int = 200,
               lang: str = "vi") -> Any:
    """The page's ASGI app: ``root`` holds every upload and output (one server-named folder per job), ``port``
    is the one the Host header must name, ``token`` the per-launch secret of the printed link."""
    app = Starlette(routes=ROUTES, exception_handlers={QrsignError: _typed_error, Exception: _internal_error})
    app.state.qrsign = views.State(root=root, default_lang=lang, max_upload_mb=max_upload_mb)
    guard = Guard(port=port, token=token or secrets.token_urlsafe(24), max_body=max_upload_mb * 1024 * 1024)
    wrapped = SecurityMiddleware(app, guard, _refusal_page(lang, max_upload_mb))
    wrapped.state = app.state
    return wrapped


def _refusal_page(lang: str, max_upload_mb: int) -> Any:
    def refuse(scope: Scope, status: int, reason: str) -> tuple[bytes, str]:
        body = pages.render("refused.html", lang, status=status, reason=reason, max_mb=max_upload_mb, path="/")
        return body.encode("utf-8"), "text/html; charset=utf-8"
    return refuse
