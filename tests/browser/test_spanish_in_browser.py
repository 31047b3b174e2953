"""Spanish in Chromium at phone size: ?lang=es on arrival, the whole flow, the PDF, the switch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from questionnaire import QuestionType, default_questionnaire
from tests.browser.driver import QUICK_EXIT, open_app, press, rerun_after, save_screenshots
from tests.browser.test_accessibility import audit, axe_source  # noqa: F401, F811 - fixtures
from tests.report.test_pdf_text import read_pdf
from tests.sample_answers import CALM_ANSWERS
from ui.question_widgets import widget_key

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SWITCH = ".st-key-language_switch"


def _answer_in(page: Page, lang: str, values: dict) -> None:
    """Answer every question of this page that `values` covers, by the labels in `lang`."""
    questionnaire = default_questionnaire(lang)
    for question in questionnaire.questions:
        box = page.locator(f".st-key-box_{question.id}, .st-key-{widget_key(question.id)}")
        if question.id not in values or not box.count():
            continue
        value = values[question.id]
        if question.type is QuestionType.MULTI_CHOICE:
            for option_id in value:
                rerun_after(
                    page, page.locator(f".st-key-q_{question.id}__{option_id} label").click
                )
        elif question.type is QuestionType.FREE_TEXT:
            area = box.locator("textarea")
            area.fill(value)
            rerun_after(page, lambda area=area: area.press("Tab"))
        else:
            label = question.label_of(value)
            rerun_after(page, box.locator("[role='radiogroup'] label").filter(
                has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click)


def _switch_to(page: Page, name: str) -> None:
    """Click the language's name, as a person does (the radio's circle is its label's)."""
    rerun_after(page, page.locator(SWITCH).locator("label").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).click)


# The name of the focused control: a radio's is its label's text.
FOCUSED_NAME = "(document.activeElement.closest('label') || document.activeElement).innerText"


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def test_spanish_from_a_link_through_to_the_pdf(phone, app_url, artifacts):
    page = phone
    open_app(page, f"{app_url}/?lang=es")
    expect(page.get_by_text("Cuando tu pareja quiere irse")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.locator(QUICK_EXIT)).to_have_text("Salida rápida")
    expect(page.get_by_test_id("stSkipToContent")).to_have_text("Saltar al contenido principal")
    save_screenshots(page, artifacts, "es-welcome-390x844")
    press(page, "start")
    spanish = default_questionnaire("es")
    for section in spanish.sections:
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        _answer_in(page, "es", CALM_ANSWERS)
        if section.id == spanish.sections[0].id:
            save_screenshots(page, artifacts, "es-section-390x844")
        press(page, "nav_next")
    expect(page.get_by_role("heading", name="Revisa tus respuestas")).to_be_visible()
    press(page, "nav_next")
    expect(page.get_by_text("Camino sugerido:")).to_be_visible()
    save_screenshots(page, artifacts, "es-results-390x844")

    with page.expect_download() as download:
        page.locator(".st-key-download_pdf button:visible").click()
    text, fontless = read_pdf(download.value.path().read_bytes())
    assert fontless == 0
    squeezed = re.sub(r"\s+", " ", text)
    for words in ("Resumen de Crossroads", "Camino sugerido:", "Tus respuestas",
                  "Sobre este resumen", "¿Alguna vez sientes miedo de tu pareja?"):
        assert words in squeezed, words
    assert "□" not in text, "a Spanish character the PDF fonts cannot draw"
    assert "Suggested path" not in text

    # The address now names the language, so a refresh stays in Spanish.
    assert "lang=Espa%C3%B1ol" in page.url
    page.reload()
    page.wait_for_selector("[data-testid='stApp']")
    expect(page.locator(QUICK_EXIT)).to_have_text("Salida rápida")
    assert page.evaluate("document.documentElement.lang") == "es"


