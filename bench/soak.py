"""Soak: steady load on the app for a long while, watching its memory and its collector.

50 people (bench/load.py's user model: 1 to 3 s of thinking, every answer and Next, a new
session at each result) walk the app under the `make run` line for 30 minutes. Every 30 s
it samples the server's resident memory from /proc, the latency of that interval and the
garbage collector's full collections, prints a table, and says whether memory stayed flat
within 10% after the warm-up.

    .venv/bin/python bench/soak.py                      # 50 people, 30 minutes
    .venv/bin/python bench/soak.py --sessions 20 --minutes 5 --every 15
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.load import Result, drive, load_average, parse_env, warm_up  # noqa: E402


async def soak(url: str, pid: int, stats: Path, sessions: int, minutes: float, every: float,
               warmup_minutes: float) -> bool:
    result = Result("crossroads", sessions)
    walking = asyncio.create_task(
        drive(url, "crossroads", sessions, minutes * 60, seed=7, result=result)
    )
    started = time.monotonic()
    print("| minute | RSS MB | reruns | reruns/s | p95 ms | walks | errors "
          "| full GCs | full GC mean ms | tracked objects |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    samples: list[tuple[float, float]] = []
    seen = 0
    full_before = {"count": 0, "seconds": 0.0}
    while not walking.done():
        await asyncio.wait({walking}, timeout=every)
        if walking.done():
            break
        minute = (time.monotonic() - started) / 60
        rss = servers.rss_mb(pid)
        window = result.latencies[seen:]
        seen = len(result.latencies)
        gc = servers.gc_stats(stats)
        full = gc.get("2", full_before)
        count = full["count"] - full_before["count"]
        mean = (full["seconds"] - full_before["seconds"]) / count * 1000 if count else 0.0
        full_before = full
        p95 = result.percentile(window, 95) * 1000 if window else float("nan")
        print(f"| {minute:.1f} | {rss:.1f} | {seen} | {len(window) / every:.1f} | {p95:.0f} "
              f"| {result.flows} | {len(result.errors)} | {count} | {mean:.0f} "
              f"| {gc.get('tracked', '?')} |", flush=True)
        samples.append((minute, rss))
    await walking
    steady = [rss for minute, rss in samples if minute >= warmup_minutes]
    if not steady:
        print("too short to judge: no sample after the warm-up")
        return False
    spread = (max(steady) - min(steady)) / min(steady)
    flat = spread <= 0.10
    print(f"after {warmup_minutes:g} min of warm-up: RSS {min(steady):.1f} to {max(steady):.1f} MB,"
          f" spread {spread:.1%}: {'flat within 10%' if flat else 'NOT flat within 10%'}")
    print(f"errors: {len(result.errors)}; first ones: {sorted(set(result.errors))[:3]}")
    return flat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--every", type=float, default=30, help="seconds between samples")
    parser.add_argument("--warmup", type=float, default=5, help="minutes before judging")
    parser.add_argument("--config", action="append", default=[],
                        help="section.option=value over .streamlit/config.toml")
    parser.add_argument("--env", action="append", default=[],
                        help="NAME=VALUE for the server, e.g. CROSSROADS_BENCH_NO_FREEZE=1")
    args = parser.parse_args()
    stats = Path(tempfile.mkdtemp(prefix="crossroads-soak-")) / "gc.json"
    env = {servers.GC_STATS_ENV: str(stats), **parse_env(args.env)}
    with servers.start(env=env, config=parse_env(args.config)) as server:
        server.wait_healthy()
        print(f"before: {load_average()}")
        if args.env or args.config:
            print(f"server settings: {' '.join(args.config + args.env)}")
        asyncio.run(warm_up(server.url))
        flat = asyncio.run(soak(server.url, server.pid, stats, args.sessions, args.minutes,
                                args.every, args.warmup))
        print(f"after: {load_average()}")
    sys.exit(0 if flat else 1)


if __name__ == "__main__":
    main()
