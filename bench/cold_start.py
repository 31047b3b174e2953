"""Cold start: from starting the server process to the first page fully drawn, app vs one line.

Both run under the `make run` line (the one-line app through bench/script_app.py, which
serves any script with serve.py's app); the first page is drawn when its first run has
finished (bench/ws_client.py). Starts alternate between the two, and medians are compared.

    .venv/bin/python bench/cold_start.py            # 5 starts each
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.load import load_average  # noqa: E402
from bench.ws_client import Session  # noqa: E402

ONE_LINE = 'import streamlit as st\n\nst.write("Hello")\n'


async def first_page(url: str) -> None:
    async with Session(url) as session:
        page = await session.open()
        if page.exceptions:
            raise RuntimeError(f"the first page failed: {page.exceptions[0]}")


def one_start(script: Path | None) -> tuple[float, float]:
    """Seconds to healthy and to the first page drawn, from the process's start."""
    with servers.start(script) as server:
        server.wait_healthy()
        healthy = time.perf_counter() - server.started
        asyncio.run(first_page(server.url))
        return healthy, time.perf_counter() - server.started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    one_line = Path(tempfile.mkdtemp(prefix="crossroads-cold-")) / "one_line.py"
    one_line.write_text(ONE_LINE)
    subjects = {"one-line app": one_line, "crossroads": None}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in subjects}
    print(f"before: {load_average()}")
    one_start(None)  # a first start fills the OS's file cache for both
    for _ in range(args.starts):
        for name, script in subjects.items():
            times[name].append(one_start(script))
    print("| app | starts | healthy median s | first page drawn median s |")
    print("|---|---|---|---|")
    medians = {}
    for name, runs in times.items():
        medians[name] = statistics.median(t for _, t in runs)
        print(f"| {name} | {len(runs)} | {statistics.median(h for h, _ in runs):.2f} "
              f"| {medians[name]:.2f} |")
    print(f"crossroads / one-line app = {medians['crossroads'] / medians['one-line app']:.2f}x "
          "(target: at most 1.2x)")
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
