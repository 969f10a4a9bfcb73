"""--size for boards: the reading rule holds at every size, and sizes where it cannot are refused in one line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp

from collateral.products.specload import all_layouts, load_layout
from collateral.errors import DataError
from collateral.paths import data_dir
from collateral.products.product import Product
from collateral.spec.reading import board_min_pt, cap_height_mm, min_pt, used_styles, visible_height
from collateral.products.sizes import board_spec
from conftest import DATE


@pytest.mark.parametrize("size, message", [
    ("5000x200", "error: --size '5000x200': a 25.00:1 board is far from every design (1200x900 (1.33:1), "
                 "900x1200 (1:1.33), xbanner (1:2.25)); the nearest, 1200x900, scales to shapes within ×1.5 of its own"),
    ("200x300", "error: --size '200x300': scaled from board-900x1200, table_cell type would be 5.0 pt, under the "
                "5.8 pt the reading rule needs on a 300 mm high board; choose a larger size"),
    ("800x2400", "error: --size '800x2400': scaled from board-xbanner, card_small type would be 42.0 pt, under "
                 "the 46.4 pt the reading rule needs on a 2400 mm high board; choose a larger size"),
])
def test_sizes_far_from_every_design_or_under_the_rule_are_refused_in_one_line(cli, tmp_path, size, message):
    r = cli("board", "410105", "--size", size, "-o", tmp_path / "out")
    assert r.code == 1
    assert r.err.strip() == message
    assert not (tmp_path / "out").exists()


def test_every_board_layout_sets_no_style_under_the_reading_rule():
    """Designs by hand, scaled sizes by resize.py: no text can be set under the rule, so none is."""
    boards = [s for s in all_layouts()[0] if s.product == "board"]
    assert {s.name for s in boards} >= {"board-600x900", "board-900x1200", "board-rollup", "board-1200x2400"}
    for spec in boards + [board_spec("1000x1400"), board_spec("2000x1000")]:
        for name in used_styles(spec):
            assert spec.styles[name].min_size >= min_pt(spec, name) - 1e-6, (spec.name, name)


def test_the_600x900_board_holds_type_at_the_rule_where_scaling_alone_would_not():
    """Scaled from 900x1200 by the width (×0.65), table type would reach 15.7 pt; the rule on 900 mm is 17.4 pt."""
    spec = board_spec("600x900")
    assert visible_height(spec) == 900
    assert spec.styles["table_cell"].min_size == pytest.approx(board_min_pt(spec), abs=0.01)
    assert cap_height_mm(spec.styles["table_cell"].min_size) >= 4.5


def test_the_board_states_its_qr_symbols_as_a_phone_measures_them(cli, tmp_path):
    """The stated size is the symbol without its quiet zone (190 mm with it), and the distance is 10× the symbol."""
    r = cli("board", "410105", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    stated = re.search(r"QR symbols (\d+)–(\d+) mm \(without the quiet zone\), for scanning from up to ([\d.]+) m", r.err)
    assert stated, r.err
    lo, hi, metres = int(stated.group(1)), int(stated.group(2)), float(stated.group(3))
    (pdf,) = tmp_path.glob("*.pdf")
    doc = pdfium.PdfDocument(str(pdf))
    try:
        dpi = 20
        image = doc[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        doc.close()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    sides = sorted(math.dist((b.position.top_left.x, b.position.top_left.y),
                             (b.position.top_right.x, b.position.top_right.y)) / dpi * 25.4 for b in found)
    assert len(sides) == 2
    assert sides[0] == pytest.approx(lo, rel=0.03) and sides[1] == pytest.approx(hi, rel=0.03)
    assert 140 < lo < 190 and metres == pytest.approx(lo / 100, abs=0.06)


def test_text_under_the_reading_rule_is_an_error_naming_the_text_and_its_size(tmp_path):
    """A board whose table type was set small by hand is refused before a file is written, not warned about."""
    spec = load_layout("board-900x1200")
    small = dataclasses.replace(spec.styles["table_cell"], size=12.0, min_size=12.0)
    spec = dataclasses.replace(spec, styles={**spec.styles, "table_cell": small})
    product = Product.open(data_dir(), spec, dt.date(2026, 11, 28))
    unit = product.dataset.find("410105")
    with pytest.raises(DataError) as err:
        product.validate([unit])
    messages = [p.message for p in err.value.problems]
    assert ("board-900x1200: text too small to read at its distance: leaders.cell: '区委书记' at 12.0 pt has a 3.10 mm "
            "cap height; a 1200 mm high board wants at least 6.00 mm (23.2 pt)") in messages
    assert all(p.unit_label == "410105 金水区" for p in err.value.problems)
