"""Limits per client address, counted in the database so that they hold across processes.

Two limits, for saving and resuming only (help and the questions are never limited):

- `WRONG_CODES`: wrong resume codes from one address, about 10 a minute;
- `NEW_RECORDS`: new saved records started from one address, about 100 an hour.

A per-session throttle (storage/throttle.py) cannot hold on its own: every new connection
starts a new session with free guesses. These counts live in the `rate_counts` table, which
every replica shares, so neither a new connection nor another replica starts them afresh.

What is kept: for each address, a count per fixed window (a minute for codes, an hour for
records). The address itself is never stored, only a short hash of it (an IPv6 address by
its /64 network, which one household or phone gets whole), and a window's row is deleted
once it is two windows old: the table says how busy an address was in the last hour or
two, and nothing older. The rows are not linked to any saved record.

Counting: the usual sliding-window estimate from two fixed windows,
`previous * (1 - elapsed / window) + current`; one more event is allowed while that plus one
stays within the limit. An unknown address (`None`, such as a connection from this machine
with no trusted balancer in front) is not limited here.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from storage.models import RateCount


@dataclass(frozen=True)
class Limit:
    kind: str  # the `kind` column; at most 16 characters
    most: int  # events allowed per window
    window: int  # seconds


WRONG_CODES = Limit("wrong_code", most=10, window=60)
NEW_RECORDS = Limit("new_record", most=100, window=3600)
LIMITS = (WRONG_CODES, NEW_RECORDS)

# Old windows are swept at most this often (seconds), by whichever process counts next.
SWEEP_EVERY = 60.0

_HASH_LABEL = b"crossroads rate limit v1\0"


class LimitReached(Exception):
    """One more event would go over a limit; `wait` is how many seconds until it would not."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"limit reached; wait {wait:.0f} s")
        self.wait = wait


def address_key(address: str | None) -> str | None:
    """The hash an address is counted under, or None for no usable address.

    IPv4 addresses count one by one; IPv6 ones by their /64 network, since one device or
    household gets a whole /64 and could otherwise take a fresh address for every guess.
    """
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped
        name = str(mapped) if mapped else str(ipaddress.ip_network(f"{ip}/64", strict=False))
    else:
        name = str(ip)
    return hashlib.sha256(_HASH_LABEL + name.encode("ascii")).hexdigest()[:32]


def _clock(moment: datetime, limit: Limit) -> tuple[int, float]:
    """The start of the current window (epoch seconds) and the seconds since it began."""
    now = moment.timestamp()
    start = int(now // limit.window) * limit.window
    return start, now - start


def wait_seconds(limit: Limit, previous: int, current: int, elapsed: float) -> float:
    """Seconds until one more event fits, `elapsed` seconds into the current window."""
    room = limit.most - 1  # the estimate may be at most this before one more is counted
    window = limit.window
    if previous * (1 - elapsed / window) + current <= room:
        return 0.0
    if current <= room:
        # Within this window, as the previous one's weight runs down.
        fits_at = window * (1 - (room - current) / previous)
        return max(0.0, fits_at - elapsed)
    # Not before the next window; then this window's count runs down in its turn.
    fits_at = window * (1 - room / current) if current else 0.0
    return (window - elapsed) + fits_at


def _counts(session: Session, limit: Limit, key: str, start: int) -> tuple[int, int]:
    rows = session.execute(
        select(RateCount.window_start, RateCount.count).where(
            RateCount.client_hash == key,
            RateCount.kind == limit.kind,
            RateCount.window_start.in_((start - limit.window, start)),
        )
    ).all()
    found = {window_start: count for window_start, count in rows}
    return found.get(start - limit.window, 0), found.get(start, 0)


def wait(session: Session, limit: Limit, key: str, moment: datetime) -> float:
    """Seconds before `key` may have one more `limit` event; 0 when it may now."""
    start, elapsed = _clock(moment, limit)
    previous, current = _counts(session, limit, key, start)
    return wait_seconds(limit, previous, current, elapsed)


def count(session: Session, limit: Limit, key: str, moment: datetime) -> None:
    """Count one `limit` event for `key` in the current window (one statement, no race)."""
    start, _ = _clock(moment, limit)
    values = {"client_hash": key, "kind": limit.kind, "window_start": start, "count": 1}
    # SQLite and PostgreSQL (the two this app supports) share the ON CONFLICT form.
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else (
        sqlite_insert
    )
    session.execute(
        insert(RateCount).values(values).on_conflict_do_update(
            index_elements=["client_hash", "kind", "window_start"],
            set_={"count": RateCount.count + 1},
        )
    )


def sweep(session: Session, moment: datetime) -> int:
    """Delete every window that no longer counts (two windows old); returns how many."""
    removed = 0
    for limit in LIMITS:
        start, _ = _clock(moment, limit)
        removed += session.execute(
            delete(RateCount)
            .where(RateCount.kind == limit.kind,
                   RateCount.window_start < start - limit.window)
            .execution_options(synchronize_session=False)
        ).rowcount or 0
    # Kinds no longer in LIMITS (a limit renamed since) are kept no longer than the longest.
    longest = max(limit.window for limit in LIMITS)
    removed += session.execute(
        delete(RateCount)
        .where(RateCount.kind.not_in([limit.kind for limit in LIMITS]),
               RateCount.window_start < moment.timestamp() - 2 * longest)
        .execution_options(synchronize_session=False)
    ).rowcount or 0
    return removed
