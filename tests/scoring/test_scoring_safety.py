"""Safety first: a sign of fear, threats, control or violence, or the person's own thoughts of
self-harm, makes the result support for the person: no path is suggested, no clarity claimed."""

from __future__ import annotations

import re

import pytest

from questionnaire.answers import drop_hidden, validate_answers
from questionnaire.loader import default_questionnaire
from scoring import Assessment, CrisisLevel, Lead, LineKind, SafetyLevel, assess, load_rules
from tests.scoring.test_scoring_engine import CALM, TALK_FIRST

# Advice that must never appear under a safety sign: a joint session or a confrontation.
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
# Words that assume the partner is the one under pressure: wrong for a person who is afraid.
PRESSED_PARTNER = re.compile(r"feels? pressed|pressure on (a|your) partner", re.IGNORECASE)

ABUSE, CRISIS, CHILDREN, OWN = (
    LineKind.ABUSE, LineKind.CRISIS, LineKind.CHILDREN, LineKind.OWN_BEHAVIOUR
)

# Where counseling would win: the partner is unsure (no separation asked for), both willing.
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


def _rules():
    return load_rules()


def advice_texts(result: Assessment) -> list[str]:
    """Every piece of text in a result that tells the person what to do, or why.

    Under a safety sign that is everything shown: the steps (with those fitted to each sign),
    every path's steps, the paths still open described in full, the reasons, the cautions,
    and the crisis and own-behaviour help. Talk and counseling are set aside there, and their
    descriptions say what those paths are, so only their steps and safety note count.
    """
    safety = result.safety
    texts = [result.clarity_text, *result.next_steps]
    texts += [safety.headline, safety.message, *safety.steps, safety.safety_plan or ""]
    if safety.crisis:
        texts += [safety.crisis.headline, safety.crisis.message, *safety.crisis.steps]
    if safety.own_behaviour:
        own = safety.own_behaviour
        texts += [own.headline, own.message, *own.steps]
    if safety.level is not SafetyLevel.NONE:
        for path in result.paths:
            texts += [*path.next_steps, path.safety_note or ""]
            if path.path not in safety.paths_set_aside:
                texts += [path.summary, path.what_it_means, *path.good_sides, *path.hard_sides]
        texts += [d.reason for d in result.drivers]
        texts += [t for c in result.cautions for t in (c.label, c.why_it_backfires, c.instead)]
    return texts


def with_fitted(level_steps: list[str], fitted: list[str]) -> list[str]:
    """The safety steps a person sees: the level's most urgent step first (under danger, the
    emergency number), then the steps fitted to what happened, then the level's other steps."""
    return [*level_steps[:1], *fitted, *level_steps[1:]]


def assert_no_joint_advice(result: Assessment) -> None:
    for text in advice_texts(result):
        for pattern in FORBIDDEN_ADVICE:
            assert not re.search(pattern, text, re.IGNORECASE), f"{pattern!r} in: {text}"


def assert_support_first(result: Assessment) -> None:
    """What a person sees under any sign: support, no path and no claim of clarity."""
    assert result.lead in (Lead.SAFETY, Lead.CRISIS)
    assert result.safety_first and result.safety.any_sign
    assert result.recommended is None and result.runner_up is None
    assert result.clarity is None and result.margin == 0
    assert result.clarity_text == _rules().rules_file.clarity.texts.support_first
    assert_no_joint_advice(result)


def test_the_forbidden_advice_check_would_catch_ordinary_advice() -> None:
    """Without a sign the same stories do advise talking and counseling, so the check bites."""
    for story in (TALK_FIRST, COUNSELING_STORY):
        result = _assess(story)
        assert result.lead is Lead.PATH
        with pytest.raises(AssertionError):
            # The same texts the check reads under a sign, read here without one.
            texts = [*result.next_steps, *(d.reason for d in result.drivers)]
            for text in texts:
                for pattern in FORBIDDEN_ADVICE:
                    assert not re.search(pattern, text, re.IGNORECASE), text


