"""`collateral proof`: what it flags, and that the bundled data gives none."""

from __future__ import annotations

import pytest

from collateral.fonts import load_fonts
from collateral.proof import Setting, flags_of
from collateral.typeset import ParagraphStyle, set_paragraph

FONTS = load_fonts()


def _flags(text: str, width: float, **style):
    ps = ParagraphStyle(size=10.0, **style)
    return [f.kind for f in flags_of(Setting("t", "f", text, width, set_paragraph(text, ps, width, FONTS), False),
                                      FONTS, "regular")]


def test_the_setter_leaves_no_orphan_the_proof_would_flag():
    # 11 characters and a stop at a 10-character measure: greedy filling leaves 动。 alone
    assert _flags("一二三四五六七八九十活动。", 100.01) == []


def test_a_line_too_loose_to_justify_is_flagged_unless_a_long_run_follows():
    assert "over-spread" not in _flags("张三，某某县某某镇，41XXXXXXXXXXXXXXXX，反映", 130.01)
    assert "over-spread" in _flags("一二三，四五六", 26.01)  # 一二 / 三，…: half an em between two characters


def test_a_name_broken_inside_a_word_is_flagged():
    from collateral.typeset import SetParagraph

    good = set_paragraph("郑州航空港经济综合实验区", ParagraphStyle(size=10.0, align="left"), 60.01, FONTS)
    bad_line = good.lines[0].__class__(good.lines[0].runs, 0.0, end=6)
    bad = SetParagraph((bad_line, good.lines[-1]), 10.0, 15.0)
    assert [f.kind for f in flags_of(Setting("t", "f", "郑州航空港经济综合实验区", 60.01, bad, True), FONTS,
                                     "regular")] == ["name broken"]
    assert _flags("郑州航空港经济综合实验区", 60.01, align="left") == []


@pytest.mark.slow
def test_proof_of_the_bundled_data_ends_with_no_flags(cli, tmp_path):
    result = cli("proof", "-o", str(tmp_path / "proof.pdf"))
    assert result.code == 0, result.out[-2000:]
    assert result.out.strip().splitlines()[-1] == "proof: 0 flag(s)"
    assert (tmp_path / "proof.pdf").read_bytes().startswith(b"%PDF")


def test_proof_of_one_layout_writes_a_sheet_and_counts_flags(cli, tmp_path):
    result = cli("proof", "booklet-a7", "-o", str(tmp_path / "p.pdf"))
    assert result.code == 0, result.out[-2000:]
    assert result.out.strip().splitlines()[-1] == "proof: 0 flag(s)"
