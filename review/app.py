"""The review application: routes at the addresses fixed in contracts/outputs.md.

| route | who |
|---|---|
| GET/POST /login, POST /logout | everyone / logged in |
| GET /signalen, GET+POST /signalen/{signal_id} | analist, riec_analist, bibob_coordinator |
| GET /koppelingen, POST /koppelingen/{id} | same |
| GET /entiteiten/{entity_id} | same |
| GET /audit | auditor |
"""

from __future__ import annotations

import logging
import sys
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from iob.settings import Settings
from review.pages_links import judge_link, link_queue
from review.pages_login import home, login_endpoints, logout
from review.pages_other import audit_page, entity_page
from review.pages_signals import signal_list, signal_page
from review.users import DATA_ROLLEN
from review.web import Review, SecurityHeaders, page, render

log = logging.getLogger("iob.review")
AUDITOR = frozenset({"auditor"})


def create_app(settings: Settings, *, demo: bool = False,
               allowed_hosts: list[str] | None = None) -> Starlette:
    review = Review(settings, demo=demo)
    css = resources.files("review").joinpath("static/review.css").read_bytes()
    get_login, post_login = login_endpoints(review)

    async def stylesheet(request: Request) -> Response:
        return Response(css, media_type="text/css")

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 404
        if status == 405:
            return render(review, "fout.html", 405, titel="Niet toegestaan",
                          melding="Deze handeling kan hier niet.")
        return render(review, "fout.html", 404, titel="Niet gevonden",
                      melding="Deze pagina bestaat niet of valt buiten uw bevoegdheid.")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("interne fout op %s: %s: %s", request.url.path, type(exc).__name__, exc)
        print(f"iob review: interne fout op {request.url.path}: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return render(review, "fout.html", 500, titel="Er ging iets mis",
                      melding="Er ging iets mis aan onze kant. Probeer het later opnieuw; "
                              "blijft het misgaan, meld het dan bij de beheerder.")

    routes = [
        Route("/", page(review, home, None), methods=["GET"]),
        Route("/login", get_login, methods=["GET"]),  # type: ignore[arg-type]
        Route("/login", post_login, methods=["POST"]),  # type: ignore[arg-type]
        Route("/logout", page(review, logout, None), methods=["POST"]),
        Route("/signalen", page(review, signal_list, DATA_ROLLEN), methods=["GET"]),
        Route("/signalen/{signal_id}", page(review, signal_page, DATA_ROLLEN),
              methods=["GET", "POST"]),
        Route("/koppelingen", page(review, link_queue, DATA_ROLLEN), methods=["GET"]),
        Route("/koppelingen/{pair_id}", page(review, judge_link, DATA_ROLLEN),
              methods=["POST"]),
        Route("/entiteiten/{entity_id}", page(review, entity_page, DATA_ROLLEN),
              methods=["GET"]),
        Route("/audit", page(review, audit_page, AUDITOR), methods=["GET"]),
        Route("/static/review.css", stylesheet, methods=["GET"]),
        Route("/favicon.ico", favicon, methods=["GET"]),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={404: not_found, 405: not_found,
                                        Exception: server_error})
    app.state.review = review
    return app
