"""The one settings module: `IOB_`-prefixed environment variables, defaults that work.

| variable | default | meaning |
|---|---|---|
| IOB_DATA | ./data | the data folder |
| IOB_PSEUDONYM_KEY | (unset) | the pseudonymisation key itself |
| IOB_PSEUDONYM_KEY_FILE | ~/.config/iob/pseudonym.key | file holding the key |
| IOB_DATABASE_URL | sqlite:///DATA/decisions.sqlite | the decisions store |
| IOB_CONFIG | (unset) | a TOML file with rule thresholds and other settings |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data: Path
    pseudonym_key: str | None
    pseudonym_key_file: Path
    database_url: str | None
    config_file: Path | None

    @property
    def landing(self) -> Path:
        return self.data / "landing"

    @property
    def lake(self) -> Path:
        return self.data / "lake"

    @property
    def quality(self) -> Path:
        return self.data / "quality"

    @property
    def quarantine(self) -> Path:
        return self.data / "quarantine"

    @property
    def runs(self) -> Path:
        return self.data / "runs"

    @property
    def decisions_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data / 'decisions.sqlite'}"


def default_key_file() -> Path:
    return Path(os.path.expanduser("~/.config/iob/pseudonym.key"))


def load_settings(data: str | Path | None = None) -> Settings:
    """Settings from the environment; an explicit `data` (from `--data`) wins over IOB_DATA."""
    env = os.environ
    data_dir = Path(data) if data is not None else Path(env.get("IOB_DATA", "./data"))
    key_file = env.get("IOB_PSEUDONYM_KEY_FILE")
    config = env.get("IOB_CONFIG")
    return Settings(
        data=data_dir,
        pseudonym_key=env.get("IOB_PSEUDONYM_KEY") or None,
        pseudonym_key_file=Path(key_file) if key_file else default_key_file(),
        database_url=env.get("IOB_DATABASE_URL") or None,
        config_file=Path(config) if config else None,
    )
