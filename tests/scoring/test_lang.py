"""Scoring is language-free: every vignette gives the same ids, scores and fingerprint in
every language, and `localize` puts every text a person reads into that language."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from i18n import overlay
from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire, read_yaml
from scoring import Assessment, assess, localize
from scoring.localize import (
    RULES_TEXT_KEYS,
    helplines_in,
    rules_in,
    sources_in,
)
from scoring.model import is_text_field
from tests.vignettes.test_vignettes import VIGNETTES

ROOT = Path(__file__).resolve().parents[2]
# Every translation folder (Spanish, and the pseudo-locale when its script has made one).
LANGS = overlay.languages()
ENGLISH_WORDS = re.compile(r"\b(the|your|you|and|partner|with|what|not)\b", re.IGNORECASE)
# Strings left in the core are ids, levels, a version or a fingerprint: never words.
ID = re.compile(r"^[a-z0-9_.\-]*$")


def _values(vignette: dict) -> dict:
    return {k: v for k, v in vignette["answers"].items() if not k.startswith("<")}


def _english(vignette: dict) -> Assessment:
    questionnaire = default_questionnaire("en")
    return assess(validate_answers(questionnaire, _values(vignette), complete=False), questionnaire)


def _texts(model: BaseModel, where: str = "") -> list[tuple[str, str]]:
    """(where, text) for every text field of an assessment, nested models included."""
    found: list[tuple[str, str]] = []
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        here = f"{where}.{name}" if where else name
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            spot = f"{here}[{i}]" if isinstance(value, list) else here
            if isinstance(item, BaseModel):
                found += _texts(item, spot)
            elif is_text_field(field) and isinstance(item, str):
                found.append((spot, item))
    return found


def _core_strings(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in _core_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _core_strings(v)]
    return [data] if isinstance(data, str) else []


def test_there_is_a_translation_to_test() -> None:
    assert "es" in LANGS


@pytest.mark.parametrize(
    "vignette", [v for _, v in VIGNETTES], ids=[f"{f}:{v['id']}" for f, v in VIGNETTES]
)
def test_each_vignette_scores_the_same_in_every_language(vignette: dict) -> None:
    english = _english(vignette)
    core = english.core_json()
    # Nothing that is words is left in the core: only ids, levels, numbers, a fingerprint.
    leftovers = [s for s in _core_strings(json.loads(core)) if not ID.match(s)]
    assert leftovers == [], f"text in the language-free core: {leftovers}"
    for lang in LANGS:
        # Answered in that language's questionnaire: the same ids, the same result.
        questionnaire = default_questionnaire(lang)
        answers = validate_answers(questionnaire, _values(vignette), complete=False)
        there = assess(answers, questionnaire)
        assert there.core_json() == core, f"{lang}: the assessment differs from the English"
        shown = localize(english, lang)
        assert shown.core_json() == core, f"{lang}: localize changed more than texts"
        # And back again: the English words return exactly, byte for byte.
        assert localize(shown, "en").model_dump_json() == english.model_dump_json()


@pytest.mark.parametrize(
    "vignette", [v for _, v in VIGNETTES], ids=[f"{f}:{v['id']}" for f, v in VIGNETTES]
)
def test_spanish_replaces_every_text(vignette: dict) -> None:
    english = _english(vignette)
    spanish = localize(english, "es")
    before, after = _texts(english), _texts(spanish)
    assert [w for w, _ in before] == [w for w, _ in after]
    same = [(w, t) for (w, t), (_, s) in zip(before, after, strict=True) if t == s and t]
    assert same == [], f"left in English: {same[:3]}"
    english_words = [(w, s) for w, s in after if ENGLISH_WORDS.search(s)]
    assert english_words == [], f"English words in the Spanish: {english_words[:3]}"


def test_a_spanish_result_reads_as_whole_spanish_sentences() -> None:
    values = {
        "who_wants_out": "partner_wants_out", "still_a_chance": "no", "heart_to_heart": "yes_calm",
        "partner_certainty": "decided", "reasons_known": "clear", "partner_will_talk": "willing",
        "needs_unmet": "agree", "feel_alone": "agree", "spark_gone": "agree",
        "different_paths": "agree", "outgrown": "agree", "contempt": "disagree",
        "safety_afraid": "no",
    }
    questionnaire = default_questionnaire("en")
    spanish = localize(
        assess(validate_answers(questionnaire, values, complete=False), questionnaire), "es"
    )
    assert spanish.clarity.value == "decisive"
    # The deciding rule's reason sits inside a whole Spanish sentence, titles quoted.
    assert spanish.clarity_text.startswith("Una de tus respuestas pesa más que todas las demás:")
    assert "Después de una charla de verdad" in spanish.clarity_text
    assert "«" in spanish.clarity_text
    assert spanish.path("let_go").title == "Soltar"
    assert {s.lean for s in spanish.scores} <= {"nada", "un poco", "algo", "claramente", "mucho"}


def test_a_controlled_sign_names_the_answers_in_spanish() -> None:
    questionnaire = default_questionnaire("en")
    answers = validate_answers(
        questionnaire, {"safety_control": ["money", "phone"]}, complete=False
    )
    spanish = localize(assess(answers, questionnaire), "es")
    assert spanish.safety.signs == [
        "Tu pareja controla o vigila de cerca: Tu dinero o lo que gastas; "
        "Tu teléfono, tus mensajes o tus redes sociales."
    ]
    assert spanish.safety.headline == "Primero, apoyo para ti"


def test_an_unknown_language_gives_english() -> None:
    english = _english(VIGNETTES[0][1])
    for lang in ("xx", "../../etc", ""):
        assert localize(english, lang).model_dump_json() == english.model_dump_json()


def test_translated_rules_score_exactly_like_the_english() -> None:
    english, spanish = rules_in("en"), rules_in("es")
    assert spanish.fingerprint == english.fingerprint
    assert [(r.id, r.path, r.weight, r.decisive) for r in spanish.rules] == [
        (r.id, r.path, r.weight, r.decisive) for r in english.rules
    ]


def test_spanish_helplines_keep_every_number_and_say_how_to_reach_spanish() -> None:
    english, spanish = helplines_in("en"), helplines_in("es")
    numbers = [
        [(line.phone, line.sms, line.web, line.checked) for line in c.lines]
        for c in english.countries
    ]
    assert numbers == [
        [(line.phone, line.sms, line.web, line.checked) for line in c.lines]
        for c in spanish.countries
    ]
    us = spanish.country("US")
    crisis = next(line for line in us.lines if line.phone == "988")
    assert "marca 2" in crisis.note and "AYUDA" in crisis.note
    hotline = us.lines[0]
    assert hotline.name == "National Domestic Violence Hotline"  # as the service writes it
    assert "español" in hotline.note
    assert hotline.sms_text == "Envía START por mensaje al 88788"
    assert spanish.country("ES").name == "España" and spanish.country("MX").name == "México"


def test_the_sources_page_says_the_translation_is_unreviewed() -> None:
    who = sources_in("es").who_made_it
    assert "traducción al español" in who and "nativa" in who and "víctimas" in who
    assert "translation" not in sources_in("en").who_made_it.lower()


# --- the check refuses a broken translation, one line a problem ----------------------------


def _broken_rules() -> dict:
    spanish = read_yaml(ROOT / "locales/es/scoring/rules.yaml")
    del spanish["rules"]["partner_unsure"]  # a text missing
    spanish["rules"]["no_such_rule"] = {"rationale": "Sobra."}  # an id the English has not
    spanish["clarity"]["texts"]["clear"] = "Apunta a «{recomendado}»."  # a renamed placeholder
    spanish["lean_words"].pop()  # a list one short
    return spanish


def test_the_check_names_each_problem_in_one_line() -> None:
    problems = overlay.check(
        read_yaml(ROOT / "scoring/rules.yaml"), _broken_rules(), RULES_TEXT_KEYS, "es/rules.yaml"
    )
    assert len(problems) == 4, problems
    assert all("\n" not in p and p.startswith("es/rules.yaml: ") for p in problems)
    joined = "\n".join(problems)
    assert "rule 'partner_unsure'" in joined and "missing" in joined
    assert "rule 'no_such_rule'" in joined
    assert "{recomendado}" in joined and "{recommended}" in joined
    assert "4 items, the English has 5" in joined


def test_the_check_command_refuses_a_broken_scoring_translation(tmp_path, monkeypatch) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(ROOT / "locales" / "es", locales / "es")
    monkeypatch.setattr(overlay, "LOCALES", locales)

    def scoring_problems() -> list[str]:
        # Other families (plans...) are other tests' business.
        return [p for p in overlay.check_all(["es"])[1] if "/scoring/" in p]

    assert scoring_problems() == []
    broken = locales / "es/scoring/rules.yaml"
    broken.write_text(yaml.safe_dump(_broken_rules(), allow_unicode=True), encoding="utf-8")
    problems = scoring_problems()
    assert len(problems) == 4 and all("locales/es/scoring/rules.yaml" in p for p in problems)

    # A translation that passes the text check is still held to the English file's rules.
    # Here: the same placeholders, but a stray brace that would break the sentence.
    helplines = read_yaml(locales / "es/scoring/helplines.yaml")
    helplines["wording"]["plain"] = "Envía un mensaje al {to} }"
    (locales / "es/scoring/helplines.yaml").write_text(
        yaml.safe_dump(helplines, allow_unicode=True), encoding="utf-8"
    )
    problems = scoring_problems()
    assert any("helplines.yaml" in p and "wording" in p for p in problems), problems


def test_the_command_line_speaks_spanish_only_when_asked(tmp_path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"who_wants_out": "partner_unsure"}))

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "scoring", str(answers), *extra],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )

    english, spanish = run(), run("--lang", "es")
    assert english.returncode == spanish.returncode == 0, english.stderr + spanish.stderr
    en = Assessment.model_validate_json(english.stdout)
    es = Assessment.model_validate_json(spanish.stdout)
    assert en.core_json() == es.core_json()
    assert en.path("talk").title == "Talk first" and es.path("talk").title == "Hablar primero"
    wrong = run("--lang", "xx")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        f"error: --lang: no translation 'xx' (there are: {', '.join(['en', *LANGS])})"
    )


def test_help_shown_while_answering_is_in_spanish_too() -> None:
    from scoring.localize import localize_safety

    questionnaire = default_questionnaire("en")
    cases = ({"own_thoughts": "yes"}, {"safety_danger": ["choking"]}, {"safety_afraid": "no"})
    for values in cases:
        english = assess(validate_answers(questionnaire, values, complete=False), questionnaire)
        alone = localize_safety(english.safety, "es")
        assert alone == localize(english, "es").safety
        assert localize_safety(alone, "en") == english.safety
    assert alone.headline == "Nada en tus respuestas apunta a un problema de seguridad"


@pytest.mark.skipif("en-XA" not in LANGS, reason="no pseudo-locale folder")
@pytest.mark.parametrize(
    "vignette", [v for _, v in VIGNETTES], ids=[f"{f}:{v['id']}" for f, v in VIGNETTES]
)
def test_the_pseudo_locale_reaches_every_text(vignette: dict) -> None:
    # Each pseudo-translated text is wrapped in ⟦ ⟧: a text without them came from
    # somewhere no translation reaches (an English fragment glued in code).
    pseudo = localize(_english(vignette), "en-XA")
    unwrapped = [(w, t) for w, t in _texts(pseudo) if t and "⟦" not in t]
    assert unwrapped == [], f"not translatable: {unwrapped[:3]}"
