"""What a piece is made from, as one fingerprint; and the edition code printed on it.

Inspectors compare photos of boards and leaflets with the data (图像核对);
the provincial batch rebuilds only what changed. Both need one answer to
"which data made this piece": a hash of everything printed on it (the
unit's resolved values, the guide, the layout, the fonts, the program
version, the edition month and the output options), and nothing that is
not (where in a file a value sits, today's date). The printed code is the
edition month and 8 characters of that hash: ``202611-3fa9c2d1`` (a hyphen, so the typesetter keeps it on one line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

from collateral import __version__
from collateral.fonts import FontSet
from collateral.guide import Guide
from collateral.resolve import Resolved
from collateral.specmodel import LayoutSpec


@lru_cache(maxsize=8)
def _fonts_key(fonts: FontSet) -> str:
    faces = [f for f in (fonts.regular, fonts.bold, fonts.fallback, fonts.fallback_bold) if f is not None]
    return ";".join(f"{f.path.name}:{f.path.stat().st_size}" for f in faces)


@lru_cache(maxsize=64)
def _static_key(spec: LayoutSpec, guide: Guide, fonts: FontSet) -> bytes:
    """The part that is the same for every piece of a product: hashed once per process."""
    return hashlib.sha256(f"{__version__}\n{spec!r}\n{guide!r}\n{_fonts_key(fonts)}".encode()).digest()


def printed_values(resolved: Resolved) -> str:
    """The unit's values as they print: no file positions, so moving a line elsewhere changes nothing."""
    channels = sorted((k, c.label, c.how, c.account, c.qr, c.qr_image, c.number, c.holder, c.format, c.placeholder)
                      for k, c in resolved.channels.items())
    tables = [(t.unit.code, t.unit.name, [(l.role, l.name, l.phone) for l in t.leaders]) for t in resolved.tables]
    return repr((resolved.unit.code, resolved.unit.name, resolved.place, resolved.office, channels, tables))


def fingerprint(spec: LayoutSpec, guide: Guide, fonts: FontSet, resolved: Resolved, date: dt.date,
                options: str = "") -> str:
    h = hashlib.sha256(_static_key(spec, guide, fonts))
    h.update(f"\n{printed_values(resolved)}\n{date:%Y-%m}\n{options}".encode())
    return h.hexdigest()


def code(date: dt.date, print_: str) -> str:
    """The edition code on the piece and in the manifest."""
    return f"{date:%Y%m}-{print_[:8]}"
