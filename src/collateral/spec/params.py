"""The vocabulary block parameters are written in: units, colours, text styles, and checks.

A block kind declares its parameters as ``{name: Param}``; each Param checks
one value of a layout file and returns it in the form drawing needs (floats,
tuples), or records a problem with the value's file:line and returns None.

This module sits below everything that reads or draws layouts: it imports no
block kind and no engine, so kinds, the parser and ``resize`` may all use it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Callable

from collateral.data.schema import Reader, template_pattern
from collateral.data.yamlsrc import LocDict, LocList
from collateral.i18n import _

MM = 72 / 25.4  # points per millimetre

# Values layouts may name in their texts, e.g. ``{place}``; filled per piece by ``content``.
FIELDS = frozenset({
    "place", "name", "code", "province", "office", "date", "edition", "sms_number", "sms_holder",
    "sms_format", "table_title", "guide_title", "page", "wechat_account",
})


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

    def __hash__(self) -> int:  # worked out once: a style is in the key of every paragraph set and every frame fitted
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f) for f in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:  # a hash is only good in the process that made it (str hashes are seeded)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @property
    def smallest(self) -> float:
        return self.min_size or self.size


@dataclass
class Names:
    """What a layout defines, that parameters may refer to."""

    styles: set[str]
    colors: set[str]


Check = Callable[[Reader, str, Any, Names], Any]


def described(check: Any, fragment: dict[str, Any]) -> Any:
    """``check`` with the JSON Schema of the values it accepts (``check.json``), for layoutschema.

    Written beside each check from the same arguments (ranges, choices,
    fields), so an editor flags what loading the layout refuses.
    """
    check.json = fragment
    return check


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
            return _bad(r, key, _("{value!r} is out of range {rng}").format(value=value, rng=rng))
        return float(value)
    bounds = {k: v for k, v in (("minimum", lo), ("maximum", hi)) if v is not None}
    return described(check, {"type": "number", **bounds})


def flag(r: Reader, key: str, value: Any, names: Names) -> bool | None:
    if not isinstance(value, bool):
        return _bad(r, key, _("expected true or false, got {value!r}").format(value=value))
    return value


def choice(*options: str) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> str | None:
        if value not in options:
            return _bad(r, key, _("{value!r} is not one of {value2}").format(value=value, value2=', '.join(options)))
        return value
    return described(check, {"enum": list(options)})


def name(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _bad(r, key, f"expected a name, got {value!r}")
    return value


def style_ref(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if not isinstance(value, str) or value not in names.styles:
        return _bad(r, key, _("unknown style {value!r} (defined: {value2})").format(
                                value=value, value2=', '.join(sorted(names.styles))))
    return value


def color_ref(r: Reader, key: str, value: Any, names: Names) -> str | None:
    if not isinstance(value, str) or value not in names.colors:
        return _bad(r, key, _("unknown colour {value!r} (defined: {value2})").format(
                                value=value, value2=', '.join(sorted(names.colors))))
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
        return _bad(r, key, _("expected text, got {value} {value2!r}").format(value=_kind(value), value2=value))
    problem = template_problem(value)
    return _bad(r, key, problem) if problem else value


def templates(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    """One text or a list of paragraphs."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return _bad(r, key, _("expected text or a list of texts, got {value}").format(value=_kind(value)))
    out = [template(r, key, v, names) for v in items]
    return tuple(out) if None not in out else None


def strings(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return _bad(r, key, _("expected a list of texts, got {value!r}").format(value=value))
    return tuple(value)


def numbers(lo: float = 0.0) -> Check:
    def check(r: Reader, key: str, value: Any, names: Names) -> tuple[float, ...] | None:
        if not isinstance(value, list) or not value or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v > lo for v in value):
            return _bad(r, key, _("expected a list of numbers above {lo:g}, got {value!r}").format(
                                    lo=lo, value=value))
        return tuple(float(v) for v in value)
    return described(check, {"type": "array", "minItems": 1, "items": {"type": "number", "exclusiveMinimum": lo}})


def flow_content(r: Reader, key: str, value: Any, names: Names) -> tuple[str, ...] | None:
    """A flow's parts: ``definition``, ``section:<key>`` of the guide, ``heading:<text>``, or a text with {fields}."""
    if not isinstance(value, list) or not value:
        return _bad(r, key, _("expected a list of parts (definition, section:<key>, or text), got {value} "
                               "{value2!r}").format(value=_kind(value), value2=value))
    out = []
    for item in value:
        if not isinstance(item, str):
            return _bad(r, key, _("each part must be text, got {item!r}").format(item=item))
        if item.startswith("section:") and not item.split(":", 1)[1].strip():
            return _bad(r, key, _("{item!r} names no guide section").format(item=item))
        if item != "definition" and not item.startswith("section:") and \
                template(r, key, item.removeprefix("heading:"), names) is None:
            return None
        out.append(item)
    return tuple(out)


TEMPLATE = {"type": "string", "pattern": template_pattern(FIELDS)}
described(flag, {"type": "boolean"})
described(name, {"type": "string", "pattern": r"\S"})
described(style_ref, {"type": "string", "description": "styles 中定义的样式名 / a style defined under styles"})
described(color_ref, {"type": "string", "description": "colors 中定义的颜色名 / a colour defined under colors"})
described(template, TEMPLATE)
described(templates, {"type": ["string", "array"], "pattern": TEMPLATE["pattern"], "minItems": 1, "items": TEMPLATE})
described(strings, {"type": "array", "items": {"type": "string"}})
# definition, section:<key> (not blank), or a text (heading:<text> too) whose {fields} are known
described(flow_content, {"type": "array", "minItems": 1, "items": {
    "type": "string", "pattern": r"^(?:section:[\s\S]*\S[\s\S]*|(?!section:)" + TEMPLATE["pattern"][1:-1] + ")$"}})


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
            return _bad(r, key, _("expected a list of mappings, got {value}").format(value=_kind(value)))
        out = [mapping(schema)(r, key, v, names) if isinstance(v, LocDict)
               else _bad(r, key, _("item {i} must be a mapping").format(i=i)) for i, v in enumerate(value, 1)]
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
                r.error(None, _("missing required key {key!r}").format(key=key))
            elif param.default is not None and param.check in (style_ref, color_ref) and param.default not in (
                    names.styles if param.check is style_ref else names.colors):
                what = "style" if param.check is style_ref else "colour"
                r.error(None, _("{key} is not given and the layout defines no {what} {default!r} to default to").format(
                                  key=key, what=what, default=param.default))
            elif param.default is not None:
                values[key] = param.default
            continue
        checked = param.check(r, key, node[key], names)
        if checked is not None:
            values[key] = checked
    return values if len(r.problems) == before else None

