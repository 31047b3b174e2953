"""Fixtures for the questionnaire tests: a small valid questionnaire, the real one, and a
helper that writes a questionnaire dict (or raw text) to a YAML file."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from questionnaire_samples import REPO_ROOT, minimal_questionnaire

if str(REPO_ROOT) not in sys.path:  # `pytest` (unlike `python -m pytest`) does not add it
    sys.path.insert(0, str(REPO_ROOT))

from questionnaire.loader import DEFAULT_QUESTIONNAIRE, read_yaml  # noqa: E402
from questionnaire.schema import Questionnaire  # noqa: E402

CONTENT_FILE = DEFAULT_QUESTIONNAIRE


@pytest.fixture
def mini() -> dict:
    return minimal_questionnaire()


@pytest.fixture(scope="session")
def real_data() -> dict:
    """The shipped YAML as raw data (copy it before changing it: see `real_copy`)."""
    return read_yaml(CONTENT_FILE)


@pytest.fixture
def real_copy(real_data: dict) -> dict:
    return copy.deepcopy(real_data)


@pytest.fixture(scope="session")
def real() -> Questionnaire:
    from questionnaire.loader import load_questionnaire

    return load_questionnaire(CONTENT_FILE)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Write data (a dict, or raw text) to a YAML file in tmp_path and return its path."""

    def write(data: dict | str, name: str = "content.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write
