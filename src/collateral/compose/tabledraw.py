"""The leaders table drawn: a block's parameters and a piece's leaders → a fitted plan → ruled cells.

The leaders kinds (``leaders_table``, ``leaders_columns``) hand their block
here. What the table shows comes from :attr:`Content.tables`; how it fits
from :mod:`collateral.compose.tablefit`; this module only turns the plan into
primitives, and a table that fits nowhere into an error that names the data
value to blame (file:line) and the layouts that would take the table.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from collateral.compose.content import TableGroup
from collateral.errors import FitError, Problem
from collateral.compose.layout import Ctx, Frame, Para, flow_lines
from collateral.data.model import Level, Source
from collateral.spec.params import MM, TextStyle
from collateral.spec.primitives import Fill, Primitive, Rule
from collateral.spec.model import Block, LayoutSpec
from collateral.compose.tablefit import NAME, Fitter
from collateral.compose.tableplan import TITLE, Plan, TableStyle, TableText
from collateral.i18n import _

NO_LEADERS = ("领导干部", "", "")  # a unit all of whose rows were left out: its title, then this row


@dataclass(frozen=True)
class Shown:
    """The table's text and, per group and row, the data it came from (for messages)."""

    text: TableText
    groups: tuple[TableGroup, ...]
    rows: tuple[tuple[Source, ...], ...]


def shown(groups: tuple[TableGroup, ...], header: Iterable[str], hand_rows: bool, titled: bool | None = None) -> Shown:
    """What a table of these groups shows; ``hand_rows`` False leaves out rows with no name and no number."""
    out, sources = [], []
    for g in groups:
        rows = [r for r in g.rows if hand_rows or r.name or r.phone]
        out.append((g.title, tuple((r.role, r.name, r.phone) for r in rows) or (NO_LEADERS,)))
        sources.append(tuple(r.source for r in rows) or (g.source,))
    titled = len(groups) > 1 if titled is None else titled
    return Shown(TableText(tuple(header), tuple(out), titled), groups, tuple(sources))


def table_style(spec: LayoutSpec, block: Block) -> TableStyle:
    return TableStyle(
        head=spec.style(block.get("header_style")),
        cell=spec.style(block.get("cell_style")),
        group=spec.style(block.get("group_style")),
        pad=block.get("cell_padding") * MM,
        row_height=block.get("row_height") * MM,
        min_row_height=block.get("min_row_height") * MM,
        gap=(block.get("column_gap") or 0.0) * MM,
        max_columns=int(block.get("max_columns") or 1),
        max_width=(block.get("max_width") or 0.0) * MM,
        blank_text=block.get("blank") or "",
    )


def title_lines(ctx: Ctx, block: Block, x: float, y: float, w: float) -> tuple[list[Primitive], float]:
    """The table's title, and the height it takes: ``title_height``, or twice that for a title of two lines."""
    if not block.get("title"):
        return [], 0.0
    para = Para(ctx.fill(block.get("title")), ctx.style(block, "title_style", ""))
    frame = ctx.frame(block, "title", block.get("title"))
    h = block.get("title_height") * MM
    try:
        return flow_lines([para], x, y, w, h, frame, ctx.spec, ctx.fonts, "middle"), h
    except FitError:
        return flow_lines([para], x, y, w, 2 * h, frame, ctx.spec, ctx.fonts, "middle"), 2 * h


def layout_table(ctx: Ctx, block: Block) -> list[Primitive]:
    """The whole block: title, then the table fitted into what is left of the box."""
    x, y, w, h = (v * MM for v in block.box)
    out, title_h = title_lines(ctx, block, x, y, w)
    y, h = y + title_h, h - title_h
    table = shown(ctx.content.tables, block.get("header"), block.get("hand_rows", True))
    fitter = Fitter(table.text, table_style(ctx.spec, block), w, h, ctx.fonts)
    plan = fitter.plan()
    if plan is None:
        raise misfit_error(ctx, block, fitter, table)
    n = len(plan.columns)
    total_w = plan.col_w * n + fitter.style.gap * (n - 1)
    tallest = max(plan.column_height(c) for c in plan.columns) if plan.columns else plan.height(1)
    x0 = x + (w - total_w) / 2
    y0 = y + {"top": 0.0, "middle": (h - tallest) / 2, "bottom": h - tallest}[block.get("valign") or "top"]
    seen: set[int] = set()
    for k, column in enumerate(plan.columns):
        continued = {g for g, r in column if r == TITLE and g in seen}
        out += _grid(ctx, block, plan, table, column, continued, x0 + k * (plan.col_w + fitter.style.gap), y0)
        seen |= {g for g, _ in column}
    return out


