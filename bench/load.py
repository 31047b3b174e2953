"""Load benchmark: N people at once walking the real flow, beside a bare page, on 127.0.0.1.

Each simulated person opens a session as a browser does (bench/ws_client.py), answers every
question shown (a seeded random choice, 1 to 3 s of thinking before each), presses Next,
checks that the page's heading changed and that no exception was drawn, and at the result
starts again in a new session. The same people, with the same seed, then walk the bare page
(bench/bare_page.py: same steps and widgets, no app logic) under the same server line.

    .venv/bin/python bench/load.py                       # 10, 50 and 200 people, 60 s each
    .venv/bin/python bench/load.py --sessions 5 --duration 15
    .venv/bin/python bench/load.py --url http://127.0.0.1:8080 --pids 123,124  # running servers

Latency is from a BackMsg sent to its run finished; the first page is from opening the
connection to the first run finished. Memory is the servers' resident size from /proc during
the level, less before it, per session. It prints figures and ratios, never pass or fail.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from bench.ws_client import Page, Session  # noqa: E402

BARE_PAGE = ROOT / "bench" / "bare_page.py"
# What Streamlit does by default, for a developer's convenience (--dev compares against it).
DEV_CONFIG = {"runner.postScriptGC": "true", "server.fileWatcherType": "auto",
              "server.runOnSave": "true"}
DEV_ENV = {servers.NO_FREEZE_ENV: "1"}
FREE_TEXT = "I need some time to think about what I want."


@dataclass
class Result:
    """What one level measured, for one page."""

    page: str
    sessions: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # every rerun after the first page
    answers: list[float] = field(default_factory=list)  # the reruns an answer caused
    moves: list[float] = field(default_factory=list)  # the reruns Next (or Start) caused
    first_pages: list[float] = field(default_factory=list)
    nexts: int = 0  # Next (or Start) presses that moved to a new heading
    flows: int = 0  # walks that reached the result page
    errors: list[str] = field(default_factory=list)
    rss_before: float | None = None
    rss_peak: float | None = None
    # How late the client's own loop woke from a 10 ms sleep: when the client shares the
    # machine's cores with the servers, a late client adds its lateness to every latency.
    client_lags: list[float] = field(default_factory=list)

    @property
    def reruns_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, values: list[float], p: int) -> float:
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[p - 1]

    @property
    def mb_per_session(self) -> float | None:
        if self.rss_before is None or self.rss_peak is None:
            return None
        return (self.rss_peak - self.rss_before) / self.sessions


class Person:
    """One simulated person: thinks, answers what is shown, presses Next, starts over."""

    def __init__(self, url: str, rng: random.Random, think: tuple[float, float],
                 result: Result, deadline: float, walks: int | None = None) -> None:
        self.url, self.rng, self.think, self.result = url, rng, think, result
        self.deadline = deadline
        self.walks_left = walks

    def time_left(self) -> bool:
        return time.monotonic() < self.deadline and self.walks_left != 0

    async def pause(self) -> bool:
        await asyncio.sleep(self.rng.uniform(*self.think))
        return self.time_left()

    async def run(self) -> None:
        while self.time_left():
            try:
                await self.walk()
            except Exception as error:  # noqa: BLE001 - every failure is a figure here
                self.result.errors.append(f"{type(error).__name__}: {error}"[:200])
                await asyncio.sleep(1)

    async def timed(self, call, kind: list[float] | None = None) -> Page:
        start = time.perf_counter()
        page = await call
        elapsed = time.perf_counter() - start
        self.result.latencies.append(elapsed)
        (self.result.answers if kind is None else kind).append(elapsed)
        self.check(page)
        return page

    def check(self, page: Page) -> None:
        if page.exceptions:
            raise RuntimeError(f"exception on the page: {page.exceptions[0]}")

    async def walk(self) -> None:
        session = Session(self.url)
        try:
            start = time.perf_counter()
            page = await session.open()
            self.result.first_pages.append(time.perf_counter() - start)
            self.check(page)
            answered: set[str] = set()
            while self.time_left():
                todo = self.unanswered(page, answered)
                if todo:
                    if not await self.pause():
                        return
                    page = await self.answer(session, page, todo[0], answered)
                    continue
                button = next((k for k in ("start", "nav_next") if k in page.widgets), None)
                if button is None:  # the result page: this walk is done
                    self.result.flows += 1
                    if self.walks_left is not None:
                        self.walks_left -= 1
                    return
                if not await self.pause():
                    return
                heading = page.heading
                page = await self.timed(session.press(button), self.result.moves)
                if page.heading == heading:
                    raise RuntimeError(f"{button} did not leave {heading!r}")
                self.result.nexts += 1
                answered.clear()
        finally:
            await session.close()

    @staticmethod
    def unanswered(page: Page, answered: set[str]) -> list[str]:
        """Questions shown and not yet answered, in page order (checkboxes by question)."""
        questions: list[str] = []
        for key in page.widgets:
            question = key.split("__")[0]
            if key.startswith("q_") and question not in answered and question not in questions:
                questions.append(question)
        return questions

    async def answer(self, session: Session, page: Page, question: str,
                     answered: set[str]) -> Page:
        answered.add(question)
        widget = page.widgets.get(question)
        if widget is None:  # a multiple choice: tick one of its boxes
            boxes = [k for k in page.widgets if k.startswith(question + "__")]
            return await self.timed(session.change(self.rng.choice(boxes), True))
        if widget.kind == "radio":
            return await self.timed(session.change(question, self.rng.choice(widget.options)))
        if widget.kind == "text_area" and self.rng.random() < 0.3:
            return await self.timed(session.change(question, FREE_TEXT))
        return page


class RssSampler:
    """Peak resident memory of the server processes, sampled every half second."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak = 0.0
        self._task: asyncio.Task | None = None

    def now(self) -> float:
        return sum(servers.rss_mb(pid) for pid in self.pids)

    async def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, self.now())
            await asyncio.sleep(0.5)

    def start(self) -> None:
        self._task = asyncio.create_task(self._sample())

    async def stop(self) -> float:
        self._task.cancel()
        self.peak = max(self.peak, self.now())
        return self.peak


