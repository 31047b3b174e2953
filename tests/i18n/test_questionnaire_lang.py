"""The questionnaire in each language: same ids and structure, only the words change.

Also `python -m questionnaire check` across every language folder, and the app showing the
questionnaire in the session's language while answers (ids) carry over.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

import i18n.overlay as overlay
from i18n.overlay import QUESTIONNAIRE_TEXT_KEYS, Family, check_all
from questionnaire import default_questionnaire, validate_answers
from questionnaire.__main__ import main
from questionnaire.loader import _questionnaire_in, read_yaml
from tests.sample_answers import CALM_ANSWERS

ES = overlay.LOCALES / "es" / "questionnaire" / "content" / "crossroads.yaml"


def _skeleton(tree):
    """The questionnaire with every text taken out: ids, types, options, conditions..."""
    if isinstance(tree, dict):
        return {k: _skeleton(v) for k, v in tree.items() if k not in QUESTIONNAIRE_TEXT_KEYS}
    if isinstance(tree, list):
        return [_skeleton(v) for v in tree]
    return tree


def test_spanish_has_the_same_ids_options_and_structure_as_english():
    en, es = default_questionnaire("en"), default_questionnaire("es")
    assert _skeleton(es.model_dump(mode="json")) == _skeleton(en.model_dump(mode="json"))
    assert [q.option_ids for q in es.questions] == [q.option_ids for q in en.questions]


def test_every_spanish_text_is_translated():
    en, es = default_questionnaire("en"), default_questionnaire("es")
    assert es.title != en.title
    same = [
        (q.id, a) for q, e in zip(es.questions, en.questions, strict=True)
        for a, b in [(q.text, e.text), (q.help, e.help), (q.placeholder, e.placeholder),
                     *((o.label, p.label) for o, p in zip(q.options, e.options, strict=True))]
        if a and a == b and a != "No"  # "No" is the same word in both
    ]
    assert not same, same
    labels = {o.id: o.label for o in es.question("contempt").options}
    assert labels["strongly_agree"] == "Totalmente de acuerdo"
    declined = es.question("safety_afraid").options[-1]
    assert (declined.id, declined.label) == ("prefer_not", "Prefiero no decirlo")


# Adjectives and nouns that would give the person or their partner a gender.
GENDERED_ES = re.compile(
    r"\b(sola|solos|solas|segur[oa]s?|list[oa]s?|cansad[oa]|dispuest[oa]|asustad[oa]|"
    r"enojad[oa]|enfadad[oa]|violent[oa]|celos[oa]|"
    # A participle after "ha" does not agree ("lo ha decidido"); an adjective does.
    r"(?<!\bha )decidid[oa]|(?<!\bha )convencid[oa]|"
    r"él|ella|novi[oa]|espos[oa]|marido|mujer|hombre|vosotros|habéis|estáis)\b",
    re.IGNORECASE,
)


def test_the_spanish_wording_is_gender_neutral_and_uses_tu():
    found = [t for t in _all_strings(read_yaml(ES)) if GENDERED_ES.search(t)]
    assert not found, found
    assert not [t for t in _all_strings(read_yaml(ES)) if re.search(r"\busted\b", t, re.I)]


def test_the_check_of_gendered_words_can_fail():
    assert GENDERED_ES.search("¿Estás segura de que quieres irte?")
    assert not GENDERED_ES.search("Solo tú ves esto. No solo promesas.")


def _all_strings(tree):
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, dict):
        for v in tree.values():
            yield from _all_strings(v)
    elif isinstance(tree, list):
        for v in tree:
            yield from _all_strings(v)


def test_answers_are_ids_and_hold_in_every_language():
    en, es = default_questionnaire("en"), default_questionnaire("es")
    assert validate_answers(es, CALM_ANSWERS) == validate_answers(en, CALM_ANSWERS)


def test_outside_a_session_the_default_is_english_and_each_language_is_parsed_once():
    assert default_questionnaire() is default_questionnaire("en")
    assert default_questionnaire("es") is default_questionnaire("es")
    # A language with no questionnaire of its own, or a name that is no language, is English.
    for other in ("xx", "../es", "es/../es", ""):
        assert default_questionnaire(other) is default_questionnaire("en")


# --- a language is a folder ----------------------------------------------------------------


@pytest.fixture
def locales(tmp_path, monkeypatch):
    """An empty locales/ folder in place of the real one, and no questionnaire cached.

    Only the questionnaire's family is checked here: the scoring and plan families are
    their owners' to test.
    """
    folder = tmp_path / "locales"
    folder.mkdir()
    monkeypatch.setattr(overlay, "LOCALES", folder)
    monkeypatch.setattr(overlay, "PROVIDERS", ())
    _questionnaire_in.cache_clear()
    yield folder
    _questionnaire_in.cache_clear()


def _copy_spanish_to(locales, lang: str):
    target = locales / lang / "questionnaire" / "content" / "crossroads.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(ES, target)
    return target


def test_adding_a_language_is_adding_a_folder(locales):
    _copy_spanish_to(locales, "fr")
    assert overlay.languages() == ["fr"]
    assert default_questionnaire("fr").question("safety_afraid").text == (
        "¿Alguna vez sientes miedo de tu pareja?"
    )
    assert check_all() == (1, [])


def _edit(path, change):
    data = read_yaml(path)
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        pytest.param(lambda d: d["sections"]["talking"]["questions"]["reasons_known"].pop("help"),
                     "question 'reasons_known' field 'help': missing (English: 'If you are",
                     id="missing text"),
        pytest.param(lambda d: d["sections"]["values"]["questions"]["what_matters"]["options"]
                     .update(money={"label": "El dinero"}),
                     "option 'money': not in the English file", id="extra option"),
        pytest.param(lambda d: d["sections"]["situation"]["questions"]["time_together"]
                     ["options"].pop("over_10"),
                     "option 'over_10': missing", id="missing option"),
        pytest.param(lambda d: d["sections"]["safety"]["questions"]["safety_afraid"]
                     .update(type="scale"),
                     "question 'safety_afraid' field 'type': not in the English file",
                     id="a non-text field"),
        pytest.param(lambda d: d["sections"].update(extra={"title": "Otra"}),
                     "section 'extra': not in the English file", id="extra section"),
        pytest.param(lambda d: d["built_in_labels"]["scale"].update(agree=""),
                     "field 'built_in_labels' field 'scale' field 'agree': empty",
                     id="empty built-in label"),
        pytest.param(lambda d: d["sections"]["wellbeing"].update(title="Cómo estás, {name}"),
                     "section 'wellbeing' field 'title': placeholders {name} differ",
                     id="a placeholder the English has not"),
    ],
)
def test_the_check_command_names_file_item_and_problem(locales, capsys, change, words):
    _edit(_copy_spanish_to(locales, "es"), change)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "locales/es/questionnaire/content/crossroads.yaml: " in lines[0], lines[0]
    assert words in lines[0]


def test_a_language_folder_without_the_questionnaire_is_reported(locales, capsys):
    (locales / "de" / "LC_MESSAGES").mkdir(parents=True)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "de/questionnaire/content/crossroads.yaml: missing" in err
    assert "translates questionnaire/content/crossroads.yaml" in err


def test_a_placeholder_that_differs_in_any_family_fails_the_check(locales, tmp_path, monkeypatch,
                                                                   capsys):
    root = tmp_path / "repo"
    (root / "things").mkdir(parents=True)
    (root / "things" / "a.yaml").write_text(
        "items:\n  - id: call\n    text: 'Call {number} now.'\n", encoding="utf-8")
    target = locales / "es" / "things" / "a.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("items:\n  call:\n    text: 'Llama ahora.'\n", encoding="utf-8")
    monkeypatch.setattr(overlay, "ROOT", root)
    monkeypatch.setattr(overlay, "FAMILIES", [Family("things/*.yaml", frozenset({"text"}))])
    checked, problems = check_all()
    assert checked == 1
    assert len(problems) == 1, problems
    assert problems[0].endswith(
        "es/things/a.yaml: item 'call' field 'text': placeholders none differ from the English "
        "{number}"
    )


def test_the_shipped_languages_pass_the_check_command():
    result = subprocess.run(
        [sys.executable, "-m", "questionnaire", "check"],
        cwd=overlay.ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"translations: \d+ files? in .*\bes\b.*: OK", result.stdout), result.stdout


# --- the app shows the session's language ------------------------------------------------


def test_the_app_asks_in_the_sessions_language_and_keeps_answers_across_a_switch():
    from streamlit.testing.v1 import AppTest

    from tests.ui.flow import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = "es"
    at.session_state["step"] = "situation"
    at.run()
    assert not at.exception, at.exception
    radio = at.radio(key="q_who_wants_out")
    assert radio.label == "¿Cuál de estas frases describe mejor tu situación?"
    assert "Mi pareja y yo tenemos dudas" in radio.options
    radio.set_value("both_unsure").run()
    assert at.session_state["answers"]["who_wants_out"] == "both_unsure"

    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    radio = at.radio(key="q_who_wants_out")
    assert radio.label == "Which of these comes closest to your situation?"
    assert radio.value == "both_unsure"
    assert at.session_state["answers"]["who_wants_out"] == "both_unsure"
