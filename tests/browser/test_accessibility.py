"""Accessibility in Chromium: axe-core on every page at two sizes, and a keyboard-only walk.

axe-core (pinned in package.json, installed by `make test` with `npm ci`) runs its WCAG 2.0,
2.1 and 2.2 A and AA rules and its best practices on each page a person can reach: welcome;
safety, empty and with the help panel; wellbeing with crisis help; every other section; the
review; and the result for a calm walk, a walk with danger and a crisis. Each page is checked
at 1280x800 and at 390x844 (a phone), then for colour contrast with the window as tall as
the page, since axe judges contrast only on screen. The violations of a walk are gathered
and reported together: rule, impact, help, and the first elements with their HTML.

The keyboard walk starts on a fresh page at 390x844: Tab reaches Quick exit first, then the
page's controls; Tab, Enter, Space and the arrow keys alone answer the first safety question
and reach the next page; and every control shows where the focus is.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import JSHandle, Page, expect

from questionnaire import default_questionnaire
from tests.browser.driver import answer, answer_shown, open_app, press, rerun_after, wait_idle
from tests.sample_answers import CALM_ANSWERS
from ui.question_widgets import widget_key

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
VIEWPORTS = {"1280x800": (1280, 800), "390x844": (390, 844)}
PHONE = {"width": 390, "height": 844}
TALLEST = 16_000  # px: no page is longer, at either width
QUICK_EXIT = "#crossroads-quick-exit"  # the page's own button, outside Streamlit's tree
SECTIONS = default_questionnaire().sections

# A violation that cannot be fixed from the app (say, in Streamlit's own markup) is accepted
# here for one rule on the elements named, never a rule as a whole, with the reason:
# (rule id, CSS selector the element matches, why). None today: all axe found was fixed.
ACCEPTED: list[tuple[str, str, str]] = []


# --- axe ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_source() -> Path:
    """axe-core from node_modules; `make test` installs it, a bare `pytest` does it here."""
    if not AXE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
    return AXE


_RUN_AXE = """async ([runOnly, accepted]) => {
  const result = await axe.run(document, {runOnly, resultTypes: ["violations"]});
  const acceptedFor = (rule, node) => accepted.some(([id, selector]) => {
    if (id !== rule || node.target.length !== 1) return false;
    const element = document.querySelector(node.target[0]);
    return element !== null && element.matches(selector);
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.filter((n) => !acceptedFor(v.id, n)).map((n) => ({
      target: n.target.map(String), html: n.html, summary: n.failureSummary || "",
    })),
  })).filter((v) => v.nodes.length > 0);
}"""


# The height of what the page shows, however tall the window is.
_CONTENT_HEIGHT = """() => Math.ceil(document.querySelector(
  "[data-testid=stMainBlockContainer]").getBoundingClientRect().bottom)"""
# Streamlit draws a skeleton while the code of a widget it has not shown before loads.
_WIDGETS_LOADED = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"


def settle(page: Page) -> None:
    """Two frames: the layout at a new size is done before anything looks at it."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => "
                  "requestAnimationFrame(r)))")


def describe(where: str, violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}, "
                     f"{len(v['nodes'])} element(s), {v['helpUrl']}")
        for node in v["nodes"][:3]:
            lines.append(f"    {' >> '.join(node['target'])}")
            lines.append(f"      {node['html'][:300]}")
            lines.extend(f"      {line.strip()}" for line in node["summary"].splitlines()[1:2])
    return "\n".join(lines)


class Audit:
    """axe on each page of a walk, at each size; what it finds is kept for one report."""

    def __init__(self, page: Page, axe: Path) -> None:
        self.page = page
        self.axe = axe
        self.found: list[str] = []
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        """axe at each size, then colour contrast again with the whole page on screen.

        Streamlit scrolls inside its own main element, and axe judges contrast only for
        what is on screen: at 390x844 it looked at 19 texts of the safety page, of 58.
        """
        wait_idle(self.page)
        self.page.wait_for_function(_WIDGETS_LOADED)
        start = self.page.viewport_size
        for size, (width, height) in VIEWPORTS.items():
            self.page.set_viewport_size({"width": width, "height": height})
            settle(self.page)
            self._scan(f"{name} @ {size}", {"type": "tag", "values": TAGS})
            content = self.page.evaluate(_CONTENT_HEIGHT)
            if content > height:
                assert content < TALLEST, f"{name} is {content}px tall at {width}: raise TALLEST"
                self.page.set_viewport_size({"width": width, "height": content})
                settle(self.page)
                self._scan(f"{name} @ {size}, whole page {width}x{content}",
                           {"type": "rule", "values": ["color-contrast"]})
        self.page.set_viewport_size(start)

    def _scan(self, where: str, run_only: dict) -> None:
        # A rerun keeps the document, a reload does not: put axe in when it is missing.
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(path=str(self.axe))
        accepted = [[rule, selector] for rule, selector, _ in ACCEPTED]
        violations = self.page.evaluate(_RUN_AXE, [run_only, accepted])
        self.checked.append(where)
        if violations:
            self.found.append(describe(where, violations))

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.found, "axe-core found violations:\n" + "\n".join(self.found)


@pytest.fixture
def audit(browser, axe_source) -> Iterator[Audit]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield Audit(page, axe_source)
    context.close()


def to_section(page: Page, index: int) -> None:
    expect(page.get_by_role("heading", name=SECTIONS[index].title)).to_be_visible()


# --- every page ---------------------------------------------------------------------------


