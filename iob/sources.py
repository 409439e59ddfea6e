"""The digest of a set of program files: what a cache key says about the code behind it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_digest(files: Iterable[tuple[str, Path]], salt: str = "") -> str:
    """SHA-256 (hex) of `salt`, then each file's name and bytes in the order given."""
    h = hashlib.sha256(salt.encode())
    for name, path in files:
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()
