"""Command line: score one answers file, a CSV table of responses, or check the rules.

    python -m scoring answers.json                 print the assessment as JSON
    python -m scoring responses.csv -o scored.csv  score a table, one response per row
    python -m scoring check-rules [rules.yaml]     validate the rules and print a summary

Bad input gives one line on stderr naming the file and the problem, and exit status 1.
For a table, bad rows are listed by row number (row 1 is the first row after the header)
and kept in the output with an `error`; the good rows are scored all the same, and the exit
status is 1 if any row was bad.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd

from questionnaire.answers import AnswersError, parse_answers, validate_answers
from questionnaire.loader import ContentError, default_questionnaire, load_questionnaire
from questionnaire.schema import Questionnaire
from scoring.batch import BatchError, bad_rows, score_frame
from scoring.engine import assess
from scoring.helplines import load_helplines
from scoring.model import PATH_IDS
from scoring.rules import RuleSet, load_rules

MAX_LISTED_BAD_ROWS = 20


class CliError(Exception):
    """A problem to report in one line; the message names the file."""


class _Parser(argparse.ArgumentParser):
    """Usage mistakes, too, get one line and exit status 1."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-rules":
        return _run(_check_rules, _check_rules_parser().parse_args(argv[1:]))
    return _run(_score, _score_parser().parse_args(argv))


def _run(command, args: argparse.Namespace) -> int:
    try:
        return command(args)
    except (CliError, ContentError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (for example `| head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _score_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m scoring",
        description="Score answers (a .json file) or a table of responses (a .csv file). "
        "Use `python -m scoring check-rules [FILE]` to validate a rules file.",
    )
    parser.add_argument("file", help="answers.json, or responses.csv (one row per response)")
    parser.add_argument("-o", "--output", help="where to write the scored table (CSV only)")
    parser.add_argument("--questionnaire", help="questionnaire YAML (default: the shipped one)")
    parser.add_argument("--rules", help="rules YAML (default: the shipped scoring/rules.yaml)")
    parser.add_argument(
        "--complete", action="store_true", help="refuse answers that leave required questions out"
    )
    parser.add_argument(
        "--keep",
        action="append",
        default=[],
        metavar="COLUMN",
        help="a non-question CSV column to copy to the output (for example an id); repeatable",
    )
    return parser


def _check_rules_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scoring check-rules")
    parser.add_argument("file", nargs="?", help="rules YAML (default: the shipped one)")
    parser.add_argument("--questionnaire", help="questionnaire YAML (default: the shipped one)")
    parser.add_argument("--helplines", help="helplines YAML (default: the shipped one)")
    return parser


def _content(
    questionnaire_path: str | None, rules_path: str | None
) -> tuple[Questionnaire, RuleSet]:
    if questionnaire_path is None and rules_path is None:
        return default_questionnaire(), load_rules()
    questionnaire = (
        load_questionnaire(questionnaire_path) if questionnaire_path else default_questionnaire()
    )
    return questionnaire, load_rules(rules_path, questionnaire)


def _check_rules(args: argparse.Namespace) -> int:
    questionnaire, rules = _content(args.questionnaire, args.file)
    per_path = Counter(r.path for r in rules.rules)
    decisive = [r.id for r in rules.rules if r.decisive]
    print(f"{rules.source}: OK (questionnaire {questionnaire.id} v{questionnaire.version})")
    print(f"  rules: {len(rules.rules)} ({', '.join(f'{p} {per_path[p]}' for p in PATH_IDS)})")
    print(f"  decisive: {', '.join(decisive) or 'none'}")
    print(f"  cautions: {len(rules.cautions)}; safety rules: {len(rules.safety.rules)}")
    print(f"  fingerprint: {rules.fingerprint}")
    helplines = load_helplines(args.helplines)
    shown = sum(1 for c in helplines.countries for line in c.lines if line.checked)
    print(f"  helplines: {shown} shown, in {len(helplines.countries)} countries")
    # A warning, not a failure: an old check still beats no number, but someone must look.
    for problem in helplines.stale(date.today()):
        print(f"warning: helplines: {problem}", file=sys.stderr)
    return 0


def _score(args: argparse.Namespace) -> int:
    path = Path(args.file)
    suffix = path.suffix.lower()
    if suffix not in {".json", ".csv"}:
        raise CliError(f"{path}: expected a .json answers file or a .csv table of responses")
    if not path.is_file():
        raise CliError(f"{path}: no such file")
    if args.output and suffix != ".csv":
        raise CliError(f"{path}: -o/--output is for scoring a .csv table")
    questionnaire, rules = _content(args.questionnaire, args.rules)
    if suffix == ".json":
        return _score_json(path, questionnaire, rules, complete=args.complete)
    return _score_csv(path, questionnaire, rules, args)


def _score_json(path: Path, questionnaire: Questionnaire, rules: RuleSet, complete: bool) -> int:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise CliError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise CliError(f"{path}: expected a JSON object of answers")
    values = data["values"] if "values" in data and "questionnaire_id" in data else data
    known = {q.id for q in questionnaire.questions}
    unknown = [key for key in values if key not in known] if isinstance(values, dict) else []
    if unknown:
        raise CliError(
            f"{path}: question '{unknown[0]}': no such question in '{questionnaire.id}'"
        )
    try:
        if "values" in data and "questionnaire_id" in data:
            answers = parse_answers(questionnaire, data, complete=complete)
        else:
            answers = validate_answers(questionnaire, data, complete=complete)
    except AnswersError as exc:
        raise CliError(f"{path}: {exc}") from None
    print(assess(answers, questionnaire, rules).model_dump_json(indent=2))
    return 0


def _score_csv(
    path: Path, questionnaire: Questionnaire, rules: RuleSet, args: argparse.Namespace
) -> int:
    try:
        # utf-8-sig also reads files saved by spreadsheet programs with a byte-order mark.
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
        )
    except pd.errors.EmptyDataError:
        raise CliError(
            f"{path}: the file is empty (expected a header row of question ids)"
        ) from None
    except pd.errors.ParserError as exc:
        raise CliError(f"{path}: not a valid CSV table ({str(exc).strip()})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read file ({exc})") from None
    try:
        scored = score_frame(
            frame, questionnaire, rules, complete=args.complete, keep=args.keep
        )
    except BatchError as exc:
        raise CliError(f"{path}: {exc}") from None

    problems = bad_rows(scored)
    for row, error in problems.head(MAX_LISTED_BAD_ROWS).itertuples(index=False):
        print(f"{path}: row {row}: {error}", file=sys.stderr)
    if len(problems) > MAX_LISTED_BAD_ROWS:
        more = len(problems) - MAX_LISTED_BAD_ROWS
        print(f"{path}: ... and {more} more bad rows (see the error column)", file=sys.stderr)

    if args.output:
        try:
            scored.to_csv(args.output, index=False)
        except OSError as exc:
            raise CliError(f"{args.output}: cannot write file ({exc.strerror or exc})") from None
    else:
        scored.to_csv(sys.stdout, index=False)
    good = len(scored) - len(problems)
    print(
        f"{path}: scored {good} of {len(scored)} rows"
        + (f"; {len(problems)} bad rows kept with an error" if len(problems) else ""),
        file=sys.stderr,
    )
    return 1 if len(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
