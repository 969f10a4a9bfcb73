"""The reading rules of boards and screens: how small type may get, stated once.

* Boards: every text but the footer's edition line has a cap height of at
  least 1/200 of the board's visible height (a roll-up's foot in the stand
  does not count); the footer, read only by whoever checks the edition,
  1/400. Cap height is Noto Sans SC's 0.733 em. A 1200 mm board thus sets
  nothing under 23.2 pt. QR symbols (the modules, without the quiet zone)
  are at least 1/10 of the distance they are scanned from.
* Screens: a 55" panel read from 3 m, laid out in the panel's millimetres
  (any pixel count shows the same millimetres). Characters of at least 16′
  of arc (ISO 9241-303's minimum for reading) are 14 mm high at 3 m, so no
  text under 39.6 pt on the panel, 22 px on a 1080p one.

The rules act twice. :func:`held` raises the ``min_size`` of every style of
a board or screen layout to the rule, so text is never set below it: what
does not fit at the rule fails to compose, naming the data value. And
:func:`board_reading_problems` / :func:`screen_reading_problems` measure
composed pages, so a layout that sets type under the rule anyway (a
design's own sizes) is an error before a file is written.
"""

from __future__ import annotations

import math
from dataclasses import replace

from collateral.spec.params import MM
from collateral.spec.primitives import Page, QRCode, TextLine
from collateral.spec.model import LayoutSpec
from collateral.i18n import _

CAP_HEIGHT = 0.733  # Noto Sans SC capHeight / unitsPerEm
BOARD_RULE = 1 / 200  # cap height / visible height
FOOTER_RULE = 1 / 400
FINE_PRINT = ("footer",)  # frames (and the style of the same name) held to FOOTER_RULE
QR_RULE = 1 / 10  # symbol side / reading distance
PANEL_DIAGONAL = 55 * 25.4  # mm; a 16:9 panel is 1217.6 × 684.9 mm, whatever its pixel count
SCREEN_MIN_EM_MM = 3000 * math.tan(math.radians(16 / 60))  # 16′ at 3 m: 13.96 mm


def cap_height_mm(size_pt: float) -> float:
    return size_pt * CAP_HEIGHT / MM


def visible_height(spec: LayoutSpec) -> float:
    """The board's height less what hides in a stand (the foot: a bottom margin deeper than the top)."""
    return spec.trim[1] - max(0.0, spec.safe.bottom - spec.safe.top)


def board_min_pt(spec: LayoutSpec, fine_print: bool = False) -> float:
    """The smallest type size (pt) the reading rule allows on this board."""
    rule = FOOTER_RULE if fine_print else BOARD_RULE
    return visible_height(spec) * rule * MM / CAP_HEIGHT


def panel_scale(spec: LayoutSpec) -> float:
    """Panel millimetres per layout millimetre: 1 for a layout drawn in the 55" panel's millimetres."""
    return PANEL_DIAGONAL / math.hypot(*spec.trim)


def screen_min_pt(spec: LayoutSpec) -> float:
    return SCREEN_MIN_EM_MM / panel_scale(spec) * MM


def min_pt(spec: LayoutSpec, style: str) -> float | None:
    """The reading rule's smallest size for a style of ``spec`` (None: the product has no such rule)."""
    if spec.product == "board":
        return board_min_pt(spec, style in FINE_PRINT)
    if spec.product == "screen":
        return screen_min_pt(spec)
    return None


def held(spec: LayoutSpec) -> LayoutSpec:
    """``spec`` with no style's ``min_size`` under the reading rule (a style's ``size`` is raised to it too).

    For scaled layouts (``resize: scale``, ``--size WxH``): type scales with
    the narrower axis, the rule with the height, so a board shorter in
    proportion than its design would otherwise shrink its text below the rule.
    """
    styles = {}
    for name, style in spec.styles.items():
        floor = min_pt(spec, name)
        if floor is None or style.min_size >= floor - 1e-6:
            styles[name] = style
            continue
        floor = math.ceil(floor * 100) / 100
        styles[name] = replace(style, min_size=floor, size=max(style.size, floor))
    return replace(spec, styles=styles)


def _flow_styles(block) -> set[str]:
    """The styles a flow block sets its content in (a board's flow of the definition uses only its body)."""
    used = set()
    for part in block.get("content") or ("section:",):
        kinds = ("heading", "body", "item", "note") if part.startswith("section:") else \
            ("heading",) if part.startswith("heading:") else ("body",)
        used |= {block.get(f"{k}_style") for k in kinds}
    return used


