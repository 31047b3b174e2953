"""The summary of a result as plain sections, shared by the Markdown and PDF renderers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from questionnaire import Question, Questionnaire, QuestionType
from scoring.helplines import Country, Helpline
from scoring.model import Assessment, Driver, LineKind, SafetyLevel, SafetyResult
from scoring.sources import load_sources

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
class Answered:
    """One question and the person's answer, shown on lines of their own."""

    question: str
    answer: Line


@dataclass(frozen=True)
class SummarySection:
    title: str
    paragraphs: list[Line] = field(default_factory=list)
    bullets: list[Line] = field(default_factory=list)
    answers: list[Answered] = field(default_factory=list)


def answer_text(question: Question, value: Any) -> str:
    if value is None:
        return "Not answered"
    if isinstance(value, list):
        return ", ".join(question.label_of(v) for v in value)
    if question.type is QuestionType.FREE_TEXT:
        return value
    return question.label_of(value)


def drivers_for_and_against(
    assessment: Assessment,
) -> tuple[list[Driver], list[Driver], list[Driver]]:
    """The answers behind the result, sorted by which way they point.

    toward: reasons for the suggestion; against_others: reasons that count against another
    path, which also support the suggestion; pulling_away: reasons for another path, or
    against the suggestion. A reason is never shown as pulling away from what it supports.
    """
    chosen = assessment.recommended
    toward = [d for d in assessment.drivers if d.path == chosen and d.contribution > 0]
    against_others = [d for d in assessment.drivers if d.path != chosen and d.contribution < 0]
    pulling_away = [
        d for d in assessment.drivers if d not in toward and d not in against_others
    ]
    return toward, against_others, pulling_away


def direction(driver: Driver, assessment: Assessment) -> str:
    title = assessment.path(driver.path).title
    return f"toward {title}" if driver.contribution > 0 else f"counts against {title}"


def headline(assessment: Assessment) -> str:
    if assessment.safety_first:
        return "The four paths, for when you are ready"
    if assessment.recommended is None:
        return "Not enough answered for a suggestion yet"
    return f"Suggested path: {assessment.path(assessment.recommended).title}"


def line_text(line: Helpline) -> str:
    """One helpline as plain text: its name, how to reach it, and when."""
    ways = [
        way for way in (line.phone and f"call {line.phone}", line.sms_text, line.web) if way
    ]
    extra = " ".join(part.rstrip(".") + "." for part in (line.hours, line.note) if part)
    return f"{line.name}: {'; '.join(ways)}." + (f" {extra}" if extra else "")


def emergency_text(country: Country) -> str:
    if country.emergency is None:
        return "In immediate danger, call the emergency number where you are."
    note = f" {country.emergency.note}" if country.emergency.note else ""
    return f"In immediate danger, call {country.emergency.number} ({country.name}).{note}"


def lines_for(country: Country, kinds: list[LineKind], emergency_first: bool) -> list[Line]:
    lines = [Line(line_text(h)) for kind in kinds for h in country.lines_of(kind)]
    emergency = Line(emergency_text(country))
    return [emergency, *lines] if emergency_first else [*lines, emergency]


def safety_block_kinds(safety: SafetyResult) -> list[LineKind]:
    """The lines the safety block offers: not those a block of their own already gives
    (crisis lines when there is a crisis block, lines about one's own behaviour)."""
    return [
        k for k in safety.line_kinds
        if k is not LineKind.OWN_BEHAVIOUR
        and not (k is LineKind.CRISIS and safety.crisis is not None)
    ]


def _support_sections(assessment: Assessment, country: Country) -> list[SummarySection]:
    """The support a result leads with, in the order the page shows it."""
    safety = assessment.safety
    sections: list[SummarySection] = []
    if safety.crisis is not None:
        crisis = safety.crisis
        sections.append(
            SummarySection(
                crisis.headline,
                [Line(crisis.message)],
                lines_for(country, [LineKind.CRISIS], crisis.level == "now")
                + [Line(step) for step in crisis.steps],
            )
        )
    if safety.level is not SafetyLevel.NONE:
        kinds = safety_block_kinds(safety)
        paragraphs = [Line(safety.message)]
        if safety.safety_plan:
            paragraphs.append(Line(f"What a safety plan is: {safety.safety_plan}"))
        if safety.signs:
            paragraphs.append(Line("Because of these answers: " + " ".join(safety.signs)))
        sections.append(
            SummarySection(
                safety.headline,
                paragraphs,
                lines_for(country, kinds, safety.emergency_first)
                + [Line(step) for step in safety.steps],
            )
        )
    if safety.own_behaviour is not None:
        own = safety.own_behaviour
        sections.append(
            SummarySection(
                own.headline,
                [Line(own.message)],
                [Line(line_text(h)) for h in country.lines_of(LineKind.OWN_BEHAVIOUR)]
                + [Line(step) for step in own.steps],
            )
        )
    return sections


