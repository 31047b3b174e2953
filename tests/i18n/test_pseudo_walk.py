"""The pseudo-locale walk: every page, results included, shows no string that escaped translation.

In en-XA every translated text is wrapped in ⟦…⟧ (scripts/pseudo_locale.py). Walking the app
in it, every piece of text a person can read (headings, paragraphs, labels, options, help,
captions, alerts, the helplines' HTML, the quick exit's words) must be wrapped: a word left
outside the brackets is English that never went through gettext or a content overlay.
"""

from __future__ import annotations

import html as html_module
import re

import pytest
from streamlit.testing.v1 import AppTest

import i18n
from questionnaire import QuestionType, default_questionnaire
from scripts.pseudo_locale import ACCENTED, CLOSE, OPEN
from tests.sample_answers import CALM_ANSWERS
from tests.ui.flow import APP, TIMEOUT, answer_section, click, current_step

# Data, not words: month names from Babel's English dates, product and format names,
# SMS keywords and acronyms (all capitals), web addresses.
ALLOWED = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Markdown", "PDF", "JSON", "Crossroads",
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
_ADDRESS = re.compile(r"https?://\S+|\b[\w.-]+\.(?:org|com|gov|net|uk|ie|au|nz|ca|es|mx|us)\S*")
_INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")

# A story with signs of danger and a crisis: the banner, the support blocks, the lines.
UNSAFE = {
    **CALM_ANSWERS,
    "safety_afraid": "yes",
    "safety_threatened": "yes",
    "own_thoughts": "yes",
    "own_thoughts_now": "no",
}
TYPED = f"{OPEN}Ţýƥéđ ƀý ţĥé ƥéřšöñ{CLOSE}"  # what the person types is theirs, shown as is


def _escaped(text: str) -> list[str]:
    """The English words of `text`: any word outside every ⟦…⟧, and inside one any word
    the pseudo-locale would have accented (a value put into a translated sentence, such as
    a name from content that has no translation)."""
    text = _ADDRESS.sub(" ", text)
    text = re.sub(r":material/\w+:|:[\w-]+\[|\{[^}]*\}", " ", text)
    rest = text
    while True:
        stripped = _INNERMOST.sub(" ", rest)
        if stripped == rest:
            break
        rest = stripped
    outside = [w for w in _WORD.findall(rest) if w not in ALLOWED and not w.isupper()]
    inside = [
        w for w in _WORD.findall(text)
        if w not in ALLOWED and not w.isupper() and w not in outside
        and any(c in ACCENTED for c in w)
    ]
    return outside + inside


_TEXT_KINDS = {
    "markdown", "caption", "title", "header", "subheader", "text", "alert", "error", "info",
    "success", "warning", "exception",
}


class _Visible:
    """Every text on the current page, with where it sits."""

    def __init__(self, at: AppTest) -> None:
        self.items: list[tuple[str, str]] = []
        for node in _walk(at._tree):
            self._take(node)

    def _add(self, where: str, text) -> None:
        if isinstance(text, str) and text.strip():
            self.items.append((where, text))

    def _take(self, node) -> None:
        kind = getattr(node, "type", "")
        key = getattr(node, "key", None) or ""
        where = f"{kind}{f'[{key}]' if key else ''}"
        if key == i18n.WIDGET_KEY:
            return  # each language is named in its own words, by design
        if kind == "html":
            if "crossroads-quick-exit" in node.value:
                found = re.search(r'"label": "([^"]*)".*?"hint": "([^"]*)"', node.value, re.S)
                assert found, "the quick exit carries no words"
                self._add("quick exit", found.group(1))
                self._add("quick exit hint", found.group(2))
                return
            body = re.sub(r"<(script|style)\b.*?</\1>", " ", node.value, flags=re.S)
            for piece in re.split(r"<[^>]+>", body):
                self._add(where, html_module.unescape(piece))
            return
        if kind == "code":
            return  # a resume code
        if kind == "text" and TYPED in str(getattr(node, "value", "")):
            return
        if kind in _TEXT_KINDS:
            self._add(f"{where}.value", getattr(node, "value", None))
        if kind == "progress":
            self._add(f"{where}.text", getattr(node, "text", None))
        if kind == "expandable":
            self._add(f"{where}.label", node.proto.expandable.label)
        for attribute in ("label", "help", "placeholder"):
            self._add(f"{where}.{attribute}", getattr(node, attribute, None))
        for option in getattr(node, "options", None) or []:
            self._add(f"{where}.option", option)

    def escapes(self, page: str) -> list[str]:
        out = []
        for where, text in self.items:
            for line in text.splitlines():
                words = _escaped(line)
                if words:
                    out.append(f"{page}: {where}: {' '.join(words)!s} in {line.strip()[:120]!r}")
        return out


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def _page_escapes(at: AppTest, page: str) -> list[str]:
    assert not at.exception, at.exception
    return _Visible(at).escapes(page)


def _answers(values: dict) -> dict:
    questionnaire = default_questionnaire("en")
    return {
        key: TYPED if questionnaire.question(key).type is QuestionType.FREE_TEXT else value
        for key, value in values.items()
    }


def _walk_app(values: dict, *, sources: bool, plan: bool) -> list[str]:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params[i18n.WIDGET_KEY] = i18n.PSEUDO
    at.run()
    escapes = _page_escapes(at, "welcome")
    if sources:
        click(at, "sources_from_welcome")
        escapes += _page_escapes(at, "sources")
        click(at, "sources_back")
    click(at, "start")
    for section in default_questionnaire("en").sections:
        answer_section(at, values)
        escapes += _page_escapes(at, f"section {section.id}")
        click(at, "nav_next")
    assert current_step(at) == "review"
    escapes += _page_escapes(at, "review")
    click(at, "nav_next")
    escapes += _page_escapes(at, "results")
    if plan and at.button(key="make_plan") is not None:
        click(at, "make_plan")
        for n in range(12):
            escapes += _page_escapes(at, f"plan page {n + 1}")
            nexts = [b for b in at.button if b.key in ("plan_start", "plan_next")]
            if not nexts:
                break
            nexts[0].click().run()
    return escapes


@pytest.fixture(autouse=True)
def pseudo_offered(monkeypatch):
    monkeypatch.setenv(i18n.PSEUDO_VARIABLE, "1")


def test_escape_finder_finds_english_and_passes_pseudo():
    assert _escaped("⟦Ƥåţĥ: ⟦Ţåļķ⟧ ~ ļöřé⟧ (suggested)") == ["suggested"]
    assert _escaped("- ⟦Šţéƥ⟧  :gray[⟦Ýöû åñšŵéřéđ⟧]") == []
    assert _escaped("⟦Çĥéçķéđ⟧ 28 November 2026, https://www.thehotline.org/help") == []
    assert _escaped("Text AYUDA to 988") == ["Text"]
    assert _escaped("⟦Máđé ƀý The Crossroads team. ~ ļöř⟧") == ["The", "team"]


def test_no_string_escapes_translation_on_a_calm_walk():
    escapes = _walk_app(_answers(CALM_ANSWERS), sources=True, plan=True)
    assert not escapes, f"{len(escapes)} untranslated:\n" + "\n".join(escapes)


def test_no_string_escapes_translation_where_safety_leads():
    escapes = _walk_app(_answers(UNSAFE), sources=False, plan=False)
    assert not escapes, f"{len(escapes)} untranslated:\n" + "\n".join(escapes)
