"""The province's bulletin (全省通报): the 18 cities ranked on their monthly reports, as .docx, PDF and .xlsx.

In: a folder holding the cities' report folders (each with the
``report.json`` that ``collateral report`` writes) and the data (the 18
city-level units and how many units each has). Out: a ranking of every
city, on coverage (units with a current edition confirmed by photo), then
reports on time against the deadline, then fewer outdated editions found in
photos, then fewer web-check failures, then the city's code; a city without
a report ranks last and is named as such. The wording is formal and says
only what the reports show. The same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from collateral.data.dataset import Dataset
from collateral.errors import DataError, Problem
from collateral.data.model import Level
from collateral.campaign.reportdocx import stable_zip
from collateral.campaign.reportmodel import Block, Heading, Para, Recipient, Signature, Table, Title
from collateral.i18n import _

ISSUER = "河南省投诉受理办公室"


@dataclass(frozen=True)
class CityResult:
    code: str
    name: str
    units: int
    report: dict | None  # the city's report.json for the month, or None: not reported

    @property
    def coverage(self) -> float:
        return float(self.report["coverage"]) if self.report else 0.0

    @property
    def on_time(self) -> bool:
        return bool(self.report and self.report["on_time"])

    @property
    def outdated(self) -> int:
        return int(self.report["outdated"]) if self.report else 0

    @property
    def web_failed(self) -> list[str]:
        return list(self.report["web_failed"]) if self.report else []

    def key(self) -> tuple:
        """Sort key: better first."""
        return (self.report is None, -round(self.coverage, 6), not self.on_time, self.outdated,
                len(self.web_failed), self.code)


def load_reports(folder: Path, month: str | None) -> tuple[str, dict[str, dict]]:
    """The month and, per city code, its report for that month (the last submitted one if several).

    Raises:
        DataError: no ``report.json`` under ``folder``, or one that cannot be read.
    """
    found = []
    for path in sorted(folder.rglob("report.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            found.append((doc["month"], doc["submitted"], str(path), doc))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise DataError(Problem(_("not a report made by `collateral report`: {err}").format(err=err),
                                    file=str(path))) from err
    if not found:
        raise DataError(Problem(_("no report.json below this folder (make them with `collateral report`)"),
                                file=str(folder)))
    month = month or max(f[0] for f in found)
    reports: dict[str, dict] = {}
    for *_found, doc in sorted(f for f in found if f[0] == month):
        reports[doc["city"]] = doc  # in order of submission: the last one stays
    return month, reports


def results(dataset: Dataset, reports: dict[str, dict]) -> list[CityResult]:
    """Every city of the data with its report, best first."""
    dataset.load_all()
    out = []
    for city in dataset.units(Level.CITY):
        units = 1 + len(dataset.children(city.code)) + sum(len(dataset.children(c.code))
                                                            for c in dataset.children(city.code))
        out.append(CityResult(city.code, city.name, units, reports.get(city.code)))
    return sorted(out, key=CityResult.key)


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def _names(rows: list[CityResult]) -> str:
    return "、".join(r.name for r in rows)


def body(month: str, ranked: list[CityResult]) -> list[str]:
    """The bulletin's text, from the ranking alone."""
    y, m = (int(v) for v in month.split("-"))
    reported = [r for r in ranked if r.report]
    late = [r for r in reported if not r.on_time]
    missing = [r for r in ranked if not r.report]
    total = sum(r.units for r in ranked)
    confirmed = sum(int(r.report["confirmed"]) for r in reported)
    paras = [f"根据《关于加强手机信访宣传工作通知》要求，省投诉办通过实地调查、网上查阅、图像核对相结合的办法，"
             f"对各地{y}年{m}月手机信访宣传工作情况进行了检查。现将检查结果通报如下。"]
    text = f"一、报送情况。全省{len(ranked)}个省辖市（示范区）中，{len(reported) - len(late)}个按时报送宣传情况报告"
    text += f"，{len(late)}个逾期报送（{_names(late)}）" if late else ""
    text += f"，{len(missing)}个未报送（{_names(missing)}）。" if missing else "，无未报送的地方。"
    paras.append(text)
    top = [r for r in reported if r.coverage > 0][:3]
    text = (f"二、图像核对情况。经图像核对，全省确认张贴或发放现行版宣传品的单位{confirmed}个，"
            f"占全省单位{total}个的{_pct(confirmed / total if total else 0)}。")
    if top:
        text += "覆盖率居前的是" + "、".join(f"{r.name}（{_pct(r.coverage)}）" for r in top) + "。"
    outdated = [r for r in reported if r.outdated]
    text += ("照片中发现旧版宣传品的有" + "、".join(f"{r.name}（{r.outdated}件）" for r in outdated) + "。"
             if outdated else "照片中未发现旧版宣传品。")
    paras.append(text)
    checked = [r for r in reported if r.report["web_checked"]]
    failing = [r for r in checked if r.web_failed]
    if not checked:
        paras.append("三、网上查阅情况。本期报告均未附网上查阅结果。")
    else:
        text = f"三、网上查阅情况。{len(checked)}个地方附网上查阅结果，"
        text += ("不符合要求的有" + "；".join(f"{r.name}（{'、'.join(r.web_failed)}）" for r in failing) + "。"
                 if failing else "各项均符合要求。")
        paras.append(text)
    paras.append("四、有关要求。请各地对照检查结果，及时更换旧版宣传品，补齐领导干部公开号码，"
                 "完善网站宣传内容，并按规定时限报送宣传情况报告。")
    return paras


