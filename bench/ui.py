"""Benchmark of the app's responsiveness: one answer, and start-up, against bare Streamlit.

Run by hand (`make bench` or `.venv/bin/python bench/ui.py`); it prints figures and ratios,
each against a baseline measured in the same run, never a pass or a fail.

An answer is measured as the browser asks for it: a change to a widget inside a fragment
reruns that fragment alone (tests/ui/flow.py gives AppTest that ability). The baseline is a
bare page with the same widgets (the section's questions, Back and Next) and nothing else.
Both run under Streamlit's default settings and under the production settings in
.streamlit/config.toml (with serve.py's gc.freeze after start-up).
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

from streamlit import config
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from questionnaire import QuestionType, default_questionnaire  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, stop  # noqa: E402
from tests.browser.driver import IDLE  # noqa: E402
from tests.ui.flow import browser_of, click, current_step, last_runs, run_as_browser  # noqa: E402
from ui.question_widgets import widget_key  # noqa: E402

ROUNDS = 80
WARM_UP = 5
STARTS = 5
TARGET = 1.1
# An answer that raises no safety sign, changed back and forth; and one that does, answered
# first on the page so help stays shown while the other answer changes.
QUESTION = "safety_afraid"
VALUES = ("no", "prefer_not")
HELP_SHOWN = ("safety_hurt", "yes")


def widget_count(section) -> int:
    return sum(
        len(q.options) if q.type is QuestionType.MULTI_CHOICE else 1
        for q in default_questionnaire().visible_questions({}, section)
    )


def bare_page_source(section) -> str:
    """A plain Streamlit page with the same widgets as the section page, each with its
    question, and nothing else."""
    lines = ["import streamlit as st"]
    for q in default_questionnaire().visible_questions({}, section):
        if q.type is QuestionType.MULTI_CHOICE:
            # The boxes under their question, as bench/bare_page.py (a radio has its own label).
            lines.append(f"st.markdown({'**' + q.text + '**'!r})")
            lines += [
                f"st.checkbox({o.label!r}, key={widget_key(q.id, o.id)!r})" for o in q.options
            ]
        elif q.type is QuestionType.FREE_TEXT:
            lines.append(f"st.text_area({q.text!r}, key={widget_key(q.id)!r})")
        else:
            lines.append(
                f"st.radio({q.text!r}, {q.option_ids!r}, index=None, key={widget_key(q.id)!r})"
            )
    lines += ['st.button("Back", key="nav_back")', 'st.button("Next", key="nav_next")']
    return "\n".join(lines) + "\n"


def production_gc_setting() -> bool:
    """runner.postScriptGC as the production configuration sets it (Streamlit's default: on)."""
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    return settings.get("runner", {}).get("postScriptGC", True)


class Page:
    """One AppTest session and how an answer reruns it."""

    def __init__(self, at: AppTest, *, fragment: bool) -> None:
        self.at, self.fragment = at, fragment

    def compile_once(self, once: bool) -> None:
        """Compile the script once, as a server does, or on every run, as AppTest does."""
        browser_of(self.at).script_cache = ScriptCache() if once else None

    def answer(self, value: str) -> float:
        """Seconds for one radio change and the rerun it causes."""
        key = widget_key(QUESTION)
        radio = self.at.radio(key=key)  # finding it in AppTest's tree is not the app's time
        start = time.perf_counter()
        radio.set_value(value)
        if self.fragment:
            run_as_browser(self.at, key)
        else:
            self.at.run()
        elapsed = time.perf_counter() - start
        assert not self.at.exception, self.at.exception
        if self.fragment:
            assert last_runs(self.at) == ["fragment"], last_runs(self.at)
        return elapsed


def app_on(section, *, fragment: bool, help_shown: bool = False) -> Page:
    """The app on `section`, reached as a person reaches it: the welcome page, Start."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.run()
    click(at, "start")
    if current_step(at) != section.id:
        at.session_state["step"] = section.id
        at.run()
    if help_shown:
        at.radio(key=widget_key(HELP_SHOWN[0])).set_value(HELP_SHOWN[1]).run()
        assert at.get_by_key("help_panel_inline") is not None
    return Page(at, fragment=fragment)


def measure(pages: dict[str, Page]) -> dict[str, float]:
    """Median seconds an answer takes on each page. Rounds alternate between the pages, so
    a busy spell on this shared machine falls on all alike; the first rounds warm up."""
    times: dict[str, list[float]] = {name: [] for name in pages}
    for i in range(ROUNDS):
        value = VALUES[i % len(VALUES)]
        for name, page in pages.items():
            times[name].append(page.answer(value))
    return {name: statistics.median(t[WARM_UP:]) for name, t in times.items()}


ROWS = {
    "bare": "bare page, same widgets",
    "answer": "Crossroads: an answer (its fragment)",
    "help": "  the same, help shown on the page",
    "whole": "  the same answer, whole page rerun",
    "keys": "bare page + as many session keys",
}


def session_keys(at: AppTest) -> int:
    """Keys in the session's state as a keyed radio copies it on every run (Streamlit's
    internals: a diagnostic, not an interface)."""
    return len(at._session_state._state.filtered_state)


def bare_with_keys(workdir: Path, section, extra: int) -> AppTest:
    """The bare page holding `extra` more keys in session state, as many as the app's own
    beyond the same widgets: what those keys alone cost each rerun."""
    source = bare_page_source(section).replace(
        "import streamlit as st\n",
        f"import streamlit as st\nfor i in range({extra}):\n"
        "    st.session_state.setdefault(f'extra_{i}', i)\n",
        1,
    )
    path = workdir / "bare_page_with_keys.py"
    path.write_text(source)
    return AppTest.from_file(str(path), default_timeout=30)


def interaction_benchmark(workdir: Path) -> None:
    questionnaire = default_questionnaire()
    section = max(questionnaire.sections, key=widget_count)
    assert QUESTION in [q.id for q in section.questions], "pick a question of that section"
    bare_file = workdir / "bare_page.py"
    bare_file.write_text(bare_page_source(section))
    production = production_gc_setting()

    columns: list[tuple[str, dict[str, float]]] = []
    for label, served in (("AppTest as shipped", False), ("as served", True)):
        # As served: the production configuration, the script compiled once, and the
        # start-up objects frozen out of the collector's way, as serve.py does.
        gc_after_run = production if served else True
        config.set_option("runner.postScriptGC", gc_after_run)
        bare = AppTest.from_file(str(bare_file), default_timeout=30)
        pages = {
            "bare": Page(bare, fragment=False),
            "answer": app_on(section, fragment=True),
            "help": app_on(section, fragment=True, help_shown=True),
            "whole": app_on(section, fragment=False),
        }
        bare.run()
        pages["answer"].answer(VALUES[0])
        extra = session_keys(pages["answer"].at) - session_keys(bare)
        with_keys = bare_with_keys(workdir, section, extra)
        pages["keys"] = Page(with_keys, fragment=False)
        with_keys.run()
        for page in pages.values():
            page.compile_once(served)
        if served:
            gc.collect()
            gc.freeze()
        try:
            columns.append((f"{label}: postScriptGC {'on' if gc_after_run else 'off'}",
                            measure(pages)))
        finally:
            gc.unfreeze()

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"One answer on the longest section ('{section.id}', {widget_count(section)} widgets "
        f"and Back/Next): median of {ROUNDS - WARM_UP} rounds, load average {load}"
    )
    width = max(len(name) for name, _ in columns)
    print(f"  {'':38} " + " | ".join(f"{name:>{width}}" for name, _ in columns))
    for row, title in ROWS.items():
        cells = []
        for _, medians in columns:
            ms = medians[row] * 1000
            ratio = medians[row] / medians["bare"]
            cells.append(f"{ms:7.2f} ms  {ratio:5.2f}x".rjust(width))
        print(f"  {title:38} " + " | ".join(cells))
    print(f"  target: an answer (its fragment) at or below {TARGET}x the bare page")
    print(f"  (the app's session holds {extra} keys beyond the bare page's; every keyed radio"
          " copies them all on each run)")


def time_to_first_page(script: Path, browser) -> float:
    """Seconds from launching `streamlit run` to the first page drawn in Chromium."""
    port = free_port()
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}")
        page.wait_for_selector("[data-testid='stMarkdown'], [data-testid='stHeading']")
        page.wait_for_selector(IDLE)
        elapsed = time.perf_counter() - start
        page.close()
        return elapsed
    finally:
        stop(process)


def startup_benchmark(workdir: Path) -> None:
    from playwright.sync_api import sync_playwright

    one_line = workdir / "one_line.py"
    one_line.write_text('import streamlit as st\nst.write("Hello")\n')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        baseline_times, ours_times = [], []
        for _ in range(STARTS):  # alternating, as above
            baseline_times.append(time_to_first_page(one_line, browser))
            ours_times.append(time_to_first_page(ROOT / "app.py", browser))
        baseline, ours = statistics.median(baseline_times), statistics.median(ours_times)
        browser.close()
    print(f"Start-up: `streamlit run` to the first rendered page (median of {STARTS})")
    print(f"  one-line app : {baseline:6.2f} s")
    print(f"  Crossroads   : {ours:6.2f} s")
    print(f"  ratio        : {ours / baseline:6.2f}x  (target: within 1.2x)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        interaction_benchmark(Path(tmp))
        startup_benchmark(Path(tmp))
