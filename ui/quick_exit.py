"""Quick exit: a button and Shift x3 that leave for a neutral page, in the browser alone.

The control is the page's own HTML and script (ui/quick_exit.js), put outside Streamlit's
React tree: Streamlit disables its widgets while the server is out of reach, and a quick exit
must work then too. It never asks the server for anything. When the tab leaves, its websocket
closes and Streamlit lets the session go; answers the person chose to save stay saved.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from i18n import _, current_language, ngettext

DEFAULT_EXIT_URL = "https://www.google.com/search?q=weather+today"
_SCRIPT = (Path(__file__).with_name("quick_exit.js")).read_text(encoding="utf-8")
# Streamlit's sanitiser drops a script whose text looks like markup.
if re.search(r"<[/\w!]", _SCRIPT):
    raise RuntimeError("ui/quick_exit.js: a '<' followed by a letter, '/' or '!'")


def exit_url() -> str:
    """Where the tab goes: CROSSROADS_EXIT_URL if it is a web address, else a neutral search."""
    url = os.environ.get("CROSSROADS_EXIT_URL", "").strip()
    return url if urlsplit(url).scheme in ("http", "https") else DEFAULT_EXIT_URL


def _texts() -> dict:
    """The button's words, its spoken hint and the Shift countdown, in the person's language."""
    return {
        "lang": current_language(),
        "label": _("Quick exit"),
        "hint": _(
            "Leaves this site at once for a neutral page. You can also press Shift three times."
        ),
        "skip": _("Skip to main content"),
        "shift": {
            left: ngettext(
                "Shift, press {n} more time to exit.", "Shift, press {n} more times to exit.", left
            ).format(n=left)
            for left in (1, 2)
        },
    }


def _script_json(value: object) -> str:
    # "<" is escaped so that no text can close the script element early.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def quick_exit_html() -> str:
    script = _SCRIPT.replace("__EXIT_URL__", _script_json(exit_url()))
    return f"<script>{script.replace('__TEXTS__', _script_json(_texts()))}</script>"


def render_quick_exit() -> None:
    """Install the control; on every run, so a refreshed page or a new session has it at once."""
    st.html(quick_exit_html(), unsafe_allow_javascript=True)
