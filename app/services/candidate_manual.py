"""The candidate manual 考生使用手册 (seed 000 §1): an A4 PDF built from candidate_manual.md beside this module, once
per process (and font).

The source is a small Markdown: `# ` the title (its first line), `## ` and `### ` headings, `- ` bullets, `1. `
numbered items and paragraphs of lines separated by blank lines.
"""
import functools
import pathlib
import re
from typing import NamedTuple

from . import pdf

SOURCE = pathlib.Path(__file__).with_name("candidate_manual.md")
FILENAME = "考生使用手册.pdf"
LINE = 6.5  # mm, body text
_HEADINGS = (("# ", "title"), ("## ", "section"), ("### ", "subsection"))
_ITEM = re.compile(r"^(-|\d+\.) (.*)")
# Chinese typesetting never starts a line with these (禁则): the character before comes down with them.
_NO_LINE_START = set("，。、；：？！）》」』”’％·…—")


class Block(NamedTuple):
    kind: str  # title, section, subsection, item or paragraph
    text: str
    marker: str = ""  # an item's bullet or number


def blocks(text):
    """The Blocks of the source, in order; a paragraph's lines are joined (Chinese needs no space between)."""
    found, paragraph = [], []

    def flush():
        if paragraph:
            found.append(Block("paragraph", "".join(paragraph)))
            paragraph.clear()

    for line in map(str.strip, text.splitlines()):
        heading = next((kind for prefix, kind in _HEADINGS if line.startswith(prefix)), None)
        item = _ITEM.match(line)
        if heading or item or not line:
            flush()
        if heading:
            found.append(Block(heading, line.split(" ", 1)[1]))
        elif item:
            found.append(Block("item", item[2], "•" if item[1] == "-" else item[1]))
        elif line:
            paragraph.append(line)
    flush()
    return found


def render():
    """The manual's PDF bytes."""
    return _rendered(pdf.font_path())


@functools.cache
def _rendered(font):
    """The PDF with `font` (the cache's key: another font setting gets its own)."""
    parts = blocks(SOURCE.read_text(encoding="utf-8"))
    title = next(block.text for block in parts if block.kind == "title")
    out = pdf.new_pdf("A4", title)
    out.set_margins(20, 18, 20)
    out.set_auto_page_break(True, margin=18)
    out.footer = lambda: _footer(out, title)
    out.add_page()
    for kind, text, marker in parts:
        if kind == "title":
            out.set_font(pdf.FONT, size=20)
            out.cell(0, 14, text, align="C", new_x="LMARGIN", new_y="NEXT")
            out.ln(4)
        elif kind in ("section", "subsection"):
            out.ln(4 if kind == "section" else 2)
            out.set_font(pdf.FONT, size=15 if kind == "section" else 12.5)
            _paragraph(out, text, 9 if kind == "section" else 8)
        elif kind == "item":
            out.set_font(pdf.FONT, size=11)
            out.set_x(out.l_margin + 2)
            out.cell(4, LINE, marker)
            _paragraph(out, text, LINE, indent=6)
            out.ln(1)
        else:
            out.set_font(pdf.FONT, size=11)
            _paragraph(out, text, LINE)
            out.ln(1.5)
    return bytes(out.output())


def lines(text, width, measure):
    """`text` broken into lines no wider than `width` by `measure`, at any character (Chinese has no spaces to
    break at), none starting with a closing mark: the character before it comes down too."""
    found, line = [], ""
    for char in text:
        if line and measure(line + char) > width:
            carried = line[-1] if char in _NO_LINE_START and len(line) > 1 else ""
            found.append(line[:len(line) - len(carried)])
            line = carried
            if char == " " and not line:
                continue  # a space at a break is not carried to the next line
        line += char
    return found + [line] if line else found


def _paragraph(out, text, height, indent=0):
    """`text` from the left margin plus `indent`, line by line, then back at the margin on the next line."""
    left = out.l_margin + indent
    for line in lines(text, out.w - out.r_margin - left, out.get_string_width):
        out.set_x(left)
        out.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def _footer(out, title):
    out.set_y(-12)
    out.set_font(pdf.FONT, size=9)
    out.cell(0, 6, f"{title} · 第 {out.page_no()} 页", align="C")
