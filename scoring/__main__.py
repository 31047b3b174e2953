"""Command line: score one answers file, a CSV table of responses, or check the rules.

    python -m scoring answers.json                 print the assessment as JSON
    python -m scoring answers.json --lang es       the same, its texts in Spanish
    python -m scoring responses.csv -o scored.csv  score a table, one response per row
    python -m scoring check-rules [rules.yaml]     validate the rules and print a summary

Bad input gives one line on stderr naming the file and the problem, and exit status 1.
For a table, bad rows are listed by row number (row 1 is the first row after the header)
and kept in the output with an `error`; the good rows are scored all the same, and the exit
status is 1 if any row was bad.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from questionnaire.answers import AnswersError, parse_answers, validate_answers
from questionnaire.loader import ContentError, default_questionnaire, load_questionnaire
from questionnaire.safe_input import (
    MAX_CSV_HEADER_BYTES,
    MAX_QUOTE_CHARS,
    InputError,
    load_json,
    one_line,
    quote,
)
from questionnaire.schema import Questionnaire
from scoring.batch import BatchError, bad_rows, score_frame
from scoring.engine import assess
from scoring.helplines import load_helplines
from scoring.localize import localize
from scoring.model import PATH_IDS
from scoring.rules import RuleSet, load_rules

MAX_LISTED_BAD_ROWS = 20


class CliError(Exception):
    """A problem to report in one line; the message names the file."""


class _Parser(argparse.ArgumentParser):
    """Usage mistakes, too, get one line and exit status 1."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {one_line(message)} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(1)


class _StdoutError(OSError):
    """Writing the result to stdout failed (for example, a full disk)."""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-rules":
        return _run(_check_rules, _check_rules_parser().parse_args(argv[1:]))
    return _run(_score, _score_parser().parse_args(argv))


