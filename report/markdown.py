"""The summary as a Markdown document, with anything the person typed escaped to plain text."""

from __future__ import annotations

import re

from report.summary import Line, SummarySection

# Every ASCII punctuation mark CommonMark lets us escape; enough to make typed text inert.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=&\"'])")


def escape_markdown(text: str) -> str:
    lines = (_MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in text.splitlines())
    return "  \n".join(lines)


def _text(line: Line) -> str:
    return escape_markdown(line.text) if line.typed else line.text


def to_markdown(title: str, sections: list[SummarySection]) -> str:
    out = [f"# {title}", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            out += [_text(paragraph), ""]
        if section.bullets:
            out += [f"- {_text(b)}" for b in section.bullets]
            out.append("")
    return "\n".join(out)
