"""Chromium on a phone-sized screen (390x844): each of the four plans made from the result
page, its download, the space plan's calendar file parsed back, and a shared page holding
nothing the person did not tick; axe-core on the space plan's screens (slider, date, choices,
texts, ticks) at both sizes. One app and one browser tab for the whole module."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from plans import PromptKind, default_plan
from tests.browser.conftest import serve_neutral_site
from tests.browser.driver import (
    QUICK_EXIT,
    complete,
    press,
    rerun_after,
    save_screenshots,
    wait_idle,
)
from tests.browser.test_accessibility import AXE, Audit
from tests.sample_answers import CALM_ANSWERS
from ui.plan.prompts import widget_key

PHONE = {"width": 390, "height": 844}
PRIVATE = "PRIVATE-never-shared-7731"
UNTICKED = "UNTICKED-stays-off-4410"


@pytest.fixture(scope="module")
def phone(browser, app_url):
    """One tab on a phone, walked once through the questions to the result."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    serve_neutral_site(page)
    complete(page, app_url, CALM_ANSWERS)
    press(page, "nav_next")
    expect(page.locator(".st-key-make_plan button")).to_be_visible()
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(artifacts):
    folder = artifacts / "plans"
    folder.mkdir(exist_ok=True)
    return folder


def _choose_radio(page: Page, key: str, label: str) -> None:
    option = page.locator(f".st-key-{key} [role='radiogroup'] label").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
    )
    rerun_after(page, option.click)


def _tick(page: Page, key: str) -> None:
    rerun_after(page, page.locator(f".st-key-{key} label").click)


def _type(page: Page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key} textarea, .st-key-{key} input")
    box.fill(text)
    rerun_after(page, lambda: box.press("Tab"))


def fill(page: Page, plan_id: str, block, skip_share: set[str]) -> dict:
    """Answer a block as a person would; tick "share" on every shareable prompt but those
    in `skip_share`. Sliders and dates keep what they start with."""
    typed = {}
    for prompt in block.prompts:
        key = widget_key(plan_id, prompt.id)
        if prompt.kind is PromptKind.CHOICE:
            _choose_radio(page, key, prompt.choices[0].label)
            typed[prompt.id] = prompt.choices[0].label
        elif prompt.kind is PromptKind.MULTI_CHOICE:
            _tick(page, widget_key(plan_id, prompt.id, prompt.choices[0].id))
            typed[prompt.id] = prompt.choices[0].label
        elif prompt.kind is PromptKind.TEXT:
            if prompt.calendar_title:
                text = "Lunch with Sam"
            elif prompt.id == "private_note":
                text = PRIVATE
            elif prompt.id in skip_share:
                text = UNTICKED
            else:
                text = f"My words for {prompt.id}"
            _type(page, key, text)
            typed[prompt.id] = text
        if prompt.share and prompt.id not in skip_share:
            _tick(page, widget_key(plan_id, prompt.id, "share"))
    # On a loaded machine a rerun can start after rerun_after stopped waiting for it and
    # redraw a box typed into meanwhile; type again what did not stick, as a person would.
    wait_idle(page)
    for prompt in block.prompts:
        if prompt.kind is PromptKind.TEXT:
            key = widget_key(plan_id, prompt.id)
            box = page.locator(f".st-key-{key} textarea, .st-key-{key} input")
            if box.input_value() != typed[prompt.id]:
                _type(page, key, typed[prompt.id])
    return typed


def _never_under_quick_exit(page: Page, key: str, shots) -> None:
    """Scrolled to the top of the page's view, a date box (its calendar icon at the right,
    where Quick exit sits) is below the button, not under it."""
    box = page.locator(f".st-key-{key}")
    box.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(200)
    top = box.bounding_box()["y"]
    exit_bottom = page.locator(QUICK_EXIT).bounding_box()
    assert top >= exit_bottom["y"] + exit_bottom["height"], (top, exit_bottom)
    page.screenshot(path=shots / f"{key}-scrolled-to-top.png")


