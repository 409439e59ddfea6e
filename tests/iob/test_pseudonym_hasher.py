"""The fast pseudonym hasher is exactly HMAC-SHA256 for every key length."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from iob.pseudonym import hasher


@pytest.mark.parametrize("key", [
    b"sleutel-van-zestien", b"x" * 64, b"y" * 65, "sleutel-mét-ë-0123456789".encode(),
    b"k" * 200,
])
def test_hasher_equals_hmac_sha256(key: bytes) -> None:
    pseudonymise = hasher(key)
    for value in ["NX1234567", "", "IDKAART-0042", "Ünïcode-nummer", "A" * 300]:
        expected = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        assert pseudonymise(value) == expected


def test_hasher_is_reusable_and_key_dependent() -> None:
    a, b = hasher(b"sleutel-aaaaaaaaaaaa"), hasher(b"sleutel-bbbbbbbbbbbb")
    assert a("NX1") == a("NX1") != a("NX2")
    assert a("NX1") != b("NX1")
