"""The report's PDF, from the same blocks as the .docx, set by ReportLab's flowables in our bundled fonts.

An official document's page (A4, GB/T 9704 margins, page numbers as
``— 1 —``), Noto Sans SC embedded as subsets, Chinese line breaking
(ReportLab's CJK wrap: no line starts with a closing mark). No office suite
is involved, so the PDF is made the same way on every machine. Output is
deterministic (invariant mode: fixed dates and /ID).
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus import TableStyle

from collateral.typeset.fonts import load_fonts
from collateral.campaign.reportmodel import Block, Heading, Para, Pictures, Recipient, Signature, Table, Title

MARGINS = (3.7 * cm, 2.6 * cm, 3.5 * cm, 2.8 * cm)  # top, right, bottom, left


def _styles() -> dict[str, ParagraphStyle]:
    fonts = load_fonts()
    regular, bold = fonts.regular.name, fonts.bold.name
    base = dict(fontName=regular, fontSize=14, leading=26, wordWrap="CJK", alignment=TA_JUSTIFY)
    return {
        "title": ParagraphStyle("title", **{**base, "fontName": bold, "fontSize": 20, "leading": 32,
                                            "alignment": TA_CENTER, "spaceAfter": 18}),
        "recipient": ParagraphStyle("recipient", **base),
        "heading": ParagraphStyle("heading", **{**base, "fontName": bold, "spaceBefore": 8, "keepWithNext": 1}),
        "body": ParagraphStyle("body", **{**base, "firstLineIndent": 28}),
        "plain": ParagraphStyle("plain", **base),
        "cell": ParagraphStyle("cell", **{**base, "fontSize": 9, "leading": 12, "alignment": 0}),
        "head": ParagraphStyle("head", **{**base, "fontName": bold, "fontSize": 9, "leading": 12, "alignment": 0}),
        "caption": ParagraphStyle("caption", **{**base, "fontSize": 8.5, "leading": 11, "alignment": TA_CENTER}),
        "right": ParagraphStyle("right", **{**base, "alignment": TA_RIGHT}),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in text.split("\n")), style)


def _table(block: Table, st: dict[str, ParagraphStyle], width: float) -> RLTable:
    total = sum(block.widths)
    data = [[_p(t, st["head"]) for t in block.header]] + [[_p(t, st["cell"]) for t in row] for row in block.rows]
    table = RLTable(data, colWidths=[width * w / total for w in block.widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.93, 0.93, 0.93)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _image(png: bytes, max_w: float, max_h: float) -> Image:
    img = Image(io.BytesIO(png))
    scale = min(max_w / img.imageWidth, max_h / img.imageHeight)
    img.drawWidth, img.drawHeight = img.imageWidth * scale, img.imageHeight * scale
    return img


def _pictures(block: Pictures, st: dict[str, ParagraphStyle], width: float) -> RLTable:
    per_row = max(1, min(block.per_row, len(block.items)))
    cell_w = width / max(block.per_row, 1)
    rows = []
    for start in range(0, len(block.items), per_row):
        chunk = block.items[start:start + per_row]
        cells = [[_image(pic.png, cell_w - 8, 7 * cm), Spacer(1, 3), _p(pic.caption, st["caption"])] for pic in chunk]
        rows.append(cells + [""] * (per_row - len(chunk)))
    table = RLTable(rows, colWidths=[cell_w] * per_row)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
    return table


def _page_number(canvas, doc) -> None:
    fonts = load_fonts()
    canvas.saveState()
    canvas.setFont(fonts.regular.name, 12)
    canvas.drawCentredString(A4[0] / 2, 2.2 * cm, f"— {doc.page} —")
    canvas.restoreState()


def write_pdf(blocks: list[Block], title: str, author: str, date: dt.datetime) -> bytes:
    """The blocks as an A4 PDF (bytes)."""
    st = _styles()
    top, right, bottom, left = MARGINS
    width = A4[0] - left - right
    story = []
    for block in blocks:
        if isinstance(block, Title):
            story.append(_p(block.text, st["title"]))
        elif isinstance(block, Recipient):
            story.append(_p(block.text, st["recipient"]))
        elif isinstance(block, Heading):
            story.append(_p(block.text, st["heading"]))
        elif isinstance(block, Para):
            story.append(_p(block.text, st["body" if block.indent else "plain"]))
        elif isinstance(block, Table):
            story += [_table(block, st, width), Spacer(1, 8)]
        elif isinstance(block, Pictures):
            story += [_pictures(block, st, width), Spacer(1, 8)]
        elif isinstance(block, Signature):
            story.append(KeepTogether([Spacer(1, 24), _p(block.office, st["right"]), _p(block.date, st["right"])]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, topMargin=top, rightMargin=right, bottomMargin=bottom,
                            leftMargin=left, title=title, author=author, creator="collateral", invariant=1)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buf.getvalue()
