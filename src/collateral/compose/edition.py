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
import struct
from functools import lru_cache
from pathlib import Path

import PIL
import reportlab

from collateral import __version__
from collateral.errors import QRError
from collateral.typeset.fonts import FontSet
from collateral.data.guide import Guide
from collateral.data.model import Channel
from collateral.codes.qr import payload_from_image
from collateral.data.resolve import Resolved
from collateral.spec.model import LayoutSpec


@lru_cache(maxsize=1)
def _libraries_key() -> str:
    """The versions of the libraries that shape a piece's bytes: ReportLab draws, qrcode makes the matrices.

    Read from the modules themselves and qrcode's distribution folder:
    ``importlib.metadata`` alone costs ~80 ms of a cold start.
    """
    import importlib.util

    spec = importlib.util.find_spec("qrcode")  # where it is, without importing it (a tenth of a cold start)
    site = Path(spec.origin).parent.parent if spec and spec.origin else None
    qr_dist = sorted(p.name for p in site.glob("qrcode-*.dist-info")) if site else []
    return f"reportlab={reportlab.Version},qrcode={'/'.join(qr_dist) or '-'},pillow={PIL.__version__}"


def _font_checksum(path: Path) -> str:
    """The font's own whole-file checksum (``head.checkSumAdjustment``): a changed font, without reading 10 MB."""
    with path.open("rb") as fh:
        header = fh.read(12)
        tables = struct.unpack(">H", header[4:6])[0]
        directory = fh.read(16 * tables)
        for i in range(tables):
            tag, _, offset, _ = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
            if tag == b"head":
                fh.seek(offset + 8)
                return fh.read(4).hex()
    return "-"


@lru_cache(maxsize=8)
def _fonts_key(fonts: FontSet) -> str:
    faces = [f for f in (fonts.regular, fonts.bold, fonts.fallback, fonts.fallback_bold) if f is not None]
    return ";".join(f"{f.path.name}:{f.path.stat().st_size}:{_font_checksum(f.path)}" for f in faces)


def printed_guide(spec: LayoutSpec, guide: Guide) -> str:
    """The parts of the guide a layout prints: its flows' sections and definition, and the title (in every
    file's metadata). A guide edit elsewhere leaves the product's pieces as they are (boards print no sections)."""
    sections = {s.key: s for s in guide.sections}
    parts: list[object] = [guide.title]
    for block in spec.blocks():
        for part in block.get("content") or ():
            if part == "definition":
                parts.append(guide.definition)
            elif part.startswith("section:"):
                parts.append(sections.get(part.split(":", 1)[1]))
    return repr(parts)


@lru_cache(maxsize=64)
def _static_key(spec: LayoutSpec, guide: Guide, fonts: FontSet) -> bytes:
    """The part that is the same for every piece of a product: hashed once per process."""
    printed = printed_guide(spec, guide)
    key = f"{__version__}\n{_libraries_key()}\n{spec!r}\n{printed}\n{_fonts_key(fonts)}"
    return hashlib.sha256(key.encode()).digest()


def qr_payload(channel: Channel) -> str:
    """What the channel's QR code prints: its payload, or the payload decoded from its image (never the file name)."""
    if not channel.qr_image:
        return channel.qr
    try:
        return payload_from_image(channel.qr_image)
    except QRError:  # refused where the piece is made; here only: a changed unreadable image is a change
        try:
            return "unreadable:" + hashlib.sha256(Path(channel.qr_image).read_bytes()).hexdigest()
        except OSError:
            return "missing:" + channel.qr_image


def printed_values(resolved: Resolved) -> str:
    """The unit's values as they print: no file positions, so moving a line elsewhere changes nothing."""
    channels = sorted((k, c.label, c.how, c.account, qr_payload(c), c.number, c.holder, c.format, c.placeholder)
                      for k, c in resolved.channels.items())
    tables = [(t.unit.code, t.unit.name, [(l.role, l.name, l.phone) for l in t.leaders]) for t in resolved.tables]
    return repr((resolved.unit.code, resolved.unit.name, resolved.place, resolved.office, channels, tables))


def fingerprint(spec: LayoutSpec, guide: Guide, fonts: FontSet, resolved: Resolved, date: dt.date,
                options: str = "", values: str | None = None) -> str:
    """``values``: ``printed_values(resolved)``, if the caller has it (one unit's pieces of many products)."""
    h = hashlib.sha256(_static_key(spec, guide, fonts))
    h.update(f"\n{printed_values(resolved) if values is None else values}\n{date:%Y-%m}\n{options}".encode())
    return h.hexdigest()


def code(date: dt.date, print_: str) -> str:
    """The edition code on the piece and in the manifest."""
    return f"{date:%Y%m}-{print_[:8]}"
