"""A private copy of the scoring content for a test to break, and how to see it refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaire.loader import ContentError, default_questionnaire
from scoring import load_rules
from scoring.rules import RULES_DIR


def copy_content(folder: Path) -> Path:
    """rules.yaml and every file beside it, copied into `folder`; returns the rules file."""
    for source in RULES_DIR.glob("*.yaml"):
        (folder / source.name).write_text(source.read_text())
    return folder / "rules.yaml"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def refused(rules_file: Path) -> str:
    """The one-line message with which the content is refused."""
    with pytest.raises(ContentError) as caught:
        load_rules(rules_file, default_questionnaire())
    message = str(caught.value)
    assert "\n" not in message
    return message
