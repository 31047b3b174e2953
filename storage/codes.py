"""Resume codes: made from 140 random bits, easy to copy and retype, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# Crockford's base32: no I, L, O or U, so nothing is mistaken for 1, 0 or V when retyped.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 7
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE  # 28 symbols x 5 bits = 140 bits of randomness
CODE_BITS = LENGTH * 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DOMAIN = b"crossroads/resume-code/v1:"


def new_code() -> str:
    """A fresh resume code from the OS's secure random source, e.g. `K7QF-8M2X-...`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def parse_code(text: str | None) -> str | None:
    """The canonical form of a typed or pasted code, or None if it cannot be one.

    Case, spaces and dashes do not matter, and O, I and L are read as 0, 1 and 1.
    """
    if not isinstance(text, str) or len(text) > 4 * LENGTH:
        return None
    raw = "".join(ch for ch in text.upper() if ch not in " -\t\r\n").translate(_READ_AS)
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return format_code(raw)


def hash_code(code: str) -> str:
    """The SHA-256 (hex) stored in place of a canonical code.

    Why a plain, fast hash and not a password hash or a keyed one: a code carries 140 random
    bits, so nobody can try enough guesses against a stolen hash for slowness or a secret key
    to add anything; both would only add cost and, for a key, one more secret that every
    replica must share and that loses every record if it is lost. The prefix keeps these
    hashes apart from any other use of SHA-256.
    """
    return hashlib.sha256(_DOMAIN + code.encode("ascii")).hexdigest()
