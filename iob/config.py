"""The optional TOML config file (IOB_CONFIG): rule thresholds per region or municipality.

```toml
[signalen."heling.prijs"]          # for every municipality
fractie = 0.25
[signalen.GM0981."heling.bewaartermijn"]   # for Vaals only
werkdagen = 3
```
"""

from __future__ import annotations

import tomllib
from typing import Any

from iob.errors import ConfigError
from iob.settings import Settings


def load_config(settings: Settings) -> dict[str, Any]:
    path = settings.config_file
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"configuratiebestand {path} (IOB_CONFIG) bestaat niet") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuratiebestand {path} is geen geldige TOML: {exc}") from None


def signal_config(settings: Settings) -> Any:
    """The graph package's SignalConfig with the overrides from the config file."""
    from graph.config import SignalConfig

    overrides = load_config(settings).get("signalen", {})
    if not isinstance(overrides, dict):
        raise ConfigError("[signalen] in het configuratiebestand moet een tabel zijn")
    return SignalConfig(overrides)
