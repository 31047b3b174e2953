"""Properties that hold for any valid answers, complete or partial (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire
from scoring import PATH_IDS, Assessment, Clarity, SafetyLevel, assess, load_rules
from tests.scoring.test_scoring_safety import assert_no_joint_advice
from tests.strategies import answer_values

EXAMPLES = settings(max_examples=200, deadline=None)
DANGER_SIGNS = ["threat_to_kill", "choking", "weapon", "escalating", "separation_violence"]
SAFE_PATHS = {"space", "let_go"}


def _assess(values: dict) -> Assessment:
    return assess(validate_answers(default_questionnaire(), values, complete=False))


def _is_decisive(result: Assessment) -> bool:
    return result.clarity is Clarity.DECISIVE


@EXAMPLES
@given(answer_values())
def test_deterministic(values: dict) -> None:
    assert _assess(values).model_dump_json() == _assess(dict(values)).model_dump_json()


@EXAMPLES
@given(answer_values(skip_rate=0.4))
def test_exactly_one_path_or_an_explicit_not_enough(values: dict) -> None:
    result = _assess(values)
    assert [s.path for s in result.scores] == list(PATH_IDS)
    if result.recommended is None:
        assert not result.enough_answered
        assert result.clarity is None and result.runner_up is None
        assert "too few" in result.clarity_text
    else:
        assert result.enough_answered
        assert result.recommended in PATH_IDS
        assert result.runner_up in PATH_IDS and result.runner_up != result.recommended
        assert result.clarity is not None and result.clarity_text


@EXAMPLES
@given(answer_values(complete=True))
def test_the_recommended_path_has_the_best_score_unless_decisive(values: dict) -> None:
    result = _assess(values)
    allowed = SAFE_PATHS if result.safety_first else set(PATH_IDS)
    best = max(s.score for s in result.scores if s.path in allowed)
    if not _is_decisive(result):
        assert result.score_of(result.recommended) == best
        assert result.margin >= 0
    assert result.margin == result.score_of(result.recommended) - result.score_of(
        result.runner_up
    )
    thresholds = load_rules().rules_file.clarity
    if result.clarity is Clarity.CLEAR:
        assert result.margin >= thresholds.clear_margin
    if result.clarity is Clarity.CLOSE_CALL:
        assert result.margin < thresholds.leaning_margin


@EXAMPLES
@given(answer_values(), st.lists(st.sampled_from(DANGER_SIGNS), min_size=1, unique=True))
def test_any_danger_answer_gives_a_safety_override(values: dict, signs: list[str]) -> None:
    result = _assess({**values, "safety_danger": signs})
    assert result.safety.level is SafetyLevel.DANGER
    assert result.safety_first
    assert result.recommended in SAFE_PATHS | {None}
    assert "911" in result.next_steps[0]
    assert_no_joint_advice(result)


@EXAMPLES
@given(answer_values())
def test_any_safety_concern_suggests_no_joint_session_or_talk(values: dict) -> None:
    result = _assess(values)
    if result.safety_first:
        assert result.recommended in SAFE_PATHS | {None}
        assert result.runner_up in SAFE_PATHS | {None}
        assert_no_joint_advice(result)
    else:
        assert result.safety.level is SafetyLevel.NONE


@EXAMPLES
@given(answer_values())
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
@given(answer_values())
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
@given(answer_values())
def test_drivers_are_few_ranked_and_name_answers_given(values: dict) -> None:
    result = _assess(values)
    assert len(result.drivers) <= load_rules().rules_file.max_drivers
    keys = [(not d.decisive, -abs(d.contribution)) for d in result.drivers]
    assert keys == sorted(keys)
    for driver in result.drivers:
        assert driver.question_id in values
        assert driver.answer_label
