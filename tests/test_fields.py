"""The vocabulary layouts may use in their texts is exactly what every piece fills in."""

from __future__ import annotations

import datetime as dt

import pytest

from collateral.spec.params import FIELDS
from collateral.paths import data_dir
from collateral.products.product import Product

# Filled by the layout itself, page by page, not by the content of a unit.
PER_PAGE = {"page"}


@pytest.mark.parametrize("code", ["410000", "410100", "410105", "410105002"])
def test_the_layout_fields_are_the_content_fields_of_every_level(code):
    product = Product.open(data_dir(), "leaflet-a4", dt.date(2026, 11, 28))
    fields = product.content(product.dataset.find(code)).fields
    assert set(fields) | PER_PAGE == FIELDS
    assert not set(fields) & PER_PAGE
    assert all(isinstance(v, str) for v in fields.values())
