"""Test-wide settings: a temporary Prefect home, no real keys, no user environment."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# The machine is shared and noisy: property tests judge behaviour, not speed.
settings.register_profile("iob", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("iob")

# Before anything imports prefect: keep its database out of the user's home.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="iob-prefect-"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test gets its own key file outside any data folder, and no IOB_* leakage."""
    for name in list(os.environ):
        if name.startswith("IOB_") and not name.startswith("IOB_TEST_"):
            monkeypatch.delenv(name)
    keydir = tmp_path_factory.mktemp("key")
    monkeypatch.setenv("IOB_PSEUDONYM_KEY_FILE", str(keydir / "pseudonym.key"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API for the whole session (starting one costs 12-22 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """A small demo delivery run twice through the whole nightly flow (shared, read-only)."""
    from flows.nightly import nightly
    from iob.demo import generate
    from iob.pseudonym import ensure_demo_key
    from iob.settings import load_settings

    data = tmp_path_factory.mktemp("demo") / "data"
    generate(data, seed=3, scale=0.1)
    key_dir = tmp_path_factory.mktemp("demokey")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOB_PSEUDONYM_KEY_FILE", str(key_dir / "pseudonym.key"))
        ensure_demo_key(load_settings(data))
        nightly(data=str(data), as_of="2026-11-28")
        nightly(data=str(data), as_of="2026-11-28")
    return data
