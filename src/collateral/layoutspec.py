"""Product definitions from ``layouts/*.yaml``: page sizes, colours, styles, blocks.

A product (an A4 leaflet, an A6 booklet, a 120×240 cm board) is a file here,
not code. Geometry is in millimetres from the top-left corner of the trimmed
page; a box may reach into the bleed (negative or past the trim) only for
backgrounds.

A layout is checked completely when it is loaded, so a typo is a message
with the layout's file:line, never a KeyError while drawing: every block's
parameters against its kind's schema (types, enums, names of styles and
colours, ``{fields}`` in texts, counts that must agree), the safe area, the
styles. ``extends: other`` takes another layout's colours, styles and page
settings, so a variant states only what differs.

A folded product names its fold lines per page (``folds: [97, 197]``, mm
from the left edge of the trim, vertical) and may name the panels between
them (``panels: [flap, back, cover]``); no block but a background may come
within ``fold_safe`` mm (default 4) of a fold, as type on a fold cracks
and reads badly.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from collateral.errors import DataError, Problem
from collateral.paths import layouts_dir
from collateral.schema import Reader
from collateral.yamlsrc import LocDict, LocList, load_yaml

MM = 72 / 25.4  # points per millimetre

# Values layouts may name in their texts, e.g. ``{place}``; filled per piece by ``content``.
FIELDS = frozenset({
    "place", "name", "code", "province", "office", "date", "edition", "sms_number", "sms_holder",
    "sms_format", "table_title", "guide_title", "page", "wechat_account",
})
LEVELS = {"province": 0, "city": 1, "county": 2, "township": 3}
TOP_KEYS = {"name", "title", "extends", "trim", "bleed", "safe", "made_for", "colors", "styles", "pages",
            "resize", "product", "orientation", "check", "fold_safe"}
PRODUCTS = ("leaflet", "booklet", "board", "screen")  # the command that makes a layout
ORIENTATIONS = ("portrait", "landscape")
FOLD_SAFE = 4.0  # mm kept clear on each side of a fold line, unless a layout says otherwise


@dataclass(frozen=True)
class Color:
    """CMYK (0..1) for print; every colour in a layout is CMYK so print shops get what they proof.

    ``separation`` names a spot colour instead (``All``: the registration
    colour of crop marks, which prints on every plate).
    """

    c: float
    m: float
    y: float
    k: float
    separation: str = ""


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
    balance: bool = False  # wrapped lines of similar length: no lone character on a title's last line
    keep_with_next: bool = False  # in a chained flow, never the last thing in a frame (headings)
    breaks: str = "any"  # "place": lines break only between place words (郑州市金水区 / 花园路街道)
    punctuation: str = "full"  # 全角式 "full" or 开明式 "kaiming": which marks are set half-width (cjk.py)

    @property
    def smallest(self) -> float:
        return self.min_size or self.size


_STYLE_CHOICES = {"font": ("regular", "bold"), "align": ("justify", "left", "center", "right"),
                  "breaks": ("any", "place"), "punctuation": ("full", "kaiming")}


@dataclass(frozen=True)
class Safe:
    """How close (mm) anything but a background may come to each edge of the trim."""

    top: float = 5.0
    right: float = 5.0
    bottom: float = 5.0
    left: float = 5.0


@dataclass(frozen=True)
class Block:
    """One placed block: its kind's parameters, already checked against the kind's schema."""

    kind: str
    name: str
    box: tuple[float, float, float, float]  # x, y, w, h in mm
    params: tuple[tuple[str, Any], ...]
    file: str
    line: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_params", dict(self.params))

    def get(self, key: str, default: Any = None) -> Any:
        return self._params.get(key, default)  # type: ignore[attr-defined]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PageSpec:
    """A page of the product; ``repeat`` pages are added as long as their chained flows have text left."""

    blocks: tuple[Block, ...]
    trim: tuple[float, float]  # mm
    name: str = ""
    repeat: bool = False
    folds: tuple[float, ...] = ()  # vertical fold lines, mm from the trim's left edge
    panels: tuple[str, ...] = ()  # names of the panels between folds, left to right
    # blocks set on the previous page, below the end of a chained flow, when they fit there (layout.compose)
    pull_up: tuple[str, ...] = ()


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    title: str
    trim: tuple[float, float]  # mm
    bleed: float  # mm
    safe: Safe
    colors: dict[str, Color]
    styles: dict[str, TextStyle]
    pages: tuple[PageSpec, ...]
    file: str
    made_for: tuple[int, ...] = (3,)  # levels of the units this product is made for (default: townships)
    product: str = "leaflet"  # the command that makes it (see PRODUCTS)
    orientations: tuple[str, ...] = ORIENTATIONS  # a roll-up stands upright: its layout says portrait only
    resized_from: str = ""  # the design this layout is scaled from (``resize: scale``), see resize.py
    check_levels: tuple[int, ...] | None = None  # levels ``collateral check`` composes (None: all of made_for)
    fold_safe: float = FOLD_SAFE  # mm kept clear of fold lines

    @property
    def checked_levels(self) -> tuple[int, ...]:
        return self.made_for if self.check_levels is None else self.check_levels

    def __hash__(self) -> int:
        return hash((self.name, self.file))

    def style(self, name: str) -> TextStyle:
        return self.styles[name]

    def blocks(self) -> list[Block]:
        return [b for p in self.pages for b in p.blocks]


# -- parameter schemas ----------------------------------------------------------------------------
#
# A block kind declares its parameters as ``{name: Param}``; each Param checks
# one value and returns it in the form drawing needs (floats, tuples), or
# records a problem with the value's file:line and returns None.


@dataclass
class Names:
    """What a layout defines, that parameters may refer to."""

    styles: set[str]
    colors: set[str]


Check = Callable[[Reader, str, Any, Names], Any]


@dataclass(frozen=True)
class Param:
    check: Check
    default: Any = None
    required: bool = False
    length: str = ""  # a length that grows with the page when a layout is resized: "x", "y" or "size" (both)


def _kind(value: Any) -> str:
    return type(value).__name__ if not isinstance(value, (LocDict, LocList)) else (
        "mapping" if isinstance(value, LocDict) else "list")


def _bad(r: Reader, key: str, message: str) -> None:
    r.error(key, message)


def number(lo: float | None = None, hi: float | None = None) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _bad(r, key, f"expected a number, got {value!r}")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            rng = f"{lo if lo is not None else '…'}..{hi if hi is not None else '…'}"
            return _bad(r, key, f"{value!r} is out of range {rng}")
        return float(value)
    return check


def flag(r: Reader, key: str, value: Any, names: Names) -> bool | None:
    if not isinstance(value, bool):
        return _bad(r, key, f"expected true or false, got {value!r}")
    return value


def choice(*options: str) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> str | None:
        if value not in options:
            return _bad(r, key, f"{value!r} is not one of {', '.join(options)}")
        return value
    return check


def name(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _bad(r, key, f"expected a name, got {value!r}")
    return value


def style_ref(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if value not in names.styles:
        return _bad(r, key, f"unknown style {value!r} (defined: {', '.join(sorted(names.styles))})")
    return value


def color_ref(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if value not in names.colors:
        return _bad(r, key, f"unknown colour {value!r} (defined: {', '.join(sorted(names.colors))})")
    return value


def template_problem(text: str) -> str | None:
    """Why a layout text's ``{fields}`` cannot be filled, or None."""
    try:
        used = {f for _, f, spec, conv in string.Formatter().parse(text) if f is not None}
    except ValueError as err:
        return f"bad {{field}} in {text!r}: {err}"
    unknown = sorted(u for u in used if u not in FIELDS)
    if unknown:
        return f"unknown field {{{unknown[0]}}} in {text!r} (known: {', '.join(sorted(FIELDS))})"
    return None


