"""ReportLab's parse of a font, kept on disk in a form that loads in ~2 ms instead of ~20 (internal).

Why: parsing the 10 MB Noto Sans SC takes ReportLab ~45 ms a face, and a
pickle of its result still ~20 ms to load (30,000 dict entries and 30,000
tuples, each a Python object to rebuild): a tenth of a cold
``collateral leaflet``. Here the big tables are stored as flat arrays of
machine integers and rebuilt with ``dict(zip(...))``; per-glyph metrics are
read straight from their arrays, and what only HarfBuzz shaping reads (which
ReportLab does not do without ``uharfbuzz``) is rebuilt only if asked for.
The font file itself is memory-mapped, not read: a subset reads only its glyphs.

Where: ``$COLLATERAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/collateral``, else
``~/.cache/collateral``; one file per font file version (size and mtime),
ReportLab version, Python version and byte order. A cache that cannot be read
or written is ignored: the font is parsed as before. The face a cache gives
equals the parsed one, attribute by attribute (tests compare them).
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import sys
import tempfile
from array import array
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from reportlab.pdfbase import ttfonts

from collateral.paths import cache_dir

FORMAT = b"collateral font cache 1\n"
_HEADER = struct.Struct("<I")


def cache_file(path: Path) -> Path | None:
    """The cache of ``path``, by file version, ReportLab and Python version and byte order; None if no such file."""
    import reportlab

    try:
        info = path.stat()
    except OSError:
        return None
    version = f"{reportlab.Version}-py{sys.version_info[0]}{sys.version_info[1]}-{sys.byteorder}"
    return cache_dir() / f"{path.name}-{info.st_size}-{info.st_mtime_ns}-{version}.fontcache"


class Pairs(Sequence):
    """``hmetrics``: (advance, left side bearing) per glyph, read from two arrays; equal to ReportLab's list."""

    __slots__ = ("first", "second")

    def __init__(self, first: array, second: array) -> None:
        self.first, self.second = first, second

    def __len__(self) -> int:
        return len(self.first)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self.first[i], self.second[i]))
        return self.first[i], self.second[i]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, (list, Pairs)) else NotImplemented


class CachedFace(ttfonts.TTFontFace):
    """A ReportLab face restored from the cache (never parsed: ``__init__`` is not called)."""

    @cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 (ReportLab's name)
        """Only HarfBuzz shaping reads it: rebuilt from ``charToGlyph`` when first asked for."""
        return _inverse(self.charToGlyph)


def _inverse(char_to_glyph: dict[int, int]) -> dict[int, list[int]]:
    """Each glyph's characters in code order: what ReportLab's parse gives for the bundled fonts (checked on save)."""
    inverse: dict[int, list[int]] = {}
    for code, glyph in sorted(char_to_glyph.items()):
        inverse.setdefault(glyph, []).append(code)
    return inverse


def _typecode(values) -> str:
    lo, hi = min(values, default=0), max(values, default=0)
    return "i" if -2**31 <= lo and hi < 2**31 else "q"


def _encode(state: dict) -> bytes:
    """The cache bytes of a parsed face's attributes: big integer tables as arrays, the rest pickled."""
    arrays: list[tuple[str, str, tuple[str, ...], int]] = []
    chunks: list[bytes] = []
    small = {}
    for name, value in state.items():
        if name == "glyphToChar" and value == _inverse(state.get("charToGlyph", {})):
            continue  # rebuilt if needed, see CachedFace
        if isinstance(value, dict) and len(value) > 256 and all(
                type(k) is int and type(v) is int for k, v in value.items()):
            columns = (list(value), list(value.values()))
            kind = "dict"
        elif isinstance(value, list) and len(value) > 256 and all(type(v) is int for v in value):
            columns = (value,)
            kind = "list"
        elif isinstance(value, list) and len(value) > 256 and all(
                type(v) is tuple and len(v) == 2 and type(v[0]) is int and type(v[1]) is int for v in value):
            columns = ([a for a, _ in value], [b for _, b in value])
            kind = "pairs"
        else:
            small[name] = value
            continue
        codes = tuple(_typecode(c) for c in columns)
        arrays.append((name, kind, codes, len(columns[0])))
        chunks += [array(code, column).tobytes() for code, column in zip(codes, columns)]
    head = pickle.dumps({"small": small, "arrays": arrays}, protocol=pickle.HIGHEST_PROTOCOL)
    return b"".join([FORMAT, _HEADER.pack(len(head)), head, *chunks])


def _decode(data: bytes) -> dict:
    if not data.startswith(FORMAT):
        raise ValueError("not a font cache of this format")
    at = len(FORMAT)
    (n,) = _HEADER.unpack_from(data, at)
    at += _HEADER.size
    head = pickle.loads(data[at:at + n])
    at += n
    state = dict(head["small"])
    view = memoryview(data)
    for name, kind, codes, count in head["arrays"]:
        columns = []
        for code in codes:
            column = array(code)
            size = column.itemsize * count
            column.frombytes(view[at:at + size])
            at += size
            columns.append(column)
        if kind == "dict":
            state[name] = dict(zip(*columns))
        elif kind == "list":
            state[name] = columns[0].tolist()
        else:
            state[name] = Pairs(*columns)
    if at != len(data):
        raise ValueError("font cache has trailing bytes")
    return state


def _font_bytes(path: Path):
    """The font file, memory-mapped (ReportLab only slices it), or read if it cannot be mapped."""
    try:
        with open(path, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return path.read_bytes()


def load(path: Path) -> ttfonts.TTFontFace | None:
    """The face of ``path`` from its cache, or None (no cache, or one that cannot be read)."""
    cache = cache_file(path)
    if cache is None:
        return None
    try:
        state = _decode(cache.read_bytes())
    except Exception:  # noqa: BLE001 (a missing, damaged or foreign cache is only a slower start)
        return None
    if not {"charToGlyph", "charWidths", "glyphPos", "hmetrics"} <= state.keys():
        return None
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(state)
    face._ttf_data = _font_bytes(path)
    return face


def save(path: Path, face: ttfonts.TTFontFace) -> None:
    """Keep a freshly parsed face for the next process (atomically; silently not if the folder is not writable)."""
    cache = cache_file(path)
    if cache is None:
        return
    data = _encode({k: v for k, v in face.__dict__.items() if k != "_ttf_data" and not callable(v)})
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{cache.name}.", dir=cache.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, cache)
        except OSError:
            os.unlink(tmp)
            raise
    except OSError:
        pass
