"""Content files in other languages: an overlay of translated texts over an English YAML file.

An English content file (say `questionnaire/content/crossroads.yaml`) stays where it is. Its
translation lives at `locales/<lang>/<the same path>` and mirrors the English structure,
holding only the translatable texts:

- a mapping keeps its keys; only keys that lead to some text appear;
- a list of items that have an `id` becomes a mapping keyed by that id;
- any other list stays a list of the same length;
- ids, numbers, conditions, URLs, phone numbers and dates are left out.

Which fields are text is said per family of files by `text_keys`: the value of such a key is
text through and through (a string, a list of strings, or a mapping of them). `texts` gives
that tree of English texts (for translators and the pseudo-locale), `apply` lays a
translation over the English data (missing texts stay English), and `check` lists every
problem of a translation in one line each. `families()` names every content file that can be
translated (FAMILIES here, and those the owning packages declare, see PROVIDERS), so one
command, `python -m questionnaire check`, checks every language.
"""

from __future__ import annotations

import copy
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
# A folder name such as es, pt_BR, en-XA: never a path that could lead out of locales/.
LANGUAGE_NAME = re.compile(r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

# How one item of a named list is called in a problem line ("question 'x'").
_SINGULAR = {
    "sections": "section", "questions": "question", "options": "option", "rules": "rule",
    "paths": "path", "cautions": "caution", "countries": "country", "lines": "line",
    "gates": "gate", "tensions": "tension", "evidence": "evidence", "steps": "step",
}


# --- the tree of texts -----------------------------------------------------------------


def _has_ids(items: list) -> bool:
    return bool(items) and all(isinstance(i, dict) and "id" in i for i in items)


def texts(english: Any, text_keys: frozenset[str] | set[str], *, inside: bool = False) -> Any:
    """The English texts of `english`, in the shape a translation has; None when there are none."""
    if isinstance(english, str):
        return english if inside and english.strip() else None
    if isinstance(english, dict):
        out = {}
        for key, value in english.items():
            if key == "id":
                continue  # an id is never text, even inside a text field
            sub = texts(value, text_keys, inside=inside or key in text_keys)
            if sub is not None:
                out[key] = sub
        return out or None
    if isinstance(english, list):
        if _has_ids(english):
            out = {}
            for item in english:
                sub = texts(item, text_keys, inside=inside)
                if sub is not None:
                    out[str(item["id"])] = sub
            return out or None
        subs = [texts(item, text_keys, inside=inside) for item in english]
        if all(s is None for s in subs):
            return None
        # Items without text keep their place (as {} or "") so the lengths match.
        return [s if s is not None else ({} if isinstance(e, dict) else "")
                for s, e in zip(subs, english, strict=True)]
    return None


def apply(english: Any, overlay: Any, text_keys: frozenset[str] | set[str]) -> Any:
    """A copy of `english` with the texts of `overlay` in place; anything missing stays English.

    Lenient on purpose: a translation with a fault still gives a whole, valid file at run
    time, and `check` (run by the tests and `python -m questionnaire check`) names the fault.
    """
    return _apply(copy.deepcopy(english), overlay, text_keys, inside=False)


def _apply(english: Any, overlay: Any, text_keys, *, inside: bool) -> Any:
    if overlay is None:
        return english
    if isinstance(english, str):
        if inside and isinstance(overlay, str) and overlay.strip():
            return overlay
        return english
    if isinstance(english, dict) and isinstance(overlay, dict):
        for key, value in english.items():
            if key in overlay and key != "id":
                english[key] = _apply(
                    value, overlay[key], text_keys, inside=inside or key in text_keys
                )
        return english
    if isinstance(english, list):
        if _has_ids(english) and isinstance(overlay, dict):
            return [
                _apply(item, overlay.get(str(item["id"])), text_keys, inside=inside)
                for item in english
            ]
        if isinstance(overlay, list) and len(overlay) == len(english):
            return [
                _apply(item, sub, text_keys, inside=inside)
                for item, sub in zip(english, overlay, strict=True)
            ]
    return english


# --- checking a translation ----------------------------------------------------------------


def check(english: Any, overlay: Any, text_keys: frozenset[str] | set[str], file: str) -> list[str]:
    """Every problem of `overlay` as a translation of `english`, one line each, naming the file.

    Missing texts, empty texts, keys or ids the English has not, lists of another length,
    a mapping where text belongs (or the reverse), and `{placeholders}` that differ.
    """
    expected = texts(english, text_keys)
    if overlay is None:
        return [] if expected is None else [f"{file}: empty file, every text is missing"]
    if not isinstance(overlay, dict):
        return [f"{file}: expected a mapping at the top of the file"]
    return [f"{file}: {line}" for line in _compare(expected or {}, overlay, (), english)]


def _compare(expected: Any, given: Any, where: tuple, english: Any) -> Iterator[str]:
    """`where` holds ("field", key), ("id", list key, id) or ("index", n) steps."""
    if isinstance(expected, str):
        if given is None:
            yield f"{_where(where)}: missing (English: {_quote(expected)})"
        elif not isinstance(given, str):
            yield f"{_where(where)}: should be text, not a {_kind(given)}"
        elif not given.strip():
            yield f"{_where(where)}: empty (English: {_quote(expected)})"
        else:
            want, got = sorted(PLACEHOLDER.findall(expected)), sorted(PLACEHOLDER.findall(given))
            if want != got:
                yield (f"{_where(where)}: placeholders {', '.join(got) or 'none'} "
                       f"differ from the English {', '.join(want) or 'none'}")
        return
    if isinstance(expected, list):
        if given is None:
            yield f"{_where(where)}: missing ({len(expected)} items in English)"
        elif not isinstance(given, list):
            yield f"{_where(where)}: should be a list of {len(expected)}, not a {_kind(given)}"
        elif len(given) != len(expected):
            yield f"{_where(where)}: {len(given)} items, the English has {len(expected)}"
        else:
            for i, (want, got) in enumerate(zip(expected, given, strict=True)):
                if want == {} or want == "":
                    continue  # an item with no text of its own
                yield from _compare(want, got, (*where, ("index", i)), english[i])
        return
    # A mapping: the fields of a mapping, or the ids of a list of items that became one.
    if given is None:
        yield f"{_where(where)}: missing"
        return
    if not isinstance(given, dict):
        yield f"{_where(where)}: should be a mapping, not a {_kind(given)}"
        return
    by_id = isinstance(english, list)
    list_key = where[-1][1] if where and where[-1][0] == "field" else ""
    for key, want in expected.items():
        if by_id:
            step = ("id", list_key, key)
            node = next(i for i in english if str(i["id"]) == key)
        else:
            step, node = ("field", key), english[key]
        yield from _compare(want, given.get(key), (*where, step), node)
    for key in given:
        if key not in expected:
            step = ("id", list_key, key) if by_id else ("field", key)
            what = "" if by_id else " (or not a text)"
            yield f"{_where((*where, step))}: not in the English file{what}"


def _where(steps: tuple) -> str:
    """Steps to words: the innermost item named by its id, then the fields below it."""
    named = [i for i, step in enumerate(steps) if step[0] == "id"]
    parts: list[str] = []
    for step in steps[named[-1] if named else 0:]:
        if step[0] == "id":
            # The list's own field name is said by the item's kind ("question 'x'").
            if parts and parts[-1] == f"field '{step[1]}'":
                parts.pop()
            parts.append(f"{_SINGULAR.get(step[1], 'item')} '{step[2]}'")
        elif step[0] == "index":
            parts.append(f"item {step[1] + 1}")
        else:
            parts.append(f"field '{step[1]}'")
    return " ".join(parts) or "top"


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _kind(value: Any) -> str:
    return {dict: "mapping", list: "list", str: "text"}.get(type(value), type(value).__name__)


# --- the families of content files, and the languages that translate them --------------------


@dataclass(frozen=True)
class Family:
    """English content files translated the same way.

    `english`: a path or glob under the repository (`plans/content/*.yaml`).
    `text_keys`: the fields whose values are text.
    `validate`: "module:name" of a pydantic model or of a function(data, path) that raises on
    bad data, so a translated file is held to the same rules as the English one.
    """

    english: str
    text_keys: frozenset[str]
    validate: str | None = None

    def files(self) -> list[Path]:
        return sorted(ROOT.glob(self.english))

    def validator(self) -> Callable[[Any, Path], Any] | None:
        if not self.validate:
            return None
        module, _, name = self.validate.partition(":")
        target = getattr(importlib.import_module(module), name)
        if hasattr(target, "model_validate"):
            from questionnaire.loader import validate_model

            return lambda data, path: validate_model(data, path, target)
        return target


QUESTIONNAIRE_TEXT_KEYS = frozenset(
    {"title", "author", "intro", "text", "help", "label", "skip_note", "placeholder",
     "built_in_labels"}
)

# Translatable content families listed here. Languages are never listed: each is a folder.
FAMILIES: list[Family] = [
    Family(
        "questionnaire/content/crossroads.yaml",
        QUESTIONNAIRE_TEXT_KEYS,
        "questionnaire.loader:validate_questionnaire",
    ),
]
# Families declared by the package that owns the files: "module:attribute" naming a sequence
# of (English path or glob, text keys, validator) tuples or Family objects. Read when first
# needed, so importing i18n imports no content package; a module or attribute not there yet
# is skipped.
PROVIDERS = ("scoring.localize:SCORING_FAMILIES", "plans.loader:PLAN_FAMILIES")


def register(family: Family) -> None:
    """Add a family at run time (tests; a package that prefers to register itself)."""
    if family not in FAMILIES:
        FAMILIES.append(family)


def families() -> list[Family]:
    """Every translatable content family: those listed above, then those of PROVIDERS."""
    found = list(FAMILIES)
    for provider in PROVIDERS:
        module, _, name = provider.partition(":")
        try:
            declared = getattr(importlib.import_module(module), name, ())
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue  # that package is not there (yet)
            raise
        for entry in declared:
            family = entry if isinstance(entry, Family) else Family(
                entry[0], frozenset(entry[1]), *entry[2:]
            )
            if family not in found:
                found.append(family)
    return found


def languages() -> list[str]:
    """Every language folder in locales/ other than English, whatever it holds."""
    if not LOCALES.is_dir():
        return []
    return sorted(p.name for p in LOCALES.iterdir()
                  if p.is_dir() and p.name != "en" and LANGUAGE_NAME.match(p.name))


def overlay_path(english: Path, lang: str) -> Path:
    """Where `lang`'s translation of an English content file lives."""
    if not LANGUAGE_NAME.match(lang):
        raise ValueError(f"not a language name: {lang!r}")
    return LOCALES / lang / english.resolve().relative_to(ROOT)


def localized(english: Path, lang: str, text_keys: frozenset[str] | set[str]) -> Any:
    """The English file's data with `lang`'s texts laid over it (English when there are none,
    or when `lang` is no language name at all).

    Raises questionnaire.loader.ContentError, one line, when a file cannot be read.
    """
    from questionnaire.loader import read_yaml

    data = read_yaml(english)
    if lang == "en" or not LANGUAGE_NAME.match(lang):
        return data
    path = overlay_path(english, lang)
    if not path.is_file():
        return data
    return apply(data, read_yaml(path), text_keys)


def check_all(langs: list[str] | None = None) -> tuple[int, list[str]]:
    """Check every translated file of every family in every language folder.

    Returns (files checked, problem lines). A language folder that has no file for some
    English content is reported too: adding a language means translating all of it.
    """
    from questionnaire.loader import ContentError, read_yaml

    problems: list[str] = []
    checked = 0
    for lang in languages() if langs is None else langs:
        for family in families():
            try:
                validator = family.validator()
            except (ImportError, AttributeError) as exc:
                problems.append(f"{family.english}: no validator {family.validate} ({exc})")
                continue
            for english in family.files():
                path = overlay_path(english, lang)
                shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                if not path.is_file():
                    problems.append(f"{shown}: missing (translates {english.relative_to(ROOT)})")
                    continue
                checked += 1
                try:
                    data, overlay = read_yaml(english), read_yaml(path)
                except ContentError as exc:
                    problems.append(str(exc))
                    continue
                found = check(data, overlay, family.text_keys, str(shown))
                problems += found
                if validator and not found:
                    try:
                        validator(apply(data, overlay, family.text_keys), path)
                    except (ContentError, ValueError) as exc:
                        problems.append(f"{shown}: {str(exc).splitlines()[0]}")
    return checked, problems
