"""`collateral proof`: what it flags, and that the bundled data gives none."""

from __future__ import annotations

import pytest

from collateral.typeset.fonts import load_fonts
from collateral.proof import Setting, flags_of
from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

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
    from collateral.typeset.paragraphs import SetParagraph

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


@pytest.mark.slow
def test_proof_of_the_filled_data_ends_with_no_flags(cli, tmp_path, filled_data):
    """Every leader named (4-character, middle-dot names, long roles, landlines): still nothing to flag."""
    result = cli("proof", "--data", str(filled_data), "-o", str(tmp_path / "proof.pdf"))
    assert result.code == 0, result.out[-2000:]
    assert result.out.strip().splitlines()[-1] == "proof: 0 flag(s)"


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_proof_of_one_layout_writes_a_sheet_and_counts_flags(cli, tmp_path):
    result = cli("proof", "booklet-a7", "-o", str(tmp_path / "p.pdf"))
    assert result.code == 0, result.out[-2000:]
    assert result.out.strip().splitlines()[-1] == "proof: 0 flag(s)"


def _line(text: str, x: float, y: float, frame: str = "place", size: float = 10.0):
    from collateral.spec.params import Color
    from collateral.spec.primitives import TextLine

    ps = ParagraphStyle(size=size, align="left")
    runs = set_paragraph(text, ps, 10_000.0, FONTS).lines[0].runs
    return TextLine(x, y, runs, size, Color(0, 0, 0, 1), frame=frame)


def test_a_printed_line_inside_a_safety_zone_or_a_torn_name_is_flagged():
    from collateral.spec.params import MM
    from collateral.spec.primitives import Page
    from collateral.proof import page_flags

    ok = Page(100 * MM, 100 * MM, (_line("郑州航空港", 10 * MM, 20 * MM), _line("经济综合实验区", 10 * MM, 20 * MM + 12)))
    assert list(page_flags("t", "u", [ok], FONTS)) == []
    torn = Page(100 * MM, 100 * MM, (_line("郑州航空港经", 10 * MM, 20 * MM), _line("济综合实验区", 10 * MM, 20 * MM + 12)))
    assert [f.kind for f in page_flags("t", "u", [torn], FONTS)] == ["name broken"]
    # a full stop whose ink ends 4 mm from the right trim (its blank half further out does not count)
    near = Page(100 * MM, 100 * MM, (_line("一二三。", 100 * MM - 4 * MM - 35.0, 50 * MM),))
    assert [f.kind for f in page_flags("t", "u", [near], FONTS)] == ["safety zone"]
    folded = Page(100 * MM, 100 * MM, (_line("一二三", 50 * MM - 3 * MM - 30.0, 50 * MM),), guides=(("fold", "v", 50 * MM),))
    assert [f.kind for f in page_flags("t", "u", [folded], FONTS)] == ["safety zone"]


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
def test_a_unit_name_the_word_table_lacks_is_flagged(cli, tmp_path, data_copy):
    county = next(data_copy.glob("henan/*/410105-*.yaml"))
    text = county.read_text(encoding="utf-8")
    county.write_text(text.replace("花园路街道", "花园路新区综合治理街道", 1), encoding="utf-8")
    result = cli("proof", "booklet-a7", "-o", str(tmp_path / "p.pdf"), "--data", str(data_copy))
    assert result.code == 1
    assert "data 花园路新区综合治理街道: name not in placewords.json" in result.out
    assert result.out.strip().splitlines()[-1].startswith("proof: ")