def make_plan(page: Page, plan_id: str, shots, skip_share=frozenset(), audit=None) -> dict:
    plan = default_plan(plan_id)
    title = next(t for t in page.locator(".st-key-plan_path_choice label").all_inner_texts()
                 if t.strip().startswith(_path_title(plan_id)))
    _choose_radio(page, "plan_path_choice", title.strip())
    press(page, "make_plan")
    expect(page.get_by_role("heading", name=plan.title)).to_be_visible()
    page.screenshot(path=shots / f"{plan_id}-first-screen.png")
    press(page, "plan_start")
    typed = {}
    for number, block in enumerate(plan.first_blocks, 1):
        expect(page.get_by_role("heading", name=block.title)).to_be_visible()
        typed |= fill(page, plan_id, block, set(skip_share))
        for prompt in block.prompts:
            if prompt.kind is PromptKind.DATE:
                _never_under_quick_exit(page, widget_key(plan_id, prompt.id), shots)
        if number in (1, len(plan.first_blocks)):
            page.screenshot(path=shots / f"{plan_id}-part-{number}.png")
        if audit is not None and number in (1, len(plan.first_blocks)):
            audit.check(f"{plan_id} plan, part {number}")
        press(page, "plan_next")
    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    save_screenshots(page, shots, f"{plan_id}-plan")
    return typed


def _path_title(plan_id: str) -> str:
    return {"talk": "Talk first", "space": "Space, with agreed limits",
            "counseling": "Counseling together", "let_go": "Let go"}[plan_id]


def download(page: Page, key: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f".st-key-{key} button").click()
    return info.value.path().read_bytes()


def back_to_result(page: Page) -> None:
    press(page, "plan_to_result")
    expect(page.locator(".st-key-make_plan button")).to_be_visible()


def test_the_talk_plan_is_a_card_to_keep(phone, shots):
    typed = make_plan(phone, "talk", shots)
    card = phone.locator(".st-key-plan_card").inner_text()
    assert typed["where"] in card and typed["when"] in card
    markdown = download(phone, "plan_download_md").decode()
    assert typed["apology_words"] in markdown and "# Get ready for the talk" in markdown
    assert download(phone, "plan_download_pdf").startswith(b"%PDF")
    assert "saved on this device" in phone.locator("[data-testid='stMain']").inner_text()
    back_to_result(phone)


def test_the_space_plan_makes_an_agreement_and_a_calendar_file(phone, shots):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does)"
    audit = Audit(phone, AXE)
    typed = make_plan(phone, "space", shots, skip_share={"i_wont"}, audit=audit)
    audit.check("space plan, the plan to keep")
    audit.assert_clean()
    shared = phone.locator(".st-key-our_agreement").inner_text()
    assert typed["money"] in shared and typed["i_will"] in shared
    assert PRIVATE not in shared and UNTICKED not in shared and "Lunch with Sam" not in shared
    agreement = download(phone, "plan_download_agreement").decode()
    assert typed["home"] in agreement and "6 weeks" in agreement
    assert PRIVATE not in agreement and UNTICKED not in agreement
    assert "Lunch with Sam" not in agreement
    calendar = Calendar.from_ical(download(phone, "plan_download_ics"))
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Lunch with Sam"
    # The check-in starts at the end of the break: six weeks, as the slider started.
    assert event.decoded("dtstart") == date.today() + timedelta(weeks=6)
    assert "LOCATION" not in event and "DESCRIPTION" not in event
    phone.locator(".st-key-our_agreement").screenshot(path=shots / "space-our-agreement.png")
    back_to_result(phone)


@pytest.mark.parametrize("plan_id", ["counseling", "let_go"])
def test_the_counseling_and_let_go_plans_list_places_with_their_checks(phone, shots, plan_id):
    make_plan(phone, plan_id, shots)
    card = phone.locator(".st-key-plan_card").inner_text()
    heading = "Where to look" if plan_id == "counseling" else "Official guidance on separating"
    assert f"{heading} (United States)" in card
    assert re.search(r"Checked on \d{1,2} [A-Z][a-z]+ \d{4} against this page", card)
    links = phone.locator(".st-key-plan_card a[href^='https://']")
    assert links.count() >= 2  # each place, and the page its check was made against
    markdown = download(phone, "plan_download_md").decode()
    assert re.search(r"checked on \d{1,2} [A-Z][a-z]+ \d{4} against https://", markdown)
    wait_idle(phone)
    back_to_result(phone)
