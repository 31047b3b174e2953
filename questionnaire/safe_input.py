"""Bounded, one-line reading of the files the command lines are given (JSON and YAML).

A file handed to `python -m questionnaire check` or `python -m scoring` may be anything:
huge, nested without end, full of aliases. Every limit below turns such a file into one
short error line naming the file, before it costs much memory or time, and `one_line`
makes sure no error line can grow with the input that caused it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import yaml

# An error line quotes at most this much of the offending input, then "…": enough to
# recognise the value, never a screenful.
MAX_QUOTE_CHARS = 80
# Hard cap on a whole error line (a long file path included); the middle gives way first.
MAX_ERROR_CHARS = 1000
# Real files nest at most 8 levels (YAML content) or 3 (answers JSON). The parsers recurse
# per level and break with a traceback (PyYAML near 160 levels, json near 1,000); 32 leaves
# headroom on both sides.
MAX_NESTING = 32
# An answers file is a few KB; with every free-text answer at the schema's 10,000
# characters, fully \u-escaped, it stays well under this.
MAX_JSON_BYTES = 1024 * 1024
# Content YAML is written by hand; the largest shipped file is about 32 KB. The loader is
# pure Python (about 1 MB per 10 s), so this keeps a check within a few seconds.
MAX_YAML_BYTES = 512 * 1024
# Values in a YAML file once aliases are expanded (the largest shipped file has about
# 2,600). Aliases can multiply a small file into billions ("billion laughs"); this bounds it.
MAX_YAML_NODES = 100_000
# A CSV header is one question id per column, about 2 KB; a first line longer than this
# is not a header (for example, a file with no line breaks at all).
MAX_CSV_HEADER_BYTES = 64 * 1024


class InputError(ValueError):
    """An input file refused; the message is one line and names the file."""


# --- error lines ---------------------------------------------------------------------------

# Characters that would break a line or drive a terminal, shown escaped instead.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LONG_QUOTE = re.compile(f"'([^']{{{MAX_QUOTE_CHARS + 1},}})'")


def _escape(text: str) -> str:
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def clip(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with "…" if longer."""
    text = _escape(text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def quote(value: Any) -> str:
    """A value from the input, quoted for an error line: 'value' or 'the start of it…'."""
    return f"'{clip(str(value))}'"


def one_line(message: str) -> str:
    """Any error message made safe to print: one line, long quotes clipped, length capped."""
    text = _escape(message)
    text = _LONG_QUOTE.sub(lambda m: quote(m.group(1)), text)
    if len(text) > MAX_ERROR_CHARS:
        head = MAX_ERROR_CHARS * 3 // 5
        text = text[:head] + " … " + text[len(text) - (MAX_ERROR_CHARS - head - 3) :]
    return text


# --- reading -------------------------------------------------------------------------------


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_bounded(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of `path`, refusing more than `limit` without reading more than that."""
    try:
        with open(path, "rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size > limit:
                raise InputError(f"{path}: file is {_size(size)}; {what} is at most {_size(limit)}")
            data = file.read(limit + 1)  # a device or pipe reports no size: read one too many
    except OSError as exc:
        raise InputError(f"{path}: cannot read file ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise InputError(f"{path}: file is over {_size(limit)}; {what} is at most that")
    return data


def decode_utf8(data: bytes, path: Path | str) -> str:
    """UTF-8 text, with or without the byte-order mark that spreadsheet and editors add."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not UTF-8 text; save the file as UTF-8") from None


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


# --- JSON ----------------------------------------------------------------------------------

# Strings (so brackets inside them are skipped) and the structural characters.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:]', re.DOTALL)


def _json_structure_problem(text: str) -> tuple[int, str] | None:
    """The first line nested too deeply or repeating a key in its object, without recursion.

    Python's json module recurses per level (a RecursionError traceback at about 1,000)
    and keeps the last of repeated keys silently; this finds both, with a line number.
    """
    stack: list[set[str] | None] = []  # per open bracket: the keys so far, None in an array
    last: re.Match[str] | None = None  # the string just read: a key if ":" follows
    for token in _JSON_TOKENS.finditer(text):
        char = token.group()[0]
        if char == '"':
            last = token
            continue
        if char in "[{":
            stack.append(set() if char == "{" else None)
            if len(stack) > MAX_NESTING:
                return _line(text, token.start()), f"nested more than {MAX_NESTING} levels deep"
        elif char in "]}":
            if stack:
                stack.pop()
        elif last is not None and stack and stack[-1] is not None:
            try:
                key = json.loads(last.group())
            except ValueError:
                key = last.group()[1:-1]
            if key in stack[-1]:
                return _line(text, last.start()), f"key {quote(key)} appears twice"
            stack[-1].add(key)
        last = None
    return None


class _Refused(ValueError):
    pass


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(f"key {quote(key)} appears twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise _Refused(f"not valid JSON ({name} is not a JSON value)")


def _bounded_int(digits: str) -> int:
    if len(digits) > 100:
        raise _Refused(f"not valid JSON (a number {len(digits)} digits long)")
    return int(digits)


def load_json(path: Path | str, what: str = "an answers file") -> Any:
    """Parse a JSON file within the limits above; any fault is one InputError line."""
    text = decode_utf8(read_bounded(path, MAX_JSON_BYTES, what), path)
    problem = _json_structure_problem(text)
    if problem:
        raise InputError(f"{path}: line {problem[0]}: {problem[1]}")
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_repeated_keys,
            parse_constant=_no_constant,
            parse_int=_bounded_int,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    except _Refused as exc:
        raise InputError(f"{path}: {exc}") from None


# --- YAML ----------------------------------------------------------------------------------


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML file beyond a limit; `problem` says which, `problem_mark` where."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def check_expanded(root: yaml.Node) -> None:
    """Refuse a node graph that aliases make cyclic, too deep or too large once expanded.

    An alias is one node reached from several places, so each node's expanded size and
    depth are computed once (iteratively: the graph may be deep) and summed per reference.
    """
    sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) when expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            counted = [sizes[id(child)] for child in _children(node)]
            size = 1 + sum(s for s, _ in counted)
            depth = 1 + max((d for _, d in counted), default=0)
            open_nodes.discard(id(node))
            sizes[id(node)] = (size, depth)
            if size > MAX_YAML_NODES:
                raise YAMLLimitError(
                    None, None,
                    f"more than {MAX_YAML_NODES:,} values once aliases are expanded",
                    node.start_mark,
                )
            if depth > MAX_NESTING:
                raise YAMLLimitError(
                    None, None,
                    f"nested more than {MAX_NESTING} levels deep once aliases are expanded",
                    node.start_mark,
                )
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise YAMLLimitError(
                None, None, "an alias refers to a value that contains it", node.start_mark
            )
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


class BoundedLoaderMixin:
    """For a yaml.SafeLoader subclass: limits on nesting and alias expansion, and values
    Python cannot construct (a 5,000-digit integer, a 13th month) as YAML errors with a line.
    """

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 (PyYAML's signature)
        # PyYAML composes recursively, so the depth must be stopped here, as it is read.
        if self._depth >= MAX_NESTING:
            mark = self.peek_event().start_mark
            raise YAMLLimitError(None, None, f"nested more than {MAX_NESTING} levels deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_node(self):  # noqa: ANN201
        node = super().get_single_node()
        if node is not None:
            check_expanded(node)
        return node

    def construct_object(self, node, deep=False):  # noqa: ANN001, ANN201
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            value = f" {quote(node.value)}" if isinstance(node, yaml.ScalarNode) else ""
            reason = str(exc).split(";")[0]  # not Python's advice on sys.set_int_max_str_digits
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read value{value}: {reason}", node.start_mark
            ) from None