class LagSampler:
    """How late this client's event loop runs, sampled every 10 ms."""

    def __init__(self, into: list[float]) -> None:
        self.into = into
        self._task: asyncio.Task | None = None

    async def _sample(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            self.into.append(time.perf_counter() - before - 0.01)

    def start(self) -> None:
        self._task = asyncio.create_task(self._sample())

    def stop(self) -> None:
        self._task.cancel()


async def drive(url: str, page: str, sessions: int, duration: float, seed: int = 1,
                think: tuple[float, float] = (1.0, 3.0), ramp: float | None = None,
                pids: list[int] | None = None, walks: int | None = None,
                result: Result | None = None) -> Result:
    """`sessions` people arriving over `ramp` seconds, walking for `duration` seconds (or
    until each has walked to the result `walks` times)."""
    result = result or Result(page, sessions)
    ramp = min(sessions / 20, 10.0) if ramp is None else ramp
    sampler = RssSampler(pids) if pids else None
    if sampler:
        result.rss_before = sampler.now()
        sampler.start()
    lag = LagSampler(result.client_lags)
    lag.start()
    started = time.monotonic()
    deadline = started + duration

    async def arrive(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        await asyncio.sleep(rng.uniform(0, ramp))
        await Person(url, rng, think, result, deadline, walks).run()

    await asyncio.gather(*(arrive(i) for i in range(sessions)))
    result.seconds = time.monotonic() - started
    lag.stop()
    if sampler:
        result.rss_peak = await sampler.stop()
    return result


async def warm_up(url: str, processes: int = 1) -> None:
    """A quick walk to the result for each process (at once, so a balancer spreads them),
    so imports made once per process are not counted."""
    result = await drive(url, "warm-up", processes, 120, think=(0, 0), ramp=0, walks=1)
    if result.errors or result.flows < processes:
        raise RuntimeError(f"the warm-up walk failed on {url}: {result.errors[:3]}")


def table(results: list[Result]) -> str:
    head = ("| page | sessions | reruns/s | p50 ms | p95 ms | p99 ms | answer p95 ms "
            "| Next p95 ms | first page p95 ms | Next ok | walks | errors | MB/session "
            "| client lag p99 ms |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in results:
        ms = [r.percentile(r.latencies, p) * 1000 for p in (50, 95, 99)]
        mb = "n/a" if r.mb_per_session is None else f"{r.mb_per_session:.2f}"
        kinds = [r.percentile(r.answers, 95) * 1000, r.percentile(r.moves, 95) * 1000]
        lines.append(
            f"| {r.page} | {r.sessions} | {r.reruns_per_second:.1f} | {ms[0]:.0f} | {ms[1]:.0f} "
            f"| {ms[2]:.0f} | {kinds[0]:.0f} | {kinds[1]:.0f} "
            f"| {r.percentile(r.first_pages, 95) * 1000:.0f} | {r.nexts} "
            f"| {r.flows} | {len(r.errors)} | {mb} "
            f"| {r.percentile(r.client_lags, 99) * 1000:.0f} |"
        )
    return "\n".join(lines)


def ratios(results: list[Result]) -> str:
    """p95 and reruns/s of the app against the bare page, level by level."""
    lines = []
    by_level: dict[int, dict[str, Result]] = {}
    for r in results:
        by_level.setdefault(r.sessions, {})[r.page] = r
    for sessions, pages in by_level.items():
        app, bare = pages.get("crossroads"), pages.get("bare page")
        if app and bare and bare.latencies and app.latencies:
            p95 = app.percentile(app.latencies, 95) / bare.percentile(bare.latencies, 95)
            lines.append(f"{sessions} sessions: app p95 / bare p95 = {p95:.2f}x")
        dev = pages.get("crossroads, dev settings")
        if app and dev and app.latencies and dev.latencies:
            p95 = dev.percentile(dev.latencies, 95) / app.percentile(app.latencies, 95)
            rate = dev.reruns_per_second / app.reruns_per_second if app.seconds else 0
            lines.append(f"{sessions} sessions: dev settings p95 / production p95 = {p95:.2f}x,"
                         f" reruns/s {rate:.2f}x")
    return "\n".join(lines)


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def parse_env(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


async def run_levels(targets: list[tuple[str, str, list[int] | None]], levels: list[int],
                     duration: float, seed: int) -> list[Result]:
    results: list[Result] = []
    for _, url, pids in targets:
        await warm_up(url, len(pids or [1]))
    for sessions in levels:
        for name, url, pids in targets:
            result = await drive(url, name, sessions, duration, seed=seed, pids=pids)
            results.append(result)
            for error in sorted(set(result.errors))[:5]:
                print(f"  {name}, {sessions} sessions: {error}", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", default="10,50,200", help="levels, comma-separated")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="an app already running (no bare page unless --bare-url)")
    parser.add_argument("--bare-url", help="the bare page already running")
    parser.add_argument("--name", default="crossroads",
                        help="what --url serves, as the table names it")
    parser.add_argument("--pids", help="server process ids behind --url, for memory")
    parser.add_argument("--config", action="append", default=[],
                        help="section.option=value over .streamlit/config.toml for the servers "
                             "this starts, e.g. runner.postScriptGC=true")
    parser.add_argument("--env", action="append", default=[],
                        help="NAME=VALUE for the servers this starts, e.g. "
                             "CROSSROADS_BENCH_NO_FREEZE=1")
    parser.add_argument("--dev", action="store_true",
                        help="also the app with Streamlit's developer defaults (collection "
                             "after every run, file watcher, no gc.freeze), in the same run")
    args = parser.parse_args()
    levels = [int(n) for n in args.sessions.split(",")]
    started: list[servers.Server] = []
    results: list[Result] = []
    try:
        if args.url:
            pids = [int(p) for p in args.pids.split(",")] if args.pids else None
            targets = [(args.name, args.url, pids)]
            if args.bare_url:
                targets.append(("bare page", args.bare_url, None))
        else:
            env, config = parse_env(args.env), parse_env(args.config)
            started = [servers.start(env=env, config=config),
                       servers.start(BARE_PAGE, env=env, config=config)]
            for server in started:
                server.wait_healthy()
            targets = [("crossroads", started[0].url, [started[0].pid]),
                       ("bare page", started[1].url, [started[1].pid])]
            if args.dev:
                dev = servers.start(env={**env, **DEV_ENV}, config={**config, **DEV_CONFIG})
                started.append(dev)
                dev.wait_healthy()
                targets.append(("crossroads, dev settings", dev.url, [dev.pid]))
        print(f"before: {load_average()}")
        if args.env or args.config:
            print(f"server settings: {' '.join(args.config + args.env)}")
        results = asyncio.run(run_levels(targets, levels, args.duration, args.seed))
        print(table(results))
        print(ratios(results))
        print(f"after: {load_average()}")
    finally:
        if any(r.errors for r in results) or not results:
            for server in started:
                print(f"--- log of {server.url}:\n{server.log_tail()}", file=sys.stderr)
        for server in started:
            server.stop()
    if any(r.errors for r in results):
        os._exit(1)


if __name__ == "__main__":
    main()
