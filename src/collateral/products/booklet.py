"""Pocket booklets (口袋书): which layout a size is, and which scheme an office printer takes.

Reading pages are composed from a booklet layout like every product, and
imposed by :func:`collateral.products.make.make` with a scheme of
:mod:`collateral.impose.schemes`: cut-and-stack for A6 on A4, saddle for the
others, the one-sheet zine (its own eight-page A7 layout). A print shop gets
reading pages with bleed, padded with blanks to a multiple of four.
"""

from __future__ import annotations

SIZES = {"a6": "booklet-a6", "a7": "booklet-a7", "a5": "booklet-a5"}
ZINE = "booklet-zine"
SCHEMES = ("none", "saddle", "cutstack", "zine")


def layout_for(size: str, imposition: str) -> str:
    """The zine has its own eight-page A7 layout; other schemes impose the booklet of the chosen size."""
    return ZINE if imposition == "zine" else SIZES[size]


def default_imposition(size: str, press: bool) -> str:
    """What fits the paper: a print shop takes reading pages; an office A4 printer, A6 as cut-and-stack."""
    if press:
        return "none"
    return "cutstack" if size == "a6" else "saddle"
