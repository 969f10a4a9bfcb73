"""Office and press output, and PDFs that stay honest when a print shop merges them."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter

from conftest import DATE, render_page

MM = 72 / 25.4


def _box(page, name):
    return [float(v) / MM for v in page[name]]


def _make(cli, tmp_path, *args, target="410105002"):
    out = tmp_path / "-".join(a.strip("-") for a in args or ("office",))
    r = cli("leaflet", target, "-o", out, "--date", DATE, *args)
    assert r.code == 0, r.err
    return sorted(out.glob("*.pdf"))


def test_press_output_has_trim_and_bleed_boxes_on_every_page(cli, tmp_path):
    (pdf,) = _make(cli, tmp_path, "--press")
    assert pdf.name.endswith("-leaflet-a4-press.pdf")
    for page in PdfReader(pdf).pages:
        tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
        bx0, by0, bx1, by1 = _box(page, "/BleedBox")
        assert (tx1 - tx0, ty1 - ty0) == (pytest.approx(210, abs=0.01), pytest.approx(297, abs=0.01))
        assert (bx1 - bx0, by1 - by0) == (pytest.approx(216, abs=0.01), pytest.approx(303, abs=0.01))
        assert _box(page, "/MediaBox") == pytest.approx([bx0, by0, bx1, by1], abs=0.01)


def test_crop_marks_lie_outside_the_bleed_in_the_registration_colour(cli, tmp_path):
    (pdf,) = _make(cli, tmp_path, "--marks")
    page = PdfReader(pdf).pages[0]
    mx0, my0, mx1, my1 = _box(page, "/MediaBox")
    bx0, by0, bx1, by1 = _box(page, "/BleedBox")
    tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
    assert tx1 - tx0 == pytest.approx(210, abs=0.01)
    # marks: dark (in every channel) on the trim line's extension, between the bleed and the media edge;
    # the bleed's corner holds the red band, never a mark
    dpi = 300
    red = render_page(pdf, 0, dpi).convert("RGB").getchannel("R")
    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    top = my1 - ty1  # mm from the media's top edge to the trim line
    left_of_bleed = red.crop((px(1), px(top) - 2, px(bx0 - mx0) - 1, px(top) + 3))
    assert left_of_bleed.getextrema()[0] < 120
    bleed_corner = red.crop((px(bx0 - mx0) + 1, px(my1 - by1) + 1, px(tx0 - mx0) - 1, px(my1 - ty1) - 1))
    assert bleed_corner.getextrema()[0] > 150
    content = page.get_contents().get_data()
    assert re.search(rb"/\w+ CS 1 SCN", content), "marks use a Separation colour space"
    assert b"1 1 1 1 K" not in content  # never 400 % CMYK
    colorspaces = page["/Resources"]["/ColorSpace"]
    (space,) = [cs.get_object() for cs in colorspaces.values()]
    assert space[0] == "/Separation" and space[1] == "/All"


def test_office_and_press_files_differ_in_id_and_carry_the_edition_date(cli, tmp_path):
    (office,) = _make(cli, tmp_path)
    (marks,) = _make(cli, tmp_path, "--marks")
    a, b = PdfReader(office), PdfReader(marks)
    assert a.trailer["/ID"][0] != b.trailer["/ID"][0]
    for reader in (a, b):
        assert reader.metadata["/CreationDate"] == "D:20261128000000+08'00'"
        assert reader.metadata["/ModDate"] == "D:20261128000000+08'00'"


def _subsets(pdf) -> dict[str, set[int]]:
    """BaseFont name → the code points its ToUnicode map names."""
    out = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_data().decode()
            out[font["/BaseFont"]] = frozenset(re.findall(r"<[0-9A-F]{2}> <([0-9A-F]{4,8})>", cmap))
    return out


def test_subset_tags_follow_the_glyphs(cli, tmp_path):
    a, b = _make(cli, tmp_path, target="410105002")[0], _make(cli, tmp_path / "b", target="410105014")[0]
    sa, sb = _subsets(a), _subsets(b)
    tags = [n.lstrip("/").split("+")[0] for n in (*sa, *sb)]
    assert all(re.fullmatch(r"[A-Z]{6}", t) for t in tags)
    assert not any(t == "AAAAAA" for t in tags)
    for name in set(sa) & set(sb):  # one name in both files: the very same glyphs
        assert sa[name] == sb[name]
    for na, ga in sa.items():  # different glyph sets never share a name
        for nb, gb in sb.items():
            if ga != gb:
                assert na != nb
    assert set(sa) != set(sb)  # the place names differ, so some subset does too


def test_merged_leaflets_keep_each_place_name(cli, tmp_path):
    a = _make(cli, tmp_path, target="410105002")[0]
    b = _make(cli, tmp_path / "b", target="410105014")[0]
    writer = PdfWriter()
    writer.append(str(a))
    writer.append(str(b))
    merged = tmp_path / "merged.pdf"
    with open(merged, "wb") as f:
        writer.write(f)
    reader = PdfReader(merged)
    assert "郑州市金水区花园路街道" in reader.pages[0].extract_text()
    assert "郑州市金水区龙子湖街道" in reader.pages[2].extract_text()
    doc = pdfium.PdfDocument(str(merged))
    try:
        assert "花园路街道" in doc[0].get_textpage().get_text_range()
        assert "龙子湖街道" in doc[2].get_textpage().get_text_range()
    finally:
        doc.close()


def test_subsets_are_valid_fonts_with_their_glyphs(cli, tmp_path):
    (pdf,) = _make(cli, tmp_path)
    for page in PdfReader(pdf).pages[:1]:
        for font in page["/Resources"]["/Font"].values():
            data = font.get_object()["/FontDescriptor"]["/FontFile2"].get_data()
            tt = TTFont(io.BytesIO(data))
            assert tt["maxp"].numGlyphs > 1
