"""The pseudo-locale script: placeholders kept, text 40% longer, the committed folder current."""

from __future__ import annotations

import re

import i18n
from scripts.pseudo_locale import build, is_pseudo, pseudo

_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date):.*$', re.M)


def test_pseudo_keeps_placeholders_marks_and_addresses_and_grows_the_text():
    text = "- **Call {number}** now, see https://www.thehotline.org and :material/check:"
    out = pseudo(text)
    assert out.startswith("- ⟦**") and out.endswith("⟧") and is_pseudo(out)
    for kept in ("{number}", "**", "https://www.thehotline.org", ":material/check:"):
        assert kept in out
    letters = sum(c.isalpha() for c in "Call now see and")
    assert sum(c.isalpha() for c in out) >= letters * 1.4 + 20  # the address's letters too
    assert "Call" not in out and "Çåļļ" in out
    assert pseudo("  ") == "  "


def test_the_committed_pseudo_locale_is_what_the_script_makes_now():
    """Run `make messages` when this fails: English text changed since it was made."""
    stale = []
    for relative, data in build().items():
        committed = i18n.LOCALES / relative
        if not committed.is_file():
            stale.append(f"missing: locales/{relative}")
        elif _DATES.sub(b"", committed.read_bytes()) != _DATES.sub(b"", data):
            stale.append(f"out of date: locales/{relative}")
    assert not stale, "run `make messages`:\n" + "\n".join(stale)


def test_every_msgid_and_content_text_has_a_pseudo_translation():
    translator = i18n.translator(i18n.PSEUDO)
    assert is_pseudo(translator.gettext("Quick exit"))
    assert translator.ngettext("{n} answer changed", "{n} answers changed", 2) == (
        pseudo("{n} answers changed")
    )
