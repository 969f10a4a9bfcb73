"""The figures of a city's monthly publicity report (宣传情况报告), and the words said about them.

In: the pack's ``manifest.json`` and ``readiness.csv``, the units of the city
in the data, and optionally the results of ``collateral photos`` and
``collateral webcheck``. Out: :class:`Figures`, plain data that the .docx
and the PDF writers lay out alike, and the overview paragraphs in formal
Chinese. Every number in the overview is counted here from those inputs;
nothing is said that the inputs do not show.

Deadlines (notice 三、宣传要求): the first report by 17:00 on 16 January,
from February on by 18:00 on the 1st of every month. ``--month`` names the
month the report is due in.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from collateral.data.dataset import Dataset
from collateral.errors import DataError, Problem
from collateral.data.model import Level, Unit
from collateral.campaign.photos import Row, load_pack, read_rows
from collateral.data.resolve import resolve
from collateral.i18n import _

PRODUCT_ZH = {"board": "展板", "booklet": "口袋书", "leaflet": "宣传单", "screen": "屏显"}
LEVELS = ("市级", "县级", "乡级")
RECIPIENT = "河南省投诉受理办公室"


@dataclass(frozen=True)
class Piece:
    """One file of the pack for a unit of the city."""

    unit: str
    name_path: str
    level: str
    product: str
    edition: str
    path: str


@dataclass(frozen=True)
class WebItem:
    """One 附件一 item checked on a web page (see :mod:`collateral.campaign.webcheck`)."""

    item: str
    title: str
    ok: bool
    expected: str
    found: str
    screenshot: str


@dataclass(frozen=True)
class Gap:
    unit: str
    name_path: str
    level: str
    missing: str
    placeholders: str


@dataclass
class Figures:
    city: str  # code
    city_name: str
    office: str
    month: str  # YYYY-MM
    submitted: dt.datetime
    deadline: dt.datetime
    first: bool
    units: dict[str, list[tuple[str, str]]]  # level → (code, name path) of every unit of the city in the data
    pieces: list[Piece]
    photos: list[Row] = field(default_factory=list)  # rows about the city's units, or with no unit at all
    web: list[WebItem] = field(default_factory=list)
    web_url: str = ""
    gaps: list[Gap] = field(default_factory=list)
    pack: Path = Path()
    photos_dir: Path | None = None
    web_dir: Path | None = None

    @property
    def unit_count(self) -> int:
        return sum(len(v) for v in self.units.values())

    def count(self, level: str | None = None, product: str | None = None) -> int:
        return sum(1 for p in self.pieces if (level is None or p.level == level)
                   and (product is None or p.product == product))

    @property
    def products(self) -> list[str]:
        return sorted({p.product for p in self.pieces}, key=lambda p: list(PRODUCT_ZH).index(p)
                      if p in PRODUCT_ZH else 99)

    @property
    def confirmed(self) -> set[str]:
        """Units with a photo of a current edition."""
        return {r.unit for r in self.photos if r.status == "current"}

    @property
    def outdated(self) -> list[Row]:
        return [r for r in self.photos if r.status == "outdated"]

    @property
    def coverage(self) -> float:
        return len(self.confirmed) / self.unit_count if self.unit_count else 0.0

    @property
    def on_time(self) -> bool:
        return self.submitted <= self.deadline

    @property
    def web_failures(self) -> list[WebItem]:
        return [w for w in self.web if not w.ok]


def deadline(month: str) -> tuple[dt.datetime, bool]:
    """When the report of ``month`` (YYYY-MM) is due, and whether it is the first one (January).

    Raises:
        DataError: ``month`` is not YYYY-MM.
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise DataError(Problem(_("--month {month!r} is not a month like 2027-02").format(month=month),
                                field="--month"))
    year, mon = int(m.group(1)), int(m.group(2))
    if mon == 1:
        return dt.datetime(year, 1, 16, 17), True
    return dt.datetime(year, mon, 1, 18), False


def deadline_text(fig: Figures) -> str:
    d = fig.deadline
    rule = "首次报告" if fig.first else "自2月起每月1日18时前例行报告"
    return f"{d.year}年{d.month}月{d.day}日{d.hour}时前（{rule}）"


def _level(unit: Unit) -> str:
    return unit.level.label


def _units(dataset: Dataset, city: Unit) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {level: [] for level in LEVELS}
    todo = [city]
    while todo:
        unit = todo.pop()
        out[_level(unit)].append((unit.code, "/".join(u.name for u in dataset.ancestry(unit))))
        todo += dataset.children(unit.code)
    return {k: sorted(v) for k, v in out.items()}


