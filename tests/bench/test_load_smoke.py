"""bench/load.py keeps working: its client walks the real app and the bare page to the end.

Not timed. Two people walk the app (and one the bare page) from the welcome page to the
result with little thinking, under the `make run` line; every Next must reach a new page,
no exception may appear, and each walk must end on the result page. The probe of
bench/run_phases.py still times every rerun of such a walk.
"""

from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import servers
from bench.load import BARE_PAGE, drive
from bench.script_app import PHASES_ENV
from questionnaire import default_questionnaire

QUICK = (0.02, 0.1)


@pytest.fixture(scope="module")
def app_server():
    with servers.start() as server:
        server.wait_healthy()
        yield server


def run(coroutine):
    """asyncio.run on a thread of its own: a worker's shared Playwright holds this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def nexts_per_walk() -> int:
    """Start, then one Next a section, then the review's "See my result"."""
    return len(default_questionnaire().sections) + 2


def test_people_walk_the_app_to_the_result(app_server):
    result = run(drive(app_server.url, "crossroads", 2, 240, think=QUICK, ramp=0.5,
                               walks=1, pids=[app_server.pid]))
    assert result.errors == [], app_server.log_tail()
    assert result.flows == 2
    assert result.nexts == 2 * nexts_per_walk()
    assert len(result.first_pages) == 2
    assert result.mb_per_session is not None


def test_the_bare_page_walks_the_same_steps():
    with servers.start(BARE_PAGE) as server:
        server.wait_healthy()
        result = run(drive(server.url, "bare page", 1, 240, think=QUICK, ramp=0,
                                   walks=1))
        assert result.errors == [], server.log_tail()
    assert result.flows == 1
    assert result.nexts == nexts_per_walk()


def test_the_phase_probe_times_every_rerun_of_a_walk(tmp_path):
    phases = tmp_path / "phases.json"
    with servers.start(env={PHASES_ENV: str(phases)}) as server:
        server.wait_healthy()
        result = run(drive(server.url, "crossroads", 1, 240, think=QUICK, ramp=0, walks=1))
        assert result.errors == [], server.log_tail()
        time.sleep(2.5)  # the probe writes every 2 s
        rows = json.loads(phases.read_text())
    # At least a row for each Next, at most one for each request answered: one fresh-clone
    # run timed one request fewer than the client counted.
    assert result.nexts <= len(rows) <= len(result.latencies) + len(result.first_pages)
    assert any(fragment for fragment, *_ in rows), "answers rerun their fragment alone"
    for _, to_start, script, cpu, to_sent, messages, _ in rows:
        assert min(to_start, script, cpu, to_sent) >= 0 and messages >= 2