def test_every_page_of_a_calm_walk_then_with_danger_passes_axe(audit, app_url):
    page = audit.page
    open_app(page, app_url)
    audit.check("welcome")
    press(page, "start")
    for index, section in enumerate(SECTIONS):
        to_section(page, index)
        if index == 0:
            audit.check("safety, no answers")
        answer_shown(page, CALM_ANSWERS)
        audit.check(f"calm: {section.id}, answered")
        press(page, "nav_next")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    audit.check("calm: review")
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    audit.check("calm: result")

    # The same answers with one sign of danger, changed from the review page.
    press(page, "to_review")
    press(page, "edit_safety")
    to_section(page, 0)
    answer(page, "safety_danger", ["none", "choking"])
    option = ".st-key-{} input"
    expect(page.locator(option.format(widget_key("safety_danger", "choking")))).to_be_checked()
    expect(page.locator(option.format(widget_key("safety_danger", "none")))).not_to_be_checked()
    press(page, "nav_review")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    audit.check("danger: review")
    press(page, "nav_next")
    expect(page.locator(".st-key-safety_block")).to_be_visible()
    audit.check("danger: result")
    audit.assert_clean()


def test_help_panels_and_a_crisis_result_pass_axe(audit, app_url):
    page = audit.page
    # Help under the answer that raised it, then at the top of the next page.
    open_app(page, app_url)
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    expect(page.locator(".st-key-help_panel_inline")).to_be_visible()
    audit.check("safety, help panel shown")
    press(page, "nav_next")
    to_section(page, 1)
    answer(page, "own_thoughts", "yes")
    answer(page, "own_thoughts_now", "yes")
    audit.check("wellbeing, own thoughts right now")

    # A crisis: straight to the result from the help under the answer, as a person may.
    open_app(page, app_url)
    press(page, "start")
    press(page, "nav_next")
    to_section(page, 1)
    answer(page, "own_thoughts", "yes")
    press(page, "skip_to_result_inline")
    expect(page.locator(".st-key-crisis_block")).to_be_visible()
    audit.check("crisis: result")
    audit.assert_clean()


# --- the keyboard alone ---------------------------------------------------------------------

_FOCUSED = "() => document.activeElement"
_NAME = """(e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} "${
  (e.getAttribute("aria-label") || e.innerText || e.value || "").trim().slice(0, 50)}"`"""
# What draws the focus of an element: radios and checkboxes hide their input inside the
# label a person sees, and a text box or list is ringed by the box just around it.
_RING = """(e) => {
  if (!e.isConnected) return null;
  const boxed = "[data-testid=stTextArea], [data-testid=stTextInput], [data-testid=stSelectbox]";
  const shown = (e.matches("input[type=radio], input[type=checkbox]") && e.closest("label"))
    || (e.matches("input, textarea") && e.closest(boxed) && e.parentElement) || e;
  const s = getComputedStyle(shown);
  const outline = s.outlineStyle === "none" || parseFloat(s.outlineWidth) === 0
    ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
  return {outline, boxShadow: s.boxShadow};
}"""


class Keyboard:
    """Key presses, each followed by a look at where the focus went and whether it shows."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.last: tuple[JSHandle, dict, str] | None = None
        self.visited: list[str] = []

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.look()

    def look(self) -> None:
        focused = self.page.evaluate_handle(_FOCUSED)
        if self.last is not None:
            before, ring, name = self.last
            if not self.page.evaluate("([a, b]) => a === b", [before, focused]):
                after = before.evaluate(_RING)
                # An element a rerun replaced has no unfocused state left to compare.
                assert after is None or after != ring, f"focus on {name} looks like no focus"
        if focused.evaluate("(e) => e === document.body || e === null"):
            self.last = None
            return
        name = focused.evaluate(_NAME)
        ring = focused.evaluate(_RING)
        assert ring["outline"] != "none" or ring["boxShadow"] != "none", (
            f"no visible focus on {name}: {ring}"
        )
        self.visited.append(name)
        self.last = (focused, ring, name)

    def is_on(self, selector: str) -> bool:
        return self.page.evaluate(
            "(s) => document.activeElement?.matches(s) ?? false", selector
        )

    def tab_to(self, selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            if self.is_on(selector):
                return
            self.press("Tab")
        raise AssertionError(f"Tab did not reach {selector}; went through {self.visited}")


def test_keyboard_alone_answers_the_first_question_with_focus_always_visible(
    browser, app_url, artifacts
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        open_app(page, app_url)
        keys = Keyboard(page)
        keys.press("Tab")
        assert keys.is_on(QUICK_EXIT), f"Tab first reached {keys.visited}"
        page.screenshot(path=artifacts / "a11y-focus-quick-exit-390x844.png")
        keys.press("Tab")
        assert keys.is_on("[data-testid='stApp'] *"), "after Quick exit, the page's controls"

        keys.tab_to(".st-key-opt_in_saving input")
        page.screenshot(path=artifacts / "a11y-focus-checkbox-390x844.png")
        keys.tab_to(".st-key-start button")
        page.screenshot(path=artifacts / "a11y-focus-start-390x844.png")
        rerun_after(page, lambda: page.keyboard.press("Enter"))
        to_section(page, 0)
        page.wait_for_function(_WIDGETS_LOADED)
        keys.look()

        first = ".st-key-q_safety_afraid input[type='radio']"
        keys.tab_to(first)
        rerun_after(page, lambda: keys.press("ArrowRight"))
        no = page.locator(".st-key-q_safety_afraid").get_by_role("radio", name="No", exact=True)
        expect(no).to_be_checked()
        expect(no).to_be_focused()
        keys.look()
        page.screenshot(path=artifacts / "a11y-focus-radio-390x844.png")

        keys.tab_to(".st-key-nav_next button")
        page.screenshot(path=artifacts / "a11y-focus-next-390x844.png")
        rerun_after(page, lambda: page.keyboard.press("Space"))
        to_section(page, 1)
        wait_idle(page)
    finally:
        context.close()
