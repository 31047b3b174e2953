"""Reads YAML content files into pydantic models, turning any fault into one readable line."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from questionnaire.safe_input import (
    MAX_YAML_BYTES,
    BoundedLoaderMixin,
    InputError,
    YAMLLimitError,
    decode_utf8,
    quote,
    read_bounded,
)
from questionnaire.schema import Questionnaire

CONTENT_DIR = Path(__file__).parent / "content"
DEFAULT_QUESTIONNAIRE = CONTENT_DIR / "crossroads.yaml"

Model = TypeVar("Model", bound=BaseModel)


class _ContentRules:
    """YAML 1.2 booleans: only true/false, so ids such as `yes`, `no` and `on` stay text.

    A key given twice in one mapping is refused: plain YAML keeps the last one silently.
    """

    def construct_mapping(self, node, deep=False):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    problem = f"key {quote(key_node.value)} is given twice"
                    raise yaml.constructor.ConstructorError(
                        None, None, problem, key_node.start_mark
                    )
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


class _ContentLoader(_ContentRules, BoundedLoaderMixin, yaml.SafeLoader):
    """Any file: nesting, alias expansion and unreadable values are bounded (see safe_input)
    as the pure-Python parser reads it."""


# The files shipped in this repository are read by libyaml, about ten times faster (the
# rules take most of a second in pure Python, paid by every process's start). Its parser
# nests in C, unchecked till the end, so a file from elsewhere (a command line's) never is.
_REPO = Path(__file__).resolve().parents[1]
_ShippedLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _ShippedLoader(_ContentRules, BoundedLoaderMixin, yaml.CSafeLoader):  # type: ignore[no-redef]
        """A shipped content file, read by libyaml under the same rules."""


for _loader in (_ContentLoader, _ShippedLoader):
    if _loader is None:
        continue
    _loader.yaml_implicit_resolvers = {
        key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )


def _loader_for(path: Path) -> type:
    if _ShippedLoader is not None and path.resolve().is_relative_to(_REPO):
        return _ShippedLoader
    return _ContentLoader


class ContentError(ValueError):
    """A content file is unreadable or invalid; the message is one line naming file and item."""


# What reading a translation can raise at runtime (pydantic's ValidationError is a ValueError).
TRANSLATION_ERRORS = (ContentError, ValidationError, ValueError, OSError, yaml.YAMLError)
_log = logging.getLogger("crossroads.content")
_told: set[tuple[str, str]] = set()
_ID = re.compile(r"[\w.-]{1,40}")


def _redacted(problem: str) -> str:
    """The problem without any quoted text that is not an id (a log holds no content words)."""
    def keep(match: re.Match) -> str:
        mark = match.group(1)
        return match.group(0) if _ID.fullmatch(match.group(2)) else f"{mark}…{mark}"

    return re.sub(r"(['\"])(.*?)\1", keep, problem.splitlines()[0] if problem else "")[:300]


def translation_failed(lang: str, file: Path | str, exc: BaseException) -> None:
    """Say once per (language, file), in one line, that a translation could not be read and
    English is shown instead. The line names the file and the problem, never any text."""
    if (lang, str(file)) in _told:
        return
    _told.add((lang, str(file)))
    problem = str(exc).removeprefix(f"{file}: ").removeprefix(f"{file}:")
    _log.error(
        "language %s: %s cannot be used (%s); showing English instead",
        lang, file, _redacted(problem.strip()) or type(exc).__name__,
    )


def translated(
    english: Path,
    lang: str,
    text_keys: frozenset[str] | set[str],
    validate: Callable[[Any, Path], Model],
    fallback: Callable[[], Model],
) -> Model:
    """`english` with `lang`'s texts laid over it, validated; `fallback()` (the English) when
    the translation cannot be used, said once in the log. Every content family reads its
    translations through here, so a broken one never hides a page, or the help on it."""
    from i18n.overlay import LANGUAGE_NAME, localized, overlay_path

    if not LANGUAGE_NAME.match(lang):
        return fallback()
    shown = overlay_path(english, lang)
    try:
        return validate(localized(english, lang, text_keys), shown if shown.is_file() else english)
    except TRANSLATION_ERRORS as exc:
        translation_failed(lang, shown, exc)
        return fallback()


# Lists of named items in content files, and what one item is called in a message.
_LISTS = {
    "sections": "section", "questions": "question", "options": "option", "rules": "rule",
    "paths": "path", "visible_if": "condition", "cautions": "caution", "countries": "country",
}


def describe_location(data: Any, loc: tuple) -> str:
    """Turn a pydantic error location into words, using the ids found in the raw data."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            item_id = node.get("id") if isinstance(node, dict) else None
            parts.append(f"'{item_id}'" if item_id else f"item {step + 1}")
            continue
        if isinstance(node, dict) and step in node:
            node = node[step]
        if step in _LISTS:
            parts.append(_LISTS[step])
        elif isinstance(step, str):
            parts.append(f"field '{step}'")
    # "section 'x' question 'y'" reads better as just the innermost named item.
    named = [i for i, p in enumerate(parts) if p.startswith("'")]
    if len(named) > 1:
        parts = parts[named[-1] - 1 :]
    return " ".join(parts)


