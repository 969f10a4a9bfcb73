"""One make path: whatever a command asks for, the file is what its name and the print shop say it is."""

from __future__ import annotations

import math
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import DATE, render_page

MM = 72 / 25.4


def _files(cli, out: Path, *args: str) -> list[Path]:
    r = cli(*args, "-o", out, "--date", DATE)
    assert r.code == 0, r.err
    return sorted(out.glob("*.pdf"))


def _text(pdf: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")


def _pdfx4(pdf: Path) -> None:
    with pikepdf.open(pdf) as doc:
        (intent,) = doc.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.DestOutputProfile.N == 4
        assert doc.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"
        assert doc.pdf_version >= "1.6"


def _boxes(page) -> tuple[list[float], list[float]]:
    return [float(v) / MM for v in page.trimbox], [float(v) / MM for v in page.bleedbox]


def test_a5_two_up_for_a_print_shop_is_pdfx4_with_bleed_around_every_copy(cli, tmp_path):
    (pdf,) = _files(cli, tmp_path, "leaflet", "410105002", "--format", "a5", "--imposition", "twoup", "--pdfx")
    assert pdf.name == "410105002-花园路街道-leaflet-a5-press-pdfx4-2up.pdf"
    _pdfx4(pdf)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2  # front and back: no instruction page in a print-shop file
    assert "打印说明" not in _text(pdf)
    for page in reader.pages:
        trim, bleed = _boxes(page)
        assert trim[2] - trim[0] == pytest.approx(2 * 148 + 6, abs=0.01)  # two copies and a 2 × 3 mm gutter
        assert trim[0] - bleed[0] == pytest.approx(3, abs=0.01) and bleed[3] - trim[3] == pytest.approx(3, abs=0.01)
    # the red header band runs into each copy's bleed: across the gutter, and above the trim
    img = render_page(pdf, 0, 150).convert("RGB")
    height = float(reader.pages[0].mediabox[3]) / MM
    px = lambda mm: round(mm * 150 / 25.4)  # noqa: E731
    trim, _ = _boxes(reader.pages[0])
    y = px(height - trim[3] + 10)  # 10 mm below the top trim, in the band
    for x_mm in (148 + 1.5, 148 + 4.5, 1.5 + 148 + 6 + 148 + 1.5 - 3):  # left copy's bleed, right copy's bleed, outer bleed
        r, g, b = img.getpixel((px(trim[0] + x_mm), y))
        assert r > 150 and g < 90 and b < 90, x_mm
    r, g, b = img.getpixel((px(trim[0] + 40), px(height - trim[3] - 1.5)))  # above the trim: bleed
    assert r > 150 and g < 90


def test_saddle_booklet_for_a_print_shop_is_pdfx4_with_bleed_and_no_instruction_page(cli, tmp_path):
    (pdf,) = _files(cli, tmp_path, "booklet", "410105002", "--imposition", "saddle", "--pdfx")
    assert pdf.name == "410105002-花园路街道-booklet-a6-press-pdfx4-saddle.pdf"
    _pdfx4(pdf)
    assert "打印说明" not in _text(pdf)
    reader = PdfReader(pdf)
    assert reader.metadata["/CollateralPageMap"].startswith("1a:8,1;1b:")
    trim, bleed = _boxes(reader.pages[0])
    assert trim[2] - trim[0] == pytest.approx(210, abs=0.01) and trim[0] - bleed[0] == pytest.approx(3, abs=0.01)
    # the red cover (right half of sheet 1's front) runs 3 mm past the trim on the right, not past the fold
    img = render_page(pdf, 0, 150).convert("RGB")
    height = float(reader.pages[0].mediabox[3]) / MM
    px = lambda mm: round(mm * 150 / 25.4)  # noqa: E731
    y = px(height - trim[3] + 30)
    r, g, b = img.getpixel((px(trim[2] + 1.5), y))
    assert r > 150 and g < 90 and b < 90  # the cover's bleed
    r, g, b = img.getpixel((px(trim[0] + 105 - 1.5), y))
    assert min(r, g, b) > 200  # the back cover's white beside the fold: the cover's red does not cross it


def test_press_pages_of_every_imposed_product_carry_bleed(cli, tmp_path):
    for args in (("booklet", "410105002", "--imposition", "saddle", "--press"),
                 ("leaflet", "410105002", "--format", "a5", "--imposition", "twoup", "--marks")):
        out = tmp_path / args[0]
        (pdf,) = _files(cli, out, *args)
        for page in PdfReader(pdf).pages:
            trim, bleed = _boxes(page)
            assert trim[0] - bleed[0] == pytest.approx(3, abs=0.01), (args, trim, bleed)


@pytest.mark.parametrize("args, message", [
    (("booklet", "--imposition", "cutstack", "--press"), "--imposition cutstack is for an office printer"),
    (("booklet", "--imposition", "zine", "--pdfx"), "--imposition zine is for an office printer"),
    (("booklet", "--imposition", "none", "--creep", "1"), "--creep applies to sheets folded into each other"),
    (("booklet", "--imposition", "zine", "--creep", "1"), "--imposition zine has none"),
    (("booklet", "--imposition", "zine", "--size", "a6"), "--imposition zine always makes eight A7 pages"),
    (("booklet", "--manual-duplex", "--flip", "short"), "--flip goes with a duplex printer"),
    (("booklet", "--manual-duplex", "--press"), "--manual-duplex is for an office printer"),
    (("leaflet", "--format", "trifold", "--flip", "long"), "a tri-fold must be printed flipping on the short edge"),
])
def test_options_that_would_be_ignored_or_changed_are_refused_in_one_line(cli, tmp_path, args, message):
    r = cli(args[0], "410105002", *args[1:], "-o", tmp_path / "out")
    assert r.code == 1
    assert message in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_the_trifold_asks_for_a_short_edge_flip_in_the_file_on_its_page_and_on_stderr(cli, tmp_path):
    r = cli("leaflet", "410105002", "--format", "trifold", "-o", tmp_path, "--date", DATE)
    assert r.code == 0
    note, pdf = tmp_path / "410105002-花园路街道-leaflet-trifold-说明.pdf", tmp_path / "410105002-花园路街道-leaflet-trifold.pdf"
    assert sorted(tmp_path.glob("*.pdf")) == sorted([note, pdf])
    assert r.out.splitlines()[:2] == [str(note), str(pdf)]  # the 说明 first: it is printed first
    assert f"print {note.name} once, then {pdf.name} N copies" in r.err and "短边翻转" in r.err
    with pikepdf.open(pdf) as doc:
        assert doc.Root.ViewerPreferences.Duplex == "/DuplexFlipShortEdge"
        assert len(doc.pages) == 2  # outside, inside: the pages to copy and nothing else
    with pikepdf.open(note) as doc:
        assert doc.Root.ViewerPreferences.Duplex == "/Simplex" and len(doc.pages) == 1
    first = PdfReader(note).pages[0].extract_text().replace(" ", "").replace("\n", "")
    assert "三折页" in first and "短边翻转" in first and "封面就在最外面" in first and pdf.name in first
    r = cli("leaflet", "410105002", "--format", "trifold", "--no-instructions", "-o", tmp_path / "bare")
    (bare,) = (tmp_path / "bare").glob("*.pdf")
    assert len(PdfReader(bare).pages) == 2


def test_the_a5_two_up_comes_with_its_instruction_file(cli, tmp_path):
    note, pdf = _files(cli, tmp_path, "leaflet", "410105002", "--format", "a5")  # "-说明" sorts first
    assert note.name == pdf.name.replace(".pdf", "-说明.pdf") == "410105002-花园路街道-leaflet-a5-2up-说明.pdf"
    assert len(PdfReader(pdf).pages) == 2  # front and back of the sheet
    first = PdfReader(note).pages[0].extract_text().replace(" ", "")
    assert "宣传单打印说明（一纸两份）" in first and "长边翻转" in first and "裁开" in first
    with pikepdf.open(pdf) as doc:
        assert doc.Root.ViewerPreferences.Duplex == "/DuplexFlipLongEdge"
        assert "/NumCopies" not in doc.Root.ViewerPreferences  # the clerk chooses the copies


def test_a_press_booklet_is_padded_to_a_multiple_of_four_with_blanks_before_the_back_cover(cli, data_copy, tmp_path):
    from collateral.products.product import Product

    guide = data_copy / "guide.yaml"
    text = guide.read_text(encoding="utf-8")
    last = "        text: 村民委员会、居民委员会及其成员。\n"
    assert last in text
    for extra in range(1, 12):  # lengthen the guide until the booklet is no multiple of 4
        more = "".join(f"      - label: \"{5 + k}.\"\n        text: 补充说明第{k}条：请如实反映情况，提供真实姓名和联系方式，"
                       f"便于有关行政机关依法受理、及时答复。\n" for k in range(1, extra + 1))
        guide.write_text(text.replace(last, last + more), encoding="utf-8")
        product = Product.open(data_copy, "booklet-a6", __import__("datetime").date(2026, 11, 28))
        pages = len(product.pages(product.dataset.find("410105002")))
        if pages % 4:
            break
    assert pages % 4, "could not make a booklet of a length that needs padding"
    (pdf,) = _files(cli, tmp_path, "booklet", "410105002", "--press", "--data", data_copy)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 4 * math.ceil(pages / 4)
    assert "编号" in reader.pages[-1].extract_text()  # the back cover stays last
    for blank in reader.pages[pages - 1:-1]:
        assert blank.extract_text().strip() == ""


def test_cut_and_stack_sheets_show_where_to_cut_and_leave_no_white_strip_at_the_cut(cli, tmp_path):
    (pdf,) = _files(cli, tmp_path, "booklet", "410105002", "--no-instructions")
    img = render_page(pdf, 0, 600).convert("RGB")
    px = lambda mm: round(mm * 600 / 25.4)  # noqa: E731
    # the back cover (top left cell) ends in a red band at the cut across the middle of the A4 sheet
    for y_mm in (148.5 - 0.15, 148.5 - 0.05):
        r, g, b = img.getpixel((px(50), px(y_mm)))
        assert r > 150 and g < 90 and b < 90, y_mm
    # short cut ticks at the left and right edges of the sheet, on the cut line
    for x_mm in (8, 210 - 8):
        assert min(img.getpixel((px(x_mm), px(148.5) + d))[1] for d in (-1, 0, 1)) < 100, x_mm
