"""`make serve`'s layout for the tests: the launcher with its app processes and HAProxy, on
free ports, with a temporary SQLite database, and what it wrote about its processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.launcher import COOKIE, find_haproxy
from tests.browser.conftest import EXIT_URL, free_port

ROOT = Path(__file__).resolve().parents[2]


def need_haproxy() -> str:
    """HAProxy, installed by scripts/install-system-deps.sh (make test runs it) if missing."""
    found = find_haproxy()
    if found is None:
        subprocess.run(["bash", str(ROOT / "scripts/install-system-deps.sh"), "haproxy"],
                       check=False)
        found = find_haproxy()
    if found is None:
        pytest.skip("HAProxy is not installed and could not be installed from Debian's "
                    "packages (scripts/install-system-deps.sh haproxy)")
    return found


@dataclass
class Served:
    launcher: subprocess.Popen
    port: int
    run_dir: Path
    data_dir: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.data_dir / "crossroads.db"

    def log(self) -> str:
        """What the launcher and its app processes printed."""
        return (self.run_dir.parent / "serve.log").read_text(errors="replace")

    def processes(self) -> dict:
        return json.loads((self.run_dir / "processes.json").read_text())

    def backend_pids(self) -> dict[str, int]:
        """The app process behind each sticky cookie value ("app1": pid, ...)."""
        return {b["name"]: b["pid"] for b in self.processes()["backends"]}

    def all_pids(self) -> list[int]:
        found = self.processes()
        return [found["haproxy"], *(b["pid"] for b in found["backends"])]


def start_layout(tmp: Path, workers: int = 2, extra: tuple[str, ...] = ()) -> Served:
    need_haproxy()
    port = free_port()
    ports = [free_port() for _ in range(workers)]
    run_dir, data_dir = tmp / "run", tmp / "data"
    env = {**os.environ, "CROSSROADS_EXIT_URL": EXIT_URL, "CROSSROADS_DATA_DIR": str(data_dir),
           "CROSSROADS_DATABASE_URL": ""}
    env.pop("CROSSROADS_TRUSTED_PROXY", None)  # the launcher's own default: the balancer
    tmp.mkdir(parents=True, exist_ok=True)
    log = (tmp / "serve.log").open("w")
    launcher = subprocess.Popen(
        [sys.executable, "-m", "deploy.launcher", "--workers", str(workers), "--port",
         str(port), "--backend-ports", ",".join(map(str, ports)), "--run-dir", str(run_dir),
         *extra],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    log.close()  # the children hold it; a file, so no pipe can fill and stall them
    served = Served(launcher, port, run_dir, data_dir)
    deadline = time.monotonic() + 120
    while not (run_dir / "processes.json").exists():
        if launcher.poll() is not None:
            raise RuntimeError(f"make serve's launcher exited: {served.log()[-3000:]}")
        if time.monotonic() > deadline:
            stop_layout(served)
            raise TimeoutError("make serve's layout did not start")
        time.sleep(0.2)
    return served


def stop_layout(served: Served) -> None:
    if served.launcher.poll() is None:
        served.launcher.send_signal(signal.SIGTERM)
        try:
            served.launcher.wait(timeout=20)
        except subprocess.TimeoutExpired:
            served.launcher.kill()
            served.launcher.wait()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def get(url: str, headers: dict[str, str] | None = None):
    """One plain HTTP request, no cookies kept; returns the response, read."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
        return response


__all__ = ["COOKIE", "Served", "alive", "get", "need_haproxy", "start_layout", "stop_layout"]
