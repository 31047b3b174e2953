"""A translation that cannot be read at run time falls back to English: the help after a
safety answer always shows, and the log names the file and problem but holds no text."""

from __future__ import annotations

import importlib
import logging
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import i18n.overlay as overlay
from plans import loader as plans_loader
from questionnaire import loader as q_loader
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import APP, TIMEOUT, answer_section, click, keys_in_order, texts

localize = importlib.import_module("scoring.localize")  # `scoring.localize` is also a function
ROOT = Path(__file__).resolve().parents[2]
BROKEN = ("scoring/safety.yaml", "scoring/rules.yaml", "scoring/helplines.yaml",
          "questionnaire/content/crossroads.yaml", "plans/content/talk.yaml")
SECRET = "Unmistakable words of a translation"


def _clear() -> None:
    for cached in (localize.rules_in, localize.helplines_in, localize.sources_in,
                   q_loader._questionnaire_in, plans_loader.plan_in,
                   plans_loader._where_to_look_in):
        cached.cache_clear()
    q_loader._told.clear()


@pytest.fixture(scope="module")
def broken_es(tmp_path_factory):
    """Spanish with several of its content files unreadable (not valid YAML)."""
    locales = tmp_path_factory.mktemp("i18n") / "locales"
    shutil.copytree(ROOT / "locales", locales)
    for name in BROKEN:
        (locales / "es" / name).write_text(f"headline: '{SECRET}\n  - [unclosed: {{\n")
    patch = pytest.MonkeyPatch()
    patch.setattr(overlay, "LOCALES", locales)
    _clear()
    yield locales
    patch.undo()
    _clear()


def _spanish() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "es"
    at.run()
    assert not at.exception, at.exception
    return at


def test_help_shows_in_english_under_a_safety_answer(broken_es, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="crossroads.content")
    at = click(_spanish(), "start")
    answer_section(at, {"safety_afraid": "yes"})
    assert not at.exception, at.exception
    assert "Support for you comes first" in texts(at)
    assert "help_panel_inline" in keys_in_order(at)
    lines = [r.getMessage() for r in caplog.records if r.name == "crossroads.content"]
    assert any("scoring/safety.yaml" in line for line in lines), lines
    assert all(SECRET not in line and "Unmistakable" not in line for line in lines), lines
    # Once per language and file, however often the page asks.
    assert len(lines) == len(set(lines))


def test_result_page_shows_the_safety_result_in_english(broken_es) -> None:
    at = _spanish()
    at.session_state["answers"] = {**CALM_ANSWERS, "safety_afraid": "yes"}
    at.session_state["step"] = "results"
    at.run()
    assert not at.exception, at.exception
    assert "Support for you comes first" in texts(at)


def test_plan_and_validation_faults_fall_back_too(broken_es, monkeypatch, caplog) -> None:
    caplog.set_level(logging.ERROR, logger="crossroads.content")
    assert plans_loader.plan_in("talk", "es") == plans_loader.default_plan("talk")
    _clear()

    english = localize.validate_values_file

    def invalid(data, path):
        if "locales" not in str(path):
            return english(data, path)
        raise q_loader.ContentError(f"{path}: field 'text': too long: '{SECRET} and more'")

    monkeypatch.setattr(localize, "validate_values_file", invalid)
    assert localize.rules_in("es").values_file == localize.rules_in("en").values_file
    line = next(r.getMessage() for r in caplog.records if "values.yaml" in r.getMessage())
    assert "too long" in line and SECRET not in line
    _clear()


def test_the_check_command_still_fails_on_the_broken_translation(broken_es) -> None:
    _, problems = overlay.check_all(["es"])
    assert any("scoring/safety.yaml" in p for p in problems), problems
