"""The production set-up for real (slow): a local Prefect server (SQLite, own home, free port),
`iob serve` registers the nightly schedule; the README's work pool, `prefect deploy` from
prefect.yaml and a worker run the flow triggered through the API, and the outputs appear.

Every process is started in its own process group and killed at the end, whatever happens.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.flows.nightly_factory import KEY

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FLOW, DEPLOYMENT = "nachtelijke-run", "nightly"


@dataclass
class Server:
    url: str
    env: dict[str, str]
    home: Path

    def get(self, path: str) -> Any:
        response = httpx.get(f"{self.url}{path}", timeout=30)
        response.raise_for_status()
        return response.json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        response = httpx.post(f"{self.url}{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole process group, SIGKILL after 20 s."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 20)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.is_file() else ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "IOB_"))}
    env |= {"PREFECT_HOME": str(home), "PREFECT_API_URL": url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false",
            "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
            "PREFECT_LOGGING_TO_API_ENABLED": "false", "IOB_PSEUDONYM_KEY": KEY,
            "IOB_PROJECT_DIR": str(ROOT)}
    log = home / "server.log"
    proc = _start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                   "--port", str(port)], env, log)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert proc.poll() is None, f"Prefect-server stopte:\n{_tail(log)}"
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail(f"Prefect-server niet binnen 120 s bereikbaar:\n{_tail(log)}")
        yield Server(url, env, home)
    finally:
        _stop(proc)


def _cli(server: Server, *args: str, timeout: float = 180) -> str:
    done = subprocess.run([str(BIN / "prefect"), "--no-prompt", *args], env=server.env,
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"prefect {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _schedules(server: Server) -> list[dict[str, Any]]:
    deployment = server.get(f"/deployments/name/{FLOW}/{DEPLOYMENT}")
    return [s["schedule"] for s in deployment["schedules"]]


def test_iob_serve_registers_the_nightly_schedule(server: Server, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    proc = _start([str(BIN / "iob"), "serve", "--data", str(tmp_path / "data")], server.env,
                  log)
    try:
        deadline = time.monotonic() + 150
        found: list[dict[str, Any]] = []
        while time.monotonic() < deadline and not found:
            assert proc.poll() is None, f"iob serve stopte:\n{_tail(log)}"
            try:
                found = _schedules(server)
            except httpx.HTTPStatusError:
                time.sleep(1)
        assert found, f"geen deployment na 150 s:\n{_tail(log)}"
        assert found[0]["cron"] == "0 2 * * *"
        assert found[0]["timezone"] == "Europe/Amsterdam"
        deployment = server.get(f"/deployments/name/{FLOW}/{DEPLOYMENT}")
        assert deployment["parameters"] == {"data": str(tmp_path / "data")}
    finally:
        _stop(proc)


def test_iob_serve_without_a_server_starts_its_own(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "IOB_"))}
    env |= {"PREFECT_HOME": str(tmp_path / "home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": "false", "IOB_PSEUDONYM_KEY": KEY}
    log = tmp_path / "serve.log"
    proc = _start([str(BIN / "iob"), "serve", "--data", str(tmp_path / "data"), "--poort",
                   str(port)], env, log)
    local = Server(f"http://127.0.0.1:{port}/api", env, tmp_path)
    try:
        deadline = time.monotonic() + 180
        found: list[dict[str, Any]] = []
        while time.monotonic() < deadline and not found:
            assert proc.poll() is None, f"iob serve stopte:\n{_tail(log)}"
            try:
                found = _schedules(local)
            except httpx.HTTPError:
                time.sleep(1)
        assert [(s["cron"], s["timezone"]) for s in found] == [
            ("0 2 * * *", "Europe/Amsterdam")], _tail(log)
    finally:
        _stop(proc)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{local.url}/health", timeout=2)
        except httpx.HTTPError:
            break
        time.sleep(0.5)
    else:
        pytest.fail("de lokale Prefect-server van iob serve draait nog na het stoppen")


def test_deploy_from_prefect_yaml_and_a_worker_runs_the_flow(
        server: Server, tmp_path: Path) -> None:
    from iob.demo import generate

    data = tmp_path / "data"
    generate(data, seed=7, scale=0.02)
    _cli(server, "work-pool", "create", "iob-process", "--type", "process", "--overwrite")
    _cli(server, "deploy", "--name", DEPLOYMENT)
    deployment = server.get(f"/deployments/name/{FLOW}/{DEPLOYMENT}")
    assert deployment["work_pool_name"] == "iob-process"
    assert [(s["cron"], s["timezone"]) for s in _schedules(server)] == [
        ("0 2 * * *", "Europe/Amsterdam")]
    run = server.post(f"/deployments/{deployment['id']}/create_flow_run", {
        "parameters": {"data": str(data), "as_of": "2026-11-28", "docs": False}})
    log = tmp_path / "worker.log"
    worker = _start([str(BIN / "prefect"), "worker", "start", "--pool", "iob-process",
                     "--run-once"], server.env, log)
    try:
        deadline = time.monotonic() + 420
        state: dict[str, Any] = {}
        while time.monotonic() < deadline:
            state = server.get(f"/flow_runs/{run['id']}")["state"]
            if state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
                break
            time.sleep(2)
        assert state.get("type") == "COMPLETED", f"{state}\n{_tail(log)}"
    finally:
        _stop(worker)
    assert (data / "signals" / "signals.parquet").is_file()
    assert (data / "entities" / "mentions.parquet").is_file()
    assert list((data / "reports").glob("GM*/ondermijningsbeeld.pdf"))
    manifests = list((data / "runs").glob("*/manifest.json"))
    assert len(manifests) == 1 and '"status": "voltooid"' in manifests[0].read_text()
    flow_run = server.get(f"/flow_runs/{run['id']}")
    assert flow_run["name"] == "nacht 2026-11-28"
    tasks = server.post("/task_runs/filter", {"flow_runs": {"id": {"any_": [run["id"]]}}})
    assert {t["name"].rsplit("-", 1)[0] for t in tasks} == {
        "inlezen-en-valideren", "wat-is-er-nieuw", "entiteiten-koppelen",
        "netwerk-en-signalen", "rapporten-maken", "exports-maken", "publiceren"}
    assert {t["state"]["type"] for t in tasks} == {"COMPLETED"}
    artifacts = server.post("/artifacts/filter", {"artifacts": {
        "flow_run_id": {"any_": [run["id"]]}}})
    assert {a["key"] for a in artifacts} >= {"inlezen-per-register", "signalen-per-status",
                                             "samenvatting-run"}
