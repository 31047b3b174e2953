"""Servers for the benchmarks: any script under the exact `make run` line, on 127.0.0.1.

`start(script)` runs the Makefile's `run` command with its `serve:app` swapped for
`bench.script_app:create` (a factory reading CROSSROADS_BENCH_SCRIPT), so the app, the bare
page and a one-line app share one server line and one set of settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.script_app import (  # noqa: E402
    CONFIG_ENV,
    GC_STATS_ENV,
    NO_FREEZE_ENV,
    PHASES_ENV,
    SCRIPT_ENV,
)
from tests.browser.conftest import free_port, run_command  # noqa: E402


def gc_stats(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


class Server:
    """One server process; its log goes to a file in /tmp, so a long run never fills a pipe."""

    def __init__(self, command: list[str], env: dict[str, str], port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = tempfile.NamedTemporaryFile(prefix="crossroads-bench-", suffix=".log")  # noqa: SIM115 - closed in stop()
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env},
            stdout=subprocess.DEVNULL, stderr=self.log,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(f"server on {self.url} did not become healthy")

    def log_tail(self, size: int = 2000) -> str:
        return Path(self.log.name).read_text(errors="replace")[-size:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_run_command(port: int, script: Path | None = None) -> list[str]:
    """The `make run` line on `port`; for another script, the same line through the factory."""
    command = run_command(port)
    if script is None:
        return command
    at = command.index("serve:app")
    return [*command[:at], "--factory", "bench.script_app:create", *command[at + 1:]]


def start(script: Path | None = None, env: dict[str, str] | None = None,
          command: list[str] | None = None, port: int | None = None,
          config: dict[str, str] | None = None) -> Server:
    """Start `script` (the app when None) as `make run` would, or `command` with {port} in it;
    `config` overrides options of .streamlit/config.toml, e.g. {"runner.postScriptGC": "true"}
    (through the factory, as `streamlit run` flags would: under uvicorn, Streamlit reads no
    STREAMLIT_* variables for ordinary options)."""
    port = port or free_port()
    full_env = {"CROSSROADS_DATA_DIR": tempfile.mkdtemp(prefix="crossroads-bench-data-"),
                **(env or {})}
    if command is not None:
        line = [part.replace("{port}", str(port)) for part in command]
    else:
        if config:
            full_env[CONFIG_ENV] = json.dumps(config)
        # The app itself goes through the factory too when a probe or a switch needs it.
        if script is None and ({NO_FREEZE_ENV, GC_STATS_ENV, CONFIG_ENV, PHASES_ENV}
                               & set(full_env)):
            script = ROOT / "app.py"
        line = make_run_command(port, script)
        if script is not None:
            full_env[SCRIPT_ENV] = str(Path(script).resolve())
    return Server(line, full_env, port)


def rss_mb(pid: int) -> float:
    """Resident memory of one process, from /proc, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")
