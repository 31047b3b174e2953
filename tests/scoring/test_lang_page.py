"""The result page in Spanish shows the scoring texts in Spanish: none of the English
rationales, paths, value fits, cautions or safety texts reaches the page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from i18n.overlay import texts
from questionnaire.loader import read_yaml
from scoring.localize import SCORING_FAMILIES
from tests.ui.flow import html
from tests.ui.flow import texts as page_texts
from tests.vignettes.test_vignettes import VIGNETTES

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def _strings(tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, dict):
        return [s for v in tree.values() for s in _strings(v)]
    if isinstance(tree, list):
        return [s for v in tree for s in _strings(v)]
    return []


def _english_sentences() -> set[str]:
    """Every English text of the result's scoring files long enough to be unmistakable."""
    found: set[str] = set()
    for english, keys, _ in SCORING_FAMILIES:
        if english.endswith(("sources.yaml", "helplines.yaml")):  # names stay as written
            continue
        tree = texts(read_yaml(ROOT / english), keys)
        found |= {" ".join(s.split()) for s in _strings(tree) if len(s) > 25}
    return found


@pytest.mark.parametrize(
    "name", ["torn_partner_agreed_break", "danger_where_counseling_would_win"]
)
def test_the_spanish_result_page_has_no_english_scoring_text(name: str) -> None:
    vignette = next(v for _, v in VIGNETTES if v["id"] == name)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "es"
    at.run()
    at.session_state["answers"] = {
        k: v for k, v in vignette["answers"].items() if not k.startswith("<")
    }
    at.session_state["step"] = "results"
    at.run()
    assert not at.exception, at.exception
    page = " ".join((page_texts(at) + html(at)).split())
    assert "Tu pareja" in page
    left = sorted(s for s in _english_sentences() if s in page)
    assert left == [], f"English on the Spanish result page: {left[:3]}"
