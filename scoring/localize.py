"""Scoring's words in the person's language: the translated content, and texts swapped by id.

`scoring.assess` takes no language. It returns English words beside the ids, levels and
scores that make a result (`Assessment.core_json()` is that part alone, byte-identical in
every language). `localize(assessment, lang)` gives the same assessment with every text
looked up again by id in `lang`: rules, gates and tensions by their ids, paths by path,
cautions by tactic, safety signs by rule, answer labels by question and option, lean words
by score. English is also a language here: localizing a Spanish assessment to "en" gives
the English one back, byte for byte.

Each language's texts are overlays of the English files (see i18n/overlay.py), at
`locales/<lang>/scoring/<file>.yaml`. Which fields are text is said below, per file.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from i18n.overlay import localized, overlay_path
from questionnaire.loader import (
    TRANSLATION_ERRORS,
    default_questionnaire,
    translated,
    translation_failed,
    validate_model,
)
from questionnaire.schema import Questionnaire
from scoring import engine
from scoring.helplines import DEFAULT_HELPLINES, HelplineDirectory
from scoring.model import (
    Assessment,
    Caution,
    CrisisLevel,
    Driver,
    PathFit,
    PathScore,
    RuledOut,
    SafetyLevel,
    SafetyResult,
    ValueFit,
)
from scoring.rules import (
    DEFAULT_RULES,
    PathsFile,
    RuleSet,
    RulesFile,
    SafetyFile,
    ValuesFile,
    build_rule_set,
    load_rules,
)
from scoring.sources import DEFAULT_SOURCES, Sources

ENGLISH = "en"
SCORING_DIR = DEFAULT_RULES.parent

# The fields whose values are words a person reads, per file (everything below such a key
# is text). Ids, conditions, weights, levels, numbers, addresses and dates are not.
RULES_TEXT_KEYS = frozenset({
    "next_steps", "texts", "words", "rationale", "rationale_when_unsafe", "reason", "text",
    "label", "why_it_backfires", "instead", "label_when_unsafe", "why_when_unsafe",
    "instead_when_unsafe",
})
PATHS_TEXT_KEYS = frozenset({
    "title", "safety_title", "summary", "what_it_means", "what_it_is_like", "good_sides",
    "hard_sides", "next_steps", "safety_next_steps", "safety_note", "safety_summary",
    "safety_what_it_means", "safety_good_sides", "safety_hard_sides",
})
VALUES_TEXT_KEYS = frozenset({"text"})
SAFETY_TEXT_KEYS = frozenset({"sign", "steps", "headline", "message", "safety_plan"})
# Service names stay as the services write them; the translation repeats them where so.
HELPLINES_TEXT_KEYS = frozenset({"how_checked", "wording", "name", "hours", "note"})
SOURCES_TEXT_KEYS = frozenset({
    "decision", "how_it_works", "limits", "idea", "used_for", "source", "who_made_it",
    "funding", "conflicts_of_interest", "update_policy",
})

_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


def _usable(lang: str | None) -> str:
    """A language tag that can name a folder; anything else reads as English."""
    return lang if lang and _LANG.match(lang) else ENGLISH


# --- validating a translated file like the English one ------------------------------------


def _context() -> dict:
    return {"questionnaire": default_questionnaire(ENGLISH)}


def validate_rules_file(data: Any, path: Path) -> RulesFile:
    return validate_model(data, path, RulesFile, _context())


def validate_paths_file(data: Any, path: Path) -> PathsFile:
    return validate_model(data, path, PathsFile)


def validate_values_file(data: Any, path: Path) -> ValuesFile:
    return validate_model(data, path, ValuesFile, _context())


def validate_safety_file(data: Any, path: Path) -> SafetyFile:
    return validate_model(data, path, SafetyFile, _context())


def validate_helplines(data: Any, path: Path) -> HelplineDirectory:
    return validate_model(data, path, HelplineDirectory)


def validate_sources(data: Any, path: Path) -> Sources:
    return validate_model(data, path, Sources)


# (English file, its text fields, its validator), for i18n.overlay's registry of families.
SCORING_FAMILIES = (
    ("scoring/rules.yaml", RULES_TEXT_KEYS, "scoring.localize:validate_rules_file"),
    ("scoring/paths.yaml", PATHS_TEXT_KEYS, "scoring.localize:validate_paths_file"),
    ("scoring/values.yaml", VALUES_TEXT_KEYS, "scoring.localize:validate_values_file"),
    ("scoring/safety.yaml", SAFETY_TEXT_KEYS, "scoring.localize:validate_safety_file"),
    ("scoring/helplines.yaml", HELPLINES_TEXT_KEYS, "scoring.localize:validate_helplines"),
    ("scoring/sources.yaml", SOURCES_TEXT_KEYS, "scoring.localize:validate_sources"),
)


def _in(lang: str, english: Path, keys: frozenset[str], validate):
    """One file in `lang`; the English file when the translation cannot be used, so a broken
    translation never keeps the help after a safety answer from showing."""
    return translated(
        english, lang, keys, validate, lambda: validate(localized(english, ENGLISH, keys), english)
    )


# --- the content in one language --------------------------------------------------------


@lru_cache(maxsize=8)
def rules_in(lang: str) -> RuleSet:
    """The shipped rules with `lang`'s texts: the same ids, conditions, weights and
    fingerprint as the English, so they score exactly alike."""
    lang = _usable(lang)
    english = load_rules()
    if lang == ENGLISH:
        return english
    rules_file = _in(lang, DEFAULT_RULES, RULES_TEXT_KEYS, validate_rules_file)
    paths_file = _in(
        lang, SCORING_DIR / rules_file.paths_file, PATHS_TEXT_KEYS, validate_paths_file
    )
    safety_file = _in(
        lang, SCORING_DIR / rules_file.safety_file, SAFETY_TEXT_KEYS, validate_safety_file
    )
    values_file = _in(
        lang, SCORING_DIR / rules_file.values_file, VALUES_TEXT_KEYS, validate_values_file
    )
    try:
        built = build_rule_set(
            rules_file, paths_file, safety_file, values_file, default_questionnaire(ENGLISH),
            source=str(overlay_path(DEFAULT_RULES, lang)),
        )
    except TRANSLATION_ERRORS as exc:
        translation_failed(lang, overlay_path(DEFAULT_RULES, lang), exc)
        return english
    # The fingerprint names the rules, not their wording in one language.
    return dataclasses.replace(built, fingerprint=english.fingerprint)


@lru_cache(maxsize=8)
def helplines_in(lang: str) -> HelplineDirectory:
    """The helplines with `lang`'s names, hours and notes (numbers are the same)."""
    return _in(_usable(lang), DEFAULT_HELPLINES, HELPLINES_TEXT_KEYS, validate_helplines)