def table(ranked: list[CityResult]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    header = ("名次", "省辖市", "报送情况", "单位数", "照片确认", "覆盖率", "旧版", "网上查阅不符合项")
    rows = []
    for n, r in enumerate(ranked, 1):
        if r.report is None:
            rows.append((str(n), r.name, "未报送", str(r.units), "—", "—", "—", "—"))
            continue
        sent = ("按时" if r.on_time else "逾期") + f"（{r.report['submitted'].replace('T', ' ')}）"
        rows.append((str(n), r.name, sent, str(r.units), str(r.report["confirmed"]), _pct(r.coverage),
                     str(r.outdated), "、".join(r.web_failed) or "无"))
    return header, tuple(rows)


def blocks(month: str, ranked: list[CityResult], date: dt.date) -> list[Block]:
    y, m = (int(v) for v in month.split("-"))
    header, rows = table(ranked)
    return [Title(f"关于{y}年{m}月全省手机信访宣传工作检查情况的通报"),
            Recipient("各省辖市、济源示范区投诉受理办公室："),
            *[Para(t) for t in body(month, ranked)],
            Heading("附：各省辖市排名"),
            Table(header, rows, (0.9, 1.5, 2.4, 0.9, 1.0, 1.1, 0.8, 2.2)),
            Signature(ISSUER, f"{date.year}年{date.month}月{date.day}日")]


def workbook(month: str, ranked: list[CityResult], date: dt.date) -> bytes:
    """The ranking as .xlsx: one sheet, numbers as numbers, a fixed creation date."""
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    stamp = dt.datetime(date.year, date.month, date.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = ISSUER
    wb.properties.title = f"{month} 全省手机信访宣传工作检查排名"
    ws.append(["名次", "代码", "省辖市", "报送", "报送时间", "报送时限", "单位数", "照片确认", "覆盖率", "旧版",
               "网上查阅不符合项"])
    for n, r in enumerate(ranked, 1):
        rep = r.report or {}
        ws.append([n, r.code, r.name, ("按时" if r.on_time else "逾期") if rep else "未报送",
                   rep.get("submitted", ""), rep.get("deadline", ""), r.units, rep.get("confirmed", 0),
                   r.coverage, r.outdated, "、".join(r.web_failed)])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in ws.iter_rows(min_row=2, min_col=9, max_col=9):
        row[0].number_format = "0.0%"
    for col, width in zip("ABCDEFGHIJK", (6, 9, 16, 8, 18, 18, 8, 9, 9, 6, 40)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), stamp)
