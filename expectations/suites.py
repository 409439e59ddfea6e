"""One great-expectations suite per register table (`iob.<table>`), built from the schema.

The suites are generated, never edited by hand. `expectations/suites/<table>.json` holds a
readable copy for data stewards; regenerate it after a schema change with

    uv run python -m expectations.suites

(a test fails while a checked-in copy differs from the generated suite).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from expectations.checks import Check, checks
from expectations.context import context
from transforms.schema import TABLES, Table

SUITES_DIR = Path(__file__).parent / "suites"


def suite_name(table: Table) -> str:
    return f"iob.{table.name}"


def _expectation(check: Check) -> Any:
    import great_expectations.expectations as gxe

    cls = getattr(gxe, "".join(part.title() for part in check.type.split("_")))
    return cls(**check.kwargs, description=check.description, meta={"check": check.key})


def build_suite(table: Table) -> Any:
    """The `gx.ExpectationSuite` of `table` (not yet added to a context)."""
    import great_expectations as gx

    context()  # GX needs an active context to build a suite
    suite = gx.ExpectationSuite(
        name=suite_name(table),
        meta={"register": table.register, "tabel": table.name,
              "bron": "gegenereerd uit transforms/schema.py door expectations/suites.py"},
    )
    for check in checks(table):
        suite.add_expectation(_expectation(check))
    return suite


def suite_json(table: Table) -> dict[str, Any]:
    """The suite as JSON without GX's random ids, for the checked-in copy."""
    data: dict[str, Any] = build_suite(table).to_json_dict()
    data.pop("id", None)
    data.get("meta", {}).pop("great_expectations_version", None)
    for expectation in data["expectations"]:
        expectation.pop("id", None)
    return data


def suite_text(table: Table) -> str:
    return json.dumps(suite_json(table), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_suites(directory: Path = SUITES_DIR) -> list[Path]:
    """Write `<table>.json` for every table; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLES.values():
        path = directory / f"{table.name}.json"
        path.write_text(suite_text(table), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - maintenance script
    for written in write_suites():
        print(written)
