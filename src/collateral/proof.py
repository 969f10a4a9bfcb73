"""The proof sheet (``collateral proof``): the guide and every place name set at every product's measure, flagged.

In: layouts, the guide, the data. Out: pages (plain layout primitives, drawn
by ``render``) and a list of :class:`Flag`. A proof reader and a test see the
same thing: each guide paragraph set as the product sets it (a chained
flow at its designed size in each of its frames' widths, a fitted flow at
the size its frame allows), and for every unit each layout text that prints
its place, office or name, fitted to its frame. Flags:

* ``孤字``: a paragraph's last line holds fewer than two characters;
* ``over-spread``: a justified line spread by more than ``MAX_SPREAD`` em, or
  left ragged where no unbreakable run follows;
* ``safety zone``: ink past the measure (hanging punctuation), or a text
  frame within 5 mm of the trim or 4 mm of a fold;
* ``name broken``: a line break inside a unit name that is not at a word end
  by the segmenter (jieba itself when installed, else its precomputed table);
* ``name not in placewords.json``: a unit of the data the table of word ends
  does not know (the table is built from the data: re-run its tool).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from collateral.typeset.cjk import ENDING, OPENING, PUNCTUATION
from collateral.data.dataset import Dataset
from collateral.typeset.fonts import ASCENT, FontSet
from collateral.data.guide import Guide
from collateral.compose.kinds.flow import guide_paras
from collateral.compose.layout import Para, SetFlow, baseline, fit_flow, pstyle
from collateral.typeset.linefill import MAX_SPREAD
from collateral.spec.params import MM, Color
from collateral.typeset.placebreak import name_spans, segment, table, word_ends
from collateral.spec.primitives import Fill, Page, Rule, TextLine
from collateral.products.product import Product
from collateral.data.resolve import resolve
from collateral.spec.model import Block, LayoutSpec
from collateral.typeset.paragraphs import Line, ParagraphStyle, SetParagraph, set_paragraph
from collateral.i18n import _

TRIM_SAFE, FOLD_SAFE = 5.0, 4.0  # mm: the promise on every product (README)
PLACE_FIELDS = ("{place}", "{office}", "{name}")
A4 = (210 * MM, 297 * MM)
MARGIN = 12 * MM
INK, RED, GREY = Color(0, 0, 0, 1), Color(0, 1, 1, 0), Color(0, 0, 0, 0.35)


@dataclass(frozen=True)
class Flag:
    layout: str
    frame: str
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.layout} {self.frame}: {self.kind}: {self.text}"


@dataclass(frozen=True)
class Setting:
    """One paragraph as a product sets it: where, at which width, and the lines it got."""

    layout: str
    frame: str
    text: str
    width: float  # pt
    para: SetParagraph
    place: bool  # a place text: drawn on the proof only when it wraps or is flagged


def letters(text: str) -> int:
    return sum(1 for ch in text if ch not in PUNCTUATION and not ch.isspace())


def extent(line: Line, para: SetParagraph, fonts: FontSet, style: str) -> float:
    """Where a line's ink ends: its runs' advances, a last mark's blank right half not counted."""
    end = 0.0
    for run in line.runs:
        x = run.x
        for i, ch in enumerate(run.text):
            face = fonts.face_for(style, ch)
            x += face.advance(ch) * para.size + (run.char_space if i < len(run.text) - 1 else 0.0)
        end = max(end, x)
    if line.text and line.text[-1] in PUNCTUATION - set("…—·・") and line.text[-1] not in "（〔［｛《〈「『【〖〘〚“‘":
        end -= 0.5 * para.size
    return end


@lru_cache(maxsize=8192)
def _segmented(name: str) -> tuple[int, ...]:
    try:
        return segment(name)
    except ImportError:  # the segmenter is a test/tool dependency; its table ships with the package
        return word_ends(name)


def flags_of(s: Setting, fonts: FontSet, style: str) -> Iterator[Flag]:
    lines = s.para.lines
    if len(lines) > 1 and letters(lines[-1].text) < 2:
        yield Flag(s.layout, s.frame, "孤字", f"{lines[-1].text!r} ends {s.text[:24]!r}")
    for line in lines:
        if line.spread > MAX_SPREAD + 1e-6 or line.loose:
            yield Flag(s.layout, s.frame, "over-spread", f"{line.text!r}")
        if extent(line, s.para, fonts, style) > s.width + 0.01:
            yield Flag(s.layout, s.frame, "safety zone", _("{text!r} reaches past its measure").format(
                                                             text=line.text))
    breaks = [line.end for line in lines[:-1]]
    for start, end in name_spans(s.text):
        inside = {start + e for e in _segmented(s.text[start:end])}
        for b in breaks:
            if start < b < end and b not in inside:
                yield Flag(s.layout, s.frame, "name broken", f"{s.text[start:b]}/{s.text[b:end]}")


