"""Resume codes: enough randomness, easy to retype, and never stored as they are."""

from __future__ import annotations

import math
import re

from storage.codes import ALPHABET, CODE_BITS, hash_code, new_code, parse_code


def test_a_code_carries_at_least_128_random_bits():
    assert CODE_BITS >= 128
    raw = new_code().replace("-", "")
    assert len(raw) * math.log2(len(ALPHABET)) >= 128


def test_a_code_is_groups_of_unambiguous_characters():
    code = new_code()
    assert re.fullmatch(r"([0-9A-Z]{4}-){6}[0-9A-Z]{4}", code)
    assert not set(code) & set("ILOU")


def test_codes_do_not_repeat():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_a_code_is_accepted_however_it_is_typed():
    code = new_code()
    raw = code.replace("-", "")
    spaced = " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    dashed = code.replace("-", " - ")
    variants = (code, code.lower(), raw, raw.lower(), spaced, f"  {code}\n", dashed)
    for typed in variants:
        assert parse_code(typed) == code


def test_letters_that_look_like_digits_are_read_as_digits():
    code = "0000-1111-" + "-".join(["ABCD"] * 5)
    assert parse_code("oOoO-iIlL-" + "-".join(["abcd"] * 5)) == code


def test_what_cannot_be_a_code_is_refused():
    code = new_code()
    for typed in (None, "", "hello", code[:-1], code + "X", code.replace(code[0], "U", 1),
                  code + "?", "A" * 10_000, 12345):
        assert parse_code(typed) is None  # type: ignore[arg-type]


def test_the_hash_is_sha256_hex_and_differs_from_the_code():
    code = new_code()
    digest = hash_code(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == hash_code(parse_code(code.lower()) or "")
    assert digest != hash_code(new_code())
    assert code.replace("-", "") not in digest.upper()
