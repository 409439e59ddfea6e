"""Authorization on the server: every route, as every role of another municipality, answers
404/403 for each object out of scope; the Bibob compartment; auditor sees no data."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from review.users import ROLLEN
from tests.review.review_factory import (
    OTHER,
    OWN,
    PAIR_OWN,
    XSS,
    add_user,
    build_data,
    client,
    login,
    page_csrf,
)

# Objects that belong to OWN (Valkenburg) only, or to OWN and THIRD (bovenlokaal).
OUT_OF_SCOPE_GET = ["/signalen/s-own", "/signalen/s-bov", "/entiteiten/P-1", "/entiteiten/P-3",
                    "/entiteiten/P-4", "/signalen/bestaat-niet", "/entiteiten/P-onbekend"]
OUT_OF_SCOPE_POST = [("/signalen/s-own", {"besluit": "geen_actie", "notitie": "x"}),
                     ("/signalen/s-bov", {"besluit": "casusoverleg", "notitie": "x"}),
                     (f"/koppelingen/{PAIR_OWN}", {"oordeel": "zelfde", "waarom": "x"})]


def _logged_in(data: Path, rol: str, gemeente: str) -> TestClient:
    name = f"{rol.replace('_', '.')}.{gemeente.lower()}"
    secret = add_user(data, name, rol, gemeente)
    c = client(data)
    assert login(c, name, secret) == 303
    return c


@pytest.mark.parametrize("rol", ROLLEN)
def test_every_route_as_every_role_of_another_municipality(tmp_path: Path, rol: str) -> None:
    data = build_data(tmp_path / "data")
    c = _logged_in(data, rol, OTHER)
    for path in OUT_OF_SCOPE_GET:
        response = c.get(path)
        assert response.status_code in (403, 404), (rol, path, response.status_code)
        assert XSS not in response.text and "&lt;script&gt;" not in response.text
    csrf = page_csrf(c)
    for path, form in OUT_OF_SCOPE_POST:
        response = c.post(path, data={**form, "csrf": csrf})
        assert response.status_code in (403, 404), (rol, path, response.status_code)
    listing = c.get("/signalen")
    queue = c.get("/koppelingen")
    if rol in ("analist", "riec_analist", "bibob_coordinator"):
        assert listing.status_code == 200 and queue.status_code == 200
        assert "s-own" not in listing.text and "s-bov" not in listing.text
        assert "s-other" in listing.text
        assert PAIR_OWN not in queue.text and "Jansen" not in queue.text
    else:
        assert listing.status_code == 403 and queue.status_code == 403
        for path in ("/signalen/s-other", "/entiteiten/P-2"):
            assert c.get(path).status_code in (403, 404)
    assert c.get("/audit").status_code == (200 if rol == "auditor" else 403)
    from iob.decisions import DecisionStore
    from iob.settings import load_settings
    store = DecisionStore.open(load_settings(data))
    assert store.signal_history().is_empty() and store.link_history().is_empty()


def test_bovenlokaal_signal_shows_to_both_municipalities_with_evidence(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    vaals = _logged_in(data, "analist", "GM0981")
    page = vaals.get("/signalen/s-bov")
    assert page.status_code == 200 and "D1" in page.text and "D3" in page.text
    assert vaals.get("/entiteiten/P-1").status_code == 200, "evidence of a bovenlokaal signal"
    assert vaals.get("/entiteiten/P-4").status_code == 404, "not evidence: out of scope"


def test_bibob_details_only_for_the_bibob_coordinator(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    analist = _logged_in(data, "analist", OTHER)
    page = analist.get("/signalen/s-bib")
    assert page.status_code == 200
    assert "afgeschermd" in page.text and "Toelichting van s-bib" not in page.text
    assert "B1" not in page.text and "Bibobsen" not in page.text
    assert analist.get("/entiteiten/P-5").status_code == 404
    assert "Bibob</span>" not in analist.get("/signalen").text
    coordinator = _logged_in(data, "bibob_coordinator", OTHER)
    page = coordinator.get("/signalen/s-bib")
    assert "Toelichting van s-bib" in page.text and "B1" in page.text
    assert coordinator.get("/entiteiten/P-5").status_code == 200


def test_auditor_sees_the_log_and_no_personal_data(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    analist = _logged_in(data, "analist", OWN)
    analist.get("/entiteiten/P-1")
    auditor = _logged_in(data, "auditor", OWN)
    log = auditor.get("/audit")
    assert log.status_code == 200
    assert "entiteit.bekijken" in log.text and "P-1" in log.text
    assert "Jan" not in log.text and "script" not in log.text and "Markt" not in log.text
    assert auditor.get("/signalen/s-own").status_code == 403


def test_not_logged_in_redirects_to_login_and_post_is_refused(tmp_path: Path) -> None:
    data = build_data(tmp_path / "data")
    c = client(data)
    response = c.get("/signalen/s-own")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert c.post("/signalen/s-own", data={"besluit": "geen_actie"}).status_code == 403