def frame_flags(spec: LayoutSpec) -> Iterator[Flag]:
    """Text frames closer than 5 mm to the trim or 4 mm to a fold (background blocks may bleed)."""
    for page in spec.pages:
        tw, th = page.trim
        for b in page.blocks:
            if b.kind in ("rect", "draft_mark"):
                continue
            x, y, w, h = b.box
            if min(x, y, tw - x - w, th - y - h) < TRIM_SAFE - 1e-6:
                yield Flag(spec.name, b.name, "safety zone", _("box {value} within {trim_safe:g} mm of the "
                                                                "trim").format(
                                                                 value=list(b.box), trim_safe=TRIM_SAFE))
            for fold in page.folds:
                if x - FOLD_SAFE < fold < x + w + FOLD_SAFE:
                    yield Flag(spec.name, b.name, "safety zone", _("box {value} within {fold_safe:g} mm of "
                                                                    "the fold at {fold:g} mm").format(
                                                                     value=list(b.box), fold_safe=FOLD_SAFE, fold=fold))


def guide_settings(spec: LayoutSpec, guides: Iterable[Guide], fonts: FontSet) -> Iterator[tuple[Setting, str]]:
    """Every guide paragraph of every flow block of a layout, set as the product sets it."""
    chains: dict[str, Block] = {}
    for guide in guides:
        for block in spec.blocks():
            if block.kind != "flow":
                continue
            name = block.get("chain")
            first = chains.setdefault(name, block) if name else block
            paras = guide_paras(spec, guide, first, lambda t: t)
            w, h = block.box[2] * MM, block.box[3] * MM
            if name:  # a chain sets at the designed size, in each frame's width
                for p in paras:
                    ps = pstyle(p.style)
                    width = w - (p.style.label_width * ps.size if p.label else 0.0)
                    yield Setting(spec.name, block.name, p.text, width, set_paragraph(p.text, ps, width, fonts),
                                  False), ps.style
                continue
            flow = fit_flow(tuple(paras), round(w, 3), round(h, 3), fonts)
            if isinstance(flow, SetFlow):
                for (_x, label_w, _y, body), p in zip(flow.placed, paras):
                    yield Setting(spec.name, block.name, p.text, w - label_w, body, False), p.style.font


def place_settings(spec: LayoutSpec, dataset: Dataset, fonts: FontSet,
                   fields: dict[str, str]) -> Iterator[tuple[Setting | None, str]]:
    """Every unit's place, office and name in each layout text that prints one, fitted to its frame."""
    blocks = [b for b in spec.blocks() if b.kind == "text" and any(f in t for t in b.get("text") for f in PLACE_FIELDS)]
    if not blocks:
        return
    for unit in dataset.units():
        if unit.level not in spec.made_for:
            continue
        r = resolve(dataset, unit)
        values = {**fields, "place": r.place, "office": r.office, "name": unit.name}
        for b in blocks:
            style = spec.style(b.get("style"))
            paras = tuple(Para(t.format_map(values), style) for t in b.get("text"))
            if _one_line_each(paras, b.box[2] * MM, b.box[3] * MM, fonts):
                yield None, style.font  # set on one line at its designed size: no break to check
                continue
            flow = fit_flow(paras, round(b.box[2] * MM, 3), round(b.box[3] * MM, 3), fonts)
            if isinstance(flow, str):
                continue  # does not fit at all: `check` reports it, naming the data
            for (*_xyw, body), p in zip(flow.placed, paras):
                if any(f in t for t in b.get("text") for f in PLACE_FIELDS):
                    yield Setting(spec.name, b.name, p.text, b.box[2] * MM, body, True), style.font