def _pieces(pack: Path, codes: set[str]) -> list[Piece]:
    load_pack(pack)  # a clear message if this is no pack
    files = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))["files"]
    out = []
    for f in files:
        if f["unit"] in codes and f.get("role", "copies") == "copies":  # a booklet's 说明 is no piece
            depth = f["name_path"].count("/")
            level = LEVELS[min(max(depth - 1, 0), 2)]
            out.append(Piece(f["unit"], f["name_path"], level, f["product"], f["edition"], f["path"]))
    return sorted(out, key=lambda p: (LEVELS.index(p.level), p.unit, p.product))


def _gaps(pack: Path, codes: set[str]) -> list[Gap]:
    path = pack / "readiness.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [Gap(r["unit"], r["name_path"], r["level"], r["missing"], r["placeholders"])
                for r in csv.DictReader(f) if r["unit"] in codes and (r["missing"] or r["placeholders"])]


def read_web(folder: Path) -> tuple[str, list[WebItem]]:
    """The items a ``webcheck`` run wrote to ``folder/webcheck.json``.

    Raises:
        DataError: the file is missing or not one of ours.
    """
    path = folder / "webcheck.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return doc.get("url", ""), [WebItem(i["item"], i["title"], bool(i["ok"]), i.get("expected", ""),
                                            i.get("found", ""), i.get("screenshot", "")) for i in doc["items"]]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DataError(Problem(_("cannot read the web-check results: {err}").format(err=err), file=str(path))) from err


def gather(dataset: Dataset, city_target: str, month: str, pack: Path, submitted: dt.datetime,
           photos_dir: Path | None = None, web_dir: Path | None = None) -> Figures:
    """Everything the report says, counted from its inputs."""
    city = dataset.find(city_target)
    if city.level != Level.CITY:
        raise DataError(Problem(_("{city} is not a city (省辖市): a report is made per city").format(city=city.label),
                                field="CITY"))
    due, first = deadline(month)
    dataset.load_all()
    units = _units(dataset, city)
    codes = {code for rows in units.values() for code, _ in rows}
    office = resolve(dataset, city).office or f"{city.name}投诉受理办公室"
    photos = [r for r in read_rows(photos_dir) if r.unit in codes or not r.unit] if photos_dir else []
    url, web = read_web(web_dir) if web_dir else ("", [])
    return Figures(city.code, city.name, office, month, submitted, due, first, units, _pieces(pack, codes),
                   photos, web, url, _gaps(pack, codes), pack, photos_dir, web_dir)


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def overview(fig: Figures) -> list[str]:
    """The report's body in formal Chinese, every figure counted from the inputs."""
    n = {lv: len(fig.units[lv]) for lv in LEVELS}
    made_units = {lv: len({p.unit for p in fig.pieces if p.level == lv}) for lv in LEVELS}
    by_product = "，".join(f"{PRODUCT_ZH.get(p, p)}{fig.count(product=p)}件" for p in fig.products)
    paras = ["根据《关于加强手机信访宣传工作通知》要求，现将全市市、县、乡三级手机信访公开宣传情况报告如下。"]
    paras.append(
        f"一、宣传品制作情况。全市共有单位{fig.unit_count}个，其中市级{n['市级']}个、县级{n['县级']}个、乡级{n['乡级']}个。"
        f"本期宣传品清单共列{len(fig.pieces)}件" + (f"，其中{by_product}" if by_product else "") +
        f"；已制作宣传品的单位，市级{made_units['市级']}个、县级{made_units['县级']}个、乡级{made_units['乡级']}个。")
    if fig.photos_dir is not None:
        files = len({r.file for r in fig.photos})
        paras.append(
            f"二、图像核对情况。共核对照片{files}张，确认张贴或发放现行版宣传品的单位{len(fig.confirmed)}个，"
            f"占全部单位的{_pct(fig.coverage)}；发现旧版宣传品{len(fig.outdated)}件；"
            f"未能识别版次码的照片{sum(1 for r in fig.photos if r.status == 'unmatched')}张。")
    else:
        paras.append("二、图像核对情况。本期未附照片核对结果，覆盖率按0计。")
    if fig.web_dir is not None:
        failed = fig.web_failures
        paras.append(f"三、网上查阅情况。按附件一要求查阅网页{len(fig.web)}项，符合要求{len(fig.web) - len(failed)}项"
                     + (f"，不符合要求{len(failed)}项（{'、'.join(w.title for w in failed)}）。" if failed else "，全部符合要求。"))
    else:
        paras.append("三、网上查阅情况。本期未附网上查阅结果。")
    missing = sum(1 for g in fig.gaps if g.missing)
    drafts = sum(1 for g in fig.gaps if g.placeholders)
    paras.append(f"四、尚需完善的事项。领导干部姓名或公开号码尚未填写的单位{missing}个，"
                 f"渠道信息（二维码等）尚未核实、宣传品仍为样稿的单位{drafts}个。")
    paras.append(f"五、报送时限。本报告报送时限为{deadline_text(fig)}。")
    return paras