def template(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if not isinstance(value, str):
        return _bad(r, key, f"expected text, got {_kind(value)} {value!r}")
    problem = template_problem(value)
    return _bad(r, key, problem) if problem else value


def templates(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    """One text or a list of paragraphs."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return _bad(r, key, f"expected text or a list of texts, got {_kind(value)}")
    out = [template(r, key, v, names) for v in items]
    return tuple(out) if None not in out else None


def strings(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _bad(r, key, f"expected a list of texts, got {value!r}")
    return tuple(value)


def numbers(lo: float = 0.0) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> tuple[float, ...] | None:
        if not isinstance(value, list) or not value or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v > lo for v in value):
            return _bad(r, key, f"expected a list of numbers above {lo:g}, got {value!r}")
        return tuple(float(v) for v in value)
    return check


def flow_content(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    """A flow's parts: ``definition``, ``section:<key>`` of the guide, ``heading:<text>``, or a text with {fields}."""
    if not isinstance(value, list) or not value:
        return _bad(r, key, f"expected a list of parts (definition, section:<key>, or text), got {_kind(value)} "
                            f"{value!r}")
    out = []
    for item in value:
        if not isinstance(item, str):
            return _bad(r, key, f"each part must be text, got {item!r}")
        if item.startswith("section:") and not item.split(":", 1)[1].strip():
            return _bad(r, key, f"{item!r} names no guide section")
        if item != "definition" and not item.startswith("section:") and \
                template(r, key, item.removeprefix("heading:"), names) is None:
            return None
        out.append(item)
    return tuple(out)


def mapping(schema: dict[str, Param]) -> Check:
    """A nested mapping with its own schema (a watermark, a card's part)."""
    def check(r: Reader, key: str, value: Any, names: Names) -> tuple[tuple[str, Any], ...] | None:
        if not isinstance(value, LocDict):
            return _bad(r, key, f"expected a mapping, got {_kind(value)} {value!r}")
        values = read_params(r.child(value, key), value, schema, names)
        return None if values is None else tuple(values.items())
    check.schema = schema  # type: ignore[attr-defined]  # resize.py scales the lengths inside
    return check


def mappings(schema: dict[str, Param]) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> tuple | None:
        if not isinstance(value, LocList) or not value:
            return _bad(r, key, f"expected a list of mappings, got {_kind(value)}")
        out = [mapping(schema)(r, key, v, names) if isinstance(v, LocDict)
               else _bad(r, key, f"item {i} must be a mapping") for i, v in enumerate(value, 1)]
        return tuple(out) if None not in out else None
    check.schema = schema  # type: ignore[attr-defined]
    check.many = True  # type: ignore[attr-defined]
    return check


def read_params(r: Reader, node: LocDict, schema: dict[str, Param], names: Names,
                skip: frozenset[str] = frozenset()) -> dict[str, Any] | None:
    """Check ``node``'s keys against ``schema``; every value in its checked form, defaults filled in."""
    before = len(r.problems)
    r.only(set(schema) | skip)
    values: dict[str, Any] = {}
    for key, param in schema.items():
        if key not in node or node[key] is None:
            if param.required:
                r.error(None, f"missing required key {key!r}")
            elif param.default is not None and param.check in (style_ref, color_ref) and param.default not in (
                    names.styles if param.check is style_ref else names.colors):
                what = "style" if param.check is style_ref else "colour"
                r.error(None, f"{key} is not given and the layout defines no {what} {param.default!r} "
                              f"to default to")
            elif param.default is not None:
                values[key] = param.default
            continue
        checked = param.check(r, key, node[key], names)
        if checked is not None:
            values[key] = checked
    return values if len(r.problems) == before else None


# -- the layout file --------------------------------------------------------------------------------


def _color(r: Reader, key: str, value: Any) -> Color:
    if isinstance(value, list) and len(value) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        if all(0 <= v <= 100 for v in value):
            return Color(*(v / 100 for v in value))
    r.error(key, f"colour must be CMYK percentages [c, m, y, k], got {value!r}")
    return Color(0, 0, 0, 1)


def _style(r: Reader, key: str, node: Any, base: TextStyle) -> TextStyle:
    if not isinstance(node, LocDict):
        r.error(key, "a style must be a mapping")
        return base
    sr = r.child(node, key)
    known = {f.name: f for f in fields(TextStyle)}
    sr.only(set(known))
    values = {}
    for k, value in node.items():
        if k not in known:
            continue
        expected = type(getattr(TextStyle(), k))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is float and value < 0):
            sr.error(k, f"expected {'a number ≥ 0' if expected is float else expected.__name__}, got {value!r}")
            continue
        if k in _STYLE_CHOICES and value not in _STYLE_CHOICES[k]:
            sr.error(k, f"{value!r} is not one of {', '.join(_STYLE_CHOICES[k])}")
            continue
        values[k] = value
    style = replace(base, **values)
    if style.size <= 0:
        sr.error("size", f"size must be above 0, got {style.size}")
    if style.min_size > style.size:
        sr.error("min_size", f"min_size {style.min_size} is larger than size {style.size}")
    return style


def _size(r: Reader, key: str, default: tuple[float, float]) -> tuple[float, float]:
    value = r.node.get(key)
    if value is None:
        return default
    if not (isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value)):
        r.error(key, f"{key} must be [width, height] in mm, got {value!r}")
        return default
    return float(value[0]), float(value[1])


