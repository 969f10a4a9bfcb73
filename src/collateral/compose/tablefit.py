"""How a leaders table fits its frame: column widths from the measured text, wrapping, then smaller type.

In: the table's texts (header, groups of rows of 职务 / 姓名 / 公开号码),
its styles and the frame. Out: a :class:`Plan` (type scale, column widths,
which groups stand in which column, each row's line count, the air between
rows) or the reason nothing fits. No drawing: the leaders kinds draw a plan.

The order of preference, so a table looks as designed wherever it can:

1. the designed type size and row height, in as few side-by-side columns as
   the frame needs (up to ``max_columns``);
2. the designed type size with less air between rows;
3. smaller type, down to the styles' ``min_size`` (on boards and screens the
   reading rule, see :mod:`collateral.spec.reading`), never below.

At every size the columns are sized from the text as set: the number
column as wide as the longest number (numbers never break), the name
column as the longest name (a middle-dot name breaks at its dot when it must),
and the role column takes the rest, so a long role (副区长（分管信访）)
wraps within its row before any type shrinks.
"""

from __future__ import annotations

import math
from functools import lru_cache

from collateral.typeset.fonts import FontSet
from collateral.compose.layout import pstyle
from collateral.spec.params import MM, TextStyle
from collateral.compose.tableplan import TITLE, Item, Misfit, Plan, Row, TableStyle, TableText, fill_columns, partition
from collateral.typeset.paragraphs import Overflow, set_paragraph
from collateral.i18n import _

ROLE, NAME, PHONE = range(3)  # the columns
BLANK_EM = (3.0, 4.0, 7.0)  # width of a cell left blank to write in by hand: a name, a number in handwriting
ROLE_MIN_EM = 5.0  # a role column narrower than this breaks roles into fragments
AIR_FLOOR_EM = 0.08  # the least air between a row's text and its rules, in em of the cell type
MIDDLE_DOT = "·"
MM_PT = MM
SLACK = 0.3  # pt: a measured line and the same line set at a size rounded to 0.001 pt may differ by a hair


def natural(text: str, style: TextStyle, scale: float, fonts: FontSet) -> float:
    """The width of ``text`` on one line (pt), with a hair to spare for sizes rounded when set.

    Widths grow with the size, so each text is measured once per style.
    """
    return scale * _natural(text, style, fonts) + SLACK if text else 0.0


@lru_cache(maxsize=65536)
def _natural(text: str, style: TextStyle, fonts: FontSet) -> float:
    if not text:
        return 0.0
    return max(line.width for line in set_paragraph(text, pstyle(style), 1e6, fonts).lines)


@lru_cache(maxsize=65536)
def line_count(text: str, style: TextStyle, scale: float, width: float, fonts: FontSet) -> int | None:
    """Lines ``text`` takes at ``width`` (pt); None if a piece of it is wider than that."""
    try:
        return len(set_paragraph(text, pstyle(style, scale), width, fonts).lines)
    except Overflow:
        return None


def name_lines(name: str, style: TextStyle, scale: float, width: float, fonts: FontSet) -> tuple[str, ...] | None:
    """A name as set in its column: whole, or broken after its middle dot (阿依古丽· / 吐尔逊); None if neither fits."""
    if natural(name, style, scale, fonts) <= width + 1e-6:
        return (name,)
    if MIDDLE_DOT in name:
        head, tail = name.split(MIDDLE_DOT, 1)
        parts = (head + MIDDLE_DOT, tail)
        if all(natural(p, style, scale, fonts) <= width + 1e-6 for p in parts):
            return parts
    return None


