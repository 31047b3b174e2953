"""assess(): what a person sees in a result, reproducible from their answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire, load_questionnaire
from scoring import PATH_IDS, Clarity, Lead, SafetyLevel, assess, load_rules, rules_fingerprint
from scoring.rules import DEFAULT_RULES, RULES_DIR
from tests.sample_answers import NO_SAFETY_CONCERNS

ROOT = Path(__file__).resolve().parents[2]

# "No" to every safety and wellbeing question, the newer ones included.
CALM = {
    **NO_SAFETY_CONCERNS,
    "partner_self_harm": "no",
    "safety_stalking": "no",
    "child_harm": "no",
    "own_thoughts": "no",
}
# A partner who wants out, no real talk yet, reasons unknown: the "talk first" story.
TALK_FIRST = {
    **CALM,
    "who_wants_out": "partner_wants_out",
    "partner_certainty": "cannot_tell",
    "steps_taken": ["told_me"],
    "heart_to_heart": "not_yet",
    "reasons_known": "unknown",
    "partner_will_talk": "willing",
    "needs_unmet": "agree",
    "partner_smothered": "neutral",
    "feel_alone": "agree",
    "spark_gone": "neutral",
    "different_paths": "disagree",
    "outgrown": "disagree",
    "contempt": "disagree",
    "good_moments": "agree",
    "third_party": "no",
    "space_requested": "no",
    "on_off_pattern": "never",
    "partner_counseling": "unknown",
    "my_counseling": "yes",
    "my_wish": "stay",
    "keeping_tactics": ["begging", "threats"],
}


def _assess(values: dict, **kwargs):
    return assess(validate_answers(default_questionnaire(), values, complete=False), **kwargs)


def test_same_answers_give_byte_identical_json() -> None:
    first = _assess(TALK_FIRST).model_dump_json()
    again = _assess(dict(reversed(list(TALK_FIRST.items())))).model_dump_json()
    fresh_rules = load_rules(DEFAULT_RULES, default_questionnaire())
    reloaded = _assess(TALK_FIRST, rules=fresh_rules).model_dump_json()
    assert first == again == reloaded


def test_recommends_talking_first_and_shows_every_score() -> None:
    result = _assess(TALK_FIRST)
    assert result.lead is Lead.PATH
    assert result.recommended == "talk"
    assert [s.path for s in result.scores] == list(PATH_IDS)
    assert [s.title for s in result.scores] == [p.title for p in result.paths]
    ranked = sorted(result.scores, key=lambda s: -s.score)
    assert ranked[0].path == "talk"
    assert result.runner_up == ranked[1].path
    assert result.margin == ranked[0].score - ranked[1].score
    assert result.clarity is Clarity.CLEAR
    assert "Talk first" in result.clarity_text
    assert result.score_of("talk") == ranked[0].score


def test_drivers_name_the_answers_and_reasons_biggest_first() -> None:
    result = _assess(TALK_FIRST)
    rules = {r.id: r for r in load_rules().rules}
    assert 1 <= len(result.drivers) <= 5
    sizes = [abs(d.contribution) for d in result.drivers]
    assert sizes == sorted(sizes, reverse=True)
    first = result.drivers[0]
    assert first.question_id == "heart_to_heart"
    assert first.answer_label == "Not yet"  # the label a person saw, not the option id
    for driver in result.drivers:
        assert driver.reason == rules[driver.rule_id].rationale
        assert driver.contribution == rules[driver.rule_id].weight
        assert driver.path == rules[driver.rule_id].path


def test_a_decisive_answer_leads_the_drivers_and_explains_itself() -> None:
    result = _assess({**TALK_FIRST, "third_party": "wants_them"})
    assert result.recommended == "let_go"
    assert result.clarity is Clarity.DECISIVE
    assert result.drivers[0].decisive
    assert result.drivers[0].rule_id == "partner_wants_someone_else"
    assert result.drivers[0].reason in result.clarity_text


def test_every_path_is_described_in_equal_detail() -> None:
    result = _assess(TALK_FIRST)
    assert [p.path for p in result.paths] == list(PATH_IDS)
    for field in ("good_sides", "hard_sides", "next_steps"):
        assert len({len(getattr(p, field)) for p in result.paths}) == 1, field
    for path in result.paths:
        assert path.title
        for field in ("summary", "what_it_means", "what_it_is_like"):
            assert len(getattr(path, field)) >= 40, (path.path, field)
        assert path.safety_note is None  # only set when safety is a concern
    assert result.next_steps == result.path("talk").next_steps


def test_cautions_say_what_backfires_and_what_helps_instead() -> None:
    result = _assess(TALK_FIRST)
    assert [c.tactic for c in result.cautions] == ["threats", "begging"]
    threats = result.cautions[0]
    assert threats.why_it_backfires and threats.instead
    # Threats to self-harm: a short pointer to crisis lines in the three countries.
    for number in ("988", "116 123", "13 11 14"):
        assert number in threats.instead
    assert _assess({**TALK_FIRST, "keeping_tactics": ["none"]}).cautions == []


def test_every_keeping_tactic_has_a_caution() -> None:
    question = default_questionnaire().question("keeping_tactics")
    tactics = [o.id for o in question.options if not o.exclusive]
    result = _assess({**TALK_FIRST, "keeping_tactics": tactics})
    assert sorted(c.tactic for c in result.cautions) == sorted(tactics)
    assert len({c.instead for c in result.cautions}) == len(tactics)


def test_too_little_answered_says_so_instead_of_guessing() -> None:
    result = _assess({"who_wants_out": "partner_wants_out", "heart_to_heart": "not_yet"})
    assert result.lead is Lead.NOT_ENOUGH
    assert result.recommended is None
    assert result.runner_up is None
    assert result.margin == 0
    assert not result.enough_answered
    assert result.clarity is None
    assert "too few" in result.clarity_text
    assert result.next_steps == load_rules().rules_file.enough_answered.next_steps
    # The lean so far is still shown.
    assert result.score_of("talk") > 0
    assert result.answered_count == 2


def test_nothing_answered_at_all() -> None:
    result = _assess({})
    assert result.recommended is None
    assert {s.score for s in result.scores} == {0.0}
    assert result.drivers == []
    assert result.safety.level is SafetyLevel.NONE
    assert "skipped" in result.safety.headline


def test_enough_answered_starts_at_the_configured_count() -> None:
    config = load_rules().rules_file.enough_answered
    keys = [q for q in config.questions if q in TALK_FIRST]
    few = {k: TALK_FIRST[k] for k in keys[: config.at_least - 1]}
    enough = {k: TALK_FIRST[k] for k in keys[: config.at_least]}
    assert _assess(few).recommended is None
    assert _assess(enough).recommended is not None


def test_result_records_what_produced_it() -> None:
    result = _assess(TALK_FIRST)
    questionnaire = default_questionnaire()
    assert result.questionnaire_id == questionnaire.id
    assert result.questionnaire_version == questionnaire.version
    assert result.rules_fingerprint == rules_fingerprint() == load_rules().fingerprint
    assert len(result.rules_fingerprint) == 16
    assert result.shown_count == len(questionnaire.visible_questions(TALK_FIRST))
    assert result.answered_count == len(TALK_FIRST)


def test_changing_a_weight_changes_the_fingerprint(tmp_path: Path) -> None:
    for source in RULES_DIR.glob("*.yaml"):  # rules.yaml and every file it names
        (tmp_path / source.name).write_text(source.read_text())
    rules_file = tmp_path / "rules.yaml"
    text = rules_file.read_text()
    rules_file.write_text(text.replace("weight: 1.5", "weight: 1.75", 1))
    changed = load_rules(rules_file, default_questionnaire())
    assert changed.fingerprint != rules_fingerprint()
    rules_file.write_text(text)
    assert load_rules(rules_file, default_questionnaire()).fingerprint == rules_fingerprint()


def test_answers_for_another_questionnaire_are_refused(tmp_path: Path) -> None:
    source = (ROOT / "questionnaire" / "content" / "crossroads.yaml").read_text()
    other_file = tmp_path / "other.yaml"
    other_file.write_text(source.replace("id: crossroads", "id: elsewhere", 1))
    other = load_questionnaire(other_file)
    answers = validate_answers(other, {"who_wants_out": "partner_unsure"}, complete=False)
    with pytest.raises(ValueError, match="questionnaire 'elsewhere'"):
        assess(answers)


def test_scoring_imports_neither_streamlit_nor_storage() -> None:
    code = (
        "import sys, scoring, scoring.batch, scoring.__main__; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'storage', 'ui')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("change", "clarity"),
    [
        ({}, Clarity.CLEAR),
        ({"third_party": "wants_them"}, Clarity.DECISIVE),
        ({"heart_to_heart": "yes_calm", "partner_smothered": "agree"}, Clarity.CLOSE_CALL),
        (
            {"heart_to_heart": "yes_calm", "partner_smothered": "agree", "needs_unmet": "neutral"},
            Clarity.LEANING,
        ),
    ],
)
def test_clarity_text_names_the_suggested_path_and_the_runner_up(change, clarity) -> None:
    result = _assess({**TALK_FIRST, **change})
    assert result.clarity is clarity, (result.margin, result.recommended, result.runner_up)
    titles = {p.path: p.title for p in result.paths}
    assert titles[result.runner_up] in result.clarity_text
    if clarity is not Clarity.DECISIVE:
        assert titles[result.recommended] in result.clarity_text
