"""Interface and report strings in the person's language: gettext catalogues, a folder a language.

English is the source: its strings are the msgids in the code. Each other language is one
folder, `locales/<lang>/`, holding `LC_MESSAGES/crossroads.po` (interface and report strings)
beside its content files. The .po is compiled in memory by Babel when first used, so a
language needs no build step.

In the app, `_()` and `ngettext()` follow the language of the current session
(`st.session_state["ui_lang"]`, set by ui/language_switch.py). Code that runs outside a
session (reports, the command line) asks `translator(lang)` for the same catalogue.
"""

from __future__ import annotations

import gettext
import io
import os
from datetime import date
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "crossroads"
DEFAULT = "en"
SESSION_KEY = "ui_lang"
# The switch's widget, bound to the address as ?lang=; its value is copied to SESSION_KEY,
# which outlives a run in which the switch was not drawn.
WIDGET_KEY = "lang"
# The pseudo-locale (scripts/pseudo_locale.py) finds strings that escaped translation and
# layouts that break when text grows; people are offered it only when this is set.
PSEUDO = "en-XA"
PSEUDO_VARIABLE = "CROSSROADS_PSEUDO"

# Each language's name in its own words, for the switch; a folder without one shows its code.
NAMES = {"en": "English", "es": "Español", PSEUDO: "Ƥšéûđö"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Marks a string for extraction where it is defined; `_()` translates it where shown."""
    return message


@cache
def _folders() -> tuple[str, ...]:
    return tuple(
        sorted(p.name for p in LOCALES.glob("*") if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())
    )


def available() -> list[str]:
    """English first, then every language that has a folder with a catalogue."""
    show_pseudo = os.environ.get(PSEUDO_VARIABLE) == "1"
    return [
        DEFAULT,
        *(lang for lang in _folders() if lang != DEFAULT and (lang != PSEUDO or show_pseudo)),
    ]


def language_name(lang: str) -> str:
    return NAMES.get(lang, lang)


def match(tag: str | None) -> str | None:
    """The offered language for a tag such as "es-MX", "es_419" or "ES"; None if none fits."""
    if not tag:
        return None
    tag = tag.strip().replace("_", "-")
    offered = {lang.lower(): lang for lang in available()}
    if tag.lower() in offered:
        return offered[tag.lower()]
    return offered.get(tag.split("-", 1)[0].lower())


def babel_locale(lang: str) -> str:
    """The CLDR locale for dates and numbers; the pseudo-locale borrows English."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(lang.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return DEFAULT


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`; English (or an unknown language) passes through."""
    po = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        # The plural rule comes from the file's Plural-Forms header; the locale only names it.
        catalog = read_po(f, locale=babel_locale(lang), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current_language() -> str:
    """The session's language, or English outside a Streamlit script run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is None:
            return DEFAULT
        import streamlit as st

        return st.session_state.get(SESSION_KEY) or st.session_state.get(WIDGET_KEY) or DEFAULT
    except Exception:  # noqa: BLE001 - a missing session must never hide a page's words
        return DEFAULT


def _(message: str) -> str:
    return translator(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(current_language()).ngettext(singular, plural, n)


def format_date(day: date, lang: str | None = None) -> str:
    """A date in words as the language writes it: "28 November 2026", "28 de noviembre de 2026"."""
    from babel.dates import format_date as babel_format_date

    lang = lang or current_language()
    locale = babel_locale(lang)
    # English as the pages always wrote it: day first, no comma.
    return babel_format_date(day, format="d MMMM y" if locale == DEFAULT else "long", locale=locale)
