"""Playwright steps a person takes in the app: answer a question, press Next, wait for Streamlit."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from questionnaire import QuestionType, default_questionnaire
from ui.question_widgets import widget_key

IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# The quick exit button: the page's own, outside Streamlit's tree (ui/quick_exit.js).
QUICK_EXIT = "#crossroads-quick-exit"


_ARM = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  window.__rerunSeen = false;
  window.__rerunWatch?.disconnect();
  window.__rerunWatch = new MutationObserver(() => {
    if (app.getAttribute("data-test-script-state") === "running") window.__rerunSeen = true;
  });
  window.__rerunWatch.observe(app, {attributes: true});
}"""
_DONE = """() => window.__rerunSeen && document.querySelector(
  "[data-testid='stApp']").getAttribute("data-test-script-state") === "notRunning" """

expect.set_options(timeout=20_000)


def wait_idle(page: Page) -> None:
    page.wait_for_selector(IDLE, timeout=20_000)


def rerun_after(page: Page, action) -> None:
    """Do `action` and wait until the rerun it causes has started and finished.

    A very quick rerun can pass without the page ever showing "running" (React batches
    the two updates), so after a short wait for it, settle for an idle page.
    """
    page.evaluate(_ARM)
    action()
    try:
        page.wait_for_function(_DONE, timeout=3_000)
    except PlaywrightTimeout:
        wait_idle(page)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp']")
    wait_idle(page)


def press(page: Page, key: str) -> None:
    rerun_after(page, page.locator(f".st-key-{key} button:visible").click)


def answer(page: Page, question_id: str, value) -> None:
    question = default_questionnaire().question(question_id)
    box = page.locator(f".st-key-box_{question_id}, .st-key-{widget_key(question_id)}")
    if question.type is QuestionType.MULTI_CHOICE:
        for option_id in value:
            rerun_after(page, page.locator(f".st-key-q_{question_id}__{option_id} label").click)
        return
    if question.type is QuestionType.FREE_TEXT:
        area = box.locator("textarea")
        area.fill(value)
        # Streamlit takes a text area's value when it loses focus.
        rerun_after(page, lambda: area.press("Tab"))
        return
    label = question.label_of(value)
    choice = box.locator("[role='radiogroup'] label").filter(
        has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")
    )
    rerun_after(page, choice.click)


def answer_shown(page: Page, values: dict) -> None:
    """Answer, in order, every question of this page that `values` covers, as they appear."""
    for question in default_questionnaire().questions:
        shown = page.locator(f".st-key-box_{question.id}, .st-key-{widget_key(question.id)}")
        if question.id in values and shown.count():
            answer(page, question.id, values[question.id])


def complete(page: Page, url: str, values: dict) -> None:
    """From a fresh welcome page to the review page."""
    open_app(page, url)
    press(page, "start")
    for section in default_questionnaire().sections:
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        answer_shown(page, values)
        press(page, "nav_next")
    expect(page.get_by_role("heading", name="Check your answers")).to_be_visible()


def save_screenshots(page: Page, folder: Path, name: str) -> None:
    """The screen as a person sees it, and the whole page (Streamlit scrolls inside stMain)."""
    page.screenshot(path=folder / f"{name}.png")
    viewport = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stAppViewContainer]')].map((e) => e.scrollHeight), innerHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(height, 20000)})
    wait_idle(page)
    page.screenshot(path=folder / f"{name}-full.png")
    page.set_viewport_size(viewport)
    wait_idle(page)