def _safe(r: Reader, default: Safe) -> Safe:
    """``safe: 5``, ``safe: [top, right, bottom, left]`` or ``safe: {top: 10, ...}``."""
    value = r.node.get("safe")
    if value is None:
        return default
    ok = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0  # noqa: E731
    if ok(value):
        return Safe(*(float(value),) * 4)
    if isinstance(value, list) and len(value) == 4 and all(ok(v) for v in value):
        return Safe(*(float(v) for v in value))
    if isinstance(value, LocDict) and set(value) <= {"top", "right", "bottom", "left"} and all(
            ok(v) for v in value.values()):
        return replace(default, **{k: float(v) for k, v in value.items()})
    r.error("safe", f"safe must be mm (5), [top, right, bottom, left] or {{top: …, left: …}}, got {value!r}")
    return default


def _box(br: Reader, node: LocDict, kind_name: str, background: bool, trim: tuple[float, float],
         safe: Safe) -> tuple[float, float, float, float] | None:
    box = node.get("box")
    if not (isinstance(box, list) and len(box) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in box)) or box[2] <= 0 or box[3] <= 0:
        br.error("box", f"box must be [x, y, width, height] in mm with width and height above 0, got {box!r}")
        return None
    x, y, w, h = (float(v) for v in box)
    check_box(br, kind_name, background, (x, y, w, h), trim, safe)
    return x, y, w, h


