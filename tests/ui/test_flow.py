"""The guided flow through AppTest: every section, Back and Next, required answers, conditions."""

from __future__ import annotations

import pytest

from questionnaire import default_questionnaire, validate_answers
from scoring import assess
from storage import open_store
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import (
    answer_now,
    answer_section,
    click,
    complete_questionnaire,
    current_step,
    last_runs,
    next_until,
    start_app,
    texts,
)
from ui import saving_panel
from ui.question_widgets import widget_key
from ui.quick_exit import quick_exit_html


def test_welcome_says_what_this_is_and_is_not():
    at = start_app()
    words = texts(at)
    assert "not therapy" in words
    assert "Nothing is stored unless you choose" in words
    assert "10 minutes" in words
    assert quick_exit_html() in [h.value for h in at.html]
    assert current_step(at) == "welcome"


def test_safety_questions_come_first():
    at = click(start_app(), "start")
    assert current_step(at) == "safety"
    assert at.radio(key=widget_key("safety_afraid")).value is None


def test_next_refuses_missing_required_answers_inline():
    at = click(start_app(), "start")
    click(at, "nav_next")
    click(at, "nav_next")
    click(at, "nav_next")
    assert current_step(at) == "situation", "moved on with required answers missing"
    section = default_questionnaire().section_of("who_wants_out")
    required = [q for q in default_questionnaire().visible_questions({}, section) if q.required]
    inline = [e for e in at.error if "Please choose an answer" in e.value]
    assert len(inline) == len(required)
    assert any("still need an answer" in e.value for e in at.error)
    # Answering clears that question's message; the page (and the other answers) stay.
    answer_section(at, {"time_together": "under_1"})
    inline = [e for e in at.error if "Please choose an answer" in e.value]
    assert len(inline) == len(required) - 1
    assert at.radio(key=widget_key("time_together")).value == "under_1"


def test_conditional_question_appears_and_disappears_with_its_answer():
    at = click(start_app(), "start")
    answer_section(at, CALM_ANSWERS)
    next_until(at, "situation")
    certainty = widget_key("partner_certainty")
    assert certainty not in [r.key for r in at.radio]
    answer_section(at, {"who_wants_out": "partner_wants_out"})
    assert certainty in [r.key for r in at.radio]
    answer_section(at, {"partner_certainty": "decided"})
    assert at.session_state["answers"]["partner_certainty"] == "decided"
    # Changing the earlier answer hides the question and forgets its answer.
    answer_section(at, {"who_wants_out": "i_am_unsure"})
    assert last_runs(at) == ["fragment"]
    assert certainty not in [r.key for r in at.radio]
    assert "partner_certainty" not in at.session_state["answers"]


def test_answers_survive_back_and_next():
    at = click(start_app(), "start")
    answer_section(at, CALM_ANSWERS)
    next_until(at, "situation")
    answer_section(at, CALM_ANSWERS)
    click(at, "nav_back")
    click(at, "nav_back")
    assert current_step(at) == "safety"
    assert at.radio(key=widget_key("safety_hurt")).value == "no"
    assert at.checkbox(key=widget_key("safety_control", "none")).value is True
    next_until(at, "situation")
    assert at.radio(key=widget_key("who_wants_out")).value == "partner_unsure"
    assert at.checkbox(key=widget_key("shared_life", "home")).value is True


def test_progress_counts_parts_and_answers_and_never_goes_backwards():
    at = click(start_app(), "start")
    parts = len(default_questionnaire().sections)
    assert at.progress[0].text == f"Part 1 of {parts} · 0 answers so far"
    assert at.progress[0].value == 0
    next_until(at, "situation")
    start = at.progress[0].value
    answer_section(at, {"who_wants_out": "partner_wants_out"})
    assert last_runs(at) == ["fragment"]
    moved = at.progress[0].value
    assert moved > start > 0, "the bar moves with an answer, at once"
    # A follow-up question appears and is answered: the bar does not go back, nor jump.
    answer_section(at, {"partner_certainty": "torn"})
    assert at.progress[0].value == moved
    answer_section(at, {"time_together": "under_1"})
    assert at.progress[0].text == f"Part 3 of {parts} · 3 answers so far"
    assert at.progress[0].value > moved
    answer_section(at, CALM_ANSWERS)
    click(at, "nav_next")
    assert at.progress[0].value == round(100 * 3 / parts)


