"""Great-expectations Data Docs (static HTML) for the data steward.

`build_data_docs(results, docs_dir)` keeps a slim JSON copy of every validation result in
`docs_dir/resultaten/` (counts per expectation, no row ids or values: quarantine holds
those) and rebuilds the GX site in `docs_dir` from the newest `KEEP` of them, so
`index.html` lists the runs of earlier processes too. The site shows each suite with its
Dutch descriptions and, per run, which expectations failed on how many rows.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from expectations.context import LOCK, context

SITE = "iob"
RESULTS = "resultaten"
_DROP = ("unexpected_index_list", "unexpected_list", "partial_unexpected_index_list",
         "partial_unexpected_counts", "unexpected_index_query")
#: runs shown in the index (older pages stay on disk but drop out of the index)
KEEP = 50
_SITES: dict[Path, str] = {}  # docs folder -> name of its GX site


def slim_result(result: Any) -> dict[str, Any]:
    """A GX validation result (or its JSON) as JSON without per-row lists."""
    data: dict[str, Any] = (json.loads(json.dumps(result)) if isinstance(result, dict)
                            else result.to_json_dict())
    for expectation in data.get("results", []):
        for key in _DROP:
            (expectation.get("result") or {}).pop(key, None)
    return data


def _slim(result: Any, run_time: dt.datetime) -> dict[str, Any]:
    """The result as JSON without per-row lists, stamped with a run time."""
    data = slim_result(result)
    data.setdefault("meta", {})["run_id"] = {
        "run_name": data.get("suite_name"), "run_time": run_time.isoformat(),
    }
    return data


def _stamp(path: Path) -> str:
    return path.stem.split("__")[-1]


def _file_name(data: dict[str, Any], run_time: dt.datetime) -> str:
    stamp = run_time.strftime("%Y%m%dT%H%M%S%fZ")
    return f"{data['suite_name']}__{stamp}.json"


def _site(docs_dir: Path) -> str:
    """The name of the GX site writing to `docs_dir` (registered on first use)."""
    if docs_dir in _SITES:
        return _SITES[docs_dir]
    name = f"{SITE}_{len(_SITES)}"
    context().add_data_docs_site(site_name=name, site_config={
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(docs_dir)},
    })
    _SITES[docs_dir] = name
    return name


def _load(path: Path) -> tuple[Any, Any]:
    """(store key, result) of one slim JSON result."""
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    data = json.loads(path.read_text(encoding="utf-8"))
    run = data["meta"]["run_id"]
    run_id = RunIdentifier(run_name=run["run_name"],
                           run_time=dt.datetime.fromisoformat(run["run_time"]))
    data["meta"]["run_id"] = run_id
    result = ExpectationSuiteValidationResult(**data)
    key = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=data["suite_name"]),
        run_id=run_id, batch_identifier=_stamp(path),
    )
    return key, result


def build_data_docs(results: Sequence[Any], docs_dir: Path) -> Path:
    """Add GX validation `results` (result objects or `slim_result` JSON) to the Data Docs
    in `docs_dir`; returns its index.html."""
    docs_dir = docs_dir.resolve()
    store = docs_dir / RESULTS
    store.mkdir(parents=True, exist_ok=True)
    new: set[str] = set()
    for result in results:
        run_time = dt.datetime.now(dt.UTC)
        data = _slim(result, run_time)
        name = _file_name(data, run_time)
        (store / name).write_text(json.dumps(data), encoding="utf-8")
        new.add(name)
    index = docs_dir / "index.html"
    with LOCK:
        ctx = context()
        site = _site(docs_dir)
        changed: list[Any] = []
        results_store = ctx.validation_results_store
        for key in results_store.list_keys():  # another folder's runs (the store is global)
            results_store.remove_key(key)
        for path in sorted(store.glob("*.json"), key=_stamp)[-KEEP:]:
            key, result = _load(path)
            ctx.validation_results_store.set(key, result)
            if path.name in new:
                changed += [key, key.expectation_suite_identifier]
        # an existing site gets only the new runs' pages (and their suites' pages) rendered,
        # plus the index; the first build renders everything
        ctx.build_data_docs(site_names=[site],
                            resource_identifiers=changed if index.is_file() else None)
    return index
