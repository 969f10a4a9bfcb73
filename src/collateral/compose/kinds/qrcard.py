"""``qr_card``: a channel with its QR code, its label above and a one-line instruction below."""

from __future__ import annotations

from dataclasses import replace
from typing import Hashable, Iterable

from collateral.errors import Problem, QRError
from collateral.compose.kinds.base import CARD, Kind, box_pt, card_back
from collateral.compose.layout import Ctx, Frame, Para, flow_lines
from collateral.data.model import channel_gap
from collateral.spec.params import MM, Param, choice, color_ref, name, number, style_ref
from collateral.spec.primitives import Fill, Primitive, QRCode
from collateral.codes.qr import Matrix, matrix, module_problem
from collateral.spec.model import Block
from collateral.i18n import _


class QRCard(Kind):
    """A channel with its QR code: label above, code, one-line instruction below."""

    params = {
        "channel": Param(choice("wechat", "app"), required=True),
        "qr_size": Param(number(10, 2000), 40.0, length="size"),
        "label_height": Param(number(1), 10.0, length="y"),
        "label_style": Param(style_ref, "card_label"),
        "how_style": Param(style_ref, "card_text"),
        "qr_background": Param(color_ref, "paper"),
        "qr_color": Param(color_ref, "ink"),
        "ecc": Param(choice("L", "M", "Q", "H"), "M"),
        "group": Param(name),
        **CARD,
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        _x, _y, w, h = block.box
        pad = block.get("padding")
        if block.get("qr_size") > w - 2 * pad + 1e-6:
            yield "qr_size", _("a {value:g} mm code does not fit the {w:g} mm wide card").format(
                                 value=block.get('qr_size'), w=w)
        if block.get("qr_size") + block.get("label_height") + 2 * pad > h + 1e-6:
            yield "qr_size", (_("label {value:g} mm + code {value2:g} mm + padding do not fit the {h:g} mm "
                                 "high card").format(
                                  value=block.get('label_height'), value2=block.get('qr_size'), h=h))

    def _label(self, ctx: Ctx, block: Block) -> tuple[tuple[Para, ...], float, float, Frame]:
        x, y, w, h = box_pt(block)
        pad = block.get("padding") * MM
        channel = ctx.content.channels[block.get("channel")]
        frame = ctx.frame(block, "label", data=(f"channels.{channel.kind}.label", channel.source))
        return (Para(channel.label, ctx.style(block, "label_style", "")),), w - 2 * pad, \
            block.get("label_height") * MM, frame

    def grouped(self, ctx: Ctx, block: Block):
        if block.get("group"):
            yield (block.get("group"), *self._label(ctx, block))

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.channels.get(block.get("channel")), ctx.shared.get(block.get("group"))

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        kind = block.get("channel")
        channel = ctx.content.channels.get(kind)
        qr_mm = block.get("qr_size")
        m = qr_matrix(ctx, block, kind, qr_mm)
        q = qr_mm * MM
        out = card_back(ctx, block, x, y, w, h)
        pad = block.get("padding") * MM
        paras, lw, lh, frame = self._label(ctx, block)
        out += flow_lines(paras, x + pad, y + pad, lw, lh, frame, ctx.spec, ctx.fonts, "middle",
                          ctx.max_scale(block.get("group"), paras[0].style))
        qy = y + pad + lh
        out.append(Fill(x + (w - q) / 2, qy, q, q, ctx.color(block.get("qr_background"))))  # quiet zone
        out.append(QRCode(x + (w - q) / 2, qy, q, m, ctx.color(block.get("qr_color"))))
        how = [channel.how] if channel.how else []
        how_frame = ctx.frame(block, "how", data=(f"channels.{kind}.how", channel.source))
        out += flow_lines([Para(t, ctx.style(block, "how_style", "")) for t in how],
                          x + pad, qy + q, w - 2 * pad, y + h - pad - qy - q, how_frame, ctx.spec, ctx.fonts)
        return out


def qr_matrix(ctx: Ctx, block: Block, kind: str, size_mm: float) -> Matrix:
    channel = ctx.content.channels.get(kind)
    src = channel.source if channel else None
    where = dict(file=src.file if src else ctx.spec.file, line=src.line if src else None,
                 unit_label=ctx.content.unit.label, field=f"channels.{kind}.qr")
    gap = channel_gap(kind, channel)
    if gap:
        raise QRError(Problem(f"{block.name}: {gap}", **where))
    try:
        m = matrix(channel.qr, block.get("ecc", "M"))
    except QRError as err:
        raise QRError([replace(p, **where) for p in err.problems]) from err
    problem = module_problem(m, size_mm)
    if problem:
        raise QRError(Problem(f"{block.name}: {problem}", **where))
    return m
