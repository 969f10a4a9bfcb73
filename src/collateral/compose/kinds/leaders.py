"""``leaders_table`` and ``leaders_columns``: the leaders' public numbers, one group per unit.

The kinds hold the parameters; how a table fits is :mod:`collateral.compose.tablefit`
(columns from the measured text, wrapping, then less air, more columns and
smaller type), how it is drawn :mod:`collateral.compose.tabledraw`.
"""

from __future__ import annotations

from typing import Hashable, Iterable

from collateral.data.guide import Guide
from collateral.compose.kinds.base import VALIGN, Kind, literal
from collateral.compose.layout import Ctx
from collateral.spec.params import Param, TextStyle, color_ref, flag, number, strings, style_ref, template
from collateral.spec.primitives import Primitive
from collateral.spec.model import Block, LayoutSpec
from collateral.compose.tabledraw import layout_table
from collateral.i18n import _

COLUMNS = ("职务", "姓名", "公开号码")


class LeadersTable(Kind):
    """职务 / 姓名 / 公开号码, one group per unit; a missing value is a line to write on (or ``blank``'s text).

    Columns are sized from the measured text, long roles wrap within their
    row, and type shrinks only to the styles' ``min_size``.
    ``row_height`` is a one-line row as designed, ``min_row_height`` the
    least one may get.
    """

    params = {
        "title": Param(template),
        "title_height": Param(number(1), 10.0, length="y"),
        "title_style": Param(style_ref, "table_title"),
        "header": Param(strings, COLUMNS),
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
        "blank": Param(template, ""),  # what a missing name or number says; empty: a line to write on
        "hand_rows": Param(flag, True),  # rows with neither name nor number, to fill in by hand
    }

    def check(self, block: Block) -> Iterable[tuple[str, str]]:
        if len(block.get("header")) != len(COLUMNS):
            yield "header", _("the header needs {count} texts ({value}), got {count2}").format(
                                count=len(COLUMNS), value='/'.join(COLUMNS), count2=len(block.get('header')))
        if block.get("min_row_height") > block.get("row_height"):
            yield "min_row_height", _("min_row_height is larger than row_height")

    def static_text(self, spec: LayoutSpec, guide: Guide, block: Block) -> Iterable[tuple[str, TextStyle]]:
        yield "".join(block.get("header")), spec.style(block.get("header_style"))
        yield literal(block.get("title") or ""), spec.style(block.get("title_style"))
        yield literal(block.get("blank") or ""), spec.style(block.get("cell_style"))

    def inputs(self, ctx: Ctx, block: Block) -> Hashable | None:
        return ctx.content.tables, ctx.fill(block.get("title") or "")

    def layout(self, ctx: Ctx, block: Block) -> list[Primitive]:
        return layout_table(ctx, block)


class LeadersColumns(LeadersTable):
    """The leaders table in side-by-side columns, for the many units below a city or the province.

    Takes as few columns (up to ``max_columns``) as hold the rows at the
    designed size; a unit's group runs on into the next column (its name
    repeated) only when whole groups do not fit. With one column the table
    stands at its ``max_width``, centred; ``valign`` places it in the box.
    """

    params = {
        **LeadersTable.params,
        "max_columns": Param(number(1, 12), 3.0),
        "column_gap": Param(number(0), 8.0, length="x"),
        "max_width": Param(number(10), length="x"),
        "valign": Param(VALIGN, "top"),
    }
