"""Leaflet formats: the tri-fold folded in code, the A5 two-up flipped in code, every format scanned and measured.

The fold and flip simulations know nothing of how the layouts and plans are
made: they take the panel map (fold lines and panel names per page) or the
sheet pages, do to the paper what a clerk does, and look at what faces
whom, which way up.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader

from collateral.impose import sheetmap as impose
from collateral.impose import schemes
from collateral.data.dataset import Dataset
from collateral.spec.params import MM as PT_PER_MM
from collateral.paths import data_dir
from collateral.data.resolve import resolve
from collateral.products.specload import load_layout
from conftest import DATE, main, render_page

MM = 72 / 25.4
LONGEST = "410711400"  # 新乡化学与物理电源产业园区: the longest township name in the data (13 characters)


def _make(out: Path, *args: str, target: str = "410105002") -> list[Path]:
    assert main(["leaflet", target, "-o", str(out), "--date", DATE, *args]) == 0
    return sorted(out.glob("*.pdf"))


# -- the tri-fold, folded ------------------------------------------------------------------------


def _panels(page) -> list[tuple[str, float, float]]:
    edges = (0.0, *page.folds, page.trim[0])
    return [(name, a, b) for name, a, b in zip(page.panels, edges, edges[1:])]


def _fold(layers, line: float, which) -> None:
    """Fold the layers ``which`` selects toward the viewer about the vertical line at world x = ``line``."""
    for layer in layers:
        if which(layer):
            layer["s"], layer["t"] = -layer["s"], 2 * line - layer["t"]
            layer["face"] = "outside" if layer["face"] == "inside" else "inside"
            layer["z"] = max(l["z"] for l in layers) + 1  # lands on top of the stack


def _seen(layer, flip: str, width: float) -> tuple[bool, bool]:
    """(not mirrored, upright) for the face a layer shows the viewer, from the printed page's coordinates.

    A sheet point X (mm from the left of the outside page) is at world x =
    s·X + t. The outside page's u is X. The inside page was printed on the
    back: turned about the short edge (vertical axis) its u sits at
    X = W − u, rows unchanged; about the long edge, X = u and rows upside down.
    """
    if layer["face"] == "outside":
        return layer["s"] > 0, True
    if flip == "short":
        return -layer["s"] > 0, True
    return layer["s"] > 0, False


@pytest.mark.parametrize("flip", ["short", "long"])
def test_trifold_folds_into_cover_flap_and_inside_in_order_and_upright(flip):
    spec = load_layout("leaflet-trifold")
    outside, inside = spec.pages
    width = spec.trim[0]
    out_panels, in_panels = _panels(outside), _panels(inside)
    assert [p[0] for p in out_panels] == ["flap", "back", "cover"]
    assert [p[0] for p in in_panels] == ["cover-inside", "middle", "tuck-in"]
    assert [round(b - a, 3) for _, a, b in out_panels] == [97, 100, 100]  # the tuck-in panel 3 mm narrower
    # the folds printed on both sides are the same lines of paper once the back is turned
    assert sorted(round(width - f, 3) for f in outside.folds) == list(inside.folds)

    # Lay the sheet inside up (seen from the inside: world x = W − X), fold the tuck-in (the sheet's
    # left end, X < 97) over toward the viewer, then the cover end (X > 197) over it.
    layers = [{"name": name, "x": (a, b), "s": -1.0, "t": width, "face": "inside", "z": 0}
              for name, a, b in out_panels]
    f1, f2 = (width - f for f in reversed(outside.folds))  # fold lines in world x: 100, 200
    _fold(layers, f2, lambda l: l["x"][1] <= outside.folds[0] + 1e-9)
    _fold(layers, f1, lambda l: l["x"][0] >= outside.folds[1] - 1e-9)
    spans = {l["name"]: sorted(l["s"] * x + l["t"] for x in l["x"]) for l in layers}
    assert spans["cover"] == pytest.approx([f1, f2])  # the cover lies exactly over the middle panel
    assert f1 <= spans["flap"][0] and spans["flap"][1] <= f2 + 1e-9  # the narrower flap fits inside, clear of the fold
    stack = sorted(layers, key=lambda l: -l["z"])
    assert [(l["name"], l["face"]) for l in stack] == [("cover", "outside"), ("flap", "outside"), ("back", "inside")]
    # the closed leaflet: the cover in front, upright and readable; the flap's outside next, the same
    assert _seen(stack[0], flip, width) == (True, True)
    assert _seen(stack[1], flip, width) == (True, True)

    # what is printed behind each outside panel: the inside panel at the mirrored place of the sheet
    def behind(name: str) -> str:
        _, a, b = next(p for p in out_panels if p[0] == name)
        return next(n for n, c, d in in_panels if (c, d) == pytest.approx((width - b, width - a)))

    # open the cover: its inside on the left, the flap on the right; open the flap: the inside spread
    assert behind("cover") == "cover-inside" and behind("flap") == "tuck-in" and behind("back") == "middle"
    spread = {"s": -1.0, "face": "inside"}  # the sheet opened flat, inside toward the reader
    # short-edge flip: the inside reads upright; long-edge: it comes out turned 180° (mirrored across
    # and upside down), which is why the tri-fold is printed 短边翻转
    assert _seen(spread, flip, width) == ((True, True) if flip == "short" else (False, False))


def _char_boxes(pdf: Path, index: int) -> list[tuple[str, float, float, float, float]]:
    """Every drawn character of a page: (char, left, top, right, bottom) in mm from the top-left."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[index]
        h = page.get_height()
        text = page.get_textpage()
        out = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if ch.isspace():
                continue
            left, bottom, right, top = text.get_charbox(i)
            out.append((ch, left / MM, (h - top) / MM, right / MM, (h - bottom) / MM))
        return out
    finally:
        doc.close()


