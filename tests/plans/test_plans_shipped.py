"""The shipped plans: what each path takes is in them, in neutral words, and what they make
(the card, the shared agreement, the calendar file) holds what the person gave and no more."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from i18n import format_date
from plans import PromptKind, default_plan, default_where_to_look
from plans.loader import PLAN_TEXT_KEYS, plan_in
from report.markdown import to_markdown
from report.pdf import to_pdf
from report.plan import agreement_items, agreement_text, check_in_ics, plan_sections
from scoring.model import PATH_IDS

GENDERED = re.compile(
    r"\b(he|she|him|her|his|hers|himself|herself|husbands?|wife|wives|"
    r"boyfriends?|girlfriends?)\b",
    re.IGNORECASE,
)


def plan_texts(plan) -> list[str]:
    found = [plan.title, plan.intro, plan.output_intro, *(s.text for s in plan.sources)]
    for block in plan.blocks:
        found += [block.title, *([block.intro] if block.intro else []),
                  *(t.text for t in block.tips)]
        for prompt in block.prompts:
            found += [t for t in (prompt.text, prompt.help, prompt.placeholder) if t]
            found += [c.label for c in prompt.choices] + [c.note for c in prompt.choices
                                                           if c.note]
            if prompt.range:
                found += [prompt.range.why, prompt.range.unit]
            if prompt.dates and prompt.dates.why:
                found.append(prompt.dates.why)
    return found


@pytest.mark.parametrize("path_id", PATH_IDS)
def test_every_plan_is_in_neutral_words(path_id):
    words = [w for text in plan_texts(default_plan(path_id)) for w in GENDERED.findall(text)]
    assert not words, words


def test_each_plan_asks_what_its_path_takes():
    talk, space = default_plan("talk"), default_plan("space")
    counseling, let_go = default_plan("counseling"), default_plan("let_go")
    assert {b.id for b in talk.blocks} >= {"when_where", "learn", "my_part", "will_not",
                                            "close", "afterwards"}
    assert [b.id for b in talk.afterwards_blocks] == ["afterwards"]
    weeks = space.prompt("weeks")
    assert weeks.kind is PromptKind.NUMBER_RANGE and "drift" in space.blocks[0].intro
    assert {"children", "pets", "money", "home", "i_will", "i_wont", "checkin_date",
            "checkin_place"} <= {p.id for p in space.shareable}
    assert not space.prompt("private_note").share and not space.prompt("calendar_title").share
    assert space.dated.id == "checkin_date" and space.calendar_title.id == "calendar_title"
    assert "discernment" in {c.id for c in counseling.prompt("counselor_kind").choices}
    assert counseling.prompt("sessions").range.why
    assert [b.where_to_look for b in counseling.blocks if b.where_to_look] == ["counseling"]
    assert [b.where_to_look for b in let_go.blocks if b.where_to_look] == ["separation"]
    assert "break-ups and reunions" in let_go.blocks[-1].intro
    # Only the space plan makes something to share; no plan suggests meeting up under fear.
    assert not talk.shareable and not counseling.shareable and not let_go.shareable


def test_every_shown_place_was_checked_and_names_its_source():
    where = default_where_to_look()
    for kind in ("counseling", "separation"):
        for country in ("US", "UK", "IE", "CA", "AU", "NZ", "ES", "MX", "OTHER"):
            for place in where.places(kind, country):
                assert place.checked is not None and place.source.startswith("https://")


def test_a_language_without_a_translation_gets_the_english_plan():
    assert plan_in("talk", "xx") == default_plan("talk")
    assert "output_intro" in PLAN_TEXT_KEYS and "id" not in PLAN_TEXT_KEYS


SPACE = {
    "values": {
        "weeks": 4,
        "how_much": "weekly",
        "how": ["messages", "calls"],
        "money": "Rent half each",
        "i_will": "Give you room",
        "i_wont": "SECRET-not-ticked",
        "private_note": "SECRET-for-me-only",
        "checkin_date": "2027-01-09",
        "checkin_place": "The park cafe",
        "calendar_title": "Lunch with Sam",
    },
    "share": ["weeks", "how_much", "how", "money", "i_will", "checkin_date", "checkin_place"],
}


def test_the_agreement_holds_only_what_was_ticked():
    items = agreement_items(default_plan("space"), SPACE)
    text = agreement_text("Our agreement", items, "What we agreed.")
    assert "4 weeks" in text and "Rent half each" in text and "The park cafe" in text
    assert "Saturday, January 9, 2027" in text
    assert "SECRET" not in text and "Lunch with Sam" not in text
    # Untick one more, and it is gone too.
    fewer = {**SPACE, "share": [s for s in SPACE["share"] if s != "money"]}
    assert "Rent half each" not in agreement_text(
        "x", agreement_items(default_plan("space"), fewer), ""
    )


def test_the_calendar_file_parses_back_with_the_date_and_title_and_nothing_else():
    ics = check_in_ics(date(2027, 1, 9), "Lunch with Sam", now=datetime(2026, 11, 28, tzinfo=UTC))
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Lunch with Sam"
    assert event.decoded("dtstart") == date(2027, 1, 9)
    assert event.decoded("dtend") == date(2027, 1, 10)
    assert "LOCATION" not in event and "DESCRIPTION" not in event
    assert b"Crossroads" not in ics and b"crossroads" not in ics


def test_the_plan_keeps_typed_text_inert_and_builds_a_pdf():
    sections = plan_sections(default_plan("space"), SPACE, {}, country_name="Spain")
    markdown = to_markdown("My plan", sections)
    assert "SECRET-for-me-only" in markdown  # the person's own copy holds their notes
    assert "~~~text\nRent half each\n~~~" in markdown
    assert "Where to look" not in markdown  # the space plan has no places to look
    assert to_pdf("My plan", sections).startswith(b"%PDF")


def test_places_and_a_missing_country_are_said_plainly():
    counseling = default_plan("counseling")
    where = default_where_to_look()
    listed = {"counseling": where.places("counseling", "UK")}
    markdown = to_markdown("x", plan_sections(counseling, {}, listed, country_name="the UK"))
    assert "Where to look (the UK)" in markdown
    for place in listed["counseling"]:
        assert place.url in markdown and format_date(place.checked, "en") in markdown
    empty = to_markdown("x", plan_sections(counseling, {}, {"counseling": []}))
    assert "We have no checked places to list for your country yet" in empty


@pytest.mark.parametrize("path_id", PATH_IDS)
def test_a_translation_overlay_keys_every_text_by_id_and_keeps_the_plan_valid(path_id):
    """What a translator gets (texts keyed by the ids of blocks, prompts, choices, tips and
    sources) laid back over the English makes a valid plan with the same ids."""
    import yaml

    from i18n.overlay import apply, texts
    from plans.loader import CONTENT_DIR
    from plans.schema import Plan

    english = yaml.safe_load((CONTENT_DIR / f"{path_id}.yaml").read_text(encoding="utf-8"))
    tree = texts(english, PLAN_TEXT_KEYS)
    plan = default_plan(path_id)
    assert set(tree["blocks"]) == {b.id for b in plan.blocks}
    first = plan.first_blocks[0]
    assert set(tree["blocks"][first.id].get("prompts", {})) <= {p.id for p in first.prompts}

    def shout(node):
        if isinstance(node, str):
            return f"[{node}]"
        if isinstance(node, dict):
            return {k: shout(v) for k, v in node.items()}
        return [shout(v) for v in node]

    translated = Plan.model_validate(apply(english, shout(tree), PLAN_TEXT_KEYS))
    assert [p.id for p in translated.prompts] == [p.id for p in plan.prompts]
    assert translated.intro == f"[{plan.intro}]"
    assert all(c.label.startswith("[") for p in translated.prompts for c in p.choices)
    assert all(p.range.unit.startswith("[") for p in translated.prompts if p.range)
