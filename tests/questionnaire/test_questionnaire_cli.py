"""`python -m questionnaire check FILE` and `... schema`, run as a person runs them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from questionnaire_samples import REPO_ROOT, find_question

from questionnaire.__main__ import main
from questionnaire.loader import DEFAULT_QUESTIONNAIRE


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "questionnaire", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_passes_the_shipped_file_and_prints_a_summary(real_data):
    result = run("check", "questionnaire/content/crossroads.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].endswith(f"(crossroads v{real_data['version']}): OK"), lines[0]
    questions = [q for s in real_data["sections"] for q in s["questions"]]
    required = sum(1 for q in questions if q.get("required", True))
    conditional = sum(1 for q in questions if q.get("visible_if"))
    topics = {t for q in questions for t in q.get("topics", [])}
    assert f"  sections: {len(real_data['sections'])}" in lines
    counts = f"({required} required, {conditional} conditional)"
    assert f"  questions: {len(questions)} {counts}" in lines
    assert f"  topics: {len(topics)}" in lines


def test_check_refuses_a_broken_file_with_one_line_on_stderr(real_copy, write_yaml):
    find_question(real_copy, "still_a_chance")["visible_if"] = {
        "question": "heart_to_heart", "any_of": ["yes_always"],
    }
    path = write_yaml(real_copy, "broken_crossroads.yaml")
    result = run("check", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "broken_crossroads.yaml" in lines[0]
    assert "question 'still_a_chance'" in lines[0]
    assert "unknown option 'yes_always'" in lines[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(None, "cannot read file", id="missing file"),
        pytest.param(b"id: [x\n", "not valid YAML", id="YAML syntax"),
        pytest.param("title: Caf\u00e9\n".encode("latin-1"), "not UTF-8", id="not UTF-8"),
        pytest.param(b"- a list\n", "expected a mapping", id="not a mapping"),
    ],
)
def test_check_turns_every_unreadable_file_into_one_error_line(tmp_path, capsys, content, words):
    path = tmp_path / "content.yaml"
    if content is not None:
        path.write_bytes(content)
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert str(path) in err
    assert words in err


def test_check_in_process_agrees_with_the_shipped_file(capsys):
    assert main(["check", str(DEFAULT_QUESTIONNAIRE)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(": OK")


def test_schema_prints_a_json_schema_the_shipped_file_satisfies(real_data):
    result = run("schema")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert "sections" in schema["properties"]
    assert set(schema["required"]) >= {"id", "version", "sections"}
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(schema)
    problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(real_data)]
    assert not problems, problems  # editors that use the schema must not flag the real file
    # ...and the schema does catch mistakes, including in a one-condition `visible_if`.
    broken = json.loads(json.dumps(real_data))
    find_question(broken, "partner_certainty")["visible_if"] = {"question": "who_wants_out"}
    find_question(broken, "needs_unmet")["type"] = "slider"
    assert len(list(validator.iter_errors(broken))) == 2