def check_box(r: Reader, kind_name: str, background: bool, box: tuple[float, float, float, float],
              trim: tuple[float, float], safe: Safe) -> None:
    x, y, w, h = box
    tw, th = trim
    eps = 1e-6
    if not background and (x < safe.left - eps or y < safe.top - eps or x + w > tw - safe.right + eps
                           or y + h > th - safe.bottom + eps):
        r.error("box", f"{kind_name} block {list(box)} reaches within the safe area of the {tw:g}×{th:g} mm trim "
                       f"(top {safe.top:g}, right {safe.right:g}, bottom {safe.bottom:g}, left {safe.left:g} mm)")


def check_folds(r: Reader, kind_name: str, background: bool, box: tuple[float, float, float, float],
                folds: tuple[float, ...], keep: float) -> None:
    """A block (other than a background) keeps ``keep`` mm from every fold line, on both sides."""
    if background:
        return
    x, _, w, _ = box
    for fold in folds:
        if x - keep < fold - 1e-6 and fold + 1e-6 < x + w + keep:
            side = "crosses" if x < fold < x + w else "comes within " + (
                f"{fold - (x + w):.3g} mm of" if fold >= x + w else f"{x - fold:.3g} mm of")
            r.error("box", f"{kind_name} block {list(box)} {side} the fold at {fold:g} mm; keep {keep:g} mm "
                           f"clear on both sides of a fold ({fold - keep:g}..{fold + keep:g} mm)")


