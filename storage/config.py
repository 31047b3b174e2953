"""Where the database is: an explicit URL, else the environment, else the secrets file, else SQLite.

Order of precedence:
1. the `url` passed to `open_store`;
2. the environment variable CROSSROADS_DATABASE_URL;
3. the key CROSSROADS_DATABASE_URL at the top of Streamlit's secrets file
   (`./.streamlit/secrets.toml`, else `~/.streamlit/secrets.toml`);
4. `sqlite:///<data dir>/crossroads.db`, the data dir being CROSSROADS_DATA_DIR or `./data`.

Reading the secrets file here, rather than through `st.secrets`, keeps this package free of
Streamlit, so the bench and the tests use the very same resolution.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from storage.errors import StorageUnavailable

URL_VARIABLE = "CROSSROADS_DATABASE_URL"
DATA_DIR_VARIABLE = "CROSSROADS_DATA_DIR"
DEFAULT_DATA_DIR = "data"
DATABASE_FILE = "crossroads.db"


def secrets_files(cwd: Path | None = None) -> list[Path]:
    """Streamlit's secrets files, the project's own first (it wins over the global one)."""
    here = Path.cwd() if cwd is None else cwd
    return [here / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"]


def url_from_secrets(paths: Sequence[Path]) -> str | None:
    for path in paths:
        try:
            with open(path, "rb") as handle:
                secrets = tomllib.load(handle)
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise StorageUnavailable(
                f"The app's secrets file {path} cannot be read, so saving is off."
            ) from exc
        value = secrets.get(URL_VARIABLE)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def default_sqlite_url(environ: Mapping[str, str]) -> str:
    data_dir = Path(environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR).expanduser().absolute()
    return f"sqlite:///{data_dir / DATABASE_FILE}"


def resolve_database_url(
    url: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    secrets_paths: Sequence[Path] | None = None,
) -> str:
    """The database URL to use, following the order above, with PostgreSQL on psycopg 3."""
    env = os.environ if environ is None else environ
    chosen = (
        (url or "").strip()
        or (env.get(URL_VARIABLE) or "").strip()
        or url_from_secrets(secrets_files() if secrets_paths is None else secrets_paths)
        or default_sqlite_url(env)
    )
    # `postgres://` and `postgresql://` (as hosting providers hand them out) mean psycopg 3 here,
    # the driver this app ships; SQLAlchemy alone would look for psycopg2.
    for prefix in ("postgres://", "postgresql://"):
        if chosen.startswith(prefix):
            return "postgresql+psycopg://" + chosen.removeprefix(prefix)
    return chosen
