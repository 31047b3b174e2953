"""rules.yaml, paths.yaml and safety.yaml: validated at load, one clear line per fault."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from questionnaire.loader import default_questionnaire, read_yaml
from scoring import PATH_IDS, load_rules
from scoring.rules import RULES_DIR
from tests.scoring.content_copies import copy_content, edit, refused

CONTENT = ("rules.yaml", "paths.yaml", "safety.yaml")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the scoring content (rules.yaml and the files it names)."""
    return copy_content(tmp_path)


def test_the_shipped_rules_load_once_and_are_shared() -> None:
    assert load_rules() is load_rules()
    assert load_rules().source.endswith("rules.yaml")


def test_a_copy_of_the_shipped_content_loads(content: Path) -> None:
    assert load_rules(content, default_questionnaire()).fingerprint == load_rules().fingerprint


RULE_FAULTS = [
    (
        "{question: third_party, any_of: [wants_them]}",
        "{question: third_parties, any_of: [wants_them]}",
        ["rule 'partner_wants_someone_else'", "unknown question 'third_parties'"],
    ),
    (
        "{question: third_party, any_of: [wants_them]}",
        "{question: third_party, any_of: [wants_him]}",
        ["rule 'partner_wants_someone_else'", "'wants_him' is not an option"],
    ),
    (
        "{question: steps_taken, min_count: 4}",
        "{question: steps_taken, min_count: 9}",
        ["rule 'steps_many'", "min_count 9 can never hold"],
    ),
    (
        "{question: partner_certainty, any_of: [decided]}",
        "{question: partner_certainty, min_count: 2}",
        ["rule 'partner_certain'", "min_count only fits a multiple choice"],
    ),
    (
        "- id: partner_unsure\n",
        "- id: partner_said_end\n",
        ["rule 'partner_said_end': duplicate id"],
    ),
    ("weight: 1.5\n", "weight: 1.3\n", ["rule 'partner_unsure'", "multiple of 0.25"]),
    ("weight: 8\n    decisive: true", "weight: -8\n    decisive: true", ["decisive rule"]),
    ("path: talk\n", "path: wait\n", ["rule 'partner_unsure'", "field 'path'"]),
    (
        "    rationale: \"Your partner is unsure rather",
        "    reason: \"Your partner is unsure rather",
        ["rule 'partner_unsure'"],
    ),
    (
        "{question: space_requested, none_of: [time_to_think, trial_separation]}",
        "{question: space_requested, none_of: [time_to_think], any_of: [\"no\"]}",
        ["rule 'refuses_to_talk'", "'none_of' cannot be combined"],
    ),
    ("questionnaire: crossroads", "questionnaire: elsewhere", ["questionnaire 'elsewhere'"]),
    ("  at_least: 8", "  at_least: 80", ["at_least 80"]),
    ("    - spark_gone\n", "    - spark\n", ["enough_answered", "unknown question 'spark'"]),
    ("  clear_margin: 4", "  clear_margin: 1", ["leaning_margin must be smaller"]),
    ("paths_file: paths.yaml", "paths_file: routes.yaml", ["paths_file", "routes.yaml"]),
    ("rules:\n", "rules:\n  - id: [\n", ["not valid YAML"]),
    (
        '    label_when_unsafe: "Pleading with your partner"',
        '    label_if_unsafe: "Pleading with your partner"',
        ["caution 'begging'", "field 'label_if_unsafe'"],
    ),
    ("    support_first:", "    safety_first:", ["field 'support_first'"]),
]


@pytest.mark.parametrize(("old", "new", "fragments"), RULE_FAULTS)
def test_a_broken_rules_file_is_refused_naming_file_and_rule(
    content: Path, old: str, new: str, fragments: list[str]
) -> None:
    edit(content, old, new)
    message = refused(content)
    assert message.startswith(str(content)), message
    for fragment in fragments:
        assert fragment in message, message


def test_a_caution_naming_an_unknown_option_is_refused(content: Path) -> None:
    edit(content, "any_of: [leverage]", "any_of: [bribery]")
    assert "caution 'leverage': 'bribery' is not an option" in refused(content)


