"""The downloads: Markdown with typed text inert, a PDF that opens, JSON that round-trips."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from questionnaire import default_questionnaire, parse_answers, validate_answers
from report.data import to_json
from report.markdown import to_markdown, typed_block
from report.pdf import to_pdf
from report.summary import build_summary, headline
from scoring import assess
from scoring.helplines import load_helplines
from tests.sample_answers import CALM_ANSWERS

HOSTILE = {
    "their_reasons": "<img src=x onerror=alert(1)>\n# not a heading",
    "note_to_self": "[link](javascript:alert(1)) **bold** `code` ünïcødé 💬",
}
TODAY = date(2026, 11, 26)
UK = load_helplines().country("UK")


@pytest.fixture(scope="module")
def summary():
    questionnaire = default_questionnaire()
    values = {**CALM_ANSWERS, **HOSTILE}
    assessment = assess(validate_answers(questionnaire, values))
    return values, assessment, build_summary(questionnaire, values, assessment, TODAY, UK)


def test_markdown_has_every_part_a_person_needs(summary):
    values, assessment, sections = summary
    text = to_markdown("Crossroads summary", sections)
    assert f"## {headline(assessment)}" in text
    for path in assessment.paths:
        assert path.title in text
    assert "## What matters most to you" in text and "Love and closeness" in text
    assert "not a substitute for help from a professional" in text
    assert assessment.questionnaire_version in text


def test_markdown_keeps_typed_text_exactly_as_typed_and_inert(summary):
    values, _, sections = summary
    text = to_markdown("Crossroads summary", sections)
    for typed in HOSTILE.values():
        # Every character as typed, no backslashes added, inside a block nothing parses.
        assert f"~~~text\n{typed}\n~~~" in text


@pytest.mark.parametrize(
    "typed", ["Don't chase.", "*a* <b> [x](y) # h", "```\ncode\n```", "~~~ and ```` runs"]
)
def test_a_typed_block_keeps_every_character_and_cannot_be_closed_early(typed):
    block = typed_block(typed)
    fence = block.split("\n", 1)[0].removesuffix("text")
    assert block == f"{fence}text\n{typed}\n{fence}"
    inner_runs = [len(r) for r in re.findall(r"~+|`+", typed)]
    assert len(fence) > max(inner_runs, default=0)


def test_each_question_and_its_answer_stand_on_lines_of_their_own(summary):
    _, _, sections = summary
    text = to_markdown("Crossroads summary", sections)
    question = default_questionnaire().question("time_together")
    assert f"**{question.text}**\n\n3 to 10 years\n" in text
    answers = next(s for s in sections if s.title == "Your answers")
    assert answers.answers and not answers.bullets


def test_pdf_opens_and_holds_unicode_text(summary):
    _, _, sections = summary
    pdf = to_pdf("Crossroads summary", sections)
    assert pdf.startswith(b"%PDF-")
    pages = int(re.search(rb"/Count (\d+)", pdf).group(1))
    assert pages >= 2, "the summary, four paths and all answers do not fit one page"
    assert b"DejaVu" in pdf, "a Unicode font is embedded, so typed accents and emoji print"


def test_json_export_round_trips_to_the_same_result(summary):
    values, assessment, _ = summary
    document = json.loads(to_json(values, assessment, TODAY))
    assert document["assessment"]["recommended"] == assessment.recommended
    questionnaire = default_questionnaire()
    answers = parse_answers(
        questionnaire,
        {
            "questionnaire_id": document["questionnaire"]["id"],
            "questionnaire_version": document["questionnaire"]["version"],
            "values": document["answers"],
        },
    )
    assert assess(answers).model_dump_json() == assessment.model_dump_json()


def test_why_lists_every_reason_for_the_suggestion_and_what_pulls_away_only_pulls_away():
    questionnaire = default_questionnaire()
    values = {
        **CALM_ANSWERS,
        "who_wants_out": "i_am_unsure",
        "my_wish": "leave",
        "outgrown": "strongly_agree",
        "my_counseling": "no",
        "partner_counseling": "maybe",
        "heart_to_heart": "yes_calm",
        "still_a_chance": "no",
        "reasons_known": "clear",
    }
    values.pop("partner_certainty")
    assessment = assess(validate_answers(questionnaire, values))
    sections = {s.title: s for s in build_summary(questionnaire, values, assessment, TODAY, UK)}
    why = "\n".join(b.text for b in sections["Why"].bullets)
    away = "\n".join(b.text for b in sections.get("What pulls another way", []).bullets) \
        if "What pulls another way" in sections else ""
    against = [d for d in assessment.drivers if d.contribution < 0]
    assert against, "this story should have reasons that count against a path"
    for driver in assessment.drivers:
        supports = (driver.path == assessment.recommended) == (driver.contribution > 0)
        # A reason against another path supports the suggestion: it belongs under Why.
        assert (driver.reason in why) == supports, driver
        assert (driver.reason in away) == (not supports), driver
    for driver in against:
        if driver.path != assessment.recommended:
            assert f"counts against {assessment.path(driver.path).title}" in why


def _summary_text(values: dict, country: str = "UK") -> str:
    questionnaire = default_questionnaire()
    assessment = assess(validate_answers(questionnaire, values))
    sections = build_summary(
        questionnaire, values, assessment, TODAY, load_helplines().country(country)
    )
    return to_markdown("Crossroads summary", sections)


def test_a_safety_summary_leads_with_support_and_the_chosen_countrys_lines():
    text = _summary_text({**CALM_ANSWERS, "safety_danger": ["choking"]}, "US")
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections[0] == "Please put your safety first, today"
    assert "In immediate danger, call 911 (United States)." in text
    assert "National Domestic Violence Hotline: call 1-800-799-7233; Text START to 88788." in text
    assert text.index("call 911") < text.index("1-800-799-7233"), "danger: emergency first"
    assert "Say that you were choked" in text
    assert "Suggested path" not in text and "## Why" not in text
    assert "0808 2000 247" not in text, "only the chosen country's lines"


def test_a_crisis_summary_leads_with_crisis_lines():
    text = _summary_text({**CALM_ANSWERS, "own_thoughts": "yes", "own_thoughts_now": "yes"})
    sections = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert sections[0] == "Please reach someone now"
    assert text.index("call 999") < text.index("Samaritans: call 116 123")


def test_every_summary_names_when_and_where_its_lines_were_checked_and_no_dev_notes():
    for values in (CALM_ANSWERS, {**CALM_ANSWERS, "safety_afraid": "yes"}):
        text = _summary_text(values)
        assert "were checked on 28 November 2026" in text
        assert "https://www.samaritans.org/" in text
        assert "verify every number" not in text and "domain notes" not in text
    calm = _summary_text(CALM_ANSWERS)
    assert "## Nothing in your answers points to a safety concern" in calm
    assert "National Domestic Abuse Helpline: call 0808 2000 247" in calm
