"""Carry out a layout with ReportLab: primitives in, PDF bytes out.

Nothing is decided here; every position and size comes from ``layout``.
Output is deterministic (same data and date give the same bytes), streams
are Flate-compressed without ASCII85, every font is an embedded subset and
the canvas' initial font is ours, so no PDF ever references Helvetica.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from collateral import __version__
from collateral.fonts import FontSet
from collateral.layout import Fill, Page, QRCode, Rule, TextLine
from collateral.layoutspec import Color
from collateral.prepress import Sheet, crop_marks
from collateral.qr import QUIET, Matrix

rl_config.useA85 = 0


@dataclass(frozen=True)
class Meta:
    title: str
    author: str
    subject: str
    keywords: str = ""


@lru_cache(maxsize=1024)
def _qr_path(m: Matrix) -> PDFPathObject:
    """The dark modules as one path in module units, y down from the top-left of the symbol."""
    path = PDFPathObject()
    for r, c, n in m.runs:
        path.rect(c + QUIET, -(r + QUIET + 1), n, 1)
    return path


class _Painter:
    def __init__(self, c: Canvas, s: Sheet) -> None:
        self.c = c
        self.ox = s.origin
        self.top = s.origin + s.trim_h

    def fill_color(self, color: Color) -> None:
        self.c.setFillColorCMYK(color.c, color.m, color.y, color.k)

    def fill(self, f: Fill) -> None:
        c = self.c
        self.fill_color(f.color)
        if f.stroke is not None:
            c.setStrokeColorCMYK(f.stroke.c, f.stroke.m, f.stroke.y, f.stroke.k)
            c.setLineWidth(f.stroke_width)
        args = (self.ox + f.x, self.top - f.y - f.h, f.w, f.h)
        stroke = 1 if f.stroke is not None else 0
        if f.radius:
            c.roundRect(*args, f.radius, stroke=stroke, fill=1)
        else:
            c.rect(*args, stroke=stroke, fill=1)

    def rule(self, r: Rule) -> None:
        c = self.c
        c.setStrokeColorCMYK(r.color.c, r.color.m, r.color.y, r.color.k)
        c.setLineWidth(r.width)
        c.setDash(list(r.dash) if r.dash else [])
        c.line(self.ox + r.x1, self.top - r.y1, self.ox + r.x2, self.top - r.y2)

    def text(self, t: TextLine) -> None:
        c = self.c
        rotated = bool(t.angle) or t.alpha < 1
        if rotated:
            c.saveState()
            c.translate(self.ox + t.x, self.top - t.y)
            c.rotate(t.angle)
            c.setFillAlpha(t.alpha)
            x0, y0 = 0.0, 0.0
        else:
            x0, y0 = self.ox + t.x, self.top - t.y
        obj = c.beginText()
        obj.setFillColorCMYK(t.color.c, t.color.m, t.color.y, t.color.k)
        for run in t.runs:
            obj.setFont(run.font, t.size)
            obj.setCharSpace(run.char_space)
            obj.setTextOrigin(x0 + run.x, y0)
            obj.textOut(run.text)
        c.drawText(obj)
        if rotated:
            c.restoreState()

    def qr(self, q: QRCode) -> None:
        c = self.c
        module = q.size / q.matrix.modules_with_quiet
        c.saveState()
        self.fill_color(q.color)
        c.translate(self.ox + q.x, self.top - q.y)
        c.scale(module, module)
        c.drawPath(_qr_path(q.matrix), stroke=0, fill=1)
        c.restoreState()


def _seed_codes(c: Canvas, seed: dict[str, str]) -> None:
    """Give the characters a product always uses the same codes in every document.

    ReportLab numbers characters in the order a document first draws them, so
    one new character in a place name early on page 1 would shift every later
    code and make every font subset unique. Assigning the common characters
    first, in a fixed order, keeps those subsets identical across pieces (and
    made once, see ``fonts._cache_subsets``); only the last subset varies.
    """
    for font_name, chars in seed.items():
        pdfmetrics.getFont(font_name).splitString(chars, c._doc)


def render_pdf(pages: tuple[Page, ...], s: Sheet, meta: Meta, fonts: FontSet, marks: bool = False,
               seed: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=s.media, invariant=1, pageCompression=1, initialFontName=fonts.regular.name,
               initialFontSize=10)
    _seed_codes(c, seed or {})
    c.setTitle(meta.title)
    c.setAuthor(meta.author)
    c.setSubject(meta.subject)
    c.setKeywords(meta.keywords)
    c.setCreator(f"collateral {__version__}")
    c.setTrimBox(s.trim_box)
    c.setBleedBox(s.bleed_box)
    painter = _Painter(c, s)
    draw = {Fill: painter.fill, Rule: painter.rule, TextLine: painter.text, QRCode: painter.qr}
    marks_items = crop_marks(s) if marks else ()
    for page in pages:
        for item in page.items:
            draw[type(item)](item)
        for item in marks_items:
            painter.rule(item)
        c.showPage()
    c.save()
    return buf.getvalue()
