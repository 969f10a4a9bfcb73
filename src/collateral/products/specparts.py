"""The parts of a layout file, each read and checked: colours, styles, sizes, safe area, pages, blocks.

Every reader records what is wrong at the value's file:line on the
:class:`Reader` and returns a usable stand-in, so one load lists every fault
of a layout. Block parameters are checked against their kind's schema from
the registry (:mod:`collateral.compose.kinds`), which sits below this module.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from collateral.compose.kinds import KINDS
from collateral.spec.params import Color, Names, TextStyle, read_params
from collateral.data.schema import Reader
from collateral.spec.model import FOLD_SAFE, LEVELS, ORIENTATIONS, Block, PageSpec, Safe
from collateral.data.yamlsrc import LocDict, LocList
from collateral.i18n import _

STYLE_CHOICES = {"font": ("regular", "bold"), "align": ("justify", "left", "center", "right"),
                 "breaks": ("any", "place"), "punctuation": ("full", "kaiming")}
PAGE_KEYS = ("name", "blocks", "trim", "repeat", "folds", "panels", "pull_up")
SAFE_SIDES = ("top", "right", "bottom", "left")
BLOCK_KEYS = ("kind", "box", "name")  # every block has them; the rest are its kind's parameters


def read_color(r: Reader, key: str, value: Any) -> Color:
    if isinstance(value, list) and len(value) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        if all(0 <= v <= 100 for v in value):
            return Color(*(v / 100 for v in value))
    r.error(key, _("colour must be CMYK percentages [c, m, y, k], got {value!r}").format(value=value))
    return Color(0, 0, 0, 1)


def read_style(r: Reader, key: str, node: Any, base: TextStyle) -> TextStyle:
    if not isinstance(node, LocDict):
        r.error(key, _("a style must be a mapping"))
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
        if k in STYLE_CHOICES and value not in STYLE_CHOICES[k]:
            sr.error(k, _("{value!r} is not one of {value2}").format(
                            value=value, value2=', '.join(STYLE_CHOICES[k])))
            continue
        values[k] = value
    style = replace(base, **values)
    if style.size <= 0:
        sr.error("size", _("size must be above 0, got {size}").format(size=style.size))
    if style.min_size > style.size:
        sr.error("min_size", _("min_size {min_size} is larger than size {size}").format(
                                 min_size=style.min_size, size=style.size))
    return style


def read_size(r: Reader, key: str, default: tuple[float, float]) -> tuple[float, float]:
    value = r.node.get(key)
    if value is None:
        return default
    if not (isinstance(value, list) and len(value) == 2 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in value)):
        r.error(key, _("{key} must be [width, height] in mm, got {value!r}").format(key=key, value=value))
        return default
    return float(value[0]), float(value[1])


def read_safe(r: Reader, default: Safe) -> Safe:
    """``safe: 5``, ``safe: [top, right, bottom, left]`` or ``safe: {top: 10, ...}``."""
    value = r.node.get("safe")
    if value is None:
        return default
    ok = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0  # noqa: E731
    if ok(value):
        return Safe(*(float(value),) * 4)
    if isinstance(value, list) and len(value) == 4 and all(ok(v) for v in value):
        return Safe(*(float(v) for v in value))
    if isinstance(value, LocDict) and set(value) <= set(SAFE_SIDES) and all(
            ok(v) for v in value.values()):
        return replace(default, **{k: float(v) for k, v in value.items()})
    r.error("safe", _("safe must be mm (5), [top, right, bottom, left] or {{top: …, left: …}}, got {value!r}").format(
                        value=value))
    return default


def read_box(br: Reader, node: LocDict, kind_name: str, background: bool, trim: tuple[float, float],
         safe: Safe) -> tuple[float, float, float, float] | None:
    box = node.get("box")
    if not (isinstance(box, list) and len(box) == 4 and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in box)) or box[2] <= 0 or box[3] <= 0:
        br.error("box", _("box must be [x, y, width, height] in mm with width and height above 0, got {box!r}").format(
                            box=box))
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
        r.error("box", _("{kind_name} block {value} reaches within the safe area of the {tw:g}×{th:g} mm trim "
                          "(top {top:g}, right {right:g}, bottom {bottom:g}, left {left:g} mm)").format(
                           kind_name=kind_name, value=list(box), tw=tw, th=th, top=safe.top, right=safe.right, bottom=safe.bottom, left=safe.left))


def check_folds(r: Reader, kind_name: str, background: bool, box: tuple[float, float, float, float],
                folds: tuple[float, ...], keep: float) -> None:
    """A block (other than a background) keeps ``keep`` mm from every fold line, on both sides."""
    if background:
        return
    x, _y, w, _h = box
    for fold in folds:
        if x - keep < fold - 1e-6 and fold + 1e-6 < x + w + keep:
            side = "crosses" if x < fold < x + w else "comes within " + (
                f"{fold - (x + w):.3g} mm of" if fold >= x + w else f"{x - fold:.3g} mm of")
            r.error("box", _("{kind_name} block {value} {side} the fold at {fold:g} mm; keep {keep:g} mm "
                              "clear on both sides of a fold ({value2:g}..{value3:g} mm)").format(
                               kind_name=kind_name, value=list(box), side=side, fold=fold, keep=keep, value2=fold - keep, value3=fold + keep))


def read_block(r: Reader, node: Any, where: str, trim: tuple[float, float], safe: Safe, names: Names,
           folds: tuple[float, ...] = (), fold_safe: float = FOLD_SAFE) -> Block | None:
    if not isinstance(node, LocDict):
        r.error("pages", f"{where} must be a mapping")
        return None
    br = r.child(node, where)
    kind_name = br.text("kind", required=True)
    kind = KINDS.get(kind_name)
    if kind is None:
        if kind_name:
            br.error("kind", _("unknown block kind {kind_name!r} (known: {value})").format(
                                 kind_name=kind_name, value=', '.join(sorted(KINDS))))
        return None
    box = read_box(br, node, kind_name, kind.background, trim, safe)
    if box is not None:
        check_folds(br, kind_name, kind.background, box, folds, fold_safe)
    params = read_params(br, node, kind.params, names, skip=frozenset(BLOCK_KEYS))
    if box is None or params is None:
        return None
    block_name = str(node.get("name") or f"{kind_name}@{where}")
    block = Block(kind_name, block_name, box, tuple(params.items()), node.file, node.line)
    for key, message in kind.check(block):
        br.error(key, message)
    return block


def read_folds(pr: Reader, page: LocDict, trim: tuple[float, float]) -> tuple[tuple[float, ...], tuple[str, ...]]:
    """A page's fold lines (inside the trim, left to right) and the names of the panels between them."""
    value = page.get("folds")
    if value is None:
        folds: tuple[float, ...] = ()
    elif isinstance(value, list) and value and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < trim[0] for v in value) \
            and list(value) == sorted(set(value)):
        folds = tuple(float(v) for v in value)
    else:
        pr.error("folds", _("folds must be x positions in mm inside the {trim:g} mm wide trim, left to right, "
                             "got {value!r}").format(trim=trim[0], value=value))
        folds = ()
    names = page.get("panels")
    if names is None:
        return folds, ()
    if not (isinstance(names, list) and all(isinstance(n, str) and n for n in names)):
        pr.error("panels", _("panels must be a list of names, got {names!r}").format(names=names))
        return folds, ()
    if len(names) != len(folds) + 1:
        pr.error("panels", _("{count} fold(s) make {value} panels; {count2} named").format(
                               count=len(folds), value=len(folds) + 1, count2=len(names)))
        return folds, ()
    return folds, tuple(names)


