"""The plumbing every page shares: sessions, CSRF, security headers, rendering, audit.

Handlers are plain functions `(ctx, form) -> Response`, wrapped by `page(...)`, which loads
the session and the user on every request, refuses a POST without the session's CSRF token,
checks the role, logs the request in the audit log and runs the handler in a worker thread.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from iob.decisions import DecisionStore
from iob.reference import gemeenten
from iob.settings import Settings
from review.audit import AuditLog
from review.data import DataCache
from review.users import User, UserStore

SESSION_COOKIE = "iob_sessie"
IDLE_SECONDS = 30 * 60
MAX_SECONDS = 10 * 60 * 60
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass
class Session:
    login: str
    csrf: str
    created: float
    seen: float
    skipped: set[str] = field(default_factory=set)
    flash: list[str] = field(default_factory=list)


class Sessions:
    """Server-side sessions in memory; the cookie holds only a random token."""

    def __init__(self) -> None:
        self._by_hash: dict[str, Session] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def create(self, login: str) -> str:
        token = secrets.token_urlsafe(32)
        now = time.time()
        with self._lock:
            self._by_hash[self._key(token)] = Session(login, secrets.token_urlsafe(32), now, now)
        return token

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        now = time.time()
        with self._lock:
            session = self._by_hash.get(self._key(token))
            if session is None:
                return None
            if now - session.seen > IDLE_SECONDS or now - session.created > MAX_SECONDS:
                del self._by_hash[self._key(token)]
                return None
            session.seen = now
            return session

    def drop(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._by_hash.pop(self._key(token), None)


class Review:
    """Everything the handlers need, made once per server."""

    def __init__(self, settings: Settings, *, demo: bool = False) -> None:
        self.settings = settings
        self.demo = demo
        self.users = UserStore(settings)
        self.audit = AuditLog(settings)
        self.decisions = DecisionStore.open(settings)
        self.cache = DataCache(settings)
        self.sessions = Sessions()
        self.login_secret = secrets.token_bytes(32)
        self.env = Environment(loader=PackageLoader("review", "templates"),
                               autoescape=select_autoescape(default=True, default_for_string=True))
        names = {code: g.naam for code, g in gemeenten().items()}
        self.env.globals.update(gemeentenaam=lambda code: names.get(code, code), demo=demo)
        self.env.filters["pct"] = lambda v: f"{round(float(v) * 100)}%"


@dataclass
class Ctx:
    review: Review
    request: Request
    user: User
    session: Session
    token: str

    def log(self, actie: str, obj: str, resultaat: str = "ok") -> None:
        self.review.audit.append(self.user.login, actie, obj, resultaat, origin(self.request))

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        return render(self.review, template, status, user=self.user, csrf=self.session.csrf,
                      flash=self.take_flash(), **values)

    def take_flash(self) -> list[str]:
        messages, self.session.flash = self.session.flash, []
        return messages

    def redirect(self, url: str, message: str | None = None) -> RedirectResponse:
        if message:
            self.session.flash.append(message)
        return RedirectResponse(url, status_code=303)

    def not_found(self, what: str, obj: str) -> HTMLResponse:
        self.log(f"{what}.bekijken", obj, "niet gevonden of buiten bereik (404)")
        return self.render("fout.html", 404, titel="Niet gevonden",
                           melding="Deze pagina bestaat niet of valt buiten uw bevoegdheid.")


def origin(request: Request) -> str:
    return request.client.host if request.client else "onbekend"


def render(review: Review, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = review.env.get_template(template).render(**values)
    return HTMLResponse(html, status_code=status)


def safe_next(value: str | None) -> str:
    """Only a local path may be a redirect target after login."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    return "/" if parts.scheme or parts.netloc else value


Handler = Callable[[Ctx, FormData | None], Response]


def page(review: Review, handler: Handler, roles: frozenset[str] | None,
         ) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        token = request.cookies.get(SESSION_COOKIE)
        session = review.sessions.get(token)
        user = await run_in_threadpool(review.users.get, session.login) if session else None
        if session is None or user is None or not user.actief:
            review.sessions.drop(token)
            if request.method == "GET":
                target = quote(request.url.path + (f"?{request.url.query}"
                                                   if request.url.query else ""), safe="")
                return RedirectResponse(f"/login?volgende={target}", status_code=303)
            return render(review, "fout.html", 403, titel="Niet ingelogd",
                          melding="Log opnieuw in en probeer het nog eens.")
        assert token is not None
        ctx = Ctx(review, request, user, session, token)
        form: FormData | None = None
        if request.method == "POST":
            form = await request.form()
            if not csrf_ok(request, form.get("csrf"), session.csrf):
                await run_in_threadpool(ctx.log, "csrf", request.url.path, "geweigerd (403)")
                return ctx.render("fout.html", 403, titel="Formulier geweigerd",
                                  melding="Dit formulier is verlopen of niet van deze site. "
                                          "Laad de pagina opnieuw en probeer het nog eens.")
        if roles is not None and user.rol not in roles:
            await run_in_threadpool(ctx.log, "toegang", request.url.path, "geweigerd (403)")
            return ctx.render("fout.html", 403, titel="Geen toegang",
                              melding="Uw rol geeft geen toegang tot deze pagina.")
        return await run_in_threadpool(handler, ctx, form)
    return endpoint


def csrf_ok(request: Request, sent: object, expected: str) -> bool:
    """The token must match, and a browser-sent Origin must be this site."""
    sent_origin = request.headers.get("origin")
    if sent_origin and sent_origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(sent_origin).netloc != host:
            return False
    return isinstance(sent, str) and secrets.compare_digest(sent.encode(), expected.encode())


class SecurityHeaders:
    """Adds the strict CSP and friends to every response; no caching of data pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode().lower() for k, _ in headers}
                extra: Mapping[str, str] = {
                    **SECURITY_HEADERS,
                    "cache-control": "max-age=3600" if static else "no-store",
                }
                headers += [(k.encode(), v.encode()) for k, v in extra.items()
                            if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
