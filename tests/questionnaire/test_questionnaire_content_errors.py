"""A broken content file is refused with one line that names the file, the item and the fault."""

from __future__ import annotations

import re

import pytest
import yaml
from questionnaire_samples import find_question, find_section

from questionnaire.loader import ContentError, load_questionnaire


def refusal(path) -> str:
    """Load `path`, expecting a ContentError; return its message after the shared checks."""
    with pytest.raises(ContentError) as caught:
        load_questionnaire(path)
    message = str(caught.value)
    assert "\n" not in message, f"message is not one line: {message!r}"
    assert path.name in message, f"message does not name the file: {message!r}"
    assert "Traceback" not in message
    return message


def test_the_small_questionnaire_used_below_is_valid(mini, write_yaml):
    # Every refusal below changes one thing in this file; it must load as it is.
    questionnaire = load_questionnaire(write_yaml(mini))
    assert [q.id for q in questionnaire.questions] == [
        "afraid", "mood", "why_bad", "shared", "agree", "note",
    ]


def _duplicate_question_in_other_section(d):
    find_question(d, "agree")["id"] = "mood"


def _duplicate_question_in_same_section(d):
    find_question(d, "why_bad")["id"] = "afraid"


def _duplicate_section(d):
    find_section(d, "second")["id"] = "first"


def _duplicate_option(d):
    find_question(d, "mood")["options"].append({"id": "good", "label": "Good again"})


def _unknown_question_in_condition(d):
    find_question(d, "why_bad")["visible_if"] = {"question": "moood", "any_of": ["bad"]}


def _unknown_option_in_condition(d):
    find_question(d, "why_bad")["visible_if"] = {"question": "mood", "any_of": ["bad", "awful"]}


def _condition_points_forward(d):
    find_question(d, "mood")["visible_if"] = {"question": "agree", "any_of": ["agree"]}


def _condition_on_itself(d):
    find_question(d, "why_bad")["visible_if"] = {"question": "why_bad", "any_of": ["money"]}


def _two_questions_in_a_cycle(d):
    # mood waits for why_bad, which waits for mood: the first of them points forward.
    find_question(d, "mood")["visible_if"] = {"question": "why_bad", "any_of": ["money"]}


def _incompatible_conditions_on_one_question(d):
    find_question(d, "why_bad")["visible_if"] = [
        {"question": "mood", "any_of": ["bad"]},
        {"question": "mood", "any_of": ["good"]},
    ]


def _incompatible_with_an_ancestor(d):
    # why_bad needs mood in (bad, mixed); money_detail needs why_bad AND mood == good.
    find_section(d, "second")["questions"].insert(0, {
        "id": "money_detail",
        "type": "yes_no_unsure",
        "text": "Is it about debts?",
        "visible_if": [
            {"question": "why_bad", "any_of": ["money"]},
            {"question": "mood", "any_of": ["good"]},
        ],
    })


def _incompatible_two_generations_up(d):
    # money_detail -> why_bad -> mood in (bad, mixed); grandchild asks for mood == good.
    questions = find_section(d, "second")["questions"]
    questions.insert(0, {
        "id": "money_detail",
        "type": "yes_no_unsure",
        "text": "Is it about debts?",
        "visible_if": {"question": "why_bad", "any_of": ["money"]},
    })
    questions.insert(1, {
        "id": "debt_size",
        "type": "yes_no_unsure",
        "text": "Is it a large debt?",
        "visible_if": [
            {"question": "money_detail", "any_of": ["yes"]},
            {"question": "mood", "any_of": ["good"]},
        ],
    })


def _scale_with_three_points(d):
    find_question(d, "agree")["options"] = [
        {"id": "low", "label": "Low"},
        {"id": "mid", "label": "Middle"},
        {"id": "high", "label": "High"},
    ]


def _scale_with_seven_points(d):
    find_question(d, "agree")["options"] = [{"id": f"p{i}", "label": str(i)} for i in range(7)]


def _empty_section(d):
    find_section(d, "second")["questions"] = []