def _block(r: Reader, node: Any, where: str, trim: tuple[float, float], safe: Safe, names: Names,
           folds: tuple[float, ...] = (), fold_safe: float = FOLD_SAFE) -> Block | None:
    from collateral.blocks import KINDS  # the kinds own their schemas; they import this module

    if not isinstance(node, LocDict):
        r.error("pages", f"{where} must be a mapping")
        return None
    br = r.child(node, where)
    kind_name = br.text("kind", required=True)
    kind = KINDS.get(kind_name)
    if kind is None:
        if kind_name:
            br.error("kind", f"unknown block kind {kind_name!r} (known: {', '.join(sorted(KINDS))})")
        return None
    box = _box(br, node, kind_name, kind.background, trim, safe)
    if box is not None:
        check_folds(br, kind_name, kind.background, box, folds, fold_safe)
    params = read_params(br, node, kind.params, names, skip=frozenset({"kind", "box", "name"}))
    if box is None or params is None:
        return None
    block_name = str(node.get("name") or f"{kind_name}@{where}")
    block = Block(kind_name, block_name, box, tuple(params.items()), node.file, node.line)
    for key, message in kind.check(block):
        br.error(key, message)
    return block


def _folds(pr: Reader, page: LocDict, trim: tuple[float, float]) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """A page's fold lines (inside the trim, left to right) and the names of the panels between them."""
    value = page.get("folds")
    if value is None:
        folds: tuple[float, ...] = ()
    elif isinstance(value, list) and value and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < trim[0] for v in value) \
            and list(value) == sorted(set(value)):
        folds = tuple(float(v) for v in value)
    else:
        pr.error("folds", f"folds must be x positions in mm inside the {trim[0]:g} mm wide trim, left to right, "
                          f"got {value!r}")
        folds = ()
    names = page.get("panels")
    if names is None:
        return folds, ()
    if not (isinstance(names, list) and all(isinstance(n, str) and n for n in names)):
        pr.error("panels", f"panels must be a list of names, got {names!r}")
        return folds, ()
    if len(names) != len(folds) + 1:
        pr.error("panels", f"{len(folds)} fold(s) make {len(folds) + 1} panels; {len(names)} named")
        return folds, ()
    return folds, tuple(names)


def _pages(r: Reader, trim: tuple[float, float], safe: Safe, names: Names,
           fold_safe: float = FOLD_SAFE) -> list[PageSpec]:
    pages = []
    for p, page in enumerate(r.items("pages"), 1):
        if not isinstance(page, LocDict):
            r.error("pages", f"page {p} must be a mapping with blocks")
            continue
        pr = r.child(page, f"pages[{p}]")
        pr.only({"name", "blocks", "trim", "repeat", "folds", "panels", "pull_up"})
        page_trim = _size(pr, "trim", trim)
        folds, panels = _folds(pr, page, page_trim)
        repeat = page.get("repeat", False)
        if repeat not in (False, "auto"):
            pr.error("repeat", f"repeat must be auto (add pages while a chained flow has text left), got {repeat!r}")
        blocks_node = page.get("blocks")
        if not isinstance(blocks_node, LocList) or not blocks_node:
            pr.error("blocks", f"page {p} needs a list of blocks")
            continue
        blocks = [_block(pr, b, f"blocks[{i}]", page_trim, safe, names, folds, fold_safe)
                  for i, b in enumerate(blocks_node, 1)]
        names_seen: dict[str, Block] = {}
        for b in blocks:
            if b is not None and b.name in names_seen:
                r.child(page, f"pages[{p}]").error("blocks", f"two blocks named {b.name!r} on page {p} "
                                                             f"(lines {names_seen[b.name].line} and {b.line})")
            elif b is not None:
                names_seen[b.name] = b
        pull_up = page.get("pull_up", [])
        if not isinstance(pull_up, list) or any(n not in names_seen for n in pull_up):
            pr.error("pull_up", f"pull_up must list blocks of this page ({', '.join(names_seen)}), got {pull_up!r}")
            pull_up = []
        pages.append(PageSpec(tuple(b for b in blocks if b is not None), page_trim,
                              str(page.get("name") or p), repeat == "auto", folds, panels, tuple(pull_up)))
    return pages


