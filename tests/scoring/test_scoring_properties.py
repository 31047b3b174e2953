"""Properties that hold for any valid answers, complete or partial (hypothesis).

Answers drawn freely nearly always show some safety sign, so most tests draw from
`any_answer_values`: half free, half calm (no sign in the safety and wellbeing answers).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire
from scoring import (
    PATH_IDS,
    Assessment,
    Clarity,
    CrisisLevel,
    Lead,
    SafetyLevel,
    assess,
    load_rules,
)
from tests.scoring.test_scoring_safety import assert_no_joint_advice, assert_support_first
from tests.strategies import answer_values, any_answer_values

EXAMPLES = settings(max_examples=200, deadline=None)
DANGER_SIGNS = ["threat_to_kill", "choking", "weapon", "escalating", "separation_violence"]
SAFE_PATHS = {"space", "let_go"}


def _assess(values: dict) -> Assessment:
    return assess(validate_answers(default_questionnaire(), values, complete=False))


def _crisis(result: Assessment) -> CrisisLevel:
    return result.safety.crisis.level if result.safety.crisis else CrisisLevel.NONE


@EXAMPLES
@given(any_answer_values())
def test_deterministic(values: dict) -> None:
    assert _assess(values).model_dump_json() == _assess(dict(values)).model_dump_json()


@EXAMPLES
@given(any_answer_values(skip_rate=0.4))
def test_the_lead_follows_crisis_then_safety_then_too_few_then_a_path(values: dict) -> None:
    result = _assess(values)
    assert [s.path for s in result.scores] == list(PATH_IDS)
    if _crisis(result) is not CrisisLevel.NONE:
        expected = Lead.CRISIS
    elif result.safety.level is not SafetyLevel.NONE:
        expected = Lead.SAFETY
    elif not result.enough_answered:
        expected = Lead.NOT_ENOUGH
    else:
        expected = Lead.PATH
    assert result.lead is expected
    assert result.safety_first is result.safety.any_sign
    if result.lead is Lead.PATH:
        assert result.recommended in PATH_IDS
        assert result.runner_up in PATH_IDS and result.runner_up != result.recommended
        assert result.clarity is not None and result.clarity_text
    elif result.lead is Lead.NOT_ENOUGH:
        assert result.recommended is None and result.runner_up is None
        assert result.clarity is None and result.margin == 0
        assert "too few" in result.clarity_text
    else:
        assert_support_first(result)


@EXAMPLES
@given(any_answer_values(skip_rate=0.4))
def test_no_support_first_result_claims_clarity_or_names_a_path(values: dict) -> None:
    result = _assess(values)
    if not result.safety_first:
        return
    assert result.recommended is None and result.runner_up is None
    assert result.clarity is None and result.margin == 0
    text = result.clarity_text.lower()
    assert "clear" not in text and "close call" not in text
    assert not any(p.title in result.clarity_text for p in result.paths)


@EXAMPLES
@given(answer_values(complete=True, calm=True))
def test_the_recommended_path_has_the_best_score_unless_decisive(values: dict) -> None:
    result = _assess(values)
    assert result.lead is Lead.PATH  # calm and complete: always a suggestion
    ruled_out = {r.path for r in result.ruled_out}
    assert result.recommended not in ruled_out
    best = max(s.score for s in result.scores if s.path not in ruled_out)
    if result.clarity is not Clarity.DECISIVE and not result.tensions:
        assert result.score_of(result.recommended) == best
        assert result.margin >= 0
    assert result.margin == result.score_of(result.recommended) - result.score_of(
        result.runner_up
    )
    thresholds = load_rules().rules_file.clarity
    if result.clarity is Clarity.CLEAR:
        assert result.margin >= thresholds.clear_margin
    if result.clarity is Clarity.CLOSE_CALL and not result.tensions:
        assert result.margin < thresholds.leaning_margin


@EXAMPLES
@given(any_answer_values(), st.lists(st.sampled_from(DANGER_SIGNS), min_size=1, unique=True))
def test_any_danger_answer_gives_support_first_with_the_emergency_number(
    values: dict, signs: list[str]
) -> None:
    result = _assess({**values, "safety_danger": signs})
    assert result.safety.level is SafetyLevel.DANGER
    assert result.safety.emergency_first
    assert_support_first(result)
    if result.lead is Lead.SAFETY:
        assert result.next_steps[0] == load_rules().safety.danger.steps[0]
    else:  # the person's own crisis leads; the emergency number is among the steps
        assert any("emergency number" in step for step in result.next_steps)


@EXAMPLES
@given(any_answer_values())
def test_any_safety_sign_suggests_no_joint_session_or_talk(values: dict) -> None:
    result = _assess(values)
    if result.safety.level is not SafetyLevel.NONE:
        assert result.safety.paths_set_aside == ["talk", "counseling"]
        assert {d.path for d in result.drivers} <= SAFE_PATHS
    if result.safety_first:
        assert_no_joint_advice(result)


@EXAMPLES
@given(any_answer_values())
def test_prefer_not_to_say_counts_exactly_as_no_answer(values: dict) -> None:
    declined = {k: v for k, v in values.items() if v in ("prefer_not", ["prefer_not"])}
    skipped = _assess({k: v for k, v in values.items() if k not in declined})
    result = _assess(values)
    assert result.safety.declined is any(
        q in declined for q in load_rules().safety.screening_questions
    )
    ignore = {"safety": {"declined", "wording", "headline", "message"}, "answered_count": True}
    assert result.model_dump(exclude=ignore) == skipped.model_dump(exclude=ignore)


@EXAMPLES
@given(any_answer_values(), st.sampled_from(["threats", "leverage"]))
def test_own_controlling_behaviour_never_changes_the_lead_or_the_path(
    values: dict, tactic: str
) -> None:
    without = _assess({**values, "keeping_tactics": ["begging"]})
    with_it = _assess({**values, "keeping_tactics": ["begging", tactic]})
    assert without.safety.own_behaviour is None
    assert with_it.safety.own_behaviour is not None
    for field in ("lead", "recommended", "runner_up", "clarity", "margin", "scores", "next_steps"):
        assert getattr(with_it, field) == getattr(without, field), field


@EXAMPLES
@given(any_answer_values())
def test_evidence_of_a_third_party_never_lowers_let_go(values: dict) -> None:
    def let_go(third_party: str | None) -> float:
        changed = {k: v for k, v in values.items() if k != "third_party"}
        if third_party:
            changed["third_party"] = third_party
        return _assess(changed).score_of("let_go")

    # From no evidence, through a suspicion or a past affair, to wanting someone else.
    unanswered, none, ended, suspect, wants = map(
        let_go, [None, "no", "ended", "suspect", "wants_them"]
    )
    assert none >= unanswered
    assert ended >= none and suspect >= none
    assert wants >= max(unanswered, none, ended, suspect)
    result = _assess({**values, "third_party": "wants_them"})
    if result.recommended is not None:
        assert result.recommended == "let_go"


@EXAMPLES
@given(any_answer_values())
def test_the_partner_agreeing_to_counseling_never_lowers_counseling(values: dict) -> None:
    def counseling(answer: str | None) -> float:
        changed = {k: v for k, v in values.items() if k != "partner_counseling"}
        if answer:
            changed["partner_counseling"] = answer
        return _assess(changed).score_of("counseling")

    scores = {a: counseling(a) for a in [None, "no", "unknown", "maybe", "yes"]}
    assert scores["yes"] >= max(scores.values())
    assert scores["maybe"] >= scores["unknown"] >= scores["no"]


@EXAMPLES
@given(any_answer_values())
def test_drivers_are_few_ranked_and_name_answers_given(values: dict) -> None:
    result = _assess(values)
    assert len(result.drivers) <= load_rules().rules_file.max_drivers
    keys = [(not d.decisive, -abs(d.contribution)) for d in result.drivers]
    assert keys == sorted(keys)
    for driver in result.drivers:
        assert driver.question_id in values
        assert driver.answer_label
        assert driver.answer_label != "Prefer not to say"
