"""The app creates and upgrades its own schema, records the version, and never races itself."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest
from sqlalchemy import Connection, inspect, text

from storage import SCHEMA_VERSION, StorageUnavailable, Store
from storage.migrations import MIGRATIONS
from storage.models import Base

QUESTIONNAIRE = {"questionnaire_id": "crossroads", "questionnaire_version": "1.0.0"}


def _versions(store: Store) -> list[tuple[int, object]]:
    with store.database.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            text("SELECT version, applied_at FROM schema_version ORDER BY version")
        )]


def test_first_use_creates_the_schema_and_records_its_version(store: Store):
    assert store.healthy()
    versions = _versions(store)
    assert [v for v, _ in versions] == list(range(1, SCHEMA_VERSION + 1))
    assert all(applied is not None for _, applied in versions)


def test_the_migrations_build_exactly_what_the_models_describe(store: Store):
    assert store.healthy()
    inspector = inspect(store.database.engine)
    assert set(inspector.get_table_names()) == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        built = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(built) == {c.name for c in table.columns}, name
        for column in table.columns:
            nullable = built[column.name]["nullable"]
            assert nullable == column.nullable or column.primary_key, f"{name}.{column.name}"
        assert set(inspector.get_pk_constraint(name)["constrained_columns"]) == {
            c.name for c in table.primary_key
        }
        built_fks = {
            (tuple(fk["constrained_columns"]), fk["referred_table"],
             (fk.get("options") or {}).get("ondelete", "").upper())
            for fk in inspector.get_foreign_keys(name)
        }
        model_fks = {
            ((fk.parent.name,), fk.column.table.name, (fk.ondelete or "").upper())
            for fk in table.foreign_keys
        }
        assert built_fks == model_fks, name
        indexed = {tuple(i["column_names"]) for i in inspector.get_indexes(name)}
        indexed |= {tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)}
        for column in table.columns:
            if column.index or column.unique:
                assert (column.name,) in indexed, f"{name}.{column.name} is not indexed"


def _add_note_column(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE progress ADD COLUMN note VARCHAR(200)"))


def test_an_older_database_is_upgraded_in_place_and_keeps_its_data(database_url, make_store):
    old_app: Store = make_store(database_url, migrations=MIGRATIONS)
    code = old_app.start()
    old_app.save_progress(code, {"who_wants_out": "i_am_unsure"}, "situation", **QUESTIONNAIRE)
    old_app.close()

    new_app: Store = make_store(database_url, migrations=(*MIGRATIONS, _add_note_column))
    progress = new_app.load_progress(code)

    assert progress is not None and progress.values == {"who_wants_out": "i_am_unsure"}
    assert [v for v, _ in _versions(new_app)] == list(range(1, SCHEMA_VERSION + 2))
    columns = {c["name"] for c in inspect(new_app.database.engine).get_columns("progress")}
    assert "note" in columns


def test_a_failed_upgrade_leaves_the_old_version_intact(database_url, make_store):
    old_app: Store = make_store(database_url)
    code = old_app.start()

    def broken(conn: Connection) -> None:
        _add_note_column(conn)
        raise RuntimeError("migration bug")

    broken_app: Store = make_store(database_url, migrations=(*MIGRATIONS, broken))
    with pytest.raises(StorageUnavailable, match="could not be prepared"):
        broken_app.save_progress(code, {"a": "b"}, "s", **QUESTIONNAIRE)
    assert [v for v, _ in _versions(old_app)] == list(range(1, SCHEMA_VERSION + 1))
    columns = {c["name"] for c in inspect(old_app.database.engine).get_columns("progress")}
    assert "note" not in columns
    assert old_app.load_progress(code) is not None


def test_an_app_older_than_its_database_refuses_to_write(database_url, make_store):
    newer: Store = make_store(database_url, migrations=(*MIGRATIONS, _add_note_column))
    code = newer.start()
    older: Store = make_store(database_url, migrations=MIGRATIONS)
    with pytest.raises(StorageUnavailable, match="newer version") as raised:
        older.save_progress(code, {"a": "b"}, "s", **QUESTIONNAIRE)
    assert "\n" not in str(raised.value)
    assert older.healthy() is False


def test_replicas_starting_together_create_the_schema_once(database_url, make_store):
    stores: list[Store] = [make_store(database_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))

    def first_use(store: Store) -> str:
        barrier.wait()
        return store.start()

    with ThreadPoolExecutor(len(stores)) as pool:
        codes = list(pool.map(first_use, stores))
    assert [v for v, _ in _versions(stores[0])] == list(range(1, SCHEMA_VERSION + 1))
    for code in codes:
        assert all(s.load_progress(code) is not None for s in stores)


def test_many_sessions_saving_at_once_do_not_corrupt_anything(store: Store):
    writers, saves = 8, 12
    own_codes = [store.start() for _ in range(writers)]
    shared = store.start()
    errors: list[BaseException] = []

    def session(number: int) -> None:
        try:
            given: dict = {}
            for step in range(saves):
                given[f"q{step}"] = f"w{number}-a{step}"
                assert store.save_progress(own_codes[number], given, f"q{step}", **QUESTIONNAIRE)
                # Everyone also writes one shared record: each write must land whole.
                store.save_progress(
                    shared, {"writer": number, "step": step}, f"{number}-{step}", **QUESTIONNAIRE
                )
                loaded = store.load_progress(own_codes[number])
                assert loaded is not None and loaded.values == given
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for number, code in enumerate(own_codes):
        progress = store.load_progress(code)
        assert progress is not None and progress.step == f"q{saves - 1}"
        assert progress.values == {f"q{s}": f"w{number}-a{s}" for s in range(saves)}
    last = store.load_progress(shared)
    assert last is not None
    assert last.step == f"{last.values['writer']}-{last.values['step']}"


def test_times_are_stored_and_returned_in_utc(store: Store, make_store: Callable):
    code = store.start()
    store.save_progress(code, {}, "s", **QUESTIONNAIRE)
    progress = store.load_progress(code)
    assert progress is not None and progress.updated_at.tzinfo == UTC
    if store.database.backend == "postgresql":
        with store.database.engine.connect() as conn:
            kinds = set(conn.execute(text(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND column_name LIKE '%\\_at'"
            )).scalars())
        assert kinds == {"timestamp with time zone"}