def test_an_answer_redraws_its_part_of_the_page_alone_and_next_still_moves_on(monkeypatch):
    at = click(start_app(), "start")
    next_until(at, "situation")
    top_of_page = []
    monkeypatch.setattr(saving_panel, "render_notice", lambda: top_of_page.append(1))
    answer_now(at, "who_wants_out", "i_am_unsure")
    assert last_runs(at) == ["fragment"] and not top_of_page
    # The rest of the page is still there, as the browser keeps it.
    assert at.header[0].value == "Where things stand"
    assert at.progress[0].text == "Part 3 of 9 · 1 answer so far"
    answer_section(at, CALM_ANSWERS)
    click(at, "nav_next")
    assert last_runs(at) == ["page"] and top_of_page
    assert current_step(at) == "talking"
    assert at.header[0].value == "Talking it through"


def test_an_answer_is_saved_at_once_when_saving_is_on(data_dir):
    at = start_app()
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    code = at.session_state["save_code"]
    answer_now(at, "safety_afraid", "no")
    assert last_runs(at) == ["fragment"]
    assert open_store().load_progress(code).values == {"safety_afraid": "no"}
    answer_now(at, "safety_control", ["money", "phone"])
    assert open_store().load_progress(code).values == {
        "safety_afraid": "no", "safety_control": ["money", "phone"],
    }
    # Saving pauses: the note at the top of the page comes with the answer, not later.
    (data_dir / "crossroads.db").unlink()
    answer_now(at, "safety_hurt", "no")
    assert last_runs(at) == ["fragment", "page"]
    assert "Saving is paused" in texts(at)
    answer_now(at, "safety_insulted", "no")
    assert last_runs(at) == ["fragment"], "paused already: nothing new at the top"


def test_the_welcome_page_gives_an_honest_range_of_questions():
    questionnaire = default_questionnaire()
    fewest = sum(1 for q in questionnaire.questions if not q.visible_if)
    assert fewest < len(questionnaire.questions)
    assert f"between {fewest} and {len(questionnaire.questions)} short questions" in texts(
        start_app()
    )


def test_exclusive_none_clears_other_ticks():
    at = click(start_app(), "start")
    at.checkbox(key=widget_key("safety_control", "money")).check().run()
    at.checkbox(key=widget_key("safety_control", "none")).check().run()
    assert at.session_state["answers"]["safety_control"] == ["none"]
    assert at.checkbox(key=widget_key("safety_control", "money")).value is False


def test_whole_flow_reaches_review_then_result():
    at = complete_questionnaire(start_app(), CALM_ANSWERS)
    words = texts(at)
    for section in default_questionnaire().sections:
        assert section.title in words
    assert "How your answers lean so far" in words
    # Every section has an edit link that returns to it with the answers in place.
    click(at, "edit_talking")
    assert current_step(at) == "talking"
    assert at.radio(key=widget_key("heart_to_heart")).value == "not_yet"
    click(at, "nav_review")
    assert current_step(at) == "review"
    click(at, "nav_next")
    assert current_step(at) == "results"
    expected = assess(validate_answers(default_questionnaire(), CALM_ANSWERS))
    title = expected.path(expected.recommended).title
    assert f"Suggested path: {title}" in texts(at)
    assert {b.key for b in at.get("download_button")} >= {"download_md", "download_json"}


def test_typed_text_is_shown_as_plain_text_on_review():
    at = complete_questionnaire(start_app(), CALM_ANSWERS)
    typed = CALM_ANSWERS["their_reasons"]
    assert typed in [t.value for t in at.text]
    assert not any(typed in m.value for m in at.markdown)