EFFECT_WORDS = {
    "helps": "tends to help",
    "mixed": "depends how it goes",
    "risks": "may put it at risk",
}


def build_summary(
    questionnaire: Questionnaire,
    values: dict,
    assessment: Assessment,
    created: date,
    country: Country,
) -> list[SummarySection]:
    """The result in the page's order, with the lines of the person's chosen country."""
    sections = _support_sections(assessment, country)
    titles = {s.path: s.title for s in assessment.scores}
    sections.append(
        SummarySection(
            headline(assessment),
            [Line(assessment.clarity_text)]
            + [Line(f"Not suggested: {titles[r.path]}. {r.reason}") for r in assessment.ruled_out],
            [Line(f"To check: {text}") for text in assessment.tensions],
        )
    )
    if assessment.values:
        titles = {s.path: s.title for s in assessment.scores}
        titles[assessment.recommended] = f"{titles.get(assessment.recommended)} (suggested)"
        sections.append(
            SummarySection(
                "What matters most to you",
                bullets=[
                    Line(
                        f"{value.label}: "
                        + " ".join(
                            f"{titles[fit.path]} {EFFECT_WORDS[fit.effect]}: {fit.text}"
                            for fit in value.fits
                        )
                    )
                    for value in assessment.values
                ],
            )
        )
    # Under a safety sign or a crisis, reasons and steps toward a path are not the point.
    toward, against_others, pulling_away = (
        ([], [], []) if assessment.safety_first else drivers_for_and_against(assessment)
    )
    why = [Line(f"{d.reason} (you answered: {d.answer_label})") for d in toward] + [
        Line(f"{d.reason} ({direction(d, assessment)}; you answered: {d.answer_label})")
        for d in against_others
    ]
    if why:
        sections.append(SummarySection("Why", bullets=why))
    if pulling_away:
        sections.append(
            SummarySection(
                "What pulls another way",
                bullets=[
                    Line(
                        f"{d.reason} ({direction(d, assessment)}; "
                        f"you answered: {d.answer_label})"
                    )
                    for d in pulling_away
                ],
            )
        )
    steps = [] if assessment.safety_first else [Line(s) for s in assessment.next_steps]
    if steps:
        sections.append(SummarySection("Next steps", bullets=steps))
    if assessment.cautions:
        sections.append(
            SummarySection(
                "What helps now",
                bullets=[
                    Line(f"{c.instead} ({c.label}: {c.why_it_backfires})")
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
    if not assessment.safety_first and assessment.safety.own_behaviour is None:
        sections.append(
            SummarySection(
                assessment.safety.headline,
                [Line(assessment.safety.message)],
                lines_for(country, assessment.safety.line_kinds, emergency_first=False),
            )
        )
    answered = [
        Answered(
            q.text,
            Line(
                answer_text(q, values.get(q.id)),
                typed=q.type is QuestionType.FREE_TEXT and bool(values.get(q.id)),
            ),
        )
        for q in questionnaire.visible_questions(values)
    ]
    sections.append(SummarySection("Your answers", answers=answered))
    sections.append(where_this_comes_from())
    sections.append(
        SummarySection(
            "About this summary",
            [
                Line(
                    f"Made with {questionnaire.title} by {questionnaire.author}, "
                    f"questionnaire version {assessment.questionnaire_version} "
                    f"(updated {questionnaire.updated}), "
                    f"rules {assessment.rules_fingerprint[:12]}, on {created.isoformat()}. "
                    f"{checked_sentence(country)}"
                ),
                Line(DISCLAIMER),
            ],
        )
    )
    return sections


def checked_sentence(country: Country) -> str:
    """When the lines given were checked, and against what."""
    checked = [line.checked for line in country.lines if line.checked]
    if not checked:
        return ""
    sources = "; ".join(
        f"{line.name}: {line.source}" for line in country.lines if line.checked
    )
    return (
        f"The lines for {country.name} were checked on {min(checked):%d %B %Y} against "
        f"their services' published details ({sources})."
    )


def where_this_comes_from() -> SummarySection:
    """Who made the advice, from what, and when: the same facts as the page of that name."""
    sources = load_sources()
    return SummarySection(
        "Where this comes from",
        [
            Line(sources.how_it_works),
            Line(sources.who_made_it),
            Line(
                f"Funding: {sources.funding} Conflicts of interest: "
                f"{sources.conflicts_of_interest} Last updated {sources.updated:%d %B %Y}; "
                f"next review due {sources.next_review:%d %B %Y}."
            ),
            Line(sources.update_policy),
        ],
        [Line(f"{item.idea} Source: {item.source}") for item in sources.evidence],
    )