def used_styles(spec: LayoutSpec) -> set[str]:
    """The styles the blocks of ``spec`` set text in (layouts inherit many they never use)."""
    used: set[str] = set()
    for block in spec.blocks():
        if block.kind == "flow":
            used |= _flow_styles(block)
            continue
        for key, value in block.params:
            if key.endswith("style") and isinstance(value, str):
                used.add(value)
            elif key == "parts":
                used |= {dict(part).get("style") for part in value}
    return {s for s in used if s in spec.styles}


def under_rule(spec: LayoutSpec) -> list[tuple[str, float, float]]:
    """Styles whose preferred size is under the rule: (style, size, rule), where the rule cannot hold.

    A board whose frames were drawn for type smaller than the rule asks its
    text to grow past what its frames were made for.
    """
    out = []
    for name in sorted(used_styles(spec)):
        style, floor = spec.styles[name], min_pt(spec, name)
        if floor is not None and style.size < floor - 1e-6:
            out.append((name, style.size, floor))
    return out


# -- the rules, measured on composed pages -----------------------------------------------------------


def text_lines(pages: tuple[Page, ...]) -> list[TextLine]:
    """Every line of text on the pages, the watermark excluded (it is not read; it marks)."""
    return [t for p in pages for t in p.items if isinstance(t, TextLine) and not t.frame.endswith(".watermark")]


def board_reading_problems(spec: LayoutSpec, pages: tuple[Page, ...]) -> list[str]:
    """Lines set below the board reading rule, each naming its frame, its text and its size."""
    out = []
    height = visible_height(spec)
    for line in text_lines(pages):
        rule = FOOTER_RULE if line.frame.split(".")[0] in FINE_PRINT else BOARD_RULE
        if cap_height_mm(line.size) < height * rule - 1e-6:
            out.append(_("{frame}: {text!r} at {size:.1f} pt has a {value:.2f} mm cap height; a {height:g} mm "
                          "high board wants at least {value2:.2f} mm ({value3:.1f} pt)").format(
                           frame=line.frame, text=line.text[:16], size=line.size, value=cap_height_mm(line.size), height=height, value2=height * rule, value3=height * rule * MM / CAP_HEIGHT))
    return list(dict.fromkeys(out))


def screen_reading_problems(spec: LayoutSpec, pages: tuple[Page, ...]) -> list[str]:
    """Lines too small to read from 3 m on the 55" panel the layout is drawn for."""
    scale = panel_scale(spec)
    out = []
    for line in text_lines(pages):
        em_mm = line.size / MM * scale
        if em_mm < SCREEN_MIN_EM_MM - 1e-6:
            out.append(_("{frame}: {text!r} is {em_mm:.1f} mm high on a 55\" panel; 3 m away needs "
                          "{screen_min_em_mm:.1f} mm").format(
                           frame=line.frame, text=line.text[:16], em_mm=em_mm, screen_min_em_mm=SCREEN_MIN_EM_MM))
    return list(dict.fromkeys(out))


def reading_problems(spec: LayoutSpec, pages: tuple[Page, ...]) -> list[str]:
    """The product's own reading rule, measured on its composed pages (none for leaflets and booklets)."""
    if spec.product == "board":
        return board_reading_problems(spec, pages)
    if spec.product == "screen":
        return screen_reading_problems(spec, pages)
    return []


def qr_symbols(pages: tuple[Page, ...]) -> list[float]:
    """The side (mm) of each QR symbol on the pages: the modules only, without the quiet zone around them."""
    return [q.size / MM * q.matrix.size / q.matrix.modules_with_quiet
            for p in pages for q in p.items if isinstance(q, QRCode)]


def qr_statement(pages: tuple[Page, ...]) -> str:
    """The QR codes' size as a print shop measures it, and the distance they serve (1/10 rule)."""
    sizes = qr_symbols(pages)
    if not sizes:
        return ""
    lo, hi = min(sizes), max(sizes)
    span = f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f}–{hi:.0f}"
    return (_("QR symbols {span} mm (without the quiet zone), for scanning from up to {value:.1f} m").format(
                span=span, value=lo / QR_RULE / 1000))
