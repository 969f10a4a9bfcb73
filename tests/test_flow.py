"""Page flow and numbering as a reader sees them on the composed pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from collateral.data.dataset import Dataset
from collateral.spec.primitives import TextLine
from collateral.paths import data_dir
from collateral.products.product import Product

DATE = dt.date(2026, 11, 1)
HEADING = re.compile(r"^([一二三四五六七八九十]+)、")


@pytest.fixture(scope="module")
def dataset():
    return Dataset(data_dir()).load_all()


def _pages(dataset, layout: str, code: str = "410105002"):
    product = Product.open(dataset.root, layout, DATE, dataset=dataset)
    return product.pages(dataset.unit(code))


def _lines(page) -> list[TextLine]:
    return [i for i in page.items if isinstance(i, TextLine)]


@pytest.mark.parametrize("layout", ["leaflet-a4", "leaflet-a5", "leaflet-a4-single", "leaflet-trifold",
                                    "booklet-a6", "booklet-a7", "booklet-a5", "booklet-zine"])
def test_guide_sections_are_numbered_from_one_in_the_order_printed(dataset, layout):
    numbers = [HEADING.match(line.text).group(1) for page in _pages(dataset, layout) for line in _lines(page)
               if HEADING.match(line.text) and "手机信访事项" in line.text]
    assert numbers and numbers == list("一二三")[:len(numbers)], numbers


@pytest.mark.parametrize("layout", ["booklet-a6", "booklet-a7", "booklet-a5"])
def test_booklet_flow_keeps_headings_with_text_and_the_table_off_a_page_of_its_own(dataset, layout):
    pages = _pages(dataset, layout)
    assert len(pages) % 4 == 0  # whole sheets: no blank page was needed to share the table's page
    for page in pages:
        guide = [line for line in _lines(page) if line.frame == "guide"]
        if guide:  # a page never ends on a heading: it stays with its section's first lines
            assert not HEADING.match(guide[-1].text) and guide[-1].text != "什么是手机信访", guide[-1].text
    table = next(n for n, page in enumerate(pages) if any("领导干部" in line.text for line in _lines(page)))
    assert any(line.frame == "guide" for line in _lines(pages[table])), "the leaders table stands alone"
