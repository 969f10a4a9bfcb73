"""Carry out a layout with ReportLab: pages of primitives in, PDF bytes out.

Nothing is decided here; every position and size comes from ``layout``, and
every box from ``prepress``. Output is deterministic and honest: the same
data and edition give the same bytes; the file's /ID is a hash of its
content (so an office and a press version differ), its dates are the
edition date, its font subsets are tagged by their glyphs (see
``subsettags``); streams are Flate-compressed, every font is an embedded
subset and the canvas' initial font is ours, so no PDF references Helvetica.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from reportlab.lib.colors import CMYKColorSep
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from collateral import __version__
from collateral.rl import patches
from collateral.rl import rlcache
from collateral.typeset.fonts import FontSet
from collateral.compose.editionmark import MarkCode
from collateral.spec.params import Color
from collateral.spec.prepress import OFFICE, Finish, boxes, crop_marks, guide_marks
from collateral.spec.primitives import Fill, Page, Place, QRCode, Rule, TextLine
from collateral.codes.qr import QUIET, Matrix


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: str = ""
    date: dt.date | None = None  # the edition: creation and modification date of the file
    extra: tuple[tuple[str, str], ...] = ()  # more Info entries, e.g. an imposition's page map
    duplex: str = ""  # /ViewerPreferences /Duplex: DuplexFlipLongEdge or DuplexFlipShortEdge, preselected in print


@lru_cache(maxsize=1024)
def _qr_path(m: Matrix) -> PDFPathObject:
    """The dark modules as one path in module units, y down from the top-left of the symbol.

    The operators are written out (``n``, then a ``re`` per run, whole numbers as ``fp_str`` writes them):
    each piece's edition mark is a new symbol, and ``rect`` formatting ~150 runs was a tenth of a leaflet's
    rendering.
    """
    if not m.runs:
        return PDFPathObject()
    return PDFPathObject(["n", *(f"{c + QUIET} {-(r + QUIET + 1)} {n} 1 re" for r, c, n in m.runs)])


@lru_cache(maxsize=64)
def _separation(color: Color) -> CMYKColorSep:
    return CMYKColorSep(color.c, color.m, color.y, color.k, spotName=color.separation, density=1)


class _Painter:
    """Draws primitives with the origin at the top-left of the current page's trim, y down.

    The canvas is translated so that the trim's top-left is (0, 0); a point
    (x, y) of the layout is drawn at (x, -y). A placed page is drawn by the
    same painter under its own transform and clip.
    """

    def __init__(self, c: Canvas, rgb: Callable[[Color], tuple[float, float, float]] | None = None,
                 fixed: _Fixed | None = None) -> None:
        self.c = c
        self.rgb = rgb  # screens: each CMYK colour as the sRGB it proofs to (see screen.py)
        self.fixed = fixed
        self.draw = {Fill: self.fill, Rule: self.rule, TextLine: self.text, QRCode: self.qr, MarkCode: self.qr,
                     Place: self.place}

    def items(self, items) -> None:
        draw = self.draw
        for item in items:
            draw[type(item)](item)

    def fill_color(self, color: Color, target=None) -> None:
        target = target or self.c
        if self.rgb is not None:
            target.setFillColorRGB(*self.rgb(color))
        elif color.separation:
            target.setFillColor(_separation(color))
        else:
            target.setFillColorCMYK(color.c, color.m, color.y, color.k)

    def stroke_color(self, color: Color) -> None:
        if self.rgb is not None:
            self.c.setStrokeColorRGB(*self.rgb(color))
        elif color.separation:
            self.c.setStrokeColor(_separation(color))
        else:
            self.c.setStrokeColorCMYK(color.c, color.m, color.y, color.k)

    def fill(self, f: Fill) -> None:
        c = self.c
        self.fill_color(f.color)
        if f.stroke is not None:
            self.stroke_color(f.stroke)
            c.setLineWidth(f.stroke_width)
        args = (f.x, -f.y - f.h, f.w, f.h)
        stroke = 1 if f.stroke is not None else 0
        if f.radius:
            c.roundRect(*args, f.radius, stroke=stroke, fill=1)
        else:
            c.rect(*args, stroke=stroke, fill=1)

    def rule(self, r: Rule) -> None:
        c = self.c
        self.stroke_color(r.color)
        c.setLineWidth(r.width)
        c.setDash(list(r.dash) if r.dash else [])
        c.line(r.x1, -r.y1, r.x2, -r.y2)

    def text(self, t: TextLine) -> None:
        c = self.c
        rotated = bool(t.angle) or t.alpha < 1
        if rotated:
            c.saveState()
            c.translate(t.x, -t.y)
            c.rotate(t.angle)
            c.setFillAlpha(t.alpha)
            x0, y0 = 0.0, 0.0
        else:
            x0, y0 = t.x, -t.y
        key = self.fixed.key(t, c._doc, self.rgb) if self.fixed is not None else None
        code = _TEXT.get(key) if key is not None else None
        if code is None:
            obj = c.beginText()
            self.fill_color(t.color, obj)
            for run in t.runs:
                obj.setFont(run.font, t.size)
                obj.setCharSpace(run.char_space)
                obj.setTextOrigin(x0 + run.x, y0)
                obj.textOut(run.text)
            code = obj.getCode()
            if key is not None:
                _TEXT.put(key, code)
        elif self.rgb is None and t.color.separation:  # what drawing the colour would have recorded
            sep = _separation(t.color)
            name, sname = c._doc.addColor(sep)
            c._colorsUsed.setdefault(name, sname)
        c._code.append(code)  # what Canvas.drawText does
        if rotated:
            c.restoreState()

    def qr(self, q: QRCode) -> None:
        c = self.c
        module = q.size / q.matrix.modules_with_quiet
        c.saveState()
        self.fill_color(q.color)
        c.translate(q.x, -q.y)
        c.scale(module, module)
        c.drawPath(_qr_path(q.matrix), stroke=0, fill=1)
        c.restoreState()

    def place(self, p: Place) -> None:
        """A page drawn on this one: its y-down matrix, turned into PDF's y-up terms."""
        c = self.c
        a, b, cc, d, e, f = p.matrix
        c.saveState()
        c.transform(a, -b, -cc, d, e, -f)
        w, h = p.page.width, p.page.height
        left, top, right, bottom = p.clip_sides
        clip = c.beginPath()
        clip.rect(-left, -h - bottom, w + left + right, h + top + bottom)
        c.clipPath(clip, stroke=0, fill=0)
        self.items(p.page.items)
        c.restoreState()