def test_the_support_first_text_claims_no_clarity_and_names_no_path() -> None:
    texts = _rules().rules_file.clarity.texts
    for word in ("clear", "close call", "lean", "point"):
        assert word not in texts.support_first.lower(), word
    titles = [p.title for p in _rules().descriptions]
    assert not any(title in texts.support_first for title in titles)


LEVELS = [
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
    ({"safety_control": ["none"]}, "none"),
    ({"partner_self_harm": "yes"}, "danger"),
    ({"partner_self_harm": "unsure"}, "concern"),
    ({"partner_self_harm": "no"}, "none"),
    ({"safety_stalking": "yes"}, "concern"),
    ({"safety_stalking": "unsure"}, "concern"),
    ({"safety_stalking": "no"}, "none"),
    ({"child_harm": "yes"}, "danger"),
    ({"child_harm": "unsure"}, "concern"),
    ({"child_harm": "no"}, "none"),
    ({"child_harm": "no_children"}, "none"),
    ({"safety_danger": ["threat_to_kill"]}, "danger"),
    ({"safety_danger": ["choking"]}, "danger"),
    ({"safety_danger": ["weapon"]}, "danger"),
    ({"safety_danger": ["escalating"]}, "danger"),
    ({"safety_danger": ["separation_violence"]}, "danger"),
    ({"safety_danger": ["none"]}, "none"),
    ({"safety_hurt": "yes", "safety_afraid": "yes"}, "danger"),
    ({"safety_hurt": "yes", "safety_threatened": "yes"}, "danger"),
    ({"safety_hurt": "yes", "safety_stalking": "yes"}, "danger"),
    ({"safety_stalking": "yes", "safety_threatened": "yes"}, "danger"),
    ({"safety_hurt": "unsure", "safety_afraid": "yes"}, "concern"),
    ({"safety_stalking": "unsure", "safety_threatened": "unsure"}, "concern"),
    ({"safety_afraid": "prefer_not"}, "none"),
    ({"safety_danger": ["prefer_not"]}, "none"),
    ({}, "none"),
]


@pytest.mark.parametrize(("answer", "level"), LEVELS)
def test_safety_level_from_answers(answer: dict, level: str) -> None:
    # In a story where counseling would win, and on its own (too little for a path).
    for story, lead_without in ((COUNSELING_STORY, Lead.PATH), ({}, Lead.NOT_ENOUGH)):
        result = _assess({**story, **answer})
        assert result.safety.level == level
        if level == "none":
            assert result.lead is lead_without
            assert not result.safety.signs and result.safety.paths_set_aside == []
            continue
        assert result.lead is Lead.SAFETY
        assert_support_first(result)
        assert result.safety.signs
        assert result.safety.paths_set_aside == ["talk", "counseling"]
        assert result.safety.emergency_first is (level == "danger")


SEPARATIONS = [
    ({"who_wants_out": "partner_wants_out"}, "danger"),
    ({"who_wants_out": "i_am_unsure"}, "danger"),
    ({"who_wants_out": "both_unsure"}, "danger"),
    ({"who_wants_out": "partner_unsure"}, "concern"),
    *[({"steps_taken": [step]}, "danger")
      for step in ("told_friend", "told_me", "looked_for_home", "legal_advice", "split_money",
                   "moved_out")],
    ({"steps_taken": ["none"]}, "concern"),
    ({"my_wish": "leave"}, "danger"),
    ({"my_wish": "unsure"}, "concern"),
    ({"my_wish": "stay"}, "concern"),
]


@pytest.mark.parametrize(("separation", "level"), SEPARATIONS)
def test_violence_in_the_past_year_with_any_separation_is_danger(
    separation: dict, level: str
) -> None:
    """Separation asked for, planned or under way, by either of them, with a violent partner."""
    base = {**COUNSELING_STORY, "safety_afraid": "no", "safety_threatened": "no"}
    result = _assess({**base, "safety_hurt": "yes", **separation})
    assert result.safety.level == level
    assert_support_first(result)
    named = any("separation" in sign for sign in result.safety.signs)
    assert named is (level == "danger")
    # Only a "yes" to physical hurt counts: "not sure" stays a concern.
    unsure = _assess({**base, "safety_hurt": "unsure", **separation})
    assert unsure.safety.level is SafetyLevel.CONCERN


