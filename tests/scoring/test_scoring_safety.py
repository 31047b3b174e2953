"""Safety first: fear, threats, control or violence lead the result and change the advice."""

from __future__ import annotations

import re

import pytest

from questionnaire.answers import drop_hidden, validate_answers
from questionnaire.loader import default_questionnaire
from scoring import Assessment, SafetyLevel, assess, load_rules
from tests.scoring.test_scoring_engine import CALM, TALK_FIRST

# Advice that must never appear under a safety concern: a joint session or a confrontation.
FORBIDDEN_ADVICE = [
    r"heart-to-heart",
    r"couples? counsel",
    r"counsel\w* together",
    r"\bjoint\b",
    r"confront",
    r"(talk|speak|sit down) (to|with) your partner",
    r"ask your partner",
    # Nor negotiating the terms of a break with the partner.
    r"agreed (length|end date|limits|pause|room)",
    r"(limits|rules) you (both )?agree",
    r"agree together",
    r"date to talk again",
]

COUNSELING_STORY = {
    **CALM,
    "who_wants_out": "partner_unsure",
    "heart_to_heart": "yes_calm",
    "still_a_chance": "yes",
    "reasons_known": "clear",
    "partner_will_talk": "willing",
    "needs_unmet": "agree",
    "feel_alone": "agree",
    "contempt": "agree",
    "good_moments": "agree",
    "third_party": "no",
    "on_off_pattern": "several",
    "partner_counseling": "yes",
    "my_counseling": "yes",
    "keeping_tactics": ["arguing_reasons", "crowding"],
}


def _assess(values: dict) -> Assessment:
    """Assess, first dropping answers that an overriding answer has hidden."""
    questionnaire = default_questionnaire()
    values = drop_hidden(questionnaire, values)
    return assess(validate_answers(questionnaire, values, complete=False))


def advice_texts(result: Assessment) -> list[str]:
    """Every piece of text in a result that tells the person what to do, or why."""
    texts = [result.clarity_text, *result.next_steps]
    texts += [step for path in result.paths for step in path.next_steps]
    texts += [d.reason for d in result.drivers]
    texts += [c.instead for c in result.cautions]
    safety = result.safety
    texts += [safety.headline, safety.message, *safety.steps, safety.safety_plan or ""]
    if result.safety_first and result.recommended:
        # The suggested path's own description must not assume a face-to-face agreement.
        chosen = result.path(result.recommended)
        texts += [chosen.summary, chosen.what_it_means, *chosen.good_sides, *chosen.hard_sides]
    return texts


def assert_no_joint_advice(result: Assessment) -> None:
    for text in advice_texts(result):
        for pattern in FORBIDDEN_ADVICE:
            assert not re.search(pattern, text, re.IGNORECASE), f"{pattern!r} in: {text}"


def test_the_forbidden_advice_check_would_catch_ordinary_advice() -> None:
    """Without a safety concern the same stories do advise talking and counseling."""
    for story in (TALK_FIRST, COUNSELING_STORY):
        with pytest.raises(AssertionError):
            assert_no_joint_advice(_assess(story))


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ({"safety_afraid": "yes"}, "concern"),
        ({"safety_afraid": "unsure"}, "concern"),
        ({"safety_hurt": "yes"}, "concern"),
        ({"safety_hurt": "unsure"}, "concern"),
        ({"safety_insulted": "yes"}, "concern"),
        ({"safety_insulted": "unsure"}, "none"),
        ({"safety_threatened": "yes"}, "concern"),
        ({"safety_threatened": "unsure"}, "concern"),
        ({"safety_control": ["money"]}, "concern"),
        ({"safety_control": ["phone", "people"]}, "concern"),
        ({"safety_control": ["movements"]}, "concern"),
        ({"safety_danger": ["threat_to_kill"]}, "danger"),
        ({"safety_danger": ["choking"]}, "danger"),
        ({"safety_danger": ["weapon"]}, "danger"),
        ({"safety_danger": ["escalating"]}, "danger"),
        ({"safety_danger": ["separation_violence"]}, "danger"),
        ({"safety_hurt": "yes", "safety_afraid": "yes"}, "danger"),
        ({"safety_hurt": "yes", "safety_threatened": "yes"}, "danger"),
        ({"safety_hurt": "yes", "who_wants_out": "i_am_unsure"}, "danger"),
        ({"safety_hurt": "yes", "my_wish": "leave"}, "danger"),
        ({"safety_hurt": "unsure", "safety_afraid": "yes"}, "concern"),
        ({}, "none"),
    ],
)
def test_safety_level_from_answers(answer: dict, level: str) -> None:
    for story in (COUNSELING_STORY, TALK_FIRST):
        result = _assess({**story, **answer})
        assert result.safety.level == level
        assert result.safety_first is (level != "none")
        if level != "none":
            assert result.recommended in {"space", "let_go"}
            assert result.safety.signs
            assert_no_joint_advice(result)


