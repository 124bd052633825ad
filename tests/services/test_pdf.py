"""PDFs set in a font read once per process: every character the font has prints, in PDFium and in poppler, from
the first PDF of a process, from PDFs made in threads at once, and from the font file the setting names.

Each PDF is read back with PDFium (pypdfium2): its text as a viewer extracts it, and, where each character of a
name stands, the page rendered.
"""
import os
import shutil
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pypdfium2 as pdfium
import pylopdf_fonts_zh_cn
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fpdf.fonts import TTFFont
from PIL import Image

from app.services import pdf, pdf_fonts

SCALE = 4  # pixels per point
TABLE = (("课程代码", "课程名称"), [("00015", "英语（二）"), ("03708", "中国近现代史纲要")], (40, 80))


@pytest.fixture
def parses(monkeypatch):
    """A process that has read no font yet: the font files parsed from now on (fpdf2's TTFFont, one a file)."""
    monkeypatch.setattr(pdf_fonts, "_shared", {})
    parsed = []
    parse = TTFFont.__init__

    def counted(font, *args, **kwargs):
        parsed.append(font)
        parse(font, *args, **kwargs)

    monkeypatch.setattr(TTFFont, "__init__", counted)
    return parsed


def notice(name):
    return pdf.document("考场座次通知单", [("姓名", name), ("准考证号", "080105408130")], TABLE,
                        ["考生须凭准考证和身份证进入考场。"])


def first_page(data):
    return pdfium.PdfDocument(data)[0]


def printed(data, name, picture=None):
    """Whether every character of `name` is in the page's text and inked where PDFium places it (in `picture`, the
    page rendered at SCALE by another renderer, if given)."""
    first = first_page(data)
    text = first.get_textpage()
    found = text.get_text_range().find(name)
    if found < 0:
        return False
    picture = picture or first.render(scale=SCALE).to_pil()
    height = first.get_size()[1]
    for index in range(found, found + len(name)):
        left, bottom, right, top = text.get_charbox(index)
        box = picture.convert("L").crop((int(left * SCALE), int((height - top) * SCALE),
                                         int(right * SCALE) + 1, int((height - bottom) * SCALE) + 1))
        if min(box.getdata()) > 100:  # no dark pixel
            return False
    return True


def test_a_rare_character_of_a_name_prints(app_ctx):
    data = notice("王䶮 李㛃")

    assert printed(data, "王䶮") and printed(data, "李㛃")


def test_the_font_is_parsed_for_the_first_pdf_of_a_process_only(app_ctx, parses):
    first = notice("张明")
    second = notice("李㛃")
    third = pdf.new_pdf("A3", "空白页").output()

    assert len(parses) == 1
    assert printed(first, "张明") and printed(second, "李㛃") and third.startswith(b"%PDF-")


def test_pdfs_made_in_threads_at_once_each_print_their_own_names(app, parses):
    """Eight names from 12 rare characters, each shared by some of them: the threads convert the same glyphs at once,
    and load the font at once."""
    rare = [chr(0x3C00 + n) for n in range(12)]
    names = ["".join(rare[n:n + 5]) for n in range(8)]
    start = threading.Barrier(len(names))

    def made(name):
        with app.app_context():
            start.wait()
            return notice(name)

    with ThreadPoolExecutor(len(names)) as pool:
        documents = list(pool.map(made, names))

    assert len(parses) == 1
    assert [printed(data, name) for data, name in zip(documents, names, strict=True)] == [True] * len(names)


def test_poppler_prints_the_embedded_font_too(app_ctx, tmp_path):
    renderer = shutil.which("pdftoppm")
    if renderer is None:
        pytest.fail("no pdftoppm: `make test` installs it (Debian: apt-get install poppler-utils)")
    data = notice("王䶮 李㛃")
    (tmp_path / "notice.pdf").write_bytes(data)

    subprocess.run([renderer, "-r", str(72 * SCALE), "-png", "-singlefile", tmp_path / "notice.pdf",
                    tmp_path / "notice"], check=True)

    rendered = Image.open(tmp_path / "notice.png")
    assert printed(data, "王䶮", rendered) and printed(data, "李㛃", rendered) and printed(data, "英语（二）", rendered)


def test_the_setting_names_another_font_file(app, app_ctx, monkeypatch):
    serif = os.path.join(os.path.dirname(pylopdf_fonts_zh_cn.__file__), "NotoSerifSC-Regular.otf")
    monkeypatch.setitem(app.config, "PDF_FONT_PATH", serif)

    data = notice("王䶮")

    assert b"+NotoSerifSC" in data and b"+NotoSansSC" not in data
    assert printed(data, "王䶮")


def bars_font(path):
    """A TrueType font of two glyphs: I, one bar, and H, two of them as a composite glyph (a glyph drawn from
    another, as accented letters often are)."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "bar", "bars"])
    builder.setupCharacterMap({ord("I"): "bar", ord("H"): "bars"})
    pen = TTGlyphPen(None)
    pen.moveTo((100, 0))
    pen.lineTo((100, 700))
    pen.lineTo((300, 700))
    pen.lineTo((300, 0))
    pen.closePath()
    bar = pen.glyph()
    pen = TTGlyphPen({"bar": bar})
    pen.addComponent("bar", (1, 0, 0, 1, 0, 0))
    pen.addComponent("bar", (1, 0, 0, 1, 400, 0))
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "bar": bar, "bars": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "bar": (400, 100), "bars": (800, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Bars", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(path)
    return str(path)


def test_a_truetype_font_file_prints_its_composite_glyphs(app, app_ctx, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "PDF_FONT_PATH", bars_font(tmp_path / "bars.ttf"))
    document = pdf.new_pdf("A4", "Bars")
    document.add_page()
    document.set_font(pdf.FONT, size=72)
    document.cell(text="HI")

    first = first_page(bytes(document.output()))
    text = first.get_textpage()
    picture = first.render(scale=1).to_pil().convert("L")
    left, bottom, right, top = text.get_charbox(0)  # H, inked from its first bar's left to its second's right
    middle = int(first.get_size()[1] - (top + bottom) / 2)

    assert text.get_text_range().startswith("HI")
    inked = [picture.getpixel((int(left + (right - left) * share), middle)) < 100 for share in (0.15, 0.5, 0.85)]
    assert inked == [True, False, True], "both bars, and the gap between them"
