"""Exports of a finished assessment: a plain summary, rendered as Markdown, PDF and JSON."""
