"""The one in-memory great-expectations context of this process (GX is imported lazily)."""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

#: GX contexts are not made for concurrent use; validation runs hold this lock
LOCK = threading.RLock()


@cache
def context() -> Any:
    """An ephemeral GX context without progress bars (created on first use)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every pandas batch by hashing all cells, twice per run (about 2 s at
    # 300k rows). Batches are identified by the files' sha256 already: switch it off.
    pandas_execution_engine.HASH_THRESHOLD = 0

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx
