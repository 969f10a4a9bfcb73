"""Reception-hall boards (展板): print requirements, PDF/X-4, QR codes, the city's table, reading sizes, sizes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from collateral.cli.app import main
from collateral.data.dataset import Dataset
from collateral.spec.params import MM
from collateral.paths import data_dir
from collateral.spec.primitives import Fill, QRCode, Rule, TextLine
from collateral.products.product import Product
from collateral.codes.qr import decode_image
from collateral.products.resize import resized
from collateral.spec.reading import board_reading_problems
from collateral.products.sizes import board_spec
from collateral.products.specload import all_layouts, load_layout
from conftest import DATE

NAMED = sorted(s.name.removeprefix("board-") for s in all_layouts()[0] if s.product == "board")
PAYLOADS = {"https://www.hnxf.gov.cn/placeholder/wechat", "https://www.hnxf.gov.cn/placeholder/app-android"}
ZHENGZHOU = ["郑州市", "中原区", "二七区", "管城回族区", "金水区", "上街区", "惠济区", "中牟县", "郑州经济技术开发区",
             "郑州高新技术产业开发区", "郑州航空港经济综合实验区", "巩义市", "荥阳市", "新密市", "新郑市", "登封市"]


def test_the_named_sizes_are_the_ones_the_issue_lists():
    assert set(NAMED) >= {"600x900", "900x1200", "1200x2400", "xbanner", "rollup"}
    assert {n: load_layout(f"board-{n}").trim for n in ("xbanner", "rollup")} == {
        "xbanner": (800.0, 1800.0), "rollup": (850.0, 2000.0)}


@pytest.fixture(scope="session")
def boards(tmp_path_factory) -> dict[str, Path]:
    """The 郑州市 board at every named size, made through the CLI."""
    out = tmp_path_factory.mktemp("boards")
    made = {}
    for size in NAMED:
        assert main(["board", "410100", "--size", size, "-o", str(out / size), "--date", DATE]) == 0
        (made[size],) = (out / size).glob("*.pdf")
    return made


def _mm(box) -> list[float]:
    return [float(v) / MM for v in box]


@pytest.mark.parametrize("size", NAMED)
def test_boxes_colours_fonts_and_pdfx(boards, size):
    spec = load_layout(f"board-{size}")
    w, h = spec.trim
    b = spec.bleed
    with pikepdf.open(boards[size]) as pdf:
        assert not pdf.is_encrypted
        assert pdf.pdf_version >= "1.6"
        for page in pdf.pages:
            tx0, ty0, tx1, ty1 = _mm(page.obj.TrimBox)
            bx0, by0, bx1, by1 = _mm(page.obj.BleedBox)
            assert (tx1 - tx0, ty1 - ty0) == (pytest.approx(w, abs=0.01), pytest.approx(h, abs=0.01))
            assert (tx0 - bx0, ty0 - by0, bx1 - tx1, by1 - ty1) == pytest.approx((b, b, b, b), abs=0.01)
            ops = {str(op) for _, op in pikepdf.parse_content_stream(page)}
            assert not ops & {"rg", "RG", "g", "G", "sc", "SC"}, ops
            assert "k" in ops  # CMYK fills
            xobjects = page.obj.Resources.get("/XObject", {})
            assert not [x for x in xobjects.values() if x.get("/Subtype") == "/Image"]
            for font in page.obj.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant.FontDescriptor, font.BaseFont
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert intent.OutputConditionIdentifier == "FOGRA39"
        profile = intent.DestOutputProfile
        assert profile.N == 4
        icc = profile.read_bytes()
        assert icc[16:20] == b"CMYK" and icc[12:16] == b"prtr"
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
        assert "<xmp:CreateDate>2026-11-28T00:00:00+08:00</xmp:CreateDate>" in xmp
        assert "手机信访" in xmp and "郑州市" in xmp
        assert pdf.docinfo["/GTS_PDFXVersion"] == "PDF/X-4"
        assert pdf.docinfo["/Trapped"] == "/False"


def test_the_draft_watermark_is_transparent_and_the_page_says_how_to_blend_it(boards):
    with pikepdf.open(boards["900x1200"]) as pdf:
        page = pdf.pages[0]
        alphas = [float(gs.ca) for gs in page.obj.Resources.ExtGState.values() if "/ca" in gs]
        assert alphas and min(alphas) < 0.1
        assert page.obj.Group.S == "/Transparency" and page.obj.Group.CS == "/DeviceCMYK"


def test_qr_codes_of_a_900x1200_board_decode_at_20_dpi(boards):
    doc = pdfium.PdfDocument(str(boards["900x1200"]))
    try:
        image = doc[0].render(scale=20 / 72).to_pil().convert("L")
    finally:
        doc.close()
    assert set(decode_image(image)) == PAYLOADS


# -- composed pages: what is drawn where ---------------------------------------------------------------


@pytest.fixture(scope="module")
def product_for():
    dataset = Dataset(data_dir())

    def make(spec):
        return Product.open(data_dir(), spec, dt.date(2026, 11, 28), dataset=dataset)

    return make


def test_zhengzhou_lists_the_city_and_all_its_county_level_units_with_three_rows_each(product_for):
    product = product_for(load_layout("board-900x1200"))
    pages = product.pages(product.dataset.find("410100"))
    lines = [t for t in pages[0].items if isinstance(t, TextLine)]
    groups = [t.text for t in lines if t.frame == "leaders.group"]
    assert groups == ZHENGZHOU  # the city's own leaders, then its 15 county-level units in the data
    roles = [t.text for t in lines if t.frame == "leaders.cell"]
    assert len(roles) == 3 * len(ZHENGZHOU)
    assert roles[:3] == ["市委书记", "市长", "市信访局长"]
    assert roles[-3:] == ["市委书记", "市长", "市信访局长"]  # 登封市
    blanks = [r for r in pages[0].items if isinstance(r, Rule) and r.y1 == r.y2 and r.x2 - r.x1 < 150 * MM]
    assert len(blanks) >= 2 * 48  # names and numbers to write in by hand


@pytest.mark.slow  # check over the whole data with 25 more counties: ~15–30 s
def test_a_city_with_40_units_fails_clearly_and_check_says_the_same(cli, data_copy, tmp_path):
    city = next(data_copy.glob("henan/410100-*"))
    source = next(city.glob("410105-*.yaml")).read_text(encoding="utf-8")
    for n in range(25):
        code = str(410130 + n)  # free codes between 中牟县 (410122) and the zones (410171)
        text = source.replace("410105", code).replace("金水区", f"测试{n + 1}区")
        (city / f"{code}-测试{n + 1}区.yaml").write_text(text, encoding="utf-8")
    dataset = Dataset(data_copy)
    dataset.load_all()
    assert len(dataset.children("410100")) == 40
    out = tmp_path / "out"
    r = cli("board", "410100", "--data", data_copy, "-o", out, "--date", DATE)
    assert r.code == 1, r.err
    assert "Traceback" not in r.err
    message = re.search(r"error: (\S+):(\d+) \| 410100 郑州市 \| leaders: leaders table 'leaders' of board-900x1200: "
                        r"123 leader rows of 41 unit\(s\) need \d+ mm per column in 5 columns at 23.3 pt, the "
                        r"frame has 324 mm; the table runs over at (\S+); no board layout takes it: shorten the list or its "
                        r"longest values "
                        r"\(frame 'leaders' of board-900x1200 at layouts/board-900x1200.yaml:\d+\)", r.err)
    assert message, r.err
    assert message.group(1).startswith("data/henan/410100-郑州市/")  # the leaders list a clerk would shorten
    assert not out.exists()
    r2 = cli("check", "--data", data_copy)
    assert r2.code == 1
    assert message.group(0).removeprefix("error: ") in r2.out


@pytest.mark.parametrize("size", NAMED)
def test_reading_sizes_and_nothing_but_background_in_the_outer_20_mm(product_for, size):
    spec = load_layout(f"board-{size}")
    product = product_for(spec)
    for target in ("410000", "410100", "410105002"):
        pages = product.pages(product.dataset.find(target))
        assert board_reading_problems(spec, pages) == []
        w, h = spec.trim[0] * MM, spec.trim[1] * MM
        foot = max(0.0, spec.safe.bottom - spec.safe.top) * MM
        edge = 20 * MM
        for item in pages[0].items:
            if isinstance(item, TextLine) and not item.frame.endswith("watermark"):
                assert edge <= item.x and item.y <= h - foot - edge, (item.frame, item.text)
            elif isinstance(item, QRCode):
                assert edge <= item.x and item.x + item.size <= w - edge and item.y + item.size <= h - foot - edge
            elif isinstance(item, Rule) and item.color.separation == "":
                assert min(item.x1, item.x2) >= edge and max(item.y1, item.y2) <= h - foot - edge
            elif isinstance(item, Fill) and 0 < item.x and item.x + item.w < w:  # a card, not a band
                assert item.x >= edge and item.y + item.h <= h - foot - edge, item


def test_body_text_on_a_1200_mm_board_is_at_least_23_pt_and_qr_codes_100_mm(product_for):
    spec = load_layout("board-900x1200")
    pages = product_for(spec).pages(Dataset(data_dir()).find("410000"))
    lines = [t for t in pages[0].items if isinstance(t, TextLine) and t.frame != "footer"
             and not t.frame.endswith("watermark")]
    assert min(t.size for t in lines) * 0.733 / MM >= 1200 / 200
    codes = [q for q in pages[0].items if isinstance(q, QRCode)]
    assert len(codes) == 2 and all(q.size / MM >= 100 for q in codes)


def test_text_is_100_percent_black_never_rich_black(product_for):
    for size in NAMED:
        spec = load_layout(f"board-{size}")
        for t in product_for(spec).pages(Dataset(data_dir()).find("410100"))[0].items:
            if isinstance(t, TextLine) and t.color.k > 0.5:
                assert (t.color.c, t.color.m, t.color.y) == (0, 0, 0), (size, t.frame, t.color)


def test_the_roll_up_foot_is_background_only_when_printed(boards):
    spec = load_layout("board-rollup")
    doc = pdfium.PdfDocument(str(boards["rollup"]))
    try:
        page = doc[0]
        dpi = 10
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    bleed = spec.bleed
    foot = image.crop((px(bleed), px(bleed + 2000 - 150), px(bleed + 850), px(bleed + 2000)))
    colours = foot.getcolors(maxcolors=4096)
    assert len(colours) <= 2, colours  # the band's red (and the faint watermark's edge at most)


# -- sizes and orientations -------------------------------------------------------------------------


def test_any_size_scales_the_nearest_design_and_keeps_the_rules(cli, tmp_path, product_for):
    r = cli("board", "410105", "--size", "1000x1400", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*board-1000x1400-press-pdfx4.pdf")
    with pikepdf.open(pdf) as doc:
        x0, y0, x1, y1 = _mm(doc.pages[0].obj.TrimBox)
        assert (x1 - x0, y1 - y0) == (pytest.approx(1000, abs=0.01), pytest.approx(1400, abs=0.01))
    spec = board_spec("1000x1400")
    assert spec.resized_from == "board-900x1200"
    assert board_reading_problems(spec, product_for(spec).pages(Dataset(data_dir()).find("410100"))) == []


def test_landscape_turns_the_size(cli, tmp_path):
    assert board_spec("900x1200", "landscape").name == "board-1200x900"
    turned = board_spec("1200x2400", "landscape")
    assert turned.trim == (2400.0, 1200.0) and turned.resized_from == "board-1200x900"


@pytest.mark.parametrize("args, message", [
    (["--size", "12x"], "error: --size '12x': expected WxH in mm (e.g. 900x1200) or one of "),
    (["--size", "100x100"], "error: --size '100x100': each side must be 200..5000 mm"),
    (["--size", "rollup", "--orientation", "landscape"],
     "error: --orientation landscape: a 手机信访易拉宝（850×2000） only stands portrait"),
    (["--orientation", "sideways"], "error: --orientation 'sideways': expected portrait or landscape"),
])
def test_bad_sizes_are_one_line_errors(cli, tmp_path, args, message):
    r = cli("board", "410105", *args, "-o", tmp_path / "out")
    assert r.code == 1
    assert r.err.startswith(message), r.err
    assert "Traceback" not in r.err
    assert not (tmp_path / "out").exists()


def test_marks_lie_outside_the_bleed(cli, tmp_path):
    r = cli("board", "410105", "--size", "600x900", "--marks", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*-marks-pdfx4.pdf")
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0].obj
        media, bleed = _mm(page.MediaBox), _mm(page.BleedBox)
        assert media[2] - media[0] > bleed[2] - bleed[0] + 10
        assert "/All" in str(page.Resources.ColorSpace)


def test_a_draft_board_says_so(cli, tmp_path):
    r = cli("board", "410105", "-o", tmp_path, "--date", DATE)
    assert r.code == 0
    assert ("warning: 410105 金水区: the board is a draft (样稿): channels.wechat, channels.app still placeholders"
            in r.err)


def test_leaflets_offer_pdfx_too(cli, tmp_path):
    r = cli("leaflet", "410105002", "--pdfx", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*-leaflet-a4-press-pdfx4.pdf")
    with pikepdf.open(pdf) as doc:
        assert doc.Root.OutputIntents[0].S == "/GTS_PDFX"
        assert all("/TrimBox" in p.obj for p in doc.pages)


# -- resizing as layout data ------------------------------------------------------------------------


def test_resize_keeps_margins_and_scales_type_by_the_smaller_factor():
    design = load_layout("board-900x1200")
    small = load_layout("board-600x900")
    assert small.resized_from == "board-900x1200"
    m = min((600 - 50) / (900 - 60), (900 - 50) / (1200 - 60))
    assert small.style("table_cell").size == pytest.approx(design.style("table_cell").size * m, abs=0.01)
    qr = {b.name: b.get("qr_size") for b in small.blocks() if b.kind == "qr_card"}
    assert qr["wechat"] == pytest.approx(190 * m)
    band = next(b for b in small.blocks() if b.name == "band")
    assert band.box[0] == -5 and band.box[1] == -5  # still runs into the bleed
    again = resized(design, (600.0, 900.0), small.safe)
    assert again.pages[0].blocks == small.pages[0].blocks


def test_a_resized_layout_cannot_have_pages_of_its_own(cli, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nextends: board-900x1200\nresize: scale\ntrim: [600, 900]\n"
                    "pages:\n  - blocks:\n      - {kind: rect, box: [0, 0, 10, 10]}\n", encoding="utf-8")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert f"{path}:3" in r.err and "resize: scale scales the pages this layout inherits" in r.err
