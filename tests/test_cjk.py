"""Punctuation compression (CLReq 3.1): the glyphs' blank halves, and what the setter cuts from them."""

from __future__ import annotations

import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from collateral.typeset.cjk import ENDING, OPENING, Mark, compress
from collateral.typeset.fonts import load_fonts
from collateral.paths import fonts_dir
from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

FONTS = load_fonts()


@pytest.mark.parametrize("face", ["NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"])
def test_compressed_marks_ink_only_the_half_the_setter_keeps(face):
    font = TTFont(fonts_dir() / face)
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    for ch in ENDING | OPENING:
        name = cmap[ord(ch)]
        pen = BoundsPen(glyphs)
        glyphs[name].draw(pen)
        x_min, _, x_max, _ = pen.bounds
        advance = font["hmtx"][name][0]
        if ch in ENDING:
            assert x_max <= advance / 2 + 0.02 * advance, ch  # blank right half: cut after it
        else:
            assert x_min >= advance / 2 - 0.05 * advance, ch  # blank left half: cut before it


def _xs(text: str, style: str = "full"):
    line = set_paragraph(text, ParagraphStyle(size=10.0, align="left", punctuation=style), 500.0, FONTS).lines[0]
    xs = []
    for run in line.runs:
        x = run.x
        for ch in run.text:
            xs.append((ch, round(x, 2)))
            x += FONTS.face_for("regular", ch).advance(ch) * 10.0 + run.char_space
    return xs


def test_adjacent_marks_lose_a_blank_half():
    # （安卓版）。: the closing bracket gives up its blank right half to the full stop
    xs = dict(_xs("版（安卓版）。好"))
    assert xs["。"] - xs["）"] == pytest.approx(5.0)
    assert xs["好"] - xs["。"] == pytest.approx(10.0)  # a stop keeps its em before a character


def test_kaiming_sets_pause_marks_half_width_but_stops_full():
    full, kaiming = dict(_xs("甲，乙。丙")), dict(_xs("甲，乙。丙", "kaiming"))
    assert full["乙"] - full["，"] == pytest.approx(10.0)
    assert kaiming["乙"] - kaiming["，"] == pytest.approx(5.0)
    assert kaiming["丙"] - kaiming["。"] == pytest.approx(10.0)


def test_an_opening_mark_at_a_line_start_is_drawn_half_an_em_left():
    line = set_paragraph("《信访条例》", ParagraphStyle(size=10.0, align="left"), 500.0, FONTS).lines[0]
    assert line.runs[0].x == pytest.approx(-5.0)  # its ink starts at the measure's left edge


def test_compress_keeps_the_text():
    units = list("（安卓版）。“河南”，")
    out = compress(units)
    assert "".join(out) == "".join(units)
    assert [u for u in out if isinstance(u, Mark)] == ["）", "。", "”"]  # each before another mark
