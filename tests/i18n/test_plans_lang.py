"""The plans and the places to look in Spanish: every text changes, nothing else does."""

from __future__ import annotations

import pytest

from i18n.overlay import check_all, families
from plans import default_plan, default_where_to_look
from plans.loader import plan_in
from scoring.model import PATH_IDS


def _skeleton(plan) -> list:
    """Everything of a plan but its words: ids, kinds, ranges, dates, sharing, retakes."""
    return [
        (b.id, b.afterwards, b.where_to_look, [t.id for t in b.tips],
         [(p.id, p.kind, [(c.id, c.retake_option) for c in p.choices], p.share,
           p.calendar_title, p.retake, p.range and (p.range.min, p.range.max, p.range.default),
           p.dates and (p.dates.earliest_days, p.dates.latest_days, p.dates.default_days))
          for p in b.prompts])
        for b in plan.blocks
    ]


def test_plans_and_places_are_translatable_families():
    english = {family.english for family in families()}
    assert {f"plans/content/{p}.yaml" for p in PATH_IDS} <= english
    assert "plans/content/where_to_look.yaml" in english


@pytest.mark.parametrize("lang", ["es", "en-XA"])
def test_every_plan_file_is_complete_in(lang):
    checked, problems = check_all([lang])
    assert not [p for p in problems if "/plans/" in p]


@pytest.mark.parametrize("path_id", PATH_IDS)
def test_a_spanish_plan_has_every_text_translated_and_the_same_skeleton(path_id):
    english, spanish = default_plan(path_id), plan_in(path_id, "es")
    assert _skeleton(spanish) == _skeleton(english)
    assert spanish.title != english.title and spanish.intro != english.intro
    for en_block, es_block in zip(english.blocks, spanish.blocks, strict=True):
        assert es_block.title != en_block.title
        for en_prompt, es_prompt in zip(en_block.prompts, es_block.prompts, strict=True):
            assert es_prompt.text != en_prompt.text, es_prompt.id
            assert [c.label for c in es_prompt.choices] != [c.label for c in en_prompt.choices] \
                or not en_prompt.choices


def test_places_speak_spanish_but_keep_their_names_and_addresses():
    english, spanish = default_where_to_look("en"), default_where_to_look("es")
    for kind in ("counseling", "separation"):
        for country, places in getattr(english, kind).items():
            translated = getattr(spanish, kind)[country]
            for en_place, es_place in zip(places, translated, strict=True):
                assert (es_place.id, es_place.name, es_place.url, es_place.source,
                        es_place.checked) == (en_place.id, en_place.name, en_place.url,
                                              en_place.source, en_place.checked)
                assert es_place.what != en_place.what, es_place.id
    assert "en español" in spanish.places("separation", "US")[0].what


def test_outside_a_session_the_places_are_english():
    assert default_where_to_look() == default_where_to_look("en")
