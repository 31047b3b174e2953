"""A person's plan as something to keep: summary sections (for Markdown and PDF), the shared
agreement holding only what they ticked, and the check-in date as an iCalendar file.

Plan answers are a plain JSON-ready mapping, as kept in the session and in storage:
`{"values": {prompt_id: value}, "share": [prompt_id, ...]}`. A choice is its id, a multiple
choice a list of ids, a date an ISO string, a number an int, a text a string.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from i18n import format_date as format_day
from i18n import translator
from plans.schema import Place, Plan, Prompt, PromptKind
from report.summary import Answered, Line, SummarySection

Gettext = Callable[[str], str]


def values_of(answers: dict | None) -> dict[str, Any]:
    values = (answers or {}).get("values")
    return dict(values) if isinstance(values, dict) else {}


def shared_ids(answers: dict | None) -> set[str]:
    share = (answers or {}).get("share")
    return {p for p in share if isinstance(p, str)} if isinstance(share, list) else set()


def parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def answer_text(prompt: Prompt, value: Any, lang: str = "en") -> str | None:
    """The answer in words, or None when there is none to show."""
    if value is None or value == "" or value == []:
        return None
    labels = {c.id: c.label for c in prompt.choices}
    # A stored value of the wrong type (a list for a choice) gives no answer, never a crash.
    if prompt.kind is PromptKind.CHOICE:
        return labels.get(value) if isinstance(value, str) else None
    if prompt.kind is PromptKind.MULTI_CHOICE:
        chosen = ([labels[v] for v in value if isinstance(v, str) and v in labels]
                  if isinstance(value, list) else [])
        return "; ".join(chosen) or None
    if prompt.kind is PromptKind.DATE:
        day = parse_date(value)
        return _full_date(day, lang) if day else None
    if prompt.kind is PromptKind.NUMBER_RANGE:
        return _amount(value, prompt.range, lang) if isinstance(value, int) else None
    text = str(value).strip()
    return text or None


def _amount(value: int, rng, lang: str) -> str:
    """"6 weeks", "1 week": the singular where the language's plural rules call for it."""
    from babel import Locale

    from i18n import babel_locale

    singular = rng.unit_one and Locale.parse(babel_locale(lang)).plural_form(value) == "one"
    return f"{value} {rng.unit_one if singular else rng.unit}"


def _full_date(day: date, lang: str) -> str:
    from babel.dates import format_date

    try:
        return format_date(day, format="full", locale=lang.replace("-", "_"))
    except (ValueError, LookupError):
        return format_date(day, format="full", locale="en")


def _typed(prompt: Prompt) -> bool:
    return prompt.kind is PromptKind.TEXT


def plan_sections(
    plan: Plan,
    answers: dict | None,
    places: dict[str, list[Place]],
    lang: str = "en",
    *,
    country_name: str | None = None,
    with_places: bool = True,
) -> list[SummarySection]:
    """The whole plan: each block's answers, where to look, what to keep in mind, sources.

    `with_places`: False leaves the places out, for a page that shows them with links.

    Afterwards blocks (the talk's notes) appear only once something is written in them.
    """
    gettext = translator(lang).gettext
    values = values_of(answers)
    sections = [SummarySection(gettext("How to use this"), paragraphs=[Line(plan.output_intro)])]
    for block in plan.blocks:
        section = SummarySection(block.title)
        for prompt in block.prompts:
            text = answer_text(prompt, values.get(prompt.id), lang)
            if text is None:
                continue
            if prompt.kind is PromptKind.TEXT:
                section.answers.append(Answered(prompt.text, Line(text, typed=True)))
            else:
                section.bullets.append(Line(f"{prompt.text} {text}"))
            chosen = values.get(prompt.id)
            section.bullets.extend([
                Line(c.note) for c in prompt.choices
                if c.note and (chosen == c.id or (isinstance(chosen, list) and c.id in chosen))
            ])
        if section.bullets or section.answers:
            sections.append(section)
    kinds = dict.fromkeys(b.where_to_look for b in plan.blocks if b.where_to_look)
    for kind in kinds if with_places else ():
        listed = places.get(kind, [])
        none_yet = gettext(
            "We have no checked places to list for your country yet. A doctor, a "
            "helpline or a local advice service can tell you where to start."
        )
        sections.append(SummarySection(
            places_heading(kind, country_name, gettext),
            paragraphs=[] if listed else [Line(none_yet)],
            bullets=[Line(place_text(p, gettext, lang)) for p in listed],
        ))
    tips = [Line(t.text) for b in plan.first_blocks for t in b.tips]
    if tips:
        sections.append(SummarySection(gettext("Keep in mind"), bullets=tips))
    sections.append(
        SummarySection(
            gettext("Where this advice comes from"),
            bullets=[Line(s.text + (f" ({s.url})" if s.url else "")) for s in plan.sources],
        )
    )
    return sections


def places_heading(kind: str, country_name: str | None, gettext: Gettext) -> str:
    if kind == "separation":
        if country_name:
            return gettext("Official guidance on separating ({country})").format(
                country=country_name
            )
        return gettext("Official guidance on separating")
    if country_name:
        return gettext("Where to look ({country})").format(country=country_name)
    return gettext("Where to look")


def place_text(place: Place, gettext: Gettext, lang: str = "en") -> str:
    return gettext("{name}: {what} {url} (checked on {checked} against {source})").format(
        name=place.name, what=place.what, url=place.url,
        checked=format_day(place.checked, lang), source=place.source,
    )


def agreement_items(
    plan: Plan, answers: dict | None, lang: str = "en"
) -> list[tuple[str, str]]:
    """(question, answer) for every prompt the person ticked to share, and nothing else."""
    values, shared = values_of(answers), shared_ids(answers)
    items = []
    for prompt in plan.shareable:
        if prompt.id not in shared:
            continue
        text = answer_text(prompt, values.get(prompt.id), lang)
        if text is not None:
            items.append((prompt.text, text))
    return items


def agreement_text(title: str, items: list[tuple[str, str]], intro: str) -> str:
    """The shared agreement as plain text: readable on any phone, nothing to render."""
    lines = [title, "=" * len(title), "", intro, ""]
    for question, answer in items:
        lines += [question, f"  {answer.replace(chr(10), chr(10) + '  ')}", ""]
    return "\n".join(lines)


def check_in_ics(day: date, title: str, now: datetime | None = None) -> bytes:
    """One all-day event on `day` titled `title`, and nothing else: no place, no notes, no
    app name, so the entry says no more than the person chose."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//plan//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("summary", title)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("uid", f"{uuid.uuid4()}@localhost")
    calendar.add_component(event)
    return calendar.to_ical()