class Fitter:
    """Plans one table in one frame; every measurement at one scale is made once."""

    def __init__(self, text: TableText, style: TableStyle, width: float, height: float, fonts: FontSet) -> None:
        self.text, self.style, self.width, self.height, self.fonts = text, style, width, height, fonts
        self.lo = max(s.smallest / s.size for s in (style.head, style.cell, style.group))
        self._widths: dict[float, tuple[list[float], list[float]]] = {}  # by scale: see _natural_widths

    # -- measuring --------------------------------------------------------------------------------------

    def _natural_widths(self, scale: float) -> tuple[list[float], list[float]]:
        """Per column: the widest text on one line, and the least the column may be (pt, without padding).

        Measured once per scale: every column count and air tried at a scale asks again.
        """
        known = self._widths.get(scale)
        if known is None:
            known = self._widths[scale] = self._measure(scale)
        return known

    def _measure(self, scale: float) -> tuple[list[float], list[float]]:
        st, fonts = self.style, self.fonts
        em = st.cell.size * scale
        widest = [natural(h, st.head, scale, fonts) for h in self.text.header]
        least = list(widest)
        for _head, rows in self.text.groups:
            for row in rows:
                for col, value in enumerate(row):
                    w = natural(value or st.blank_text, st.cell, scale, fonts) if (value or st.blank_text) \
                        else BLANK_EM[col] * em
                    widest[col] = max(widest[col], w)
                    if col == NAME and MIDDLE_DOT in value:
                        head, tail = value.split(MIDDLE_DOT, 1)
                        w = max(natural(head + MIDDLE_DOT, st.cell, scale, fonts), natural(tail, st.cell, scale, fonts))
                    if col != ROLE:
                        least[col] = max(least[col], w)
        least[ROLE] = max(least[ROLE], min(widest[ROLE], ROLE_MIN_EM * em))
        return widest, least

    def _set(self, scale: float, col_w: float) -> tuple[tuple[float, float, float], tuple[tuple[Row, ...], ...]] | None:
        """Column widths (with padding) for a table column ``col_w`` wide, and the rows set in them; or None.

        With room to spare, the spare is shared in proportion to the text, so
        the table keeps its look. Without, the number column keeps its width
        and the name column takes the width (its widest name, its longest
        unbreakable piece, or what leaves roles unbroken) that leaves the
        fewest lines in all: a long role wraps, a middle-dot name breaks at its dot.
        """
        widest, least = self._natural_widths(scale)
        pad2 = 2 * self.style.pad
        inner = col_w - 3 * pad2
        if sum(widest) <= inner:
            spare, total = inner - sum(widest), sum(widest) or 1.0
            widths = tuple(w + spare * w / total + pad2 for w in widest)
            rows = self._rows(scale, widths)  # type: ignore[arg-type]
            return (widths, rows) if rows is not None else None  # type: ignore[return-value]
        phone = widest[PHONE]
        best = None
        for name in sorted({widest[NAME], least[NAME], inner - phone - widest[ROLE]}, reverse=True):
            role = inner - phone - name
            if name < least[NAME] - 1e-6 or role < least[ROLE] - 1e-6:
                continue
            widths = (role + pad2, name + pad2, phone + pad2)
            rows = self._rows(scale, widths)
            if rows is not None:
                lines = sum(r.lines for g in rows for r in g)
                if best is None or lines < best[0]:
                    best = (lines, widths, rows)
        return (best[1], best[2]) if best is not None else None

    def _rows(self, scale: float, widths: tuple[float, float, float]) -> tuple[tuple[Row, ...], ...] | None:
        st, fonts = self.style, self.fonts
        role_w, name_w = (w - 2 * st.pad for w in widths[:2])
        out = []
        for _head, rows in self.text.groups:
            set_rows = []
            for role, name, _phone in rows:
                n_role = line_count(role, st.cell, scale, round(role_w, 2), fonts) if role else 1
                parts = name_lines(name, st.cell, scale, name_w, fonts) if name else (name,)
                if n_role is None or parts is None:
                    return None
                set_rows.append(Row(max(n_role, len(parts)), parts))
            out.append(tuple(set_rows))
        return tuple(out)

    # -- planning ---------------------------------------------------------------------------------------

    def _line(self, scale: float) -> float:
        cell = self.style.cell
        return cell.size * scale * cell.leading

    def _air(self, scale: float, least: bool) -> float:
        """Air added to a row's lines: as designed, or the least the layout allows."""
        line = self._line(scale)
        floor = max(self.style.min_row_height - line, AIR_FLOOR_EM * self.style.cell.size * scale)
        designed = self.style.row_height - self._line(1.0)
        return floor if least else max(floor, designed)

    def _col_w(self, n: int) -> float:
        col_w = (self.width - self.style.gap * (n - 1)) / n
        if n == 1 and self.style.max_width:
            col_w = min(col_w, self.style.max_width)
        return col_w

    def _items(self, g: int) -> list[Item]:
        return ([(g, TITLE)] if self.text.titled else []) + [(g, r) for r in range(len(self.text.groups[g][1]))]

    def _whole(self, plan: Plan, n: int) -> tuple[tuple[Item, ...], ...]:
        """Groups kept whole, the tallest column as short as can be."""
        sizes = [sum(plan.item_height(i) for i in self._items(g)) for g in range(len(plan.rows))]
        return tuple(tuple(i for g in col for i in self._items(g)) for col in partition(sizes, n))

    def _split(self, plan: Plan, n: int) -> tuple[tuple[Item, ...], ...] | None:
        """Groups that may run on into the next column under their title repeated; None if n columns do not hold it."""
        items = [i for g in range(len(plan.rows)) for i in self._items(g)]
        total = plan.column_height(tuple(items))
        lo, hi = total / n, self.height
        best = None
        for _attempt in range(20):  # the shortest column height at which the rows go into n columns
            target = (lo + hi) / 2 if best is not None else hi
            cols = fill_columns(plan, items, target, self.text.titled)
            if cols is not None and len(cols) <= n:
                best, hi = cols, target
            elif best is None:
                return None
            else:
                lo = target
            if hi - lo < plan.line / 4:
                break
        return best

    def attempt(self, scale: float, n: int, least_air: bool) -> Plan | None:
        """The plan at this type scale in ``n`` columns, if it fits the frame."""
        col_w = self._col_w(n)
        fitted = self._set(scale, col_w)
        if fitted is None:
            return None
        widths, rows = fitted
        plan = Plan(scale, col_w, widths, (), rows, self._line(scale), self._air(scale, least_air))
        columns = self._whole(plan, n)
        if max(plan.column_height(col) for col in columns) > self.height + 1e-6:
            split = self._split(plan, n) if least_air else None
            if split is None:
                return None
            columns = split
        if least_air:  # spare height goes back between the rows, up to the designed air
            tallest = max(columns, key=plan.column_height)
            spare = (self.height - plan.column_height(tallest)) / (len(tallest) + 1)
            plan = Plan(scale, col_w, widths, columns, rows, plan.line, min(plan.air + spare, self._air(scale, False)))
        return Plan(scale, col_w, widths, columns, rows, plan.line, plan.air)

    def _best_at(self, scale: float, least_air: bool) -> Plan | None:
        for n in range(1, self.style.max_columns + 1):
            plan = self.attempt(scale, n, least_air)
            if plan is not None:
                return plan
        return None

    def plan(self) -> Plan | None:
        """The largest type that fits, in the order of preference of the module docstring; None if none does."""
        for least_air in (False, True):
            plan = self._best_at(1.0, least_air)
            if plan is not None:
                return plan
        steps = [s / 100 for s in range(math.ceil(self.lo * 100 - 1e-9), 100)]
        if not steps or steps[0] > self.lo + 1e-9:
            steps.insert(0, self.lo)
        best, a, b = None, 0, len(steps) - 1
        while a <= b:  # the fit is monotone in the scale: binary search over whole percents
            mid = (a + b) // 2
            plan = self._best_at(steps[mid], True)
            if plan is not None:
                best, a = plan, mid + 1
            else:
                b = mid - 1
        return best

    def misfit(self) -> Misfit:
        """Why the smallest type does not fit, naming the group or row to blame (call when :meth:`plan` fails)."""
        scale = self.lo
        for n in range(self.style.max_columns, 0, -1):  # the most columns whose width takes the text
            col_w = self._col_w(n)
            fitted = self._set(scale, col_w)
            if fitted is not None:
                break
        else:
            return self._too_wide(scale, self._col_w(1))
        widths, rows = fitted
        plan = Plan(scale, col_w, widths, (), rows, self._line(scale), self._air(scale, True))
        items = [i for g in range(len(rows)) for i in self._items(g)]
        cols = fill_columns(plan, items, self.height, self.text.titled) or [[]]
        culprit = next((c[0][0] for c in cols[n:] if c), len(rows) - 1)
        need = plan.column_height(tuple(items)) + (n - 1) * plan.height(1)
        per = _(" per column in {n} columns").format(n=n) if n > 1 else ""
        return Misfit(_("{value} leader rows of {count} unit(s) need {value2:.0f} mm{per} at {value3:.1f} pt, "
                         "the frame has {value4:.0f} mm; the table runs over at {groups}").format(
                          value=sum(len(r) for r in rows), count=len(rows), value2=need / n / MM_PT, per=per, value3=self.style.cell.size * scale, value4=self.height / MM_PT, groups=self.text.groups[culprit][0]), group=culprit)

    def _too_wide(self, scale: float, col_w: float) -> Misfit:
        """The value that makes even one column too narrow: a name, a number or a role, in that order."""
        st, fonts = self.style, self.fonts
        widest, least = self._natural_widths(scale)
        inner = col_w - 6 * st.pad
        header = [natural(h, st.head, scale, fonts) for h in self.text.header]
        room = {NAME: inner - widest[PHONE] - least[ROLE], PHONE: inner - header[NAME] - least[ROLE],
                ROLE: inner - widest[PHONE] - least[NAME]}
        at = _("at {value:.1f} pt in a {value2:.0f} mm table").format(
                 value=st.cell.size * scale, value2=col_w / MM_PT)
        found: dict[int, tuple[int, int, str]] = {}
        for g, (_head, rows) in enumerate(self.text.groups):
            for r, (role, name, phone) in enumerate(rows):
                if name and name_lines(name, st.cell, scale, room[NAME], fonts) is None:
                    width = natural(name, st.cell, scale, fonts) / MM_PT
                    found.setdefault(NAME, (g, r, _("姓名 {value} is {width:.0f} mm wide {at}").format(
                                                      value=_short(name), width=width, at=at)))
                if phone and natural(phone, st.cell, scale, fonts) > room[PHONE] + 1e-6:
                    found.setdefault(PHONE, (g, r, _("公开号码 {phone!r} leaves too little room for 职务 and 姓名 {at}").format(
                                                       phone=phone, at=at)))
                if role and (room[ROLE] <= 0 or line_count(role, st.cell, scale, round(room[ROLE], 2), fonts) is None):
                    found.setdefault(ROLE, (g, r, _("职务 {value} has a piece too wide for its column {at}").format(
                                                      value=_short(role), at=at)))
        for col in (NAME, PHONE, ROLE):
            if col in found:
                g, r, message = found[col]
                return Misfit(message, group=g, row=r)
        need = least[ROLE] + least[NAME] + widest[PHONE] + 6 * st.pad
        return Misfit(f"{'/'.join(self.text.header)} need {need / MM_PT:.0f} mm {at}")


def _short(value: str, limit: int = 16) -> str:
    return repr(value) if len(value) <= limit else f"{value[:limit]!r}…（{len(value)} 字）"
