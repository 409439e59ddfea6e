"""Every form is CSRF-protected: POSTs without the token, or from another origin, are refused."""

from __future__ import annotations

from pathlib import Path

import pyotp

from iob.decisions import DecisionStore
from iob.settings import load_settings
from tests.review.review_factory import (
    OWN,
    PAIR_OWN,
    PASSWORD,
    add_user,
    build_data,
    client,
    csrf_of,
    login,
    page_csrf,
)


def test_posts_without_csrf_token_are_refused(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    assert login(c, "anna.jansen", secret) == 303
    posts = [("/signalen/s-own", {"besluit": "geen_actie", "notitie": "x"}),
             (f"/koppelingen/{PAIR_OWN}", {"oordeel": "zelfde"}),
             ("/logout", {})]
    for path, form in posts:
        assert c.post(path, data=form).status_code == 403, path
        assert c.post(path, data={**form, "csrf": "vervalst"}).status_code == 403, path
    store = DecisionStore.open(load_settings(data))
    assert store.signal_history().is_empty() and store.link_history().is_empty()
    assert c.get("/signalen").status_code == 200, "still logged in: logout was refused too"


def test_login_without_csrf_token_is_refused(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    c.get("/login")
    response = c.post("/login", data={"gebruikersnaam": "anna.jansen", "wachtwoord": PASSWORD,
                                      "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 403 and "iob_sessie" not in response.headers.get(
        "set-cookie", "")


def test_cross_origin_post_is_refused_even_with_the_token(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "anna.jansen", "analist", OWN)
    c = client(data)
    assert login(c, "anna.jansen", secret) == 303
    token = page_csrf(c)
    response = c.post("/signalen/s-own", data={"besluit": "geen_actie", "csrf": token},
                      headers={"origin": "https://kwaadwillend.example"})
    assert response.status_code == 403
    ok = c.post("/signalen/s-own", data={"besluit": "geen_actie", "csrf": token})
    assert ok.status_code == 303


def test_login_form_token_is_bound_to_its_cookie(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "anna.jansen", "analist", OWN)
    token = csrf_of(client(data).get("/login").text)
    other = client(data)
    other.get("/login")
    response = other.post("/login", data={"gebruikersnaam": "anna.jansen",
                                          "wachtwoord": PASSWORD,
                                          "code": pyotp.TOTP(secret).now(), "csrf": token})
    assert response.status_code == 403