def read_pages(r: Reader, trim: tuple[float, float], safe: Safe, names: Names,
           fold_safe: float = FOLD_SAFE) -> list[PageSpec]:
    pages = []
    for p, page in enumerate(r.items("pages"), 1):
        if not isinstance(page, LocDict):
            r.error("pages", _("page {p} must be a mapping with blocks").format(p=p))
            continue
        pr = r.child(page, f"pages[{p}]")
        pr.only(set(PAGE_KEYS))
        page_trim = read_size(pr, "trim", trim)
        folds, panels = read_folds(pr, page, page_trim)
        repeat = page.get("repeat", False)
        if repeat is not False and repeat != "auto":  # not `in (False, …)`: 0 == False
            pr.error("repeat", _("repeat must be auto (add pages while a chained flow has text left), got "
                                  "{repeat!r}").format(repeat=repeat))
        blocks_node = page.get("blocks")
        if not isinstance(blocks_node, LocList) or not blocks_node:
            pr.error("blocks", _("page {p} needs a list of blocks").format(p=p))
            continue
        blocks = [read_block(pr, b, f"blocks[{i}]", page_trim, safe, names, folds, fold_safe)
                  for i, b in enumerate(blocks_node, 1)]
        names_seen: dict[str, Block] = {}
        for b in blocks:
            if b is not None and b.name in names_seen:
                r.child(page, f"pages[{p}]").error("blocks", _("two blocks named {name!r} on page {p} (lines "
                                                                "{line} and {line2})").format(
                                                                 name=b.name, p=p, line=names_seen[b.name].line, line2=b.line))
            elif b is not None:
                names_seen[b.name] = b
        pull_up = page.get("pull_up", [])
        if not isinstance(pull_up, list) or any(not isinstance(n, str) or n not in names_seen for n in pull_up):
            pr.error("pull_up", _("pull_up must list blocks of this page ({value}), got {pull_up!r}").format(
                                    value=', '.join(names_seen), pull_up=pull_up))
            pull_up = []
        pages.append(PageSpec(tuple(b for b in blocks if b is not None), page_trim,
                              str(page.get("name") or p), repeat == "auto", folds, panels, tuple(pull_up)))
    return pages