def test_danger_puts_the_emergency_number_first_then_steps_fitted_to_the_sign() -> None:
    result = _assess({**COUNSELING_STORY, "safety_danger": ["weapon"]})
    safety, rules = result.safety, _rules().safety
    assert safety.level is SafetyLevel.DANGER
    assert safety.emergency_first
    assert result.next_steps[0] == rules.danger.steps[0]
    assert "emergency number" in result.next_steps[0]
    weapon_step = next(r for r in rules.rules if r.id == "weapon").steps
    assert result.next_steps == with_fitted(rules.danger.steps, weapon_step)
    assert safety.steps == result.next_steps
    assert safety.line_kinds == [ABUSE]
    assert safety.safety_plan and "safety plan" in safety.safety_plan.lower()
    assert any("weapon" in sign for sign in safety.signs)
    assert safety.headline == rules.danger.headline


FITTED = [
    # (answers, words the fitted steps must contain, the kinds of line, in order)
    ({"safety_danger": ["choking"]}, ["doctor or nurse", "even if you feel fine"], [ABUSE]),
    ({"safety_danger": ["weapon"]}, ["gun or other weapon in the home"], [ABUSE]),
    ({"safety_danger": ["threat_to_kill"]}, ["threat to kill seriously"], [ABUSE]),
    (
        {"partner_self_harm": "yes"},
        ["not responsible for your partner's choices", "call the emergency number",
         "crisis line"],
        [ABUSE, CRISIS],
    ),
    ({"partner_self_harm": "unsure"}, [], [ABUSE, CRISIS]),
    ({"child_harm": "yes"}, ["child protection line"], [ABUSE, CHILDREN]),
    ({"child_harm": "unsure"}, [], [ABUSE, CHILDREN]),
    ({"safety_stalking": "yes"}, ["tracked", "Removing a tracker"], [ABUSE]),
]


@pytest.mark.parametrize(("answer", "words", "kinds"), FITTED)
def test_each_sign_brings_its_own_steps_and_lines(answer: dict, words: list, kinds: list) -> None:
    result = _assess({**COUNSELING_STORY, **answer})
    rules = _rules().safety
    level_steps = (rules.danger if result.safety.level is SafetyLevel.DANGER else rules.concern)
    fitted = [step for step in result.next_steps if step not in level_steps.steps]
    assert result.next_steps == with_fitted(level_steps.steps, fitted)
    for word in words:
        assert any(word in step for step in fitted), word
    assert bool(fitted) is bool(words)
    assert result.safety.line_kinds == kinds
    assert_support_first(result)


def test_several_signs_give_each_fitted_step_once_in_the_files_order() -> None:
    answers = {
        "safety_danger": ["weapon", "choking"],
        "partner_self_harm": "yes",
        "child_harm": "yes",
        "safety_stalking": "yes",
        "safety_threatened": "yes",
    }
    result = _assess({**COUNSELING_STORY, **answers})
    rules = _rules().safety
    by_id = {r.id: r for r in rules.rules}
    fitted = [s for rule in ("choking", "weapon", "partner_self_harm", "child_harm", "stalked")
              for s in by_id[rule].steps]
    assert result.next_steps == with_fitted(rules.danger.steps, fitted)
    assert len(set(result.next_steps)) == len(result.next_steps)
    assert result.safety.line_kinds == [ABUSE, CRISIS, CHILDREN]


