"""The protections of a page served on 127.0.0.1, as one ASGI middleware (every request passes it first).

A "local only" server is reachable from every page the user's browser opens, so:

- **DNS rebinding** — a request whose ``Host`` is not ``127.0.0.1:PORT``, ``localhost:PORT`` or
  ``[::1]:PORT`` gets 400: a name that resolves to 127.0.0.1 does not make its page ours.
- **Other programs and users of the PC** — the per-launch token of the printed link becomes an HttpOnly,
  SameSite=Strict cookie on the first visit; without it every page is a 403 saying to open that link.
- **CSRF** — state changes are POSTs, and a POST whose ``Sec-Fetch-Site`` is not ``same-origin``/``none``, or
  whose ``Origin`` is not this server, gets 403. A page on another local port is same-site, not same-origin.
- **Huge bodies** — over the cap: 413 from ``Content-Length`` at once, or as soon as the streamed body passes it.
- **Sniffing, framing, inline uploads** — every response carries ``X-Content-Type-Options: nosniff``, a
  ``Content-Security-Policy`` of ``default-src 'self'`` (no inline script, no frames); no referrer leaves the page.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "qrsign_token"
SAFE_METHODS = ("GET", "HEAD")
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" makes Chromium send "Origin: null" on our own forms
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]
#: Paths served without the token: the style sheet and script of the pages (public, no data).
PUBLIC_PREFIX = "/static/"


class BodyTooLarge(Exception):
    """The request body passed the cap while it was being read."""


@dataclass
class Guard:
    """What the middleware checks against: the port (Host allow-list), the token, the body cap in bytes."""

    port: int
    token: str
    max_body: int

    @property
    def cookie(self) -> str:
        """The cookie's name, with the port: cookies are not kept apart by port, and two pages on two ports
        must not overwrite each other's token."""
        return f"{COOKIE}_{self.port}"

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}"}


#: ``refuse(scope, status, reason)`` → (body, content type): the refusal page in the user's language.
Refusal = Callable[[Scope, int, str], tuple[bytes, str]]


class SecurityMiddleware:
    """Every protection of the module docstring, in front of ``app``; ``refuse`` words the refusal pages."""

    def __init__(self, app: ASGIApp, guard: Guard, refuse: Refusal) -> None:
        self.app = app
        self.guard = guard
        self.refuse = refuse
        self.state: Any = None  # the app's state, for the server and the tests

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        reason = self._refusal(scope, headers)
        if reason is not None:
            await self._send_refusal(scope, send, *reason)
            return
        token = _query(scope).get("token")
        if token is not None and hmac.compare_digest(token.encode(), self.guard.token.encode()):
            await self._set_cookie(scope, send)
            return
        await self._run(scope, receive, _with_headers(send))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """(status, reason) when the request is refused before the app sees it."""
        if headers.get("host", "") not in self.guard.allowed_hosts():
            return 400, "host"
        method = scope["method"]
        if method not in SAFE_METHODS and not _same_origin(headers):
            return 403, "origin"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.guard.max_body:
            return 413, "size"
        if scope["path"].startswith(PUBLIC_PREFIX) and method in SAFE_METHODS:
            return None
        if "token" in _query(scope):  # a wrong token in the link: said as such, not as "open the link"
            return None if hmac.compare_digest(_query(scope)["token"].encode(), self.guard.token.encode()) \
                else (403, "token")
        cookie = _cookie(headers, self.guard.cookie)
        if cookie is None or not hmac.compare_digest(cookie.encode(), self.guard.token.encode()):
            return 403, "token"
        return None

    async def _run(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The app, with a body that stops at the cap: 413 if nothing was answered yet."""
        received = 0
        started = False

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.guard.max_body:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._send_refusal(scope, send, 413, "size")

    async def _set_cookie(self, scope: Scope, send: Send) -> None:
        """The link's token becomes a cookie, and the address bar loses it (303 to the same page)."""
        query = {k: v for k, v in _query(scope).items() if k != "token"}
        location = scope["path"] + ("?" + urlencode(query) if query else "")
        cookie = f"{self.guard.cookie}={self.guard.token}; HttpOnly; SameSite=Strict; Path=/"
        await _with_headers(send)({"type": "http.response.start", "status": 303, "headers": [
            (b"location", location.encode()), (b"set-cookie", cookie.encode()), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})

    async def _send_refusal(self, scope: Scope, send: Send, status: int, reason: str) -> None:
        body, content_type = self.refuse(scope, status, reason)
        await _with_headers(send)({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _with_headers(send: Send) -> Send:
    """``send`` that adds the security headers to the response's start."""
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {name.lower() for name, _ in message.get("headers", [])}
            message = {**message, "headers": [*message.get("headers", []),
                                              *((n, v) for n, v in HEADERS if n not in names)]}
        await send(message)
    return wrapped


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _query(scope: Scope) -> dict[str, str]:
    parsed = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return {k: v[0] for k, v in parsed.items()}


def _cookie(headers: dict[str, str], name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header is no cookie
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def _same_origin(headers: dict[str, str]) -> bool:
    """A state change from this page: Sec-Fetch-Site same-origin or none (typed, bookmarked), else an Origin
    equal to this server; a client that sends neither (a script with the cookie) passes."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    return origin is None or origin == f"http://{headers.get('host', '')}"
