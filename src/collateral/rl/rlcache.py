"""Work ReportLab repeats for every document, done once per process (internal).

Why: a province batch makes thousands of PDFs that share most of their
bytes: the same font subsets (see ``render._seed_codes``), the same
ToUnicode CMaps, often the same page of the guide. ReportLab rebuilds and
recompresses all of it for every file. Measured on a leaflet, Flate
compression was ~28 % of the time and copying whole TTF tables out of the
10 MB font for each subset ~20 %.

What is cached, and why it is safe: every entry is keyed by *all* of what
its output depends on, and the output is immutable bytes, so a cached
document is byte-identical to one made without the cache (tests compare a
leaflet made alone and in a batch).

- :func:`compressed`: Flate output per stream content (a bounded LRU: the
  pieces' own page streams vary and must not make memory grow with the
  number of units).
- :func:`cache_tables`: a font's TTF tables, sliced once instead of on every
  subset.
- the ``/Widths`` array of each font subset, formatted once per distinct
  subset (ReportLab formats its 256 numbers one by one in every file).
- :class:`Memo`: a bounded store for the operator strings ``render`` draws
  (see ``render._Painter.text``).

``install()`` is idempotent, works under or over the other patches'
wrappers, and fails naming the cause if ReportLab no longer works the way
these wrappers assume.
"""

from __future__ import annotations

import zlib
from collections import OrderedDict

from reportlab.pdfbase.pdfdoc import PDFObject

from collateral.rl.rlpatch import changed, has, mark, reportlab_own

PATCH = "rlcache"
_MARKER = "_collateral_cached"  # on a face's get_table once its tables are cached

#: Upper bound of the bytes (input and output) kept by :func:`compressed`: ~60 distinct
#: font subsets; flat however many pieces a process makes.
BUDGET = 32 * 2**20


class Memo:
    """Values by key, at most ``limit`` of them: when full it starts afresh, so memory stays flat.

    Cheaper than a least-recently-used order on every lookup; what is used
    in every piece is back after one piece.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data: dict = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value) -> None:
        if len(self.data) >= self.limit:
            self.data.clear()
        self.data[key] = value


#: Page content streams are each piece's own (its names, its edition code): Flate level 3 makes them
#: ~2.3x faster than the default 6 for ~1 KB more per piece. Font files and CMaps repeat from piece to
#: piece (compressed once, see _LRU), so they keep the default level. The level depends on the content
#: only, never on what the cache holds, so output stays deterministic.
CONTENT_LEVEL = 3
_FONT_PREFIXES = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"/CIDInit")


def _level(raw: bytes) -> int:
    return -1 if raw.startswith(_FONT_PREFIXES) else CONTENT_LEVEL


class _LRU:
    """Compressed bytes by input bytes, least recently used dropped first beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.size = 0
        self.data: OrderedDict[bytes, bytes] = OrderedDict()

    def get(self, raw: bytes) -> bytes:
        data = self.data
        out = data.get(raw)
        if out is not None:
            data.move_to_end(raw)
            return out
        out = zlib.compress(raw, _level(raw))
        data[raw] = out
        self.size += len(raw) + len(out)
        while self.size > self.budget and len(data) > 1:
            old, old_out = data.popitem(last=False)
            self.size -= len(old) + len(old_out)
        return out


_streams = _LRU(BUDGET)


def compressed(raw: bytes | str) -> bytes:
    """``zlib.compress(raw)`` (ReportLab's Flate filter; see CONTENT_LEVEL), once per distinct input."""
    if isinstance(raw, str):
        raw = raw.encode("utf8")
    return _streams.get(raw)


def cache_tables(face) -> None:
    """Slice each TTF table out of the font file once (``makeSubset`` asks for glyf, ~10 MB, on every subset)."""
    if getattr(face.get_table, _MARKER, False):
        return
    table = face.get_table
    tables: dict[str, bytes] = {}

    def get_table(tag: str) -> bytes:
        try:
            return tables[tag]
        except KeyError:
            tables[tag] = out = table(tag)
            return out

    setattr(get_table, _MARKER, True)
    face.get_table = get_table