def _condition_on_free_text(d):
    find_section(d, "second")["questions"].append({
        "id": "after_note", "type": "yes_no_unsure", "text": "Sure?",
        "visible_if": {"question": "note", "any_of": ["yes"]},
    })


def _choice_with_one_option(d):
    find_question(d, "mood")["options"] = [{"id": "good", "label": "Good"}]


def _required_free_text(d):
    find_question(d, "note")["required"] = True


def _max_choices_on_single_choice(d):
    find_question(d, "mood")["max_choices"] = 2


def _misspelt_field(d):
    find_question(d, "mood")["hlep"] = "A typo for help."


def _unknown_question_type(d):
    find_question(d, "mood")["type"] = "dropdown"


def _prefer_not_on_free_text(d):
    find_question(d, "note")["prefer_not_to_say"] = True


def _prefer_not_on_a_scale(d):
    find_question(d, "agree")["prefer_not_to_say"] = True


def _prefer_not_option_written_out_as_well(d):
    question = find_question(d, "mood")
    question["prefer_not_to_say"] = True
    question["options"].append({"id": "prefer_not", "label": "Rather not say"})


def _skip_note_over_a_required_question(d):
    find_section(d, "first")["skip_note"] = "You can skip these."


BROKEN = [
    # (what is wrong, change, the item the message must name, words that say what is wrong)
    ("duplicate question id across sections", _duplicate_question_in_other_section,
     "question 'mood'", "duplicate question id"),
    ("duplicate question id in one section", _duplicate_question_in_same_section,
     "question 'afraid'", "duplicate question id"),
    ("duplicate section id", _duplicate_section, "section 'first'", "duplicate section id"),
    ("duplicate option id", _duplicate_option, "question 'mood'", "duplicate option id 'good'"),
    ("visible_if names an unknown question", _unknown_question_in_condition,
     "question 'why_bad'", "unknown question 'moood'"),
    ("visible_if names an unknown option", _unknown_option_in_condition,
     "question 'why_bad'", "unknown option 'awful' of 'mood'"),
    ("condition points forward", _condition_points_forward,
     "question 'mood'", "points forward to 'agree'"),
    ("condition on itself", _condition_on_itself, "question 'why_bad'", "cycle"),
    ("two questions in a cycle", _two_questions_in_a_cycle,
     "question 'mood'", "points forward to 'why_bad'"),
    ("unreachable: two conditions disagree", _incompatible_conditions_on_one_question,
     "question 'why_bad'", "no one can reach it"),
    ("unreachable: disagrees with its parent's condition", _incompatible_with_an_ancestor,
     "question 'money_detail'", "incompatible answers to 'mood'"),
    ("unreachable: disagrees with its grandparent's", _incompatible_two_generations_up,
     "question 'debt_size'", "incompatible answers to 'mood'"),
    ("scale with 3 points", _scale_with_three_points, "question 'agree'", "exactly 5 points"),
    ("scale with 7 points", _scale_with_seven_points, "question 'agree'", "has 7"),
    ("empty section", _empty_section, "section 'second'", "has no questions"),
    ("condition on a free-text answer", _condition_on_free_text,
     "question 'after_note'", "free-text 'note'"),
    ("choice with one option", _choice_with_one_option, "question 'mood'", "at least two options"),
    ("required free text", _required_free_text, "question 'note'", "must be optional"),
    ("max_choices on a single choice", _max_choices_on_single_choice,
     "question 'mood'", "max_choices only fits"),
    ("misspelt field", _misspelt_field, "question 'mood'", "field 'hlep': Extra inputs"),
    ("unknown question type", _unknown_question_type, "question 'mood'", "field 'type'"),
    ("prefer not to say on free text", _prefer_not_on_free_text,
     "question 'note'", "prefer_not_to_say fits only choice"),
    ("prefer not to say on a scale", _prefer_not_on_a_scale,
     "question 'agree'", "prefer_not_to_say fits only choice"),
    ("a prefer_not option written out too", _prefer_not_option_written_out_as_well,
     "question 'mood'", "added by prefer_not_to_say"),
    ("skip_note over a required question", _skip_note_over_a_required_question,
     "section 'first'", "question 'afraid' must be optional"),
]