def one_line(error: ValidationError, data: Any) -> str:
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    where = describe_location(data, tuple(first["loc"]))
    # Validators that already name their item need no location in front of them.
    named = message.startswith(("question '", "section '", "country '"))
    text = message if not where or named else f"{where}: {message}"
    more = error.error_count() - 1
    return text + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def read_yaml(path: Path) -> Any:
    try:
        text = decode_utf8(read_bounded(path, MAX_YAML_BYTES, "a content file"), path)
    except InputError as exc:
        raise ContentError(str(exc)) from None
    try:
        return yaml.load(text, Loader=_loader_for(path))  # noqa: S506 (a SafeLoader)
    except YAMLLimitError as exc:
        raise ContentError(f"{path}: line {exc.problem_mark.line + 1}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}:" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(f"{path}:{line} not valid YAML ({problem})") from None


def load_model(path: Path, model: type[Model], context: dict | None = None) -> Model:
    return validate_model(read_yaml(path), path, model, context)


def validate_model(data: Any, path: Path, model: type[Model], context: dict | None = None) -> Model:
    """Validate already-read data (a file, or a file with a translation laid over it)."""
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping at the top of the file")
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ContentError(f"{path}: {one_line(exc, data)}") from None


def load_questionnaire(path: Path | str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    return load_model(Path(path), Questionnaire)


def validate_questionnaire(data: Any, path: Path) -> Questionnaire:
    return validate_model(data, path, Questionnaire)


def default_questionnaire(lang: str | None = None) -> Questionnaire:
    """The shipped questionnaire in `lang`, by default the language of the current session.

    Outside a Streamlit session that default is English. Every language has the same ids,
    options and structure: only the texts differ, so answers are valid in any language.
    """
    if lang is None:
        from i18n import current_language

        lang = current_language()
    return _questionnaire_in(lang)


@lru_cache(maxsize=16)
def _questionnaire_in(lang: str) -> Questionnaire:
    """Parsed once per language and process (a questionnaire is immutable)."""
    from i18n.overlay import LANGUAGE_NAME, QUESTIONNAIRE_TEXT_KEYS, overlay_path

    if lang == "en" or not LANGUAGE_NAME.match(lang) or not overlay_path(
        DEFAULT_QUESTIONNAIRE, lang
    ).is_file():
        return _english() if lang != "en" else load_questionnaire(DEFAULT_QUESTIONNAIRE)
    return translated(
        DEFAULT_QUESTIONNAIRE, lang, QUESTIONNAIRE_TEXT_KEYS, validate_questionnaire, _english
    )


def _english() -> Questionnaire:
    # A language without its own questionnaire shares the English object (one cache entry).
    return _questionnaire_in("en")