def test_a_concern_keeps_the_scores_visible_but_suggests_no_path() -> None:
    calm = _assess(COUNSELING_STORY)
    worried = _assess({**COUNSELING_STORY, "safety_control": ["phone", "movements"]})
    assert calm.recommended == "counseling" and calm.clarity is not None
    assert_support_first(worried)
    # Transparency: the same scores are shown; only the space path is retitled.
    assert [(s.path, s.score) for s in worried.scores] == [(s.path, s.score) for s in calm.scores]
    assert worried.path("space").title == "Space, planned with support"
    assert worried.path("space").title == next(s.title for s in worried.scores if s.path == "space")
    assert "phone" in " ".join(worried.safety.signs).lower()


def test_a_concern_gives_the_concern_steps_and_every_path_in_its_safety_wording() -> None:
    result = _assess({**TALK_FIRST, "safety_insulted": "yes"})
    rules = _rules()
    assert result.next_steps == rules.safety.concern.steps
    for path in result.paths:
        assert path.safety_note
        assert path.next_steps == rules.path_text(path.path).safety_next_steps


def test_drivers_under_safety_only_explain_the_safe_paths() -> None:
    result = _assess({**TALK_FIRST, "safety_afraid": "yes", "partner_smothered": "agree"})
    assert result.drivers
    assert {d.path for d in result.drivers} <= {"space", "let_go"}
    rules = {r.id: r for r in _rules().rules}
    for driver in result.drivers:
        rule = rules[driver.rule_id]
        assert driver.reason == (rule.rationale_when_unsafe or rule.rationale)


def test_cautions_under_a_safety_sign_use_their_unsafe_wording() -> None:
    tactics = ["threats", "leverage", "checking", "crowding", "begging", "guilt",
               "arguing_reasons"]
    calm = _assess({**COUNSELING_STORY, "keeping_tactics": tactics})
    afraid = _assess({**COUNSELING_STORY, "keeping_tactics": tactics, "safety_afraid": "yes"})
    rules = {c.id: c for c in _rules().cautions}
    assert [c.tactic for c in afraid.cautions] == [c.tactic for c in calm.cautions]
    assert [c.tactic for c in calm.cautions if c.tactic in tactics] == tactics
    for caution in afraid.cautions:
        rule = rules[caution.tactic]
        assert caution.label == (rule.label_when_unsafe or rule.label)
        assert caution.why_it_backfires == (rule.why_when_unsafe or rule.why_it_backfires)
        assert caution.instead == rule.instead_when_unsafe
        assert not PRESSED_PARTNER.search(caution.why_it_backfires + caution.instead)
    for caution in calm.cautions:
        assert caution.label == rules[caution.tactic].label


def test_an_afraid_person_who_begged_is_not_told_their_partner_feels_pressed() -> None:
    calm = _assess({**COUNSELING_STORY, "keeping_tactics": ["begging"]}).cautions[0]
    afraid = _assess(
        {**COUNSELING_STORY, "keeping_tactics": ["begging"], "safety_afraid": "yes"}
    ).cautions[0]
    assert PRESSED_PARTNER.search(calm.why_it_backfires), "the check must see the usual words"
    assert afraid.label == "Pleading with your partner"
    assert not PRESSED_PARTNER.search(afraid.why_it_backfires)
    assert "not your job" in afraid.why_it_backfires


def test_safety_is_evaluated_on_partial_answers_and_outranks_too_few() -> None:
    result = _assess({"safety_danger": ["choking"]})
    assert result.safety.level is SafetyLevel.DANGER
    assert not result.enough_answered
    assert_support_first(result)
    assert "emergency number" in result.next_steps[0]
    assert any("doctor or nurse" in step for step in result.next_steps)


def test_no_sign_shows_no_safety_plan_or_steps_but_keeps_the_lines() -> None:
    result = _assess(TALK_FIRST)
    safety = result.safety
    assert safety.level is SafetyLevel.NONE and safety.crisis is None
    assert not safety.any_sign and not result.safety_first
    assert safety.steps == [] and safety.signs == [] and safety.paths_set_aside == []
    assert safety.safety_plan is None
    assert safety.line_kinds[0] is ABUSE  # still there, for anyone who needs them later
    assert not safety.emergency_first
    assert safety.headline == _rules().safety.none.headline


