"""`python -m questionnaire check` given hostile files: one short error line, never a
traceback, and never unbounded memory or time (see questionnaire/safe_input.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from questionnaire_samples import REPO_ROOT

from questionnaire.__main__ import main
from questionnaire.loader import DEFAULT_QUESTIONNAIRE
from questionnaire.safe_input import (
    MAX_ERROR_CHARS,
    MAX_NESTING,
    MAX_QUOTE_CHARS,
    MAX_YAML_BYTES,
    MAX_YAML_NODES,
    one_line,
    quote,
)

# An error line: "error: " + file + a short problem + at most one quote of the input.
SHORT_LINE = 300


def check(capsys, path: Path) -> tuple[int, str, str]:
    code = main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, out: str, err: str, path: Path, *fragments: str) -> str:
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err[:2000]
    line = lines[0]
    assert line.startswith(f"error: {path}: "), line[:2000]
    assert len(line) < len(str(path)) + SHORT_LINE, line[:2000]
    for fragment in fragments:
        assert fragment in line, line
    return line


def run_module(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "questionnaire", *args],
        cwd=REPO_ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def laughs(levels: int, per_level: int = 9) -> str:
    """A "billion laughs" document: each anchor repeats the one before `per_level` times."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * per_level)}]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * per_level)}]")
    lines.append(f"sections: *l{levels - 1}")
    return "\n".join(lines) + "\n"


# --- finding 2: nesting ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 500 + "]" * 500 + "\n", id="flow lists"),
        pytest.param("{a: " * 500 + "1" + "}" * 500 + "\n", id="flow mappings"),
        pytest.param("".join(f"{' ' * i}a:\n" for i in range(500)) + " " * 500 + "b\n", id="block"),
        pytest.param("- " * 500 + "x\n", id="block lists"),
    ],
)
def test_yaml_nested_500_deep_is_one_line(tmp_path, capsys, text) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, f"nested more than {MAX_NESTING} levels deep")


def test_yaml_nested_500_deep_run_as_a_command_prints_no_traceback(tmp_path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 500 + "]" * 500)
    done = run_module("check", str(path))
    assert done.returncode == 1
    assert done.stderr == (
        f"error: {path}: line 1: nested more than {MAX_NESTING} levels deep\n"
    ), done.stderr[:3000]


def test_nesting_up_to_the_limit_is_read(tmp_path, capsys) -> None:
    # Nesting itself is fine up to the limit: the file then fails only for its content.
    path = tmp_path / "nested.yaml"
    path.write_text("id: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1) + "\n")
    code, out, err = check(capsys, path)
    line = assert_one_line_error(code, out, err, path)
    assert "levels deep" not in line and "field 'id'" in line


# --- aliases: billion laughs, cycles, depth through aliases ---------------------------------


def test_billion_laughs_is_refused_quickly(tmp_path, capsys) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(laughs(10))  # 9 ** 10 = 3.5 billion strings from 800 bytes
    started = time.monotonic()
    code, out, err = check(capsys, path)
    assert time.monotonic() - started < 10
    assert_one_line_error(
        code, out, err, path, f"more than {MAX_YAML_NODES:,} values once aliases are expanded"
    )


def test_a_few_aliases_are_still_fine(tmp_path, capsys, mini) -> None:
    # safe_dump writes a list used twice as an anchor and an alias.
    shared = mini["sections"][0]["questions"][1]["options"]
    mini["sections"][0]["questions"][2]["options"] = shared
    mini["sections"][0]["questions"][2]["visible_if"]["any_of"] = ["good", "bad"]
    text = yaml.safe_dump(mini, sort_keys=False)
    assert "&id001" in text and "*id001" in text
    path = tmp_path / "aliased.yaml"
    path.write_text(text)
    code, out, err = check(capsys, path)
    assert code == 0, err
    assert out.splitlines()[0].endswith(": OK")


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path, capsys) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text("id: x\nsections: &s [*s]\n")
    code, out, err = check(capsys, path)
    assert_one_line_error(
        code, out, err, path, "line 2", "an alias refers to a value that contains it"
    )


