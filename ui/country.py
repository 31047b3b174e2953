"""Which country's lines to show: the person's choice, else a guess from the browser language."""

from __future__ import annotations

import streamlit as st

from i18n import _, current_language
from scoring.helplines import OTHER, Country, HelplineDirectory, country_for_locale
from scoring.localize import helplines_in
from scoring.model import LineKind
from ui.helplines_view import render_lines

_CHOSEN = "help_country"


def current_country() -> Country:
    """The chosen country, or the browser language's region, or "somewhere else"."""
    chosen = st.session_state.get(_CHOSEN)
    if chosen is None:
        chosen = country_for_locale(_browser_locale()) or OTHER
    return _directory().country(chosen)


def _directory() -> HelplineDirectory:
    """The lines with their names, hours and notes in the person's language."""
    return helplines_in(current_language())


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # no browser behind this run (a script or a test harness)
        return None


def render_country_picker(key: str, label: str | None = None) -> Country:
    """A small choice of country above the lines; it holds across pages and reruns.

    `label`, already translated, names the choice where it is not about lines (a plan's
    places say "Your country"); by default it reads "Show the lines for".

    The widget's own state is dropped by Streamlit on pages where it is not drawn, so the
    choice is kept under a key of its own and handed back to each new widget.
    """
    names = {c.id: c.name for c in _directory().countries}
    ids = list(names)
    current = current_country().id
    st.selectbox(
        label or _("Show the lines for"),
        options=ids,
        index=ids.index(current),
        format_func=names.__getitem__,
        key=key,
        on_change=_remember,
        args=(key,),
    )
    return current_country()


def render_picker_and_lines(
    key: str, kinds: list[LineKind], *, emergency_first: bool, titled: bool = True
) -> Country:
    """The choice of country, its lines of these kinds, and when they were last checked:
    the block every page that offers help draws."""
    country = render_country_picker(key=key)
    render_lines(country, kinds, emergency_first=emergency_first, titled=titled)
    return country


def _remember(key: str) -> None:
    st.session_state[_CHOSEN] = st.session_state[key]
