"""Interface and report strings in the person's language: gettext catalogues, a folder a language.

English is the source: its strings are the msgids in the code. Each other language is one
folder, `locales/<lang>/`, holding `LC_MESSAGES/crossroads.po` (interface and report strings)
beside its content files. The .po is compiled in memory by Babel when first used, so a
language needs no build step.

In the app, `_()` and `ngettext()` follow the language of the current session
(`st.session_state["lang"]`). Code that runs outside a session (reports, the command line)
asks `translator(lang)` for the same catalogue.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "crossroads"
DEFAULT = "en"
SESSION_KEY = "lang"


def available() -> list[str]:
    """English first, then every language that has a folder with a catalogue."""
    found = sorted(
        p.name for p in LOCALES.glob("*") if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
    )
    return [DEFAULT, *(lang for lang in found if lang != DEFAULT)]


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`; English (or an unknown language) passes through."""
    po = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == DEFAULT or not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=lang.replace("-", "_"), domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def current_language() -> str:
    """The session's language, or English outside a Streamlit script run."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        if get_script_run_ctx(suppress_warning=True) is None:
            return DEFAULT
        import streamlit as st

        return st.session_state.get(SESSION_KEY, DEFAULT)
    except Exception:  # noqa: BLE001 - a missing session must never hide a page's words
        return DEFAULT


def _(message: str) -> str:
    return translator(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(current_language()).ngettext(singular, plural, n)
