"""The line breaker: claims that hold for any text at any width (hypothesis), and worked examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collateral.typeset.fonts import load_fonts
from collateral.typeset.cjk import ENDING, HALF
from collateral.typeset.paragraphs import NO_END, NO_START, Overflow, ParagraphStyle, set_paragraph

FONTS = load_fonts()
SIZE = 10.0
PROTECTED = ["0371-65903393", "18837117796", "tsslb@hnxf.gov.cn", "https://www.hnxf.gov.cn/xf/index.html",
             "60日", "12.5%", "APP", "410105002", "𡌶"]
CJK = "信访人通过微信搜索并关注河南省局公众号提出诉求和建议行政机关及其工作人员村民委员会居民"
MARKS = sorted(NO_START | NO_END)


def extent(line, size: float = SIZE) -> float:
    """Where a line ends, measured from the runs themselves: a last mark's blank right half not counted.

    (That half holds no ink in the font: tests/test_cjk.py measures the glyphs.)
    """
    end = 0.0
    for run in line.runs:
        x = run.x
        for i, ch in enumerate(run.text):
            face = FONTS.face_for("regular", ch)
            x += face.advance(ch) * size
            if i < len(run.text) - 1:
                x += run.char_space
        end = max(end, x)
    if line.text and line.text[-1] in ENDING:
        end -= HALF * size
    return end


OPENING = sorted(NO_END)
CLOSING = sorted(NO_START)

# A "word" as real text has them: a character, maybe an opening mark before it and up to two closing
# marks after it (“十”，), or a protected run.
word = st.one_of(
    st.tuples(st.sampled_from(["", *OPENING]), st.sampled_from(list(CJK)),
              st.lists(st.sampled_from(CLOSING), max_size=2)).map(lambda t: t[0] + t[1] + "".join(t[2])),
    st.sampled_from(PROTECTED),
)
pieces = word


@st.composite
def paragraphs(draw):
    parts = draw(st.lists(pieces, min_size=1, max_size=120))
    # Protected runs stand between CJK characters so they are the runs we meant, not glued to a neighbour.
    text = "".join(f"信{p}访" if p in PROTECTED else p for p in parts)
    return text, [p for p in parts if p in PROTECTED]


@settings(max_examples=300, deadline=None)
@given(paragraphs(), st.floats(min_value=200, max_value=500), st.sampled_from(["justify", "left"]))
def test_line_breaking_rules_hold_for_any_text_and_width(para, width, align):
    text, protected = para
    ps = ParagraphStyle(size=SIZE, align=align)
    result = set_paragraph(text, ps, width, FONTS)
    lines = [line.text for line in result.lines]
    assert "".join(lines) == text  # nothing lost, added or reordered
    for n, line in enumerate(lines):
        if n > 0:
            assert line[0] not in NO_START, (n, lines)
        if n < len(lines) - 1:
            assert line[-1] not in NO_END, (n, lines)
    for run in protected:
        assert any(run in line for line in lines), (run, lines)
    for line_obj in result.lines:  # nothing hangs past the measure
        assert extent(line_obj) <= width + 1e-6, (line_obj.text, extent(line_obj), width)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(CJK)), st.sampled_from(["", "，", "。", "、"])),
                min_size=20, max_size=120).map(lambda ws: "".join(a + b for a, b in ws)),
       st.floats(min_value=100, max_value=300))
def test_justified_lines_reach_the_right_edge(text, width):
    result = set_paragraph(text, ParagraphStyle(size=SIZE, align="justify"), width, FONTS)
    for line in result.lines[:-1]:
        assert extent(line) == pytest.approx(width, abs=0.01), line.text
        assert line.spread <= 0.25 + 1e-6


def test_a_comma_never_starts_a_line_even_when_it_falls_at_the_edge():
    # 10 characters fit exactly at 100 pt; the comma is the 11th.
    text = "一二三四五六七八九十，一二三四五六七八九十"
    result = set_paragraph(text, ParagraphStyle(size=SIZE), 100.0, FONTS)
    first, second = result.lines[0].text, result.lines[1].text
    assert not second.startswith("，")
    # nothing hangs into the margin (the safety zones count it): 十， goes down together
    assert first == "一二三四五六七八九" and second.startswith("十，")
    assert all(extent(line) <= 100.0 + 1e-6 for line in result.lines)


def test_a_closing_mark_at_the_line_end_gives_up_its_blank_half_to_fit():
    # 9.5 characters' room: 九 and the comma fit when the comma is set half-width at the end
    result = set_paragraph("一二三四五六七八九，十一二三四五六七八", ParagraphStyle(size=SIZE), 95.0, FONTS)
    assert result.lines[0].text == "一二三四五六七八九，"
    assert extent(result.lines[0]) == pytest.approx(95.0, abs=0.01)


def test_a_closing_quote_and_comma_pull_the_previous_character_down():
    text = "一二三四五六七八九“十”，再说"
    result = set_paragraph(text, ParagraphStyle(size=SIZE), 100.0, FONTS)
    assert [line.text for line in result.lines] == ["一二三四五六七八九", "“十”，再说"]


def test_an_opening_mark_never_ends_a_line():
    text = "一二三四五六七八九《信访条例》"
    lines = [line.text for line in set_paragraph(text, ParagraphStyle(size=SIZE), 100.0, FONTS).lines]
    assert lines == ["一二三四五六七八九", "《信访条例》"]


@pytest.mark.parametrize("run", ["0371-65903393", "18837117796", "tsslb@hnxf.gov.cn", "https://www.hnxf.gov.cn"])
def test_phone_numbers_urls_and_emails_are_never_split(run):
    for lead in range(1, 12):
        text = "电" * lead + run + "，请记下"
        lines = [line.text for line in set_paragraph(text, ParagraphStyle(size=SIZE), 140.0, FONTS).lines]
        assert any(run in line for line in lines), lines


def test_a_run_wider_than_the_frame_is_an_overflow_not_a_split():
    with pytest.raises(Overflow) as err:
        set_paragraph("网址https://www.hnxf.gov.cn/a/very/long/path", ParagraphStyle(size=SIZE), 60.0, FONTS)
    assert err.value.piece.startswith("https://")


def test_quarter_em_between_cjk_and_latin_is_optional():
    with_gap = set_paragraph("拨打0371", ParagraphStyle(size=SIZE, align="left"), 300.0, FONTS).lines[0]
    without = set_paragraph("拨打0371", ParagraphStyle(size=SIZE, align="left", latin_gap=False), 300.0, FONTS).lines[0]
    assert extent(with_gap) - extent(without) == pytest.approx(SIZE / 4, abs=0.01)


def test_fallback_font_draws_ext_b_characters():
    line = set_paragraph("𡌶村", ParagraphStyle(size=SIZE), 300.0, FONTS).lines[0]
    assert [r.font for r in line.runs] == [FONTS.fallback.name, FONTS.regular.name]


def test_a_character_in_no_font_is_an_error_naming_it():
    from collateral.errors import GlyphError

    with pytest.raises(GlyphError, match=r"U\+E170"):
        set_paragraph("花园\ue170街道", ParagraphStyle(size=SIZE), 300.0, FONTS)


def test_bold_text_falls_back_to_the_bold_supplement():
    line = set_paragraph("𡌶村", ParagraphStyle(style="bold", size=SIZE), 300.0, FONTS).lines[0]
    assert [r.font for r in line.runs] == [FONTS.fallback_bold.name, FONTS.bold.name]


def test_captions_prefer_to_break_after_a_pausing_mark():
    text = "姓名、住址、身份证号码、反映的具体事项及发生地"
    plain = [l.text for l in set_paragraph(text, ParagraphStyle(size=SIZE, align="center"), 130.0, FONTS).lines]
    phrased = [l.text for l in set_paragraph(text, ParagraphStyle(size=SIZE, align="center", phrase=0.5),
                                             130.0, FONTS).lines]
    assert plain[0] == "姓名、住址、身份证号码、反"  # 13 characters fill the line, tearing 反映 apart
    assert phrased[0] == "姓名、住址、身份证号码、"
    assert "".join(phrased) == text


@settings(max_examples=150, deadline=None)
@given(paragraphs(), st.floats(min_value=200, max_value=500), st.floats(min_value=0.3, max_value=0.9))
def test_phrase_breaking_keeps_every_rule(para, width, phrase):
    text, protected = para
    result = set_paragraph(text, ParagraphStyle(size=SIZE, align="center", phrase=phrase), width, FONTS)
    lines = [line.text for line in result.lines]
    assert "".join(lines) == text
    for n, line in enumerate(lines):
        assert n == 0 or line[0] not in NO_START
        assert n == len(lines) - 1 or line[-1] not in NO_END
    for run in protected:
        assert any(run in line for line in lines)


def test_an_edition_code_is_never_split():
    from collateral.typeset.fonts import load_fonts
    from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

    code = "编号 202611-ad581a54"  # the label stays with its code (CLReq: 编号 is not left at a line end)
    text = f"金水区信访局　2026年11月　{code}"
    fonts = load_fonts()
    code_width = sum(fonts.regular.advance(ch) for ch in code) * 8
    refused, made = [], []
    for width in range(60, 400, 7):
        try:
            lines = set_paragraph(text, ParagraphStyle(size=8, align="center"), float(width), fonts).lines
        except Overflow as err:  # narrower than the code as a whole: refused, naming it, never broken
            assert (err.piece, err.measure) == (code, width) and err.width > width, (width, err.args)
            refused.append(width)
            continue
        assert any(code in line.text for line in lines), (width, [line.text for line in lines])
        made.append(width)
    # refused exactly where the code is wider than the line, set everywhere else
    assert refused == [w for w in range(60, 400, 7) if w < code_width] and refused and made, (refused, code_width)


def test_a_caption_breaks_after_a_closing_quote_rather_than_inside_a_word():
    from collateral.typeset.fonts import load_fonts
    from collateral.typeset.paragraphs import ParagraphStyle, set_paragraph

    text = "微信扫码或搜索关注“河南省信访局”公众号，注册登录后提交诉求"
    for width in range(150, 260, 3):
        lines = [line.text for line in set_paragraph(text, ParagraphStyle(size=10, align="center", phrase=0.5),
                                                     float(width), load_fonts()).lines]
        assert not any(line.endswith(("公", "公众")) for line in lines), (width, lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(pieces, st.sampled_from([" ", "  ", "　", "郑州市金水区", "花园路街道", "。”", "（"])),
                min_size=1, max_size=12).map("".join),
       st.floats(min_value=20, max_value=600), st.sampled_from(["regular", "bold"]), st.booleans(),
       st.sampled_from(["full", "kaiming"]))
def test_a_text_set_on_one_line_without_breaking_is_set_as_filling_would(text, width, face, latin_gap, punctuation):
    """Short texts (a place, a footer with its edition code) skip the line breaker when they fit the first line
    at their natural width: the line is the one greedy filling, balance and no-孤字 would have made."""
    from collateral.typeset import paragraphs

    ps = ParagraphStyle(style=face, size=SIZE, latin_gap=latin_gap, punctuation=punctuation, indent=2,
                        balance=True, phrase=0.5)
    m, units, natural, gaps = paragraphs._measured(text, ps, FONTS)
    if not paragraphs.fits_one_line(natural, gaps, width - 2 * SIZE):
        return
    units = list(units)
    def marked(lines):  # compressed marks are str subclasses: compare their cuts too
        return [[(u, getattr(u, "left", 0.0), getattr(u, "right", 0.0)) for u in line] for line in lines]

    assert marked([paragraphs._one_line(units)]) == marked(paragraphs._filled(text, units, m, ps, width)[0])