def check_chains(r: Reader, pages: list[PageSpec]) -> None:
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
                node_r.error("content", _("flow {name!r} is the first frame of chain {chain!r} and needs "
                                           "content").format(name=b.name, chain=chain))
            elif chain in seen and b.get("content"):
                node_r.error("content", _("flow {name!r} continues chain {chain!r}; only its first frame "
                                           "names content").format(name=b.name, chain=chain))
            seen.add(chain)


def read_levels(r: Reader, default: Any, key: str = "made_for") -> Any:
    value = r.node.get(key)
    if value is None:
        return default
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v in LEVELS for v in items):
        r.error(key, _("{key} must name levels among {value}, got {value2!r}").format(
                         key=key, value=', '.join(LEVELS), value2=value))
        return default
    return tuple(sorted(LEVELS[v] for v in items))



def read_orientations(r: Reader, default: tuple[str, ...]) -> tuple[str, ...]:
    value = r.node.get("orientation")
    if value is None:
        return default
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(v, str) and v in ORIENTATIONS for v in items):
        r.error("orientation", _("orientation must name {value} (or both), got {value2!r}").format(
                                   value=' or '.join(ORIENTATIONS), value2=value))
        return default
    return tuple(items)


def recheck_inherited(r: Reader, node: LocDict, pages: list[PageSpec], trim: tuple[float, float], safe: Safe,
                      fold_safe: float) -> list[PageSpec]:
    """Inherited pages on a new trim, safe area or fold margin: their blocks must still fit."""
    for page in pages:
        for b in page.blocks:
            br = r.child(node, f"(inherited {b.name} at {b.where})")
            check_box(br, b.kind, KINDS[b.kind].background, b.box, trim, safe)
            check_folds(br, b.kind, KINDS[b.kind].background, b.box, page.folds, fold_safe)
    return [replace(p, trim=trim) for p in pages]