@pytest.mark.parametrize("target", ["410105002", LONGEST, "411371061"])
def test_no_character_of_the_trifold_comes_within_4_mm_of_a_fold(tmp_path, target):
    (pdf,) = _make(tmp_path, "--format", "trifold", "--no-instructions", target=target)
    spec = load_layout("leaflet-trifold")
    for index, page in enumerate(spec.pages):
        chars = [c for c in _char_boxes(pdf, index) if c[4] - c[2] < 20]  # the faint 样稿 watermark is 30 mm high
        assert len(chars) > 200
        for fold in page.folds:
            near = [c for c in chars if c[1] - 4 < fold < c[3] + 4]
            assert not near, (index, fold, "".join(c[0] for c in near))


def test_a_block_near_a_fold_is_refused_at_its_layout_line(cli, tmp_path):
    path = tmp_path / "folded.yaml"
    path.write_text("extends: leaflet-a4\nname: folded\ntrim: [297, 210]\npages:\n  - folds: [97, 197]\n"
                    "    blocks:\n      - {kind: text, name: ok, box: [10, 10, 80, 10], text: 左}\n"
                    "      - {kind: text, name: near, box: [100, 10, 50, 10], text: 中}\n", encoding="utf-8")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert f"{path}:8" in r.err
    assert "text block [100.0, 10.0, 50.0, 10.0] comes within 3 mm of the fold at 97 mm; keep 4 mm clear" in r.err
    assert "[10.0" not in r.err
    assert not (tmp_path / "out").exists()


# -- A5 two-up -------------------------------------------------------------------------------------


def _behind(flip: str, w: float, h: float):
    """Where a point of the back sheet (as printed, upright) is on the front sheet, after the printer's turn."""
    return (lambda x, y: (x, h - y)) if flip == "long" else (lambda x, y: (w - x, y))


