"""The patches of ReportLab's private internals: installed once, on first use (see ``rlpatch``).

Importing ``collateral`` changes nothing in the process: :func:`install` runs
when a product is first made (``fonts.load_fonts``, ``render.render_pdf``).
Each patch checks ReportLab's own function on install, so any order works
(this is the usual one) and a failure names its real cause.
"""

from __future__ import annotations

from reportlab import rl_config

from collateral.rl import rlcache
from collateral.rl import subsettags
from collateral.rl import tounicode

_installed = False


def install() -> None:
    """Install every ReportLab patch (idempotent; the order does not matter, this is the usual one)."""
    global _installed
    if _installed:
        return
    tounicode.install()
    subsettags.install()
    rlcache.install()
    rl_config.useA85 = 0  # streams Flate only, not ASCII85 on top: smaller files, the bytes every test knows
    _installed = True
