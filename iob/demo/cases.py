"""Planted cases and decoys."""
from __future__ import annotations

from iob.demo.bibob import Orgs
from iob.demo.world import World


def plant(w: World, orgs: Orgs) -> None:
    return None
