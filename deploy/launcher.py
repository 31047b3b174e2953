"""`make serve`: one app process per core, each a single-worker uvicorn, behind HAProxy.

    python -m deploy.launcher [--workers N] [--host 127.0.0.1] [--port 8501]

Each process serves `serve:app` exactly as `make run` does (serve.py adds the security
headers), on its own 127.0.0.1 port. HAProxy, from Debian's packages, listens on
--host:--port with sticky sessions (a cookie naming the process), health checks on
`/_stcore/health`, a long tunnel timeout for the websockets and X-Forwarded-For for the
limits per address. Its config is written from deploy/haproxy.cfg.template into a run
folder. Ctrl-C or SIGTERM stops every child; a child is also told to stop should this
launcher die (Linux), so nothing is left behind. An app process that dies is started again,
and until it is back the balancer sends its people to the others.

Forwarded headers: the app processes run with uvicorn's --no-proxy-headers (as `make run`),
and ui/client_address.py alone reads X-Forwarded-For, believing only the entry added by the
balancer named in CROSSROADS_TRUSTED_PROXY (127.0.0.1 here, set unless given). One place
decides, from the right of the header, so a client cannot name itself.

The processes share the database: SQLite in WAL mode under CROSSROADS_DATA_DIR on one
machine (the default), or PostgreSQL named by CROSSROADS_DATABASE_URL across machines.
--backends-only starts the app processes alone (on --backend-host), for a machine behind
a balancer elsewhere.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
# A neutral name: a cookie a shared device keeps must not say which site was open, and
# Quick exit cannot clear it (HttpOnly).
COOKIE = "srv"
TRUSTED_PROXY_VARIABLE = "CROSSROADS_TRUSTED_PROXY"
LOAD_ALL_AT_START = "CROSSROADS_LOAD_ALL_AT_START"  # serve.py reads it
# A process that ran this long before dying was healthy: its restarts start from no wait.
HEALTHY_RUN_S = 180.0
HEALTH = "/_stcore/health"
# Per process: one uvicorn worker, as `make run` (tests/serve checks the two agree).
UVICORN_OPTIONS = (
    "--no-access-log", "--no-server-header", "--no-proxy-headers",
    "--ws-per-message-deflate", "false",
)
_PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """One a core this process may run on (`nproc`)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def backend_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "uvicorn", "serve:app", "--host", host, "--port", str(port),
            *UVICORN_OPTIONS]


def max_connections() -> int:
    """As many as the open-file limit allows HAProxy (two descriptors a connection)."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return max(256, min(20000, (hard - 200) // 2)) if hard > 0 else 20000


def haproxy_config(bind: str, servers: list[tuple[str, str, int]],
                   maxconn: int | None = None) -> str:
    """The balancer's config: `servers` are (name, host, port), the name also the cookie."""
    maxconn = maxconn or max_connections()
    lines = "\n".join(
        f"    server {name} {host}:{port} check cookie {name}" for name, host, port in servers
    )
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        maxconn=maxconn, bind=bind, cookie=COOKIE, servers=lines
    )


def find_haproxy() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if os.access(p, os.X_OK)),
        None,
    )


