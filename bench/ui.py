"""Benchmark of the app's responsiveness: one interaction, and start-up, against bare Streamlit.

Run by hand (`make bench` or `.venv/bin/python bench/ui.py`); it prints figures and ratios,
each against a baseline measured in the same run, never a pass or a fail.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from questionnaire import QuestionType, default_questionnaire  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, stop  # noqa: E402
from tests.browser.driver import IDLE  # noqa: E402
from ui.question_widgets import widget_key  # noqa: E402

ROUNDS = 80
STARTS = 5


def widget_count(section) -> int:
    return sum(
        len(q.options) if q.type is QuestionType.MULTI_CHOICE else 1 for q in section.questions
    )


def bare_page_source(section) -> str:
    """A plain Streamlit page with the same widgets as the section, and nothing else."""
    lines = ["import streamlit as st"]
    for q in section.questions:
        if q.type is QuestionType.MULTI_CHOICE:
            lines += [
                f"st.checkbox({o.label!r}, key={widget_key(q.id, o.id)!r})" for o in q.options
            ]
        elif q.type is QuestionType.FREE_TEXT:
            lines.append(f"st.text_area({q.text!r}, key={widget_key(q.id)!r})")
        else:
            lines.append(
                f"st.radio({q.text!r}, {q.option_ids!r}, index=None, key={widget_key(q.id)!r})"
            )
    return "\n".join(lines) + "\n"


def time_one_interaction(at: AppTest, key: str, value: str) -> float:
    """Seconds for one radio change and the rerun it causes."""
    radio = at.radio(key=key)
    start = time.perf_counter()
    radio.set_value(value).run()
    elapsed = time.perf_counter() - start
    assert not at.exception, at.exception
    return elapsed


def interaction_benchmark(workdir: Path) -> None:
    questionnaire = default_questionnaire()
    section = max(questionnaire.sections, key=widget_count)
    radio_question = next(q for q in section.questions if q.type is not QuestionType.MULTI_CHOICE)
    key = widget_key(radio_question.id)
    values = radio_question.option_ids[:2]

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.session_state["step"] = section.id
    app.run()
    bare_file = workdir / "bare_page.py"
    bare_file.write_text(bare_page_source(section))
    bare = AppTest.from_file(str(bare_file), default_timeout=30)
    bare.run()

    # Rounds alternate between the two pages, so a busy spell on this shared machine
    # falls on both alike; the first rounds warm up and are not counted.
    ours_times, bare_times = [], []
    for i in range(ROUNDS):
        value = values[i % len(values)]
        ours_times.append(time_one_interaction(app, key, value))
        bare_times.append(time_one_interaction(bare, key, value))
    ours = statistics.median(ours_times[5:])
    baseline = statistics.median(bare_times[5:])

    print(f"Interaction on the longest section ('{section.id}', {widget_count(section)} widgets)")
    print(f"  bare page, same widgets : {baseline * 1000:7.2f} ms median of {ROUNDS - 5}")
    print(f"  Crossroads              : {ours * 1000:7.2f} ms")
    print(f"  ratio                   : {ours / baseline:7.2f}x  (target: within 1.3x)")


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
    print(f"  ratio        : {ours / baseline:6.2f}x  (target: within 1.5x)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        interaction_benchmark(Path(tmp))
        startup_benchmark(Path(tmp))
