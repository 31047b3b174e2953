"""What matters set against every path, leaning in words, and where the advice comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaire import default_questionnaire, validate_answers
from questionnaire.loader import ContentError
from scoring import PATH_IDS, assess, load_rules
from scoring.rules import RULES_DIR
from scoring.sources import load_sources
from tests.sample_answers import CALM_ANSWERS
from tests.scoring.content_copies import copy_content, edit, refused


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy_content(tmp_path)
    return tmp_path


def test_every_value_a_person_can_choose_is_set_against_all_four_paths():
    question = default_questionnaire().question("what_matters")
    fits = load_rules().values_file.fits
    assert set(fits) == {o.id for o in question.options}
    for value, by_path in fits.items():
        assert list(by_path) == list(PATH_IDS), value


def test_the_chosen_values_come_back_in_the_assessment_in_the_order_chosen():
    values = {**CALM_ANSWERS, "what_matters": ["safety", "children"]}
    result = assess(validate_answers(default_questionnaire(), values))
    assert [v.label for v in result.values] == ["Feeling safe", "Our children's wellbeing"]
    counseling = next(f for f in result.values[0].fits if f.path == "counseling")
    assert counseling.effect == "risks"


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("    let_go: {effect: helps, text: \"Your choices become your own again.\"}\n", "",
         "fits: 'independence' says nothing about path 'let_go'"),
        ("  peace:\n", "  calm:\n", "option 'peace' of 'what_matters' is missing"),
        ("effect: risks", "effect: harms", "field 'effect'"),
    ],
)
def test_a_broken_values_file_is_refused_in_one_line(content, old, new, fragment):
    edit(content / "values.yaml", old, new)
    message = refused(content / "rules.yaml")
    assert "values.yaml" in message and fragment in message, message


def test_leaning_is_said_in_words_from_not_at_all_to_strongly():
    rules = load_rules()
    assert [rules.lean(s) for s in (-2, 0, 1, 3, 6, 12)] == [
        "not at all", "not at all", "a little", "somewhat", "clearly", "strongly"
    ]
    result = assess(validate_answers(default_questionnaire(), CALM_ANSWERS))
    assert all(s.lean == rules.lean(s.score) for s in result.scores)


def test_lean_bands_out_of_order_are_refused(content):
    edit(content / "rules.yaml", "below: 5,", "below: 1,")
    assert "lean_words" in refused(content / "rules.yaml")


def test_where_this_comes_from_names_the_makers_as_they_are_and_dates_the_review():
    sources = load_sources()
    assert "has not yet been reviewed by a licensed clinician" in sources.who_made_it
    assert "receives no funding" in sources.who_made_it
    assert sources.next_review > sources.updated
    named = " ".join(e.source for e in sources.evidence)
    for idea in ("Discernment counseling", "Gottman", "Danger Assessment", "IPDAS", "ASQ"):
        assert idea in named, idea


def test_a_review_date_before_the_update_is_refused(tmp_path):
    text = (RULES_DIR / "sources.yaml").read_text()
    broken = tmp_path / "sources.yaml"
    broken.write_text(text.replace('next_review: "2027-05-28"', 'next_review: "2026-01-01"'))
    with pytest.raises(ContentError, match="next_review must come after updated"):
        load_sources(broken)