SIBLING_FAULTS = [
    ("paths.yaml", "  - path: let_go\n", "  - path: talk\n", ["path 'talk': duplicate id"]),
    (
        "paths.yaml",
        '      - "Your time and energy can go back into your own life."\n',
        "",
        ["same number of good_sides", "let_go: 2"],
    ),
    ("paths.yaml", '    title: "Let go"\n', "", ["field 'title'"]),
    ("safety.yaml", "safe_paths: [space, let_go]", "safe_paths: [space, counseling]", [
        "safe_paths: 'counseling'"
    ]),
    ("safety.yaml", "any_of: [money, phone, people, movements]", "any_of: [money, car]", [
        "rule 'controlled'", "'car' is not an option"
    ]),
    ("safety.yaml", "level: danger", "level: severe", ["rule 'threat_to_kill'", "field 'level'"]),
    ("safety.yaml", "lines: [crisis]", "lines: [hotline]", [
        "rule 'partner_self_harm'", "field 'lines'"
    ]),
    ("safety.yaml", "  - child_harm\n", "  - child_harms\n", [
        "screening_questions: unknown question 'child_harms'"
    ]),
    ("safety.yaml", "level: thoughts", "level: sometimes", [
        "rule 'own_thoughts'", "field 'level'"
    ]),
    ("safety.yaml", '{question: own_thoughts, any_of: ["yes"]}',
     "{question: own_thoughts, any_of: [prefer_not]}", [
        "crisis rule 'own_thoughts'", "counts as unanswered"
    ]),
    ("safety.yaml", "{question: keeping_tactics, any_of: [checking]}",
     "{question: keeping_tactics, any_of: [spying]}", [
        "own_behaviour rule 'own_checking'", "'spying' is not an option"
    ]),
    ("safety.yaml", "{question: safety_stalking, any_of: [\"yes\", unsure]}",
     "{question: safety_stalking, any_of: [\"yes\", prefer_not]}", [
        "rule 'stalked'", "'prefer_not' counts as unanswered"
    ]),
]


@pytest.mark.parametrize(("name", "old", "new", "fragments"), SIBLING_FAULTS)
def test_broken_paths_or_safety_files_are_refused_naming_the_file(
    content: Path, name: str, old: str, new: str, fragments: list[str]
) -> None:
    edit(content.parent / name, old, new)
    message = refused(content)
    assert message.startswith(str(content.parent / name)), message
    for fragment in fragments:
        assert fragment in message, message


def test_every_path_has_rules_pointing_to_it_with_a_readable_reason() -> None:
    rules = load_rules()
    for path in PATH_IDS:
        assert any(r.path == path and r.weight > 0 for r in rules.rules), path
    for rule in rules.rules:
        assert rule.rationale.endswith((".", "?")), rule.id
        assert 30 <= len(rule.rationale) <= 240, rule.id


def _all_text(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _all_text(value)]
    if isinstance(node, list):
        return [t for value in node for t in _all_text(value)]
    return []


GENDERED = re.compile(
    r"\b(he|she|him|his|hers|husband|wife|boyfriend|girlfriend|man|woman)\b", re.IGNORECASE
)
PRESSURE = re.compile(
    r"\b(make (them|your partner) stay|win (them|your partner) back)\b", re.IGNORECASE
)


@pytest.mark.parametrize("name", CONTENT)
def test_content_is_gender_neutral_and_never_pressuring(name: str) -> None:
    data = read_yaml(RULES_DIR / name)
    # The own-behaviour signs name the person's own pressure back to them, in the words of
    # the question they ticked ("...to make your partner stay"): naming it is not advising it.
    named_back = set()
    if name == "safety.yaml":
        named_back = {rule["sign"] for rule in data["own_behaviour"]["rules"]}
        assert any(PRESSURE.search(sign) for sign in named_back), "the exemption is needed"
    for text in _all_text(data):
        assert not GENDERED.search(text), text
        if text not in named_back:
            assert not PRESSURE.search(text), text
