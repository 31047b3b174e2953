"""Saving and resuming answers behind one small interface: `open_store()` returns a `Store`.

    store = open_store()                 # SQLite under ./data, or CROSSROADS_DATABASE_URL
    code = store.start()                 # show once; keep in the URL
    store.save_progress(code, values, step, questionnaire_id=..., questionnaire_version=...)
    store.load_progress(code)            # Progress | None
    store.record_assessment(code, ...)   # a finished assessment, kept for comparison
    store.history(code)                  # list[PastAssessment] | None, oldest first
    store.export(code)                   # dict | None, everything stored, JSON-ready
    store.delete(code)                   # bool; every row gone in one transaction
    store.healthy()                      # bool, never raises
    store.purge_inactive(timedelta(days=365))  # retention: remove the long-inactive

A wrong code gives None or False, whether or not other records exist. Any database fault
raises StorageUnavailable (one plain sentence); the store then fails fast for a few seconds.
Keep one WrongCodeThrottle per session to slow down repeated wrong codes.
"""

from storage.codes import CODE_BITS, new_code, parse_code
from storage.errors import StorageUnavailable
from storage.migrations import SCHEMA_VERSION
from storage.records import PastAssessment, Progress
from storage.store import Store, open_store
from storage.throttle import WrongCodeThrottle

__all__ = [
    "CODE_BITS",
    "SCHEMA_VERSION",
    "PastAssessment",
    "Progress",
    "StorageUnavailable",
    "Store",
    "WrongCodeThrottle",
    "new_code",
    "open_store",
    "parse_code",
]