def _one_line_each(paras: tuple[Para, ...], w: float, h: float, fonts: FontSet) -> bool:
    """Whether every paragraph fits one line of the frame at its designed size (an upper bound on widths)."""
    height = 0.0
    for p in paras:
        advance = sum(fonts.face_for(p.style.font, ch).advance(ch) if fonts.face_for(p.style.font, ch) else 1.0
                      for ch in p.text)
        if (advance + 0.5 * sum(ch.isascii() for ch in p.text)) * p.style.size > w:
            return False
        height += p.style.size * p.style.leading
    return height <= h


def sheet(settings: list[tuple[Setting, list[Flag]]], summary: list[str], fonts: FontSet) -> list[Page]:
    """The proof pages: each setting's lines at their measure (rules at both ends), flags in red beside."""
    pages: list[Page] = []
    items: list = []
    y = MARGIN
    label = LABEL

    def new_page() -> None:
        nonlocal items, y
        if items:
            pages.append(Page(A4[0], A4[1], tuple(items), name=str(len(pages) + 1)))
        items, y = [], MARGIN

    def note(text: str, color: Color) -> None:
        nonlocal y
        para = set_paragraph(text, label, A4[0] - 2 * MARGIN, fonts)
        if y + para.height > A4[1] - MARGIN:
            new_page()
        items.extend(TextLine(MARGIN, baseline(y, i, para), ln.runs, para.size, color)
                     for i, ln in enumerate(para.lines))
        y += para.height

    for line in summary:
        note(line, INK)
    for s, flags in settings:
        if s.place and not flags and len(s.para.lines) < 2:
            continue
        need = s.para.height + 10 * MM
        if y + need > A4[1] - MARGIN:
            new_page()
        note(f"{s.layout} · {s.frame} · {s.width / MM:.1f} mm · {s.para.size:g} pt", GREY)
        top = y
        items.extend(TextLine(MARGIN, baseline(top, i, s.para), ln.runs, s.para.size, INK)
                     for i, ln in enumerate(s.para.lines))
        y += s.para.height
        items.append(Rule(MARGIN, top, MARGIN, y, RED, 0.2))
        items.append(Rule(MARGIN + s.width, top, MARGIN + s.width, y, RED, 0.2))
        for f in flags:
            note(f"⚑ {f.kind}: {f.text}", RED)
        y += 2 * MM
    new_page()
    return pages or [Page(A4[0], A4[1], (Fill(0, 0, 0, 0, INK),))]


LABEL = ParagraphStyle(size=7.0, align="left")  # the proof's own notes


