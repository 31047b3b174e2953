"""The language of the pages: ?lang= on arrival, else the browser's, then the person's switch.

Order of choice: a `?lang=es` in the address on arrival (a link from a Spanish-language
service), else the browser's language on the first run, else English; from then on the
switch on every page wins. The switch is a widget bound to the address (`?lang=`), so a
change replaces the browser's history entry instead of pushing one, and a refresh keeps the
language. Answers and the step live in session state under keys that do not depend on any
label, so switching keeps them.
"""

from __future__ import annotations

import logging

import streamlit as st

import i18n
from i18n import _
from ui import state

_BROWSER = "browser_lang"


def _not_our_switch(record: logging.LogRecord) -> bool:
    # The switch has a default (the browser's language) and is set through session state
    # on purpose (see render); Streamlit's one-time warning about that is no fault here.
    return f'key "{i18n.WIDGET_KEY}" was created with a default value' not in record.getMessage()


logging.getLogger("streamlit.elements.lib.policies").addFilter(_not_our_switch)


def _browser_locale() -> str | None:
    try:
        return st.context.locale
    except Exception:  # noqa: BLE001 - no browser behind this run (a script or a test harness)
        return None


def _from_address() -> str | None:
    """The language the address asks for: a code (?lang=es) or the switch's own label."""
    try:
        asked = st.query_params.get(i18n.WIDGET_KEY)
    except Exception:  # noqa: BLE001
        return None
    if not asked:
        return None
    by_name = {i18n.language_name(lang).casefold(): lang for lang in i18n.available()}
    return by_name.get(asked.strip().casefold()) or i18n.match(asked)


def _browser_language() -> str:
    """The browser's language where it is offered, else English; fixed for the session."""
    memo = state.memo()
    if _BROWSER not in memo:
        memo[_BROWSER] = i18n.match(_browser_locale()) or i18n.DEFAULT
    return memo[_BROWSER]


def choose() -> str:
    """Settle this run's language before anything is drawn; returns it."""
    offered = i18n.available()
    switched = st.session_state.get(i18n.WIDGET_KEY)
    if switched in offered:
        st.session_state[i18n.SESSION_KEY] = switched
    elif st.session_state.get(i18n.SESSION_KEY) not in offered:
        st.session_state[i18n.SESSION_KEY] = _from_address() or _browser_language()
    return st.session_state[i18n.SESSION_KEY]


def render() -> None:
    """The switch: each language named in its own words, small, first in the page's flow."""
    offered = i18n.available()
    if len(offered) < 2:
        return
    current = st.session_state[i18n.SESSION_KEY]
    if current != _browser_language() or st.session_state.get(i18n.WIDGET_KEY) != current:
        # Before the widget is made (never after). Set on every run while the language is
        # not the browser's: that is what makes Streamlit put it in the address (once the
        # widget has run before), so a ?lang=es link survives a refresh as ?lang=Español.
        st.session_state[i18n.WIDGET_KEY] = current
    with st.container(key="language_switch"):
        # A radio, not a segmented control: that one looks for an emoji at the start of
        # every label that is not plain ASCII ("Español"), and loading Streamlit's emoji
        # table for it held up each process's first page by about 90 ms.
        st.radio(
            _("Language"),
            options=offered,
            format_func=i18n.language_name,
            horizontal=True,
            # The address names the language only when it is not the browser's own, so a
            # refresh keeps a language chosen here or brought by a link, and nothing more.
            index=offered.index(_browser_language()),
            key=i18n.WIDGET_KEY,
            bind="query-params",
            label_visibility="collapsed",
            on_change=_switched,
        )


def _switched() -> None:
    chosen = st.session_state.get(i18n.WIDGET_KEY)
    if chosen in i18n.available():
        st.session_state[i18n.SESSION_KEY] = chosen
