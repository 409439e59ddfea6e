"""Browser tests: Playwright driving Debian's chromium (headless) against a real server.

Log in with TOTP, review a linkage and see it honoured by the next run, decide on a signal,
and see a `<script>` name render as text. Slow: demo data and two nightly runs.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pyotp
import pytest

from iob.settings import load_settings
from tests.review.review_factory import PASSWORD, XSS, add_user, build_data

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-28"
ALL = "GM0938,GM0981,GM0994,GM1729,GM1903"

if not CHROMIUM.exists():  # pragma: no cover - .ci/run installs it
    if os.environ.get("CI"):
        raise RuntimeError("chromium ontbreekt: .ci/run hoort het te installeren")
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)",
                allow_module_level=True)
from playwright import sync_api  # noqa: E402 - only once chromium is known to exist


@contextmanager
def serve(data: Path) -> Iterator[str]:
    import uvicorn

    from review.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(load_settings(data)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Iterator[Path]:
    from flows.nightly import nightly
    from iob.demo import generate
    from iob.pseudonym import ensure_demo_key

    data = tmp_path_factory.mktemp("review-demo") / "data"
    generate(data, seed=5, scale=0.1)
    mp = pytest.MonkeyPatch()
    mp.setenv("IOB_PSEUDONYM_KEY_FILE", str(data.parent / "pseudonym.key"))
    ensure_demo_key(load_settings(data))
    nightly(data=str(data), as_of=AS_OF, docs=False)
    yield data
    mp.undo()


def _login(page: sync_api.Page, base: str, login: str, secret: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=gebruikersnaam]", login)
    page.fill("input[name=wachtwoord]", PASSWORD)
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("button.primair")


def test_login_with_totp_in_the_browser(demo: Path, browser: sync_api.Browser) -> None:
    secret = add_user(demo, "lisa.login", "analist", "GM0994")
    with serve(demo) as base:
        page = browser.new_page()
        _login(page, base, "lisa.login", secret)
        assert page.url.endswith("/signalen")
        assert page.locator("h1").inner_text() == "Signalen"
        page.click("text=Uitloggen")
        assert "/login" in page.url
        page.close()


def test_review_a_linkage_and_see_it_honoured_after_the_next_run(
        demo: Path, browser: sync_api.Browser, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.nightly import nightly

    monkeypatch.setenv("IOB_PSEUDONYM_KEY_FILE", str(demo.parent / "pseudonym.key"))
    secret = add_user(demo, "karel.koppel", "riec_analist", ALL)
    with serve(demo) as base:
        page = browser.new_page()
        _login(page, base, "karel.koppel", secret)
        page.goto(f"{base}/koppelingen")
        first = page.locator("article.paar").first
        pair = (first.get_attribute("id") or "").removeprefix("paar-")
        assert pair, "the queue shows at least one pair"
        first.locator("input[name=waarom]").fill("zelfde geboortedatum en adres (test)")
        first.locator("button[value=zelfde]").click()
        assert "Vastgelegd: dezelfde persoon" in page.locator(".melding").inner_text()
        assert page.locator(f"#paar-{pair}").count() == 0
        page.close()
    from iob.decisions import DecisionStore
    decision = DecisionStore.open(load_settings(demo)).latest_links().row(0, named=True)
    assert decision["wie"] == "karel.koppel" and decision["oordeel"] == "zelfde"
    nightly(data=str(demo), as_of=AS_OF, docs=False)
    mentions = pl.read_parquet(demo / "entities" / "mentions.parquet")
    ids = mentions.filter(pl.col("mention_id").is_in([decision["mention_a"],
                                                      decision["mention_b"]]))
    assert ids.height == 2 and ids["entity_id"].n_unique() == 1, "joined by the next run"


def test_decide_on_a_signal(demo: Path, browser: sync_api.Browser) -> None:
    secret = add_user(demo, "sara.signaal", "analist", ALL)
    with serve(demo) as base:
        page = browser.new_page()
        _login(page, base, "sara.signaal", secret)
        page.locator("table.lijst a.titel").first.click()
        assert re.search(r"/signalen/[0-9a-f]+$", page.url)
        page.check("input[value=casusoverleg]")
        page.fill("textarea[name=notitie]", "Bespreken in het RIEC-casusoverleg")
        page.click("text=Besluit vastleggen")
        assert "Besluit vastgelegd" in page.locator(".melding").inner_text()
        assert "Casusoverleg" in page.locator(".besluitkaart").inner_text()
        assert "Bespreken in het RIEC-casusoverleg" in page.locator(".historie").inner_text()
        page.close()


def test_a_script_name_renders_as_text(tmp_path: Path, browser: sync_api.Browser) -> None:
    data = build_data(tmp_path / "data")
    secret = add_user(data, "xavier.xss", "analist", "GM0994")
    dialogs: list[str] = []
    with serve(data) as base:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        _login(page, base, "xavier.xss", secret)
        for path in ("/entiteiten/P-1", "/signalen/s-own", "/koppelingen"):
            page.goto(f"{base}{path}")
            assert page.get_by_text(XSS).first.is_visible(), path
            assert page.locator("script").count() == 0, path
        page.close()
    assert dialogs == [], "no script ran"
