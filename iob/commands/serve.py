"""`iob serve`: serve the nightly schedule from this process (no worker needed).

Scheduled runs are created by the Prefect server's scheduler, which a temporary API does not
run. So with `PREFECT_API_URL` set, `iob serve` registers the deployment `nightly` there;
without it, it starts a local Prefect server (`prefect server start`, SQLite in
PREFECT_HOME) for as long as it serves, and stops it on exit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import click

from iob.errors import ConfigError
from iob.options import data_option

CRON = "0 2 * * *"
TIMEZONE = "Europe/Amsterdam"
NAME = "nightly"


def _healthy(url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{url}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@contextlib.contextmanager
def local_server(port: int, timeout: float = 120) -> Iterator[str]:
    """A `prefect server start` subprocess on 127.0.0.1:port; yields its API address."""
    url = f"http://127.0.0.1:{port}/api"
    if _healthy(url):
        raise ConfigError(f"poort {port} is al bezet door een Prefect-server; zet "
                          f"PREFECT_API_URL={url} om die te gebruiken, of kies --poort")
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # same process group: Ctrl-C (or a kill of the group) stops the server with iob serve
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise ConfigError(f"de lokale Prefect-server op poort {port} start niet; "
                                  "start hem zelf (prefect server start) en zet "
                                  "PREFECT_API_URL")
            time.sleep(0.5)
        click.echo(f"Lokale Prefect-server: {url.removesuffix('/api')}", err=True)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


@click.command(name="serve")
@data_option
@click.option("--poort", default=4200, show_default=True,
              help="Poort voor de lokale Prefect-server als PREFECT_API_URL niet gezet is.")
def command(data: str | None, poort: int) -> None:
    """Voer de nachtelijke run elke nacht om 02:00 (Europe/Amsterdam) uit tot Ctrl-C.

    Met PREFECT_API_URL op die server; anders met een eigen lokale Prefect-server."""
    from prefect.schedules import Cron
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.nightly import nightly
    from iob.commands.run import quiet_tracebacks

    quiet_tracebacks()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # let the server stop cleanly
    params = {"data": data} if data else {}
    with contextlib.ExitStack() as stack:
        if not os.environ.get("PREFECT_API_URL"):
            url = stack.enter_context(local_server(poort))
            stack.enter_context(temporary_settings(updates={PREFECT_API_URL: url}))
        nightly.serve(name=NAME, schedules=[Cron(CRON, timezone=TIMEZONE)],
                      parameters=params)