class _Formatted(PDFObject):
    """A PDF value formatted once: ReportLab writes its bytes as they are."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document) -> bytes:
        return self.data


_widths = Memo(4096)
_objects = Memo(4096)  # formatted font objects, by everything their bytes depend on


def _format_once(obj, key: tuple) -> None:
    """Let ``obj`` format as before, once per ``key`` (its content and the numbers of what it refers to)."""
    cls_format = type(obj).format

    def format(document):  # noqa: A001 (ReportLab's name)
        out = _objects.get(key)
        if out is None:
            out = cls_format(obj, document)
            _objects.put(key, out)
        return out

    obj.format = format


def _wrap_add_objects(ttfonts) -> None:
    """After ReportLab adds a font's subsets to a document, format each subset's objects once per process.

    A subset's four objects (font, descriptor, ToUnicode CMap, font file) are
    the same in every document that has the subset, but for the numbers of
    the objects they refer to; those numbers are part of the key.
    """
    original = ttfonts.TTFont.addObjects

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        if state is None:
            return original(self, doc)
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(state.subsets))]
        subsets = [tuple(s) for s in state.subsets]
        result = original(self, doc)
        fonts = doc.idToObject["BasicFonts"].dict
        objects = doc.idToObject
        number = doc.idToObjectNumberAndVersion
        face = self.face
        for name, subset in zip(names, subsets):
            font = fonts[name]
            key = (face, subset)
            done = _widths.get(key)
            if done is None:  # ReportLab's own array, formatted as ReportLab formats it
                done = _Formatted(font.Widths.format(doc))
                _widths.put(key, done)
            font.Widths = done
            cmap, descriptor = font.ToUnicode.name, font.FontDescriptor.name
            file = objects[descriptor].dict["FontFile2"].name
            base = font.BaseFont
            _format_once(objects[file], ("file", face, subset))
            _format_once(objects[cmap], ("cmap", base, subset))
            _format_once(objects[descriptor], ("descriptor", face, base, number[file]))
            _format_once(font, ("font", face, subset, name, base, number[cmap], number[descriptor]))
        return result

    ttfonts.TTFont.addObjects = mark(addObjects, original, PATCH)


_cmaps = Memo(1024)


def _wrap_cmap(ttfonts) -> None:
    """A subset's ToUnicode CMap text (256 formatted lines), made once per font name and subset."""
    original = ttfonts.makeToUnicodeCMap

    def makeToUnicodeCMap(fontname, subset):  # noqa: N802 (ReportLab's name)
        key = (fontname, tuple(subset))
        out = _cmaps.get(key)
        if out is None:
            out = original(fontname, subset)
            _cmaps.put(key, out)
        return out

    ttfonts.makeToUnicodeCMap = mark(makeToUnicodeCMap, original, PATCH)


def install() -> None:
    """Route ReportLab's Flate filter through :func:`compressed`; format font objects once (see above)."""
    from reportlab.pdfbase import pdfdoc, ttfonts

    add_objects = ttfonts.TTFont.addObjects
    if not has(add_objects, PATCH):
        own = reportlab_own(add_objects, "reportlab.pdfbase.ttfonts.TTFont.addObjects", PATCH)
        if not {"getSubsetInternalName", "makeToUnicodeCMap"} <= set(own.__code__.co_names):
            raise changed(PATCH, "TTFont.addObjects no longer builds subsets the way the cache assumes")
        _wrap_add_objects(ttfonts)
    cmap = ttfonts.makeToUnicodeCMap
    if not has(cmap, PATCH):
        reportlab_own(cmap, "reportlab.pdfbase.ttfonts.makeToUnicodeCMap", PATCH)
        _wrap_cmap(ttfonts)

    flate = pdfdoc.PDFZCompress
    if has(flate.encode, PATCH):
        return
    if getattr(flate, "pdfname", None) != "FlateDecode" or zlib.decompress(flate.encode(b"x")) != b"x":
        raise changed(PATCH, "PDFZCompress is no longer plain zlib")

    def encode(text):
        return compressed(text)

    flate.encode = mark(encode, flate.encode, PATCH)  # the one instance every stream's filters list holds
