"""The JSON Schema (draft 2020-12) of ``layouts/*.yaml``, built from the rules specload applies.

The keys come from specload's and specparts' own tables (``TOP_KEYS``,
``PAGE_KEYS``, ``BLOCK_KEYS``, ``STYLE_CHOICES``, the ranges), the text
styles from :class:`~collateral.spec.params.TextStyle`'s fields, and every block
kind's parameters from its schema in :data:`~collateral.compose.kinds.KINDS`, each
check carrying the JSON of what it accepts (``params.described``). A key the
loader learns without a line here stops :func:`layout_schema` (a test runs
it), so the schema cannot silently lag.

What a schema cannot say (a style or colour named but not defined, a box
in the safe area, counts that must agree) stays with ``collateral check``;
the schema refuses only what loading refuses.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from collateral.compose.kinds import KINDS
from collateral.data.jsonschemas import data_schemas, rendered
from collateral.products.specload import BLEED_RANGE, FOLD_SAFE_RANGE, TOP_KEYS
from collateral.products.specparts import BLOCK_KEYS, PAGE_KEYS, SAFE_SIDES, STYLE_CHOICES
from collateral.spec.model import LEVELS, ORIENTATIONS, PRODUCTS
from collateral.spec.params import Param, TextStyle


def described(zh: str, en: str, **schema: Any) -> dict[str, Any]:
    """A schema with its bilingual description (editors show it on hover)."""
    return {"description": f"{zh}\n{en}", **schema}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` that also takes an empty value (``key:`` with nothing), which the loaders read as absent."""
    out = dict(schema)
    if "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    elif "enum" in out:
        out["enum"] = [*out["enum"], None]
    else:
        return {"anyOf": [out, {"type": "null"}]}
    return out


def _number(lo: float | None = None, hi: float | None = None, above: float | None = None) -> dict[str, Any]:
    bounds = {"minimum": lo, "maximum": hi, "exclusiveMinimum": above}
    return {"type": "number", **{k: v for k, v in bounds.items() if v is not None}}


SIZE = {"type": "array", "prefixItems": [_number(above=0), _number(above=0)], "minItems": 2, "maxItems": 2}
COLOR = described("CMYK 百分比 [c, m, y, k]，各 0..100", "CMYK percentages [c, m, y, k], each 0..100",
                  type="array", items=_number(0, 100), minItems=4, maxItems=4)
BOX = described("[x, y, 宽, 高]，mm，原点在成品左上角；宽、高大于 0",
                "[x, y, width, height] in mm from the trim's top-left corner; width and height above 0",
                type="array", minItems=4, maxItems=4,
                prefixItems=[_number(), _number(), _number(above=0), _number(above=0)])


def _levels(zh: str, en: str) -> dict[str, Any]:
    level = {"enum": list(LEVELS)}
    return nullable(described(zh, en, anyOf=[level, {"type": "array", "minItems": 1, "items": level}]))


def param_schema(param: Param) -> dict[str, Any]:
    """One block parameter: its check's JSON (``check.json``), nested mappings built from their schema."""
    check = param.check
    inner = getattr(check, "schema", None)
    if inner is not None:
        record = params_schema(inner)
        schema = {"type": "array", "minItems": 1, "items": record} if getattr(check, "many", False) else record
    else:
        schema = dict(check.json)  # type: ignore[attr-defined]  # every check says what it accepts
    if param.default is not None:
        schema["default"] = param.default if not isinstance(param.default, tuple) else list(param.default)
    return schema if param.required else nullable(schema)


