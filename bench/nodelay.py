"""Nagle's algorithm: reruns of a trivial page with no thinking, `streamlit run` against `make run`.

`streamlit run` makes its listening socket with protocol 0, so asyncio never sets TCP_NODELAY
on the connections it accepts, and a rerun's later messages can wait for the other side's
delayed acknowledgement. uvicorn's own sockets get TCP_NODELAY. Same trivial script, same
.streamlit/config.toml, same client (bench/ws_client.py); only the server line differs.

    .venv/bin/python bench/nodelay.py
"""

from __future__ import annotations

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

RERUNS = 200
TRIVIAL = 'import streamlit as st\n\nst.write("Hello")\n'


async def time_reruns(url: str, reruns: int) -> list[float]:
    async with Session(url) as session:
        await session.open()
        for _ in range(10):
            await session.rerun()
        times = []
        for _ in range(reruns):
            start = time.perf_counter()
            page = await session.rerun()
            times.append(time.perf_counter() - start)
            assert not page.exceptions, page.exceptions
        return times


def main() -> None:
    script = Path(tempfile.mkdtemp(prefix="crossroads-nodelay-")) / "trivial.py"
    script.write_text(TRIVIAL)
    lines = {
        "streamlit run": [sys.executable, "-m", "streamlit", "run", str(script),
                          "--server.port", "{port}", "--server.address", "127.0.0.1",
                          "--server.headless", "true"],
        "make run (uvicorn)": None,
    }
    print(f"before: {load_average()}")
    medians = {}
    print("| server line | reruns | median ms | p95 ms | reruns/s |")
    print("|---|---|---|---|---|")
    for name, command in lines.items():
        with servers.start(script, command=command) as server:
            server.wait_healthy()
            times = asyncio.run(time_reruns(server.url, RERUNS))
        medians[name] = statistics.median(times)
        p95 = statistics.quantiles(times, n=100)[94]
        print(f"| {name} | {len(times)} | {medians[name] * 1000:.1f} | {p95 * 1000:.1f} "
              f"| {len(times) / sum(times):.0f} |")
    ratio = medians["streamlit run"] / medians["make run (uvicorn)"]
    print(f"streamlit run median / make run median = {ratio:.1f}x")
    print(f"after: {load_average()}")


if __name__ == "__main__":
    main()
