"""Vignettes: short stories with answers and the path we expect; a failure shows the drivers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire, read_yaml
from scoring import PATH_IDS, Assessment, assess, load_rules
from scoring.engine import evaluate

HERE = Path(__file__).parent
EXPECT_KEYS = {"path", "safety", "clarity", "runner_up", "margin", "decisive_rule", "cautions"}


def _load() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(HERE.glob("*.yaml")):
        for vignette in read_yaml(path)["vignettes"]:
            found.append((path.name, vignette))
    return found


VIGNETTES = _load()


def explain(vignette: dict[str, Any], result: Assessment) -> str:
    """What a person debugging a failed vignette needs: the story, the scores and drivers."""
    scores = ", ".join(f"{s.path} {s.score:g}" for s in result.scores)
    lines = [
        f"vignette '{vignette['id']}': {vignette['story'].strip()}",
        f"  got: path {result.recommended}, runner-up {result.runner_up}, "
        f"clarity {result.clarity}, margin {result.margin:g}, safety {result.safety.level}",
        f"  scores: {scores}",
        "  drivers:",
    ]
    lines += [
        f"    {d.contribution:+g} {d.path:<10} {d.question_id} = \"{d.answer_label}\" "
        f"({d.rule_id}{', decisive' if d.decisive else ''}): {d.reason}"
        for d in result.drivers
    ]
    rules = load_rules()
    held = evaluate(dict(vignette["answers"]), rules).fired
    lines.append(
        "  every rule that held: "
        + ", ".join(f"{rules.rules[i].id} {rules.rules[i].weight:+g}" for i in held)
    )
    lines.append(f"  cautions: {[c.tactic for c in result.cautions]}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("source", "vignette"), VIGNETTES, ids=[v["id"] for _, v in VIGNETTES]
)
def test_vignette(source: str, vignette: dict[str, Any]) -> None:
    expect = vignette["expect"]
    assert set(expect) <= EXPECT_KEYS, f"{source}: unknown expectation {set(expect) - EXPECT_KEYS}"
    answers = validate_answers(default_questionnaire(), vignette["answers"], complete=False)
    result = assess(answers)
    why = explain(vignette, result)

    assert result.recommended == expect["path"], why
    assert result.safety.level == expect["safety"], why
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
    if expect["path"] is None:
        assert not result.enough_answered and result.clarity is None, why
        assert "too few" in result.clarity_text, why


def test_there_are_enough_vignettes_with_unique_ids() -> None:
    ids = [v["id"] for _, v in VIGNETTES]
    assert len(ids) >= 24
    assert len(ids) == len(set(ids))


def test_vignettes_cover_every_path_and_safety_level() -> None:
    expected = [v["expect"] for _, v in VIGNETTES]
    assert {e["path"] for e in expected} == {*PATH_IDS, None}
    assert {e["safety"] for e in expected} == {"none", "concern", "danger"}
    assert any(e.get("clarity") == "close_call" for e in expected)


def test_every_source_article_has_a_vignette() -> None:
    sources = " ".join(v.get("source", "") for _, v in VIGNETTES)
    for article in ("seeds/000", "seeds/001", "seeds/002", "seeds/003", "seeds/004"):
        assert article in sources


def test_every_decisive_rule_has_a_vignette_where_it_decides() -> None:
    decisive = {r.id for r in load_rules().rules if r.decisive}
    named = {v["expect"].get("decisive_rule") for _, v in VIGNETTES}
    assert decisive <= named, f"no vignette for {sorted(decisive - named)}"


def test_safety_vignettes_override_a_path_that_would_otherwise_win() -> None:
    """At least one concern and one danger vignette would get talk or counseling without it."""
    overridden = set()
    for _, vignette in VIGNETTES:
        values = dict(vignette["answers"])
        if vignette["expect"]["safety"] == "none":
            continue
        for key in [k for k in values if k.startswith("safety_")]:
            del values[key]
        calm = assess(validate_answers(default_questionnaire(), values, complete=False))
        if calm.recommended in {"talk", "counseling"}:
            overridden.add(vignette["expect"]["safety"])
    assert overridden == {"concern", "danger"}
