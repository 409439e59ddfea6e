"""Background name pools: diverse, Zipf-like, and apart from the planted persons' names."""

from __future__ import annotations

from iob.demo import names, surnames


def test_pools_are_diverse_and_skewed() -> None:
    for land in ("NL", "BE", "DE", "PL", "RO"):
        ranked, cum = surnames.pool(land)
        assert len(ranked) == len(set(ranked)) >= 850
        top = cum[0] / cum[-1]
        assert 0.003 < top < 0.02  # the most common name: roughly 0.5-1 % of the people
        assert len(names.FIRST_M[land]) >= 40 and len(names.FIRST_F[land]) >= 40


def test_no_background_surname_is_a_planted_one() -> None:
    planted = {
        surnames.fold(r + s).lower()
        for land, roots in names.CASE_ROOTS.items()
        for r in roots
        for s in names.CASE_SUFFIXES[land]
    }
    for land in ("NL", "BE", "DE", "PL", "RO"):
        ranked, _ = surnames.pool(land)
        assert not planted & {surnames.fold(an).lower() for _, an in ranked}


def test_pool_is_the_same_every_time() -> None:
    ranked, cum = surnames.pool("PL")
    surnames.pool.cache_clear()
    assert surnames.pool("PL") == (ranked, cum)
