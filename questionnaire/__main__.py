"""Command line: `python -m questionnaire check [FILE]` and `python -m questionnaire schema`.

`check FILE` validates one questionnaire file. `check` alone validates the shipped one and
then every language's translated content (every folder in locales/, every content family
listed in i18n.overlay.FAMILIES) against the English ids: one line per problem, exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from questionnaire.loader import ContentError, load_questionnaire
from questionnaire.safe_input import one_line
from questionnaire.schema import Questionnaire


def summary(questionnaire: Questionnaire) -> str:
    questions = questionnaire.questions
    conditional = sum(1 for q in questions if q.visible_if)
    required = sum(1 for q in questions if q.required)
    return (
        f"{questionnaire.title} ({questionnaire.id} v{questionnaire.version}): OK\n"
        f"  sections: {len(questionnaire.sections)}\n"
        f"  questions: {len(questions)} ({required} required, {conditional} conditional)\n"
        f"  topics: {len({t for q in questions for t in q.topics})}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m questionnaire")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="validate a questionnaire file, or without one every language's content"
    )
    check.add_argument("file", nargs="?")
    commands.add_parser("schema", help="print the JSON Schema of the content format")
    args = parser.parse_args(argv)

    if args.command == "schema":
        return _print(json.dumps(Questionnaire.model_json_schema(), indent=2))
    if args.file is None:
        return check_every_language()
    try:
        questionnaire = load_questionnaire(args.file)
    except ContentError as exc:
        # one_line: the message may quote the file, which can hold anything.
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    return _print(summary(questionnaire))


def check_every_language() -> int:
    """The shipped questionnaire, then every translation of every content family."""
    from i18n.overlay import check_all, languages

    try:
        questionnaire = load_questionnaire()
    except ContentError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    try:
        checked, problems = check_all()
    except ImportError as exc:  # a content package that declares families fails to import
        print(f"error: {one_line(f'cannot load the content families: {exc}')}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"error: {one_line(problem)}", file=sys.stderr)
    if problems:
        return 1
    found = ", ".join(languages()) or "none"
    return _print(
        summary(questionnaire)
        + f"\n  translations: {checked} file{'s' if checked != 1 else ''} in {found}: OK"
    )


def _print(text: str) -> int:
    """Print to stdout; a full disk or closed pipe is one line (or silence), not a traceback."""
    try:
        print(text)
        sys.stdout.flush()
    except OSError as exc:
        if not isinstance(exc, BrokenPipeError):
            print(f"error: stdout: cannot write output ({exc.strerror or exc})", file=sys.stderr)
        # Point stdout at nothing so the interpreter's own flush at exit fails no more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