CONTINUED = "（续）"  # after a unit's name atop a column its rows run on into


def _grid(ctx: Ctx, block: Block, plan: Plan, table: Shown, column, continued: set[int], x: float,
          y: float) -> list[Primitive]:
    """One column of the table: header, then its group titles and rows, ruled."""
    out: list[Primitive] = []
    rule, rule_w = ctx.color(block.get("rule_color")), block.get("rule_width") * MM
    pad = block.get("cell_padding") * MM
    head_style = ctx.style(block, "header_style", "")
    group_style = ctx.style(block, "group_style", "")
    w = plan.col_w
    blank = block.get("blank") or ""

    def cells(texts, cy: float, rh: float, style: TextStyle, frame: Frame, name_lines=None) -> None:
        cx = x
        for col, (text, cw) in enumerate(zip(texts, plan.widths)):
            if col == NAME and name_lines and len(name_lines) > 1:
                paras = [Para(t, style) for t in name_lines]
            else:
                paras = [Para(text or blank, style)] if (text or blank) else []
            if paras:
                out.extend(flow_lines(paras, cx + pad, cy, cw - 2 * pad, rh, frame, ctx.spec, ctx.fonts, "middle",
                                      plan.scale, remember=False))
            else:  # a line to write on by hand
                base = cy + rh / 2 + plan.line * 0.3
                out.append(Rule(cx + pad * 2, base, cx + cw - pad * 2, base, rule, rule_w))
            cx += cw

    header_h = plan.height(1)
    out.append(Fill(x, y, w, header_h, ctx.color(block.get("header_fill"))))
    cells(table.text.header, y, header_h, head_style, ctx.frame(block, "header"))
    tops = [y]
    cy = y + header_h
    spans = [False]  # which rows span the table (group titles): no column rules there
    for g, r in column:
        rh = plan.item_height((g, r))
        if r == TITLE:
            out.append(Fill(x, cy, w, rh, ctx.color(block.get("group_fill"))))
            title = table.text.groups[g][0] + (CONTINUED if g in continued else "")
            out += flow_lines([Para(title, group_style)], x + pad, cy, w - 2 * pad, rh,
                              ctx.frame(block, "group", data=("name", table.groups[g].name_source)),
                              ctx.spec, ctx.fonts, "middle", plan.scale, remember=False)
        else:
            frame = ctx.frame(block, "cell", data=("leaders", table.rows[g][r]))
            cells(table.text.groups[g][1][r], cy, rh, ctx.style(block, "cell_style", ""), frame,
                  plan.rows[g][r].name)
        tops.append(cy)
        spans.append(r == TITLE)
        cy += rh
    bottom = cy
    out.append(Rule(x, y, x + w, y, rule, rule_w))
    for top in tops[1:] + [bottom]:
        out.append(Rule(x, top, x + w, top, rule, rule_w))
    out.append(Rule(x, y, x, bottom, rule, rule_w))
    out.append(Rule(x + w, y, x + w, bottom, rule, rule_w))
    cx = x
    ends = tops[1:] + [bottom]
    for cw in plan.widths[:-1]:
        cx += cw
        for top, end, span in zip(tops, ends, spans):
            if not span:
                out.append(Rule(cx, top, cx, end, rule, rule_w))
    return out


# -- when nothing fits -------------------------------------------------------------------------------


class TableMisfit(FitError):
    """A leaders table that fits nowhere in its block; carries what it was, so the layouts that would
    take it can be named (:mod:`collateral.products.tabletakers`, above the layout loader)."""

    def __init__(self, problem: Problem, groups: tuple[TableGroup, ...], spec: LayoutSpec, level: Level) -> None:
        super().__init__(problem)
        self.groups, self.spec, self.level = groups, spec, level


def misfit_error(ctx: Ctx, block: Block, fitter: Fitter, table: Shown) -> TableMisfit:
    """The table fits nowhere in this block: name the leaders list or row to change."""
    why = fitter.misfit()
    frame = ctx.frame(block)
    if why.group is not None:
        source = table.rows[why.group][why.row] if why.row is not None else table.groups[why.group].source
        frame = replace(frame, data=("leaders", source))
    if why.row is not None:  # one value too wide for any column: a cell's text that does not fit
        problem = frame.problem(_("text does not fit frame '{name}.cell' of {name2}: {message}").format(
                                    name=block.name, name2=ctx.spec.name, message=why.message))
    else:
        problem = frame.problem(_("leaders table {name!r} of {name2}: {message}").format(
                                    name=block.name, name2=ctx.spec.name, message=why.message))
    return TableMisfit(problem, ctx.content.tables, ctx.spec, ctx.content.unit.level)
