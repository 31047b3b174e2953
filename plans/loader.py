"""Reads the plan content files into models; any fault is one line naming file, item and problem."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from plans.schema import Plan, PromptKind, WhereToLook
from questionnaire import Questionnaire, QuestionType, default_questionnaire
from questionnaire.loader import ContentError, read_yaml, translated, validate_model
from scoring.model import PATH_IDS

CONTENT_DIR = Path(__file__).parent / "content"
WHERE_TO_LOOK = CONTENT_DIR / "where_to_look.yaml"
# The fields a translation overlay may hold (i18n/overlay.py): locales/<lang>/plans/content/
# <plan>.yaml mirrors the plan with only these, lists of items keyed by their ids.
PLAN_TEXT_KEYS = frozenset(
    {"title", "intro", "output_intro", "text", "help", "placeholder", "label", "note", "unit",
     "unit_one", "why", "name", "what"}
)
# where_to_look.yaml's overlay holds only what each place is: names stay as the services write them.
WHERE_TO_LOOK_TEXT_KEYS = frozenset({"what"})
# (English file, its text fields, its validator), for i18n.overlay's registry of families.
PLAN_FAMILIES = (
    *((f"plans/content/{path_id}.yaml", PLAN_TEXT_KEYS, "plans.schema:Plan")
      for path_id in PATH_IDS),
    ("plans/content/where_to_look.yaml", WHERE_TO_LOOK_TEXT_KEYS, "plans.schema:WhereToLook"),
)

# Lists of items with ids, and what one item is called in a message.
_ITEMS = {"blocks": "block", "prompts": "prompt", "choices": "choice", "tips": "tip",
          "sources": "source"}
_NAMED = tuple(f"{word} '" for word in (*_ITEMS.values(), "prompts"))


def _where(data: Any, loc: tuple) -> str:
    """A pydantic error location in words, by the innermost item's id: "prompt 'weeks'"."""
    node, named, rest = data, "", []
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            item_id = node.get("id") if isinstance(node, dict) else None
            kind = _ITEMS.get(rest.pop(), "item") if rest else "item"
            named = f"{kind} '{item_id}'" if item_id else f"{kind} {step + 1}"
            rest = []
            continue
        if isinstance(node, dict) and step in node:
            node = node[step]
        rest.append(str(step))
    field_words = f"field '{'.'.join(rest)}'" if rest else ""
    return " ".join(part for part in (named, field_words) if part)


def one_line(error: ValidationError, data: Any) -> str:
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    where = _where(data, tuple(first["loc"]))
    text = message if not where or message.startswith(_NAMED) else f"{where}: {message}"
    more = error.error_count() - 1
    return text + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def _mapping(path: Path) -> dict:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping at the top of the file")
    return data


def load_plan(path: Path | str, questionnaire: Questionnaire | None = None) -> Plan:
    """One plan file; its retake links are checked against the questionnaire."""
    path = Path(path)
    data = _mapping(path)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{path.name}: {one_line(exc, data)}") from None
    if path.stem in PATH_IDS and plan.id != path.stem:
        raise ContentError(f"{path.name}: id '{plan.id}' does not match the file name")
    problem = _retake_problem(plan, questionnaire or default_questionnaire())
    if problem:
        raise ContentError(f"{path.name}: {problem}")
    return plan


def _retake_problem(plan: Plan, questionnaire: Questionnaire) -> str | None:
    """A retake may only fill a question that exists, with options it has."""
    for prompt in plan.prompts:
        if prompt.retake is None:
            continue
        where = f"prompt '{prompt.id}'"
        try:
            question = questionnaire.question(prompt.retake.question)
        except KeyError:
            return f"{where}: retake names unknown question '{prompt.retake.question}'"
        if prompt.kind is PromptKind.TEXT:
            if question.type is not QuestionType.FREE_TEXT:
                return f"{where}: a text prompt can only fill a free-text question"
            continue
        if prompt.kind is not PromptKind.CHOICE:
            return f"{where}: only a choice or a text prompt can fill a retake answer"
        for choice in prompt.choices:
            if choice.retake_option and choice.retake_option not in question.option_ids:
                return (
                    f"{where}: choice '{choice.id}' names unknown option "
                    f"'{choice.retake_option}' of '{question.id}'"
                )
    return None


def load_where_to_look(path: Path | str = WHERE_TO_LOOK) -> WhereToLook:
    path = Path(path)
    data = _mapping(path)
    try:
        return WhereToLook.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(step) for step in first["loc"]]
        # counseling -> US -> 0 -> url: "counseling US, place 'aamft': field 'url'"
        where = " ".join(loc[:2])
        if len(loc) > 2 and loc[2].isdigit():
            place = data.get(loc[0], {}).get(loc[1], [])[int(loc[2])]
            pid = place.get("id") if isinstance(place, dict) else None
            where += f", place '{pid}'" if pid else f", place {int(loc[2]) + 1}"
            if len(loc) > 3:
                where += f": field '{'.'.join(loc[3:])}'"
        message = first["msg"].removeprefix("Value error, ")
        more = exc.error_count() - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        if not where or message.startswith(("counseling ", "separation ")):
            raise ContentError(f"{path.name}: {message}{extra}") from None
        raise ContentError(f"{path.name}: {where}: {message}{extra}") from None


def plan_files(folder: Path = CONTENT_DIR) -> list[Path]:
    return [folder / f"{path_id}.yaml" for path_id in PATH_IDS]


@lru_cache(maxsize=4)
def default_plan(path_id: str) -> Plan:
    """The shipped plan for a path, parsed once per process (it is immutable)."""
    if path_id not in PATH_IDS:
        raise KeyError(path_id)
    return load_plan(CONTENT_DIR / f"{path_id}.yaml")


@lru_cache(maxsize=16)
def plan_in(path_id: str, lang: str) -> Plan:
    """The plan with `lang`'s translated texts laid over the English (English where none)."""
    if lang == "en" or path_id not in PATH_IDS:
        return default_plan(path_id)
    return translated(
        CONTENT_DIR / f"{path_id}.yaml", lang, PLAN_TEXT_KEYS,
        lambda data, path: validate_model(data, path, Plan), lambda: default_plan(path_id),
    )


def default_where_to_look(lang: str | None = None) -> WhereToLook:
    """The places to look, said in `lang` (by default the session's language); an empty list
    while the research file is not there yet."""
    if lang is None:
        from i18n import current_language

        lang = current_language()
    return _where_to_look_in(lang)


@lru_cache(maxsize=8)
def _where_to_look_in(lang: str) -> WhereToLook:
    if not WHERE_TO_LOOK.is_file():
        return WhereToLook()
    if lang == "en":
        return load_where_to_look(WHERE_TO_LOOK)
    return translated(
        WHERE_TO_LOOK, lang, WHERE_TO_LOOK_TEXT_KEYS,
        lambda data, path: validate_model(data, path, WhereToLook),
        lambda: load_where_to_look(WHERE_TO_LOOK),
    )