@lru_cache(maxsize=65536)
def ink(line: TextLine, fonts: FontSet) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a drawn line's ink on its page, pt; marks' blank halves not counted.

    Cached: most lines (the guide, the channel cards) are the same in every piece.
    """
    faces = {f.name: f for f in (fonts.regular, fonts.bold, fonts.fallback, fonts.fallback_bold) if f is not None}
    left, right = float("inf"), 0.0
    for run in line.runs:
        x = line.x + run.x
        for i, ch in enumerate(run.text):
            adv = faces[run.font].advance(ch) * line.size
            a, b = x, x + adv
            if ch in OPENING:
                a += 0.5 * line.size
            elif ch in ENDING:
                b -= 0.5 * line.size
            if not ch.isspace():
                left, right = min(left, a), max(right, b)
            x += adv + (run.char_space if i < len(run.text) - 1 else 0.0)
    return left, line.y - ASCENT * line.size, right, line.y + (1 - ASCENT) * line.size


def page_flags(layout: str, unit: str, pages: Iterable[Page], fonts: FontSet) -> Iterator[Flag]:
    """What a composed piece prints: ink within 5 mm of the trim or 4 mm of a fold, names broken across lines.

    Lines of one frame that follow each other (the next baseline within two
    sizes) are one paragraph; a break between them inside a unit name must
    fall at a word end.
    """
    for n, page in enumerate(pages, 1):
        lines = [i for i in page.items if isinstance(i, TextLine) and not i.angle and i.text.strip()]
        folds = [g[2] for g in page.guides if len(g) == 3 and g[0] == "fold" and g[1] == "v"]
        for line in lines:
            x0, y0, x1, y1 = ink(line, fonts)
            edge = min(x0, y0, page.width - x1, page.height - y1) / MM
            if edge < TRIM_SAFE - 0.05:
                yield Flag(layout, f"{unit} p{n} {line.frame}", "safety zone",
                           _("{text!r} {edge:.1f} mm from the trim").format(text=line.text, edge=edge))
            for fold in folds:
                if x0 - FOLD_SAFE * MM < fold < x1 + FOLD_SAFE * MM:
                    gap = min(abs(fold - x0), abs(fold - x1)) / MM
                    yield Flag(layout, f"{unit} p{n} {line.frame}", "safety zone",
                               f"{line.text!r} {gap:.1f} mm from a fold")
        for a, b in zip(lines, lines[1:]):
            if a.frame != b.frame or a.size != b.size or not 0 < b.y - a.y < 2.2 * a.size:
                continue
            text, cut = a.text + b.text, len(a.text)
            for start, end in name_spans(text):
                if start < cut < end and cut - start not in _segmented(text[start:end]):
                    yield Flag(layout, f"{unit} p{n} {a.frame}", "name broken",
                               f"{text[start:cut]}/{text[cut:end]}")


def proof_units(dataset: Dataset) -> list:
    """The units whose pieces are composed and checked as printed.

    The province, every city and every county, and per county the township
    with the longest place name: a county's townships share everything but
    their name (the leaders table, the SMS channel), and every township's
    name is set at every measure by :func:`place_settings` anyway.
    """
    chosen = [u for u in dataset.units() if u.level < 3]
    for county in (u for u in dataset.units() if u.level == 2):
        towns = [c for c in dataset.children(county.code) if c.level == 3]
        if towns:
            chosen.append(max(towns, key=lambda t: (len(resolve(dataset, t).place), t.code)))
    return chosen


def composed_flags(specs: list[LayoutSpec], dataset: Dataset, guide: Guide,
                   fonts: FontSet) -> tuple[list[Flag], int]:
    """Every product composed for each of :func:`proof_units` it is made for, checked as printed; and how many."""
    flags: list[Flag] = []
    count = 0
    units = proof_units(dataset)
    for spec in specs:
        product = Product(dataset, guide, fonts, spec, dt.date.today())
        for unit in units:
            if unit.level in spec.made_for:
                flags += page_flags(spec.name, unit.label, product.pages(unit), fonts)
                count += 1
    return flags, count


def run_proof(specs: list[LayoutSpec], dataset: Dataset, guide: Guide, fonts: FontSet,
              fields: dict[str, str]) -> tuple[list[Page], list[Flag], list[str]]:
    """Set everything, flag it; the pages, the flags and a summary (one line per layout)."""
    guides = _guides(dataset, guide)
    out: list[tuple[Setting, list[Flag]]] = []
    every: list[Flag] = []
    summary: list[str] = []
    for spec in specs:
        counted = places = 0
        found = list(frame_flags(spec))
        for s, style in [*guide_settings(spec, guides, fonts), *place_settings(spec, dataset, fonts, fields)]:
            counted += 1
            if s is None:  # a place on one line
                places += 1
                continue
            flags = list(flags_of(s, fonts, style))
            places += s.place
            found += flags
            out.append((s, flags))
        every += found
        summary.append(_("{name}: {value} guide paragraph setting(s), {places} place setting(s), {count} "
                          "flag(s)").format(name=spec.name, value=counted - places, places=places, count=len(found)))
    known = table()
    missing = sorted({u.name for u in dataset.units()} - set(known))
    every += [Flag("data", name, _("name not in placewords.json"),
                   _("its word ends are unknown, so it is neither kept whole nor checked: run "
                      "tools/build_place_words.py")) for name in missing]
    composed, pieces = composed_flags(specs, dataset, guide, fonts)
    every += composed
    summary.append(_("{pieces} piece(s) (province, cities, counties, a township per county) composed and "
                      "checked as printed: {count} flag(s)").format(pieces=pieces, count=len(composed)))
    out += [(Setting(f.layout, f.frame, f.text, 0.0, SetParagraph((), 7.0, 0.0), True), [f]) for f in composed]
    return sheet(out, summary, fonts), every, summary


def _guides(dataset: Dataset, guide: Guide) -> list[Guide]:
    """The guide as each distinct SMS channel of the data prints it (a county's own number changes a paragraph)."""
    seen: dict[tuple, Guide] = {}
    for unit in dataset.units():
        sms = resolve(dataset, unit).channels.get("sms")
        key = (sms.number, sms.holder, sms.format) if sms else ()
        if key not in seen:
            seen[key] = guide.for_sms(sms)
    return list(seen.values())
