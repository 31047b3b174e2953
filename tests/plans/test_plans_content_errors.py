"""A broken plan file is refused with one line naming the file, the item and the fault."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from plans.loader import load_plan, load_where_to_look
from questionnaire.loader import ContentError


def refused(path) -> str:
    with pytest.raises(ContentError) as caught:
        load_plan(path)
    message = str(caught.value)
    assert "\n" not in message, f"not one line: {message!r}"
    assert "Traceback" not in message
    assert message.startswith((path.name, str(path))), message
    return message


def _block(data, block_id):
    return next(b for b in data["blocks"] if b["id"] == block_id)


def _prompt(data, prompt_id):
    return next(p for b in data["blocks"] for p in b.get("prompts", []) if p["id"] == prompt_id)


def _set(data, path_id, change):
    data = copy.deepcopy(data)
    change(data)
    return data


BROKEN = [
    ("talk", lambda d: _prompt(d, "when")["choices"].pop() and _prompt(d, "when")["choices"].pop(),
     ["prompt 'when'", "at least two choices"]),
    ("talk", lambda d: _prompt(d, "where").update(kind="riddle"),
     ["prompt 'where'", "kind", "choice"]),
    ("talk", lambda d: _prompt(d, "when")["choices"][1].update(id="weekend_day"),
     ["prompt 'when'", "choice id 'weekend_day' is listed twice"]),
    ("talk", lambda d: _prompt(d, "my_questions").update(id="where"),
     ["prompt 'where'", "already used"]),
    ("talk", lambda d: _prompt(d, "where").update(text=""),
     ["prompt 'where'", "text"]),
    ("talk", lambda d: _prompt(d, "where").update(colour="blue"),
     ["prompt 'where'", "colour"]),
    ("talk", lambda d: _prompt(d, "chance").update(retake={"question": "no_such_question"}),
     ["prompt 'chance'", "unknown question 'no_such_question'"]),
    ("talk", lambda d: _prompt(d, "chance")["choices"][0].update(retake_option="perhaps"),
     ["prompt 'chance'", "choice 'chance_yes'", "unknown option 'perhaps'"]),
    ("talk", lambda d: _prompt(d, "what_i_learned").update(retake={"question": "heart_to_heart"}),
     ["prompt 'what_i_learned'", "free-text"]),
    ("talk", lambda d: d.update(id="space"),
     ["id 'space' does not match the file name"]),
    ("talk", lambda d: d.update(version="one"),
     ["field 'version'"]),
    ("talk", lambda d: d.pop("sources"),
     ["field 'sources'", "required"]),
    ("talk", lambda d: _block(d, "learn").update(tips=[], prompts=[]),
     ["block 'learn'", "needs tips, prompts or where_to_look"]),
    ("space", lambda d: _prompt(d, "weeks")["range"].update(default=40),
     ["prompt 'weeks'", "range default 40 is outside 1..26"]),
    ("space", lambda d: _prompt(d, "weeks")["range"].update(min=30),
     ["prompt 'weeks'", "range min 30 must be below max 26"]),
    ("space", lambda d: _prompt(d, "weeks")["range"].pop("why"),
     ["prompt 'weeks'", "range.why"]),
    ("space", lambda d: _prompt(d, "weeks").pop("range"),
     ["prompt 'weeks'", "needs a range"]),
    ("space", lambda d: _prompt(d, "checkin_date")["dates"].update(latest_days=5000),
     ["prompt 'checkin_date'", "dates.latest_days"]),
    ("space", lambda d: _prompt(d, "checkin_date")["dates"].update(default_weeks_from="how"),
     ["prompt 'checkin_date'", "default_weeks_from names 'how'"]),
    ("space", lambda d: _prompt(d, "i_will").update(calendar_title=True),
     ["prompts 'i_will' and 'calendar_title' are both calendar_title"]),
    ("counseling", lambda d: _block(d, "where").update(where_to_look="everywhere"),
     ["block 'where'", "where_to_look"]),
    ("counseling", lambda d: d["sources"][0].update(url="http://plain.example"),
     ["source 'advice_articles'", "url"]),
]


@pytest.mark.parametrize(
    ("path_id", "change", "words"), BROKEN,
    ids=[f"{p}-{'-'.join(w)[:50]}" for p, _, w in BROKEN],
)
def test_a_broken_plan_is_refused_naming_file_item_and_fault(
    plan_data, write_yaml, path_id, change, words
):
    data = _set(plan_data(path_id), path_id, change)
    message = refused(write_yaml(data, f"{path_id}.yaml"))
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_the_unchanged_copies_load(plan_data, write_yaml):
    for path_id in ("talk", "space", "counseling", "let_go"):
        assert load_plan(write_yaml(plan_data(path_id), f"{path_id}.yaml")).id == path_id


def test_several_problems_make_one_line_that_counts_the_rest(plan_data, write_yaml):
    data = plan_data("talk")
    data.pop("title")
    data.pop("intro")
    message = refused(write_yaml(data))
    assert "(and 1 more problem)" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id: talk\n  title: [\n", "not valid YAML"),
        ("- just\n- a list\n", "expected a mapping"),
        ("id: talk\nid: space\n", "given twice"),
    ],
)
def test_a_file_that_is_not_a_plan_at_all_is_refused(write_yaml, text, words):
    assert words in refused(write_yaml(text))


WHERE = {
    "counseling": {
        "US": [
            {"id": "locator", "name": "A locator", "what": "Finds counselors.",
             "url": "https://example.org/find", "source": "https://example.org/about",
             "checked": "2026-11-28"},
            {"id": "unconfirmed", "name": "Unsure", "what": "Could not be confirmed.",
             "url": "https://example.org/x", "source": "https://example.org/x",
             "checked": None},
        ],
        "OTHER": [
            {"id": "anywhere", "name": "Anywhere", "what": "A list for anywhere.",
             "url": "https://example.org/any", "source": "https://example.org/any",
             "checked": "2026-11-01"},
        ],
    },
    "separation": {},
}


def test_where_to_look_never_shows_an_unconfirmed_place_and_falls_back_to_other(write_yaml):
    places = load_where_to_look(write_yaml(WHERE, "where_to_look.yaml"))
    assert [p.id for p in places.places("counseling", "US")] == ["locator"]
    assert [p.id for p in places.places("counseling", "NZ")] == ["anywhere"]
    assert places.places("separation", "US") == []


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["counseling"]["US"][0].update(url="ftp://x"),
         ["counseling US, place 'locator': field 'url'"]),
        (lambda d: d["counseling"]["US"][0].update(checked="last week"),
         ["place 'locator': field 'checked'"]),
        (lambda d: d["counseling"].update(XX=[]), ["counseling XX"]),
        (lambda d: d["counseling"]["US"][1].update(id="locator"),
         ["counseling US: place 'locator' is listed twice"]),
    ],
)
def test_a_broken_where_to_look_is_refused_in_one_line(write_yaml, change, words):
    data = copy.deepcopy(WHERE)
    change(data)
    path = write_yaml(data, "where_to_look.yaml")
    with pytest.raises(ContentError) as caught:
        load_where_to_look(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("where_to_look.yaml: ")
    for word in words:
        assert word in message, message


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "plans", *args], capture_output=True, text=True, timeout=60
    )


def test_the_check_command_passes_the_shipped_files_and_refuses_a_broken_one(
    plan_data, write_yaml
):
    shipped = _cli("check")
    assert shipped.returncode == 0, shipped.stderr
    assert shipped.stdout.count(": OK") >= 4
    data = plan_data("space")
    _prompt(data, "weeks")["range"]["default"] = 99
    broken = _cli("check", str(write_yaml(data, "space.yaml")))
    assert broken.returncode == 1 and broken.stdout == ""
    assert broken.stderr.count("\n") == 1 and broken.stderr.startswith("error: space.yaml: ")


def test_the_schema_command_prints_json_schemas():
    for which, field in (("plan", "blocks"), ("where_to_look", "counseling")):
        shown = _cli("schema", which)
        assert shown.returncode == 0
        assert field in json.loads(shown.stdout)["properties"]
