"""The summary as Markdown: typed text kept exactly as typed, in blocks nothing can parse."""

from __future__ import annotations

import re

from report.summary import Line, SummarySection


def typed_block(text: str) -> str:
    """Text the person typed, exactly as typed and inert: a fenced block, its fence longer
    than any run of backticks or tildes inside, so no character needs a backslash."""
    longest = max((len(run) for run in re.findall(r"`+|~+", text)), default=0)
    fence = "~" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _text(line: Line) -> str:
    return typed_block(line.text) if line.typed else line.text


def to_markdown(title: str, sections: list[SummarySection]) -> str:
    out = [f"# {title}", ""]
    for section in sections:
        out += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            out += [_text(paragraph), ""]
        if section.bullets:
            out += [f"- {_text(b)}" for b in section.bullets]
            out.append("")
        for item in section.answers:
            out += [f"**{item.question}**", "", _text(item.answer), ""]
    return "\n".join(out)
