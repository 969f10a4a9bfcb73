"""The pocket booklet as a clerk prints it: imposed sheets that match the plan, scan, and carry fonts once."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from collateral.data.dataset import Dataset
from collateral.impose.sheetmap import page_map
from collateral.paths import data_dir
from collateral.data.resolve import resolve
from collateral.impose.schemes import SCHEMES, plan
from conftest import DATE, render_page

MM = 72 / 25.4


def _booklet(cli, out, *args, target="410105002"):
    """The files to copy (an office file's 说明 beside them is left out: see test_print_copies)."""
    r = cli("booklet", target, "-o", out, "--date", DATE, *args)
    assert r.code == 0, r.err
    return sorted(p for p in out.glob("*.pdf") if not p.name.endswith("-说明.pdf"))


def _find(pdf, index: int, needle: str) -> tuple[float, float]:
    """Where ``needle`` is drawn on a page: the (x, y) of its box's left-top corner in mm from the top-left."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        text = page.get_textpage()
        search = text.search(needle)
        found = search.get_next()
        assert found, f"{needle!r} not on page {index}"
        start, count = found
        left, bottom, right, top = text.get_charbox(start)
        return left / MM, (page.get_height() - top) / MM
    finally:
        doc.close()


@pytest.fixture(scope="module")
def a6_pages(tmp_path_factory):
    from conftest import main

    out = tmp_path_factory.mktemp("a6")
    assert main(["booklet", "410105002", "-o", str(out), "--imposition", "none", "--date", DATE]) == 0
    (pdf,) = out.glob("*.pdf")
    return pdf


def test_reading_pages_are_a6_with_numbers_but_not_on_the_covers(a6_pages):
    reader = PdfReader(a6_pages)
    n = len(reader.pages)
    assert n == 8
    for page in reader.pages:
        box = [float(v) / MM for v in page.mediabox]
        assert box[2:] == [pytest.approx(105, abs=0.01), pytest.approx(148, abs=0.01)]
    texts = [page.extract_text() for page in reader.pages]
    assert "手机信访" in texts[0] and "郑州市金水区花园路街道" in texts[0] and "金水区信访局" in texts[0]
    assert "18837117796" in texts[-1] and re.search(r"编号 202611-[0-9a-f]{8}", texts[-1])
    for i, text in enumerate(texts[1:-1], 2):
        assert re.search(rf"(^|\n){i}\s*$", text), (i, text[-40:])
    assert not re.search(r"(^|\n)1\s*$", texts[0]) and not re.search(rf"(^|\n){n}\s*$", texts[-1])
    body = "".join(texts)
    for part in ("微信信访", "APP信访", "短信信访", "短信示例", "受理范围", "不予（不再）受理范围", "领导干部手机短信信访公开号码"):
        assert part in body.replace(" ", "")


def test_saddle_sheets_carry_the_plan_and_the_pages_where_it_says(cli, tmp_path):
    (pdf,) = _booklet(cli, tmp_path, "--imposition", "saddle", "--size", "a6")
    reader = PdfReader(pdf)
    assert reader.metadata["/CollateralPageMap"] == page_map(plan("saddle", 8, "long")) == \
        "1a:8,1;1b:7^,2^;2a:6,3;2b:5^,4^"
    sheets = reader.pages  # the sheets and nothing else: the instruction page is a file apart
    assert len(sheets) == 4
    for page in sheets:
        box = [float(v) / MM for v in page.mediabox]
        assert box[2:] == [pytest.approx(210, abs=0.01), pytest.approx(148, abs=0.01)]  # an A5 sheet, landscape
    x, _ = _find(pdf, 0, "便民服务指南")  # the cover (page 1): right half of sheet 1's front
    assert x > 105
    x, y = _find(pdf, 3, "短信信访")  # page 4 on sheet 2's back, printed turned: the right half, upside down
    assert x > 105


def test_imposed_sheets_scan_embed_each_font_once_and_hold_no_images(cli, tmp_path):
    (pdf,) = _booklet(cli, tmp_path, "--imposition", "cutstack")
    reader = PdfReader(pdf)
    dataset = Dataset(data_dir())
    channels = resolve(dataset, dataset.find("410105002")).channels
    expected = sorted([channels["wechat"].qr, channels["app"].qr])
    found = []
    for i in range(len(reader.pages)):
        img = render_page(pdf, i, 300)
        found += [r.text for r in zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode)]
    assert sorted(found) == expected
    files = set()
    for page in reader.pages:
        resources = page["/Resources"]
        assert "/XObject" not in resources or not any(
            x.get_object()["/Subtype"] == "/Image" for x in resources["/XObject"].values())
        for font in resources.get("/Font", {}).values():
            files.add(font.get_object()["/FontDescriptor"]["/FontFile2"].indirect_reference.idnum)
    fonts = {font.get_object()["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert len(files) == len(fonts)  # one embedded file per subset, shared by every sheet


def test_creep_moves_the_inner_sheet_toward_the_spine_and_not_the_outer(cli, tmp_path):
    (flat,) = _booklet(cli, tmp_path / "flat", "--imposition", "saddle", "--flip", "short", "--no-instructions")
    (crept,) = _booklet(cli, tmp_path / "crept", "--imposition", "saddle", "--flip", "short", "--creep", "1",
                        "--no-instructions")
    # sheet 1 (outer): cover on the right of its front; sheet 2 (inner): page 3 on the right of its front
    assert _find(crept, 0, "便民服务指南")[0] == pytest.approx(_find(flat, 0, "便民服务指南")[0], abs=0.01)
    x0, x1 = _find(flat, 2, "APP"), _find(crept, 2, "APP")
    assert x1[0] - x0[0] == pytest.approx(-1.0, abs=0.02)  # right-hand page, 1 mm left: toward the fold


def test_manual_duplex_gives_fronts_and_backs_sheet_one_first(cli, tmp_path):
    files = _booklet(cli, tmp_path, "--imposition", "saddle", "--size", "a5", "--manual-duplex")
    assert [f.name for f in files] == ["410105002-花园路街道-booklet-a5-saddle-1-正面.pdf",
                                       "410105002-花园路街道-booklet-a5-saddle-2-背面.pdf"]
    fronts, backs = (PdfReader(f) for f in files)
    assert fronts.metadata["/CollateralPageMap"] == "1a:8,1;2a:6,3"
    # turned over by hand with the top edge kept where it was: every back upright on its sheet
    assert backs.metadata["/CollateralPageMap"] == "1b:2,7;2b:4,5"
    assert len(fronts.pages) == 2 and len(backs.pages) == 2  # one page per sheet: the 说明 is a file apart
    (note,) = tmp_path.glob("*-说明.pdf")
    words = "".join(p.extract_text() for p in PdfReader(note).pages).replace("\n", "")
    assert f"正面文件“{files[0].name}”和背面文件“{files[1].name}”" in words and "印正面" in words


def test_zine_is_eight_a7_pages_on_one_a4_side(cli, tmp_path):
    (pdf,) = _booklet(cli, tmp_path, "--imposition", "zine")
    reader = PdfReader(pdf)
    assert pdf.name == "410105002-花园路街道-booklet-zine.pdf"
    assert reader.metadata["/CollateralPageMap"] == "1a:5^,4^,3^,2^,6,7,8,1"
    assert len(reader.pages) == 1
    box = [float(v) / MM for v in reader.pages[0].mediabox]
    assert box[2:] == [pytest.approx(297, abs=0.01), pytest.approx(210, abs=0.01)]
    x, y = _find(pdf, 0, "便民服务指南")  # the cover: bottom row, right-most cell, upright
    assert x > 3 * 74.25 and y > 105


@pytest.mark.parametrize("args, message", [
    (["--imposition", "cutstack", "--size", "a5"], "--imposition cutstack takes pages of 105×148 mm, not 148×210"),
    (["--imposition", "fold"], "--imposition 'fold': choose one of none, saddle, cutstack, zine"),
    (["--size", "b5"], "--size 'b5': choose one of a6, a7, a5"),
    (["--flip", "sideways"], "--flip 'sideways': choose long or short"),
    (["--creep", "9"], "--creep 9: give 0 to 5 mm"),
])
def test_bad_booklet_options_are_refused(cli, tmp_path, args, message):
    r = cli("booklet", "410105002", "-o", tmp_path / "out", *args)
    assert r.code == 1
    assert message in r.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("pages", [8, 10, 12, 16, 20])
def test_page_numbers_read_off_each_saddle_sheet_follow_the_saddle_order(tmp_path, pages):
    """Imposed and rendered, then read back from the PDF: which page's label stands in which half of each side."""
    from collateral.typeset.fonts import load_fonts
    from collateral.impose.sheetmap import apply, office_geometry, padded, saddle_spreads
    from collateral.spec.primitives import Page, TextLine
    from collateral.products.specload import load_layout
    from collateral.spec.prepress import OFFICE
    from collateral.render.pdf import Meta, render_pdf
    from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

    fonts = load_fonts()
    ink = load_layout("leaflet-a4").colors["ink"]
    w, h = 105 * MM, 148 * MM

    def page(n: int) -> Page:
        line = set_paragraph(f"P{n:02d}", ParagraphStyle(size=20, align="left"), 200, fonts).lines[0]
        return Page(w, h, (TextLine(40, 80, line.runs, 20, ink),), name=str(n))

    p = plan("saddle", pages, "short")  # backs upright: a label reads left to right where it is placed
    geo = office_geometry(p, (105.0, 148.0), SCHEMES["saddle"].sheet_for((105.0, 148.0)))
    sheets = apply(p, {n: page(n) for n in range(1, pages + 1)}, (105.0, 148.0), geo)
    pdf = tmp_path / "sheets.pdf"
    pdf.write_bytes(render_pdf(tuple(sheets), Meta("t", "a", "s"), fonts, OFFICE))
    total = padded(pages, 4)
    order = [*range(1, pages), *([None] * (total - pages)), pages]
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i, (front, back) in enumerate(saddle_spreads(total)):
            for side, pair in ((2 * i, front), (2 * i + 1, back)):
                text = doc[side].get_textpage()
                seen = {}
                for n in (order[pair[0] - 1], order[pair[1] - 1]):
                    if n is None:
                        continue
                    found = text.search(f"P{n:02d}").get_next()
                    assert found, (side, n)
                    seen[n] = "left" if text.get_charbox(found[0])[0] < w else "right"
                expected = {order[pair[0] - 1]: "left", order[pair[1] - 1]: "right"}
                assert seen == {k: v for k, v in expected.items() if k is not None}
        labels = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        assert sorted(re.findall(r"P(\d\d)", labels)) == [f"{n:02d}" for n in range(1, pages + 1)]
    finally:
        doc.close()


def test_a_booklet_for_a_print_shop_can_be_pdfx4(cli, tmp_path):
    import pikepdf

    (pdf,) = _booklet(cli, tmp_path, "--pdfx")
    assert pdf.name.endswith("-booklet-a6-press-pdfx4.pdf")
    with pikepdf.open(pdf) as doc:
        (intent,) = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        assert doc.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"
        for page in doc.pages:
            assert "/TrimBox" in page and "/BleedBox" in page
