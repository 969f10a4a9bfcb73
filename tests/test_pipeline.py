"""The pipeline every product stands on: layouts checked on load, extends:, chained flows, placed
pages, and `check` refusing what `make` would refuse, at the data's file:line."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from collateral.compose.engine import compose
from collateral.data.dataset import Dataset
from collateral.typeset.fonts import load_fonts
from collateral.spec.params import MM
from collateral.paths import data_dir, layouts_dir
from collateral.spec.prepress import OFFICE
from collateral.spec.primitives import Fill, Page, Place, TextLine
from collateral.products.product import Product
from collateral.render.pdf import Meta, render_pdf
from collateral.products.specload import load_layout
from conftest import DATE, county_file, line_of, render_page

LEAFLET = (layouts_dir() / "leaflet-a4.yaml").read_text(encoding="utf-8")


def _layout(tmp_path, text: str, name: str = "custom"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- layouts are checked whole, when they load ------------------------------------------------------

BROKEN = [
    ("qr_size: 42, fill: card, radius: 2,\n         group: card_heading}\n      - {kind: qr_card, name: app",
     "qr_size: big, fill: card, radius: 2,\n         group: card_heading}\n      - {kind: qr_card, name: app",
     "qr_size: big", "qr_size: expected a number, got 'big'"),
    ("style: place, valign: middle", "style: place, valign: centre", "valign: centre",
     "valign: 'centre' is not one of top, middle, bottom"),
    ("kind: rect, name: band, box: [-3, -3, 216, 63], fill: primary",
     "kind: rect, name: band, box: [-3, -3, 216, 63], fill: primery", "fill: primery",
     "fill: unknown colour 'primery'"),
    ("{name: holder, height: 7, style: card_small", "{name: holder, style: card_small", "{name: holder, style",
     "missing required key 'height'"),
    ("header: [职务, 姓名, 公开号码]", "header: [职务, 姓名]", "header: [职务, 姓名]",
     "header: the header needs 3 texts (职务/姓名/公开号码), got 2"),
    ("content: [definition]", "content: definition", "content: definition",
     "content: expected a list of parts (definition, section:<key>, or text), got str 'definition'"),
    ('text: "{place}"', 'text: "{plaec}"', "{plaec}", "text: unknown field {plaec}"),
    ("box: [14, 9, 140, 16]", "box: [14, 9, 140]", "box: [14, 9, 140]",
     "box: box must be [x, y, width, height] in mm"),
]


@pytest.mark.parametrize("old, new, needle, message", BROKEN, ids=[b[3].split(":")[0] for b in BROKEN])
def test_a_broken_layout_value_is_named_with_its_file_and_line(cli, tmp_path, old, new, needle, message):
    assert old in LEAFLET
    path = _layout(tmp_path, LEAFLET.replace(old, new, 1))
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1, r.err
    assert "Traceback" not in r.err
    assert f"{path}:{line_of(path, needle)}" in r.err
    assert message in r.err
    assert not (tmp_path / "out").exists()


def test_a_guide_section_the_guide_lacks_is_named_at_the_layout_line(cli, tmp_path):
    path = _layout(tmp_path, LEAFLET.replace("section:rejected]", "section:rejectd]", 1))
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert f"{path}:{line_of(path, 'section:rejectd')}" in r.err
    assert "'section:rejectd' names no section of the guide (sections: accepted, channels, rejected)" in r.err
    assert not (tmp_path / "out").exists()


def test_every_problem_of_a_layout_is_listed_at_once(cli, tmp_path):
    text = LEAFLET.replace("style: place, valign: middle", "style: place, valign: centre", 1)
    text = text.replace("fill: primary}", "fill: primery}", 1)
    r = cli("leaflet", "410105002", "--layout", _layout(tmp_path, text), "-o", tmp_path / "out")
    assert r.code == 1
    assert "'centre' is not one of" in r.err and "unknown colour 'primery'" in r.err


def test_extends_overrides_one_style_and_keeps_the_rest(tmp_path):
    path = _layout(tmp_path, "extends: leaflet-a4\nname: bigger-title\nstyles:\n  title: {size: 40}\n")
    base, child = load_layout("leaflet-a4"), load_layout(str(path))
    assert child.styles["title"].size == 40
    assert child.styles["title"].min_size == base.styles["title"].min_size  # only the size changed
    assert {k: v for k, v in child.styles.items() if k != "title"} == \
        {k: v for k, v in base.styles.items() if k != "title"}
    assert child.colors == base.colors and child.trim == base.trim and child.pages == base.pages


def test_extends_a_new_trim_rechecks_the_inherited_blocks(cli, tmp_path):
    path = _layout(tmp_path, "extends: leaflet-a4\nname: narrow\ntrim: [148, 210]\n")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert "reaches within the safe area of the 148×210 mm trim" in r.err
    assert str(path) in r.err


def test_extends_in_a_circle_is_refused(cli, tmp_path):
    _layout(tmp_path, "extends: b\ntrim: [100, 100]\n", "a")
    path = _layout(tmp_path, "extends: a\n", "b")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert "layouts extend each other in a circle: b → a → b" in r.err


def test_a_safe_area_per_side(cli, tmp_path):
    text = LEAFLET.replace("safe: 5 ", "safe: {top: 5, right: 5, bottom: 20, left: 5} ", 1)
    path = _layout(tmp_path, text)
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert "(top 5, right 5, bottom 20, left 5 mm)" in r.err
    assert f"{path}:{line_of(path, 'name: footer')}" in r.err


# -- chained flows and placed pages -----------------------------------------------------------------

CHAINED = """\
extends: leaflet-a4
name: chained
pages:
  - blocks:
      - {kind: flow, name: one, box: [20, 20, 80, 40], chain: guide, content: [section:accepted, section:rejected]}
      - {kind: flow, name: two, box: [110, 20, 80, 40], chain: guide}
  - blocks:
      - {kind: flow, name: three, box: [20, 20, 80, 250], chain: guide}
