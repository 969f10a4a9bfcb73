"""A QR code as inline SVG: the verified matrix of :mod:`collateral.codes.qr`, one path of runs.

Drawn at a whole number of CSS pixels per module with crisp edges, so a screen
shows square modules a phone can read off the monitor, and the markup stays
small (one ``<path>``, no image file, no request).
"""

from __future__ import annotations

from collateral.codes.qr import QUIET, matrix
from collateral.web.markup import attrs

TARGET_PX = 168  # about the size of the province site's hover codes


def qr_svg(payload: str, label: str, class_: str = "cmw-qr") -> str:
    """``<svg>`` of ``payload``; ``label`` is its accessible name.

    Raises:
        QRError: the payload does not encode to a code that decodes back to it.
    """
    m = matrix(payload)
    n = m.modules_with_quiet
    px = max(3, round(TARGET_PX / n))
    d = "".join(f"M{c + QUIET} {r + QUIET}h{k}v1h-{k}z" for r, c, k in m.runs)
    return (f"<svg{attrs(class_=class_, viewBox=f'0 0 {n} {n}', width=n * px, height=n * px, role='img', aria_label=label)}"
            f' shape-rendering="crispEdges"><rect width="{n}" height="{n}" fill="#fff"/>'
            f'<path fill="#000" d="{d}"/></svg>')
