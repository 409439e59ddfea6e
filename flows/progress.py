"""Progress and messages for long work: a rich bar on a terminal, plain lines in logs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Reporter(Protocol):
    def step(self, description: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...
    def message(self, text: str) -> None: ...
    def close(self) -> None: ...


class LogReporter:
    """Plain lines (for Prefect logs and non-interactive runs)."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self._log = log

    def step(self, description: str, total: int) -> None:
        self._log(f"{description} ({total})")

    def advance(self, n: int = 1) -> None:
        return None

    def message(self, text: str) -> None:
        self._log(text)

    def close(self) -> None:
        return None


class RichReporter:
    """A progress bar per step on stderr, messages above it."""

    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), console=self.console, transient=False,
        )
        self._task: int | None = None
        self._progress.start()

    def step(self, description: str, total: int) -> None:
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._progress.advance(self._task, n)  # type: ignore[arg-type]

    def message(self, text: str) -> None:
        self._progress.console.print(text, markup=False, highlight=False)

    def close(self) -> None:
        self._progress.stop()


def default_reporter() -> Reporter:
    if sys.stderr.isatty():
        return RichReporter()
    return LogReporter(lambda text: print(text, file=sys.stderr, flush=True))
