"""Sample content and answers for the questionnaire tests (imported by name: no conftest magic)."""

from __future__ import annotations

from pathlib import Path

from tests.sample_answers import NO_SAFETY_CONCERNS

REPO_ROOT = Path(__file__).resolve().parents[2]

def _options(*ids: str, exclusive: str | None = None) -> list[dict]:
    options = [{"id": i, "label": i.replace("_", " ").capitalize()} for i in ids]
    for option in options:
        if option["id"] == exclusive:
            option["exclusive"] = True
    return options


def minimal_questionnaire() -> dict:
    """A small questionnaire that is valid, with one question of every type and a condition."""
    return {
        "id": "mini",
        "version": "1.0.0",
        "title": "Mini",
        "author": "Tests",
        "updated": "2026-01-01",
        "sections": [
            {
                "id": "first",
                "title": "First",
                "questions": [
                    {"id": "afraid", "type": "yes_no_unsure", "text": "Do you feel afraid?"},
                    {
                        "id": "mood",
                        "type": "single_choice",
                        "text": "How are things?",
                        "options": _options("good", "bad", "mixed"),
                    },
                    {
                        "id": "why_bad",
                        "type": "single_choice",
                        "text": "What is hardest?",
                        "visible_if": {"question": "mood", "any_of": ["bad", "mixed"]},
                        "options": _options("money", "time"),
                    },
                ],
            },
            {
                "id": "second",
                "title": "Second",
                "questions": [
                    {
                        "id": "shared",
                        "type": "multi_choice",
                        "text": "What do you share?",
                        "max_choices": 2,
                        "options": _options("home", "pets", "friends", "none", exclusive="none"),
                    },
                    {"id": "agree", "type": "scale", "text": "We get on well."},
                    {
                        "id": "note",
                        "type": "free_text",
                        "required": False,
                        "text": "Anything else?",
                        "max_length": 20,
                    },
                ],
            },
        ],
    }


def find_question(data: dict, question_id: str) -> dict:
    """The raw dict of a question, for mutating a copy of the content."""
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] == question_id:
                return question
    raise KeyError(question_id)


def find_section(data: dict, section_id: str) -> dict:
    return next(s for s in data["sections"] if s["id"] == section_id)


def complete_answers() -> dict:
    """A full, valid set of answers to the shipped questionnaire: a partner leaning out."""
    return {
        **NO_SAFETY_CONCERNS,
        "partner_self_harm": "no",
        "safety_stalking": "no",
        "child_harm": "no_children",
        "own_thoughts": "no",
        "who_wants_out": "partner_wants_out",
        "partner_certainty": "leaning_out",
        "steps_taken": ["told_friend", "told_me"],
        "time_together": "three_to_10",
        "shared_life": ["home", "friends"],
        "heart_to_heart": "yes_calm",
        "still_a_chance": "maybe",
        "reasons_known": "vague",
        "their_reasons": "They feel we have grown apart.",
        "partner_will_talk": "reluctant",
        "needs_unmet": "agree",
        "partner_smothered": "neutral",
        "feel_alone": "agree",
        "spark_gone": "disagree",
        "different_paths": "neutral",
        "outgrown": "disagree",
        "contempt": "strongly_disagree",
        "good_moments": "agree",
        "third_party": "no",
        "space_requested": "time_to_think",
        "space_limits_agreed": "partly",
        "on_off_pattern": "never",
        "partner_counseling": "maybe",
        "my_counseling": "yes",
        "own_fault": "yes",
        "apologized": "not_yet",
        "willing_to_change": "strongly_agree",
        "my_wish": "stay",
        "keeping_tactics": ["begging", "crowding"],
        "what_matters": ["love", "respect", "honesty"],
    }
