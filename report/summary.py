"""The summary of a result as plain sections, shared by the Markdown and PDF renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from questionnaire import Question, Questionnaire, QuestionType
from scoring.model import Assessment, Driver, SafetyResult

DISCLAIMER = (
    "Crossroads is a tool for reflection. It is not therapy, a diagnosis or a prediction, "
    "and it is not a substitute for help from a professional. If you are in danger, call "
    "your local emergency number."
)


@dataclass(frozen=True)
class Line:
    text: str
    # Text the person typed: renderers must show it inert, never as markup.
    typed: bool = False


@dataclass(frozen=True)
class SummarySection:
    title: str
    paragraphs: list[Line] = field(default_factory=list)
    bullets: list[Line] = field(default_factory=list)


def answer_text(question: Question, value: Any) -> str:
    if value is None:
        return "Not answered"
    if isinstance(value, list):
        return ", ".join(question.label_of(v) for v in value)
    if question.type is QuestionType.FREE_TEXT:
        return value
    return question.label_of(value)


def drivers_for_and_against(assessment: Assessment) -> tuple[list[Driver], list[Driver]]:
    """The answers that point to the suggestion, and those that point elsewhere or count
    against another path; a reason is never shown as support for what it argues against."""
    toward = [
        d for d in assessment.drivers if d.path == assessment.recommended and d.contribution > 0
    ]
    return toward, [d for d in assessment.drivers if d not in toward]


def direction(driver: Driver, assessment: Assessment) -> str:
    title = assessment.path(driver.path).title
    return f"toward {title}" if driver.contribution > 0 else f"counts against {title}"


def steps_not_said_yet(assessment: Assessment) -> list[str]:
    """Next steps, less those the safety section (which comes first) has said already."""
    return [s for s in assessment.next_steps if s not in assessment.safety.steps]


def emergency_sentence(safety: SafetyResult) -> str:
    """'In immediate danger, call 911 (US), ...': empty when no emergency numbers apply."""
    numbers = ", ".join(f"{n} ({where})" for where, n in safety.emergency_numbers.items())
    return f"In immediate danger, call {numbers}." if numbers else ""


def headline(assessment: Assessment) -> str:
    if assessment.recommended is None:
        return "Not enough answered for a suggestion yet"
    return f"Suggested path: {assessment.path(assessment.recommended).title}"


def build_summary(
    questionnaire: Questionnaire, values: dict, assessment: Assessment, created: date
) -> list[SummarySection]:
    sections: list[SummarySection] = []
    safety = assessment.safety
    if assessment.safety_first:
        numbers = [f"Emergency, {where}: {n}" for where, n in safety.emergency_numbers.items()]
        lines = [
            " · ".join(x for x in (h.country, h.name, h.phone, h.text, h.web) if x)
            for h in safety.helplines
        ]
        paragraphs = [Line(safety.message)]
        if safety.safety_plan:
            paragraphs.append(Line(f"What a safety plan is: {safety.safety_plan}"))
        sections.append(
            SummarySection(
                safety.headline,
                paragraphs,
                [Line(t) for t in [*numbers, *lines, *safety.steps]],
            )
        )
    sections.append(SummarySection(headline(assessment), [Line(assessment.clarity_text)]))
    toward, elsewhere = drivers_for_and_against(assessment)
    if toward:
        sections.append(
            SummarySection(
                "Why",
                bullets=[Line(f"{d.reason} (you answered: {d.answer_label})") for d in toward],
            )
        )
    if elsewhere:
        sections.append(
            SummarySection(
                "What pulls another way",
                bullets=[
                    Line(
                        f"{d.reason} ({direction(d, assessment)}; "
                        f"you answered: {d.answer_label})"
                    )
                    for d in elsewhere
                ],
            )
        )
    steps = [Line(s) for s in steps_not_said_yet(assessment)]
    if steps:
        sections.append(SummarySection("Next steps", bullets=steps))
    if assessment.cautions:
        sections.append(
            SummarySection(
                "Things that tend to backfire",
                bullets=[
                    Line(f"{c.label}: {c.why_it_backfires} Instead: {c.instead}")
                    for c in assessment.cautions
                ],
            )
        )
    for path in assessment.paths:
        mark = " (suggested)" if path.path == assessment.recommended else ""
        sections.append(
            SummarySection(
                f"Path: {path.title}{mark}",
                [
                    Line(text)
                    for text in (
                        path.summary, path.safety_note, path.what_it_means, path.what_it_is_like
                    )
                    if text
                ],
                [Line(f"Good: {g}") for g in path.good_sides]
                + [Line(f"Hard: {h}") for h in path.hard_sides],
            )
        )
    matters = values.get("what_matters")
    if matters:
        question = questionnaire.question("what_matters")
        sections.append(
            SummarySection(
                "What matters most to you",
                bullets=[Line(question.label_of(v)) for v in matters],
            )
        )
    answered = [
        Line(
            f"{q.text} {answer_text(q, values.get(q.id))}",
            typed=q.type is QuestionType.FREE_TEXT,
        )
        for q in questionnaire.visible_questions(values)
    ]
    sections.append(SummarySection("Your answers", bullets=answered))
    sections.append(
        SummarySection(
            "About this summary",
            [
                Line(
                    f"Made with {questionnaire.title} by {questionnaire.author}, "
                    f"questionnaire version {assessment.questionnaire_version} "
                    f"(updated {questionnaire.updated}), "
                    f"rules {assessment.rules_fingerprint[:12]}, on {created.isoformat()}. "
                    f"Helplines as checked on {safety.helplines_checked}. "
                    f"{safety.helplines_source or ''}"
                ),
                Line(DISCLAIMER),
            ],
        )
    )
    return sections
