"""Login and logout: password + TOTP, CSRF-protected even before a session exists."""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from review.users import BLOKKADE, MAX_MISLUKT
from review.web import SESSION_COOKIE, Ctx, Review, csrf_ok, origin, render, safe_next

PRE_COOKIE = "iob_pre"
LOGIN_FORM_SECONDS = 3600


def _serializer(review: Review) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(review.login_secret, salt="iob-login")


def _login_form(review: Review, request: Request, status: int = 200,
                melding: str | None = None) -> Response:
    pre = request.cookies.get(PRE_COOKIE) or secrets.token_urlsafe(24)
    token = _serializer(review).dumps(pre)
    response = render(review, "login.html", status, csrf=token, melding=melding,
                      volgende=safe_next(request.query_params.get("volgende")),
                      max_mislukt=MAX_MISLUKT, blokkade=int(BLOKKADE.total_seconds() // 60))
    _set_cookie(response, request, PRE_COOKIE, pre, LOGIN_FORM_SECONDS)
    return response


def _set_cookie(response: Response, request: Request, name: str, value: str,
                max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def _login_csrf_ok(review: Review, request: Request, form: FormData) -> bool:
    pre = request.cookies.get(PRE_COOKIE)
    token = form.get("csrf")
    if not pre or not isinstance(token, str):
        return False
    try:
        signed = _serializer(review).loads(token, max_age=LOGIN_FORM_SECONDS)
    except BadSignature:
        return False
    return isinstance(signed, str) and csrf_ok(request, signed, pre)


def login_endpoints(review: Review) -> tuple[object, object]:
    async def get_login(request: Request) -> Response:
        if review.sessions.get(request.cookies.get(SESSION_COOKIE)):
            return RedirectResponse("/", status_code=303)
        return _login_form(review, request)

    async def post_login(request: Request) -> Response:
        form = await request.form()
        where = origin(request)
        name = str(form.get("gebruikersnaam") or "").strip().lower()[:40]
        if not _login_csrf_ok(review, request, form):
            await run_in_threadpool(review.audit.append, "-", "inloggen", "/login",
                                    "geweigerd: CSRF-token ontbreekt of klopt niet", where)
            return _login_form(review, request, 403, "Het formulier was verlopen. "
                                                     "Probeer het opnieuw.")
        user, result = await run_in_threadpool(
            lambda: review.users.authenticate(name, str(form.get("wachtwoord") or ""),
                                              str(form.get("code") or ""),
                                              require_totp=not review.demo))
        # A name nobody has may be a password typed in the wrong field: never log it.
        known = result != "onbekende gebruiker"
        await run_in_threadpool(review.audit.append, name if known else "-", "inloggen",
                                name if known else "onbekende gebruikersnaam",
                                "ok" if user else f"mislukt: {result}", where)
        if user is None:
            return _login_form(review, request, 401,
                               "Inloggen mislukt: gebruikersnaam, wachtwoord of code klopt niet, "
                               "of het account is tijdelijk geblokkeerd.")
        review.sessions.drop(request.cookies.get(SESSION_COOKIE))
        token = review.sessions.create(user.login)
        target = safe_next(str(form.get("volgende") or "/"))
        response = RedirectResponse(target, status_code=303)
        _set_cookie(response, request, SESSION_COOKIE, token, None)
        response.delete_cookie(PRE_COOKIE, path="/")
        return response

    return get_login, post_login


def logout(ctx: Ctx, form: FormData | None) -> Response:
    ctx.review.sessions.drop(ctx.token)
    ctx.log("uitloggen", ctx.user.login)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def home(ctx: Ctx, form: FormData | None) -> Response:
    if ctx.user.ziet_data:
        return RedirectResponse("/signalen", status_code=303)
    if ctx.user.rol == "auditor":
        return RedirectResponse("/audit", status_code=303)
    ctx.log("start.bekijken", "/")
    return ctx.render("start.html")