def _run(command, args: argparse.Namespace) -> int:
    try:
        return command(args)
    except (CliError, ContentError, InputError) as exc:
        # one_line: messages may quote the input, which can be long or hold line breaks.
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (for example `| head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except _StdoutError as exc:
        print(f"error: stdout: cannot write output ({exc.strerror or exc})", file=sys.stderr)
        # Point stdout at nothing so the interpreter's own flush at exit fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _to_stdout(write) -> None:
    """Run `write()` (which prints to stdout) and flush, so a failure is caught here."""
    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _StdoutError(exc.errno, exc.strerror) from None


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
        "--lang", default="en", help="language of the texts in a .json result (default: en); "
        "the ids, scores and fingerprint are the same in every language",
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
        return default_questionnaire("en"), load_rules()
    questionnaire = (
        load_questionnaire(questionnaire_path)
        if questionnaire_path
        else default_questionnaire("en")
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
    if args.output:
        # Fail before scoring (a table may take a while), not after; writing checks again.
        output = Path(args.output)
        if output.is_dir():
            raise CliError(f"{output}: cannot write file (Is a directory)")
        if not output.parent.is_dir():
            raise CliError(f"{output}: cannot write file (no such directory '{output.parent}')")
    if args.lang != "en":
        if suffix != ".json":
            raise CliError(f"{path}: --lang is for a .json result (a scored table has no texts)")
        if args.questionnaire or args.rules:
            raise CliError(
                "--lang: translations exist for the shipped questionnaire and rules only"
            )
        from i18n.overlay import languages

        if args.lang not in languages():
            known = ", ".join(["en", *languages()])
            raise CliError(f"--lang: no translation {quote(args.lang)} (there are: {known})")
    questionnaire, rules = _content(args.questionnaire, args.rules)
    if suffix == ".json":
        return _score_json(path, questionnaire, rules, complete=args.complete, lang=args.lang)
    return _score_csv(path, questionnaire, rules, args)


def _score_json(
    path: Path, questionnaire: Questionnaire, rules: RuleSet, complete: bool, lang: str = "en"
) -> int:
    # Bounded in size and nesting, repeated keys refused, a byte-order mark accepted.
    data = load_json(path)
    if not isinstance(data, dict):
        raise CliError(f"{path}: expected a JSON object of answers, not {_json_kind(data)}")
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
    assessment = assess(answers, questionnaire, rules)
    if lang != "en":
        assessment = localize(assessment, lang)
    result = assessment.model_dump_json(indent=2)
    _to_stdout(lambda: print(result))
    return 0


def _json_kind(value: object) -> str:
    kinds = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}
    return kinds.get(type(value), "a number")


def _check_header(path: Path) -> None:
    """Refuse a first line too long to be a header before pandas reads it whole."""
    try:
        with open(path, "rb") as file:
            first = file.readline(MAX_CSV_HEADER_BYTES + 1)
    except OSError as exc:
        raise CliError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if len(first) > MAX_CSV_HEADER_BYTES:
        start = first[: MAX_QUOTE_CHARS * 4].decode("utf-8-sig", errors="replace")
        raise CliError(
            f"{path}: line 1: the header row is longer than {MAX_CSV_HEADER_BYTES // 1024} KB "
            f"(expected question ids separated by commas): {quote(start)}"
        )


def _score_csv(
    path: Path, questionnaire: Questionnaire, rules: RuleSet, args: argparse.Namespace
) -> int:
    _check_header(path)
    try:
        # utf-8-sig also reads files saved by spreadsheet programs with a byte-order mark.
        # The header is read as a row (header=None), so that it sets the number of fields for
        # every row: given a header, pandas takes a first row longer than it as index columns,
        # silently shifting every value, and a first row of commas takes gigabytes.
        table = pd.read_csv(
            path,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            encoding="utf-8-sig",
        )
        names = table.iloc[0].tolist()
        frame = table.iloc[1:].set_axis(names, axis=1).reset_index(drop=True)
    except pd.errors.EmptyDataError:
        raise CliError(
            f"{path}: the file is empty (expected a header row of question ids)"
        ) from None
    except pd.errors.ParserError as exc:
        raise CliError(f"{path}: not a valid CSV table ({str(exc).strip()})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read file ({exc})") from None
    if "" in names:
        raise CliError(f"{path}: line 1: column {names.index('') + 1} of the header has no name")
    try:
        scored = score_frame(
            frame, questionnaire, rules, complete=args.complete, keep=args.keep
        )
    except BatchError as exc:
        raise CliError(f"{path}: {exc}") from None

    # A row's error may quote its cell, which can be megabytes or hold line breaks: make
    # each distinct message one bounded line, in the output too.
    failed = scored["error"].notna()
    if failed.any():
        codes, messages = pd.factorize(scored.loc[failed, "error"])
        lines = np.array([one_line(m) for m in messages], dtype=object)
        scored.loc[failed, "error"] = lines[codes]
    problems = bad_rows(scored)
    for row, error in problems.head(MAX_LISTED_BAD_ROWS).itertuples(index=False):
        print(f"{path}: row {row}: {one_line(error)}", file=sys.stderr)
    if len(problems) > MAX_LISTED_BAD_ROWS:
        more = len(problems) - MAX_LISTED_BAD_ROWS
        print(f"{path}: ... and {more} more bad rows (see the error column)", file=sys.stderr)

    if args.output:
        try:
            scored.to_csv(args.output, index=False)
        except OSError as exc:
            raise CliError(f"{args.output}: cannot write file ({exc.strerror or exc})") from None
    else:
        _to_stdout(lambda: scored.to_csv(sys.stdout, index=False))
    good = len(scored) - len(problems)
    print(
        f"{path}: scored {good} of {len(scored)} rows"
        + (f"; {len(problems)} bad rows kept with an error" if len(problems) else ""),
        file=sys.stderr,
    )
    return 1 if len(problems) else 0


if __name__ == "__main__":
    sys.exit(main())