def params_schema(schema: dict[str, Param], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A mapping read by ``params.read_params``: exactly these keys (and ``extra``), the required ones present."""
    props = {**(extra or {}), **{k: param_schema(p) for k, p in schema.items()}}
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    required = [k for k, p in schema.items() if p.required]
    if required:
        out["required"] = required
    return out


def style_schema() -> dict[str, Any]:
    """A text style: TextStyle's fields, each of its default's type; choices where specparts has them."""
    props: dict[str, Any] = {}
    for f in fields(TextStyle):
        default = getattr(TextStyle(), f.name)
        if isinstance(default, bool):
            props[f.name] = {"type": "boolean", "default": default}
        elif isinstance(default, float):
            props[f.name] = {"type": "number", "minimum": 0, "default": default}
        else:
            props[f.name] = {"type": "string", "default": default}
        if f.name in STYLE_CHOICES:
            props[f.name]["enum"] = list(STYLE_CHOICES[f.name])
    props["color"]["description"] = "colors 中定义的颜色名\na colour defined under colors"
    props["size"]["description"] = "首选字号，pt\nthe preferred size, pt"
    props["min_size"]["description"] = "放不下时可缩到的最小字号，pt（0：不缩）\nthe smallest size when text must shrink, pt"
    return described("文字样式", "A text style", type="object", properties=props, additionalProperties=False)


def block_schema() -> dict[str, Any]:
    """A block: ``kind`` picks the parameters (one if/then per kind, each refusing keys its kind has not)."""
    common = {
        "kind": described("块的种类", "The block's kind", enum=sorted(KINDS)),
        "box": BOX,
        "name": described("块名（pull_up、chain 等引用）", "The block's name (pull_up refers to it)"),
    }
    assert set(common) == set(BLOCK_KEYS), "specparts.BLOCK_KEYS changed: describe the new key here"
    cases = []
    for kind_name, kind in sorted(KINDS.items()):
        doc = (type(kind).__doc__ or "").strip().splitlines()[0]
        then = params_schema(kind.params, common)
        then["required"] = ["kind", "box", *then.get("required", [])]
        then["description"] = f"{kind_name}: {doc}"
        cases.append({"if": {"properties": {"kind": {"const": kind_name}}, "required": ["kind"]}, "then": then})
    return {"type": "object", "required": ["kind", "box"], "properties": common, "allOf": cases}


def page_schema() -> dict[str, Any]:
    props = {
        "name": described("页名", "The page's name"),
        "blocks": described("本页的块", "The page's blocks", type="array", minItems=1,
                            items={"$ref": "#/$defs/block"}),
        "trim": nullable(described("本页成品尺寸 [宽, 高]，mm", "This page's trim [width, height] in mm", **SIZE)),
        "repeat": described("auto：链式文字未排完时重复本页", "auto: add pages while a chained flow has text left",
                            enum=[False, "auto"]),
        "folds": nullable(described("折线位置，mm，从成品左边量起，从左到右", "Fold lines, mm from the trim's left "
                                    "edge, left to right", type="array", minItems=1, uniqueItems=True,
                                    items=_number(above=0))),
        "panels": nullable(described("折线之间各版面的名称", "Names of the panels between folds", type="array",
                                     items={"type": "string", "minLength": 1})),
        "pull_up": described("可提到上一页的块名", "Blocks set on the previous page when they fit",
                             type="array", items={"type": "string"}),
    }
    assert set(props) == set(PAGE_KEYS), "specparts.PAGE_KEYS changed: describe the new key here"
    return {"type": "object", "required": ["blocks"], "properties": props, "additionalProperties": False}


def layout_schema() -> dict[str, Any]:
    """The whole ``layouts/*.yaml`` schema."""
    side = _number(0)
    safe = described("安全边距，mm：一个数、[上, 右, 下, 左] 或 {top: …, left: …}",
                     "Safe margins in mm: one number, [top, right, bottom, left] or {top: …, left: …}",
                     anyOf=[side, {"type": "array", "items": side, "minItems": 4, "maxItems": 4},
                            {"type": "object", "properties": {s: side for s in SAFE_SIDES},
                             "additionalProperties": False}])
    text = {"type": "string"}
    props = {
        "name": nullable(described("版式名（默认：文件名）", "The layout's name (default: the file name)", **text)),
        "title": nullable(described("标题", "The title", **text)),
        "extends": nullable(described("继承的版式名", "The layout this one extends", type="string", minLength=1)),
        "trim": nullable(described("成品尺寸 [宽, 高]，mm", "The trim [width, height] in mm", **SIZE)),
        "bleed": described("出血，mm", "Bleed in mm", **_number(*BLEED_RANGE)),
        "safe": nullable(safe),
        "made_for": _levels("适用的级别", "The levels of units it is made for"),
        "check": _levels("collateral check 排版检查的级别", "The levels collateral check composes"),
        "colors": nullable(described("颜色", "Colours", type="object", additionalProperties=COLOR)),
        "styles": nullable(described("文字样式", "Text styles", type="object",
                                     additionalProperties={"$ref": "#/$defs/style"})),
        "pages": described("各页", "The pages", type="array", minItems=1, items={"$ref": "#/$defs/page"}),
        "resize": nullable(described("scale：按本版式尺寸缩放所继承的页面", "scale: the inherited pages grow or "
                                     "shrink to this trim", const="scale")),
        "product": described("生成它的命令", "The command that makes it", enum=list(PRODUCTS)),
        "orientation": nullable(described("方向", "Orientation", anyOf=[
            {"enum": list(ORIENTATIONS)}, {"type": "array", "minItems": 1, "items": {"enum": list(ORIENTATIONS)}}])),
        "fold_safe": described("折线两侧留空，mm", "mm kept clear on both sides of a fold",
                               **_number(*FOLD_SAFE_RANGE)),
    }
    assert set(props) == TOP_KEYS, "specload.TOP_KEYS changed: describe the new key here"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "layout.schema.json",
        "title": "collateral layout (layouts/*.yaml)",
        "description": "宣传品版式：尺寸 mm，字号 pt。由 collateral schema 生成，勿手改。\n"
                       "A product layout: sizes in mm, type in pt. Generated by collateral schema; do not edit.",
        "type": "object",
        "properties": props,
        "additionalProperties": False,
        # without extends, a layout states its own trim and pages
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": ["trim", "pages"]},
        "$defs": {"page": page_schema(), "block": block_schema(), "style": style_schema()},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema, for every kind of file the tool reads: the data files' and the layouts'."""
    return {**data_schemas(), "layout.schema.json": layout_schema()}


def stale(out: Path) -> list[str]:
    """The schema files in ``out`` that differ from what this version generates (or are missing)."""
    return [name for name, schema in all_schemas().items()
            if not (out / name).is_file() or (out / name).read_bytes() != rendered(schema)]
