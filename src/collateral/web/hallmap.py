"""The 接访大厅示意图: an inline SVG map whose regions open their reception hall's panel.

Pointing at a region or focusing it shows "请点击" (Attachment 1, 图 3-1); a
click, a tap, Enter or Space opens its panel beside the map. The province map
has 28 regions: the 18 city-level units and the 10 省直管县, whose county
outline is drawn over their city. Every region is also a button in the region
list under the map, together with the units that have no outline
(development zones). Every region is labelled at every width: its name where
the name fits and the map is at least 600 px wide, else its number in the
list (a numbered key: each list button shows its number), sized to stay at
least 12 px on screen down to a 240 px wide map. The panel names the hall and lists its leaders' public
SMS numbers as ``sms:`` links, 待公布 where none is published yet.

Without script, the list's buttons open each panel as a popover; the map's
shapes then only show where each place is.
"""

from __future__ import annotations

from collateral.web.geo import MapShape, Region
from collateral.web.markup import attrs, esc
from collateral.web.shadow import island
from collateral.web.sms import sms_link
from collateral.web.view import BLANK, Hall, KitView

# Grid units (the map is 1000 wide), tried in turn until a name fits. Names show only where the map is at
# least 600 px wide (map.css), so 20 units are at least 12 px on screen; below, the key numbers take their place.
LABEL_SIZES = (24, 20)
HINT = "请点击"


def _label(region: Region, key: int) -> str:
    """The region's name where it fits, and its key number: shown on narrow maps, or always if no name fits."""
    x, y, room = region.label
    for size in LABEL_SIZES:
        if room >= size * 0.7 and 2 * room >= len(region.name) * size * 0.9:
            return (f'<text{attrs(class_="cmw-name", x=x, y=y, font_size=size)}>{esc(region.name)}</text>'
                    f'<text{attrs(class_="cmw-num", x=x, y=y)}>{key}</text>')
    return f'<text{attrs(class_="cmw-num cmw-only", x=x, y=y)}>{key}</text>'


def _hall(h: Hall, ids: str, own: bool, sms_format: str) -> str:
    hid = f"{ids}-hall-{h.code}"
    rows = []
    for leader in h.leaders:
        name = esc(leader.name) if leader.name else f'<span class="cmw-blank">{BLANK}</span>'
        phone = sms_link(leader.phone, sms_format) if leader.phone else f'<span class="cmw-blank">{BLANK}</span>'
        rows.append(f"<tr><td>{esc(leader.role)}</td><td>{name}</td><td>{phone}</td></tr>")
    table = ('<table class="cmw-leaders"><caption>领导干部手机短信信访公开号码</caption>'
             '<thead><tr><th scope="col">职务</th><th scope="col">姓名</th><th scope="col">短信号码</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>') if rows else f"<p>领导干部公开号码：{BLANK}</p>"
    office = esc(h.office) if h.office else BLANK
    back = f'<button{attrs(type="button", class_="cmw-back", data_code=h.code, hidden=True)}>返回地图</button>'
    return (f'<section{attrs(class_="cmw-hall", id=hid, data_code=h.code, tabindex=-1, aria_labelledby=f"{hid}-h", popover=None if own else "auto")}>'
            f'<h3{attrs(id=f"{hid}-h")}>{esc(h.name)}</h3>'
            f'<p class="cmw-office"><b>接访大厅：</b>{office}</p>{table}{"" if own else back}</section>')


def _list(title: str, halls: list[Hall], ids: str, keys: dict[str, int]) -> str:
    if not halls:
        return ""
    items = "".join(f'<li><button{attrs(type="button", data_code=h.code, data_key=keys.get(h.code), popovertarget=f"{ids}-hall-{h.code}")}>'
                    f"{esc(h.name)}</button></li>" for h in halls)
    return f"<h3>{esc(title)}</h3><ul>{items}</ul>"


def map_html(view: KitView, shape: MapShape, sms_format: str = "") -> str:
    """The map snippet: ``<cmw-map>`` with its style, markup and script in its own shadow root."""
    ids = f"cmw-{view.code}"
    drawn = [h for h in view.regions if h.code in shape.regions]
    drawn.sort(key=lambda h: shape.regions[h.code].over is not None)  # overlays last: drawn over their city
    undrawn = [h for h in view.regions if h.code not in shape.regions]
    direct = [h for h in drawn if shape.regions[h.code].over]
    plain = [h for h in drawn if not shape.regions[h.code].over]
    keys = {h.code: n for n, h in enumerate(plain + direct, 1)}  # the list's order: the key reads 1, 2, 3 down it
    links, labels = [], []
    for h in drawn:
        region = shape.regions[h.code]
        x, y, _ = region.label
        kind = "cmw-region cmw-over" if region.over else "cmw-region"
        links.append(f'<a{attrs(class_=kind, id=f"{ids}-r-{h.code}", data_code=h.code, data_name=h.name, data_x=x, data_y=y, aria_label=f"{h.name}：{HINT}查看接访大厅和公开号码", aria_controls=f"{ids}-hall-{h.code}", aria_current="true" if h.code == view.current else None)}>'
                     f'<path{attrs(d=region.d)}/></a>')
        labels.append(_label(region, keys[h.code]))
    svg = (f'<svg{attrs(class_="cmw-svg", viewBox=f"0 0 {shape.width} {shape.height}", role="img", aria_label=f"{view.map_name}地图")}>'
           + "".join(links)
           + f'<g class="cmw-labels" aria-hidden="true" font-size="{LABEL_SIZES[0]}">{"".join(labels)}</g></svg>')
    level = "省辖市（示范区）" if view.map_code == "410000" else "县（市、区）"
    region_list = (f'<nav{attrs(class_="cmw-list", aria_label=f"{view.map_name}地区名单")}>'
                   + _list(level, plain, ids, keys) + _list("省直管县（市）", direct, ids, keys)
                   + _list("图中无单独边界的功能区", undrawn, ids, keys) + "</nav>")
    codes = [h.code for h in view.regions]
    halls = [] if view.own.code in codes else [_hall(view.own, ids, True, sms_format)]
    halls += [_hall(h, ids, h.code == view.own.code, sms_format) for h in view.regions]
    credit = "边界数据：" + "；".join(esc(s) for s in shape.sources) + "。本图为示意图，不作为划界依据。"
    title = f"{ids}-map"
    body = (f'<section{attrs(class_="cmw-map", lang="zh-CN", aria_labelledby=title)}>\n'
            f'<h2{attrs(class_="cmw-h", id=title)}>接访大厅示意图 · {esc(view.map_name)}</h2>\n'
            f'<p class="cmw-hint">点击地图上的地区或下方名单中的地名，查看该地接访大厅和领导干部手机短信信访公开号码。</p>\n'
            f'<div class="cmw-body"><figure class="cmw-figure">{svg}'
            f'<figcaption class="cmw-credit">{credit}</figcaption></figure>\n'
            f'<div class="cmw-halls">{"".join(halls)}</div></div>\n{region_list}\n'
            f'<div class="cmw-tip" role="tooltip" popover="manual"><span></span></div>\n</section>\n')
    return island("cmw-map", body)
