"""The 样稿 watermark: under text and codes (text stays 100 % K), inside the safe area, on every board size."""

from __future__ import annotations

import pikepdf
import pypdfium2 as pdfium
import pytest

from collateral.spec.params import MM
from collateral.products.sizes import board_spec
from conftest import DATE

SIZES = ["900x1200", "xbanner", "600x900"]


@pytest.fixture(scope="module")
def boards(tmp_path_factory):
    """郑州市's boards from the bundled data: drafts, as the province's QR payloads are placeholders."""
    from conftest import main

    out = tmp_path_factory.mktemp("drafts")
    made = {}
    for size in SIZES:
        assert main(["board", "410100", "--size", size, "-o", str(out / size), "--date", DATE]) == 0
        (made[size],) = (out / size).glob("*.pdf")
    return made


def _paints(pdf_path):
    """The page's painting operators in order: (index, operator, fill colour, transparent?)."""
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[0]
        states = page.obj.Resources.ExtGState
        stack, fill, alpha, out = [], None, 1.0, []
        for i, (operands, op) in enumerate(pikepdf.parse_content_stream(page)):
            op = str(op)
            if op == "q":
                stack.append((fill, alpha))
            elif op == "Q":
                fill, alpha = stack.pop()
            elif op == "gs":
                alpha = float(states[str(operands[0])].get("/ca", 1.0))
            elif op == "k":
                fill = tuple(float(v) for v in operands)
            elif op in ("Tj", "TJ", "'", '"', "f", "f*", "F", "B", "b"):
                out.append((i, op, fill, alpha < 1))
        return out


@pytest.mark.parametrize("size", SIZES)
def test_nothing_transparent_is_painted_over_black_text_or_codes(boards, size):
    paints = _paints(boards[size])
    black = [i for i, op, fill, clear in paints if fill == (0, 0, 0, 1) and not clear]
    washes = [i for i, op, fill, clear in paints if clear]
    assert black and washes  # black text and QR modules; the watermark
    assert max(washes) < min(black)
    text = [fill for i, op, fill, clear in paints if op in ("Tj", "TJ") and not clear]
    assert (0, 0, 0, 1) in text
    assert all(f == (0, 0, 0, 1) or f[3] < 0.9 or f[:3] != (0, 0, 0) for f in text)  # black is K only


@pytest.mark.parametrize("size", SIZES)
def test_the_watermark_lies_inside_the_safe_area(boards, size):
    spec = board_spec(size)
    doc = pdfium.PdfDocument(str(boards[size]))
    try:
        page = doc[0]
        text = page.get_textpage()
        trim = page.get_trimbox()  # the page is press output: measure from the trim
        boxes = []
        for i in range(text.count_chars()):
            if text.get_text_range(i, 1) in "样稿":
                left, bottom, right, top = text.get_charbox(i)
                if top - bottom > 100 * MM:  # the watermark's glyphs, not the label's
                    boxes.append(((left - trim[0]) / MM, (trim[3] - top) / MM, (right - trim[0]) / MM,
                                  (trim[3] - bottom) / MM))
    finally:
        doc.close()
    assert len(boxes) == 2
    w, h = spec.trim
    s = spec.safe
    for left, top, right, bottom in boxes:
        assert left >= s.left - 1 and top >= s.top - 1 and right <= w - s.right + 1 and bottom <= h - s.bottom + 1