@lru_cache(maxsize=8)
def sources_in(lang: str) -> Sources:
    """Where the advice comes from, in `lang`."""
    return _in(_usable(lang), DEFAULT_SOURCES, SOURCES_TEXT_KEYS, validate_sources)


# --- an assessment's texts, looked up by id ---------------------------------------------


def localize(
    assessment: Assessment, lang: str, questionnaire: Questionnaire | None = None
) -> Assessment:
    """`assessment` with every text in `lang`, looked up by id; everything else unchanged.

    Answer labels come from `questionnaire`, by default the shipped one in `lang`. A
    language without a translation (or an unusable tag) gives English.
    """
    lang = _usable(lang)
    rules = rules_in(lang)
    if questionnaire is None:
        questionnaire = default_questionnaire(lang)
    if questionnaire.id != assessment.questionnaire_id:
        raise ValueError(
            f"assessment is for questionnaire '{assessment.questionnaire_id}', "
            f"not '{questionnaire.id}'"
        )
    labels = engine._labels_for(questionnaire)
    safety = assessment.safety
    unsafe = safety.level is not SafetyLevel.NONE
    out = _outcome(assessment, rules)

    rule_by_id = {rule.id: rule for rule in rules.rules}
    gates = {gate.id: gate for gate in rules.rules_file.gates}
    tensions = {tension.id: tension for tension in rules.rules_file.tensions}
    cautions = {caution.id: caution for caution in rules.cautions}
    fits = rules.values_file.fits

    def driver(d: Driver) -> Driver:
        rule = rule_by_id[d.rule_id]
        reason = (rule.rationale_when_unsafe or rule.rationale) if unsafe else rule.rationale
        return d.model_copy(update={"answer_label": labels.joined(d.answers), "reason": reason})

    def caution(c: Caution) -> Caution:
        return engine._caution(cautions[c.tactic], unsafe)

    def value(v: ValueFit) -> ValueFit:
        return v.model_copy(update={
            "label": labels.of(rules.values_file.question, [v.value])[0],
            "fits": [
                PathFit(path=f.path, effect=f.effect, text=fits[v.value][f.path].text)
                for f in v.fits
            ],
        })

    def score(s: PathScore) -> PathScore:
        return s.model_copy(update={
            "title": rules.title(s.path, safety=unsafe), "lean": rules.lean(s.score)
        })

    localized_safety = _safety(safety, out, rules, labels)
    described = rules.safety_descriptions if unsafe else rules.descriptions
    descriptions = {p.path: p for p in described}
    return assessment.model_copy(update={
        "scores": [score(s) for s in assessment.scores],
        "clarity_text": engine._clarity_text(out, rules),
        "tensions": [tensions[t].text for t in assessment.tension_ids],
        "ruled_out": [
            RuledOut(path=r.path, gate=r.gate, reason=gates[r.gate].reason)
            for r in assessment.ruled_out
        ],
        "drivers": [driver(d) for d in assessment.drivers],
        "next_steps": engine._next_steps(out, rules),
        "paths": [descriptions[p.path] for p in assessment.paths],
        "cautions": [caution(c) for c in assessment.cautions],
        "values": [value(v) for v in assessment.values],
        "safety": localized_safety,
    })