_TEXT = rlcache.Memo(10_000)  # a text object's operators, by what they depend on (see _Fixed.key)


class _Fixed:
    """The characters whose font codes the seed fixes, by font: text drawn only with them is drawn alike everywhere.

    A text object's operators depend on the line (position, size, colour,
    runs), the codes its characters get and the document's names of its
    fonts (/F1, /F2). Once the seed is assigned, the codes of the seeded
    characters (and ReportLab's fixed ASCII codes) are the same in every
    document of a product; the names are looked up per document. So a line
    all of whose characters are fixed has a key, and its operators are
    made once per process (the guide's text, headings, labels).
    """

    def __init__(self, token: int, chars: dict[str, frozenset[str]]) -> None:
        self.token = token
        self.chars = chars

    def key(self, t: TextLine, doc, rgb) -> tuple | None:
        names = []
        for run in t.runs:
            chars = self.chars.get(run.font)
            if chars is None or not chars.issuperset(run.text):
                return None
            state = pdfmetrics.getFont(run.font).state.get(doc)
            name = state.internalName if state is not None else None
            if name is None:  # the font's first use in this document names it
                return None
            names.append(name)
        return (self.token, t, tuple(names), rgb(t.color) if rgb is not None else None)


_FIXED: dict[tuple[tuple[str, str], ...], _Fixed] = {}


def _fixed_after_seed(c: Canvas, seed: dict[str, str]) -> _Fixed:
    """The characters with fixed codes in a document just seeded with ``seed`` (once per seed)."""
    token = tuple(seed.items())
    fixed = _FIXED.get(token)
    if fixed is None:
        chars = {}
        for font_name in seed:
            state = pdfmetrics.getFont(font_name).state.get(c._doc)
            if state is not None:
                chars[font_name] = frozenset(map(chr, state.assignments))
        fixed = _FIXED[token] = _Fixed(len(_FIXED), chars)
    return fixed


_SEEDED_SPACES = "\u3000"
_SEEDED: dict[tuple[str, str], object] = {}  # (font, seed) -> ReportLab's font state just after seeding


