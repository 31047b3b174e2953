"""Which database the app uses: argument, environment, secrets file, or SQLite under ./data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from storage import StorageUnavailable, open_store
from storage.config import resolve_database_url, secrets_files

PG = "postgresql+psycopg://app@db.internal:5432/crossroads"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No settings anywhere: working directory and home are empty temporary folders."""
    for name in ("CROSSROADS_DATABASE_URL", "CROSSROADS_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    return work


def write_secrets(folder: Path, body: str) -> Path:
    path = folder / ".streamlit" / "secrets.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


def test_with_no_settings_it_is_sqlite_under_data(clean_env: Path):
    assert resolve_database_url() == f"sqlite:///{clean_env / 'data' / 'crossroads.db'}"


def test_the_data_dir_can_be_moved(clean_env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CROSSROADS_DATA_DIR", "/srv/crossroads")
    assert resolve_database_url() == "sqlite:////srv/crossroads/crossroads.db"


def test_argument_beats_environment_beats_secrets(clean_env: Path, monkeypatch):
    write_secrets(clean_env, 'CROSSROADS_DATABASE_URL = "sqlite:////from/secrets.db"\n')
    assert resolve_database_url() == "sqlite:////from/secrets.db"
    monkeypatch.setenv("CROSSROADS_DATABASE_URL", PG)
    assert resolve_database_url() == PG
    assert resolve_database_url("sqlite:////explicit.db") == "sqlite:////explicit.db"


def test_the_projects_secrets_file_beats_the_global_one(clean_env: Path):
    write_secrets(Path.home(), 'CROSSROADS_DATABASE_URL = "sqlite:////global.db"\n')
    assert resolve_database_url() == "sqlite:////global.db"
    write_secrets(clean_env, 'CROSSROADS_DATABASE_URL = "sqlite:////project.db"\n')
    assert resolve_database_url() == "sqlite:////project.db"
    assert secrets_files()[0] == clean_env / ".streamlit" / "secrets.toml"


def test_a_broken_secrets_file_turns_saving_off_plainly(clean_env: Path):
    write_secrets(clean_env, "CROSSROADS_DATABASE_URL = 'unclosed\n")
    with pytest.raises(StorageUnavailable, match="secrets file") as raised:
        resolve_database_url()
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("given", ["postgres://a@h/db", "postgresql://a@h/db"])
def test_plain_postgres_urls_use_the_shipped_driver(given: str):
    assert resolve_database_url(given) == "postgresql+psycopg://a@h/db"


def test_the_location_never_shows_a_password():
    store = open_store("postgresql://app:hunter2-secret@db.internal:6543/crossroads")
    assert store.location == "PostgreSQL database crossroads on db.internal:6543"


def test_the_default_database_is_created_on_first_use_for_the_owner_only(clean_env: Path):
    store = open_store()
    assert not (clean_env / "data").exists()  # nothing touches disk until saving is used
    store.start()
    store.close()
    folder = clean_env / "data"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(p.name for p in folder.iterdir())
    assert "crossroads.db" in files
    for name in files:
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600, name
