"""The real app in headless Chromium: finish, download the summary, quick exit, inert typed text."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.driver import (
    QUICK_EXIT,
    answer,
    complete,
    open_app,
    press,
    rerun_after,
    save_screenshots,
    wait_idle,
)
from tests.sample_answers import CALM_ANSWERS

pytestmark = pytest.mark.browser

HOSTILE = {
    "their_reasons": "<img src=x onerror=alert(1)>",
    "note_to_self": "[link](javascript:alert(1))",
}


def test_complete_the_questionnaire_and_download_the_summary(page, app_url, artifacts):
    complete(page, app_url, CALM_ANSWERS)
    press(page, "nav_next")
    expect(page.get_by_text("Suggested path:")).to_be_visible()
    save_screenshots(page, artifacts, "results-1280x800")
    with page.expect_download() as download_info:
        page.locator(".st-key-download_md button:visible").click()
    summary = download_info.value.path().read_text(encoding="utf-8")
    assert summary.startswith("# Crossroads summary")
    assert "## Suggested path:" in summary
    assert "## Path: Counseling together" in summary and "## Path: Let go" in summary
    assert "not a substitute for help from a professional" in summary
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    save_screenshots(page, artifacts, "results-390x844")
    quick_exit = page.locator(QUICK_EXIT)
    page.mouse.wheel(0, 3000)
    expect(quick_exit).to_be_in_viewport()


def test_quick_exit_leaves_and_clears(page, app_url):
    open_app(page, app_url)
    press(page, "start")
    answer(page, "safety_afraid", "yes")
    page.locator(QUICK_EXIT).click()
    page.wait_for_url("http://neutral.invalid/**")
    expect(page.get_by_role("heading", name="Weather today")).to_be_visible()
    # The app was replaced in the tab's history: Back does not bring it back.
    page.go_back()
    assert "127.0.0.1" not in page.url
    open_app(page, app_url)
    expect(page.get_by_role("heading", name="Crossroads")).to_be_visible()


def test_quick_exit_with_saving_on_leaves_no_answers_one_back_press_away(page, app_url):
    open_app(page, app_url)
    rerun_after(page, page.locator(".st-key-opt_in_saving label").click)
    press(page, "start")
    # The code is kept in the tab, never in the address.
    expect(page.locator(".st-key-code_box code")).to_be_visible()
    assert "resume=" not in page.url
    answer(page, "safety_afraid", "yes")
    page.locator(QUICK_EXIT).click()
    page.wait_for_url("http://neutral.invalid/**")
    # Back lands on the bare welcome page at most: never on the address with the code.
    page.go_back()
    assert "resume=" not in page.url
    if "127.0.0.1" in page.url:
        wait_idle(page)
        expect(page.get_by_role("heading", name="Crossroads")).to_be_visible()
        expect(page.get_by_text("Welcome back")).to_have_count(0)
        expect(page.get_by_text("Do you ever feel afraid of your partner?")).to_have_count(0)


def test_typed_markup_is_shown_inert(page, app_url, artifacts):
    complete(page, app_url, {**CALM_ANSWERS, **HOSTILE})
    for stage in ("review", "results"):
        for typed in HOSTILE.values():
            expect(page.get_by_text(typed, exact=True)).to_be_visible()
        assert page.locator("img[src='x']").count() == 0
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.dialogs == []
        save_screenshots(page, artifacts, f"typed-text-{stage}")
        if stage == "review":
            press(page, "nav_next")


def test_the_tab_shows_the_apps_own_icon(page, app_url):
    open_app(page, app_url)
    icon = page.locator("link[rel~='icon']").first
    assert icon.get_attribute("href").endswith("favicon.png")
    drawn = page.evaluate(
        """async (href) => {
            const image = new Image();
            image.src = href;
            await image.decode();
            return [image.naturalWidth, image.naturalHeight];
        }""",
        icon.evaluate("(link) => link.href"),
    )
    assert drawn == [64, 64], "the compass, not Streamlit's own icon"
