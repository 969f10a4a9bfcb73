"""Place names break between units' names and, inside a name too long for the line, at the segmenter's word ends."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from collateral.typeset.fonts import load_fonts
from collateral.typeset.placebreak import TABLE, name_spans, segment
from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

FONTS = load_fonts()
ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ["郑州航空港经济综合实验区", "南阳高新技术产业开发区", "新乡市食品工业聚集区", "步行街综合治理办公室"]


def test_the_shipped_table_is_the_segmenters_word_ends_for_every_unit_of_the_data():
    pytest.importorskip("jieba")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_place_words.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    names = json.loads(TABLE.read_text(encoding="utf-8"))["names"]
    assert len(names) > 2500 and all(n in names for n in PROBLEMS)


@pytest.mark.parametrize("name", PROBLEMS)
@pytest.mark.parametrize("chars", range(3, 13))
def test_a_long_name_breaks_only_at_a_word_end(name, chars):
    pytest.importorskip("jieba")
    ends = set(segment(name))
    cuts = [0, *sorted(ends), len(name)]
    if max(b - a for a, b in zip(cuts, cuts[1:])) > chars:
        return  # a word wider than the line: it must break where kinsoku allows, as any text would
    text = "某某市" + name
    lines = set_paragraph(text, ParagraphStyle(size=10.0, align="left"), chars * 10.0 + 0.01, FONTS).lines
    assert "".join(line.text for line in lines) == text
    for line in lines[:-1]:
        if 3 < line.end < len(text):
            assert line.end - 3 in ends, (chars, [line.text for line in lines])


def test_names_on_a_cover_break_between_units_first():
    text = "郑州市金水区花园路街道"
    assert name_spans(text) == ((0, 3), (3, 6), (6, 11))
    lines = set_paragraph(text, ParagraphStyle(size=10.0, align="left", balance=True), 80.01, FONTS).lines
    assert [line.text for line in lines] == ["郑州市金水区", "花园路街道"]
    lines = set_paragraph("郑州市郑州航空港经济综合实验区", ParagraphStyle(size=10.0, align="left"), 100.01,
                          FONTS).lines
    assert [line.text for line in lines] == ["郑州市", "郑州航空港经济综合", "实验区"]


def test_an_edition_code_and_a_date_stay_whole():
    text = "郑州市金水区花园路街道　2026年11月　编号 202611-ad581a54"
    for width in range(100, 400, 5):
        lines = [line.text for line in
                 set_paragraph(text, ParagraphStyle(size=8, align="center"), float(width), FONTS).lines]
        assert any("编号 202611-ad581a54" in line for line in lines), lines
        assert any("2026年11月" in line for line in lines), lines
