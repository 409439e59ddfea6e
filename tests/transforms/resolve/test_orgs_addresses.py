"""Organisations by KvK then stripped name + address; addresses by key, foreign kept apart."""

from __future__ import annotations

import polars as pl

from transforms.resolve.addresses import address_key, resolve_addresses
from transforms.resolve.orgs import resolve_orgs


def test_orgs_kvk_first_then_name_without_legal_form_and_address() -> None:
    orgs = pl.DataFrame(
        {
            "mention_id": ["o1", "o2", "o3", "o4", "o5"],
            "kvk": ["01234567", "01234567", None, "07654321", None],
            "naam": ["Van Dijk Holding B.V.", "Goud & Zilver", "van Dijk BV", "Ander BV", "Ander"],
            "postcode": ["1234 AB", None, "1234AB", "9999 ZZ", "1111 AA"],
            "huisnummer": [1, None, 1, 2, 3],
        }
    )
    ids = dict(zip(resolve_orgs(orgs)["mention_id"], resolve_orgs(orgs)["entity_id"], strict=True))
    assert ids["o1"] == ids["o2"] == ids["o3"]  # same KvK; o3 via stripped name + address
    assert ids["o4"] != ids["o5"]  # same stripped name, other address, no KvK


def test_address_keys_toevoeging_spellings_and_foreign_addresses() -> None:
    frame = pl.DataFrame(
        {
            "mention_id": ["a", "b", "c", "d", "e"],
            "postcode": ["1234 AB", "1234AB", "3000", "3000", None],
            "huisnummer": [101, 101, 12, 12, None],
            "toevoeging": ["A", "a", None, None, None],
            "straat": [None, None, "Bondgenotenlaan", "Bondgenotenlaan", "Markt"],
            "land": ["NL", None, "BE", "BE", "NL"],
        }
    )
    keys = address_key(frame).to_list()
    assert keys[0] == keys[1] == "NL|1234AB|101|A"
    assert keys[2] == keys[3] and keys[2].startswith("BE|3000|12")
    assert keys[4] is None
    ids = resolve_addresses(frame)
    assert ids["entity_id"].n_unique() == 3
    assert all(e.startswith("A-") for e in ids["entity_id"])
