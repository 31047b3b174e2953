"""Where a rerun's time goes under load: the script, or waiting for its messages to be sent.

The app and the bare page (bench/bare_page.py) each run under the `make run` line with a
probe (bench/script_app.py, PHASES_ENV) that times every rerun a browser asks for in three
parts: from the request to the script's start, the script (wall and CPU time), and from the
script's end to its last message handed to the connection. bench/load.py's simulated people
drive both in turn, with the same seed. Figures and app/bare ratios, never pass or fail.

    .venv/bin/python bench/run_phases.py                      # 100 people, 40 s each page
    .venv/bin/python bench/run_phases.py --sessions 50 --duration 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.load import BARE_PAGE, drive, load_average, warm_up  # noqa: E402
from bench.script_app import PHASES_ENV  # noqa: E402

# The probe's JSON rows: [fragment, to_start, script, script_cpu, to_sent, messages, time].
PARTS = (
    ("request to script start", 1),
    ("script, wall", 2),
    ("script, CPU", 3),
    ("script end to last message sent", 4),
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else 0.0


def measure(script: Path | None, name: str, sessions: int, duration: float, seed: int):
    """Drive one page; return the probe's rows for the measured level and the client's result."""
    phases = Path(tempfile.mkdtemp(prefix="crossroads-phases-")) / "phases.json"
    with servers.start(script, env={PHASES_ENV: str(phases)}) as server:
        server.wait_healthy()
        asyncio.run(warm_up(server.url))
        since = time.time()
        result = asyncio.run(drive(server.url, name, sessions, duration, seed=seed))
        time.sleep(2.5)  # the probe writes every 2 s
        rows = [row for row in json.loads(phases.read_text()) if row[6] >= since]
    return rows, result


def summary(rows: list[list]) -> dict[str, tuple[float, float, float]]:
    """Mean, p50 and p95 in ms of each part, and messages per rerun."""
    out = {}
    for label, index in PARTS:
        values = [row[index] * 1000 for row in rows]
        out[label] = (statistics.fmean(values), percentile(values, 50), percentile(values, 95))
    messages = [row[5] for row in rows]
    out["messages a rerun"] = (statistics.fmean(messages), percentile(messages, 50),
                               percentile(messages, 95))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"before: {load_average()}")
    pages = {}
    for name, script in (("crossroads", None), ("bare page", BARE_PAGE)):
        rows, result = measure(script, name, args.sessions, args.duration, args.seed)
        if result.errors:
            sys.exit(f"{name}: {len(result.errors)} errors, first: {result.errors[0]}")
        pages[name] = (summary(rows), rows, result)
    print(f"{args.sessions} people, {args.duration:.0f} s a page, one process each; ms unless "
          "named otherwise")
    print("| part of a rerun | crossroads mean | p50 | p95 | bare page mean | p50 | p95 "
          "| mean ratio |")
    print("|---|---|---|---|---|---|---|---|")
    app, bare = pages["crossroads"][0], pages["bare page"][0]
    for label in app:
        a, b = app[label], bare[label]
        ratio = a[0] / b[0] if b[0] else float("nan")
        print(f"| {label} | {a[0]:.1f} | {a[1]:.1f} | {a[2]:.1f} | {b[0]:.1f} | {b[1]:.1f} "
              f"| {b[2]:.1f} | {ratio:.2f}x |")
    for name, (_, rows, result) in pages.items():
        fragments = sum(1 for row in rows if row[0])
        print(f"{name}: {len(rows)} reruns timed ({fragments} of one fragment), "
              f"{result.reruns_per_second:.1f} reruns/s, the client's p95 "
              f"{result.percentile(result.latencies, 95) * 1000:.0f} ms")
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
