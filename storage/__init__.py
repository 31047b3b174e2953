"""Saving and resuming answers behind one small interface: `open_store()` returns a `Store`.

    store = open_store()                 # SQLite under ./data, or CROSSROADS_DATABASE_URL
    code = store.start()                 # show once; keep in the URL
    saved = store.save_progress(code, values, step, base=last_read,
                                questionnaire_id=..., questionnaire_version=...)
                                         # Saved(values, merged) | False; merged per question
    store.load_progress(code)            # Progress | None
    store.record_assessment(code, ...)   # a finished assessment, kept for comparison
    store.history(code)                  # list[PastAssessment] | None, oldest first
    store.save_plan(code, "space", plan) # bool; a plan for one path (None removes it)
    store.load_plans(code)               # {path: plan} | None
    store.export(code)                   # dict | None, everything stored, JSON-ready
    store.delete(code)                   # bool; every row gone in one transaction
    store.traces_pending                 # bool; a deletion's bytes not yet cleared (SQLite)
    store.healthy()                      # bool, never raises
    store.purge_inactive(timedelta(days=365))  # also run by the store itself (RETENTION)

    store.limit_wait(WRONG_CODES, ip)     # seconds before this address may try a code
    store.count_event(WRONG_CODES, ip)    # a wrong code from this address
    store.take(NEW_RECORDS, ip)           # 0 and counted, or the seconds to wait

A wrong code gives None or False, whether or not other records exist. Any database fault
raises StorageUnavailable (one plain sentence); the store then fails fast for a few seconds.
A record that cannot be decoded raises SavedAnswersUnreadable, for that code only.
Keep one WrongCodeThrottle per session (in a ThrottleRegistry held by the process, not in
the session's state) to slow down repeated wrong codes; the per-address limits in the
database (storage/limits.py) hold across sessions and processes.
"""

from storage.codes import CODE_BITS, new_code, parse_code
from storage.errors import SavedAnswersUnreadable, StorageUnavailable
from storage.limits import NEW_RECORDS, WRONG_CODES, Limit
from storage.migrations import SCHEMA_VERSION
from storage.records import PastAssessment, Progress, Saved
from storage.store import RETENTION, Store, open_store
from storage.throttle import ThrottleRegistry, WrongCodeThrottle

__all__ = [
    "CODE_BITS",
    "NEW_RECORDS",
    "RETENTION",
    "SCHEMA_VERSION",
    "WRONG_CODES",
    "Limit",
    "PastAssessment",
    "Progress",
    "Saved",
    "SavedAnswersUnreadable",
    "StorageUnavailable",
    "Store",
    "ThrottleRegistry",
    "WrongCodeThrottle",
    "new_code",
    "open_store",
    "parse_code",
]
