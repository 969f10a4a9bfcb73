"""Product definitions from ``layouts/*.yaml``: page size, colours, styles, blocks.

A product (an A4 leaflet, an A5 leaflet, a 120×240 cm board) is a file here,
not code. Geometry is in millimetres from the top-left corner of the trimmed
page; a box may reach into the bleed (negative or past the trim) only for
backgrounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from collateral.errors import DataError, Problem
from collateral.paths import layouts_dir
from collateral.schema import Reader
from collateral.yamlsrc import LocDict, LocList, load_yaml

MM = 72 / 25.4  # points per millimetre

BLOCK_KINDS = {"rect", "text", "flow", "qr_card", "sms_card", "leaders_table", "draft_mark"}
BACKGROUND_KINDS = {"rect"}


@dataclass(frozen=True)
class Color:
    """CMYK (0..1) for print; every colour in a layout is CMYK so print shops get what they proof."""

    c: float
    m: float
    y: float
    k: float


@dataclass(frozen=True)
class TextStyle:
    font: str = "regular"
    size: float = 10.0  # preferred size, pt
    min_size: float = 0.0  # smallest acceptable size, pt (0: same as size)
    leading: float = 1.5
    align: str = "justify"
    color: str = "ink"
    indent: float = 0.0  # first-line indent, em
    label_width: float = 0.0  # hanging label column for numbered items, em
    space_before: float = 0.0  # em
    latin_gap: bool = True
    phrase: float = 0.0  # >0: prefer line breaks after 、，；： if the line stays this full (captions)

    @property
    def smallest(self) -> float:
        return self.min_size or self.size


@dataclass(frozen=True)
class Block:
    kind: str
    name: str
    box: tuple[float, float, float, float]  # x, y, w, h in mm
    params: tuple[tuple[str, Any], ...]
    file: str
    line: int

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.params:
            if k == key:
                return v
        return default


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    title: str
    trim: tuple[float, float]  # mm
    bleed: float  # mm
    safe: float  # mm: nothing important closer than this to the trim
    colors: dict[str, Color]
    styles: dict[str, TextStyle]
    pages: tuple[tuple[Block, ...], ...]
    file: str

    def __hash__(self) -> int:
        return hash((self.name, self.file))

    def style(self, name: str) -> TextStyle:
        return self.styles[name]


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _color(r: Reader, key: str, value: Any) -> Color:
    if isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) for v in value):
        if all(0 <= v <= 100 for v in value):
            return Color(*(v / 100 for v in value))
    r.error(key, f"colour must be CMYK percentages [c, m, y, k], got {value!r}")
    return Color(0, 0, 0, 1)


def _style(r: Reader, name: str, node: Any) -> TextStyle:
    if not isinstance(node, LocDict):
        r.error(name, "a style must be a mapping")
        return TextStyle()
    sr = r.child(node, name)
    fields = TextStyle.__dataclass_fields__
    sr.only(set(fields))
    values = {}
    for key, value in node.items():
        if key not in fields:
            continue
        expected = type(getattr(TextStyle(), key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected):
            sr.error(key, f"expected {expected.__name__}, got {value!r}")
            continue
        values[key] = value
    style = TextStyle(**values)
    if style.font not in ("regular", "bold"):
        sr.error("font", f"font must be regular or bold, got {style.font!r}")
    if style.align not in ("justify", "left", "center", "right"):
        sr.error("align", f"align must be justify, left, center or right, got {style.align!r}")
    if style.min_size > style.size:
        sr.error("min_size", f"min_size {style.min_size} is larger than size {style.size}")
    return style


def _block(r: Reader, node: Any, page: int, index: int, spec: dict) -> Block | None:
    if not isinstance(node, LocDict):
        r.error("pages", f"page {page} block {index} must be a mapping")
        return None
    br = r.child(node, f"pages[{page}].blocks[{index}]")
    kind = br.text("kind", required=True)
    if kind not in BLOCK_KINDS:
        br.error("kind", f"unknown block kind {kind!r} (known: {', '.join(sorted(BLOCK_KINDS))})")
        return None
    box = node.get("box")
    if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box)):
        br.error("box", f"box must be [x, y, width, height] in mm, got {box!r}")
        return None
    x, y, w, h = (float(v) for v in box)
    tw, th = spec["trim"]
    safe = spec["safe"]
    if kind not in BACKGROUND_KINDS and (x < safe - 1e-6 or y < safe - 1e-6 or x + w > tw - safe + 1e-6
                                         or y + h > th - safe + 1e-6):
        br.error("box", f"{kind} block {box} reaches within {safe} mm of the trim (safe area)")
    for key, value in node.items():
        if key.endswith("style") and isinstance(value, str) and value not in spec["styles"]:
            br.error(key, f"unknown style {value!r}")
        if key.endswith("color") and isinstance(value, str) and value not in spec["colors"]:
            br.error(key, f"unknown colour {value!r}")
    params = tuple((k, _freeze(v)) for k, v in node.items() if k not in ("kind", "box", "name"))
    name = str(node.get("name") or f"{kind}@page{page}#{index}")
    return Block(kind, name, (x, y, w, h), params, node.file, node.line)


def parse_layout(path: Path, label: str) -> LayoutSpec:
    node = load_yaml(path, label)
    if not isinstance(node, LocDict):
        raise DataError(Problem("a layout must be a mapping", file=label, line=1))
    r = Reader(node, unit=f"layout {path.stem}")
    r.only({"name", "title", "trim", "bleed", "safe", "colors", "styles", "pages"})
    trim = node.get("trim")
    if not (isinstance(trim, list) and len(trim) == 2 and all(isinstance(v, (int, float)) and v > 0 for v in trim)):
        r.error("trim", f"trim must be [width, height] in mm, got {trim!r}")
        trim = [210, 297]
    colors = {k: _color(r, f"colors.{k}", v) for k, v in (r.mapping("colors") or {}).items()}
    styles = {k: _style(r, k, v) for k, v in (r.mapping("styles") or {}).items()}
    for name, style in styles.items():
        if style.color not in colors:
            r.error(f"styles.{name}.color", f"unknown colour {style.color!r}")
    spec = {"trim": (float(trim[0]), float(trim[1])), "safe": float(node.get("safe", 5)),
            "styles": styles, "colors": colors}
    pages = []
    for p, page in enumerate(r.items("pages"), 1):
        blocks_node = page.get("blocks") if isinstance(page, LocDict) else None
        if not isinstance(blocks_node, LocList):
            r.error("pages", f"page {p} needs a list of blocks")
            continue
        blocks = [_block(r, b, p, i, spec) for i, b in enumerate(blocks_node, 1)]
        pages.append(tuple(b for b in blocks if b is not None))
    if not pages:
        r.error("pages", "a layout needs at least one page")
    if r.problems:
        raise DataError(r.problems)
    return LayoutSpec(
        name=r.text("name") or path.stem,
        title=r.text("title"),
        trim=spec["trim"],
        bleed=float(node.get("bleed", 3)),
        safe=spec["safe"],
        colors=colors,
        styles=styles,
        pages=tuple(pages),
        file=label,
    )


@lru_cache(maxsize=32)
def load_layout(name: str, directory: Path | None = None) -> LayoutSpec:
    """A product definition by name (``leaflet-a4``) or path."""
    directory = directory or layouts_dir()
    path = Path(name) if name.endswith(".yaml") else directory / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise DataError(Problem(f"no layout {name!r} (known: {known})", file=str(path)))
    try:
        label = str(path.relative_to(directory.parent))
    except ValueError:
        label = str(path)
    return parse_layout(path, label)
