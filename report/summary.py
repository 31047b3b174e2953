"""The summary of a result as plain sections, shared by the Markdown and PDF renderers.

Its words come in the language asked for (`lang`); inside a page, the session's language.
The assessment, questionnaire and country handed in carry their own texts in that language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from i18n import N_, current_language, format_date, translator
from questionnaire import Question, Questionnaire, QuestionType
from scoring.helplines import Country, Helpline
from scoring.model import Assessment, Driver, LineKind, SafetyLevel, SafetyResult

DISCLAIMER = N_(
    "Crossroads is a tool for reflection. It is not therapy, a diagnosis or a prediction, "
    "and it is not a substitute for help from a professional. If you are in danger, call "
    "your local emergency number."
)


def _gettext(lang: str | None):
    return translator(lang or current_language()).gettext


def disclaimer(lang: str | None = None) -> str:
    return _gettext(lang)(DISCLAIMER)


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


def answer_text(question: Question, value: Any, lang: str | None = None) -> str:
    if value is None:
        _ = _gettext(lang)
        return _("Not answered")
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


def direction(driver: Driver, assessment: Assessment, lang: str | None = None) -> str:
    _ = _gettext(lang)
    title = assessment.path(driver.path).title
    if driver.contribution > 0:
        return _("toward {path}").format(path=title)
    return _("counts against {path}").format(path=title)


def headline(assessment: Assessment, lang: str | None = None) -> str:
    _ = _gettext(lang)
    if assessment.safety_first:
        return _("The four paths, for when you are ready")
    if assessment.recommended is None:
        return _("Not enough answered for a suggestion yet")
    return _("Suggested path: {path}").format(path=assessment.path(assessment.recommended).title)


def line_text(line: Helpline, lang: str | None = None) -> str:
    """One helpline as plain text: its name, how to reach it, and when."""
    _ = _gettext(lang)
    call = line.phone and _("call {number}").format(number=line.phone)
    ways = [way for way in (call, line.sms_text, line.web) if way]
    extra = " ".join(part.rstrip(".") + "." for part in (line.hours, line.note) if part)
    return f"{line.name}: {'; '.join(ways)}." + (f" {extra}" if extra else "")


def emergency_text(country: Country, lang: str | None = None) -> str:
    _ = _gettext(lang)
    if country.emergency is None:
        return _("In immediate danger, call the emergency number where you are.")
    note = f" {country.emergency.note}" if country.emergency.note else ""
    return _("In immediate danger, call {number} ({country}).").format(
        number=country.emergency.number, country=country.name
    ) + note


def lines_for(
    country: Country, kinds: list[LineKind], emergency_first: bool, lang: str | None = None
) -> list[Line]:
    lines = [Line(line_text(h, lang)) for kind in kinds for h in country.lines_of(kind)]
    emergency = Line(emergency_text(country, lang))
    return [emergency, *lines] if emergency_first else [*lines, emergency]


def safety_block_kinds(safety: SafetyResult) -> list[LineKind]:
    """The lines the safety block offers: not those a block of their own already gives
    (crisis lines when there is a crisis block, lines about one's own behaviour)."""
    return [
        k for k in safety.line_kinds
        if k is not LineKind.OWN_BEHAVIOUR
        and not (k is LineKind.CRISIS and safety.crisis is not None)
    ]


def _support_sections(
    assessment: Assessment, country: Country, lang: str | None
) -> list[SummarySection]:
    """The support a result leads with, in the order the page shows it."""
    _ = _gettext(lang)
    safety = assessment.safety
    sections: list[SummarySection] = []
    if safety.crisis is not None:
        crisis = safety.crisis
        sections.append(
            SummarySection(
                crisis.headline,
                [Line(crisis.message)],
                lines_for(country, [LineKind.CRISIS], crisis.level == "now", lang)
                + [Line(step) for step in crisis.steps],
            )
        )
    if safety.level is not SafetyLevel.NONE:
        kinds = safety_block_kinds(safety)
        paragraphs = [Line(safety.message)]
        if safety.safety_plan:
            paragraphs.append(
                Line(_("What a safety plan is: {text}").format(text=safety.safety_plan))
            )
        if safety.signs:
            paragraphs.append(
                Line(_("Because of these answers: {signs}").format(signs=" ".join(safety.signs)))
            )
        sections.append(
            SummarySection(
                safety.headline,
                paragraphs,
                lines_for(country, kinds, safety.emergency_first, lang)
                + [Line(step) for step in safety.steps],
            )
        )
    if safety.own_behaviour is not None:
        own = safety.own_behaviour
        sections.append(
            SummarySection(
                own.headline,
                [Line(own.message)],
                [Line(line_text(h, lang)) for h in country.lines_of(LineKind.OWN_BEHAVIOUR)]
                + [Line(step) for step in own.steps],
            )
        )
    return sections


EFFECT_WORDS = {
    "helps": N_("tends to help"),
    "mixed": N_("depends how it goes"),
    "risks": N_("may put it at risk"),
}


def effect_words(effect: str, lang: str | None = None) -> str:
    """How a path bears on something the person holds dear, in words."""
    return _gettext(lang)(EFFECT_WORDS[effect])


def build_summary(
    questionnaire: Questionnaire,
    values: dict,
    assessment: Assessment,
    created: date,
    country: Country,
    lang: str | None = None,
) -> list[SummarySection]:
    """The result in the page's order, with the lines of the person's chosen country."""
    _ = _gettext(lang)
    sections = _support_sections(assessment, country, lang)
    titles = {s.path: s.title for s in assessment.scores}
    sections.append(
        SummarySection(
            headline(assessment, lang),
            [Line(assessment.clarity_text)]
            + [
                Line(
                    _("Not suggested: {path}. {reason}").format(
                        path=titles[r.path], reason=r.reason
                    )
                )
                for r in assessment.ruled_out
            ],
            [Line(_("To check: {text}").format(text=text)) for text in assessment.tensions],
        )
    )
    if assessment.values:
        titles = {s.path: s.title for s in assessment.scores}
        titles[assessment.recommended] = _("{path} (suggested)").format(
            path=titles.get(assessment.recommended)
        )
        sections.append(
            SummarySection(
                _("What matters most to you"),
                bullets=[
                    Line(
                        f"{value.label}: "
                        + " ".join(
                            _("{path} {effect}: {text}").format(
                                path=titles[fit.path],
                                effect=effect_words(fit.effect, lang),
                                text=fit.text,
                            )
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
    def with_direction(d: Driver) -> Line:
        return Line(
            _("{reason} ({direction}; you answered: {answer})").format(
                reason=d.reason, direction=direction(d, assessment, lang), answer=d.answer_label
            )
        )

    why = [
        Line(
            _("{reason} (you answered: {answer})").format(reason=d.reason, answer=d.answer_label)
        )
        for d in toward
    ] + [with_direction(d) for d in against_others]
    if why:
        sections.append(SummarySection(_("Why"), bullets=why))
    if pulling_away:
        sections.append(
            SummarySection(
                _("What pulls another way"), bullets=[with_direction(d) for d in pulling_away]
            )
        )
    steps = [] if assessment.safety_first else [Line(s) for s in assessment.next_steps]
    if steps:
        sections.append(SummarySection(_("Next steps"), bullets=steps))
    if assessment.cautions:
        sections.append(
            SummarySection(
                _("What helps now"),
                bullets=[
                    Line(
                        _("{instead} ({label}: {why})").format(
                            instead=c.instead, label=c.label, why=c.why_it_backfires
                        )
                    )
                    for c in assessment.cautions
                ],
            )
        )
    for path in assessment.paths:
        title = (
            _("Path: {path} (suggested)")
            if path.path == assessment.recommended
            else _("Path: {path}")
        ).format(path=path.title)
        sections.append(
            SummarySection(
                title,
                [
                    Line(text)
                    for text in (
                        path.summary, path.safety_note, path.what_it_means, path.what_it_is_like
                    )
                    if text
                ],
                [Line(_("Good: {text}").format(text=g)) for g in path.good_sides]
                + [Line(_("Hard: {text}").format(text=h)) for h in path.hard_sides],
            )
        )
    if not assessment.safety_first and assessment.safety.own_behaviour is None:
        sections.append(
            SummarySection(
                assessment.safety.headline,
                [Line(assessment.safety.message)],
                lines_for(country, assessment.safety.line_kinds, emergency_first=False, lang=lang),
            )
        )
    answered = [
        Answered(
            q.text,
            Line(
                answer_text(q, values.get(q.id), lang),
                typed=q.type is QuestionType.FREE_TEXT and bool(values.get(q.id)),
            ),
        )
        for q in questionnaire.visible_questions(values)
    ]
    sections.append(SummarySection(_("Your answers"), answers=answered))
    sections.append(where_this_comes_from(lang))
    made = _(
        "Made with {title} by {author}, questionnaire version {version} (updated {updated}), "
        "rules {rules}, on {created}."
    ).format(
        title=questionnaire.title,
        author=questionnaire.author,
        version=assessment.questionnaire_version,
        updated=questionnaire.updated,
        rules=assessment.rules_fingerprint[:12],
        created=created.isoformat(),
    )
    checked = checked_sentence(country, lang)
    sections.append(
        SummarySection(
            _("About this summary"),
            [Line(f"{made} {checked}".rstrip()), Line(disclaimer(lang))],
        )
    )
    return sections


def checked_sentence(country: Country, lang: str | None = None) -> str:
    """When the lines given were checked, and against what."""
    checked = [line.checked for line in country.lines if line.checked]
    if not checked:
        return ""
    sources = "; ".join(
        f"{line.name}: {line.source}" for line in country.lines if line.checked
    )
    _ = _gettext(lang)
    return _(
        "The lines for {country} were checked on {date} against their services' published "
        "details ({sources})."
    ).format(country=country.name, date=format_date(min(checked), lang), sources=sources)


def where_this_comes_from(lang: str | None = None) -> SummarySection:
    """Who made the advice, from what, and when: the same facts as the page of that name."""
    _ = _gettext(lang)
    from scoring.localize import sources_in

    sources = sources_in(lang or current_language())
    return SummarySection(
        _("Where this comes from"),
        [
            Line(sources.how_it_works),
            Line(sources.who_made_it),
            Line(
                _(
                    "Funding: {funding} Conflicts of interest: {conflicts} Last updated "
                    "{updated}; next review due {review}."
                ).format(
                    funding=sources.funding,
                    conflicts=sources.conflicts_of_interest,
                    updated=format_date(sources.updated, lang),
                    review=format_date(sources.next_review, lang),
                )
            ),
            Line(sources.update_policy),
        ],
        [
            Line(_("{idea} Source: {source}").format(idea=item.idea, source=item.source))
            for item in sources.evidence
        ],
    )
