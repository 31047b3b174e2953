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

DEFAULT_EXIT_URL = "https://www.google.com/search?q=weather+today"
_SCRIPT = (Path(__file__).with_name("quick_exit.js")).read_text(encoding="utf-8")
# Streamlit's sanitiser drops a script whose text looks like markup.
if re.search(r"<[/\w!]", _SCRIPT):
    raise RuntimeError("ui/quick_exit.js: a '<' followed by a letter, '/' or '!'")


def exit_url() -> str:
    """Where the tab goes: CROSSROADS_EXIT_URL if it is a web address, else a neutral search."""
    url = os.environ.get("CROSSROADS_EXIT_URL", "").strip()
    return url if urlsplit(url).scheme in ("http", "https") else DEFAULT_EXIT_URL


def quick_exit_html() -> str:
    # "<" is escaped so that no URL can close the script element early.
    url = json.dumps(exit_url()).replace("<", "\\u003c")
    return f"<script>{_SCRIPT.replace('__EXIT_URL__', url)}</script>"


def render_quick_exit() -> None:
    """Install the control; on every run, so a refreshed page or a new session has it at once."""
    st.html(quick_exit_html(), unsafe_allow_javascript=True)