def test_quick_exit_is_on_every_page():
    # Quick exit is the page's own script, so that it works with the server down; AppTest
    # cannot press it (tests/browser/test_quick_exit.py does). It is on every page here.
    at = start_app()
    seen = []
    for _ in range(30):
        assert quick_exit_html() in [h.value for h in at.html], current_step(at)
        seen.append(current_step(at))
        if current_step(at) == "results":
            break
        if current_step(at) == "welcome":
            click(at, "start")
            continue
        if current_step(at) != "review":
            answer_section(at, CALM_ANSWERS)
        click(at, "nav_next")
    assert {"welcome", "safety", "review", "results"} <= set(seen), seen


@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_a_safety_answer_leads_the_result_with_safety(answer):
    values = {**CALM_ANSWERS, "safety_afraid": answer}
    at = complete_questionnaire(start_app(), values)
    click(at, "nav_next")
    at.selectbox(key="country_result").set_value("US").run()
    page = "\n".join(h.value for h in at.html)
    assert at.get_by_key("safety_block") is not None
    assert "1-800-799-7233" in page and 'href="tel:911"' in page
    assert "Suggested path" not in texts(at)


def test_help_is_offered_at_once_after_a_safety_answer_and_the_rest_can_wait():
    at = click(start_app(), "start")
    answer_section(at, {**CALM_ANSWERS, "safety_danger": ["choking"]})
    at.selectbox(key="country_inline").set_value("UK").run()
    click(at, "nav_next")
    assert current_step(at) == "wellbeing"
    banner = "\n".join(h.value for h in at.html)
    assert "0808 2000 247" in banner and 'href="tel:999"' in banner
    click(at, "skip_to_result_top")
    assert current_step(at) == "results"
    assert at.get_by_key("safety_block") is not None
    assert not [b for b in at.button if b.key.startswith("skip_to_result")], "said twice"
    assert "Say that you were choked" in texts(at)
    # The rest of the questions stay open to them.
    click(at, "answer_more")
    assert current_step(at) == "situation"
    words = texts(at)
    assert "Suggested path" not in words


def test_no_help_banner_without_safety_concerns():
    at = click(start_app(), "start")
    answer_section(at, CALM_ANSWERS)
    click(at, "nav_next")
    assert not [b for b in at.button if b.key.startswith("skip_to_result")]


def test_a_fourth_tick_of_three_is_undone_with_a_word_of_why():
    at = click(start_app(), "start")
    at.session_state["step"] = "values"
    at.run()
    for option in ("children", "safety", "respect", "love"):
        at.checkbox(key=widget_key("what_matters", option)).check().run()
    assert at.session_state["answers"]["what_matters"] == ["children", "safety", "respect"]
    assert at.checkbox(key=widget_key("what_matters", "love")).value is False
    assert any("up to 3" in w.value for w in at.warning)
    validate_answers(default_questionnaire(), at.session_state["answers"], complete=False)


def test_where_this_comes_from_is_reachable_from_welcome_and_result_and_leads_back():
    at = start_app()
    click(at, "sources_from_welcome")
    words = texts(at)
    assert "Where this comes from" in words
    assert "has not yet been reviewed by a licensed clinician" in words
    assert "Discernment counseling" in words and "Next review due" in words
    click(at, "sources_back")
    assert current_step(at) == "welcome"
    at = complete_questionnaire(start_app(), CALM_ANSWERS)
    click(at, "nav_next")
    click(at, "sources_from_result")
    assert current_step(at) == "sources"
    click(at, "sources_back")
    assert current_step(at) == "results"


def test_a_paste_longer_than_the_box_keeps_what_fits_and_says_what_was_cut():
    at = click(start_app(), "start")
    at.session_state["step"] = "values"
    at.run()
    limit = default_questionnaire().question("note_to_self").max_length
    pasted = "I am scared. " * 124  # 1,612 characters, past the 1,500 the box keeps
    at.text_area(key=widget_key("note_to_self")).input(pasted).run()
    assert at.session_state["answers"]["note_to_self"] == pasted[:limit]
    warning = " ".join(w.value for w in at.warning)
    assert f"That was {len(pasted):,} characters" in warning and f"{limit:,}" in warning
    click(at, "nav_back")
    assert not [w for w in at.warning if "characters" in w.value]
