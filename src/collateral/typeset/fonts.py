"""The bundled fonts: which one draws each character, and how wide it is.

Noto Sans SC (Regular, Bold) covers ~30,900 code points; a small supplement
cut from Noto Sans CJK SC carries the rare place-name characters it lacks
(Ext-B and beyond). A character in none of them is an error, never a box.

Fonts are parsed once per process (ReportLab's parser, ~40 ms each, or its
parse read back from ``fontcache``) and registered with ReportLab under fixed
names, so every document embeds the same subsets by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from collateral.rl import fontcache
from collateral.rl import patches
from collateral.rl import rlcache
from collateral.paths import fonts_dir

FILES = {
    "regular": "NotoSansSC-Regular.ttf",
    "bold": "NotoSansSC-Bold.ttf",
    "fallback": "NotoSansSC-Supplement-Regular.ttf",
    "fallback_bold": "NotoSansSC-Supplement-Bold.ttf",
}
ASCENT = 0.88  # Noto Sans SC typo ascender, in em: where the baseline sits below a line's top


class Face:
    """One registered font: its ReportLab name, advance widths and coverage.

    A supplement is parsed (~40 ms) and registered only when a character
    is first looked up in it, i.e. when the main fonts lack one: most runs
    never need it.
    """

    widths: dict[int, float]
    default_width: float
    cmap: dict[int, int]

    def __init__(self, key: str, name: str, path: Path, lazy: bool = False) -> None:
        self.key = key
        self.name = name
        self.path = path
        if not lazy:
            self._load()

    def __getattr__(self, attr: str):
        # only reached while a lazy face is not parsed yet
        if attr in ("widths", "default_width", "cmap"):
            self._load()
            return self.__dict__[attr]
        raise AttributeError(attr)

    def _load(self) -> None:
        font = _parse(self.name, self.path)
        rlcache.cache_tables(font.face)
        _cache_subsets(font)
        pdfmetrics.registerFont(font)
        face = font.face
        self.widths = face.charWidths  # ReportLab does not change them once parsed
        self.default_width = float(face.defaultWidth)
        self.cmap = face.charToGlyph

    def __repr__(self) -> str:
        return f"Face({self.key!r}, {self.name!r}, {self.path.name!r})"

    def covers(self, cp: int) -> bool:
        return cp in self.cmap

    def advance(self, ch: str) -> float:
        """Advance width of one character in em."""
        return self.widths.get(ord(ch), self.default_width) / 1000.0


@dataclass(frozen=True, eq=False)
class FontSet:
    """The faces a piece is set in; each style has its own fallback supplement."""

    regular: Face
    bold: Face
    fallback: Face | None
    fallback_bold: Face | None = None

    def face(self, style: str) -> Face:
        return self.bold if style == "bold" else self.regular

    def face_for(self, style: str, ch: str) -> Face | None:
        """The face that draws ``ch`` in ``style``, or None if no bundled font has it."""
        cp = ord(ch)
        main = self.face(style)
        if main.covers(cp):
            return main
        for extra in (self.fallback_bold, self.fallback) if style == "bold" else (self.fallback,):
            if extra is not None and extra.covers(cp):
                return extra
        if ch in "\n\t ":
            return main
        return None

    def missing(self, text: str, style: str = "regular") -> list[str]:
        """Characters of ``text`` no bundled font can draw, in order, once each."""
        seen: list[str] = []
        for ch in text:
            if ch not in seen and self.face_for(style, ch) is None:
                seen.append(ch)
        return seen


def _cache_subsets(font: TTFont) -> None:
    """Make each distinct subset once per process.

    ReportLab rebuilds a subset from the 10 MB font file for every document,
    though most of a product's subsets are the same in every piece (see
    ``render._seed_codes``). The subset bytes depend only on the font and the
    code points, so this instance-level memo is safe. It keeps the most
    recently used subsets only: each piece's own subset is used once, and a
    batch worker's memory must not grow with the number of pieces.
    """
    make = font.face.makeSubset
    made = rlcache.Memo(256)

    def make_subset(subset: list[int]) -> bytes:
        key = tuple(subset)
        out = made.get(key)
        if out is None:
            out = make(subset)
            made.put(key, out)
        return out

    font.face.makeSubset = make_subset


def _parse(name: str, path: Path) -> TTFont:
    """ReportLab's font for ``path``: its parse read back from the cache (~2 ms), or parsed (~45 ms) and cached."""
    from reportlab.pdfbase import ttfonts

    face = fontcache.load(path)
    if face is None:
        face = ttfonts.TTFontFace(str(path))
        fontcache.save(path, face)
    made = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face  # what TTFont.__init__ calls; one font at a time, at start-up
    try:
        return TTFont(name, str(path))
    finally:
        ttfonts.TTFontFace = made


def _load_face(key: str, path: Path, lazy: bool = False) -> Face:
    return Face(key, f"Collateral-{key}", path, lazy)


@lru_cache(maxsize=4)
def load_fonts(directory: Path | None = None) -> FontSet:
    """Parse and register the bundled fonts (once per process and directory)."""
    patches.install()  # the first product made: only now is ReportLab patched
    directory = directory or fonts_dir()

    def optional(key: str) -> Face | None:
        path = directory / FILES[key]
        return _load_face(key, path, lazy=True) if path.is_file() else None

    return FontSet(
        regular=_load_face("regular", directory / FILES["regular"]),
        bold=_load_face("bold", directory / FILES["bold"]),
        fallback=optional("fallback"),
        fallback_bold=optional("fallback_bold"),
    )


def describe(ch: str) -> str:
    """A character as a user can find it: 𡌶 (U+21336)."""
    return f"{ch!r} (U+{ord(ch):04X})"
