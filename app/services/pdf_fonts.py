"""Fonts read once per process and shared by every PDF that sets them.

fpdf2's add_font() parses the font file for each document (the character map and the widths of Noto Sans SC's
31,000 glyphs: ~100 ms), and output() subsets the parsed font with fontTools, which interprets the outline
program of each CFF glyph used several times over (~1 ms a glyph: ~250 ms for a form). Here, per font file and
process:
- the file is read into memory and parsed once, by fpdf2 (a SharedFont). What fpdf2 reads of the parse while
  laying out a page (the character map, the widths, the glyph ids, the metrics) every document's copy of the
  font shares, read only; what a document changes is its copy's own: the glyphs it used (fpdf2's SubsetMap), the
  characters the font lacked, the font descriptor its file numbers.
- each glyph is converted once, the first time a document uses it, to a TrueType glyph (a CFF glyph's cubic
  curves made quadratic within MAX_ERROR font units, a composite glyph decomposed, hints left out), and kept
  (~0.5 KB a glyph). At output, a document's font is a TrueType font of just the glyphs it used, put together
  from those (SharedFont.embedded), which fpdf2 then embeds as a subset as it would any TrueType font.
So every glyph of the font file can print, the rarest included, and a page costs its layout.
Documents are made in threads at once (gunicorn's gthread workers): what they share is only read once loaded;
the font is loaded, and glyphs converted, under a lock.
"""
import copy
import io
import threading
from typing import NamedTuple

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables._g_l_y_f import Glyph
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

MAX_ERROR = 1.0  # font units (1/1000 em for Noto Sans SC): how far a converted curve may stray
_shared = {}  # font file path: SharedFont
_loading = threading.Lock()


class PDF(FPDF):
    """An FPDF that can set shared fonts (add_shared_font); at output, each is embedded from the glyphs used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.shared_fonts = {}  # fontkey: SharedFont

    def add_shared_font(self, family, fname):
        """As add_font(family, fname=fname) (regular style), but the file is parsed once per process."""
        shared = shared_font(fname)
        self.fonts[family.lower()] = shared.copy_for(self, family.lower())
        self.shared_fonts[family.lower()] = shared

    def output(self, *args, **kwargs):
        if not self.buffer:  # not output yet
            for fontkey, shared in self.shared_fonts.items():
                font = self.fonts[fontkey]
                font.ttfont = shared.embedded(font.subset.get_all_glyph_names())
        return super().output(*args, **kwargs)


def shared_font(path):
    """The SharedFont of the font file at `path`, parsed on first use in this process."""
    found = _shared.get(path)
    if found is None:
        with _loading:
            found = _shared.get(path) or SharedFont(path)
            _shared[path] = found
    return found


class _Glyph(NamedTuple):
    """A glyph as TrueType glyph data, and what the tables around it need of it (in font units)."""
    data: bytes
    advance: int
    left_side_bearing: int
    points: int
    contours: int


class _Widths(dict):
    """Advance widths by code point. A character the font lacks has the default width, and is not added (fpdf2's
    defaultdict would add it: the dict is shared, so it is never written to)."""

    def __init__(self, widths):
        super().__init__(widths)
        self.default = widths.default_factory()

    def __missing__(self, code_point):
        return self.default


class SharedFont:
    """A font file parsed once: fpdf2's parse of it (a TTFFont every document copies) and the glyphs converted."""

    def __init__(self, path):
        # fpdf2's parse, of the file read whole into memory (fontTools then reads it lazily, under the lock, and
        # no read can interleave with another's, or find the file replaced meanwhile).
        with open(path, "rb") as file:
            self.parsed = TTFFont(FPDF(), io.BytesIO(file.read()), "shared", "")
        self.parsed.cw = _Widths(self.parsed.cw)
        self.file = self.parsed.ttfont
        self.glyph_set = self.file.getGlyphSet()
        self.cubic = self.parsed.is_cff
        if self.cubic:
            self.charstrings = self.file["CFF " if "CFF " in self.file else "CFF2"].cff.topDictIndex[0].CharStrings
        self.advances = {name: advance for name, (advance, _lsb) in self.file["hmtx"].metrics.items()}
        self.tables = {tag: copy.copy(self.file[tag]) for tag in ("head", "hhea", "post")}
        self.glyphs = {}  # glyph name: _Glyph
        self.lock = threading.Lock()

    def copy_for(self, pdf, fontkey):
        """A document's own copy of the font, as fpdf2's add_font() would make it: the parse shared, the glyphs used
        and the descriptor its own (what fpdf2's TTFFont.__deepcopy__ also keeps apart), embedded as TrueType."""
        font = copy.copy(self.parsed)
        font.i = len(pdf.fonts) + 1
        font.fontkey = fontkey
        font.desc = copy.copy(self.parsed.desc)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font.is_cff = font.is_cid_keyed = False
        font.cff_ros = None
        font.subset = SubsetMap(font)
        return font

    def glyph(self, name):
        """The glyph `name` as a TrueType glyph (_Glyph), converted on first use."""
        found = self.glyphs.get(name)
        if found is None:
            with self.lock:
                found = self.glyphs.get(name) or self._converted(name)
                self.glyphs[name] = found
        return found

    def _converted(self, name):
        outline = DecomposingRecordingPen(self.glyph_set, reverseFlipped=True)
        if self.cubic:
            # Drawing leaves the glyph's program decompiled in the parse (~4 KB): it is put back as it was read.
            charstring = self.charstrings[name]
            program = charstring.bytecode
            self.glyph_set[name].draw(outline)
            charstring.setBytecode(program)
        elif name in self.glyph_set:  # a TrueType font may lack .notdef: it is then blank
            self.glyph_set[name].draw(outline)
        pen = TTGlyphPen(None)
        # CFF contours run the other way round from TrueType's.
        outline.replay(Cu2QuPen(pen, MAX_ERROR, reverse_direction=self.cubic))
        glyph = pen.glyph()
        data = glyph.compile(None)  # its bounds computed on the way
        return _Glyph(data, self.advances.get(name, 0), getattr(glyph, "xMin", 0), len(glyph.coordinates),
                      glyph.numberOfContours)

    def embedded(self, names):
        """A TrueType font of .notdef and the glyphs `names`: what a document's font embeds."""
        order = [".notdef", *sorted(set(names) - {".notdef"})]
        glyphs = [self.glyph(name) for name in order]
        font = TTFont(recalcBBoxes=False, recalcTimestamp=False)
        font.setGlyphOrder(order)
        for tag, table in self.tables.items():
            font[tag] = copy.copy(table)
        font["post"].formatType = 3.0  # no glyph names
        font["maxp"] = _maxp(glyphs)
        font["loca"] = newTable("loca")
        font["glyf"] = newTable("glyf")
        font["glyf"].glyphOrder = order
        font["glyf"].glyphs = {name: Glyph(glyph.data) for name, glyph in zip(order, glyphs, strict=True)}
        font["hmtx"] = newTable("hmtx")
        font["hmtx"].metrics = {name: (glyph.advance, glyph.left_side_bearing)
                                for name, glyph in zip(order, glyphs, strict=True)}
        return font


def _maxp(glyphs):
    """A TrueType maxp table (version 1.0) for unhinted simple glyphs."""
    table = newTable("maxp")
    table.tableVersion = 0x00010000
    table.numGlyphs = len(glyphs)
    table.maxPoints = max(glyph.points for glyph in glyphs)
    table.maxContours = max(glyph.contours for glyph in glyphs)
    for field in ("maxCompositePoints", "maxCompositeContours", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth"):
        setattr(table, field, 0)
    table.maxZones = 1
    return table
