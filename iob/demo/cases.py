"""Planted cases and near-miss decoys, one module per rule family (see signals.md)."""

from __future__ import annotations

from iob.demo import cases_bibob, cases_heling, cases_netwerk, cases_verblijf
from iob.demo.bibob import Orgs
from iob.demo.world import World


def plant(w: World, orgs: Orgs) -> None:
    cases_heling.plant(w)
    cases_verblijf.plant(w)
    cases_bibob.plant(w, orgs)
    cases_netwerk.plant(w, orgs)
