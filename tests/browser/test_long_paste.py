"""A paste longer than a text box keeps what fits, and the person is told what was cut."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from questionnaire import default_questionnaire
from tests.browser.driver import answer_shown, open_app, press, rerun_after
from tests.sample_answers import CALM_ANSWERS
from ui.question_widgets import widget_key

pytestmark = pytest.mark.browser


def test_a_long_paste_is_kept_up_to_the_limit_with_a_word_beside_the_box(page, app_url):
    questionnaire = default_questionnaire()
    target = questionnaire.section_of("note_to_self")
    open_app(page, app_url)
    press(page, "start")
    for section in questionnaire.sections[: questionnaire.sections.index(target)]:
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        answer_shown(page, CALM_ANSWERS)
        press(page, "nav_next")
    expect(page.get_by_role("heading", name=target.title)).to_be_visible()
    limit = questionnaire.question("note_to_self").max_length
    box = page.locator(f".st-key-{widget_key('note_to_self')} textarea")
    box.click()
    pasted = "I am scared. " * 124  # 1,612 characters
    page.keyboard.insert_text(pasted)  # as a paste arrives: one insertion, not key presses
    rerun_after(page, lambda: box.press("Tab"))
    expect(page.get_by_text(f"That was {len(pasted):,} characters")).to_be_visible()
    assert box.input_value() == pasted[:limit]
