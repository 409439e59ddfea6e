"""Key handling: from env or key file, never inside the data folder, fingerprint enforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from iob.errors import ConfigError, KeyMismatchError
from iob.pseudonym import check_fingerprint, ensure_demo_key, hasher, load_key
from iob.settings import load_settings


def test_demo_key_is_created_once_and_then_loaded(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "data")
    created = ensure_demo_key(settings)
    assert created == settings.pseudonym_key_file
    assert ensure_demo_key(settings) is None
    key = load_key(settings)
    assert len(key) == 64
    assert (created.stat().st_mode & 0o777) == 0o600


def test_missing_key_gives_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="IOB_PSEUDONYM_KEY"):
        load_key(load_settings(tmp_path / "data"))


def test_env_key_wins_over_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOB_PSEUDONYM_KEY", "een-geheime-sleutel-van-voldoende-lengte")
    assert load_key(load_settings(tmp_path)) == b"een-geheime-sleutel-van-voldoende-lengte"


def test_key_file_inside_the_data_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "k.key").write_text("x" * 40)
    monkeypatch.setenv("IOB_PSEUDONYM_KEY_FILE", str(data / "k.key"))
    with pytest.raises(ConfigError, match="buiten de datamap"):
        load_key(load_settings(data))


def test_a_data_folder_refuses_a_different_key(tmp_path: Path) -> None:
    check_fingerprint(b"a" * 32, tmp_path)
    check_fingerprint(b"a" * 32, tmp_path)
    with pytest.raises(KeyMismatchError, match="wijkt af"):
        check_fingerprint(b"b" * 32, tmp_path)
    assert b"a" * 32 not in (tmp_path / ".pseudonym-fingerprint").read_bytes()


def test_hash_is_keyed_and_deterministic() -> None:
    h1, h2 = hasher(b"k1" * 16), hasher(b"k2" * 16)
    assert h1("IXP12AB34") == h1("IXP12AB34")
    assert h1("IXP12AB34") != h2("IXP12AB34")
    assert "IXP12AB34" not in h1("IXP12AB34")