def test_the_switch_mid_flow_keeps_answers_and_step_and_adds_no_history(phone, app_url,
                                                                       artifacts):
    page = phone
    open_app(page, app_url)
    expect(page.locator(SWITCH).get_by_role("radio", name="Español")).to_be_visible()
    press(page, "start")
    english, spanish = default_questionnaire("en"), default_questionnaire("es")
    _answer_in(page, "en", CALM_ANSWERS)
    press(page, "nav_next")
    _answer_in(page, "en", CALM_ANSWERS)
    second = english.sections[1]
    chosen = [
        q for q in english.visible_questions(CALM_ANSWERS, second)
        if q.id in CALM_ANSWERS and q.type is not QuestionType.MULTI_CHOICE
    ]
    assert chosen
    # Quick exit turns every push into a replace; take that away, so this shows that the
    # switch itself (a widget bound to ?lang=) replaces the entry rather than pushing one.
    page.evaluate("delete history.pushState")
    assert page.evaluate("history.pushState === History.prototype.pushState")
    history = page.evaluate("history.length")

    _switch_to(page, "Español")
    expect(page.get_by_role("heading", name=spanish.sections[1].title)).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "es"
    expect(page.locator(QUICK_EXIT)).to_have_text("Salida rápida")
    for question in chosen:
        label = spanish.question(question.id).label_of(CALM_ANSWERS[question.id])
        checked = page.locator(f".st-key-{widget_key(question.id)} input:checked")
        expect(checked).to_have_count(1)
        expect(page.locator(f".st-key-{widget_key(question.id)} label:has(input:checked)")
               ).to_contain_text(label)
    assert "lang=Espa" in page.url  # a refresh keeps it
    save_screenshots(page, artifacts, "es-switched-390x844")
    _switch_to(page, "English")
    expect(page.get_by_role("heading", name=second.title)).to_be_visible()
    # Both changes replaced the history entry: Back still leaves the app in one press.
    assert page.evaluate("history.length") == history
    assert "lang=" not in page.url  # the browser's own language needs no mention
    # Back goes to the first section, in English, with its answers.
    press(page, "nav_back")
    expect(page.get_by_role("heading", name=english.sections[0].title)).to_be_visible()


def test_the_switch_is_reached_by_keyboard_after_the_quick_exit(phone, app_url):
    page = phone
    open_app(page, app_url)
    expect(page.locator(SWITCH).get_by_role("radio", name="English")).to_be_visible()
    expect(page.locator(QUICK_EXIT)).to_be_attached()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "crossroads-quick-exit"
    focused = ""
    for _ in range(4):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_NAME).strip()
        if focused in ("English", "Español"):
            break
    assert focused == "English", "the switch is not among the first stops after Quick exit"
    # In a radio group an arrow key moves to the next choice and chooses it.
    rerun_after(page, lambda: page.keyboard.press("ArrowRight"))
    expect(page.get_by_text("Cuando tu pareja quiere irse")).to_be_visible()
    assert page.evaluate(FOCUSED_NAME).strip() == "Español", "focus stays on the switch"


def test_spanish_pages_pass_axe(audit, app_url):  # noqa: F811 - the fixture imported above
    """axe-core on the Spanish welcome, a section with help showing, review and result:
    the page's language is declared as Spanish and the switch is a labelled radio group."""
    page = audit.page
    open_app(page, f"{app_url}/?lang=es")
    assert page.evaluate("document.documentElement.lang") == "es"
    audit.check("es welcome")
    press(page, "start")
    values = {**CALM_ANSWERS, "safety_afraid": "yes"}
    spanish = default_questionnaire("es")
    for n, section in enumerate(spanish.sections):
        expect(page.get_by_role("heading", name=section.title)).to_be_visible()
        _answer_in(page, "es", values)
        if n == 0:
            audit.check("es safety section with help")
        press(page, "nav_next")
    audit.check("es review")
    press(page, "nav_next")
    expect(page.locator(".st-key-download_pdf")).to_be_attached()
    audit.check("es result")
    audit.assert_clean()
