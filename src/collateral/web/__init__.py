"""The website kit (附件一): channels snippet, 手机信访流程 graphic, reception-hall map.
May import spec, codes, data, typeset and below; never compose or anything above.

What goes in: the dataset and one unit (the province, a city or a county).
What comes out: a few text files (HTML snippets, SVG, ``kit.js``/``kit.css``, a
README) that a city's web team pastes into its site; nothing inline, so a
strict Content-Security-Policy needs no exception; nothing else is fetched, no framework.

Stages, one module each, read top to bottom:
``view`` (what the kit shows, as plain data, from the same resolved data the
leaflets print) → ``geo`` (region outlines from ``data/web/``) →
``markup`` (escaping; every string goes through it) → ``qrsvg``,
``channels``, ``flow``, ``hallmap`` (one piece each, strings in, markup out) →
``kit`` (the pieces together, the demo page, atomic files).
"""

from collateral.web.kit import Kit, make_kit, write_kit

__all__ = ["Kit", "make_kit", "write_kit"]
