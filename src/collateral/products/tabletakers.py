"""Which layouts would take a leaders table that does not fit: the other sizes of the same product.

A table that fits nowhere fails in its kind (:class:`tabledraw.TableMisfit`),
below the layout loader; the message is completed here, above it, with the
layouts of the same product made for the unit's level whose table takes the
same leaders: a county office reads "board-900x1200 takes it" and knows
what to order instead.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from collateral.compose.content import TableGroup
from collateral.errors import CollateralError, Problem
from collateral.typeset.fonts import FontSet
from collateral.data.model import Level
from collateral.spec.params import MM
from collateral.products.specload import all_layouts
from collateral.compose.tabledraw import TableMisfit, shown, table_style
from collateral.compose.tablefit import Fitter
from collateral.i18n import _


FAMILIES = (("leaflet", "booklet"), ("board",), ("screen",))  # what can stand in for what: paper in hand, the wall


def _family(product: str) -> tuple[str, ...]:
    return next((f for f in FAMILIES if product in f), (product,))


@lru_cache(maxsize=256)
def takers(own: str, product: str, level: Level, groups: tuple[TableGroup, ...], fonts: FontSet) -> tuple[str, ...]:
    """Layouts of ``product``'s family but ``own``, made for ``level``, whose leaders table takes ``groups``.

    The same product first (another board size for a board), then the rest
    of its family (a booklet for a leaflet).
    """
    out = []
    family = _family(product)
    specs = sorted(all_layouts()[0], key=lambda s: (s.product != product, s.name))
    for spec in specs:
        if spec.name == own or spec.product not in family or level not in spec.made_for:
            continue
        for block in spec.blocks():
            if not block.kind.startswith("leaders"):
                continue
            _x, _y, w, h = (v * MM for v in block.box)
            h -= block.get("title_height") * MM if block.get("title") else 0.0
            table = shown(groups, block.get("header"), block.get("hand_rows", True))
            if Fitter(table.text, table_style(spec, block), w, h, fonts).plan() is not None:
                out.append(spec.name)
                break
    return tuple(out)


def explained(err: CollateralError, fonts: FontSet) -> list[Problem]:
    """The error's problems; a table that fits nowhere also says which layouts would take it."""
    if not isinstance(err, TableMisfit):
        return err.problems
    others = takers(err.spec.name, err.spec.product, err.level, err.groups, fonts)
    where = (f"; {', '.join(others[:4])} take{'s' if len(others) == 1 else ''} it" if others
             else _("; no {value} layout takes it: shorten the list or its longest values").format(
                      value='/'.join(_family(err.spec.product))))
    out = []
    for p in err.problems:
        head, sep, frame = p.message.partition(" (frame ")
        out.append(replace(p, message=f"{head}{where}{sep}{frame}"))
    return out
