"""Safety through AppTest: help on the same page at once, never blocked, the safety result."""

from __future__ import annotations

import pytest

from questionnaire import default_questionnaire
from tests.sample_answers import CALM_ANSWERS, NO_SAFETY_CONCERNS, declined_safety_answers
from tests.ui.flow import (
    answer_now,
    answer_section,
    click,
    complete_questionnaire,
    current_step,
    html,
    keys_in_order,
    last_runs,
    run_as_browser,
    start_app,
    texts,
)
from ui.question_widgets import widget_key

# One answer for each sign the safety and wellbeing pages ask about, with the panel's words.
SIGNS = [
    ("safety_afraid", "yes", "Support for you comes first"),
    ("safety_afraid", "unsure", "Support for you comes first"),
    ("safety_hurt", "yes", "Support for you comes first"),
    ("safety_insulted", "yes", "Support for you comes first"),
    ("safety_threatened", "yes", "Support for you comes first"),
    ("partner_self_harm", "yes", "Please put your safety first, today"),
    ("safety_control", ["phone"], "Support for you comes first"),
    ("safety_stalking", "yes", "Support for you comes first"),
    ("safety_danger", ["choking"], "Please put your safety first, today"),
    ("child_harm", "yes", "Please put your safety first, today"),
    ("own_thoughts", "yes", "You matter. Please talk to someone"),
]


def _to_page_of(at, question_id: str):
    section = default_questionnaire().section_of(question_id)
    while current_step(at) != section.id:
        click(at, "nav_next")
    return at


def _choose_country(at, key: str, country: str) -> None:
    at.selectbox(key=key).set_value(country).run()
    assert not at.exception, at.exception


@pytest.mark.parametrize(("question_id", "value", "headline"), SIGNS)
def test_help_appears_under_the_answer_at_once_without_next(question_id, value, headline):
    at = _to_page_of(click(start_app(), "start"), question_id)
    page = current_step(at)
    answer_section(at, {question_id: value})
    assert current_step(at) == page, "help should come without pressing Next"
    # With the answer's own rerun of the questions, not a later one of the whole page.
    assert last_runs(at) == ["fragment"]
    # The panel sits right under the question that raised it, before the next question.
    order = [k for k in keys_in_order(at) if not k.startswith(f"q_{question_id}__")]
    box = widget_key(question_id) if isinstance(value, str) else f"box_{question_id}"
    assert order[order.index(box) + 1] == "help_panel_inline", order
    assert headline in texts(at)
    assert "skip_to_result_inline" in order
    # A polite live region tells a screen reader that help has appeared.
    assert 'aria-live", "polite"' in html(at) and headline in html(at)


def test_help_lines_follow_the_chosen_country_and_can_be_tapped():
    at = click(start_app(), "start")
    answer_section(at, {"safety_afraid": "yes"})
    _choose_country(at, "country_inline", "US")
    page = html(at)
    assert 'href="tel:18007997233"' in page and "Call 1-800-799-7233" in page
    assert 'href="sms:88788?&amp;body=START"' in page
    assert 'href="tel:911"' in page
    _choose_country(at, "country_inline", "UK")
    page = html(at)
    assert 'href="tel:08082000247"' in page and "1-800-799-7233" not in page
    assert "press 55" in page
    # The choice holds on the next page's banner.
    click(at, "nav_next")
    assert at.selectbox(key="country_top").value == "UK"
    assert 'href="tel:08082000247"' in html(at)


def test_the_result_button_under_an_answer_opens_the_result_at_once():
    at = click(start_app(), "start")
    answer_now(at, "safety_threatened", "yes")
    at.button(key="skip_to_result_inline").click()
    run_as_browser(at, "skip_to_result_inline")
    assert last_runs(at) == ["fragment", "page"], "the whole page changes, in one go"
    assert current_step(at) == "results"
    assert at.get_by_key("safety_block") is not None
    assert "Your safety first" not in [h.value for h in at.header]


def test_thoughts_right_now_put_the_emergency_number_before_the_crisis_lines():
    at = _to_page_of(click(start_app(), "start"), "own_thoughts")
    answer_section(at, {"own_thoughts": "yes"})
    _choose_country(at, "country_inline", "US")
    page = html(at)
    assert page.index("988") < page.index('href="tel:911"'), "lately: crisis lines first"
    answer_section(at, {"own_thoughts_now": "yes"})
    assert "Please reach someone now" in texts(at)
    # The graver answer brings the help down to where the person is now.
    keys = keys_in_order(at)
    assert keys[keys.index("q_own_thoughts_now") + 1] == "help_panel_inline"
    page = html(at)
    assert page.index('href="tel:911"') < page.index('href="tel:988"')
    assert 'href="sms:988"' in page


