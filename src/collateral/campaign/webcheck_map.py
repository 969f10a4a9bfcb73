"""The 接访大厅示意图, judged on what a visitor sees: the hint, the regions, each region's panel and numbers.

A map counts only if it is this place's: its regions (drawn, or named in the
list beside it) are the map unit's children by name and count, and each one
opens the panel of that region. Every panel's numbers are compared with that
unit's published numbers, so a changed number is reported against the unit
whose panel shows it, naming whose number it really is when the data knows it.
Numbers still 待公布 are a WARN: the map cannot be called complete.

The hint and one region's panel are opened with the real pointer (hover,
click) and photographed; the sweep over every region sends each a click
event in one script, the same event a tap or a click gives the kit.
"""

from __future__ import annotations

from collateral.campaign import webcheck_js as js
from collateral.campaign.webcheck_items import PHONE
from collateral.campaign.webcheck_model import BLANK, FAIL, HINT, PASS, WARN, Expected, Hall, Item
from collateral.campaign.webcheck_page import Frame, Page

T_HINT = "接访大厅示意图：悬停显示“请点击”"
T_REGIONS = "接访大厅示意图：本地各地区（名称、数量），各自打开其接访大厅"
T_NUMBERS = "接访大厅示意图：领导干部公开号码"


def _norm(s: str) -> str:
    return "".join(s.split())


def _find(page: Page, frames: list[Frame], names: list[str]):
    for frame in frames:
        if page.enter(frame):
            regions, listed, halls = page.run(js.MAP, names)
            if regions or halls:
                return frame, regions, listed
    page.enter(frames[0])
    return None, [], []


def map_items(page: Page, frames: list[Frame], exp: Expected) -> list[Item]:
    """``map_hint``, ``map_regions`` and ``map_numbers``."""
    want = {h.name: h for h in exp.regions.values()}
    frame, regions, listed = _find(page, frames, [*want, exp.own.name])
    if not regions:
        shot = page.shot("map")
        none = "页面上没有可点击的地图区域"
        return [Item("map_hint", T_HINT, FAIL, HINT, none, shot),
                Item("map_regions", T_REGIONS, FAIL, _names(want), none, shot),
                Item("map_numbers", T_NUMBERS, FAIL, "地图及各地公开号码", "页面上没有地图", shot)]
    url = frame.url if frame and frame.chain else ""
    own_panel = page.run(js.OPEN_HALL)  # before any click: the target's own hall
    items = [_hint(page, regions, url)]
    drawn = {name: (el, code, path) for el, name, code, path, _, _ in regions}
    only_listed = {name: (el, code, path) for el, name, code, path in listed if name not in drawn}
    order = [*drawn.items(), *only_listed.items()]
    panels = page.run(js.SWEEP, [el for _, (el, _, _) in order], [*want, *drawn, *only_listed])
    opened = {name: p for (name, _), p in zip(order, panels)}
    page.away()
    found_names = [*drawn, *only_listed]
    missing = [n for n in want if n not in found_names]
    foreign = [n for n in found_names if n not in want and n != exp.own.name]
    wrong = [f"{n} 打开的是“{p[0]}”" if p[0] else f"{n} 没有打开面板"
             for n, p in opened.items() if n in want and _norm(p[0]) != _norm(n)]
    read = [f"地图上 {len(drawn)} 个地区，名单中另有 {len(only_listed)} 个；数据中 {len(want)} 个",
            "地图：" + "、".join(drawn), "名单：" + "、".join(only_listed)] + [f"点击{n}：{p[0] or '无面板'}（{p[4]}）"
                                                                       for n, p in opened.items()]
    region_el = regions[0][3]
    problems = []
    if foreign:
        problems.append(f"不是{exp.map_name}的地区：{'、'.join(foreign[:6])}")
    if missing:
        problems.append(f"缺少 {'、'.join(missing[:8])}")
    problems += wrong[:6]
    shot = page.shot("map-regions", boxes=tuple(b for b in [page.box(regions[0][0])] if b))
    items.append(Item("map_regions", T_REGIONS, FAIL if problems else PASS, _names(want),
                      "；".join(problems) or f"{len(found_names)} 个地区齐全，各自打开其接访大厅", shot, region_el, read, url))
    elements = {name: el for name, (el, _, _) in order}
    items.append(_numbers(page, exp, opened, own_panel, bool(foreign and len(foreign) >= len(found_names) / 2), url,
                          elements, region_el))
    return items


