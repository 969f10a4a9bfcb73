"""The 接访大厅示意图: an inline SVG map whose regions open their reception hall's panel.

Each region is an SVG link to its hall's panel: pointing at it or focusing it
shows "请点击" (Attachment 1, 图 3-1); a click, a tap or Enter opens the
panel through ``:target`` — no script at all. The panel names the hall (the
unit's 信访 office) and lists its leaders' public numbers, 待公布 where none
is published yet. Units without an outline (development zones) are links
under the map that open the same kind of panel.
"""

from __future__ import annotations

from importlib.resources import files

from collateral.web.geo import MapShape, Region
from collateral.web.markup import attrs, esc
from collateral.web.view import BLANK, Hall, KitView

LABEL_SIZES = (24, 17)  # grid units (the map is 1000 wide): tried in turn until a name fits
TIP_SIZE = 26
HINT = "请点击"


def css() -> str:
    return files("collateral.web").joinpath("assets/map.css").read_text(encoding="utf-8")


def _label(region: Region) -> str:
    x, y, room = region.label
    for size in LABEL_SIZES:
        if room >= size * 0.7 and 2 * room >= len(region.name) * size * 0.9:
            return f'<text{attrs(class_=f"cmw-l-{region.code}", x=x, y=y, font_size=size)}>{esc(region.name)}</text>'
    return ""


def _tip(region: Region, shape: MapShape, ids: str) -> str:
    text = f"{region.name} · {HINT}"
    w, h = len(text) * TIP_SIZE * 0.9 + 24, TIP_SIZE * 1.6
    x, y, _ = region.label
    cx = min(max(x, w / 2 + 2), shape.width - w / 2 - 2)
    top = max(2, y - h - 18)
    return (f'<g{attrs(class_="cmw-tip", id=f"{ids}-tip-{region.code}")}>'
            f'<rect{attrs(x=round(cx - w / 2), y=round(top), width=round(w), height=round(h), rx=6)}/>'
            f'<text{attrs(x=round(cx), y=round(top + h / 2), font_size=TIP_SIZE)}>{esc(text)}</text></g>')


def _rules(ids: str, codes: list[str]) -> str:
    """Per-region rules: a region's tip and label follow its hover and focus; it stays marked while its panel is open."""
    out = []
    for code in codes:
        r = f"#{ids}-r-{code}"
        out.append(f"{r}:hover~.cmw-tips #{ids}-tip-{code},{r}:focus~.cmw-tips #{ids}-tip-{code}{{visibility:visible}}"
                   f"{r}:focus~.cmw-labels .cmw-l-{code}{{fill:#fff}}"
                   f".cmw-map:has(#{ids}-hall-{code}:target) {r}:not(:focus) path{{fill:#f7c873}}")  # the region whose panel is open
    return "\n".join(out)


def _hall(h: Hall, ids: str, own: bool, back: str | None) -> str:
    hid = f"{ids}-hall-{h.code}"
    rows = []
    for leader in h.leaders:
        name = esc(leader.name) if leader.name else f'<span class="cmw-blank">{BLANK}</span>'
        phone = (f'<a{attrs(href=f"tel:{leader.phone}")}>{esc(leader.phone)}</a>' if leader.phone
                 else f'<span class="cmw-blank">{BLANK}</span>')
        rows.append(f"<tr><td>{esc(leader.role)}</td><td>{name}</td><td>{phone}</td></tr>")
    table = ('<table class="cmw-leaders"><caption>领导干部手机短信信访公开号码</caption>'
             '<thead><tr><th scope="col">职务</th><th scope="col">姓名</th><th scope="col">公开号码</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>') if rows else f"<p>领导干部公开号码：{BLANK}</p>"
    office = esc(h.office) if h.office else BLANK
    back_link = f'<a{attrs(class_="cmw-back", href=f"#{back}")}>返回地图</a>' if back else ""
    return (f'<section{attrs(class_="cmw-hall cmw-own" if own else "cmw-hall", id=hid, tabindex=-1, aria_labelledby=f"{hid}-h")}>'
            f'<h3{attrs(id=f"{hid}-h")}>{esc(h.name)}</h3>'
            f'<p class="cmw-office"><b>接访大厅：</b>{office}</p>{table}{back_link}</section>')


def map_html(view: KitView, shape: MapShape) -> str:
    """The map snippet, a ``<section>`` with its own ``<style>``; ids carry the target's code."""
    ids = f"cmw-{view.code}"
    drawn = [h for h in view.regions if h.code in shape.regions]
    undrawn = [h for h in view.regions if h.code not in shape.regions]
    links, labels, tips = [], [], []
    for h in drawn:
        region = shape.regions[h.code]
        links.append(f'<a{attrs(class_="cmw-region", id=f"{ids}-r-{h.code}", href=f"#{ids}-hall-{h.code}", aria_label=f"{h.name}：{HINT}查看接访大厅和公开号码", aria_current="true" if h.code == view.current else None)}>'
                     f'<path{attrs(d=region.d)}/></a>')
        labels.append(_label(region))
        tips.append(_tip(region, shape, ids))
    svg = (f'<svg{attrs(class_="cmw-svg", viewBox=f"0 0 {shape.width} {shape.height}", role="group", aria_label=f"{view.map_name}地图：各地区可点击")}>'
           + "".join(links)
           + f'<g class="cmw-labels" aria-hidden="true" font-size="{LABEL_SIZES[0]}">{"".join(labels)}</g>'
           + f'<g class="cmw-tips" aria-hidden="true">{"".join(tips)}</g></svg>')
    extra = ""
    if undrawn:
        extra = ('<nav class="cmw-extra" aria-label="图中无单独边界的功能区"><p>图中无单独边界的功能区：</p><ul>'
                 + "".join(f'<li><a{attrs(href=f"#{ids}-hall-{h.code}")}>{esc(h.name)}</a></li>' for h in undrawn)
                 + "</ul></nav>")
    codes = [h.code for h in view.regions]
    halls = [] if view.own.code in codes else [_hall(view.own, ids, True, None)]
    halls += [_hall(h, ids, h.code == view.own.code, f"{ids}-r-{h.code}" if h.code in shape.regions else None)
              for h in view.regions]
    credit = "边界数据：" + "；".join(esc(s) for s in shape.sources) + "。本图为示意图，不作为划界依据。"
    title = f"{ids}-map"
    return (f'<section{attrs(class_="cmw-map", lang="zh-CN", aria_labelledby=title)}>\n'
            f"<style>\n{css()}{_rules(ids, [h.code for h in drawn])}\n</style>\n"
            f'<h2{attrs(class_="cmw-h", id=title)}>接访大厅示意图 · {esc(view.map_name)}</h2>\n'
            f'<p class="cmw-hint">点击地图上的地区（或用 Tab 键选中后按回车），查看该地接访大厅和领导干部手机短信信访公开号码。</p>\n'
            f'<div class="cmw-body"><figure class="cmw-figure">{svg}{extra}'
            f'<figcaption class="cmw-credit">{credit}</figcaption></figure>\n'
            f'<div class="cmw-halls">{"".join(halls)}</div></div>\n</section>\n')