def test_paths_set_aside_are_named_only_under_a_sign() -> None:
    assert _assess(COUNSELING_STORY).safety.paths_set_aside == []
    concern = _assess({**COUNSELING_STORY, "safety_afraid": "yes"})
    assert concern.safety.paths_set_aside == ["talk", "counseling"]


# --- "Prefer not to say" ---------------------------------------------------------------


def _declined_everywhere(values: dict) -> dict:
    questionnaire = default_questionnaire()
    out = dict(values)
    for section in ("safety", "wellbeing"):
        for question in next(s for s in questionnaire.sections if s.id == section).questions:
            if question.visible_if:
                out.pop(question.id, None)
                continue
            multi = question.type.value == "multi_choice"
            out[question.id] = ["prefer_not"] if multi else "prefer_not"
    return out


def test_prefer_not_to_say_everywhere_sets_no_level_and_a_path_is_still_suggested() -> None:
    declined = _assess(_declined_everywhere(TALK_FIRST))
    rules = _rules().safety
    assert declined.safety.level is SafetyLevel.NONE and declined.safety.crisis is None
    assert declined.safety.declined
    assert declined.safety.headline == rules.none_declined.headline
    assert declined.safety.message == rules.none_declined.message
    assert declined.lead is Lead.PATH and declined.recommended == "talk"
    assert declined.clarity is not None
    assert declined.safety.line_kinds[0] is ABUSE


def test_prefer_not_to_say_scores_exactly_as_no_answer() -> None:
    declined = _assess(_declined_everywhere(TALK_FIRST))
    skipped = _assess({k: v for k, v in TALK_FIRST.items() if k not in CALM})
    assert skipped.safety.headline == _rules().safety.none_unanswered.headline
    assert not skipped.safety.declined
    ignore = {"safety": {"declined", "wording", "headline", "message"}, "answered_count": True}
    assert declined.model_dump(exclude=ignore) == skipped.model_dump(exclude=ignore)


def test_a_declined_answer_never_hides_a_sign_given_elsewhere() -> None:
    result = _assess({**TALK_FIRST, "safety_afraid": "prefer_not", "safety_control": ["phone"]})
    assert result.safety.level is SafetyLevel.CONCERN
    assert result.safety.declined
    assert result.safety.headline == _rules().safety.concern.headline
    assert_support_first(result)


# --- The person's own thoughts of self-harm ---------------------------------------------


def test_own_thoughts_lead_with_crisis_lines_and_no_path() -> None:
    result = _assess({**TALK_FIRST, "own_thoughts": "yes", "own_thoughts_now": "no"})
    crisis = _rules().safety.crisis
    assert result.lead is Lead.CRISIS
    assert_support_first(result)
    assert result.safety.level is SafetyLevel.NONE
    assert result.safety.crisis is not None
    assert result.safety.crisis.level is CrisisLevel.THOUGHTS
    assert result.safety.crisis.headline == crisis.thoughts.headline
    assert result.next_steps == crisis.thoughts.steps
    assert result.safety.line_kinds[0] is CRISIS
    assert not result.safety.emergency_first


def test_thoughts_right_now_put_the_emergency_number_first() -> None:
    result = _assess({**TALK_FIRST, "own_thoughts": "yes", "own_thoughts_now": "yes"})
    crisis = _rules().safety.crisis
    assert result.lead is Lead.CRISIS
    assert_support_first(result)
    assert result.safety.crisis.level is CrisisLevel.NOW
    assert result.safety.crisis.headline == crisis.now.headline
    assert result.next_steps == crisis.now.steps
    assert "emergency number" in result.next_steps[0]
    assert result.safety.emergency_first
    assert result.safety.line_kinds[0] is CRISIS


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"own_thoughts": "no"}, CrisisLevel.NONE),
        ({"own_thoughts": "prefer_not"}, CrisisLevel.NONE),
        ({"own_thoughts": "yes"}, CrisisLevel.THOUGHTS),
        ({"own_thoughts": "yes", "own_thoughts_now": "prefer_not"}, CrisisLevel.THOUGHTS),
        ({"own_thoughts": "yes", "own_thoughts_now": "yes"}, CrisisLevel.NOW),
    ],
)
def test_crisis_level_from_answers(answers: dict, level: CrisisLevel) -> None:
    result = _assess({**TALK_FIRST, **answers})
    got = result.safety.crisis.level if result.safety.crisis else CrisisLevel.NONE
    assert got is level
    assert (result.lead is Lead.CRISIS) is (level is not CrisisLevel.NONE)
    if level is CrisisLevel.NONE:
        assert result.recommended == "talk"


