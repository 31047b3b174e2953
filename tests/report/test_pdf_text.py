"""The PDF draws what people type, names what it cannot draw, and logs none of it."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import warnings
import zlib
from datetime import date
from pathlib import Path

import pytest
from fpdf import FPDF

from questionnaire import default_questionnaire, validate_answers
from report.pdf import MISSING_MARK, NOTE_START, _drawing, missing_characters, to_pdf
from report.summary import Line, SummarySection, build_summary
from scoring import assess
from scoring.helplines import load_helplines
from tests.sample_answers import CALM_ANSWERS

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Crossroads summary"
NOTES = {
    "chinese": "我很害怕",
    "arabic": "ما زلت أحبك",
    "devanagari": "मुझे डर लग रहा है",
    "emoji": "💔😢",
}
UNDRAWABLE = "ཀ"  # TIBETAN LETTER KA: no font here has it
TYPED = [*NOTES.values(), UNDRAWABLE]
# Every character a person typed, but the spaces between words.
TYPED_CHARACTERS = {char for text in TYPED for char in text if not char.isspace()}


def _summary(values: dict) -> list[SummarySection]:
    questionnaire = default_questionnaire()
    values = {**CALM_ANSWERS, **values}
    assessment = assess(validate_answers(questionnaire, values))
    return build_summary(
        questionnaire, values, assessment, date(2026, 11, 26), load_helplines().country("UK")
    )


def typed_sections() -> list[SummarySection]:
    """A summary with all of it typed in the two free-text answers."""
    return _summary({
        "their_reasons": f"{NOTES['chinese']} {NOTES['arabic']}",
        "note_to_self": f"{NOTES['devanagari']} {NOTES['emoji']} {UNDRAWABLE}",
    })


@pytest.fixture(scope="module")
def typed_summary() -> list[SummarySection]:
    return typed_sections()


def _leaks(text: str) -> set[str]:
    return {char for char in TYPED_CHARACTERS if char in text} | {
        typed for typed in TYPED if typed in text
    }


# --- Reading a PDF: what each page shows, through the fonts' ToUnicode maps -------------------

_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|\[|\]|/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(?:^|\n)(\d+) 0 obj\s*(.*?)\nendobj", pdf, re.S)
    }


def _stream(body: bytes) -> bytes:
    data = re.search(rb"stream\r?\n(.*)\r?\nendstream", body, re.S).group(1)
    return zlib.decompress(data) if b"/FlateDecode" in body else data


def _literal(token: bytes) -> bytes:
    return re.sub(
        rb"\\([0-7]{1,3}|.)",
        lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit()
        else _ESCAPES.get(m.group(1), m.group(1)),
        token[1:-1],
        flags=re.S,
    )


def _to_unicode(cmap: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(cid, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, first in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                table[int(low, 16) + offset] = chr(int(first, 16) + offset)
    return table


def read_pdf(pdf: bytes) -> tuple[str, int]:
    """The text the PDF shows, a line per text object, and how many strings it shows with no
    font set (a reader draws those as nothing, with "No font in show")."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
            fonts[name] = _to_unicode(_stream(objects[int(to_unicode.group(1))]))
    pages = [
        _stream(objects[int(n)])
        for body in objects.values() if re.search(rb"/Type /Page\b", body)
        for n in re.findall(rb"/Contents (\d+) 0 R", body)
    ]
    shown: list[str] = []
    fontless = 0
    for content in pages:
        font, saved, operands = None, [], []
        for token in _TOKEN.findall(content):
            if token[:1] in (b"(", b"[", b"]", b"/") or re.fullmatch(rb"[-+]?[\d.]+", token):
                operands.append(token)
                continue
            if token == b"q":
                saved.append(font)
            elif token == b"Q":
                font = saved.pop()
            elif token == b"Tf":
                font = operands[-2][1:]
            elif token in (b"Tj", b"TJ"):
                for raw in (_literal(t) for t in operands if t[:1] == b"("):
                    if raw and font is None:
                        fontless += 1
                    elif raw:
                        shown.append("".join(
                            fonts[font].get(int.from_bytes(raw[i:i + 2], "big"), "\ufffd")
                            for i in range(0, len(raw) - 1, 2)
                        ))
            elif token == b"ET":
                shown.append("\n")
            operands = []
    return "".join(shown), fontless


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- (a) No log line, warning or stderr line carries typed text -------------------------------


