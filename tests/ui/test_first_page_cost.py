"""The first page after a start loads nothing it does not draw (README, "Cold start").

Each check runs in a fresh interpreter: what a process has imported is what is measured.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_FIRST_PAGE = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({app!r}, default_timeout=30)
{lang}
at.run()
assert not at.exception, at.exception
assert at.session_state["lang"] == {expected!r}
print(" ".join(sorted(name for name in {watched!r} if name in sys.modules)))
"""
# Streamlit's emoji table takes about 90 ms to import: a segmented control loads it for any
# option label that is not plain ASCII ("Español"), a radio does not.
WATCHED = ("streamlit.emojis", "pandas", "altair", "scoring.engine", "storage")


def _loaded_by_first_page(lang: str | None) -> set[str]:
    script = _FIRST_PAGE.format(
        app=str(ROOT / "app.py"),
        lang=f"at.query_params['lang'] = {lang!r}" if lang else "",
        expected=lang or "en",
        watched=WATCHED,
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stdout.split())


def test_the_welcome_page_loads_no_emoji_table_and_no_later_page_library() -> None:
    assert _loaded_by_first_page(None) == set()


def test_the_spanish_welcome_page_loads_none_of_them_either() -> None:
    assert _loaded_by_first_page("es") == set()