@pytest.mark.parametrize("flip", ["long", "short"])
def test_each_a5_back_lies_behind_its_front_and_reads_upright_when_turned(flip):
    from collateral.spec.primitives import Page

    pw, ph = 148 * MM, 210 * MM
    pages = {1: Page(pw, ph, (), name="1"), 2: Page(pw, ph, (), name="2")}
    plan = schemes.plan("twoup", 2, flip)
    geo = impose.office_geometry(plan, (148.0, 210.0), (297.0, 210.0))
    front, back = impose.apply(plan, pages, (148.0, 210.0), geo)
    assert (front.width / MM, front.height / MM) == pytest.approx((297, 210))
    assert [p.page.name for p in front.items] == ["1", "1"] and [p.page.name for p in back.items] == ["2", "2"]
    turn = _behind(flip, back.width, back.height)
    for b in back.items:
        # a cut copy is read by turning it about its own vertical edge: the back's top-left corner is
        # behind the front's top-right corner, its bottom-right behind the front's bottom-left
        tl, br = turn(*b.map(0, 0)), turn(*b.map(pw, ph))
        fronts = [f for f in front.items if f.map(pw, 0) == pytest.approx(tl, abs=1e-6)]
        assert len(fronts) == 1, (flip, tl)
        assert fronts[0].map(0, ph) == pytest.approx(br, abs=1e-6)
    assert {b.rotate for b in back.items} == ({180} if flip == "long" else {0})


def test_a5_two_up_copies_are_identical_and_scan(tmp_path):
    (pdf,) = _make(tmp_path, "--format", "a5", "--no-instructions")
    assert pdf.name == "410105002-花园路街道-leaflet-a5-2up.pdf"
    reader = PdfReader(pdf)
    assert reader.metadata["/CollateralPageMap"] == "1a:1,1;1b:2^,2^"
    dataset = Dataset(data_dir())
    channels = resolve(dataset, dataset.find("410105002")).channels
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for index in range(2):
            page = doc[index]
            w, h = page.get_width(), page.get_height()
            assert (w / MM, h / MM) == (pytest.approx(297, abs=0.01), pytest.approx(210, abs=0.01))
            text = page.get_textpage()
            left, right = text.get_text_bounded(0, 0, w / 2, h), text.get_text_bounded(w / 2, 0, w, h)
            assert len(left) > 100 and left == right
    finally:
        doc.close()
    found = sorted(r.text for r in zxingcpp.read_barcodes(render_page(pdf, 0, 300),
                                                           formats=zxingcpp.BarcodeFormat.QRCode))
    assert found == sorted([channels["wechat"].qr, channels["app"].qr] * 2)


def test_a5_for_a_print_shop_is_single_pages_and_press_two_up_has_a_cut_mark(tmp_path):
    (single,) = _make(tmp_path / "none", "--format", "a5", "--imposition", "none")
    assert single.name == "410105002-花园路街道-leaflet-a5.pdf"
    for page in PdfReader(single).pages:
        assert [float(v) / MM for v in page.mediabox][2:] == [pytest.approx(148, abs=0.01), pytest.approx(210, abs=0.01)]
    (marked,) = _make(tmp_path / "marks", "--format", "a5", "--imposition", "twoup", "--marks")
    page = PdfReader(marked).pages[0]
    trim = [float(v) / MM for v in page.trimbox]
    # step and repeat for a print shop: each copy with its own 3 mm bleed, a 6 mm gutter between them
    assert trim[2] - trim[0] == pytest.approx(2 * 148 + 6, abs=0.01)
    img = render_page(marked, 0, 150).convert("L")
    for cut in (148, 154):  # the cut marks above the sheet, on each copy's own edge
        x = round((trim[0] + cut) * 150 / 25.4)
        above = [img.getpixel((x + dx, round(y * 150 / 25.4))) for dx in (-1, 0, 1) for y in (trim[1] - 5, trim[1] - 6)]
        assert min(above) < 128, cut


# -- every format: scans, fonts, paper ---------------------------------------------------------------


FORMATS = [("a4", (210, 297), 2), ("trifold", (297, 210), 2), ("a4-single", (210, 297), 1), ("a5", (297, 210), 2)]


