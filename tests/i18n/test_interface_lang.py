"""Choosing the language in the app (AppTest): arrival, browser, switch, resume, downloads."""

from __future__ import annotations

import re
from datetime import date

import pytest
import streamlit as st
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

import i18n
from questionnaire import default_questionnaire, validate_answers
from report.markdown import to_markdown
from report.pdf import to_pdf
from report.summary import build_summary
from scoring import assess, localize
from scoring.localize import helplines_in
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import APP, TIMEOUT, answer_section, click, current_step, texts
from ui import language_switch, saving

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def _app(lang: str | None = None, locale: str | None = None, monkeypatch=None) -> AppTest:
    if locale is not None:
        monkeypatch.setattr(language_switch, "_browser_locale", lambda: locale)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang is not None:
        at.query_params[i18n.WIDGET_KEY] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def _switch(at: AppTest, lang: str) -> AppTest:
    at.radio(key=i18n.WIDGET_KEY).set_value(lang).run()
    assert not at.exception, at.exception
    return at


def test_every_spanish_string_is_translated_with_the_same_placeholders():
    with (i18n.LOCALES / "es" / "LC_MESSAGES" / "crossroads.po").open("rb") as f:
        catalog = read_po(f, locale="es")
    with (i18n.LOCALES / "crossroads.pot").open("rb") as f:
        template = read_po(f)
    problems = []
    for message in template:
        if not message.id:
            continue
        done = catalog.get(message.id)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = () if done is None else (
            done.string if isinstance(done.string, tuple) else (done.string,)
        )
        if done is None or not all(strings) or done.fuzzy:
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != wanted:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert not problems, "\n".join(problems)
    assert "nplurals=3" in catalog.plural_forms


def test_the_address_wins_on_arrival_over_the_browser(monkeypatch):
    at = _app("es", locale="en-US", monkeypatch=monkeypatch)
    assert at.title[0].value == "Crossroads"
    assert "Cuando tu pareja quiere irse" in texts(at)
    assert at.button(key="start").label == "Empezar"
    # The quick exit's words and the page's language come along.
    script = next(h.value for h in at.html if "crossroads-quick-exit" in h.value)
    assert '"label": "Salida rápida"' in script and '"lang": "es"' in script


def test_the_browser_language_is_used_on_first_visit(monkeypatch):
    at = _app(locale="es-MX", monkeypatch=monkeypatch)
    assert at.button(key="start").label == "Empezar"
    at = _app(locale="fr-FR", monkeypatch=monkeypatch)
    assert at.button(key="start").label == "Start"


def test_an_unknown_language_in_the_address_falls_back(monkeypatch):
    at = _app("xx", locale="en-GB", monkeypatch=monkeypatch)
    assert at.button(key="start").label == "Start"


def test_the_pseudo_locale_is_offered_only_when_asked(monkeypatch):
    at = _app(monkeypatch=monkeypatch, locale="en-US")
    assert at.radio(key=i18n.WIDGET_KEY).options == ["English", "Español"]
    monkeypatch.setenv(i18n.PSEUDO_VARIABLE, "1")
    at = _app(monkeypatch=monkeypatch, locale="en-US")
    assert "Ƥšéûđö" in at.radio(key=i18n.WIDGET_KEY).options


def test_switching_mid_flow_keeps_every_answer_and_the_step(monkeypatch):
    at = _app(monkeypatch=monkeypatch, locale="en-US")
    click(at, "start")
    sections = default_questionnaire().sections
    for _ in range(3):
        answer_section(at, CALM_ANSWERS)
        click(at, "nav_next")
    step, answers = current_step(at), dict(at.session_state["answers"])
    assert step == sections[3].id and len(answers) > 5
    _switch(at, "es")
    assert current_step(at) == step
    assert at.session_state["answers"] == answers
    spanish = default_questionnaire("es").sections[3]
    assert any(h.value == spanish.title for h in at.header), [h.value for h in at.header]
    assert at.button(key="nav_next").label == "Siguiente"
    # Answering goes on in Spanish, and the switch back keeps that answer too.
    answer_section(at, CALM_ANSWERS)
    answers = dict(at.session_state["answers"])
    _switch(at, "en")
    assert current_step(at) == step and at.session_state["answers"] == answers
    assert at.button(key="nav_next").label == "Next"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSROADS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CROSSROADS_DATABASE_URL", raising=False)
    monkeypatch.setattr(saving, "_throttles", None)
    st.cache_resource.clear()
    yield tmp_path / "data"
    st.cache_resource.clear()


def test_a_resumed_session_can_switch_language(data_dir, monkeypatch):
    at = _app(monkeypatch=monkeypatch, locale="en-US")
    at.checkbox(key="opt_in_saving").check().run()
    click(at, "start")
    code = at.session_state[saving._CODE]
    for _ in range(2):
        answer_section(at, CALM_ANSWERS)
        click(at, "nav_next")
    step, answers = current_step(at), dict(at.session_state["answers"])

    # Another visit, arriving from a Spanish-language service's link.
    later = _app("es", monkeypatch=monkeypatch, locale="en-US")
    later.text_input(key="resume_code_input").input(code)
    later.button(key="resume_button").click().run()
    assert not later.exception, later.exception
    assert current_step(later) == step and later.session_state["answers"] == answers
    assert "Qué bueno verte de nuevo" in texts(later)
    _switch(later, "en")
    assert current_step(later) == step and later.session_state["answers"] == answers
    assert later.button(key="nav_next").label == "Next"


def test_downloads_come_in_the_chosen_language():
    questionnaire = default_questionnaire("es")
    values = validate_answers(questionnaire, CALM_ANSWERS, complete=False)
    assessment = localize(assess(values, questionnaire), "es", questionnaire)
    country = helplines_in("es").country("US")
    sections = build_summary(questionnaire, CALM_ANSWERS, assessment, date(2026, 11, 28),
                             country, "es")
    markdown = to_markdown("Resumen de Crossroads, 2026-11-28", sections)
    for words in ("## Camino sugerido:", "## Tus respuestas", "## Sobre este resumen",
                  "Crossroads es una herramienta para pensar", "de noviembre de 2026"):
        assert words in markdown, words
    assert "Suggested path" not in markdown and "Your answers" not in markdown
    pdf = to_pdf("Resumen de Crossroads, 2026-11-28", sections, "es")
    assert pdf.startswith(b"%PDF")