def test_danger_leads_with_emergency_numbers_and_helplines() -> None:
    result = _assess({**COUNSELING_STORY, "safety_danger": ["weapon"]})
    safety = result.safety
    assert safety.level is SafetyLevel.DANGER
    first = result.next_steps[0]
    for number in ("911", "999", "000"):
        assert number in first
    assert safety.emergency_numbers == {"US": "911", "UK": "999", "Australia": "000"}
    phones = {h.phone for h in safety.helplines}
    assert {"1-800-799-7233", "0808 2000 247", "0808 801 0327", "1800 737 732"} <= phones
    assert any(h.text and "START" in h.text and "88788" in h.text for h in safety.helplines)
    assert safety.helplines_checked == "2026-11-26"
    assert "verify" in (safety.helplines_source or "")
    assert safety.safety_plan and "safety plan" in safety.safety_plan.lower()
    assert "Used or threatened you with a weapon" in " ".join(safety.signs)


def test_concern_keeps_scores_visible_but_suggests_only_safe_paths() -> None:
    calm = _assess(COUNSELING_STORY)
    worried = _assess({**COUNSELING_STORY, "safety_control": ["phone", "movements"]})
    assert calm.recommended == "counseling"
    assert worried.recommended in {"space", "let_go"}
    # Transparency: the same scores are shown; only the space path is retitled.
    assert [(s.path, s.score) for s in worried.scores] == [(s.path, s.score) for s in calm.scores]
    assert worried.path("space").title == "Space, planned with support"
    assert worried.path("space").title == next(s.title for s in worried.scores if s.path == "space")
    assert worried.runner_up in {"space", "let_go"}
    assert worried.clarity_text.startswith(load_rules().rules_file.clarity.texts.safety_prefix)
    assert "phone" in " ".join(worried.safety.signs).lower()


def test_concern_steps_then_the_chosen_paths_individual_steps() -> None:
    result = _assess({**TALK_FIRST, "safety_insulted": "yes"})
    rules = load_rules()
    concern_steps = rules.safety.concern.steps
    assert result.next_steps[: len(concern_steps)] == concern_steps
    chosen = rules.path_text(result.recommended).safety_next_steps
    assert result.next_steps[len(concern_steps) :] == chosen
    for path in result.paths:
        assert path.safety_note
        assert path.next_steps == rules.path_text(path.path).safety_next_steps


def test_drivers_under_safety_only_explain_the_safe_paths() -> None:
    result = _assess({**TALK_FIRST, "safety_afraid": "yes", "partner_smothered": "agree"})
    assert result.drivers
    assert {d.path for d in result.drivers} <= {"space", "let_go"}


def test_cautions_under_safety_need_no_joint_talk() -> None:
    result = _assess({**COUNSELING_STORY, "safety_afraid": "yes"})
    rules = {c.id: c for c in load_rules().cautions}
    assert [c.tactic for c in result.cautions] == ["arguing_reasons", "crowding"]
    for caution in result.cautions:
        assert caution.instead == rules[caution.tactic].instead_when_unsafe


def test_safety_is_evaluated_on_partial_answers() -> None:
    result = _assess({"safety_danger": ["choking"]})
    assert result.safety.level is SafetyLevel.DANGER
    assert result.recommended is None
    assert "911" in result.next_steps[0]


def test_no_concern_shows_no_safety_plan_or_steps() -> None:
    result = _assess(TALK_FIRST)
    assert result.safety.level is SafetyLevel.NONE
    assert result.safety.steps == [] and result.safety.signs == []
    assert result.safety.safety_plan is None
    assert result.safety.helplines  # still there, for anyone who needs them later
    assert "skipped" not in result.safety.headline


def test_paths_set_aside_are_named_only_under_a_concern() -> None:
    assert _assess(COUNSELING_STORY).safety.paths_set_aside == []
    concern = _assess({**COUNSELING_STORY, "safety_afraid": "yes"})
    assert concern.safety.paths_set_aside == ["talk", "counseling"]
    assert concern.recommended not in concern.safety.paths_set_aside