def _die_with_parent() -> None:
    """In the child, before exec: be sent SIGTERM when the launcher dies (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def healthy(host: str, port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://{_url_host(host)}:{port}{HEALTH}", timeout=timeout):
            return True
    except OSError:
        return False


@dataclass
class Backend:
    name: str
    host: str
    port: int
    process: subprocess.Popen | None = None
    restarts: int = 0
    start_at: float = 0.0  # when a process that died may be started again
    started: float = 0.0  # when the running process was started (time.monotonic)

    def died(self, now: float) -> None:
        """When to start again: later after each quick failure, at once again after a run
        long enough to call healthy (else a few crashes over weeks would mean 30 s each)."""
        if now - self.started >= HEALTHY_RUN_S:
            self.restarts = 0
        self.start_at = now + min(30, 2 ** self.restarts)


@dataclass
class Layout:
    """The running processes: the app processes, and HAProxy unless --backends-only."""

    backends: list[Backend]
    env: dict[str, str]
    run_dir: Path
    haproxy: subprocess.Popen | None = None

    def start_backend(self, backend: Backend) -> None:
        backend.started = time.monotonic()
        backend.process = subprocess.Popen(
            backend_command(backend.host, backend.port), cwd=ROOT, env=self.env,
            preexec_fn=_die_with_parent,
        )

    def write_state(self) -> None:
        """Which process is which, for an operator (and the failover test) to read."""
        state = {
            "haproxy": self.haproxy.pid if self.haproxy else None,
            "backends": [{"name": b.name, "host": b.host, "port": b.port,
                          "pid": b.process.pid if b.process else None} for b in self.backends],
        }
        partial = self.run_dir / "processes.json.new"
        partial.write_text(json.dumps(state, indent=2))
        partial.replace(self.run_dir / "processes.json")  # never read half-written

    def stop(self) -> None:
        # A second Ctrl-C must not cut this short and leave children behind.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        children = [p for p in [self.haproxy, *(b.process for b in self.backends)] if p]
        for process in children:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in children:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_healthy(layout: Layout, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(layout.backends)
    while waiting:
        for backend in list(waiting):
            if backend.process and backend.process.poll() is not None:
                raise RuntimeError(f"app process {backend.name} exited while starting "
                                   f"(code {backend.process.returncode})")
            if healthy(backend.host, backend.port):
                waiting.remove(backend)
        if waiting and time.monotonic() > deadline:
            names = ", ".join(b.name for b in waiting)
            raise RuntimeError(f"app processes not healthy after {timeout:.0f} s: {names}")
        time.sleep(0.2)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make serve", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or 0)
                        or default_workers(), help="app processes (default: one a core)")
    parser.add_argument("--host", default="127.0.0.1", help="where HAProxy listens")
    parser.add_argument("--port", type=int, default=8501, help="HAProxy's port")
    parser.add_argument("--backend-host", default="127.0.0.1",
                        help="where the app processes listen (127.0.0.1: this machine only)")
    parser.add_argument("--backend-ports", type=lambda s: [int(p) for p in s.split(",")],
                        help="comma-separated, one a process (default: --port + 1, + 2, ...)")
    parser.add_argument("--run-dir", type=Path, help="for haproxy.cfg (default: a temp dir)")
    parser.add_argument("--backends-only", action="store_true",
                        help="start the app processes alone, for a balancer elsewhere")
    parser.add_argument("--no-restart", action="store_true",
                        help="leave an app process that died stopped")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    ports = args.backend_ports or [args.port + 1 + i for i in range(args.workers)]
    if len(ports) != args.workers:
        parser.error(f"--backend-ports names {len(ports)} ports for {args.workers} workers")
    args.backend_ports = ports
    return args


def trusted_proxy_warning(backends_only: bool, env: dict[str, str]) -> str | None:
    """Behind a balancer elsewhere with no trusted proxy named, every request seems to come
    from the balancer, so every person would share one rate-limit bucket."""
    if backends_only and not env.get(TRUSTED_PROXY_VARIABLE, "").strip():
        return (f"make serve: warning: {TRUSTED_PROXY_VARIABLE} is not set, so every client "
                "would share one rate-limit bucket (the balancer's address); set it to the "
                "balancer's address")
    return None


def backend_env(environ: dict[str, str], backends_only: bool) -> dict[str, str]:
    """The environment the app processes get."""
    env = dict(environ)
    if not backends_only:
        env.setdefault(TRUSTED_PROXY_VARIABLE, "127.0.0.1")
    # Behind a balancer no one waits for a starting process: it loads every page before it
    # is healthy, and freezes them all out of the collector's way (serve.py).
    env.setdefault(LOAD_ALL_AT_START, "1")
    return env


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    haproxy = None if args.backends_only else find_haproxy()
    if not args.backends_only and haproxy is None:
        print("make serve: HAProxy is not installed; run `make system-deps` (Debian's "
              "haproxy package) first.", file=sys.stderr)
        return 2
    env = backend_env(dict(os.environ), args.backends_only)
    warning = trusted_proxy_warning(args.backends_only, env)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="crossroads-serve-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    backends = [Backend(f"app{i + 1}", args.backend_host, port)
                for i, port in enumerate(args.backend_ports)]
    layout = Layout(backends, env, run_dir)

    def on_signal(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    # Should whatever started this launcher (make, a shell) die, stop as on SIGTERM.
    _die_with_parent()
    try:
        for backend in backends:
            layout.start_backend(backend)
        _wait_healthy(layout, timeout=120)
        if haproxy:
            config = run_dir / "haproxy.cfg"
            config.write_text(haproxy_config(
                f"{args.host}:{args.port}",
                [(b.name, _url_host(b.host), b.port) for b in backends],
            ))
            check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)],
                                   capture_output=True, text=True, check=False)
            if check.returncode != 0:
                print(f"make serve: {config}: {check.stderr.strip()}", file=sys.stderr)
                return 2
            layout.haproxy = subprocess.Popen([haproxy, "-db", "-f", str(config)],
                                              preexec_fn=_die_with_parent)
            deadline = time.monotonic() + 15
            while not healthy(args.host, args.port):
                if layout.haproxy.poll() is not None or time.monotonic() > deadline:
                    print("make serve: HAProxy did not start", file=sys.stderr)
                    return 2
                time.sleep(0.1)
        layout.write_state()
        where = (f"http://{_url_host(args.host)}:{args.port}" if haproxy else
                 ", ".join(f"{b.host}:{b.port}" for b in backends))
        count = f"{len(backends)} app process{'es' if len(backends) > 1 else ''}"
        print(f"Crossroads: {where} ({count}"
              f"{', behind HAProxy' if haproxy else ''}; Ctrl-C stops everything)", flush=True)
        return _supervise(layout, restart=not args.no_restart)
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:
        print(f"make serve: {exc}", file=sys.stderr)
        return 2
    finally:
        layout.stop()
        if args.run_dir is None:
            shutil.rmtree(run_dir, ignore_errors=True)


def _supervise(layout: Layout, *, restart: bool) -> int:
    """Wait; start again an app process that died; stop all if HAProxy dies."""
    while True:
        time.sleep(0.5)
        if layout.haproxy and layout.haproxy.poll() is not None:
            print("make serve: HAProxy stopped; stopping the app processes", file=sys.stderr)
            return 1
        for backend in layout.backends:
            process = backend.process
            if process is not None and process.poll() is not None:
                print(f"make serve: app process {backend.name} (pid {process.pid}) exited "
                      f"with code {process.returncode}", file=sys.stderr, flush=True)
                backend.process = None
                # One that keeps failing at start-up is tried at most every few seconds.
                backend.died(time.monotonic())
                layout.write_state()
            if restart and backend.process is None and time.monotonic() >= backend.start_at:
                backend.restarts += 1
                layout.start_backend(backend)
                layout.write_state()
        if not restart and all(b.process is None for b in layout.backends):
            print("make serve: every app process has stopped", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
