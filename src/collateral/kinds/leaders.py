"""``leaders_table`` and ``leaders_columns``: the leaders' public numbers, one group per unit.

The shared helpers (:func:`table_rows`, :func:`split_columns`) are here too:
how rows group and how groups share columns is one question.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Hashable, Iterable

from collateral.content import TableGroup
from collateral.errors import FitError
from collateral.guide import Guide
from collateral.kinds.base import VALIGN, Kind, box_pt, literal
from collateral.layout import Ctx, Frame, Para, flow_lines
from collateral.params import MM, Param, TextStyle, color_ref, number, numbers, strings, style_ref, template
from collateral.primitives import Fill, Primitive, Rule
from collateral.specmodel import Block, LayoutSpec


COLUMNS = ("职务", "姓名", "公开号码")


class LeadersTable(Kind):
    """职务 / 姓名 / 公开号码, one group per unit; a missing value is a line to write on."""

    params = {
        "title": Param(template),
        "title_height": Param(number(1), 10.0, length="y"),
        "title_style": Param(style_ref, "table_title"),
        "header": Param(strings, COLUMNS),
        "columns": Param(numbers(0), (0.4, 0.25, 0.35)),
        "row_height": Param(number(1), 10.0, length="y"),
        "min_row_height": Param(number(1), 6.0, length="y"),
        "rule_color": Param(color_ref, "rule"),
        "rule_width": Param(number(0), 0.25, length="size"),
        "cell_padding": Param(number(0), 2.0, length="size"),
        "header_style": Param(style_ref, "table_header"),
        "cell_style": Param(style_ref, "table_cell"),
        "group_style": Param(style_ref, "table_group"),
        "header_fill": Param(color_ref, "tint"),
        "group_fill": Param(color_ref, "paper"),
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        if len(block.get("header")) != len(COLUMNS):
            yield "header", f"the header needs {len(COLUMNS)} texts ({'/'.join(COLUMNS)}), got {len(block.get('header'))}"
        if len(block.get("columns")) != len(COLUMNS):
            yield "columns", f"columns needs {len(COLUMNS)} widths ({'/'.join(COLUMNS)}), got {len(block.get('columns'))}"
        if block.get("min_row_height") > block.get("row_height"):
            yield "min_row_height", "min_row_height is larger than row_height"

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        yield "".join(block.get("header")), spec.style(block.get("header_style"))
        yield literal(block.get("title") or ""), spec.style(block.get("title_style"))

    def _overflow(self, ctx: Ctx, block: Block, groups: tuple[TableGroup, ...], capacity: int, need: float,
                  have: float) -> FitError:
        """Name the leaders list that pushed the table over: the one a clerk would shorten."""
        rows = 1  # the header
        culprit = groups[-1] if groups else None
        for g in groups:
            rows += len(g.rows) + (1 if len(groups) > 1 else 0)
            if rows > capacity:
                culprit = g
                break
        frame = ctx.frame(block)
        if culprit is not None:
            frame = replace(frame, data=("leaders", culprit.source))
        n = sum(len(g.rows) for g in groups)
        return FitError(frame.problem(
            f"leaders table {block.name!r} of {ctx.spec.name}: {n} leader rows"
            f"{f' ({len(culprit.rows)} of {culprit.title})' if culprit is not None and len(groups) > 1 else ''} "
            f"need {need / MM:.1f} mm, the frame has {have / MM:.1f} mm ({(need - have) / MM:.1f} mm over); "
            f"at most {capacity - 1} rows fit"))

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.tables, ctx.fill(block.get("title") or "")

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        out, y, h = self._title(ctx, block, x, y, w, h)
        groups = ctx.content.tables
        rows = table_rows(groups)
        n = len(rows) + 1
        min_row = block.get("min_row_height") * MM
        row_h = min(block.get("row_height") * MM, h / max(n, 1))
        if row_h < min_row - 1e-6:
            raise self._overflow(ctx, block, groups, int((h + 1e-6) // min_row), n * min_row, h)
        return out + self._grid(ctx, block, x, y, w, rows, row_h)

    def _title(self, ctx: Ctx, block: Block, x: float, y: float, w: float,
               h: float) -> tuple[list[Primitive], float, float]:
        """The table's title line, and the top and height left for the rows."""
        if not block.get("title"):
            return [], y, h
        title_h = block.get("title_height") * MM
        return flow_lines([Para(ctx.fill(block.get("title")), ctx.style(block, "title_style", ""))],
                          x, y, w, title_h, ctx.frame(block, "title", block.get("title")), ctx.spec, ctx.fonts,
                          "middle"), y + title_h, h - title_h

    def _grid(self, ctx: Ctx, block: Block, x: float, y: float, w: float, rows: list[tuple[str, object]],
              row_h: float) -> list[Primitive]:
        """A header row and ``rows`` (group titles spanning the table, leader rows), ruled."""
        out: list[Primitive] = []
        n = len(rows) + 1
        header = block.get("header")
        cols = block.get("columns")
        widths = [c / sum(cols) * w for c in cols]
        rule = ctx.color(block.get("rule_color"))
        rule_w = block.get("rule_width") * MM
        pad = block.get("cell_padding") * MM
        head_style = ctx.style(block, "header_style", "")
        cell_style = ctx.style(block, "cell_style", "")
        group_style = ctx.style(block, "group_style", "")
        out.append(Fill(x, y, w, row_h, ctx.color(block.get("header_fill"))))

        def cells(texts: Iterable[str], cy: float, style: TextStyle, frame: Frame) -> None:
            cx = x
            for text, cw in zip(texts, widths):
                if text:
                    out.extend(flow_lines([Para(text, style)], cx + pad, cy, cw - 2 * pad, row_h, frame,
                                          ctx.spec, ctx.fonts, "middle"))
                else:  # blank to fill in by hand
                    base = cy + row_h * 0.72
                    out.append(Rule(cx + pad * 2, base, cx + cw - pad * 2, base, rule, rule_w))
                cx += cw

        cells(header, y, head_style, ctx.frame(block, "header"))
        cy = y + row_h
        for kind, row in rows:
            if kind == "group":
                out.append(Fill(x, cy, w, row_h, ctx.color(block.get("group_fill"))))
                out += flow_lines([Para(row.title, group_style)], x + pad, cy, w - 2 * pad, row_h,
                                  ctx.frame(block, "group", data=("name", row.name_source)),
                                  ctx.spec, ctx.fonts, "middle")
            else:
                frame = ctx.frame(block, "cell", data=("leaders", row.source))
                cells((row.role, row.name, row.phone), cy, cell_style, frame)
            cy += row_h
        # grid: outer frame and row rules; column rules skip group rows, which span the table
        out.append(Rule(x, y, x + w, y, rule, rule_w))
        for i in range(1, n + 1):
            out.append(Rule(x, y + i * row_h, x + w, y + i * row_h, rule, rule_w))
        out.append(Rule(x, y, x, y + n * row_h, rule, rule_w))
        out.append(Rule(x + w, y, x + w, y + n * row_h, rule, rule_w))
        kinds = ["header"] + [kind for kind, _ in rows]
        cx = x
        for cw in widths[:-1]:
            cx += cw
            for i, kind in enumerate(kinds):
                if kind != "group":
                    out.append(Rule(cx, y + i * row_h, cx, y + (i + 1) * row_h, rule, rule_w))
        return out


