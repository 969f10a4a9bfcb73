"""A designed layout at another size: a 900×1200 board design becomes a 600×900 board, or any W×H.

In: a :class:`LayoutSpec` drawn for one trim (the *design*) and a new trim
and safe area. Out: the same layout with every box, length and type size
scaled, so a product at a new size is layout data (``resize: scale`` in
``layouts/``, or ``--size WxH``), never new code.

How it scales. Each axis is mapped piece by piece, so the page keeps its
margins: the safe area of the design maps onto the safe area of the new
size linearly (factor ``sx`` across, ``sy`` down); the margins between the
safe area and the trim keep their proportion to the new margins, and what
reaches into the bleed keeps its overhang. So a band that runs off the top
of a design still runs off the top, and a roll-up's foot (a deep bottom
margin) gets nothing but the backgrounds that reach into it.

Everything that must keep its shape (type sizes, QR codes, paddings, rule
widths: parameters declared ``length="size"``) scales by ``m = min(sx, sy)``;
horizontal lengths by ``sx`` and vertical ones (row and part heights) by
``sy``. As every frame grows by at least ``m`` both ways while its text
grows by exactly ``m``, text that fits the design fits every size scaled
from it, except where the reading rule (:mod:`collateral.spec.reading`) raises
the smallest size above ``m`` times the design's: ``collateral check``
composes every named size, and :func:`resize_problems` re-checks what
kinds check on load.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from collateral.compose.kinds import KINDS
from collateral.spec.params import Param, TextStyle
from collateral.spec.reading import held
from collateral.spec.model import Block, LayoutSpec, Safe
from collateral.i18n import _


@dataclass(frozen=True)
class Axis:
    """One axis of the mapping: design [0, length] with safe [lo, hi] onto the new one."""

    length: float
    lo: float
    hi: float
    new_length: float
    new_lo: float
    new_hi: float

    @property
    def factor(self) -> float:
        return (self.new_hi - self.new_lo) / (self.hi - self.lo)

    def __call__(self, v: float) -> float:
        if v < 0:  # in the bleed: the same overhang
            return v
        if v <= self.lo:
            return v * self.new_lo / self.lo if self.lo else 0.0
        if v <= self.hi:
            return self.new_lo + (v - self.lo) * self.factor
        if v <= self.length:
            far = self.length - self.hi
            return self.new_length - (self.length - v) * ((self.new_length - self.new_hi) / far if far else 0.0)
        return self.new_length + (v - self.length)


def _axes(spec: LayoutSpec, trim: tuple[float, float], safe: Safe) -> tuple[Axis, Axis]:
    (w, h), (nw, nh), s = spec.trim, trim, spec.safe
    return (Axis(w, s.left, w - s.right, nw, safe.left, nw - safe.right),
            Axis(h, s.top, h - s.bottom, nh, safe.top, nh - safe.bottom))


def _scale_params(params: tuple[tuple[str, Any], ...], schema: dict[str, Param], sx: float, sy: float,
                  m: float) -> tuple[tuple[str, Any], ...]:
    out = []
    for key, value in params:
        param = schema.get(key)
        if param is not None and param.length and isinstance(value, float):
            value = value * {"x": sx, "y": sy, "size": m}[param.length]
        elif param is not None and hasattr(param.check, "schema"):  # nested: a watermark, an SMS card's parts
            inner = param.check.schema
            value = tuple(_scale_params(v, inner, sx, sy, m) for v in value) if getattr(param.check, "many", False) \
                else _scale_params(value, inner, sx, sy, m)
        out.append((key, value))
    return tuple(out)


def _block(block: Block, ax: Axis, ay: Axis, m: float) -> Block:
    x, y, w, h = block.box
    x0, y0, x1, y1 = ax(x), ay(y), ax(x + w), ay(y + h)
    params = _scale_params(block.params, KINDS[block.kind].params, ax.factor, ay.factor, m)
    return replace(block, box=(x0, y0, x1 - x0, y1 - y0), params=params)


def _style(style: TextStyle, m: float) -> TextStyle:
    return replace(style, size=round(style.size * m, 2), min_size=round(style.min_size * m, 2))


def resized(spec: LayoutSpec, trim: tuple[float, float], safe: Safe | None = None, hold: bool = True,
            **changes: Any) -> LayoutSpec:
    """``spec`` scaled to ``trim`` (and ``safe``, default the design's); ``changes`` replace fields (name…).

    ``hold``: raise type that scaled under the reading rule to the rule (see :func:`collateral.spec.reading.held`).
    """
    safe = safe or spec.safe
    ax, ay = _axes(spec, trim, safe)
    m = min(ax.factor, ay.factor)
    pages = tuple(replace(p, trim=trim, blocks=tuple(_block(b, ax, ay, m) for b in p.blocks),
                          folds=tuple(round(ax(f), 3) for f in p.folds)) for p in spec.pages)
    styles = {k: _style(v, m) for k, v in spec.styles.items()}
    # type scales with the narrower axis, the reading rule with the height: the rule is applied anew
    scaled = replace(spec, trim=trim, safe=safe, pages=pages, styles=styles,
                     **{"resized_from": spec.resized_from or spec.name, **changes})
    return held(scaled) if hold else scaled


def resize_problems(spec: LayoutSpec) -> list[str]:
    """What the kinds' own load-time checks say of the scaled blocks (empty for any sane size)."""
    out = []
    for block in spec.blocks():
        kind = KINDS[block.kind]
        out += [f"{block.name} ({block.where}), scaled: {key}: {message}" for key, message in kind.check(block)]
        x, y, w, h = block.box
        s, (tw, th) = spec.safe, spec.trim
        if not kind.background and (x < s.left - 1e-6 or y < s.top - 1e-6 or x + w > tw - s.right + 1e-6
                                    or y + h > th - s.bottom + 1e-6):
            out.append(_("{name} ({where}), scaled to {tw:g}×{th:g} mm, reaches within the safe area").format(
                           name=block.name, where=block.where, tw=tw, th=th))
    return out
