"""The summary as a PDF (fpdf2), in fonts that draw what people type, and with no text in a log.

Fonts: DejaVu (bundled) sets the page and draws Latin, Greek, Cyrillic, Armenian, Georgian and
Hebrew. Where it has no glyph, fpdf2 falls back, character by character, to the Noto fonts of
the pinned `manimgx-fonts` package (Arabic script; the scripts of South and South-East Asia;
Ethiopic; symbols; emoji, drawn in black and white), then to WenQuanYi Micro Hei (bundled) for
Chinese, Japanese and Korean. All Arabic script goes to Noto Sans Arabic, so that no word is
drawn half in one font and half in another. Only the fonts a summary needs are loaded. When the
text has right-to-left letters or combining marks, HarfBuzz shapes it: Arabic letters join and
run right to left, and Indic syllables form.

A character that none of these fonts has is drawn as □, and a note at the top of the PDF names
it by code point and Unicode name. Characters that show nothing by themselves are left out:
control characters (a tab becomes a space), variation selectors, and format characters that
DejaVu lacks.

Logs: fpdf2 logs the characters a font lacks (logger `fpdf.output`, WARNING: "Font ... is
missing the following glyphs: '我' ..."), and fontTools logs the glyphs it keeps when it subsets
a font (logger `fontTools.subset`, INFO: "Glyph names: [...]"). No character reaches fpdf2
without a font that draws it, and while a summary is drawn a filter on those two loggers drops
those two kinds of record, so no answer text reaches a log from here.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

from i18n import N_, current_language, translator
from report.summary import SummarySection

_FONTS = Path(__file__).parent / "fonts"
_NOTO = Path(str(files("manimgx_fonts")))

MISSING_MARK = "\u25a1"  # □, drawn where no font has a character
NOTE_START = N_("Some characters could not be drawn in this PDF")


@dataclass(frozen=True)
class _Font:
    family: str
    path: Path
    collection_face: int = 0
    # Code points this font leaves to the fallback fonts although it has them.
    leaves: tuple[tuple[int, int], ...] = ()


# Arabic script, every block of it.
_ARABIC = (
    (0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF),
)
_MAIN = {
    "": _Font("DejaVu", _FONTS / "DejaVuSans.ttf", leaves=_ARABIC),
    "B": _Font("DejaVu", _FONTS / "DejaVuSans-Bold.ttf", leaves=_ARABIC),
}
# In order of preference: the first that has a character draws it.
_FALLBACKS = (
    *(
        _Font(f"Noto{script}", _NOTO / f"NotoSans{script}[wght].ttf")
        for script in (
            "Arabic", "Hebrew", "Armenian", "Georgian", "Devanagari", "Bengali", "Gurmukhi",
            "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam", "Sinhala", "Thai",
            "Lao", "Khmer", "Myanmar", "Ethiopic", "Symbols",
        )
    ),
    _Font("NotoSans", _NOTO / "NotoSans[wght].ttf"),
    _Font("NotoEmoji", _NOTO / "NotoEmoji[wght].ttf"),
    _Font("WenQuanYi", _FONTS / "wqy-microhei.ttc"),
)


@cache
def _cmap(font: _Font) -> frozenset[int]:
    """The code points `font` draws here: its cmap, as fpdf2 reads it, less what it leaves."""
    with TTFont(font.path, fontNumber=font.collection_face, lazy=True) as ttfont:
        cmap = ttfont.getBestCmap()
    return frozenset(
        code for code in cmap if not any(low <= code <= high for low, high in font.leaves)
    )


# --- Logs -------------------------------------------------------------------------------------

_DRAWING: ContextVar[bool] = ContextVar("crossroads_pdf_drawing", default=False)


class _NoGlyphLists(logging.Filter):
    """While a summary is drawn, drops the records that would name its characters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _DRAWING.get():
            return True
        if record.name == "fpdf.output":
            return "missing the following glyphs" not in str(record.msg)
        # fontTools.subset lists the glyphs it keeps ("Glyph names", "Glyph IDs") at INFO.
        return record.levelno >= logging.WARNING


_FILTER = _NoGlyphLists()
for _logger in ("fpdf.output", "fontTools.subset"):
    logging.getLogger(_logger).addFilter(_FILTER)


@contextmanager
def _drawing() -> Iterator[None]:
    token = _DRAWING.set(True)
    try:
        yield
    finally:
        _DRAWING.reset(token)


# --- Text -------------------------------------------------------------------------------------


def _variation_selector(char: str) -> bool:
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


