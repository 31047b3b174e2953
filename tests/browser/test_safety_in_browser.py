"""Safety in Chromium on a phone: help on screen at once, tappable lines, nothing sent elsewhere.

Every sign the safety and wellbeing pages ask about brings help on screen under the answer,
before Next, at 390x844; "Prefer not to say" never blocks and reaches a result; numbers are
links that dial or text and never break in two; a whole walk asks no host but the app's.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from questionnaire import default_questionnaire
from tests.browser.driver import answer, complete, open_app, press, rerun_after, wait_idle
from tests.sample_answers import CALM_ANSWERS, declined_safety_answers

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PANEL = ".st-key-help_panel_inline"
SIGNS = [
    ("safety_afraid", "yes", "Support for you comes first"),
    ("safety_hurt", "unsure", "Support for you comes first"),
    ("safety_insulted", "yes", "Support for you comes first"),
    ("safety_threatened", "yes", "Support for you comes first"),
    ("partner_self_harm", "yes", "Please put your safety first, today"),
    ("safety_control", ["movements"], "Support for you comes first"),
    ("safety_stalking", "yes", "Support for you comes first"),
    ("safety_danger", ["weapon"], "Please put your safety first, today"),
    ("child_harm", "yes", "Please put your safety first, today"),
    ("own_thoughts", "yes", "You matter. Please talk to someone"),
]


def _phone(page: Page) -> None:
    page.set_viewport_size(PHONE)


def _to_page_of(page: Page, question_id: str) -> None:
    section = default_questionnaire().section_of(question_id)
    press(page, "start")
    while not page.get_by_role("heading", name=section.title).count():
        press(page, "nav_next")


def _choose_country(page: Page, name: str) -> None:
    """Open the country list and pick `name`. The list can close again if the click lands
    while the help panel is still being scrolled into view, so it is opened until it shows."""
    wait_idle(page)
    box = page.locator("[data-testid='stSelectbox']:visible").first
    option = page.get_by_role("option", name=name)
    for _ in range(5):
        box.click()
        try:
            option.wait_for(state="visible", timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    rerun_after(page, option.click)


@pytest.mark.parametrize(("question_id", "value", "headline"), SIGNS, ids=[s[0] for s in SIGNS])
def test_help_is_on_screen_under_the_answer_before_next(
    page, app_url, artifacts, question_id, value, headline
):
    _phone(page)
    open_app(page, app_url)
    _to_page_of(page, question_id)
    answer(page, question_id, value)
    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    expect(panel.get_by_text(headline)).to_be_visible()
    expect(panel).to_be_in_viewport()
    expect(page.locator(".st-key-nav_next")).to_be_visible()  # still on the page: no Next
    expect(page.locator("#cr-announcer")).to_contain_text(headline)
    page.screenshot(path=artifacts / f"help-at-once-{question_id}-390x844.png")


def test_numbers_can_be_tapped_and_never_break_in_two(page, app_url, artifacts):
    _phone(page)
    open_app(page, app_url)
    press(page, "start")
    answer(page, "safety_danger", ["choking"])
    for country in ("United States", "United Kingdom", "Australia", "New Zealand", "Ireland"):
        _choose_country(page, country)
        links = page.locator(f"{PANEL} a.cr-way")
        assert links.count() >= 2, country
        for i in range(links.count()):
            link = links.nth(i)
            href = link.get_attribute("href")
            assert href.startswith(("tel:", "sms:", "https://")), href
            # One line box: the number does not wrap inside itself on a narrow phone.
            assert link.evaluate("(a) => a.getClientRects().length") == 1, link.inner_text()
            box = link.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, "a finger-sized target"
    page.screenshot(path=artifacts / "help-lines-new-zealand-390x844.png")


def test_prefer_not_to_say_never_blocks_and_reaches_a_result(page, app_url, artifacts):
    _phone(page)
    declined = declined_safety_answers()
    complete(page, app_url, {**CALM_ANSWERS, **declined})
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    expect(page.locator(".st-key-safety_block")).to_have_count(0)
    expect(page.get_by_text("If things change, help is here")).to_be_visible()
    page.screenshot(path=artifacts / "result-prefer-not-390x844.png")


def test_a_safety_result_leads_with_support_and_no_verdict(page, app_url, artifacts):
    _phone(page)
    complete(page, app_url, {**CALM_ANSWERS, "safety_control": ["money"]})
    press(page, "nav_next")
    first = page.locator("h2").first
    expect(first).to_have_text("Support for you comes first")
    expect(first).to_be_in_viewport()
    main = page.locator("[data-testid='stMain']")
    expect(main).not_to_contain_text("Suggested path")
    expect(main).not_to_contain_text("point clearly")
    page.screenshot(path=artifacts / "result-safety-390x844.png")


def test_a_whole_walk_asks_no_host_but_the_apps_own(page, app_url):
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    values = {**CALM_ANSWERS, "safety_afraid": "yes", "own_thoughts": "yes"}
    complete(page, app_url, values)
    press(page, "nav_next")
    with page.expect_download():
        page.locator(".st-key-download_pdf button:visible").click()
    wait_idle(page)
    own = urlsplit(app_url).netloc
    elsewhere = sorted({u for u in asked if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                        and urlsplit(u).netloc != own})
    assert len(asked) > 20, "the walk should have made requests"
    assert not elsewhere, f"requests to other hosts: {elsewhere}"


def test_after_next_focus_is_on_the_new_pages_heading_not_the_button_below(page, app_url):
    _phone(page)
    open_app(page, app_url)
    first = "() => document.activeElement && document.activeElement.tagName"
    assert page.evaluate(first) in ("BODY", None), "the first page keeps the browser's start"
    press(page, "start")
    heading = page.get_by_role("heading", name="Your safety first")
    expect(heading).to_be_focused()
    press(page, "nav_next")
    expect(page.get_by_role("heading", name="How you are doing")).to_be_focused()
    # The focus can be seen: a ring, like any focused control.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