def test_own_thoughts_lead_even_with_too_few_answers() -> None:
    result = _assess({"own_thoughts": "yes"})
    assert not result.enough_answered
    assert result.lead is Lead.CRISIS
    assert_support_first(result)


def test_a_crisis_and_danger_together_give_the_emergency_then_crisis_then_safety_steps() -> None:
    answers = {**COUNSELING_STORY, "own_thoughts": "yes", "safety_danger": ["choking"]}
    result = _assess(answers)
    rules = _rules().safety
    assert result.lead is Lead.CRISIS
    assert_support_first(result)
    assert result.safety.level is SafetyLevel.DANGER
    choking = next(r for r in rules.rules if r.id == "choking").steps
    safety_steps = with_fitted(rules.danger.steps, choking)
    assert result.safety.steps == safety_steps
    assert result.next_steps == list(
        dict.fromkeys([safety_steps[0], *rules.crisis.thoughts.steps, *safety_steps[1:]])
    )
    assert "emergency number" in result.next_steps[0]
    assert result.safety.line_kinds == [CRISIS, ABUSE]
    assert result.safety.emergency_first  # danger alone calls for it


# --- The person's own controlling behaviour ---------------------------------------------


@pytest.mark.parametrize("tactic", ["checking", "threats", "leverage"])
def test_own_controlling_behaviour_brings_help_without_changing_the_lead(tactic: str) -> None:
    plain = _assess({**TALK_FIRST, "keeping_tactics": ["begging"]})
    own = _assess({**TALK_FIRST, "keeping_tactics": ["begging", tactic]})
    assert plain.safety.own_behaviour is None
    assert plain.safety.line_kinds == [ABUSE]
    assert own.safety.own_behaviour is not None
    assert len(own.safety.own_behaviour.signs) == 1
    assert own.safety.own_behaviour.steps == _rules().safety.own_behaviour.steps
    assert own.safety.line_kinds == [ABUSE, OWN]
    assert own.lead is plain.lead is Lead.PATH
    assert own.recommended == plain.recommended == "talk"
    assert own.clarity is not None
    assert own.safety.level is SafetyLevel.NONE and not own.safety.any_sign


@pytest.mark.parametrize("tactic", ["begging", "arguing_reasons", "guilt", "crowding", "none"])
def test_other_tactics_are_not_taken_for_controlling_behaviour(tactic: str) -> None:
    assert _assess({**TALK_FIRST, "keeping_tactics": [tactic]}).safety.own_behaviour is None


def test_own_behaviour_and_a_safety_sign_are_both_shown() -> None:
    result = _assess({**TALK_FIRST, "keeping_tactics": ["threats"], "safety_afraid": "yes"})
    assert result.lead is Lead.SAFETY
    assert_support_first(result)
    assert result.safety.own_behaviour is not None
    assert result.safety.line_kinds == [ABUSE, OWN]


def test_every_crisis_and_own_behaviour_text_avoids_joint_advice() -> None:
    safety = _rules().safety
    texts = [safety.own_behaviour.headline, safety.own_behaviour.message,
             *safety.own_behaviour.steps]
    for level in (safety.crisis.thoughts, safety.crisis.now):
        texts += [level.headline, level.message, *level.steps]
    texts += [step for rule in safety.rules for step in rule.steps]
    for text in texts:
        for pattern in FORBIDDEN_ADVICE:
            assert not re.search(pattern, text, re.IGNORECASE), f"{pattern!r} in: {text}"