def test_nesting_through_aliases_is_bounded(tmp_path, capsys) -> None:
    depth = MAX_NESTING - 2
    path = tmp_path / "alias_depth.yaml"
    path.write_text(
        f"a: &a {'[' * depth}1{']' * depth}\n" f"sections: {'[' * depth}*a{']' * depth}\n"
    )
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, "nested more than", "once aliases are expanded")


# --- size ----------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_without_parsing(tmp_path, capsys) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("title: " + "x" * (4 * MAX_YAML_BYTES))  # no line break at all
    started = time.monotonic()
    code, out, err = check(capsys, path)
    assert time.monotonic() - started < 5
    assert_one_line_error(code, out, err, path, "file is 2.0 MB; a content file is at most 512 KB")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_refused(capsys) -> None:
    path = Path("/dev/zero")
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, "over 512 KB", "at most")


# --- values Python cannot build, and long offending input ------------------------------------


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        pytest.param("id: x\nversion: " + "9" * 5000 + "\n", ["line 2", "cannot read value"],
                     id="5000-digit integer"),
        pytest.param("id: x\nupdated: 2026-13-45\n", ["line 2", "'2026-13-45'", "month"],
                     id="13th month"),
    ],
)
def test_values_python_cannot_build_are_one_line(tmp_path, capsys, text, fragments) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(text)
    code, out, err = check(capsys, path)
    line = assert_one_line_error(code, out, err, path, "not valid YAML", *fragments)
    assert "set_int_max_str_digits" not in line


def test_a_long_repeated_key_is_quoted_short(tmp_path, capsys) -> None:
    key = "k" * 100_000
    path = tmp_path / "dup.yaml"
    path.write_text(f"? {key}\n: 1\n? {key}\n: 2\n")  # an explicit key: implicit ones stop at 1024
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, "line 3", f"key {quote(key)} is given twice", "…")


def test_a_long_id_in_a_validation_error_is_quoted_short(tmp_path, capsys, real_copy) -> None:
    long_id = "q" * 50_000
    real_copy["sections"][0]["questions"][0]["id"] = long_id
    path = tmp_path / "long_id.yaml"
    path.write_text(yaml.safe_dump(real_copy, sort_keys=False, width=10**6))
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, "q" * MAX_QUOTE_CHARS + "…")


def test_a_line_break_in_an_offending_value_stays_on_one_line(tmp_path, capsys, mini) -> None:
    mini["sections"][0]["questions"][2]["id"] = "bad\nerror: forged\x1b[2J"
    path = tmp_path / "newline.yaml"
    path.write_text(yaml.safe_dump(mini, sort_keys=False))
    code, out, err = check(capsys, path)
    assert_one_line_error(code, out, err, path, "bad\\nerror: forged\\x1b[2J")


def test_a_byte_order_mark_is_accepted(tmp_path, capsys) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT_QUESTIONNAIRE.read_bytes())
    code, out, err = check(capsys, path)
    assert code == 0, err


# --- output --------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["schema"], ["check", str(DEFAULT_QUESTIONNAIRE)]])
def test_stdout_that_cannot_be_written_is_one_line(args) -> None:
    with open("/dev/full", "w") as full:
        done = run_module(*args, stdout=full)
    assert done.returncode == 1
    assert done.stderr == "error: stdout: cannot write output (No space left on device)\n"


# --- the one-line guard itself ---------------------------------------------------------------


def test_one_line_escapes_breaks_clips_quotes_and_caps_length() -> None:
    assert one_line("a\nb\r\x1b[31m\u2028") == "a\\nb\\r\\x1b[31m\\u2028"
    clipped = one_line("question 'x': '" + "y" * 10_000 + "' is not one of its options")
    assert clipped == f"question 'x': '{'y' * MAX_QUOTE_CHARS}…' is not one of its options"
    capped = one_line("/" + "d/" * 10_000 + "file.yaml: a problem")
    assert len(capped) <= MAX_ERROR_CHARS and capped.endswith("file.yaml: a problem")
    assert one_line("short and plain") == "short and plain"
