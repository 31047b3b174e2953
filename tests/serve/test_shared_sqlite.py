"""Two app processes on one SQLite file (`make serve` on one machine) save at the same time.

WAL lets readers go on while one process writes; writes start with BEGIN IMMEDIATE and wait
on the busy timeout (storage/database.py), so two processes writing together queue instead of
failing. Here two processes start together and save answers as fast as they can, each for
its own people; every save lands, none fails, and the file is in WAL mode.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from storage import open_store

ROOT = Path(__file__).resolve().parents[2]
SAVES = 60

# One process: start two people, then save an answer for each in turn, SAVES times, as soon
# as the other process is ready too (a shared start line, so the writes overlap).
WRITER = r"""
import json, sys, time
from pathlib import Path
from storage import open_store
store = open_store()
codes = [store.start() for _ in range(2)]
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.005)
started = time.monotonic()
for n in range(int(sys.argv[3])):
    for code in codes:
        assert store.save_progress(code, {"safety_afraid": "no", "n": n}, "safety",
                                   questionnaire_id="crossroads", questionnaire_version="1")
print(json.dumps({"codes": codes, "seconds": time.monotonic() - started}))
"""


def test_two_processes_save_into_one_sqlite_file_at_once(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "CROSSROADS_DATA_DIR": str(data_dir), "CROSSROADS_DATABASE_URL": "",
           "PYTHONPATH": str(ROOT)}
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path / f"ready{i}"), str(go),
                          str(SAVES)], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for i in range(2)
    ]
    try:
        while not all((tmp_path / f"ready{i}").exists() for i in range(2)):
            if any(w.poll() is not None for w in writers):
                break
            os.sched_yield()
        go.touch()
        results = [w.communicate(timeout=120) for w in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    for writer, (_out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err[-2000:]
    codes = [code for out, _ in results for code in json.loads(out)["codes"]]
    database = data_dir / "crossroads.db"
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store = open_store(f"sqlite:///{database}")
    try:
        for code in codes:
            progress = store.load_progress(code)
            assert progress is not None
            assert progress.values == {"safety_afraid": "no", "n": SAVES - 1}
    finally:
        store.close()