class _Coverage:
    """What a summary's text needs: fallback fonts, shaping, and the characters no font has."""

    def __init__(self) -> None:
        self.fallbacks: set[_Font] = set()
        self.shaping = False
        self.missing: dict[str, None] = {}  # in order of first appearance

    def drawable(self, text: str, style: str) -> str:
        """`text` as the PDF draws it: each character has a font, or is shown as □."""
        main = _cmap(_MAIN[style])
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        out: list[str] = []
        for char in text:
            if char == "\t" or (unicodedata.category(char) == "Zs" and not self._has(char, main)):
                char = " "
            elif unicodedata.category(char) in ("Zl", "Zp"):
                char = "\n"
            category = unicodedata.category(char)
            if (category == "Cc" and char != "\n") or _variation_selector(char):
                continue
            if category == "Cf" and ord(char) not in main:
                continue  # invisible: no fallback font is loaded for it
            if self._has(char, main):
                out.append(char)
                self.shaping = self.shaping or category in ("Mn", "Mc", "Me") or (
                    unicodedata.bidirectional(char) in ("R", "AL", "AN")
                )
            else:
                self.missing[char] = None
                out.append(MISSING_MARK)
        return "".join(out)

    def _has(self, char: str, main: frozenset[int]) -> bool:
        """Whether a font draws `char`; notes the fallback font it takes."""
        if char == "\n" or ord(char) in main:
            return True
        font = next((font for font in _FALLBACKS if ord(char) in _cmap(font)), None)
        if font is not None:
            self.fallbacks.add(font)
        return font is not None

    def note(self, lang: str | None = None) -> str | None:
        if not self.missing:
            return None
        named = ", ".join(
            f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip() for char in self.missing
        )
        _ = translator(lang or current_language()).gettext
        return _(
            "{note_start}; each is shown as {mark}: {named}. The Markdown download keeps every "
            "character as you typed it."
        ).format(note_start=_(NOTE_START), mark=MISSING_MARK, named=named)


def _texts(title: str, sections: list[SummarySection]) -> Iterator[tuple[str, str]]:
    yield title, "B"
    for section in sections:
        yield section.title, "B"
        for line in (*section.paragraphs, *section.bullets):
            yield line.text, ""
        for item in section.answers:
            yield item.question, "B"
            yield item.answer.text, ""


def missing_characters(title: str, sections: list[SummarySection]) -> list[str]:
    """The characters of a summary that its PDF cannot draw, in order of first appearance."""
    coverage = _Coverage()
    for text, style in _texts(title, sections):
        coverage.drawable(text, style)
    return list(coverage.missing)


# --- The PDF ----------------------------------------------------------------------------------


class _Pdf(FPDF):
    """FPDF that sets the page's font before a line of text is drawn.

    fpdf2 2.8.9 loses the page's font when the first line drawn after a page break or a change
    of font starts with a fallback font: it sets the font inside that line's `q ... Q`, and the
    lines after it on the page are left with no font (a reader's "No font in show").
    """

    def header(self) -> None:
        self._settle_font()

    def use_font(self, style: str, size: float) -> None:
        self.set_font(_MAIN[style].family, style, size)
        self._settle_font()

    def _settle_font(self) -> None:
        if self.page and self.font_family:
            self.text(self.l_margin, self.t_margin, "")


def _new_pdf(coverage: _Coverage) -> _Pdf:
    pdf = _Pdf(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    # Typed text is drawn as typed: a "{nb}" in it does not become the page count.
    pdf.str_alias_nb_pages = None
    for style, font in _MAIN.items():
        pdf.add_font(font.family, style, str(font.path), unicode_range=sorted(_cmap(font)))
    used = [font for font in _FALLBACKS if font in coverage.fallbacks]
    for font in used:
        # Noto's variable fonts are drawn at their default instance, Regular: making a bold
        # instance takes seconds.
        pdf.add_font(
            font.family, "", str(font.path), collection_font_number=font.collection_face
        )
    if used:
        pdf.set_fallback_fonts([font.family for font in used], exact_match=False)
    if coverage.shaping:
        pdf.set_text_shaping(True)
    return pdf


def to_pdf(title: str, sections: list[SummarySection], lang: str | None = None) -> bytes:
    coverage = _Coverage()
    title_text = coverage.drawable(title, "B")
    drawn = [
        (
            coverage.drawable(section.title, "B"),
            [coverage.drawable(line.text, "") for line in section.paragraphs],
            [coverage.drawable(line.text, "") for line in section.bullets],
            [
                (coverage.drawable(item.question, "B"), coverage.drawable(item.answer.text, ""))
                for item in section.answers
            ],
        )
        for section in sections
    ]
    note = coverage.note(lang)
    with _drawing():
        pdf = _new_pdf(coverage)
        pdf.set_title(title)
        pdf.add_page()
        pdf.use_font("B", 18)
        pdf.multi_cell(0, 9, title_text, new_x="LMARGIN", new_y="NEXT")
        if note:
            pdf.ln(2)
            pdf.use_font("", 10)
            pdf.multi_cell(
                0, 5.5, note, border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT"
            )
        for section_title, paragraphs, bullets, answers in drawn:
            pdf.ln(3)
            pdf.use_font("B", 13)
            pdf.multi_cell(0, 7, section_title, new_x="LMARGIN", new_y="NEXT")
            pdf.use_font("", 10.5)
            for paragraph in paragraphs:
                pdf.multi_cell(0, 5.5, paragraph, align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1.5)
            for bullet in bullets:
                pdf.set_x(pdf.l_margin + 3)
                pdf.multi_cell(0, 5.5, f"•  {bullet}", align="L", new_x="LMARGIN", new_y="NEXT")
            for question, answer in answers:
                # The question on a line of its own in bold, the answer beneath it.
                pdf.ln(1)
                pdf.use_font("B", 10.5)
                pdf.multi_cell(0, 5.5, question, align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.use_font("", 10.5)
                pdf.multi_cell(0, 5.5, answer, align="L", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())
