"""Office documents (.docx) of report blocks, in the layout of an official document (GB/T 9704 margins).

Body in 仿宋 三号 (16 pt), title in 小标宋 二号 (22 pt), headings in 黑体;
a machine without those fonts substitutes its own, the layout holds. The
file is byte-for-byte the same for the same blocks: the core properties
carry the report's date, and the zip entries a fixed time
(:func:`stable_zip`), so a bulletin made twice from the same reports is
the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from PIL import Image

from collateral.campaign.reportmodel import Block, Heading, Para, Pictures, Recipient, Signature, Table, Title

BODY_FONT = "仿宋"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
TEXT_WIDTH_CM = 21 - 2.8 - 2.6
MAX_PICTURE_CM = 7.0  # the tallest a picture is shown


def stable_zip(blob: bytes, modified: dt.datetime | None = None) -> bytes:
    """The same zip with every entry dated 1980-01-01, in the same order: equal content, equal bytes.

    ``modified``: the document's modification time in ``docProps/core.xml``
    (openpyxl writes the time of saving there, whatever it was told).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if modified is not None and info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + f"{modified:%Y-%m-%dT%H:%M:%SZ}".encode(),
                              data)
            dst.writestr(fixed, data)
    return out.getvalue()


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _para(doc, text: str, font: str = BODY_FONT, size: float = 16, bold: bool = False, indent: bool = False,
          align=None, space_after: float = 0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(size * 1.75)
    fmt.space_after = Pt(space_after)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc, block: Table) -> None:
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice lays out by
    for cell, text, width in zip(table.rows[0].cells, block.header, widths):
        cell.width = width
        _font(cell.paragraphs[0].add_run(text), HEADING_FONT, 10.5, True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, widths):
            cell.width = width
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 10.5)
    doc.add_paragraph()


def _pictures(doc, block: Pictures) -> None:
    per_row = max(1, min(block.per_row, len(block.items)))
    cell_cm = TEXT_WIDTH_CM / max(block.per_row, 1) - 0.4
    table = doc.add_table(rows=0, cols=per_row)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column in table.columns:
        column.width = Cm(cell_cm + 0.4)
    for start in range(0, len(block.items), per_row):
        cells = table.add_row().cells
        for cell in cells:
            cell.width = Cm(cell_cm + 0.4)
        for cell, pic in zip(cells, block.items[start:start + per_row]):
            para = cell.paragraphs[0]
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            with Image.open(io.BytesIO(pic.png)) as img:
                w, h = img.size
            para.add_run().add_picture(io.BytesIO(pic.png), width=Cm(min(cell_cm, MAX_PICTURE_CM * w / h)))
            caption = cell.add_paragraph()
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for n, line in enumerate(pic.caption.split("\n")):
                run = caption.add_run()
                if n:
                    run.add_break()
                run.add_text(line)
                _font(run, BODY_FONT, 9)
    doc.add_paragraph()


def write_docx(blocks: list[Block], title: str, author: str, date: dt.datetime) -> bytes:
    """The blocks as a .docx (bytes)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = date
    props.revision = 1
    for block in blocks:
        if isinstance(block, Title):
            _para(doc, block.text, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=16)
        elif isinstance(block, Recipient):
            _para(doc, block.text)
        elif isinstance(block, Heading):
            _para(doc, block.text, HEADING_FONT, 16).paragraph_format.keep_with_next = True
        elif isinstance(block, Para):
            _para(doc, block.text, indent=block.indent)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Pictures):
            _pictures(doc, block)
        elif isinstance(block, Signature):
            doc.add_paragraph()
            _para(doc, block.office, align=WD_ALIGN_PARAGRAPH.RIGHT)
            _para(doc, block.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buf = io.BytesIO()
    doc.save(buf)
    return stable_zip(buf.getvalue())
