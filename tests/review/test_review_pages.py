"""The pages: decisions and judgements reach the decisions store, data is escaped, strict
security headers, filters and the signal list order."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from iob.decisions import DecisionStore
from iob.settings import load_settings
from tests.review.review_factory import (
    OWN,
    PAIR_OWN,
    XSS,
    add_user,
    build_data,
    client,
    login,
    page_csrf,
)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, TestClient]:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "anna.jansen", "analist", f"{OWN},GM0981")
    c = client(data)
    assert login(c, "anna.jansen", secret) == 303
    return data, c


def test_signal_decision_is_recorded_with_who_and_note(setup: tuple[Path, TestClient]) -> None:
    data, c = setup
    response = c.post("/signalen/s-own", data={"besluit": "casusoverleg", "notitie": "RIEC",
                                               "csrf": page_csrf(c)})
    assert response.status_code == 303
    latest = DecisionStore.open(load_settings(data)).latest_signals().row(0, named=True)
    assert (latest["signal_id"], latest["besluit"], latest["wie"], latest["notitie"]) == \
        ("s-own", "casusoverleg", "anna.jansen", "RIEC")
    assert "Casusoverleg" in c.get("/signalen/s-own").text
    assert c.get("/signalen?besluit=casusoverleg").text.count("/signalen/s-") == 1


def test_link_judgement_goes_to_the_decisions_store(setup: tuple[Path, TestClient]) -> None:
    data, c = setup
    queue = c.get("/koppelingen").text
    assert PAIR_OWN in queue and "voorletters gelijk" in queue and "achternaam anders" in queue
    c.post(f"/koppelingen/{PAIR_OWN}", data={"oordeel": "overslaan", "csrf": page_csrf(c)})
    assert PAIR_OWN not in c.get("/koppelingen").text
    assert DecisionStore.open(load_settings(data)).link_history().is_empty()
    c.get("/koppelingen?overgeslagen=terug")
    c.post(f"/koppelingen/{PAIR_OWN}", data={"oordeel": "verschillend", "waarom": "ander",
                                             "csrf": page_csrf(c)})
    links = DecisionStore.open(load_settings(data)).latest_links().row(0, named=True)
    assert (links["mention_a"], links["mention_b"], links["oordeel"], links["wie"]) == \
        ("dor:D1:verkoper:1", "dor:D4:verkoper:1", "verschillend", "anna.jansen")
    assert PAIR_OWN not in c.get("/koppelingen").text, "a decided pair leaves the queue"


def test_a_script_name_renders_as_text(setup: tuple[Path, TestClient]) -> None:
    _, c = setup
    for path in ("/signalen/s-own", "/entiteiten/P-1", "/koppelingen"):
        html = c.get(path).text
        assert XSS not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path


def test_strict_security_headers_on_every_page(setup: tuple[Path, TestClient]) -> None:
    _, c = setup
    for path in ("/login", "/signalen", "/signalen/s-own", "/static/review.css", "/nergens"):
        headers = c.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "script-src" not in csp
        assert headers["x-content-type-options"] == "nosniff"
    assert c.get("/signalen").headers["cache-control"] == "no-store"


def test_list_is_sorted_by_score_and_filters(setup: tuple[Path, TestClient]) -> None:
    _, c = setup
    html = c.get("/signalen").text
    assert html.index("s-own") < html.index("s-bov")
    assert "s-own" not in c.get("/signalen?regel=netwerk.bovenlokaal_cluster").text
    assert "s-bov" not in c.get("/signalen?score=0,8").text
    assert "Geen signalen" in c.get("/signalen?van=2027-01-01").text
    assert c.get("/signalen?score=abc&pagina=-3&van=gisteren").status_code == 200


def test_ids_are_shown_as_pseudonyms_only(setup: tuple[Path, TestClient]) -> None:
    _, c = setup
    html = c.get("/signalen/s-own").text
    assert "pseudoniem cdcdcdcdcd" in html and "cd" * 32 not in html
