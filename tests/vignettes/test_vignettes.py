"""Vignettes: short stories with answers and what a person should see; a failure explains why.

Expectations (`expect`), each as the person would notice it:
  path:            the suggested path, or null when nothing is suggested (always null under a
                   safety sign or a crisis: the result is support, never a path from scores)
  safety:          none | concern | danger
  lead:            what the result leads with: crisis | safety | not_enough | path. Default:
                   path when a path is expected; not_enough when none is and there is no
                   sign; it must be given for a safety sign or a crisis.
  crisis:          none | thoughts | now (the person's own thoughts of self-harm); default none
  own_behaviour:   true when the help for the person's own controlling behaviour is shown;
                   default false
  emergency_first: whether the emergency number is shown before anything else
  line_kinds:      the kinds of helpline shown, in order (abuse, crisis, children,
                   own_behaviour)
  steps_include:   words that must each appear in some next step
  declined:        whether a safety question was answered "Prefer not to say"
  headline:        which safety texts head the safety block (none, none_unanswered,
                   none_declined, concern, danger)
  tensions:        words that must each appear in one of the answers named as pulling
                   against each other (an empty list: none are named)
  ruled_out:       the paths not suggested whatever they score, with a reason each
  clarity, runner_up, margin, decisive_rule, cautions: as the names say
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire, read_yaml
from scoring import PATH_IDS, Assessment, LineKind, assess, load_rules
from scoring.engine import evaluate

HERE = Path(__file__).parent
EXPECT_KEYS = {
    "path", "safety", "clarity", "runner_up", "margin", "decisive_rule", "cautions",
    "lead", "crisis", "own_behaviour", "emergency_first", "line_kinds", "steps_include",
    "declined", "headline", "tensions", "ruled_out",
}
SUPPORT_FIRST = ("crisis", "safety")
# The usual caution wording assumes a partner under pressure: wrong for a person afraid.
PRESSED_PARTNER = re.compile(r"feels? pressed|pressure on (a|your) partner", re.IGNORECASE)


def _load() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(HERE.glob("*.yaml")):
        for vignette in read_yaml(path)["vignettes"]:
            found.append((path.name, vignette))
    return found


VIGNETTES = _load()


def expected_lead(expect: dict[str, Any]) -> str:
    if "lead" in expect:
        return expect["lead"]
    if expect["path"] is not None:
        return "path"
    assert expect["safety"] == "none" and expect.get("crisis", "none") == "none", (
        "a vignette with a safety sign or a crisis must say what the result leads with (lead)"
    )
    return "not_enough"


def _crisis(result: Assessment) -> str:
    return result.safety.crisis.level.value if result.safety.crisis else "none"


def explain(vignette: dict[str, Any], result: Assessment) -> str:
    """What a person debugging a failed vignette needs: the story, the scores and drivers."""
    scores = ", ".join(f"{s.path} {s.score:g}" for s in result.scores)
    safety = result.safety
    lines = [
        f"vignette '{vignette['id']}': {vignette['story'].strip()}",
        f"  got: lead {result.lead}, path {result.recommended}, runner-up {result.runner_up}, "
        f"clarity {result.clarity}, margin {result.margin:g}",
        f"  safety {safety.level}, crisis {_crisis(result)}, "
        f"own behaviour {safety.own_behaviour is not None}, declined {safety.declined}, "
        f"emergency first {safety.emergency_first}, "
        f"lines {[k.value for k in safety.line_kinds]}",
        f"  signs: {safety.signs}",
        f"  tensions: {result.tensions}",
        f"  ruled out: {[(r.path, r.reason) for r in result.ruled_out]}",
        f"  scores: {scores}",
        "  drivers:",
    ]
    lines += [
        f"    {d.contribution:+g} {d.path:<10} {d.question_id} = \"{d.answer_label}\" "
        f"({d.rule_id}{', decisive' if d.decisive else ''}): {d.reason}"
        for d in result.drivers
    ]
    rules = load_rules()
    outcome = evaluate(dict(vignette["answers"]), rules)
    lines.append(
        "  every rule that held: "
        + ", ".join(f"{rules.rules[i].id} {rules.rules[i].weight:+g}" for i in outcome.fired)
    )
    lines.append(
        "  safety rules that held: "
        + ", ".join(rules.safety.rules[i].id for i in outcome.safety_fired)
    )
    lines.append(f"  cautions: {[c.tactic for c in result.cautions]}")
    lines += ["  next steps:", *(f"    - {step}" for step in result.next_steps)]
    return "\n".join(lines)


def _assess(answers: dict[str, Any]) -> Assessment:
    return assess(validate_answers(default_questionnaire(), answers, complete=False))


@pytest.mark.parametrize(
    ("source", "vignette"), VIGNETTES, ids=[v["id"] for _, v in VIGNETTES]
)
def test_vignette(source: str, vignette: dict[str, Any]) -> None:
    expect = vignette["expect"]
    assert set(expect) <= EXPECT_KEYS, f"{source}: unknown expectation {set(expect) - EXPECT_KEYS}"
    lead = expected_lead(expect)
    result = _assess(vignette["answers"])
    why = explain(vignette, result)
    rules = load_rules()

    assert result.lead == lead, why
    assert result.recommended == expect["path"], why
    assert result.safety.level == expect["safety"], why
    assert _crisis(result) == expect.get("crisis", "none"), why
    assert (result.safety.own_behaviour is not None) is expect.get("own_behaviour", False), why
    if "emergency_first" in expect:
        assert result.safety.emergency_first is expect["emergency_first"], why
    if "line_kinds" in expect:
        assert [k.value for k in result.safety.line_kinds] == expect["line_kinds"], why
    for words in expect.get("steps_include", []):
        assert any(words in step for step in result.next_steps), f"no step with {words!r}\n{why}"
    if "declined" in expect:
        assert result.safety.declined is expect["declined"], why
    if "headline" in expect:
        texts = getattr(rules.safety, expect["headline"])
        assert result.safety.headline == texts.headline, why
    if "clarity" in expect:
        assert result.clarity == expect["clarity"], why
    if "runner_up" in expect:
        assert result.runner_up == expect["runner_up"], why
    if "margin" in expect:
        assert result.margin == expect["margin"], why
    if "decisive_rule" in expect:
        decisive = [d.rule_id for d in result.drivers if d.decisive]
        assert decisive[:1] == [expect["decisive_rule"]], why
    if "cautions" in expect:
        assert [c.tactic for c in result.cautions] == expect["cautions"], why
    if "tensions" in expect:
        named = " ".join(result.tensions)
        assert bool(result.tensions) is bool(expect["tensions"]), why
        for words in expect["tensions"]:
            assert words in named, why
    if "ruled_out" in expect:
        assert [r.path for r in result.ruled_out] == expect["ruled_out"], why

    # What every result of its kind shows, whatever the story.
    if lead in SUPPORT_FIRST:
        assert expect["path"] is None, f"{source}: no path is ever suggested under a sign"
        assert result.runner_up is None and result.clarity is None, why
        assert result.margin == 0, why
        assert result.clarity_text == rules.rules_file.clarity.texts.support_first, why
        assert "clear" not in result.clarity_text.lower(), why
    elif lead == "not_enough":
        assert not result.enough_answered and result.clarity is None, why
        assert "too few" in result.clarity_text, why
    if expect["safety"] != "none":
        cautions = {c.id: c for c in rules.cautions}
        for caution in result.cautions:
            rule = cautions[caution.tactic]
            assert caution.label == (rule.label_when_unsafe or rule.label), why
            assert caution.why_it_backfires == (rule.why_when_unsafe or rule.why_it_backfires)
            assert caution.instead == (rule.instead_when_unsafe or rule.instead), why
            assert not PRESSED_PARTNER.search(caution.why_it_backfires), why


def test_there_are_enough_vignettes_with_unique_ids() -> None:
    ids = [v["id"] for _, v in VIGNETTES]
    assert len(ids) >= 48
    assert len(ids) == len(set(ids))


def test_every_vignette_tells_its_story_without_gendered_words() -> None:
    gendered = re.compile(
        r"\b(he|she|him|his|hers|husband|wife|boyfriend|girlfriend|man|woman)\b", re.IGNORECASE
    )
    for source, vignette in VIGNETTES:
        assert not gendered.search(vignette["story"]), vignette["id"]
        if source == "safety.yaml":  # each names the partner as the person would
            assert "your partner" in vignette["story"].lower(), vignette["id"]


def test_vignettes_cover_every_path_lead_level_and_kind_of_line() -> None:
    expected = [v["expect"] for _, v in VIGNETTES]
    assert {e["path"] for e in expected} == {*PATH_IDS, None}
    assert {e["safety"] for e in expected} == {"none", "concern", "danger"}
    assert {expected_lead(e) for e in expected} == {"path", "not_enough", "safety", "crisis"}
    assert {e.get("crisis", "none") for e in expected} == {"none", "thoughts", "now"}
    assert any(e.get("own_behaviour") for e in expected)
    assert any(e.get("declined") for e in expected)
    assert {k for e in expected for k in e.get("line_kinds", [])} == {k.value for k in LineKind}
    assert any(e.get("clarity") == "close_call" for e in expected)


def test_every_safety_and_crisis_rule_is_told_in_a_vignette() -> None:
    rules = load_rules()
    held = set()
    for _, vignette in VIGNETTES:
        outcome = evaluate(dict(vignette["answers"]), rules)
        held |= {rules.safety.rules[i].id for i in outcome.safety_fired}
        held |= {rules.safety.own_behaviour.rules[i].id for i in outcome.own_fired}
        if outcome.crisis.value != "none":
            held.add(f"crisis {outcome.crisis.value}")
    wanted = {r.id for r in rules.safety.rules} | {
        r.id for r in rules.safety.own_behaviour.rules
    } | {"crisis thoughts", "crisis now"}
    assert wanted <= held, f"no vignette for {sorted(wanted - held)}"


def test_every_source_article_has_a_vignette() -> None:
    sources = " ".join(v.get("source", "") for _, v in VIGNETTES)
    for article in ("seeds/000", "seeds/001", "seeds/002", "seeds/003", "seeds/004"):
        assert article in sources


def test_every_decisive_rule_has_a_vignette_where_it_decides() -> None:
    decisive = {r.id for r in load_rules().rules if r.decisive}
    named = {v["expect"].get("decisive_rule") for _, v in VIGNETTES}
    assert decisive <= named, f"no vignette for {sorted(decisive - named)}"


def _without_safety_and_wellbeing(answers: dict[str, Any]) -> dict[str, Any]:
    questionnaire = default_questionnaire()
    return {
        k: v for k, v in answers.items()
        if questionnaire.section_of(k).id not in ("safety", "wellbeing")
    }


def test_safety_vignettes_override_a_path_that_would_otherwise_win() -> None:
    """Some concern, danger and crisis vignettes would get talk or counseling without them."""
    overridden = set()
    for _, vignette in VIGNETTES:
        expect = vignette["expect"]
        if expected_lead(expect) not in SUPPORT_FIRST:
            continue
        calm = _assess(_without_safety_and_wellbeing(vignette["answers"]))
        assert calm.safety.level == "none" and calm.safety.crisis is None
        if calm.recommended in {"talk", "counseling"}:
            kind = "crisis" if expected_lead(expect) == "crisis" else expect["safety"]
            overridden.add(kind)
    assert overridden == {"concern", "danger", "crisis"}
