"""The kit of one unit: the pieces, a demo page and a README, checked, then written whole.

Everything is made in memory first; only when every piece is made (QR codes
verified, map outlines found) are the files written, each atomically. The
output depends only on the data: no dates, no random ids, so a rerun on the
same data gives the same bytes and a web team can diff two editions.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from collateral.data import check
from collateral.data.dataset import Dataset
from collateral.errors import DataError, Problem
from collateral.data.model import Unit
from collateral.files.output import write_atomic
from collateral.web.channels import channels_html
from collateral.web.flow import flow_html, flow_svg, flow_vertical_svg
from collateral.web.geo import load_map, map_file
from collateral.web.hallmap import map_html
from collateral.web.markup import esc, md_esc
from collateral.web.shadow import kit_css, kit_js
from collateral.web.view import KitView, kit_view, map_owner

# kit.js and kit.css are the snippets' only script and style (nothing inline, for sites that send a CSP);
# demo.css styles the demo page alone.
FILES = ("channels.html", "flow.svg", "flow-vertical.svg", "map.html", "kit.js", "kit.css", "index.html", "demo.css",
         "README.md")


@dataclass(frozen=True)
class Kit:
    view: KitView
    files: dict[str, bytes]  # file name -> content, in FILES order

    @property
    def warnings(self) -> list[Problem]:
        return list(self.view.warnings)


def _asset(name: str) -> str:
    return files("collateral.web").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def _index(view: KitView, channels: str, flow: str, hall_map: str) -> str:
    office = view.own.office or view.place
    return (
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(view.place)} · 手机信访网站组件演示</title>\n"
        "<link rel=\"stylesheet\" href=\"kit.css\">\n<link rel=\"stylesheet\" href=\"demo.css\">\n</head>\n<body>\n"
        f"<header class=\"demo-top\"><p class=\"demo-site\">{esc(office)}</p>"
        "<p class=\"demo-note\">网站宣传组件演示页：把各片段粘贴到本单位网站的相应位置</p></header>\n"
        f"<main class=\"demo-main\">\n<h1>{esc(view.place)}手机信访</h1>\n<div class=\"demo-cols\">\n"
        f"<div class=\"demo-side\">\n{channels}</div>\n"
        "<section class=\"demo-guide\" aria-labelledby=\"demo-guide-h\"><h2 id=\"demo-guide-h\">信访指南</h2>\n"
        f"{flow}</section>\n</div>\n{hall_map}</main>\n"
        "<footer class=\"demo-foot\"><p>由 collateral 生成；号码与二维码与宣传单使用同一份数据。</p></footer>\n"
        "</body>\n</html>\n"
    )


def _readme(view: KitView, dataset: Dataset) -> str:
    drafts = [md_esc(c.label) for c in view.channels if c.draft]
    draft_note = (f"\n**注意：{'、'.join(drafts)}的数据标为 `placeholder: true`（尚未核实），片段中显示“样稿”。"
                  "核实并修改数据后重新生成，再上线。**\n" if drafts else "")
    return Template(_asset("README-web.md")).substitute(
        place=md_esc(view.place), code=md_esc(view.code), map_name=md_esc(view.map_name), draft_note=draft_note,
        data_note=md_esc(f"{dataset.label(dataset.divisions_dir)}/"),
    )


def _errors(dataset: Dataset, unit: Unit) -> list[Problem]:
    """Refuse what would put a wrong or empty value on a site: broken files, channels with nothing to show."""
    return check.errors([*dataset.problems, *check.channel_problems(dataset, unit)])


def make_kit(dataset: Dataset, unit: Unit) -> Kit:
    """Every file of ``unit``'s kit, in memory.

    Raises:
        DataError: the data read for it is broken, a channel has nothing to show,
            or the map outlines are missing.
        TargetError: ``unit`` is a township.
        QRError: a QR payload or supplied image cannot be made into a readable code.
    """
    owner = map_owner(dataset, unit)
    errors = _errors(dataset, unit)
    if errors:
        raise DataError(errors)
    path = map_file(dataset.root, dataset.divisions_dir.name)
    shape = load_map(path, dataset.label(path), owner.code)  # first: which units beyond the children it draws
    view = kit_view(dataset, unit, shape.overlays)
    channels = channels_html(view.code, view.place, view.channels)
    flow = flow_html()
    sms = next((c.format for c in view.channels if c.kind == "sms"), "")
    hall_map = map_html(view, shape, sms)
    texts = {
        "channels.html": channels,
        "flow.svg": flow_svg(),
        "flow-vertical.svg": flow_vertical_svg(),
        "map.html": hall_map,
        "kit.js": kit_js(),
        "kit.css": kit_css(),
        "index.html": _index(view, channels, flow, hall_map),
        "demo.css": _asset("page.css"),
        "README.md": _readme(view, dataset),
    }
    return Kit(view, {name: texts[name].encode("utf-8") for name in FILES})


def write_kit(kit: Kit, out_dir: Path) -> list[Path]:
    return [write_atomic(out_dir / name, data) for name, data in kit.files.items()]