def _seed_codes(c: Canvas, seed: dict[str, str]) -> None:
    """Give the characters a product always uses the same codes in every document.

    ReportLab numbers characters in the order a document first draws them, so
    one new character in a place name early on page 1 would shift every later
    code and make every font subset unique. Assigning the common characters
    first, in a fixed order, keeps those subsets identical across pieces (and
    made once, see ``fonts._cache_subsets``); only the last subset varies.
    The state this leaves is the same for every document of a product, so
    after the first it is copied rather than worked out again.
    """
    doc = c._doc
    for font_name, chars in seed.items():
        font = pdfmetrics.getFont(font_name)
        done = _SEEDED.get((font_name, chars))
        if done is not None and doc not in font.state:
            state = copy.copy(done)
            state.assignments = dict(done.assignments)
            state.subsets = [list(s) for s in done.subsets]
            font.state[doc] = state
            continue
        # The ideographic space with them (layouts leave spaces out of the seed): in the piece's own
        # subset it could get a code below 32, which text extractors (pdfium) read as an ASCII space.
        font.splitString(chars + _SEEDED_SPACES, doc)
        # The piece's own characters (names) start a subset of their own: the seeded subsets then
        # stay whole and shared, and the one subset made per piece holds only its few glyphs.
        state = font.state[doc]
        if state.nextCode & 0xFF:
            state.nextCode = (state.nextCode | 0xFF) + 1
        if state.internalName is None and not state.frozen:
            done = copy.copy(state)
            done.assignments = dict(state.assignments)
            done.subsets = [list(s) for s in state.subsets]
            _SEEDED[(font_name, chars)] = done


class _Info(pdfdoc.PDFInfo):
    """ReportLab's document Info with entries of our own (PDF allows any second-class name)."""

    extra: tuple[tuple[str, str], ...] = ()

    def format(self, document):
        text = super().format(document)
        if not self.extra:
            return text
        more = b"".join(b"/" + k.encode("ascii") + b" " + pdfdoc.PDFString(v).format(document) + b"\n"
                        for k, v in self.extra)
        return text[:text.rindex(b">>")] + more + text[text.rindex(b">>"):]


_ID = re.compile(rb"/ID \n\[<([0-9a-f]{32})><\1>\]")


def _content_id(pdf: bytes) -> bytes:
    """Replace ReportLab's /ID (a hash of the metadata only) by a hash of the whole file."""
    m = _ID.search(pdf)
    if m is None:
        raise RuntimeError("collateral.render.pdf: no /ID in ReportLab's trailer; re-check _content_id")
    blank = pdf[:m.start(1)] + b"0" * 32 + pdf[m.end(1):]
    digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().encode()
    return pdf[:m.start()] + b"/ID \n[<" + digest + b"><" + digest + b">]" + pdf[m.end():]


def render_pdf(pages: tuple[Page, ...], meta: Meta, fonts: FontSet, how: Finish = OFFICE,
               seed: dict[str, str] | None = None,
               rgb: Callable[[Color], tuple[float, float, float]] | None = None) -> bytes:
    """The pages as a PDF; ``rgb`` paints every colour in RGB instead of CMYK (for screen images)."""
    patches.install()  # a no-op after the first product (fonts.load_fonts installs them too)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=boxes(pages[0], how).media, invariant=1, pageCompression=1,
               initialFontName=fonts.regular.name, initialFontSize=10)
    if meta.date is not None:
        stamp = c._doc._timeStamp
        stamp.YMDhms, stamp.dhh, stamp.dmm = (meta.date.year, meta.date.month, meta.date.day, 0, 0, 0), 8, 0
    if meta.extra:
        info = _Info()
        info.__dict__.update(c._doc.info.__dict__)
        info.extra = meta.extra
        c._doc.info = info
    _seed_codes(c, seed or {})
    fixed = _fixed_after_seed(c, seed) if seed else None
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setKeywords(meta.keywords)
    c.setCreator(f"collateral {__version__}")
    if meta.duplex:
        c.setViewerPreference("Duplex", meta.duplex)
    painter = _Painter(c, rgb, fixed)
    for page in pages:
        b = boxes(page, how)
        c.setPageSize(b.media)
        c.setTrimBox(b.trim_box if how.bleed else None)
        c.setBleedBox(b.bleed_box if how.bleed else None)
        c.saveState()
        c.translate(b.origin, b.origin + b.trim_h)
        painter.items(page.items)
        if how.marks:
            painter.items(crop_marks(b))
            painter.items(guide_marks(b, page.guides))
        c.restoreState()
        c.showPage()
    c.save()
    return _content_id(buf.getvalue())