def _check_chains(r: Reader, pages: list[PageSpec]) -> None:
    """A chain starts at its first frame, which says what runs through it; later frames only continue."""
    seen: set[str] = set()
    for page in pages:
        for b in page.blocks:
            chain = b.get("chain")
            if chain is None:
                continue
            node_r = Reader(LocDict(), r.unit, problems=r.problems)
            node_r.node.file, node_r.node.line, node_r.node.key_lines = b.file, b.line, {}
            if chain not in seen and not b.get("content"):
                node_r.error("content", f"flow {b.name!r} is the first frame of chain {chain!r} and needs content")
            elif chain in seen and b.get("content"):
                node_r.error("content", f"flow {b.name!r} continues chain {chain!r}; only its first frame "
                                        f"names content")
            seen.add(chain)


def _made_for(r: Reader, default: Any, key: str = "made_for") -> Any:
    value = r.node.get(key)
    if value is None:
        return default
    items = value if isinstance(value, list) else [value]
    if not items or not all(v in LEVELS for v in items):
        r.error(key, f"{key} must name levels among {', '.join(LEVELS)}, got {value!r}")
        return default
    return tuple(sorted(LEVELS[v] for v in items))


def parse_layout(path: Path, label: str, directory: Path | None = None, _seen: tuple[str, ...] = ()) -> LayoutSpec:
    node = load_yaml(path, label)
    if not isinstance(node, LocDict):
        raise DataError(Problem("a layout must be a mapping", file=label, line=1))
    r = Reader(node, unit=f"layout {path.stem}")
    r.only(TOP_KEYS)
    base: LayoutSpec | None = None
    parent = node.get("extends")
    if parent is not None:
        if not isinstance(parent, str) or not parent:
            r.error("extends", f"extends must name another layout, got {parent!r}")
        elif parent in _seen or parent == path.stem:
            r.error("extends", f"layouts extend each other in a circle: {' → '.join((*_seen, path.stem, parent))}")
        else:
            # a layout of an office's own extends one beside it, or else a bundled one
            home = path.parent if (path.parent / f"{parent}.yaml").is_file() else (directory or layouts_dir())
            try:
                base = _load(parent, home, (*_seen, path.stem))
            except DataError as err:
                raise DataError(err.problems + [Problem(f"layout {parent!r} that this one extends is broken (above)",
                                                        file=label, line=node.line_of("extends"), unit=r.unit,
                                                        field="extends")]) from err
    trim = _size(r, "trim", base.trim if base else (0.0, 0.0))
    if trim == (0.0, 0.0):
        r.error(None, "missing required key 'trim' ([width, height] in mm)")
        trim = (210.0, 297.0)
    bleed = node.get("bleed", base.bleed if base else 3.0)
    if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not 0 <= bleed <= 20:
        r.error("bleed", f"bleed must be 0..20 mm, got {bleed!r}")
        bleed = 3.0
    safe = _safe(r, base.safe if base else Safe())
    base = _resized_base(r, node, base, trim, safe)
    colors = dict(base.colors) if base else {}
    colors.update({k: _color(r.child(node["colors"], "colors"), k, v) for k, v in (r.mapping("colors") or {}).items()})
    styles = dict(base.styles) if base else {}
    for k, v in (r.mapping("styles") or {}).items():
        styles[k] = _style(r.child(node["styles"], "styles"), k, v, styles.get(k, TextStyle()))
    style_nodes = node.get("styles") if isinstance(node.get("styles"), LocDict) else {}
    for k, style in styles.items():
        if style.color not in colors:
            owner = r.child(style_nodes[k], f"styles.{k}") if k in style_nodes else r
            owner.error("color" if k in style_nodes else "styles", f"style {k!r}: unknown colour {style.color!r}")
    names = Names(set(styles), set(colors))
    fold_safe = node.get("fold_safe", base.fold_safe if base else FOLD_SAFE)
    if isinstance(fold_safe, bool) or not isinstance(fold_safe, (int, float)) or not 0 <= fold_safe <= 30:
        r.error("fold_safe", f"fold_safe must be 0..30 mm, got {fold_safe!r}")
        fold_safe = FOLD_SAFE
    if "pages" in node:
        pages = _pages(r, trim, safe, names, float(fold_safe))
        _check_chains(r, pages)
        if not pages:
            r.error("pages", "a layout needs at least one page")
    elif base is not None:
        pages = list(base.pages)
        if trim != base.trim or safe != base.safe or fold_safe != base.fold_safe:  # inherited blocks must still fit
            from collateral.blocks import KINDS
            for page in pages:
                for b in page.blocks:
                    br = r.child(node, f"(inherited {b.name} at {b.where})")
                    check_box(br, b.kind, KINDS[b.kind].background, b.box, trim, safe)
                    check_folds(br, b.kind, KINDS[b.kind].background, b.box, page.folds, float(fold_safe))
            pages = [replace(p, trim=trim) for p in pages]
    else:
        pages = []
        r.error(None, "missing required key 'pages'")
    made_for = _made_for(r, base.made_for if base else (3,))
    product = node.get("product", base.product if base else "leaflet")
    if product not in PRODUCTS:
        r.error("product", f"product must be one of {', '.join(PRODUCTS)}, got {product!r}")
    orientations = _orientations(r, base.orientations if base else ORIENTATIONS)
    check_levels = _made_for(r, base.check_levels if base else None, "check")
    if check_levels is not None and not set(check_levels) <= set(made_for):
        r.error("check", "check names levels this layout is not made for")
    if r.problems:
        raise DataError(r.problems)
    return LayoutSpec(
        name=r.text("name") or path.stem,
        title=r.text("title") or (base.title if base else ""),
        trim=trim,
        bleed=float(bleed),
        safe=safe,
        colors=colors,
        styles=styles,
        pages=tuple(pages),
        file=label,
        made_for=made_for,
        product=product,
        orientations=orientations,
        check_levels=check_levels,
        resized_from=base.name if base is not None and node.get("resize") else "",
        fold_safe=float(fold_safe),
    )


