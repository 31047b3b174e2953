"""Quick exit in Chromium: first in view and in tab order, Shift x3, the server down, history.

What GOV.UK's "Exit this page" asks, checked in a real browser: the control is on top of
everything and reached first by keyboard; it works with the server stopped, within 500 ms;
Shift pressed three times on its own leaves, typing capitals does not; the page is covered
at once; and nothing the app does adds a history entry, so Back after Quick exit leaves the
app rather than returning into the session.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from questionnaire import default_questionnaire
from storage import parse_code
from tests.browser.conftest import (
    EXIT_URL,
    free_port,
    serve_neutral_site,
    start_streamlit,
    stop,
    wait_healthy,
)
from tests.browser.driver import (
    QUICK_EXIT,
    answer,
    answer_shown,
    open_app,
    press,
    rerun_after,
    wait_idle,
)
from tests.sample_answers import CALM_ANSWERS
from ui.question_widgets import widget_key

pytestmark = pytest.mark.browser

APP = "[data-testid='stApp']"
MAIN = "[data-testid='stMain']"
COVER = "#crossroads-exit-cover"
NEUTRAL = re.compile(r"^http://neutral\.invalid/")
SECTIONS = default_questionnaire().sections
LEAVE_WITHIN_MS = 500


# --- helpers ------------------------------------------------------------------------------


def history_length(page: Page) -> int:
    return page.evaluate("history.length")


def expect_left(page: Page) -> None:
    page.wait_for_url(NEUTRAL, wait_until="commit")
    assert page.url.startswith(EXIT_URL)
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Weather today")).to_be_visible()


def still_here(page: Page) -> None:
    """Quick exit was not set off: the cover goes up synchronously when it is."""
    page.wait_for_timeout(300)
    assert page.evaluate(f"document.querySelector({COVER!r}) === null")
    assert page.url.startswith("http://127.0.0.1")


def expect_back_leaves_the_app(page: Page) -> None:
    """Back from the neutral site goes to what came before the app: this tab's blank page.

    Had the app added a history entry, Back would land on it, inside the session.
    """
    page.go_back()
    assert page.url == "about:blank", f"Back returned to {page.url}"


def click_centre(page: Page, selector: str) -> None:
    """A real click that, unlike Locator.click, does not wait for the navigation it starts."""
    box = page.locator(selector).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def press_shift(page: Page, times: int = 1) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")


def type_with_shift(page: Page, text: str) -> None:
    """Type as a person does: Shift held down for each capital."""
    for char in text:
        key = "Space" if char == " " else f"Key{char.upper()}"
        if char.isupper():
            page.keyboard.down("Shift")
            page.keyboard.press(key)
            page.keyboard.up("Shift")
        else:
            page.keyboard.press(key)


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


_GEOMETRY = """() => {
  const button = document.querySelector("#crossroads-quick-exit");
  const box = button.getBoundingClientRect();
  const style = getComputedStyle(button);
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  return {
    first: document.body.firstElementChild === button,
    outsideApp: !document.querySelector("#root").contains(button),
    position: style.position, zIndex: Number(style.zIndex),
    top: box.top, right: innerWidth - box.right, width: box.width, height: box.height,
    onTop: hit === button || button.contains(hit),
    background: style.backgroundColor, color: style.color,
  };
}"""


def expect_control_in_place(page: Page) -> None:
    button = page.locator(QUICK_EXIT)
    expect(button).to_be_visible()
    expect(page.get_by_role("button", name="Quick exit", exact=True)).to_have_count(1)
    expect(button).to_have_accessible_description(re.compile("press Shift three times"))
    geometry = page.evaluate(_GEOMETRY)
    assert geometry["first"] and geometry["outsideApp"], geometry
    assert geometry["position"] == "fixed" and geometry["zIndex"] >= 2_000_000_000, geometry
    assert geometry["onTop"], "something covers the quick exit"
    assert geometry["width"] >= 44 and geometry["height"] >= 44, geometry
    assert 0 <= geometry["top"] <= 16 and 0 <= geometry["right"] <= 24, geometry
    assert contrast(geometry["background"], geometry["color"]) >= 4.5, geometry
    # Still there after scrolling to the bottom (Streamlit scrolls inside its own element).
    page.evaluate(
        "document.querySelectorAll('[data-testid=stMain], [data-testid=stAppViewContainer]')"
        ".forEach((e) => e.scrollTo(0, e.scrollHeight))"
    )
    page.mouse.wheel(0, 5000)
    expect(button).to_be_in_viewport()
    assert page.evaluate(_GEOMETRY)["onTop"]


def hold_on_leaving(page: Page) -> None:
    """Keep the page in its leaving state: the browser asks before leaving, the test says no.

    (A neutral site that never answers would hold it too, but Chromium then runs no script
    in the old page, so nothing could be checked.)
    """
    page.evaluate("addEventListener('beforeunload', (event) => event.preventDefault())")


def expect_covered(page: Page) -> None:
    """Only the plain cover is shown: nothing of the app can be read or reached."""
    shown = page.evaluate(
        "[...document.body.children].filter((e) => e.checkVisibility()).map((e) => e.id)"
    )
    assert shown == ["crossroads-exit-cover"], shown
    assert page.evaluate("document.body.innerText.trim()") == ""
    cover = page.evaluate(
        f"(() => {{ const r = document.querySelector({COVER!r}).getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height, innerWidth, innerHeight]; })()"
    )
    assert cover[:2] == [0, 0] and cover[2:4] == cover[4:], cover


# --- where it is, how it looks --------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["1280x800", "390x844"])
def test_quick_exit_is_first_on_top_and_easy_to_hit(page, app_url, artifacts, size):
    width, height = size
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, app_url)
    expect_control_in_place(page)
    page.screenshot(path=artifacts / f"quick-exit-welcome-{width}x{height}.png")

    # A fresh page: the first Tab reaches Quick exit, with a focus ring that stands out.
    page.reload()
    page.wait_for_selector(QUICK_EXIT)
    wait_idle(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "crossroads-quick-exit"
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; })()"
    )
    assert ring[0] == "solid" and ring[1] >= 2, ring
    assert contrast(ring[2], "rgb(255, 255, 255)") >= 3, ring
    page.screenshot(path=artifacts / f"quick-exit-focused-{width}x{height}.png")

    press(page, "start")
    expect(page.get_by_role("heading", name=SECTIONS[0].title)).to_be_visible()
    answer(page, "safety_afraid", "yes")
    page.screenshot(path=artifacts / f"quick-exit-question-{width}x{height}.png")
    expect_control_in_place(page)
    page.screenshot(path=artifacts / f"quick-exit-question-scrolled-{width}x{height}.png")

    # The overlay, held in place while the browser asks about leaving.
    hold_on_leaving(page)
    page.locator(QUICK_EXIT).click()
    expect(page.locator(COVER)).to_be_visible()
    assert page.dialogs == [""], "the page did not try to leave"
    expect_covered(page)
    page.screenshot(path=artifacts / f"quick-exit-overlay-{width}x{height}.png")


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_enter_or_space_on_quick_exit_leaves(page, app_url, key):
    open_app(page, app_url)
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    page.locator(QUICK_EXIT).focus()
    page.keyboard.press(key)
    expect_left(page)
    expect_back_leaves_the_app(page)


# --- with the server stopped ----------------------------------------------------------------


@pytest.fixture
def lone_app(tmp_path) -> Iterator[tuple[str, subprocess.Popen]]:
    """An app process of this test's own, for the test to kill."""
    port = free_port()
    process = start_streamlit(port, {"CROSSROADS_DATA_DIR": str(tmp_path)})
    try:
        wait_healthy(port, process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop(process)


_WATCH_ACTIVATION = """() => {
  const report = (event) => window.__activatedAt(performance.timeOrigin + event.timeStamp);
  window.addEventListener("click", report, true);
  window.addEventListener("keyup", (event) => { if (event.key === "Shift") report(event); }, true);
}"""


def open_then_kill_the_server(page: Page, lone_app) -> list[float]:
    """Mid-questionnaire, then the server process is killed; returns activation times."""
    url, process = lone_app
    activations: list[float] = []
    page.expose_function("__activatedAt", lambda at: activations.append(at))
    open_app(page, url)
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    process.kill()
    process.wait()
    expect(page.locator(APP)).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    # Give Streamlit time to show whatever it shows when the server is gone.
    page.wait_for_timeout(2_000)
    assert page.evaluate(_GEOMETRY)["onTop"], "Streamlit's offline state covers the quick exit"
    page.evaluate(_WATCH_ACTIVATION)
    return activations


def expect_left_in_time(page: Page, started: float, activations: list[float], how: str) -> None:
    """The tab sets off for the exit page within 500 ms of the activation, by the browser's
    own clock: the new page's time origin is the moment its navigation began. Its response
    and the test's own clock also count the test's routing of the neutral site and
    Playwright's round trips, which a loaded machine stretches; they are bounded loosely."""
    page.wait_for_url(NEUTRAL, wait_until="commit")
    wall_ms = (time.perf_counter() - started) * 1000
    expect_left(page)
    left, arrived = page.evaluate(
        "[performance.timeOrigin, "
        "performance.timeOrigin + performance.getEntriesByType('navigation')[0].responseStart]"
    )
    left_ms, arrived_ms = left - activations[-1], arrived - activations[-1]
    print(f"\n{how} with the server down: navigation away began {left_ms:.0f} ms after the "
          f"activation, the exit page answered at {arrived_ms:.0f} ms (browser clocks), "
          f"{wall_ms:.0f} ms by the test's clock")
    assert left_ms <= LEAVE_WITHIN_MS, left_ms
    assert arrived_ms <= 4 * LEAVE_WITHIN_MS and wall_ms <= 4 * LEAVE_WITHIN_MS, (
        arrived_ms, wall_ms
    )


def test_with_the_server_killed_a_click_leaves_within_500_ms(page, lone_app, artifacts):
    activations = open_then_kill_the_server(page, lone_app)
    page.screenshot(path=artifacts / "quick-exit-server-down.png")
    started = time.perf_counter()
    click_centre(page, QUICK_EXIT)
    expect_left_in_time(page, started, activations, "Click")
    expect_back_leaves_the_app(page)


def test_with_the_server_killed_shift_three_times_leaves_within_500_ms(page, lone_app):
    activations = open_then_kill_the_server(page, lone_app)
    press_shift(page, 2)
    started = time.perf_counter()
    press_shift(page)
    expect_left_in_time(page, started, activations, "Shift x3")
    expect_back_leaves_the_app(page)


# --- Shift three times ------------------------------------------------------------------------


def test_shift_three_times_leaves_but_not_when_slow_or_interrupted(page, app_url):
    open_app(page, app_url)
    press_shift(page, 2)
    page.keyboard.press("KeyA")  # any other key starts the count again
    press_shift(page)
    still_here(page)
    press_shift(page)
    page.wait_for_timeout(2_200)  # three presses must fall within about two seconds
    press_shift(page, 2)
    still_here(page)
    press_shift(page)
    expect_left(page)
    expect_back_leaves_the_app(page)


# --- history: nothing the app does adds an entry -----------------------------------------------


def click_headings(page: Page) -> None:
    """Click each heading, and where its link icon would be; nothing may change the address."""
    headings = page.locator(f"{MAIN} :is(h1, h2, h3):visible")
    for index in range(min(headings.count(), 6)):
        heading = headings.nth(index)
        heading.scroll_into_view_if_needed()
        heading.hover()
        box = heading.bounding_box()
        heading.click()
        # Streamlit draws the link icon just after the heading's text, on hover.
        page.mouse.click(box["x"] + box["width"] - 4, box["y"] + box["height"] / 2)
    assert page.locator(f"{MAIN} [href^='#']:visible").count() == 0
    assert page.locator(f"{MAIN} [data-testid='stHeaderActionElements']:visible").count() == 0
    assert "#" not in page.url


def test_using_the_app_adds_no_history_entry_and_typing_never_leaves(page, app_url):
    open_app(page, app_url)
    entries = history_length(page)
    press(page, "start")
    for index, section in enumerate(SECTIONS):
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        if section.id == "talking":
            # Capitals typed with Shift, and Shift with other keys, never set off quick exit.
            area = page.locator(f".st-key-{widget_key('their_reasons')} textarea")
            area.click()
            type_with_shift(page, "Hello World")
            for combo in ("Shift+ArrowLeft", "Shift+Home", "Shift+End", "Shift+KeyA"):
                page.keyboard.press(combo)
            still_here(page)
            expect(area).not_to_have_value("")
        answer_shown(page, CALM_ANSWERS)
        if index == 1:
            press(page, "nav_back")
            expect(page.get_by_role("heading", name=SECTIONS[0].title)).to_be_visible()
            press(page, "nav_next")
        press(page, "nav_next")
        assert history_length(page) == entries, f"an entry was added on {section.id}"
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()

    click_headings(page)
    press(page, f"edit_{SECTIONS[0].id}")
    press(page, "nav_review")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    click_headings(page)
    press(page, "to_review")
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    assert history_length(page) == entries
    assert page.url.rstrip("/") == app_url

    page.locator(QUICK_EXIT).click()
    expect_left(page)
    expect_back_leaves_the_app(page)


def test_start_and_answer_then_quick_exit_back_leaves_the_app(page, app_url):
    open_app(page, app_url)
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    page.locator(QUICK_EXIT).click()
    expect_left(page)
    expect_back_leaves_the_app(page)


def test_a_resume_link_typed_loosely_is_taken_out_of_the_address_by_replace(
    page, browser, app_url
):
    # A code made through the app, with one answer saved under it.
    open_app(page, app_url)
    rerun_after(page, page.locator(".st-key-opt_in_saving label").click)
    press(page, "start")
    code = page.locator(".st-key-code_box code").inner_text().strip()
    assert parse_code(code) == code
    answer(page, "safety_afraid", "yes")

    # The person comes back in a fresh tab with the code typed in lower case, no dashes.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = context.new_page()
        tab.set_default_timeout(20_000)
        serve_neutral_site(tab)
        open_app(tab, f"{app_url}/?resume={code.lower().replace('-', '')}")
        expect(tab.get_by_text("Welcome back")).to_be_visible()
        # Read once, kept in the tab, and out of the address by replace: Back does not
        # lead to it.
        expect(tab).to_have_url(f"{app_url}/")
        assert history_length(tab) == 2, "the plain address was pushed, not replaced"
        answer(tab, "safety_hurt", "no")
        assert history_length(tab) == 2
        tab.locator(QUICK_EXIT).click()
        expect_left(tab)
        expect_back_leaves_the_app(tab)
    finally:
        context.close()


def test_a_wrong_code_link_leaves_no_session_one_back_press_away(page, app_url):
    # The one entry the app may still add: a wrong code is taken out of the address by the
    # server in the page's first run, which can reach the browser before the quick exit
    # script. Back then shows a fresh page that says the code did not work, and no more.
    open_app(page, f"{app_url}/?resume=AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA")
    expect(page.get_by_text("That code did not work")).to_be_visible()
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    page.locator(QUICK_EXIT).click()
    expect_left(page)
    page.go_back()
    if page.url != "about:blank":
        wait_idle(page)
        expect(page.get_by_role("heading", name="Crossroads", exact=True)).to_be_visible()
        expect(page.get_by_text("Welcome back")).to_have_count(0)
        expect(page.locator("input:checked")).to_have_count(0)
