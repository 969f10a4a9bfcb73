"""Leaders tables with real names and numbers: they reflow on every product, and fail clearly where nothing fits."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from collateral.spec.primitives import TextLine
from collateral.products.specload import all_layouts
from collateral.products.product import Product
from collateral.spec.reading import reading_problems
from collateral.products.make import Output, make
from collateral.paths import data_dir
from conftest import DATE, county_file, fill_data, replace_in

BOARDS_AND_SCREENS = sorted(s.name for s in all_layouts()[0] if s.product in ("board", "screen"))


def _pieces(data, target, names):
    """The composed pages of ``target`` for each layout named, from one dataset."""
    first = Product.open(data, names[0], dt.date(2026, 11, 28))
    out = {}
    for name in names:
        product = Product.open(data, name, dt.date(2026, 11, 28), dataset=first.dataset)
        out[name] = (product, product.pages(first.dataset.find(target)))
    return out


def _cells(pages, frame="leaders.cell"):
    return [t for p in pages for t in p.items if isinstance(t, TextLine) and t.frame == frame]


def test_a_city_of_19_units_with_4_leaders_each_fits_every_board_and_screen(tmp_path):
    """18 county-level units and the city, 4 leaders each (one with a 10-character role): 76 rows on every size."""
    data = fill_data.fill(data_dir(), tmp_path / "data", grow_city=("410100", 18))
    pieces = _pieces(data, "410100", BOARDS_AND_SCREENS)
    dataset = next(iter(pieces.values()))[0].dataset
    city = dataset.find("410100")
    units = [city] + dataset.children("410100")
    assert len(units) == 19 and all(len(u.leaders) == 4 for u in units)
    numbers = {leader.phone for u in units for leader in u.leaders}
    for name, (product, pages) in pieces.items():
        drawn = {t.text for t in _cells(pages)}
        assert numbers <= drawn, name  # every number, whole, on one line
        groups = {t.text for t in _cells(pages, "leaders.group")}
        assert {u.name for u in units} <= groups, name
        assert reading_problems(product.spec, pages) == [], name


def test_four_character_names_for_every_leader_of_zhengzhou_compose_on_every_board_and_screen(filled_data_four_char):
    pieces = _pieces(filled_data_four_char, "410100", BOARDS_AND_SCREENS)
    dataset = next(iter(pieces.values()))[0].dataset
    units = [dataset.find("410100")] + dataset.children("410100")
    names = {leader.name for u in units for leader in u.leaders}
    assert len(names) > 50 and {len(n) for n in names} == {4}
    for name, (product, pages) in pieces.items():
        assert names <= {t.text for t in _cells(pages)}, name  # each on one line
        assert reading_problems(product.spec, pages) == [], name


def test_a_long_role_wraps_within_its_row_at_the_designed_size(data_copy):
    """An A6 booklet page has no room for 区委常委、政法委书记 beside an 8-character name: the role takes two lines."""
    path = county_file(data_copy, "410105")
    replace_in(path, 'role: 区委书记\n    name: ""\n    phone: ""',
               'role: 区委常委、政法委书记\n    name: 阿依古丽·吐尔逊\n    phone: "0371-65903393"')
    product = Product.open(data_copy, "booklet-a6", dt.date(2026, 11, 28))
    pages = product.pages(product.dataset.find("410105002"))
    cells = _cells(pages)
    role = [t for t in cells if t.text in ("区委常委、", "政法委书记")]
    assert [t.text for t in role] == ["区委常委、", "政法委书记"]
    assert role[0].y < role[1].y
    size = product.spec.style("table_cell").size
    assert {t.size for t in cells} == {size}  # nothing shrank
    assert {"阿依古丽·吐尔逊", "0371-65903393"} <= {t.text for t in cells}


def test_a_table_no_board_of_this_size_takes_names_the_list_and_the_sizes_that_would(cli, tmp_path):
    data = fill_data.fill(data_dir(), tmp_path / "data", grow_city=("410100", 22))
    out = tmp_path / "out"
    r = cli("board", "410100", "--size", "600x900", "--data", data, "-o", out, "--date", DATE)
    assert r.code == 1
    message = re.fullmatch(
        r"error: data/henan/410100-郑州市/(\S+\.yaml):(\d+) \| 410100 郑州市 \| leaders: leaders table 'leaders' of "
        r"board-600x900: 92 leader rows of 23 unit\(s\) need \d+ mm per column in 4 columns at 17.4 pt, the frame "
        r"has \d+ mm; the table runs over at (\S+); board-1200x900, board-900x1200 take it "
        r"\(frame 'leaders' of board-600x900 at layouts/board-900x1200.yaml:\d+\)\n", r.err)
    assert message, r.err
    unit_file = data / "henan" / "410100-郑州市" / message.group(1)
    assert f"name: {message.group(3)}" in unit_file.read_text(encoding="utf-8")  # the list a clerk would shorten
    assert not out.exists()


def test_screens_leave_out_rows_to_fill_by_hand_and_say_待公布(data_copy):
    """A TV is not written on: a role with neither name nor number is not listed, a missing half says 待公布."""
    path = county_file(data_copy, "410105")
    replace_in(path, 'role: 区长\n    name: ""', 'role: 区长\n    name: 王强')
    pieces = _pieces(data_copy, "410105", ["screen-1920x1080", "screen-1080x1920", "board-900x1200"])
    for name in ("screen-1920x1080", "screen-1080x1920"):
        _, pages = pieces[name]
        cells = [t.text for t in _cells(pages)]
        assert cells == ["区长", "王强", "待公布"], name
    _, pages = pieces["board-900x1200"]
    assert [t.text for t in _cells(pages)] == ["区委书记", "区长", "王强", "区信访局长"]  # paper keeps lines to write on


def test_a_draft_screen_says_so_as_a_board_does(cli, tmp_path):
    r = cli("screen", "410105", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    assert ("warning: 410105 金水区: the screen is a draft (样稿): channels.wechat, channels.app still placeholders; "
            "do not show it in the hall") in r.err


def test_screens_carry_the_edition_code(data_copy):
    pieces = _pieces(data_copy, "410105", ["screen-1920x1080", "screen-1080x1920"])
    for name, (product, pages) in pieces.items():
        code = product.content(product.dataset.find("410105")).edition
        for page in pages:
            footer = "".join(t.text for t in page.items if isinstance(t, TextLine) and t.frame == "footer")
            assert f"编号 {code}" in footer, name


@pytest.mark.slow
def test_check_composes_every_layout_for_every_unit_of_the_filled_data(cli, filled_data):
    r = cli("check", "--data", filled_data, "-q")
    assert r.code == 0, r.out[-3000:]
    assert r.err.strip().endswith("1 省级, 18 市级, 181 县级, 2586 乡级: 0 error(s), 0 warning(s)")


@pytest.mark.slow
def test_every_product_renders_for_a_city_a_county_and_a_township_with_the_filled_data(filled_data):
    """Every layout, made as its command makes it (office PDF, or screen PNGs), prints the unit's numbers."""
    first = Product.open(filled_data, "leaflet-a4", dt.date(2026, 11, 28))
    made = 0
    for spec in all_layouts()[0]:
        product = Product.open(filled_data, spec, dt.date(2026, 11, 28), dataset=first.dataset)
        output = Output(raster=(1920, 1080) if spec.name == "screen-1920x1080" else (1080, 1920)) \
            if spec.product == "screen" else Output()
        for code in ("410100", "410105", "410105002"):
            unit = product.dataset.find(code)
            if unit.level not in spec.made_for:
                continue
            product.validate([unit])
            files = make(product, unit, output)
            assert files and all(blob for _, blob in files), (spec.name, code)
            pages = product.pages(unit)
            numbers = {r.phone for g in product.content(unit).tables for r in g.rows}
            assert numbers <= {t.text for t in _cells(pages)}, (spec.name, code)
            made += 1
    assert made >= 30