@pytest.mark.parametrize(
    ("change", "item", "problem"),
    [pytest.param(change, item, problem, id=name) for name, change, item, problem in BROKEN],
)
def test_a_broken_file_is_refused_naming_file_item_and_fault(
    mini, write_yaml, change, item, problem
):
    change(mini)
    message = refusal(write_yaml(mini, "broken.yaml"))
    assert item in message, message
    assert problem in message, message


def test_an_option_chosen_in_two_branches_of_a_multiple_choice_is_still_reachable(
    mini, write_yaml
):
    # A multiple choice can hold both answers at once, so these conditions can both hold.
    find_section(mini, "second")["questions"].append({
        "id": "pets_and_home",
        "type": "yes_no_unsure",
        "text": "Who keeps the pets?",
        "visible_if": [
            {"question": "shared", "any_of": ["pets"]},
            {"question": "shared", "any_of": ["home"]},
        ],
    })
    assert load_questionnaire(write_yaml(mini)).question("pets_and_home").visible_if


def test_overlapping_conditions_on_one_single_choice_are_reachable(mini, write_yaml):
    find_question(mini, "why_bad")["visible_if"] = [
        {"question": "mood", "any_of": ["bad", "mixed"]},
        {"question": "mood", "any_of": ["mixed", "good"]},
    ]
    assert load_questionnaire(write_yaml(mini)).question("why_bad")


def test_several_problems_still_make_one_line_that_counts_the_rest(mini, write_yaml):
    del find_question(mini, "mood")["text"]
    del find_question(mini, "agree")["text"]
    message = refusal(write_yaml(mini, "two_faults.yaml"))
    assert "question 'mood'" in message
    assert "field 'text'" in message
    assert "(and 1 more problem)" in message


def test_a_bad_top_level_field_is_named(mini, write_yaml):
    mini["version"] = "one"
    message = refusal(write_yaml(mini, "version.yaml"))
    assert "field 'version'" in message


# --- the real content, with one thing broken ----------------------------------------------


def test_real_content_with_a_copied_question_is_refused(real_copy, write_yaml):
    copied = dict(find_question(real_copy, "safety_hurt"))
    find_section(real_copy, "values")["questions"].append(copied)
    message = refusal(write_yaml(real_copy, "crossroads_dup.yaml"))
    assert "question 'safety_hurt': duplicate question id" in message


def test_real_content_with_a_four_point_scale_is_refused(real_copy, write_yaml):
    find_question(real_copy, "spark_gone")["options"] = [
        {"id": i, "label": i} for i in ("never", "rarely", "often", "always")
    ]
    message = refusal(write_yaml(real_copy, "crossroads_scale.yaml"))
    assert "question 'spark_gone'" in message
    assert "exactly 5 points, this one has 4" in message


def test_real_content_with_a_condition_on_a_removed_option_is_refused(real_copy, write_yaml):
    options = find_question(real_copy, "heart_to_heart")["options"]
    options[:] = [o for o in options if o["id"] != "yes_calm"] + [{"id": "calm", "label": "Calm"}]
    message = refusal(write_yaml(real_copy, "crossroads_option.yaml"))
    assert "question 'still_a_chance'" in message
    assert "unknown option 'yes_calm' of 'heart_to_heart'" in message


# --- reading the file itself ----------------------------------------------------------------


def test_a_yaml_syntax_error_gives_the_line(write_yaml):
    text = (
        "id: mini\n"
        "version: \"1.0.0\"\n"
        "title: Mini\n"
        "sections: [first, second\n"
        "author: Tests\n"
    )
    message = refusal(write_yaml(text, "syntax.yaml"))
    assert "not valid YAML" in message
    line = re.search(r"\bline (\d+)\b", message)
    assert line, message
    assert int(line.group(1)) in {4, 5}, message  # the open bracket, or where it was noticed


def test_bad_indentation_gives_its_line(write_yaml):
    text = "id: mini\nsections:\n  - id: first\n   title: First\n"
    message = refusal(write_yaml(text, "indent.yaml"))
    assert "line 4" in message, message


