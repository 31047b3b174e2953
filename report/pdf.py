"""The summary as a PDF (fpdf2), in a bundled DejaVu font: Latin, Greek and Cyrillic text prints."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from report.summary import SummarySection

_FONTS = Path(__file__).parent / "fonts"


def to_pdf(title: str, sections: list[SummarySection]) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(_FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    for section in sections:
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10.5)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5.5, paragraph.text, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1.5)
        for bullet in section.bullets:
            pdf.set_x(pdf.l_margin + 3)
            pdf.multi_cell(0, 5.5, f"•  {bullet.text}", align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
