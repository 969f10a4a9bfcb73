"""Across every township leaflet of 郑州市, no extracted line starts with a closing mark or ends with an opening one."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from collateral.products.make import piece
from collateral.paths import data_dir
from collateral.products.product import Product
from collateral.typeset.paragraphs import NO_END, NO_START


@pytest.mark.slow
def test_no_line_starts_with_a_no_start_mark_in_any_zhengzhou_leaflet():
    job = Product.open(data_dir(), "leaflet-a4", dt.date(2026, 11, 28))
    townships = job.targets(job.dataset.find("郑州市"))
    assert len(townships) == 208
    job.validate(townships)
    offending, lines_seen = [], 0
    for unit in townships:
        reader = PdfReader(io.BytesIO(piece(job, unit)))
        for page in reader.pages:
            for line in page.extract_text().splitlines():
                line = line.strip()
                if not line:
                    continue
                lines_seen += 1
                if line[0] in NO_START or line[-1] in NO_END:
                    offending.append((unit.label, line))
    assert lines_seen > 208 * 40
    assert offending == []
