"""Limits per client address, counted in the database: they hold across store instances
(processes, replicas) on one database, forget in time, and keep no address in clear.

Each behaviour runs on SQLite and on PostgreSQL (see conftest.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from storage import NEW_RECORDS, WRONG_CODES, Store
from storage.limits import Limit, address_key, wait_seconds

ALICE = "203.0.113.7"
BOB = "198.51.100.23"


class Clock:
    """A wall clock the test moves by hand; starts at the beginning of an hour."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 28, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def two_stores(database_url, make_store, clock) -> tuple[Store, Store]:
    """Two stores on one database, as two app processes or two replicas have."""
    return (make_store(database_url, now=clock, retention=None),
            make_store(database_url, now=clock, retention=None))


def _rows(store: Store) -> list[tuple]:
    with store.database.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT client_hash, kind, window_start, count FROM rate_counts"
        ))]


# --- addresses --------------------------------------------------------------------------------


def test_an_address_is_counted_under_a_hash_never_in_clear():
    key = address_key(ALICE)
    assert key is not None and len(key) == 32
    assert ALICE not in key and key != address_key(BOB)
    assert address_key(f" {ALICE} ") == key


def test_ipv6_counts_by_its_64_network_and_mapped_ipv4_as_ipv4():
    home = address_key("2001:db8:1:2::1")
    assert home == address_key("2001:db8:1:2:ffff:1:2:3")
    assert home != address_key("2001:db8:1:3::1")
    assert address_key("::ffff:203.0.113.7") == address_key(ALICE)
    assert address_key("[2001:db8:1:2::5]") == home


@pytest.mark.parametrize("unknown", [None, "", "not an address", "127.0.0.1:8501", "localhost"])
def test_no_usable_address_is_not_counted(unknown):
    assert address_key(unknown) is None


# --- the sliding-window arithmetic ------------------------------------------------------------


def test_the_limit_allows_exactly_most_events_in_a_quiet_window():
    limit = Limit("t", most=10, window=60)
    assert wait_seconds(limit, previous=0, current=9, elapsed=5) == 0
    assert wait_seconds(limit, previous=0, current=10, elapsed=5) > 0


def test_a_full_previous_window_runs_down_through_the_current_one():
    limit = Limit("t", most=10, window=60)
    # Ten in the last minute, none yet in this one: one more fits once a tenth has passed.
    waiting = wait_seconds(limit, previous=10, current=0, elapsed=0)
    assert waiting == pytest.approx(6.0)
    assert wait_seconds(limit, previous=10, current=0, elapsed=6.0) == 0


@given(
    previous=st.integers(0, 300), current=st.integers(0, 300),
    elapsed=st.floats(0, 59.999, allow_nan=False),
)
def test_after_the_wait_one_more_fits_and_not_before(previous, current, elapsed):
    limit = Limit("t", most=10, window=60)
    waiting = wait_seconds(limit, previous, current, elapsed)
    assert waiting >= 0
    then = elapsed + waiting + 1e-6
    if then < 60:
        estimate = previous * (1 - then / 60) + current
    else:  # the next window: this one's count is the previous one's
        estimate = current * (1 - (then - 60) / 60)
    assert estimate <= limit.most - 1 + 1e-6
    if waiting > 0.01:
        before = elapsed + waiting - 0.01
        if before < 60:
            assert previous * (1 - before / 60) + current > limit.most - 1


# --- across store instances on one database ------------------------------------------------------


def test_wrong_codes_from_one_address_are_limited_across_two_processes(two_stores, clock):
    first, second = two_stores
    for attempt in range(WRONG_CODES.most):
        store = (first, second)[attempt % 2]
        assert store.limit_wait(WRONG_CODES, ALICE) == 0, attempt
        assert store.load_progress("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG") is None
        store.count_event(WRONG_CODES, ALICE)
    assert first.limit_wait(WRONG_CODES, ALICE) > 0
    assert second.limit_wait(WRONG_CODES, ALICE) > 0
    # Someone else is not held up by it.
    assert second.limit_wait(WRONG_CODES, BOB) == 0
    # In time it lets up again: a little after a minute, on either process.
    clock.advance(WRONG_CODES.window)
    assert first.limit_wait(WRONG_CODES, ALICE) > 0  # the last minute still counts, mostly
    clock.advance(WRONG_CODES.window)
    assert first.limit_wait(WRONG_CODES, ALICE) == 0
    assert second.limit_wait(WRONG_CODES, ALICE) == 0


def test_new_records_from_one_address_are_limited_across_two_processes(two_stores, clock):
    first, second = two_stores
    for attempt in range(NEW_RECORDS.most):
        store = (first, second)[attempt % 2]
        assert store.take(NEW_RECORDS, ALICE) == 0, attempt
        clock.advance(1)
    refused = first.take(NEW_RECORDS, ALICE)
    assert refused > 0
    assert second.take(NEW_RECORDS, ALICE) > 0
    # A refusal counts nothing, so the wait does not grow by trying.
    assert [r[3] for r in _rows(first) if r[1] == NEW_RECORDS.kind] == [NEW_RECORDS.most]
    assert first.take(NEW_RECORDS, BOB) == 0
    clock.advance(refused)
    assert second.take(NEW_RECORDS, ALICE) == 0


def test_an_unknown_address_is_never_limited_nor_stored(two_stores):
    first, _ = two_stores
    for _ in range(WRONG_CODES.most + 5):
        first.count_event(WRONG_CODES, None)
        assert first.limit_wait(WRONG_CODES, None) == 0
        assert first.take(NEW_RECORDS, "") == 0
    assert first.healthy()
    assert _rows(first) == []


def test_old_windows_are_deleted_and_no_row_holds_an_address(two_stores, clock):
    first, second = two_stores
    first.count_event(WRONG_CODES, ALICE)
    first.take(NEW_RECORDS, BOB)
    rows = _rows(first)
    assert len(rows) == 2
    assert not any(ALICE in str(r) or BOB in str(r) for r in rows)
    # Two hours on, the next count sweeps every window that no longer counts.
    clock.advance(2 * NEW_RECORDS.window + 1)
    second.count_event(WRONG_CODES, "192.0.2.1")
    assert [r[1] for r in _rows(second)] == [WRONG_CODES.kind]


def test_counts_survive_a_new_store_on_the_same_database(database_url, make_store, clock):
    """A restarted process (or a store rebuilt for any reason) starts no count afresh."""
    old = make_store(database_url, now=clock, retention=None)
    for _ in range(WRONG_CODES.most):
        old.count_event(WRONG_CODES, ALICE)
    old.close()
    new = make_store(database_url, now=clock, retention=None)
    assert new.limit_wait(WRONG_CODES, ALICE) > 0
