"""The 手机信访流程 graphic for the site's 信访指南, as SVG with its words as text.

Two lanes after 选择渠道 — WeChat and app (扫码 → 注册登录) and SMS
(按格式编写 → 发送短信, the order in which a person does it) — join at
提交诉求 → 受理告知 → 办理答复. Text stays ``<text>``, so a visitor can
select and search it and a screen reader gets the steps from ``<title>`` and
``<desc>``. The geometry is a fixed plan (``STEPS``), scaled by the browser; a second,
vertical plan (``flow-vertical.svg``) serves narrow columns and phones, where
the wide one's words would shrink below 12 px. :func:`flow_html` puts both
inline and lets a container query pick one.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.web.markup import attrs, esc

WIDTH, HEIGHT = 960, 290
BOX_W, BOX_H = 136, 70
COL0, COL_STEP = 12, 162
ROWS = {"top": 96, "mid": 168, "bottom": 240}  # box centre lines
FONT = "PingFang SC,Microsoft YaHei,Noto Sans CJK SC,Noto Sans SC,sans-serif"


@dataclass(frozen=True)
class Step:
    col: int
    row: str
    title: str
    note: str
    final: bool = False


STEPS = (
    Step(0, "mid", "选择渠道", "微信·APP·短信"),
    Step(1, "top", "扫码", "关注或下载"),
    Step(2, "top", "注册登录", "公众号或APP"),
    Step(1, "bottom", "按格式编写", "姓名、住址等"),
    Step(2, "bottom", "发送短信", "至公开号码"),
    Step(3, "mid", "提交诉求", "文字、文档、图片"),
    Step(4, "mid", "受理告知", "依法受理"),
    Step(5, "mid", "办理答复", "按期答复", final=True),
)
# (from step index, to step index, label on the arrow)
LINKS = ((0, 1, "微信、APP"), (0, 3, "短信"), (1, 2, ""), (3, 4, ""), (2, 5, ""), (4, 5, ""), (5, 6, ""), (6, 7, ""))


def _left(step: Step) -> int:
    return COL0 + step.col * COL_STEP


def _box(step: Step) -> str:
    x, cy = _left(step), ROWS[step.row]
    fill, stroke, ink, sub = ("#a61b1b", "#a61b1b", "#fff", "#fff") if step.final else \
        ("#fdf1f1", "#a61b1b", "#8f1d1d", "#333")
    cx = x + BOX_W // 2
    return (f'<g class="cmw-step"><rect{attrs(x=x, y=cy - BOX_H // 2, width=BOX_W, height=BOX_H, rx=8, fill=fill, stroke=stroke, stroke_width=2)}/>'
            f'<text{attrs(x=cx, y=cy - 6, text_anchor="middle", font_size=21, font_weight=700, fill=ink)}>{esc(step.title)}</text>'
            f'<text{attrs(x=cx, y=cy + 21, text_anchor="middle", font_size=16, fill=sub)}>{esc(step.note)}</text></g>')


def _arrow(a: Step, b: Step, label: str, marker: str) -> str:
    x1, y1 = _left(a) + BOX_W, ROWS[a.row]
    x2, y2 = _left(b) - 3, ROWS[b.row]
    if y1 == y2:
        d = f"M{x1} {y1}H{x2}"
    else:
        mid = (x1 + x2) // 2
        d = f"M{x1} {y1}H{mid}V{y2}H{x2}"
    out = f'<path{attrs(d=d, fill="none", stroke="#555", stroke_width=2, marker_end=f"url(#{marker})")}/>'
    if label:  # beside the bend, over or under the first box
        out += f'<text{attrs(x=(x1 + x2) // 2 - 5, y=y2 + 5, text_anchor="end", font_size=16, fill="#333")}>{esc(label)}</text>'
    return out


# The vertical plan: the two lanes side by side, everything else centred, top to bottom.
V_WIDTH, V_HEIGHT = 340, 692
V_COLS = {"left": 88, "mid": 170, "right": 252}  # box centres
V_BOX_W, V_BOX_H, V_ROW0, V_ROW_STEP = 156, 66, 96, 104
V_PLAN = ((0, "mid"), (1, "left"), (2, "left"), (1, "right"), (2, "right"), (3, "mid"), (4, "mid"), (5, "mid"))


def _vbox(i: int) -> tuple[int, int]:
    row, col = V_PLAN[i]
    return V_COLS[col], V_ROW0 + row * V_ROW_STEP + (24 if row else 0)  # room for the lanes' names


def _box_at(step: Step, cx: int, cy: int, w: int) -> str:
    fill, stroke, ink, sub = ("#a61b1b", "#a61b1b", "#fff", "#fff") if step.final else \
        ("#fdf1f1", "#a61b1b", "#8f1d1d", "#333")
    return (f'<g class="cmw-step"><rect{attrs(x=cx - w // 2, y=cy - V_BOX_H // 2, width=w, height=V_BOX_H, rx=8, fill=fill, stroke=stroke, stroke_width=2)}/>'
            f'<text{attrs(x=cx, y=cy - 6, text_anchor="middle", font_size=21, font_weight=700, fill=ink)}>{esc(step.title)}</text>'
            f'<text{attrs(x=cx, y=cy + 20, text_anchor="middle", font_size=16, fill=sub)}>{esc(step.note)}</text></g>')


def _varrow(a: int, b: int, label: str, marker: str) -> str:
    (x1, y1), (x2, y2) = _vbox(a), _vbox(b)
    y1, y2 = y1 + V_BOX_H // 2, y2 - V_BOX_H // 2 - 3
    mid = (y1 + y2) // 2
    d = f"M{x1} {y1}V{y2}" if x1 == x2 else f"M{x1} {y1}V{mid}H{x2}V{y2}"
    out = f'<path{attrs(d=d, fill="none", stroke="#555", stroke_width=2, marker_end=f"url(#{marker})")}/>'
    if label:  # beside the lane's drop, between the fork and the lane's first box
        out += f'<text{attrs(x=x2 + (8 if x2 < x1 else -8), y=mid + 21, text_anchor="start" if x2 < x1 else "end", font_size=16, fill="#333")}>{esc(label)}</text>'
    return out


def _head(prefix: str, width: int, height: int, class_: str) -> list[str]:
    marker, title, desc = f"{prefix}-arrow", f"{prefix}-title", f"{prefix}-desc"
    steps = "；".join(f"{s.title}（{s.note}）" for s in STEPS)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(class_=class_, viewBox=f"0 0 {width} {height}", role="img", aria_labelledby=f"{title} {desc}", font_family=FONT)}>',
        f'<title{attrs(id=title)}>手机信访流程</title>',
        f'<desc{attrs(id=desc)}>选择渠道后，微信、APP：扫码、注册登录；短信：按格式编写、发送至公开号码；'
        f'然后提交诉求、受理告知、办理答复。各步骤：{esc(steps)}。</desc>',
        f'<defs><marker{attrs(id=marker, viewBox="0 0 10 10", refX=8, refY=5, markerWidth=7, markerHeight=7, orient="auto")}>'
        '<path d="M0 0L10 5L0 10z" fill="#555"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text{attrs(x=COL0, y=34, font_size=24, font_weight=700, fill="#8f1d1d")}>手机信访流程</text>',
    ]


def flow_vertical_svg(prefix: str = "cmw-flowv") -> str:
    """The same steps top to bottom, for a column about 340 px wide: its words stay 14 px or more."""
    marker = f"{prefix}-arrow"
    parts = _head(prefix, V_WIDTH, V_HEIGHT, "cmw-flow cmw-flow-v")
    parts += [_varrow(a, b, label, marker) for a, b, label in LINKS]
    parts += [_box_at(s, *_vbox(i), V_BOX_W) for i, s in enumerate(STEPS)]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def flow_html() -> str:
    """Both plans inline; ``kit.css`` (``flow.css``) shows the wide one where its box is 760 px or more."""
    return ('<div class="cmw-flow-box">\n'
            + flow_svg(class_="cmw-flow cmw-flow-h") + flow_vertical_svg() + "</div>\n")


def flow_svg(prefix: str = "cmw-flow", class_: str = "cmw-flow") -> str:
    """The graphic as one ``<svg>`` element, valid as a file (``flow.svg``) and inline."""
    marker = f"{prefix}-arrow"
    parts = _head(prefix, WIDTH, HEIGHT, class_)
    parts += [_arrow(STEPS[a], STEPS[b], label, marker) for a, b, label in LINKS]
    parts += [_box(s) for s in STEPS]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
