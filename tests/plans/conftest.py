"""Copies of the plan files to break, one fault at a time."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plans.loader import CONTENT_DIR


@pytest.fixture
def plan_data():
    """The shipped plan of a path as plain data, to change before writing it out."""

    def read(path_id: str) -> dict:
        return yaml.safe_load((CONTENT_DIR / f"{path_id}.yaml").read_text(encoding="utf-8"))

    return read


@pytest.fixture
def write_yaml(tmp_path):
    def write(data, name: str = "talk.yaml") -> Path:
        path = tmp_path / name
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
