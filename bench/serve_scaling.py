"""How `make serve` scales: the same load (bench/load.py) through HAProxy onto 1, then 2 app
processes (more with --workers), in one run, with the CPU seconds each process used.

    .venv/bin/python bench/serve_scaling.py                     # 200 people, 40 s a layout
    .venv/bin/python bench/serve_scaling.py --sessions 500 --workers 1,2,4 --duration 60
    .venv/bin/python bench/serve_scaling.py --workers 2 --bare     # and the bare page, so served

Each layout is started by deploy/launcher.py on free ports with a fresh SQLite database,
measured, and stopped; with --bare, the same layout then serves the bare page
(bench/bare_page.py, the same steps and widgets with no app logic) to the same people. It
prints bench/load.py's row for each, the ratio of reruns per
second to the one-process layout, and the load average: on a busy machine the processes do
not get their cores, and the ratio says so. Figures, never pass or fail.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE_PAGE = ROOT / "bench" / "bare_page.py"
# deploy/launcher.py as `make serve` runs it, its processes serving the bare page through
# the benchmarks' factory (bench/script_app.py): the same server line, middleware, settings.
BARE_LAUNCHER = """
import sys
from deploy import launcher
serve_app = launcher.backend_command
def bare_page(host, port):
    line = serve_app(host, port)
    at = line.index("serve:app")
    return [*line[:at], "--factory", "bench.script_app:create", *line[at + 1:]]
launcher.backend_command = bare_page
sys.exit(launcher.main(sys.argv[1:]))
"""
CLOCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK  # utime, stime


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(
    workers: int, sessions: int, duration: float, folder: Path, page: str = "crossroads"
) -> tuple[str, str, str]:
    """bench/load.py's table header and row for this layout, and the CPU each used."""
    port = free_port()
    ports = ",".join(str(free_port()) for _ in range(workers))
    name = f"{workers}-{page.replace(' ', '-')}"
    run_dir = folder / f"run-{name}"
    env = {**os.environ, "CROSSROADS_DATA_DIR": str(folder / f"data-{name}"),
           "CROSSROADS_DATABASE_URL": ""}
    start = [sys.executable, "-m", "deploy.launcher"]
    if page == "bare page":
        start = [sys.executable, "-c", BARE_LAUNCHER]
        env["CROSSROADS_BENCH_SCRIPT"] = str(BARE_PAGE)
    with (folder / f"serve-{name}.log").open("w") as log:
        launcher = subprocess.Popen(
            [*start, "--workers", str(workers), "--port", str(port), "--backend-ports", ports,
             "--run-dir", str(run_dir)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        while not (run_dir / "processes.json").exists():
            if launcher.poll() is not None:
                raise SystemExit(f"make serve did not start: see {folder}/serve-{name}.log")
            time.sleep(0.2)
        found = json.loads((run_dir / "processes.json").read_text())
        pids = {b["name"]: b["pid"] for b in found["backends"]}
        pids["haproxy"] = found["haproxy"]
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        backend_pids = ",".join(str(b["pid"]) for b in found["backends"])
        client_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        out = subprocess.run(
            [sys.executable, "bench/load.py", "--url", f"http://127.0.0.1:{port}", "--pids",
             backend_pids, "--sessions", str(sessions), "--duration", str(duration),
             "--name", page],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )
        used = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
        client_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The load client shares the machine: if it uses a whole core, it is the limit.
        used["load client"] = (client_after.ru_utime + client_after.ru_stime
                               - client_before.ru_utime - client_before.ru_stime)
        used["wall"] = time.monotonic() - started
        lines = out.stdout.splitlines()
        row = next((line for line in lines if line.startswith(f"| {page} |")), None)
        header = next((line for line in lines if line.startswith("| page |")), None)
        if row is None or header is None:
            raise SystemExit(f"bench/load.py printed no row:\n{out.stdout}\n{out.stderr}")
        cpu = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in used.items())
        return header, row, cpu
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="1,2", help="layouts, comma-separated")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--bare", action="store_true",
                        help="each layout also serving the bare page, to the same people")
    args = parser.parse_args()
    layouts = [int(n) for n in args.workers.split(",")]
    pages = ["crossroads", "bare page"] if args.bare else ["crossroads"]
    print(f"before: {load_average()} on {os.cpu_count()} cores")
    rows: list[tuple[int, str, str, str]] = []
    header = ""
    with tempfile.TemporaryDirectory(prefix="crossroads-scaling-") as folder:
        for workers in layouts:
            for page in pages:
                header, row, cpu = measure(workers, args.sessions, args.duration, Path(folder),
                                           page)
                rows.append((workers, page, row, cpu))
                print(f"  {workers} process(es), {page} done; {load_average()}", flush=True)
    print(f"| processes {header}")
    print("|---" * (header.count("|")) + "|")
    for workers, _, row, _ in rows:
        print(f"| {workers} {row}")
    for page in pages:
        mine = [(w, row, cpu) for w, p, row, cpu in rows if p == page]
        base = float(mine[0][1].split("|")[3])
        for workers, row, cpu in mine:
            rate = float(row.split("|")[3])
            print(f"{page}, {workers} process(es): {rate / base:.2f}x the reruns/s of "
                  f"{layouts[0]} ({rate / workers:.1f} a process); CPU used: {cpu}")
    if args.bare:
        for workers in layouts:
            app, bare = (next(r for w, p, r, _ in rows if w == workers and p == page)
                         for page in pages)
            ratio = float(app.split("|")[5]) / float(bare.split("|")[5])
            print(f"{workers} process(es): app p95 / bare p95 = {ratio:.2f}x")
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