def test_the_safety_pages_never_block_and_say_so_in_one_calm_line():
    at = click(start_app(), "start")
    assert any("Prefer not to say" in c.value for c in at.caption)
    click(at, "nav_next")
    assert current_step(at) == "wellbeing"
    assert not at.error, [e.value for e in at.error]
    click(at, "nav_next")
    assert current_step(at) == "situation"


def test_prefer_not_to_say_everywhere_reaches_a_result_with_the_lines_shown_quietly():
    declined = declined_safety_answers()
    values = {**CALM_ANSWERS, **declined}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    words = texts(at)
    assert "Suggested path:" in words
    assert "safety_block" not in keys_in_order(at)
    assert "If things change, help is here" in [e.label for e in at.expander]


def test_a_safety_result_leads_with_support_and_claims_no_path_or_clarity():
    values = {**CALM_ANSWERS, "safety_control": ["money"]}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    words = texts(at)
    assert at.header[0].value == "Support for you comes first"
    assert "Suggested path" not in words
    assert "point clearly" not in words and "close call" not in words.lower()
    assert "The four paths, for when you are ready" in words
    keys = keys_in_order(at)
    assert keys.index("safety_block") < keys.index("path_talk")


def test_a_partner_threatening_self_harm_is_not_the_persons_to_carry():
    values = {**CALM_ANSWERS, "partner_self_harm": "yes"}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    _choose_country(at, "country_result", "UK")
    words = texts(at)
    assert "You are not responsible for your partner's choices" in words
    assert "If your partner is in immediate danger, call the emergency number" in words
    assert "Samaritans" in html(at) and 'href="tel:116123"' in html(at)


def test_own_controlling_behaviour_gets_help_of_its_own_and_keeps_the_suggestion():
    values = {**CALM_ANSWERS, "keeping_tactics": ["checking"]}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    _choose_country(at, "country_result", "UK")
    words = texts(at)
    assert "Help for you, and room for your partner" in words
    assert "freedom to choose is theirs" in words
    assert "Respect Phoneline" in html(at)
    assert "Suggested path:" in words
    keys = keys_in_order(at)
    assert keys.index("own_behaviour_block") < keys.index("path_talk")


def test_own_thoughts_lead_the_result_and_no_path_is_headlined():
    values = {**CALM_ANSWERS, "own_thoughts": "yes"}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    assert at.header[0].value == "You matter. Please talk to someone"
    assert "Suggested path" not in texts(at)


def test_the_result_shows_the_chosen_countrys_lines_and_no_development_notes():
    values = {**CALM_ANSWERS, "safety_danger": ["weapon"]}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    _choose_country(at, "country_result", "AU")
    words = texts(at) + html(at)
    assert "1800RESPECT" in words and 'href="tel:000"' in words
    assert "gun or other weapon in the home" in words
    assert "verify every number" not in words and "domain notes" not in words


def test_no_help_panel_without_a_sign():
    at = click(start_app(), "start")
    answer_section(at, NO_SAFETY_CONCERNS)
    assert "help_panel_inline" not in keys_in_order(at)
    click(at, "nav_next")
    assert "help_panel_top" not in keys_in_order(at)


def test_a_new_sign_on_a_later_page_adds_its_own_lines_without_repeating_the_others():
    at = click(start_app(), "start")
    answer_section(at, {"safety_afraid": "yes"})
    _choose_country(at, "country_inline", "US")
    click(at, "nav_next")
    keys = keys_in_order(at)
    assert "help_panel_top" in keys and "help_panel_inline" not in keys
    answer_section(at, {"own_thoughts": "yes"})
    keys = keys_in_order(at)
    assert keys.index("help_panel_top") < keys.index("q_own_thoughts")
    assert keys[keys.index("q_own_thoughts") + 1] == "help_panel_inline"
    inline = at.get_by_key("help_panel_inline")
    inline_html = "\n".join(h.value for h in inline.get("html"))
    assert 'href="tel:988"' in inline_html
    assert "1-800-799-7233" not in inline_html, "the top panel already offers it"


def test_a_screen_reader_hears_that_help_appeared_once_not_on_every_answer():
    at = click(start_app(), "start")
    answer_section(at, {"safety_afraid": "yes"})
    assert "cr-announcer" in html(at) and "Support for you comes first" in html(at)
    answer_section(at, {"safety_insulted": "no"})  # the same help, another answer
    assert last_runs(at) == ["fragment"]
    assert "Support for you comes first" in texts(at), "the panel stays"
    assert "cr-announcer" not in html(at), "not said again on every answer"
    answer_section(at, {"safety_danger": ["choking"]})  # graver: the help changes
    assert "cr-announcer" in html(at) and "Please put your safety first, today" in html(at)
    click(at, "nav_next")  # a new page, help at its top: said there too
    assert "help_panel_top" in keys_in_order(at) and "cr-announcer" in html(at)
