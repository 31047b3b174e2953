"""Resume across processes: after a server restart (SQLite) or on another replica (PostgreSQL).

The first half of the questionnaire is answered in a separate Python process that finds the
database the way the app does, from CROSSROADS_DATABASE_URL, and then exits; this test's own
process resumes it. Nothing is shared but the database itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storage import Store
from tests.storage.helpers import REPO_ROOT

FIRST_PROCESS = r"""
import json, sys
from storage import open_store
store = open_store()
code = store.start()
assert store.save_progress(code, json.loads(sys.argv[1]), "half-way",
                           questionnaire_id="crossroads", questionnaire_version="1.0.0")
print(code)
"""


def test_a_questionnaire_started_in_one_process_is_resumed_in_another(
    database_url: str, full_answers: dict, tmp_path: Path, make_store
):
    keys = list(full_answers)
    first_half = {k: full_answers[k] for k in keys[:18]}
    env = {
        **os.environ,
        "CROSSROADS_DATABASE_URL": database_url,
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PROCESS, json.dumps(first_half)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip()

    other: Store = make_store(database_url)
    resumed = other.load_progress(code.lower().replace("-", " "))
    assert resumed is not None
    assert (resumed.step, resumed.values) == ("half-way", first_half)
    assert other.save_progress(code, full_answers, "done", questionnaire_id="crossroads",
                               questionnaire_version="1.0.0")
    final = other.load_progress(code)
    assert final is not None and final.values == full_answers and final.step == "done"