@pytest.mark.parametrize("target", ["410105002", LONGEST])
@pytest.mark.parametrize("fmt, size, pages", FORMATS)
def test_every_format_is_exact_paper_embeds_its_fonts_and_scans(tmp_path, fmt, size, pages, target):
    (pdf,) = _make(tmp_path, "--format", fmt, "--no-instructions", target=target)
    reader = PdfReader(pdf)
    assert len(reader.pages) == pages
    for page in reader.pages:
        box = [float(v) / MM for v in page.mediabox]
        assert box == [0, 0, pytest.approx(size[0], abs=0.01), pytest.approx(size[1], abs=0.01)]
        assert "/TrimBox" not in page
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"]
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "").replace("\n", "")
    for needle in ("18837117796", "姓名、住址、身份证号码", "领导干部手机短信信访公开号码", "受理范围"):
        assert needle in text, (fmt, needle)
    dataset = Dataset(data_dir())
    channels = resolve(dataset, dataset.find(target)).channels
    found = [r.text for i in range(len(reader.pages))
             for r in zxingcpp.read_barcodes(render_page(pdf, i, 300), formats=zxingcpp.BarcodeFormat.QRCode)]
    copies = 2 if fmt == "a5" else 1
    assert sorted(found) == sorted([channels["wechat"].qr, channels["app"].qr] * copies)


def test_press_trifold_has_fold_marks_outside_the_trim_at_the_folds(tmp_path):
    (pdf,) = _make(tmp_path, "--format", "trifold", "--marks")
    page = PdfReader(pdf).pages[0]
    left, bottom, right, top = (float(v) / MM for v in page.trimbox)
    img = render_page(pdf, 0, 150).convert("L")
    px = lambda mm: round(mm * 150 / 25.4)  # noqa: E731
    height = float(page.mediabox[3]) / MM
    for fold in (97, 197):
        column = [img.getpixel((px(left + fold) + dx, px(height - top - y))) for dx in (-1, 0, 1)
                  for y in range(4, 9)]
        assert min(column) < 160, fold  # a dashed mark above the trim, on the fold line
    assert min(img.getpixel((px(left + 148.5) + dx, px(height - top - y))) for dx in (-1, 0, 1)
               for y in range(4, 9)) > 200  # and none on the centre line, where there is no fold


@pytest.mark.parametrize("args, message", [
    (["--format", "a3"], "--format 'a3': choose one of a4, trifold, a5, a4-single"),
    (["--format", "trifold", "--imposition", "twoup"], "--imposition twoup: --format trifold takes none or trifold"),
    (["--format", "a5", "--imposition", "saddle"], "--imposition saddle: --format a5 takes none or twoup"),
    (["--format", "trifold", "--flip", "long"], "a tri-fold must be printed flipping on the short edge"),
    (["--format", "a4-single", "--flip", "short"], "--flip is a duplex setting; --imposition none prints one side"),
    (["--format", "a5", "--flip", "sideways"], "--flip 'sideways': choose long or short"),
])
def test_bad_format_options_are_refused(cli, tmp_path, args, message):
    r = cli("leaflet", "410105002", "-o", tmp_path / "out", *args)
    assert r.code == 1
    assert message in r.err
    assert not (tmp_path / "out").exists()


def test_fold_positions_are_page_data_and_become_guides_of_the_composed_pages(tmp_path):
    spec = load_layout("leaflet-trifold")
    assert spec.pages[0].folds == (97.0, 197.0) and spec.pages[1].folds == (100.0, 200.0)
    assert spec.fold_safe == 4.0
    import datetime as dt

    from collateral.products.product import Product

    product = Product.open(data_dir(), "leaflet-trifold", dt.date(2026, 11, 28))
    pages = product.pages(product.dataset.find("410105002"))
    assert [g[:2] for g in pages[0].guides] == [("fold", "v")] * 2
    assert [round(g[2] / PT_PER_MM, 6) for g in pages[0].guides] == [97, 197]
    assert [round(g[2] / PT_PER_MM, 6) for g in pages[1].guides] == [100, 200]
