"""Latency a person feels in Chromium: an answer to a settled page, Next to the next page drawn.

Run by hand (`.venv/bin/python bench/browser_latency.py [walks]`); it prints figures and
ratios against a baseline measured in the same run, never a pass or a fail.

The app is served by the Makefile's `make run` line; the baseline is a bare page with the
same steps, headings and widgets (bench/bare_page.py) under that same server line
(bench/servers.py). Both are driven in one Chromium at a phone's size, walk after walk,
alternating, so a busy spell on this shared machine falls on both alike.

Each time is the browser's own clock (performance.now() in the page), from the click to
the first moment the page is settled: the rerun the click asked for has run and finished
(`data-test-script-state` back to notRunning), nothing on the page is left stale, and after
Next the new page's heading is drawn.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import servers  # noqa: E402
from questionnaire import default_questionnaire  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.driver import answer_shown, open_app, press, wait_idle  # noqa: E402
from tests.sample_answers import CALM_ANSWERS  # noqa: E402

WALKS = 3  # timed walks per page, after one to warm each server up
ANSWERS_PER_WALK = 12
TARGET_MS = 100
PHONE = {"width": 390, "height": 844}
# An answer that raises no safety sign, changed back and forth on the first page.
QUESTION = "safety_afraid"
VALUES = ("no", "prefer_not")
REVIEW_HEADING = "Check your answers"

# In every page, before Streamlit's own code: note when each run's last message, the
# server's script_finished (ForwardMsg field 6), arrives. A quick rerun can come and go
# without the page's script-state attribute ever showing "running" (React batches the two
# updates), so the server's word is what says the rerun asked for has been answered.
_WATCH_RUNS = """(() => {
  const Native = window.WebSocket;
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finishes = (bytes) => {
    let at = 0;
    while (at < bytes.length) {
      let tag, size;
      [tag, at] = varint(bytes, at);
      const field = Math.floor(tag / 8), wire = tag % 8;
      if (field === 6) return true;
      if (wire === 0) [, at] = varint(bytes, at);
      else if (wire === 2) { [size, at] = varint(bytes, at); at += size; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return false;
    }
    return false;
  };
  window.__crRunsFinished = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer && finishes(new Uint8Array(event.data))) {
          window.__crRunsFinished += 1;
        }
      });
    }
  };
})();"""

# Click the element `selector` matches (the one whose text is `text`), then resolve with the
# milliseconds until the page has settled: the server has finished the run the click asked
# for, the page shows it is idle with nothing stale, and after Next the new heading is drawn.
_TIME_CLICK = """([selector, text, heading]) => new Promise((resolve) => {
  // Found at the moment of the click: React may have replaced an element found earlier.
  const el = [...document.querySelectorAll(selector)].find(
    (e) => !text || e.textContent.trim() === text);
  const app = document.querySelector("[data-testid='stApp']");
  const main = () => document.querySelector("[data-testid='stMain']");
  const idle = () => app.getAttribute("data-test-script-state") === "notRunning";
  const before = window.__crRunsFinished;
  const answered = () => window.__crRunsFinished > before;
  let done = false;
  const drawn = () => !heading || [...main().querySelectorAll("h1, h2, h3")].some(
    (h) => h.textContent.trim() === heading && !h.closest("[data-stale='true']"));
  const settled = () => answered() && idle() && !main().querySelector("[data-stale='true']")
    && drawn();
  const finish = (value) => {
    if (done) return;
    done = true;
    watch.disconnect();
    resolve(value);
  };
  const look = () => { if (settled()) finish(performance.now() - t0); };
  const watch = new MutationObserver(look);
  watch.observe(app, {attributes: true, childList: true, subtree: true, characterData: true});
  const t0 = performance.now();
  el.click();
  const poll = () => {
    if (done) return;
    if (performance.now() - t0 > 20000) {
      return finish(`answered ${answered()}, idle ${idle()}, drawn ${drawn()}, stale ` +
        main().querySelectorAll("[data-stale='true']").length);
    }
    look();
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})"""


def _time_click(page, selector: str, text: str | None = None, heading: str | None = None) -> float:
    """Milliseconds from a click on `selector` (the one whose text is `text`) to settled."""
    page.locator(selector).first.wait_for()
    wait_idle(page)
    page.wait_for_timeout(100)  # untimed: the page finishes drawing the last run
    elapsed = page.evaluate(_TIME_CLICK, [selector, text, heading])
    if isinstance(elapsed, str):
        raise TimeoutError(f"the page did not settle within 20 s: {elapsed}")
    wait_idle(page)
    page.wait_for_timeout(150)  # untimed: late scripts (focus, announcements) finish
    return elapsed


def _time_answer(page, question_id: str, value: str) -> float:
    label = default_questionnaire().question(question_id).label_of(value)
    return _time_click(page, f".st-key-q_{question_id} [role='radiogroup'] label", label)


def walk(browser, url: str) -> tuple[list[float], list[float]]:
    """One person's visit: answers on the first page, then Next through every section."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(_WATCH_RUNS)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, url)
        press(page, "start")
        answers = [
            _time_answer(page, QUESTION, VALUES[i % len(VALUES)])
            for i in range(ANSWERS_PER_WALK)
        ]
        nexts = []
        sections = default_questionnaire().sections
        for i, _section in enumerate(sections):
            answer_shown(page, CALM_ANSWERS)
            heading = sections[i + 1].title if i + 1 < len(sections) else REVIEW_HEADING
            nexts.append(_time_click(page, ".st-key-nav_next button", heading=heading))
        return answers, nexts
    finally:
        context.close()


def _p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main(walks: int = WALKS) -> None:
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    app = servers.start()
    bare = servers.start(ROOT / "bench" / "bare_page.py")
    try:
        app.wait_healthy()
        bare.wait_healthy()
        times: dict[str, dict[str, list[float]]] = {
            name: {"answer": [], "next": []} for name in ("bare", "app")
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for round_ in range(walks + 1):
                for name, server in (("bare", bare), ("app", app)):
                    answers, nexts = walk(browser, server.url)
                    if round_:  # the first walk warms each server up
                        times[name]["answer"] += answers
                        times[name]["next"] += nexts
            browser.close()
    finally:
        app.stop()
        bare.stop()
    load_after = os.getloadavg()

    def load(values) -> str:
        return ", ".join(f"{v:.2f}" for v in values)

    print(
        f"Chromium at {PHONE['width']}x{PHONE['height']}, `make run` line, {walks} walks a page "
        f"after one to warm up; load average {load(load_before)} before, "
        f"{load(load_after)} after"
    )
    print(f"  {'':34} {'bare page':>21} | {'Crossroads':>21} | ratio of medians")
    print(f"  {'':34} {'median':>10} {'p90':>10} | {'median':>10} {'p90':>10} |")
    for kind, title in (("answer", "answer to settled page"), ("next", "Next to next page drawn")):
        bare_t, app_t = times["bare"][kind], times["app"][kind]
        cells = [
            f"{statistics.median(t):7.1f} ms {_p90(t):7.1f} ms" for t in (bare_t, app_t)
        ]
        ratio = statistics.median(app_t) / statistics.median(bare_t)
        print(f"  {title + f' (n={len(app_t)})':34} {cells[0]} | {cells[1]} | {ratio:5.2f}x")
    print(f"  target: each Crossroads median under {TARGET_MS} ms on a quiet machine")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else WALKS)
