"""Loading product definitions from ``layouts/*.yaml``: page sizes, colours, styles, blocks.

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

The dataclasses are in :mod:`collateral.spec.model`, the parameter vocabulary
in :mod:`collateral.spec.params`, the readers of a file's parts in
:mod:`collateral.products.specparts`; this module reads a whole file, follows
``extends:`` and ``resize:``, and caches what it loaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from collateral.errors import DataError, Problem
from collateral.spec.params import Names, TextStyle
from collateral.paths import layouts_dir
from collateral.products.resize import resize_problems, resized
from collateral.data.schema import Reader
from collateral.spec.model import FOLD_SAFE, ORIENTATIONS, PRODUCTS, LayoutSpec, Safe
from collateral.products.specparts import (check_chains, read_color, read_levels, read_orientations, read_pages, read_safe,
                                  read_size, read_style, recheck_inherited)
from collateral.data.yamlsrc import LocDict, load_yaml
from collateral.i18n import _

TOP_KEYS = {"name", "title", "extends", "trim", "bleed", "safe", "made_for", "colors", "styles", "pages",
            "resize", "product", "orientation", "check", "fold_safe"}
BLEED_RANGE = (0, 20)  # mm
FOLD_SAFE_RANGE = (0, 30)  # mm


def parse_layout(path: Path, label: str, directory: Path | None = None, _seen: tuple[str, ...] = ()) -> LayoutSpec:
    node = load_yaml(path, label)
    if not isinstance(node, LocDict):
        raise DataError(Problem(_("a layout must be a mapping"), file=label, line=1))
    r = Reader(node, unit=f"layout {path.stem}")
    r.only(TOP_KEYS)
    base: LayoutSpec | None = None
    parent = node.get("extends")
    if parent is not None:
        if not isinstance(parent, str) or not parent:
            r.error("extends", _("extends must name another layout, got {parent!r}").format(parent=parent))
        elif parent in _seen or parent == path.stem:
            r.error("extends", _("layouts extend each other in a circle: {value}").format(
                                   value=' → '.join((*_seen, path.stem, parent))))
        else:
            # a layout of an office's own extends one beside it, or else a bundled one
            home = path.parent if (path.parent / f"{parent}.yaml").is_file() else (directory or layouts_dir())
            try:
                base = _load(parent, home, (*_seen, path.stem))
            except DataError as err:
                raise DataError(err.problems + [Problem(_("layout {parent!r} that this one extends is broken "
                                                           "(above)").format(parent=parent),
                                                        file=label, line=node.line_of("extends"), unit_label=r.unit,
                                                        field="extends")]) from err
    trim = read_size(r, "trim", base.trim if base else (0.0, 0.0))
    if trim == (0.0, 0.0):
        r.error(None, _("missing required key 'trim' ([width, height] in mm)"))
        trim = (210.0, 297.0)
    bleed = node.get("bleed", base.bleed if base else 3.0)
    if isinstance(bleed, bool) or not isinstance(bleed, (int, float)) or not BLEED_RANGE[0] <= bleed <= BLEED_RANGE[1]:
        r.error("bleed", _("bleed must be {bleed_range}..{bleed_range2} mm, got {bleed!r}").format(
                             bleed_range=BLEED_RANGE[0], bleed_range2=BLEED_RANGE[1], bleed=bleed))
        bleed = 3.0
    safe = read_safe(r, base.safe if base else Safe())
    base = _resized_base(r, node, base, trim, safe)
    colors = dict(base.colors) if base else {}
    colors.update({k: read_color(r.child(node["colors"], "colors"), k, v) for k,
                   v in (r.mapping("colors") or {}).items()})
    styles = dict(base.styles) if base else {}
    for k, v in (r.mapping("styles") or {}).items():
        styles[k] = read_style(r.child(node["styles"], "styles"), k, v, styles.get(k, TextStyle()))
    style_nodes = node.get("styles") if isinstance(node.get("styles"), LocDict) else {}
    for k, style in styles.items():
        if style.color not in colors:
            owner = r.child(style_nodes[k], f"styles.{k}") if k in style_nodes else r
            owner.error("color" if k in style_nodes else "styles", f"style {k!r}: unknown colour {style.color!r}")
    names = Names(set(styles), set(colors))
    fold_safe = node.get("fold_safe", base.fold_safe if base else FOLD_SAFE)
    if isinstance(fold_safe, bool) or not isinstance(fold_safe, (int, float)) or \
            not FOLD_SAFE_RANGE[0] <= fold_safe <= FOLD_SAFE_RANGE[1]:
        r.error("fold_safe", _("fold_safe must be {fold_safe_range}..{fold_safe_range2} mm, got {fold_safe!r}").format(
                                 fold_safe_range=FOLD_SAFE_RANGE[0], fold_safe_range2=FOLD_SAFE_RANGE[1], fold_safe=fold_safe))
        fold_safe = FOLD_SAFE
    if "pages" in node:
        pages = read_pages(r, trim, safe, names, float(fold_safe))
        check_chains(r, pages)
        if not pages:
            r.error("pages", _("a layout needs at least one page"))
    elif base is not None:
        pages = list(base.pages)
        if trim != base.trim or safe != base.safe or fold_safe != base.fold_safe:  # inherited blocks must still fit
            pages = recheck_inherited(r, node, pages, trim, safe, float(fold_safe))
    else:
        pages = []
        r.error(None, _("missing required key 'pages'"))
    made_for = read_levels(r, base.made_for if base else (3,))
    product = node.get("product", base.product if base else "leaflet")
    if not isinstance(product, str) or product not in PRODUCTS:
        r.error("product", _("product must be one of {value}, got {product!r}").format(
                               value=', '.join(PRODUCTS), product=product))
    orientations = read_orientations(r, base.orientations if base else ORIENTATIONS)
    check_levels = read_levels(r, base.check_levels if base else None, "check")
    if check_levels is not None and not set(check_levels) <= set(made_for):
        r.error("check", _("check names levels this layout is not made for"))
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


def _resized_base(r: Reader, node: LocDict, base: LayoutSpec | None, trim: tuple[float, float],
                  safe: Safe) -> LayoutSpec | None:
    """``resize: scale``: the layout it extends, scaled to this one's trim and safe area (see resize.py)."""
    value = node.get("resize")
    if value is None or base is None:
        if value is not None:
            r.error("resize", _("resize: scale needs a layout to scale: add extends:"))
        return base
    if value != "scale":
        r.error("resize", _("resize must be scale (the inherited pages grow or shrink to the trim), got "
                             "{value!r}").format(value=value))
        return base
    if "pages" in node:
        r.error("resize", _("resize: scale scales the pages this layout inherits; it cannot have pages of its "
                             "own"))
        return base
    spec = resized(base, trim, safe)
    for message in resize_problems(spec):
        r.error("resize", message)
    return spec


def _load(name: str, directory: Path, seen: tuple[str, ...] = ()) -> LayoutSpec:
    path = Path(name) if name.endswith(".yaml") else directory / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml")))
        raise DataError(Problem(_("no layout {name!r} (known: {known})").format(name=name, known=known),
                                file=str(path)))
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