def localize_safety(
    safety: SafetyResult, lang: str, questionnaire: Questionnaire | None = None
) -> SafetyResult:
    """The safety part of an assessment alone in `lang` (help shown while answering)."""
    lang = _usable(lang)
    rules = rules_in(lang)
    labels = engine._labels_for(questionnaire or default_questionnaire(lang))
    return _safety(safety, _safety_outcome(safety, rules, engine._Outcome()), rules, labels)


def _safety(
    safety: SafetyResult, out: engine._Outcome, rules: RuleSet, labels
) -> SafetyResult:
    unsafe = safety.level is not SafetyLevel.NONE
    texts = getattr(rules.safety, safety.wording)
    return safety.model_copy(update={
        "signs": engine._signs(safety.fired, rules, labels),
        "headline": texts.headline,
        "message": texts.message,
        "steps": engine._safety_steps(out, rules) if unsafe else [],
        "safety_plan": rules.safety.safety_plan if unsafe else None,
        "crisis": engine._crisis(out, rules),
        "own_behaviour": engine._own_behaviour(out, rules),
    })


def _outcome(assessment: Assessment, rules: RuleSet) -> engine._Outcome:
    """The ids of an assessment as the engine's outcome, for its text functions."""
    index = {rule.id: i for i, rule in enumerate(rules.rules)}
    out = engine._Outcome()
    out.lead = assessment.lead
    out.clarity = assessment.clarity
    out.recommended = assessment.recommended
    out.runner_up = assessment.runner_up
    out.decisive_rule = index[assessment.decisive_rule] if assessment.decisive_rule else None
    return _safety_outcome(assessment.safety, rules, out)


def _safety_outcome(
    safety: SafetyResult, rules: RuleSet, out: engine._Outcome
) -> engine._Outcome:
    safety_index = {rule.id: i for i, rule in enumerate(rules.safety.rules)}
    own_index = {rule.id: i for i, rule in enumerate(rules.safety.own_behaviour.rules)}
    out.level = safety.level
    out.crisis = safety.crisis.level if safety.crisis else CrisisLevel.NONE
    out.safety_fired = [safety_index[f.rule] for f in safety.fired]
    own = safety.own_behaviour
    out.own_fired = [own_index[r] for r in own.rules] if own else []
    return out