def table_rows(groups: tuple[TableGroup, ...], titled: bool | None = None) -> list[tuple[str, object]]:
    """A group's title row (when the table has several groups), then its leaders' rows."""
    rows: list[tuple[str, object]] = []
    for g in groups:
        if len(groups) > 1 if titled is None else titled:
            rows.append(("group", g))
        rows += [("row", r) for r in g.rows]
    return rows


def split_columns(sizes: list[int], columns: int) -> list[list[int]] | None:
    """Consecutive groups (by row count) into at most ``columns`` columns, the longest column as short as can be.

    A group is never split, so a reader finds a unit's leaders together.
    Returns the group indices of each column, or None if ``columns`` < 1.
    """
    if columns < 1 or not sizes:
        return None if columns < 1 else []
    target = max(max(sizes), -(-sum(sizes) // columns))
    while True:
        cols: list[list[int]] = [[]]
        used = 0
        for i, n in enumerate(sizes):
            if used + n > target and cols[-1]:
                cols.append([])
                used = 0
            cols[-1].append(i)
            used += n
        if len(cols) <= columns:
            return cols
        target += 1


class LeadersColumns(LeadersTable):
    """The leaders table in side-by-side columns, for the many units below a city or the province.

    Takes as few columns (up to ``max_columns``) as let the rows stand at
    ``row_height``; with all columns in use, rows shrink down to
    ``min_row_height``, and beyond that the table fails, naming the group it
    could not take. Each column repeats the header; no unit's group is split.
    With one group (a county, a township) the table stands alone at its
    ``max_width``, centred.
    """

    params = {
        **LeadersTable.params,
        "max_columns": Param(number(1, 12), 3.0),
        "column_gap": Param(number(0), 8.0, length="x"),
        "max_width": Param(number(10), length="x"),
        "valign": Param(VALIGN, "top"),
    }

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        x, y, w, h = box_pt(block)
        out, y, h = self._title(ctx, block, x, y, w, h)
        groups = ctx.content.tables
        sizes = [len(g.rows) + (1 if len(groups) > 1 else 0) for g in groups]
        gap = block.get("column_gap") * MM
        pref, min_row = block.get("row_height") * MM, block.get("min_row_height") * MM
        most = int(block.get("max_columns"))
        plan: list[list[int]] = []
        for c in range(1, most + 1):
            plan = split_columns(sizes, c) or []
            if (max((sum(sizes[i] for i in col) for col in plan), default=0) + 1) * pref <= h + 1e-6:
                break
        rows_per = max((sum(sizes[i] for i in col) for col in plan), default=0) + 1
        row_h = min(pref, h / rows_per)
        if row_h < min_row - 1e-6:
            raise self._columns_overflow(ctx, block, groups, sizes, most, int((h + 1e-6) // min_row), h)
        n = len(plan)
        col_w = (w - gap * (n - 1)) / max(n, 1)
        if block.get("max_width") and n == 1:
            col_w = min(col_w, block.get("max_width") * MM)
        x0 = x + (w - (col_w * n + gap * (n - 1))) / 2
        y0 = y + {"top": 0.0, "middle": (h - rows_per * row_h) / 2, "bottom": h - rows_per * row_h}[block.get("valign")]
        for k, col in enumerate(plan):
            rows = table_rows(tuple(groups[i] for i in col), titled=len(groups) > 1)
            out += self._grid(ctx, block, x0 + k * (col_w + gap), y0, col_w, rows, row_h)
        return out

    def _columns_overflow(self, ctx: Ctx, block: Block, groups: tuple[TableGroup, ...], sizes: list[int],
                          columns: int, capacity: int, have: float) -> FitError:
        """Name the group that no longer fits: the leaders list a clerk would shorten."""
        rows_fit = capacity - 1  # under each column's header
        cols, used, culprit = 1, 0, groups[-1]
        for g, n in zip(groups, sizes):
            if used + n > rows_fit:
                cols, used = cols + 1, 0
            used += n
            if cols > columns or n > rows_fit:
                culprit = g
                break
        frame = replace(ctx.frame(block), data=("leaders", culprit.source))
        total = sum(len(g.rows) for g in groups)
        return FitError(frame.problem(
            f"leaders table {block.name!r} of {ctx.spec.name}: {total} leader rows of {len(groups)} units do not fit "
            f"{columns} column(s) of {rows_fit} rows at the minimum row height "
            f"{block.get('min_row_height'):g} mm ({have / MM:.0f} mm high); the table runs over at {culprit.title}"))
