"""One exception family. Every message names what is wrong and how to fix it."""

from __future__ import annotations


class IobError(Exception):
    """Base of every error iob raises on purpose; the CLI prints it as one line."""


class ConfigError(IobError):
    """A setting, key or environment variable is missing or wrong."""


class KeyMismatchError(ConfigError):
    """The pseudonymisation key differs from the one this data folder was built with."""


class DeliveryRejected(IobError):
    """A delivery file cannot be read at all; it is rejected whole.

    `reason` is the one-line cause without the file name; str() adds the file name.
    """

    def __init__(self, file: str, reason: str) -> None:
        self.file = file
        self.reason = reason
        super().__init__(f"{file}: bestand afgewezen: {reason}")


class RunLockedError(IobError):
    """Another run holds the lock on the data folder."""


class InputError(IobError):
    """Bad user input on the command line (a path, an option value)."""