def _orientations(r: Reader, default: tuple[str, ...]) -> tuple[str, ...]:
    value = r.node.get("orientation")
    if value is None:
        return default
    items = value if isinstance(value, list) else [value]
    if not items or not all(v in ORIENTATIONS for v in items):
        r.error("orientation", f"orientation must name {' or '.join(ORIENTATIONS)} (or both), got {value!r}")
        return default
    return tuple(items)


def _resized_base(r: Reader, node: LocDict, base: LayoutSpec | None, trim: tuple[float, float],
                  safe: Safe) -> LayoutSpec | None:
    """``resize: scale``: the layout it extends, scaled to this one's trim and safe area (see resize.py)."""
    value = node.get("resize")
    if value is None or base is None:
        if value is not None:
            r.error("resize", "resize: scale needs a layout to scale: add extends:")
        return base
    if value != "scale":
        r.error("resize", f"resize must be scale (the inherited pages grow or shrink to the trim), got {value!r}")
        return base
    if "pages" in node:
        r.error("resize", "resize: scale scales the pages this layout inherits; it cannot have pages of its own")
        return base
    from collateral.resize import resize_problems, resized

    spec = resized(base, trim, safe)
    for message in resize_problems(spec):
        r.error("resize", message)
    return spec


def _load(name: str, directory: Path, seen: tuple[str, ...] = ()) -> LayoutSpec:
    path = Path(name) if name.endswith(".yaml") else directory / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise DataError(Problem(f"no layout {name!r} (known: {known})", file=str(path)))
    try:
        label = str(path.relative_to(directory.parent))
    except ValueError:
        label = str(path)
    return parse_layout(path, label, directory, seen)


@lru_cache(maxsize=32)
def load_layout(name: str, directory: Path | None = None) -> LayoutSpec:
    """A product definition by name (``leaflet-a4``) or path."""
    return _load(name, directory or layouts_dir())


def all_layouts(directory: Path | None = None) -> tuple[list[LayoutSpec], list[Problem]]:
    """Every layout in the folder, and the problems of those that do not load."""
    directory = directory or layouts_dir()
    specs, problems = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            specs.append(load_layout(path.stem, directory))
        except DataError as err:
            problems += err.problems
    return specs, problems