def test_a_key_given_twice_is_refused_not_silently_overwritten(mini, write_yaml):
    # A copy-paste slip: the second `text:` would otherwise replace the first without a word.
    text = yaml.safe_dump(mini, sort_keys=False).replace(
        "text: How are things?\n", "text: How are things?\n    text: Copied by mistake?\n", 1
    )
    line = text.splitlines().index("    text: Copied by mistake?") + 1
    message = refusal(write_yaml(text, "twice.yaml"))
    assert f"line {line}:" in message, message
    assert "key 'text' is given twice" in message


def test_a_file_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: mini\ntitle: Caf\u00e9\n".encode("latin-1"))
    message = refusal(path)
    assert "line 2: not UTF-8" in message, message


def test_a_control_character_is_refused_in_one_line(tmp_path):
    path = tmp_path / "control.yaml"
    path.write_bytes(b"id: mini\ntitle: A\x01B\n")
    message = refusal(path)
    assert "not valid YAML" in message
    assert "::" not in message, message  # no empty line number slot


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param("", "expected a mapping", id="empty file"),
        pytest.param("- id: mini\n", "expected a mapping", id="a list"),
        pytest.param("just words\n", "expected a mapping", id="a string"),
    ],
)
def test_a_file_without_a_mapping_at_the_top_is_refused(write_yaml, text, words):
    assert words in refusal(write_yaml(text, "shape.yaml"))


def test_a_missing_file_is_refused_in_one_line(tmp_path):
    message = refusal(tmp_path / "nowhere.yaml")
    assert "cannot read file" in message


YES_NO_FILE = """\
id: mini
version: "1.0.0"
title: Mini
author: Tests
updated: "2026-01-01"
sections:
  - id: first
    title: First
    questions:
      - id: again
        type: single_choice
        text: Again?
        required: false
        options:
          - {id: yes, label: Yes}
          - {id: no, label: No}
          - {id: on, label: On}
          - {id: off, label: Off}
      - id: why_again
        type: yes_no_unsure
        text: Why?
        required: False
        visible_if: {question: again, any_of: [yes, on]}
"""


def test_yes_and_no_option_ids_are_read_as_text(write_yaml):
    questionnaire = load_questionnaire(write_yaml(YES_NO_FILE))
    again = questionnaire.question("again")
    assert again.option_ids == ["yes", "no", "on", "off"]
    assert [o.label for o in again.options] == ["Yes", "No", "On", "Off"]
    assert questionnaire.question("why_again").visible_if[0].any_of == ["yes", "on"]
    # true/false (any case) are still booleans.
    assert again.required is False
    assert questionnaire.question("why_again").required is False


def test_the_real_content_keeps_yes_and_no_as_option_ids(real):
    assert real.question("still_a_chance").option_ids == ["yes", "maybe", "no"]
    assert real.question("third_party").option_ids[0] == "no"
    assert real.question("apologized").visible_if[0].any_of == ["yes"]


def test_loading_content_leaves_plain_yaml_reading_unchanged(real):
    # The content loader has its own YAML 1.2 booleans; other code's safe_load keeps YAML 1.1.
    assert yaml.safe_load("a: yes") == {"a": True}


def test_prefer_not_to_say_adds_a_last_option_exclusive_in_a_multiple_choice(mini, write_yaml):
    for question_id in ("afraid", "mood", "shared"):
        find_question(mini, question_id).update(prefer_not_to_say=True, required=False)
    # A skip note is fine once every question of its section is optional.
    find_question(mini, "why_bad")["required"] = False
    find_section(mini, "first")["skip_note"] = "You can skip these, or choose Prefer not to say."
    questionnaire = load_questionnaire(write_yaml(mini))
    for question_id, exclusive in (("afraid", False), ("mood", False), ("shared", True)):
        last = questionnaire.question(question_id).options[-1]
        assert (last.id, last.label, last.exclusive) == (
            "prefer_not", "Prefer not to say", exclusive
        )
    # The other options are kept as they were, in their order.
    assert questionnaire.question("afraid").option_ids == ["yes", "no", "unsure", "prefer_not"]
    assert questionnaire.question("agree").options[-1].id != "prefer_not"