"""


@pytest.fixture(scope="module")
def product():
    p = Product.open(data_dir(), "leaflet-a4", dt.date(2026, 11, 28))
    return p


def test_a_chained_flow_runs_through_three_frames_in_order(product, tmp_path):
    spec = load_layout(str(_layout(tmp_path, CHAINED)))
    content = product.content(product.dataset.find("410105002"))
    pages = compose(spec, content, product.fonts)
    assert len(pages) == 2
    lines = [i for p in pages for i in p.items if isinstance(i, TextLine)]
    frames = [line.frame for line in lines]
    assert frames == sorted(frames, key=["one", "two", "three"].index)  # frame after frame, never back
    assert {"one", "two", "three"} == set(frames)
    boxes = {"one": (20, 20, 80, 40), "two": (110, 20, 80, 40), "three": (20, 20, 80, 250)}
    for line in lines:
        x, y, w, h = (v * MM for v in boxes[line.frame])
        assert x - 0.01 <= line.x and line.y - line.size * 0.88 >= y - 0.01 and line.y <= y + h + 0.01
    text = "".join(line.text for line in lines)
    guide = content.guide
    for section in ("accepted", "rejected"):
        for item in guide.section(section).items:
            assert item.text in text  # every item whole, in order, across the frame breaks
    # the frames are full before the next one starts: the first frame ends within a line of its bottom
    last_of_one = max(line.y for line in lines if line.frame == "one")
    assert last_of_one > (20 + 40) * MM - 2 * 13 * 1.65


def test_a_chain_that_overflows_its_last_frame_names_it(product, tmp_path):
    text = CHAINED.replace("box: [20, 20, 80, 250]", "box: [20, 20, 80, 30]")
    spec = load_layout(str(_layout(tmp_path, text)))
    with pytest.raises(Exception) as err:
        compose(spec, product.content(product.dataset.find("410105002")), product.fonts)
    assert "chained flow 'guide' of chained has text left after its last frame 'three'" in str(err.value)


def test_a_repeat_auto_page_is_added_while_the_chain_has_text(product, tmp_path):
    text = CHAINED.replace("box: [20, 20, 80, 250]", "box: [20, 20, 80, 30]").replace(
        "  - blocks:\n      - {kind: flow, name: three", "  - repeat: auto\n    blocks:\n      - {kind: flow, name: three")
    spec = load_layout(str(_layout(tmp_path, text)))
    pages = compose(spec, product.content(product.dataset.find("410105002")), product.fonts)
    assert len(pages) > 3
    assert [p.name for p in pages] == [str(n) for n in range(1, len(pages) + 1)]
    assert all(any(isinstance(i, TextLine) for i in p.items) for p in pages)


def test_a_page_placed_at_180_degrees_lands_upside_down(tmp_path):
    red = load_layout("leaflet-a4").colors["primary"]
    w, h = 100 * MM, 60 * MM
    inner = Page(w, h, (Fill(0, 0, 10 * MM, 10 * MM, red),), name="inner")  # a red square at the top-left
    placed = Place(inner, 20 * MM, 30 * MM, rotate=180)
    assert placed.map(0, 0) == pytest.approx((120 * MM, 90 * MM))  # top-left → bottom-right
    assert placed.map(w, h) == pytest.approx((20 * MM, 30 * MM))
    assert placed.size == (w, h)
    quarter = Place(inner, 0, 0, rotate=90)
    assert quarter.size == (h, w) and quarter.map(0, 0) == pytest.approx((h, 0))
    host = Page(150 * MM, 100 * MM, (placed,), name="sheet")
    pdf = tmp_path / "placed.pdf"
    pdf.write_bytes(render_pdf((host,), Meta("t", "a", "s"), load_fonts(), OFFICE))
    img = render_page(pdf, 0, 72).convert("RGB")
    px = lambda mm: round(mm * 72 / 25.4)  # noqa: E731
    assert img.getpixel((px(115), px(85)))[1] < 80  # red, at the bottom-right of the placed page
    assert img.getpixel((px(25), px(35)))[1] > 200  # its top-left is paper now


# -- check sees what make sees ---------------------------------------------------------------------


def _county_with_leaders(data, n):
    f = county_file(data, "410105")
    text = f.read_text(encoding="utf-8")
    rows = "".join(f'  - {{role: 副区长{i}, name: "", phone: ""}}\n' for i in range(n - 3))
    text = text.replace("townships:\n", rows + "townships:\n", 1)
    f.write_text(text, encoding="utf-8")
    return f


def _township_with_leaders(data):
    f = county_file(data, "410105")
    own = ("\n    leaders:\n" + "".join(f'      - {{role: 街道干部{i}, name: "", phone: ""}}\n' for i in range(8)))
    f.write_text(f.read_text(encoding="utf-8").replace("name: 花园路街道\n", "name: 花园路街道" + own, 1),
                 encoding="utf-8")
    return f


def _long_latin_name(data):
    f = county_file(data, "410105")
    f.write_text(f.read_text(encoding="utf-8").replace("name: 花园路街道", "name: " + "W" * 70, 1), encoding="utf-8")
    return f


@pytest.mark.parametrize("breaker, needle, field, what", [
    (lambda d: _county_with_leaders(d, 14), "leaders:", "leaders",
     "leaders table 'leaders' of leaflet-a4: 14 leader rows of 1 unit(s)"),
    (_township_with_leaders, "    leaders:", "leaders", "leaders table 'leaders' of leaflet-a4: 11 leader rows of 2 unit(s)"),
    (_long_latin_name, "W" * 70, "name", "text does not fit frame 'place' of leaflet-a4"),
], ids=["county-14-leaders", "township-own-leaders", "long-latin-name"])
def test_check_refuses_what_leaflet_would_refuse_at_the_data_line(cli, small_data, tmp_path, breaker, needle, field,
                                                                  what):
    f = breaker(small_data)
    r = cli("check", "-q", "--data", small_data)
    assert r.code == 1, r.out
    line = line_of(f, needle)
    pattern = rf"error: data/henan/410100-郑州市/410105-金水区\.yaml:{line} \| 4101050\d\d \S+ \| {field}: {re.escape(what)}"
    assert re.search(pattern, r.out), r.out
    assert re.search(r"\(frame '(leaders|place)' of leaflet-a4 at layouts/leaflet-a4\.yaml:\d+\)", r.out)
    out = tmp_path / "out"
    r2 = cli("leaflet", "郑州市", "--data", small_data, "-o", out, "--date", DATE)
    assert r2.code == 1
    assert re.search(pattern, r2.err)
    assert not out.exists()  # all or nothing: not one of the city's leaflets was written


def test_check_names_every_unit_that_does_not_fit(cli, small_data):
    _county_with_leaders(small_data, 14)
    r = cli("check", "-q", "--data", small_data)
    units = set(re.findall(r"\| (410105\d{3}) \S+ \| leaders: leaders table", r.out))
    dataset = Dataset(small_data)
    assert units == {t.code for t in dataset.townships_under(dataset.find("410105"))}


# -- typography seen on the page ---------------------------------------------------------------------


def test_card_headings_in_a_row_share_one_size_and_the_watermark_lies_above_the_cards(product):
    pages = compose(product.spec, product.content(product.dataset.find("410105002")), product.fonts)
    items = pages[0].items
    sizes = {line.frame: line.size for line in items if isinstance(line, TextLine)
             and line.frame in ("wechat.label", "app.label", "sms.label")}
    assert len(sizes) == 3 and len(set(sizes.values())) == 1
    wm = next(i for i, line in enumerate(items) if isinstance(line, TextLine) and line.frame == "draft.watermark")
    cards = [i for i, f in enumerate(items) if isinstance(f, Fill) and f.radius and f.w > 50 * MM]
    assert cards and wm > max(cards)
    assert 0 < items[wm].alpha <= 0.1


def test_a_wrapped_title_never_leaves_one_character_alone(product):
    from collateral.compose.layout import pstyle
    from collateral.typeset.paragraphs import set_paragraph

    from dataclasses import replace

    words = product.spec.styles["place"]
    style = replace(words, breaks="any")  # balance alone, on a text that is no unit's name
    text = "这是一个很长的标题文字用来看看平衡"
    width = 16 * style.size + 1  # 16 of the 17 characters fit on the first line
    plain = set_paragraph(text, pstyle(style.__class__(**{**style.__dict__, "balance": False})), width, product.fonts)
    balanced = set_paragraph(text, pstyle(style), width, product.fonts)
    assert len(balanced.lines) == len(plain.lines) == 2
    lengths = [len(line.text) for line in balanced.lines]
    assert max(lengths) - min(lengths) <= 1
    assert "".join(line.text for line in balanced.lines) == text
    name = "郑州市郑州高新技术产业开发区石佛镇"
    # as the layout sets it, the lines end at place words instead: no word is torn to even them out
    assert [line.text for line in set_paragraph(name, pstyle(words), width, product.fonts).lines] == \
        ["郑州市郑州高新技术产业开发区", "石佛镇"]
