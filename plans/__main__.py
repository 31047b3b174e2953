"""Command line: `python -m plans check [FILE...]` and `python -m plans schema [where_to_look]`.

With no file, check validates the four shipped plans and where_to_look.yaml (if present).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plans.loader import WHERE_TO_LOOK, load_plan, load_where_to_look, plan_files
from plans.schema import Plan, WhereToLook
from questionnaire.__main__ import _print
from questionnaire.loader import ContentError
from questionnaire.safe_input import one_line


def _check(path: Path) -> str:
    if path.name == WHERE_TO_LOOK.name:
        places = load_where_to_look(path)
        shown = sum(
            1 for kind in ("counseling", "separation")
            for listed in getattr(places, kind).values() for p in listed if p.checked
        )
        total = sum(len(v) for kind in ("counseling", "separation")
                    for v in getattr(places, kind).values())
        return f"{path.name}: OK ({shown} of {total} places confirmed and shown)"
    plan = load_plan(path)
    return (
        f"{path.name}: OK ({plan.id} v{plan.version}: {len(plan.blocks)} blocks, "
        f"{len(plan.prompts)} prompts, {len(plan.shareable)} shareable)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m plans")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate plan files (all shipped ones if none)")
    check.add_argument("files", nargs="*")
    schema = commands.add_parser("schema", help="print the JSON Schema of a plan file")
    schema.add_argument("which", nargs="?", choices=["plan", "where_to_look"], default="plan")
    args = parser.parse_args(argv)

    if args.command == "schema":
        model = Plan if args.which == "plan" else WhereToLook
        return _print(json.dumps(model.model_json_schema(), indent=2))
    files = [Path(f) for f in args.files] or [
        *plan_files(), *([WHERE_TO_LOOK] if WHERE_TO_LOOK.is_file() else [])
    ]
    lines = []
    for path in files:
        try:
            lines.append(_check(path))
        except ContentError as exc:
            # one_line: the message may quote the file, which can hold anything.
            print(f"error: {one_line(str(exc))}", file=sys.stderr)
            return 1
    return _print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
