"""`python -m scoring` given hostile input: one short error line naming the file, the item
and the problem, exit status 1, never a traceback, and bounded memory and time.

The limits are in questionnaire/safe_input.py; big inputs are made here, in tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from questionnaire.safe_input import (
    MAX_CSV_HEADER_BYTES,
    MAX_JSON_BYTES,
    MAX_NESTING,
    MAX_QUOTE_CHARS,
    MAX_YAML_NODES,
)
from scoring.__main__ import main
from scoring.rules import RULES_DIR

ROOT = Path(__file__).resolve().parents[2]
FIFTY_MB = 50_000_000
# An error line: "error: " + file + a short problem + at most one quote of the input.
SHORT_LINE = 300
# Calm answers that score (the same as ANSWERS in the CSV tests below).
CALM = {"who_wants_out": "both_unsure"}


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_module(*args: object, stdout=subprocess.PIPE, timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "scoring", *map(str, args)],
        cwd=ROOT,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(code: int, err: str, path: Path | str, *fragments: str) -> str:
    assert code == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and err.endswith("\n"), err[:2000]
    line = lines[0]
    assert line.startswith(f"error: {path}: "), line[:2000]
    assert len(line) < len(str(path)) + SHORT_LINE, line[:2000]
    for fragment in fragments:
        assert fragment in line, line
    return line


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def fifty_mb_line(tmp_path_factory) -> Path:
    """50 MB with no line break, written once for the module."""
    path = tmp_path_factory.mktemp("big") / "one_line.csv"
    with open(path, "wb") as file:
        file.write(b"who_wants_out" + b"x" * (FIFTY_MB - 13))
    return path


# --- finding 1: JSON nested 100,000 deep ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 100_000 + "]" * 100_000, id="arrays"),
        pytest.param('{"a": ' * 100_000 + "1" + "}" * 100_000, id="objects"),
        pytest.param(
            '{"questionnaire_id": "crossroads",\n "values": ' + "[" * 100_000 + "]" * 100_000 + "}",
            id="inside a document",
        ),
    ],
)
def test_json_nested_100000_deep_is_one_line(tmp_path, capsys, text) -> None:
    path = write(tmp_path, "deep.json", text)
    code, out, err = run(capsys, path)
    assert out == ""
    line = assert_one_line_error(code, err, path, f"nested more than {MAX_NESTING} levels deep")
    assert "line 2" in line if "\n" in text else "line 1" in line


def test_json_nested_100000_deep_run_as_a_command_prints_no_traceback(tmp_path) -> None:
    path = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    done = run_module(path)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"error: {path}: line 1: nested more than {MAX_NESTING} levels deep\n"


def test_json_nesting_up_to_the_limit_is_read(tmp_path, capsys) -> None:
    depth = MAX_NESTING - 1
    path = write(tmp_path, "nested.json", '{"mood": ' + "[" * depth + "]" * depth + "}")
    code, _, err = run(capsys, path)
    assert_one_line_error(code, err, path, "question 'mood': no such question")


# --- finding 2: YAML nested 500 deep, as a rules file -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 500 + "]" * 500 + "\n", id="flow"),
        pytest.param("".join(f"{' ' * i}a:\n" for i in range(500)) + " " * 500 + "b\n", id="block"),
    ],
)
def test_rules_yaml_nested_500_deep_is_one_line(tmp_path, capsys, text) -> None:
    path = write(tmp_path, "deep.yaml", text)
    code, out, err = run(capsys, "check-rules", path)
    assert out == ""
    assert_one_line_error(code, err, path, f"nested more than {MAX_NESTING} levels deep")


def test_rules_yaml_nested_500_deep_run_as_a_command_prints_no_traceback(tmp_path) -> None:
    path = write(tmp_path, "deep.yaml", "[" * 500 + "]" * 500)
    done = run_module("check-rules", path)
    assert done.returncode == 1
    assert done.stderr == f"error: {path}: line 1: nested more than {MAX_NESTING} levels deep\n"


def test_a_billion_laughs_rules_file_is_refused_quickly(tmp_path, capsys) -> None:
    lines = [f"l0: &l0 [{', '.join(['lol'] * 9)}]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "laughs.yaml", "\n".join(lines) + "\nrules: *l9\n")
    started = time.monotonic()
    code, _, err = run(capsys, "check-rules", path)
    assert time.monotonic() - started < 10
    assert_one_line_error(code, err, path, f"more than {MAX_YAML_NODES:,} values")


def test_a_rules_file_with_an_unreadable_value_is_one_line(tmp_path, capsys) -> None:
    path = write(tmp_path, "rules.yaml", "questionnaire: crossroads\nversion: 1" + "0" * 5000)
    code, _, err = run(capsys, "check-rules", path)
    assert_one_line_error(code, err, path, "line 2", "cannot read value")


# --- finding 3: a 50 MB CSV with no line break ------------------------------------------------


def test_a_50_mb_csv_with_no_line_break_gives_a_short_line(fifty_mb_line, capsys) -> None:
    started = time.monotonic()
    code, out, err = run(capsys, fifty_mb_line)
    assert time.monotonic() - started < 10
    assert out == ""
    line = assert_one_line_error(
        code, err, fifty_mb_line, "line 1", f"longer than {MAX_CSV_HEADER_BYTES // 1024} KB"
    )
    assert "'who_wants_out" + "x" * (MAX_QUOTE_CHARS - 13) + "…'" in line


def test_a_50_mb_csv_run_as_a_command_stays_small(fifty_mb_line) -> None:
    done = run_module(fifty_mb_line, timeout=60)
    assert done.returncode == 1
    assert len(done.stderr) < SHORT_LINE + len(str(fifty_mb_line)), len(done.stderr)


def test_a_50_mb_answers_json_is_refused_by_size(fifty_mb_line, tmp_path, capsys) -> None:
    path = tmp_path / "big.json"
    os.symlink(fifty_mb_line, path)
    code, out, err = run(capsys, path)
    assert_one_line_error(code, err, path, "file is 47.7 MB", "at most 1.0 MB")


def test_a_long_json_string_is_refused_by_size(tmp_path, capsys) -> None:
    path = write(tmp_path, "answers.json", json.dumps({"note_to_self": "x" * 2 * MAX_JSON_BYTES}))
    code, out, err = run(capsys, path)
    assert_one_line_error(code, err, path, "file is 2.0 MB; an answers file is at most 1.0 MB")


def test_a_json_file_just_under_the_limit_is_read(tmp_path, capsys) -> None:
    filler = " " * (MAX_JSON_BYTES - 100)
    path = write(tmp_path, "answers.json", json.dumps(CALM) + filler)
    code, out, err = run(capsys, path)
    assert code == 0, err


def test_a_huge_cell_is_quoted_short_on_stderr_and_in_the_output(tmp_path, capsys) -> None:
    source = write(tmp_path, "responses.csv", "who_wants_out\n" + "y" * 5_000_000 + "\n")
    target = tmp_path / "scored.csv"
    code, out, err = run(capsys, source, "-o", target)
    assert code == 1
    first = err.splitlines()[0]
    assert first == (
        f"{source}: row 1: question 'who_wants_out': '{'y' * MAX_QUOTE_CHARS}…' "
        "is not one of its options"
    )
    assert target.stat().st_size < 1000
    assert pd.read_csv(target)["error"][0] == first.split(": row 1: ")[1]


def test_a_line_break_in_a_cell_stays_on_one_line(tmp_path, capsys) -> None:
    source = write(tmp_path, "responses.csv", 'who_wants_out\n"a\nerror: forged\x1b[2J"\n')
    code, out, err = run(capsys, source)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == (
        f"{source}: row 1: question 'who_wants_out': 'a\\nerror: forged\\x1b[2J' "
        "is not one of its options"
    )
    assert len(lines) == 2  # and the summary


# --- siblings in CSV: a first row longer than the header --------------------------------------


def test_a_first_row_longer_than_the_header_is_refused_not_shifted(tmp_path, capsys) -> None:
    # pandas took the extra field as an index and shifted every value one column left.
    source = write(tmp_path, "responses.csv", "who_wants_out\nboth_unsure,extra\n")
    code, out, err = run(capsys, source)
    assert_one_line_error(code, err, source, "Expected 1 fields in line 2, saw 2")


def test_a_first_row_of_a_million_commas_is_refused_quickly(tmp_path) -> None:
    # Read as a header plus a row, this took over a minute and gigabytes of memory.
    source = write(tmp_path, "responses.csv", "who_wants_out\n" + "," * 1_000_000 + "\n")
    done = run_module(source, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {source}: not a valid CSV table")
    assert "Expected 1 fields in line 2, saw 1000001" in done.stderr


@pytest.mark.parametrize(
    ("header", "fragments"),
    [
        ("who_wants_out,who_wants_out", ["column 'who_wants_out' appears more than once"]),
        ("who_wants_out,", ["line 1", "column 2 of the header has no name"]),
    ],
)
def test_header_mistakes_are_named(tmp_path, capsys, header, fragments) -> None:
    source = write(tmp_path, "responses.csv", f"{header}\nboth_unsure,both_unsure\n")
    code, _, err = run(capsys, source)
    assert_one_line_error(code, err, source, *fragments)


# --- finding 4: repeated JSON keys ------------------------------------------------------------


def test_a_repeated_json_key_is_refused_with_its_line(tmp_path, capsys) -> None:
    path = write(
        tmp_path,
        "answers.json",
        '{\n  "who_wants_out": "both_unsure",\n  "safety_afraid": "no",\n'
        '  "safety_afraid": "yes"\n}\n',
    )
    code, out, err = run(capsys, path)
    assert out == ""
    line = assert_one_line_error(code, err, path)
    assert line == f"error: {path}: line 4: key 'safety_afraid' appears twice"


def test_a_repeated_key_written_with_an_escape_is_still_repeated(tmp_path, capsys) -> None:
    path = write(tmp_path, "answers.json", '{"safety_afraid": "no", "safety\\u005fafraid": "yes"}')
    code, _, err = run(capsys, path)
    assert_one_line_error(code, err, path, "line 1", "key 'safety_afraid' appears twice")


def test_a_repeated_key_inside_values_is_refused(tmp_path, capsys) -> None:
    document = (
        '{"questionnaire_id": "crossroads", "questionnaire_version": "1",\n'
        ' "values": {"who_wants_out": "both_unsure",\n'
        '            "who_wants_out": "partner_unsure"}}'
    )
    path = write(tmp_path, "saved.json", document)
    code, _, err = run(capsys, path)
    assert_one_line_error(code, err, path, "line 3", "key 'who_wants_out' appears twice")


def test_the_same_key_in_two_objects_is_not_repeated(tmp_path, capsys) -> None:
    path = write(tmp_path, "answers.json", '{"mood": {"a": 1}, "other": {"a": 2}}')
    code, _, err = run(capsys, path)
    line = assert_one_line_error(code, err, path, "question 'mood'")
    assert "twice" not in line


# --- finding 5: a byte-order mark -------------------------------------------------------------


def test_json_with_a_byte_order_mark_is_read(tmp_path, capsys) -> None:
    path = write(tmp_path, "answers.json", b"\xef\xbb\xbf" + json.dumps(CALM).encode())
    code, out, err = run(capsys, path)
    assert code == 0, err
    assert json.loads(out)["questionnaire_id"] == "crossroads"


def test_json_and_csv_with_a_byte_order_mark_agree(tmp_path, capsys) -> None:
    answers = write(tmp_path, "answers.json", b"\xef\xbb\xbf" + json.dumps(CALM).encode())
    table = write(tmp_path, "responses.csv", b"\xef\xbb\xbfwho_wants_out\nboth_unsure\n")
    code, out, err = run(capsys, answers)
    assert code == 0, err
    single = json.loads(out)
    code, out, err = run(capsys, table)
    assert code == 0, err
    row = out.splitlines()[1].split(",")
    header = out.splitlines()[0].split(",")
    assert row[header.index("lead")] == single["lead"]


# --- siblings in JSON -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        pytest.param("[1, 2]", ["expected a JSON object of answers, not an array"], id="array"),
        pytest.param('"text"', ["expected a JSON object of answers, not a string"], id="string"),
        pytest.param("null", ["not null"], id="null"),
        pytest.param(
            '{"questionnaire_id": "crossroads", "questionnaire_version": "1", "values": [1]}',
            ["field 'values'", "valid dictionary"],
            id="values an array",
        ),
        pytest.param('{"who_wants_out": {"a": 1}}', ["question 'who_wants_out'"], id="object"),
        pytest.param('{"who_wants_out": NaN}', ["NaN is not a JSON value"], id="NaN"),
        pytest.param(
            '{"who_wants_out": ' + "9" * 5000 + "}", ["a number 5000 digits long"], id="long number"
        ),
        pytest.param("", ["line 1", "not valid JSON"], id="empty"),
        pytest.param(
            b'{"who_wants_out": "caf\xe9"}', ["line 1", "not UTF-8 text"], id="not UTF-8"
        ),
        pytest.param(
            json.dumps({"k" * 10_000: "x"}), ["question '" + "k" * MAX_QUOTE_CHARS + "…'"],
            id="long unknown key",
        ),
        pytest.param(
            json.dumps({"who_wants_out": "x\nerror: forged\x1b[2J" + "y" * 10_000}),
            ["'x\\nerror: forged\\x1b[2J", "…' is not one of its options"],
            id="line break in a value",
        ),
    ],
)
def test_hostile_answers_json_gives_one_line(tmp_path, capsys, content, fragments) -> None:
    path = write(tmp_path, "answers.json", content)
    code, out, err = run(capsys, path)
    assert out == ""
    assert_one_line_error(code, err, path, *fragments)


def test_a_usage_mistake_quoting_a_line_break_stays_on_one_line(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["answers.json", "--bogus\nerror: forged"])
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "--bogus\\nerror: forged" in err


# --- output that cannot be written ------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "fragments"),
    [
        ("missing_dir/scored.csv", ["cannot write file", "no such directory"]),
        (".", ["cannot write file (Is a directory)"]),
    ],
)
def test_an_output_path_that_cannot_be_written_is_refused_first(
    tmp_path, capsys, target, fragments
) -> None:
    source = write(tmp_path, "responses.csv", "who_wants_out\nboth_unsure\n")
    output = tmp_path / target
    code, out, err = run(capsys, source, "-o", output)
    assert out == ""
    assert_one_line_error(code, err, output, *fragments)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    ("name", "content"),
    [("answers.json", json.dumps(CALM)), ("responses.csv", "who_wants_out\nboth_unsure\n")],
)
def test_stdout_that_cannot_be_written_is_one_line(tmp_path, name, content) -> None:
    source = write(tmp_path, name, content)
    with open("/dev/full", "w") as full:
        done = run_module(source, stdout=full)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "error: stdout: cannot write output (No space left on device)"
    )
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_the_shipped_rules_still_check(capsys) -> None:
    code, out, err = run(capsys, "check-rules", RULES_DIR / "rules.yaml")
    assert code == 0, err
    assert "rules.yaml: OK" in out