def _names(want: dict[str, Hall]) -> str:
    return f"{len(want)} 个地区：" + "、".join(want)


def _hint(page: Page, regions: list, url: str) -> Item:
    el, name, _, path, _, _ = max(regions, key=lambda r: r[4])  # the largest: the pointer lands inside it
    page.away()
    page.snapshot()
    page.act(el, "hover")
    fresh, *_ = page.revealed(el)
    hints = [t for t in fresh if HINT in t]
    shot = page.shot("map-hint", el)
    found = hints[0] if hints else "悬停后没有出现“请点击”"
    item = Item("map_hint", T_HINT, PASS if hints else FAIL, HINT, found, shot, path,
                [f"悬停“{name}”后新出现：{'；'.join(fresh[:6]) or '无'}"], url)
    page.act(el, "tap")  # the panel a visitor opens, photographed
    page.shot("map-hall", el)
    return item


def _shoot_hall(page: Page, elements: dict, name: str) -> str:
    """The panel of ``name`` opened by a real tap on its region, the region and the panel boxed."""
    el = elements.get(name)
    if el is None:
        return page.shot("map-numbers")
    page.away()
    page.act(el, "tap")
    hall = page.run(js.OPEN_HALL)
    boxes = tuple(b for b in [page.box(hall[4])] if b) if hall else ()
    return page.shot("map-numbers", el, boxes)


def _numbers(page: Page, exp: Expected, opened: dict, own_panel, foreign: bool, url: str, elements: dict,
             region_el: str) -> Item:
    halls = list(exp.regions.values())
    panels = {n: p[2] for n, p in opened.items()}
    if own_panel and _norm(own_panel[0]) == _norm(exp.own.name):
        panels.setdefault(exp.own.name, own_panel[2])
    if exp.own.code not in exp.regions:
        halls.insert(0, exp.own)
    want_all = sum(len(h.numbers) for h in halls)
    expected_text = f"{len(halls)} 个接访大厅，{want_all} 个公开号码" + (
        f"，{sum(h.unpublished for h in halls)} 个待公布" if any(h.unpublished for h in halls) else "")
    if foreign:
        return Item("map_numbers", T_NUMBERS, FAIL, expected_text, f"地图不是{exp.map_name}的，号码无从核对",
                    page.shot("map-numbers"), region_el, [f"地图上的地区：{'、'.join(opened)}"], url)
    problems, read, blank, first = [], [], 0, ""
    for h in halls:
        text = panels.get(h.name)
        if text is None:
            if h.numbers:
                problems.append(f"{h.name}：没有找到其面板")
            continue
        shown = list(dict.fromkeys(PHONE.findall(text)))
        read.append(f"{h.name}：{'、'.join(shown) or ('待公布' if BLANK in text else '无号码')}")
        extra = [n for n in shown if n not in h.numbers]
        lost = [n for n in h.numbers if n not in shown]
        if extra or lost:
            named = [f"{n}（{exp.whose(n)}的号码）" if exp.whose(n) else n for n in extra]
            owed = [f"{n}（{exp.whose(n)}）" if exp.whose(n) else n for n in lost]
            first = first or h.name
            problems.append(f"{h.name}：" + "，".join(
                ([f"页面上有 {'、'.join(named)}"] if named else []) + ([f"缺少 {'、'.join(owed)}"] if owed else [])))
        blank += h.unpublished
    if problems:
        shot = _shoot_hall(page, elements, first)
        where = page.run(js.PATH, elements[first]) if first in elements else ""
        return Item("map_numbers", T_NUMBERS, FAIL, expected_text, "；".join(problems[:6]), shot, where, read, url)
    shot = page.shot("map-numbers")
    if blank:
        done = f"已公布的 {want_all} 个号码都对；" if want_all else "号码均未公布；"
        return Item("map_numbers", T_NUMBERS, WARN, expected_text,
                    f"{done}{blank} 名领导干部的号码待公布（数据中为空），尚不能算作完成", shot, region_el, read, url)
    return Item("map_numbers", T_NUMBERS, PASS, expected_text, f"{want_all} 个公开号码都在其地区的面板上", shot, region_el,
                read, url)
