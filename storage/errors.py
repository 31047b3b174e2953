"""The one exception the UI has to know about: storage cannot be used right now."""

from __future__ import annotations


class StorageUnavailable(RuntimeError):
    """The database cannot be used right now; the message is one plain sentence for a person.

    Raised for every fault of the database or its files (server down, file locked, folder not
    writable, schema newer than this app). The technical cause is chained as `__cause__` for
    logs; SQL parameters (a person's answers) are never part of it. The app keeps working
    without saving and tries again later.
    """

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class SavedAnswersUnreadable(StorageUnavailable):
    """One person's saved record cannot be decoded (damaged JSON, a broken value).

    Only that person is affected: the store does not pause for anyone else, and nothing is
    written over the record, so an operator can still repair it by hand.
    """

    MESSAGE = "Those saved answers could not be read."

    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)
