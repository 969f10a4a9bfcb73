"""Imposition schemes: one module each, one registry line each (the manner of pdfimpose's ``schema/``).

In: a scheme's name, the number of reading pages, the printer's flip and
the creep. Out: a :class:`collateral.impose.sheetmap.SheetMap`, the paper, the words of
the instruction page. A new scheme is a module with a ``SCHEME`` and a line
in :data:`SCHEMES`.
"""

from __future__ import annotations

from collateral.impose.sheetmap import FLIPS, SheetMap
from collateral.impose.schemes import cutstack, saddle, single, trifold, twoup, zine
from collateral.impose.schemes.base import Scheme, SchemeError, reading_flip
from collateral.i18n import _

SCHEMES: dict[str, Scheme] = {s.name: s for s in (
    single.SCHEME,
    saddle.SCHEME,
    cutstack.SCHEME,
    zine.SCHEME,
    twoup.SCHEME,
    trifold.SCHEME,
)}

__all__ = ["FLIPS", "SCHEMES", "Scheme", "SchemeError", "get", "plan", "reading_flip"]


def get(name: str) -> Scheme:
    try:
        return SCHEMES[name]
    except KeyError:
        raise SchemeError(_("--imposition {name!r}: choose one of {value}").format(
                              name=name, value=', '.join(SCHEMES))) from None


def plan(name: str, pages: int, flip: str = "long", creep: float = 0.0) -> SheetMap:
    """The sheet map of scheme ``name`` for ``pages`` reading pages (cover first, back cover last)."""
    scheme = get(name)
    if flip not in FLIPS:
        raise SchemeError(_("--flip {flip!r}: choose long or short").format(flip=flip))
    scheme.check_pages(pages)
    return scheme.plan(pages, flip, creep)
