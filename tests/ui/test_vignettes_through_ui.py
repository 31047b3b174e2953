"""Every scoring vignette, answered through the UI, shows the path that scoring gives directly."""

from __future__ import annotations

import pytest

from questionnaire import default_questionnaire, drop_hidden, validate_answers
from report.summary import headline
from scoring import assess
from tests.ui.flow import (
    answer_section,
    click,
    current_step,
    keys_in_order,
    start_app,
    texts,
)
from tests.vignettes.test_vignettes import VIGNETTES
from ui.state import neighbour


@pytest.mark.parametrize(("source", "vignette"), VIGNETTES, ids=[v["id"] for _, v in VIGNETTES])
def test_vignette_through_the_ui(source, vignette):
    questionnaire = default_questionnaire()
    values = drop_hidden(questionnaire, dict(vignette["answers"]))
    at = click(start_app(), "start")
    for section in questionnaire.sections:
        assert current_step(at) == section.id
        answer_section(at, values)
        click(at, "nav_next")
        if current_step(at) == section.id:
            # Some vignettes leave required questions open on purpose; move on as the
            # review page's edit links would, without answering for the person.
            at.session_state["step"] = neighbour(questionnaire, section.id, +1)
            at.run()
    assert current_step(at) == "review"
    assert _unordered(at.session_state["answers"]) == _unordered(values)
    click(at, "nav_next")

    expected = assess(validate_answers(questionnaire, values, complete=False))
    words = texts(at)
    assert headline(expected) in words, f"{vignette['id']}: expected '{headline(expected)}'"
    blocks = keys_in_order(at)
    # Every support block the assessment calls for leads the page, before the paths.
    if expected.safety.crisis is not None:
        assert blocks.index("crisis_block") < blocks.index("path_talk")
        assert expected.safety.crisis.headline in words
    if expected.safety.level != "none":
        assert blocks.index("safety_block") < blocks.index("path_talk")
        assert expected.safety.headline in words
    if expected.safety.own_behaviour is not None:
        assert blocks.index("own_behaviour_block") < blocks.index("path_talk")
    if expected.safety_first:
        assert "Suggested path" not in words


def _unordered(values: dict) -> dict:
    """Ticks are kept in the options' order, whatever order the story lists them in."""
    return {k: sorted(v) if isinstance(v, list) else v for k, v in values.items()}
