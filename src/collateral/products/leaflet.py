"""Leaflet formats for every printer: which layout a format is, and how an office printer takes it.

The formats are layouts in ``layouts/`` (``extends:`` the A4 leaflet), not
code: A4 both sides, the tri-fold (A4 landscape, folded in three), A5 and
one-sided A4. What differs in print is the scheme an office file goes
through (:mod:`collateral.impose.schemes`): the A5 leaflet two-up on A4, so a
township office prints half as many sheets and cuts once; the tri-fold
with its instruction page and short-edge duplex. A print shop takes every
format as single pages with bleed.
"""

from __future__ import annotations

FORMATS = {"a4": "leaflet-a4", "trifold": "leaflet-trifold", "a5": "leaflet-a5", "a4-single": "leaflet-a4-single"}
OFFICE_SCHEME = {"a5": "twoup", "trifold": "trifold"}  # formats an office printer gets imposed or folded, and how
SCHEMES = {"a4": ("none",), "a4-single": ("none",), "a5": ("none", "twoup"), "trifold": ("none", "trifold")}


def default_imposition(fmt: str, press: bool) -> str:
    """A print shop takes single pages (the two-up, with each cell's bleed, on request); an office printer, the format's scheme."""
    return "none" if press else OFFICE_SCHEME.get(fmt, "none")
