"""PDFs with Chinese text. The font is embedded (as a subset), so any viewer shows the text, poppler included
(DESIGN §8): fpdf2 with Noto Sans SC, or the font file named by the PDF_FONT_PATH setting. The font file is read
once per process and each glyph converted once (app/services/pdf_fonts.py), so a page costs its layout."""
import os

from flask import current_app
from fpdf.fonts import FontFace

from app.services.pdf_fonts import PDF

FONT = "zh"


def font_path():
    """The configured font file, else Noto Sans SC from the pylopdf-fonts-zh-cn package."""
    configured = current_app.config.get("PDF_FONT_PATH")
    if configured:
        return configured
    import pylopdf_fonts_zh_cn

    return os.path.join(os.path.dirname(pylopdf_fonts_zh_cn.__file__), "NotoSansSC-Regular.otf")


def new_pdf(page_format, title):
    """An empty FPDF of that page format (e.g. "A4", "A3"), titled, with the Chinese font added as FONT."""
    pdf = PDF(format=page_format)
    pdf.set_title(title)
    pdf.add_shared_font(FONT, font_path())
    return pdf


def document(title, facts=(), table=None, notes=(), signature=None):
    """An A4 page: a title, (label, value) facts, an optional (headings, rows, widths) table, notes, and a
    signature line (issuer, date) at the foot. Returns the PDF bytes."""
    pdf = new_pdf("A4", title)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font(FONT, size=18)
    pdf.cell(0, 14, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, size=11)
    for label, value in facts:
        pdf.cell(40, 8, f"{label}：")
        pdf.multi_cell(0, 8, str(value or "—"), new_x="LMARGIN", new_y="NEXT")
    if table:
        headings, rows, widths = table
        pdf.ln(4)
        pdf.set_font(FONT, size=10)
        with pdf.table(col_widths=widths, text_align="CENTER", line_height=7,
                       headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235))) as grid:
            for row in (headings, *rows):
                cells = grid.row()
                for value in row:
                    cells.cell(str(value))
    pdf.set_font(FONT, size=10)
    for note in notes:
        pdf.ln(2)
        pdf.multi_cell(0, 6, note, new_x="LMARGIN", new_y="NEXT")
    if signature:
        issuer, date = signature
        pdf.ln(12)
        pdf.set_font(FONT, size=11)
        pdf.cell(0, 8, issuer, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 8, date, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
