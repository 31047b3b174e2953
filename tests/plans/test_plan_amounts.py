"""A number in a plan reads as the language says it: "1 week", "6 weeks", "1 semana"."""

import pytest

from plans.loader import plan_in
from report.plan import _amount


@pytest.mark.parametrize(("lang", "one", "six"), [
    ("en", "1 week", "6 weeks"),
    ("es", "1 semana", "6 semanas"),
])
def test_the_break_length_uses_the_singular_for_one(lang, one, six):
    weeks = plan_in("space", lang).blocks[0].prompts[0].range
    assert _amount(1, weeks, lang) == one
    assert _amount(6, weeks, lang) == six
