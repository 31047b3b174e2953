"""`python -m scoring`: JSON and CSV in, results out; one clear line and exit 1 on bad input."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from questionnaire.answers import validate_answers
from questionnaire.loader import default_questionnaire
from scoring import Assessment, assess
from scoring.__main__ import main
from scoring.batch import answers_frame
from scoring.helplines import DEFAULT_HELPLINES, load_helplines
from scoring.model import LineKind
from scoring.rules import RULES_DIR
from tests.scoring.test_scoring_engine import TALK_FIRST
from tests.strategies import random_answer_values

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_answers_json_prints_the_assessment(tmp_path: Path, capsys) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(TALK_FIRST))
    code, out, err = run(capsys, path)
    assert code == 0, err
    printed = Assessment.model_validate_json(out)
    expected = assess(validate_answers(default_questionnaire(), TALK_FIRST, complete=False))
    assert printed == expected
    assert printed.recommended == "talk"


def test_a_full_answers_document_is_accepted(tmp_path: Path, capsys) -> None:
    questionnaire = default_questionnaire()
    document = validate_answers(questionnaire, TALK_FIRST, complete=False).model_dump()
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(document))
    code, out, _ = run(capsys, path)
    assert code == 0
    assert json.loads(out)["recommended"] == "talk"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("{not json", ["line 1", "not valid JSON"]),
        ("[1, 2]", ["expected a JSON object"]),
        ('{"mood": "fine"}', ["question 'mood'", "no such question"]),
        ('{"who_wants_out": "left"}', ["question 'who_wants_out'", "'left'"]),
        ('{"heart_to_heart": "not_yet", "still_a_chance": "no"}', ["'still_a_chance'", "hidden"]),
    ],
)
def test_bad_answers_json_gives_one_line(tmp_path: Path, capsys, content, fragments) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content)
    code, out, err = run(capsys, path)
    assert out == ""
    assert_one_line_error(code, err, str(path), *fragments)


def test_complete_flag_refuses_missing_answers(tmp_path: Path, capsys) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"who_wants_out": "both_unsure"}))
    code, _, err = run(capsys, path, "--complete")
    assert_one_line_error(code, err, "required answer is missing")


def test_csv_is_scored_to_a_file(tmp_path: Path, capsys) -> None:
    rng = random.Random(1)
    rows = [random_answer_values(rng, calm=i % 2 == 0) for i in range(30)]
    source = tmp_path / "responses.csv"
    answers_frame(rows).to_csv(source, index=False)
    target = tmp_path / "scored.csv"
    code, out, err = run(capsys, source, "-o", target)
    assert code == 0, err
    assert out == ""
    assert "scored 30 of 30 rows" in err
    scored = pd.read_csv(target)
    assert scored["row"].tolist() == list(range(1, 31))
    for i in (0, 17, 29):
        result = assess(validate_answers(default_questionnaire(), rows[i], complete=False))
        recommended = scored["recommended"].iloc[i]
        assert (None if pd.isna(recommended) else recommended) == result.recommended
        assert scored["score_let_go"].iloc[i] == result.score_of("let_go")
        assert scored["lead"].iloc[i] == result.lead.value
        crisis = result.safety.crisis.level.value if result.safety.crisis else "none"
        assert scored["crisis"].iloc[i] == crisis
    assert {"path", "safety"} <= set(scored["lead"])


def test_csv_bad_rows_listed_on_stderr_and_kept(tmp_path: Path, capsys) -> None:
    source = tmp_path / "responses.csv"
    source.write_text(
        "who_wants_out,keeping_tactics\n"
        "partner_wants_out,begging\n"
        "bogus,\n"
        "i_am_unsure,crowding;none\n"
        "both_unsure,\n"
    )
    target = tmp_path / "scored.csv"
    code, _, err = run(capsys, source, "-o", target)
    assert code == 1
    assert f"{source}: row 2: question 'who_wants_out': 'bogus' is not one of its options" in err
    assert f"{source}: row 3: question 'keeping_tactics'" in err
    assert "scored 2 of 4 rows; 2 bad rows kept" in err
    assert "Traceback" not in err
    scored = pd.read_csv(target)
    assert len(scored) == 4
    assert scored["error"].notna().tolist() == [False, True, True, False]
    assert scored["safety"].notna().tolist() == [True, False, False, True]


def test_csv_to_stdout_without_output_option(tmp_path: Path, capsys) -> None:
    source = tmp_path / "responses.csv"
    source.write_text("who_wants_out,respondent\nboth_unsure,a1\n")
    code, out, _ = run(capsys, source, "--keep", "respondent")
    assert code == 0
    assert out.splitlines()[0].startswith("row,respondent,recommended,")
    assert out.splitlines()[1].startswith("1,a1,")


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("", ["the file is empty"]),
        ("who_wants_out,mood\nboth_unsure,ok\n", ["column 'mood'", "--keep"]),
        ('who_wants_out\n"both_unsure\n', ["not a valid CSV"]),
    ],
)
def test_unusable_csv_gives_one_line(tmp_path: Path, capsys, content, fragments) -> None:
    source = tmp_path / "responses.csv"
    source.write_text(content)
    code, _, err = run(capsys, source, "-o", tmp_path / "out.csv")
    assert_one_line_error(code, err, str(source), *fragments)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    ("name", "fragments"),
    [("missing.json", ["no such file"]), ("answers.txt", ["expected a .json"])],
)
def test_wrong_file_gives_one_line(tmp_path: Path, capsys, name, fragments) -> None:
    if name.endswith(".txt"):
        (tmp_path / name).write_text("hello")
    code, _, err = run(capsys, tmp_path / name)
    assert_one_line_error(code, err, *fragments)


def test_check_rules_summarises_the_shipped_rules(capsys) -> None:
    code, out, _ = run(capsys, "check-rules")
    assert code == 0
    assert "rules.yaml: OK" in out
    assert "decisive: still_ends_after_talk, refuses_to_talk, partner_wants_someone_else" in out


def _helplines_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_HELPLINES.read_text()
    assert old in text, f"test setup: {old!r} not in helplines.yaml"
    path = tmp_path / "helplines.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


# The first check in the file: the US emergency number.
FIRST_CHECK = 'checked: "2026-11-28"'


def test_check_rules_counts_the_helplines_shown(capsys) -> None:
    code, out, _ = run(capsys, "check-rules")
    assert code == 0
    directory = load_helplines()
    shown = sum(len(c.lines_of(kind)) for c in directory.countries for kind in LineKind)
    assert f"helplines: {shown} shown, in {len(directory.countries)} countries" in out


def test_check_rules_warns_about_an_old_check_and_still_succeeds(
    tmp_path: Path, capsys
) -> None:
    old = _helplines_copy(tmp_path, FIRST_CHECK, 'checked: "2020-01-15"')
    code, out, err = run(capsys, "check-rules", "--helplines", old)
    assert code == 0
    assert "rules.yaml: OK" in out
    days = load_helplines().stale_after_days
    warning = (
        f"warning: helplines: US, emergency number: last checked 2020-01-15, "
        f"more than {days} days ago"
    )
    assert warning in err.splitlines()
    # The warning comes from the copy given, not from the shipped file.
    code, _, err = run(capsys, "check-rules")
    assert code == 0 and "2020-01-15" not in err


def test_check_rules_lists_a_line_never_checked(capsys) -> None:
    code, _, err = run(capsys, "check-rules")
    assert code == 0
    assert (
        "warning: helplines: MX, Red Nacional de Refugios: never checked, so not shown"
        in err.splitlines()
    )


def test_check_rules_refuses_a_wrong_helpline_number_in_one_line(
    tmp_path: Path, capsys
) -> None:
    bad = _helplines_copy(tmp_path, 'phone: "0808 2000 247"', 'phone: "0808 2000 24"')
    code, _, err = run(capsys, "check-rules", "--helplines", bad)
    assert_one_line_error(
        code, err, str(bad), "country 'UK'", "National Domestic Abuse Helpline",
        "'0808 2000 24' is not a UK number",
    )


def test_a_broken_rules_file_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    for source in RULES_DIR.glob("*.yaml"):  # rules.yaml and every file it names
        (tmp_path / source.name).write_text(source.read_text())
    rules = tmp_path / "rules.yaml"
    rules.write_text(rules.read_text().replace("any_of: [wants_them]", "any_of: [new_love]", 1))
    code, _, err = run(capsys, "check-rules", rules)
    assert_one_line_error(
        code, err, str(rules), "rule 'partner_wants_someone_else'", "'new_love'"
    )
    answers = tmp_path / "answers.json"
    answers.write_text("{}")
    code, _, err = run(capsys, answers, "--rules", rules)
    assert_one_line_error(code, err, "rule 'partner_wants_someone_else'")


def test_module_entry_point_runs_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"who_wants_out": 5}')
    done = subprocess.run(
        [sys.executable, "-m", "scoring", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: {path}: question 'who_wants_out'")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [[], ["answers.json", "--bogus"], ["check-rules", "a", "b"]])
def test_usage_mistakes_give_one_line(capsys, args: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")


def test_a_csv_saved_with_a_byte_order_mark_is_read(tmp_path: Path, capsys) -> None:
    source = tmp_path / "excel.csv"
    source.write_bytes("\ufeffwho_wants_out,heart_to_heart\nboth_unsure,not_yet\n".encode())
    code, out, err = run(capsys, source)
    assert code == 0, err
    assert out.splitlines()[1].startswith("1,")