def test_drawing_typed_text_logs_none_of_it(typed_summary, caplog, capfd):
    for name in ("", "fpdf", "fontTools"):
        caplog.set_level(logging.DEBUG, logger=name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pdf = to_pdf(TITLE, typed_summary)
    assert pdf.startswith(b"%PDF-")
    assert any(r.name.startswith("fontTools") for r in caplog.records), "DEBUG was not captured"
    for record in caplog.records:
        logged = f"{record.getMessage()} {record.args!r} {record.exc_text or ''}"
        assert not _leaks(logged), (record.name, record.levelname, sorted(_leaks(logged)))
    for warning in caught:
        assert not _leaks(str(warning.message)), warning
    out, err = capfd.readouterr()
    assert not _leaks(out + err)


def test_a_fresh_interpreter_logging_everything_to_stderr_shows_no_typed_text():
    """As on the server: logs go to stderr; here every logger at DEBUG and every warning."""
    script = (
        "import logging, sys\n"
        "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
        "from tests.report.test_pdf_text import TITLE, typed_sections\n"
        "from report.pdf import to_pdf\n"
        "sys.stdout.write(str(len(to_pdf(TITLE, typed_sections()))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", script],
        cwd=ROOT, capture_output=True, timeout=300,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0, err[-2000:]
    assert int(done.stdout) > 10_000
    assert "DEBUG:fontTools" in err, "the child's DEBUG logging did not reach stderr"
    assert not _leaks(err), sorted(_leaks(err))


def test_the_filter_drops_fpdf2s_missing_glyph_list_only_while_a_summary_is_drawn(caplog):
    """fpdf2 (as pinned) names the characters a font lacks; drawing a summary drops that."""

    def draw_with_a_gap() -> None:
        pdf = FPDF()
        pdf.add_font("DejaVu", "", str(ROOT / "report/fonts/DejaVuSans.ttf"))
        pdf.add_page()
        pdf.set_font("DejaVu", "", 12)
        pdf.cell(text=NOTES["chinese"])
        pdf.output()

    caplog.set_level(logging.DEBUG)
    draw_with_a_gap()
    named = [r for r in caplog.records if r.name == "fpdf.output" and "我" in r.getMessage()]
    assert named, "fpdf2 no longer logs missing glyphs this way: check report/pdf.py's filter"
    caplog.clear()
    with _drawing():
        draw_with_a_gap()
    assert not [r for r in caplog.records if _leaks(r.getMessage())]


# --- (b) The PDF draws the characters, or names the ones it cannot ----------------------------


def test_chinese_arabic_devanagari_and_emoji_are_drawn(typed_summary):
    text, fontless = read_pdf(to_pdf(TITLE, typed_summary))
    assert fontless == 0
    assert NOTES["chinese"] in text
    assert NOTES["emoji"] in text
    drawn = set(text)
    for language in ("arabic", "devanagari"):
        # Shaped: letters join or reorder, so the characters are there, not always in order.
        assert set(NOTES[language]) - {" "} <= drawn, language


def test_a_character_no_font_has_is_shown_as_a_box_and_named_in_a_note(typed_summary):
    assert missing_characters(TITLE, typed_summary) == [UNDRAWABLE]
    text, _ = read_pdf(to_pdf(TITLE, typed_summary))
    note = _squeezed(
        f"{NOTE_START}; each is shown as {MISSING_MARK}: U+0F40 TIBETAN LETTER KA. "
        "The Markdown download keeps every character as you typed it."
    )
    squeezed = _squeezed(text)
    assert note in squeezed
    assert squeezed.index(note) < squeezed.index("Suggestedpath"), "the note leads"
    assert f"{NOTES['emoji']}{MISSING_MARK}" in squeezed, "the box stands where ཀ was typed"
    assert UNDRAWABLE not in text


def test_a_summary_everyone_can_draw_has_no_note():
    sections = _summary({"their_reasons": f"{NOTES['chinese']} {NOTES['arabic']}"})
    assert missing_characters(TITLE, sections) == []
    text, _ = read_pdf(to_pdf(TITLE, sections))
    assert NOTE_START not in text and MISSING_MARK not in text


def test_invisible_characters_are_left_out_and_markup_and_page_aliases_stay_as_typed():
    typed = "a\tb\x00c\u2066d\ufe0f {nb} **e**"
    sections = [SummarySection("Your answers", bullets=[Line(typed, typed=True)])]
    assert missing_characters(TITLE, sections) == []
    text, _ = read_pdf(to_pdf(TITLE, sections))
    assert "a bcd {nb} **e**" in text


def test_every_page_keeps_its_font_when_a_page_starts_with_a_fallback_font():
    """A long Chinese answer wraps onto new pages with lines that start in the CJK font."""
    sections = [
        SummarySection(
            "Your answers",
            [Line("Intro")],
            [Line(f"Note: {NOTES['chinese'] * 300}", typed=True), Line("After the note")] * 3,
        )
    ]
    text, fontless = read_pdf(to_pdf(TITLE, sections))
    assert fontless == 0
    assert text.count("After the note") == 3
