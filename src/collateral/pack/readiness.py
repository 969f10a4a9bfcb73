"""What the province still has to chase: per unit, the leaders missing, local placeholders and failures.

Written with every pack (``readiness.csv`` for a spreadsheet, see
:func:`csv_text`; ``readiness.html`` to read, see :mod:`collateral.pack.readiness_page`), so the
provincial office can see which county has not filled in its leaders before
the pieces go to print. Placeholders every unit inherits from the province
are counted once (:func:`inherited`), not charged to every unit; a unit
whose pieces failed stays listed, marked failed, with why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Iterable

from collateral.data.dataset import Dataset
from collateral.errors import CollateralError
from collateral.data.model import Level, Unit
from collateral.data.resolve import Resolved, resolve
from collateral.i18n import _

# What a placeholder channel value is, in words the office uses.
CHANNEL_LABELS = {"wechat": "微信二维码", "app": "APP下载二维码", "sms": "短信公开号码"}
MISSING_LABELS = {"name": "姓名", "phone": "号码"}

FAILED, GAPS, WAITS, DRAFT, READY = "失败", "待补", "待补（他级）", "样稿", "齐全"


@dataclass(frozen=True)
class Readiness:
    """One unit of the pack, as the province chases it."""

    unit: str
    name_path: str  # 郑州市/金水区/花园路街道 (the province left out)
    level: Level
    leaders: int  # rows of its own leaders table
    named: int  # ... with a name
    numbered: int  # ... with a public number
    missing: tuple[str, ...]  # 区长（姓名、号码）
    placeholders: tuple[str, ...]  # channel values set below the province and not confirmed yet (human labels)
    failed: tuple[str, ...] = ()  # why the unit got no files
    waits_on: tuple[str, ...] = ()  # other units whose leaders its pieces print with gaps (a township's county)

    @property
    def status(self) -> str:
        if self.failed:
            return FAILED
        if self.missing:
            return GAPS
        if self.waits_on:
            return WAITS
        return DRAFT if self.placeholders else READY

    @property
    def city(self) -> str:
        return self.name_path.split("/")[0]

    @property
    def county(self) -> str | None:
        parts = self.name_path.split("/")
        return parts[1] if len(parts) > 1 else None


def _labels(resolved: Resolved, province_file: str, inherited: bool) -> tuple[str, ...]:
    """Placeholder channels: those set by the province (``inherited``) or those set below it."""
    out = []
    for kind, channel in resolved.channels.items():
        from_province = channel.source is not None and channel.source.file == province_file
        if channel.placeholder and from_province == inherited:
            out.append(CHANNEL_LABELS.get(kind, kind))
    return tuple(out)


def inherited(dataset: Dataset) -> tuple[str, ...]:
    """The province's own placeholders, which every unit that does not override them prints as 样稿."""
    province = dataset.province
    return _labels(resolve(dataset, province), province.source.file, inherited=True)


def readiness(dataset: Dataset, units: Iterable[Unit], failed: dict[str, list[str]] | None = None,
              unread: dict[str, str] | None = None) -> list[Readiness]:
    """Per unit: what its pieces print as blanks or as local drafts, and whether they failed.

    ``unread``: counties whose file could not be read (code → 城市/县区), listed as failed.
    """
    province_file = dataset.province.source.file
    out = [Readiness(code, path, Level.COUNTY, 0, 0, 0, (), (), tuple((failed or {}).get(code, (_("cannot be read"),))))
           for code, path in (unread or {}).items()]
    for unit in sorted(units, key=lambda u: u.code):
        missing = tuple(f"{l.role}（{'、'.join(MISSING_LABELS[m] for m in l.missing)}）"
                        for l in unit.leaders if l.missing)
        named = sum(1 for l in unit.leaders if l.name)
        numbered = sum(1 for l in unit.leaders if l.phone)
        try:
            resolved = resolve(dataset, unit)
        except CollateralError:  # a unit whose chain cannot be read is failed already
            local, waits = (), ()
        else:
            local = _labels(resolved, province_file, inherited=False)
            waits = tuple(t.unit.name for t in resolved.tables
                          if t.unit.code != unit.code and any(l.missing for l in t.leaders))
        out.append(Readiness(unit.code, dataset.target_path(unit), unit.level, len(unit.leaders), named, numbered,
                             missing, local, tuple((failed or {}).get(unit.code, ())), waits))
    return sorted(out, key=lambda r: r.unit)


@dataclass(frozen=True)
class CountySummary:
    """A county (or a city's own row) with its townships, as one line of a city's section."""

    head: Readiness
    townships: int
    townships_with_leaders: int  # townships listing at least one leader by name
    townships_missing: int  # townships whose listed leaders lack a name or number
    failed: int  # units of the county (itself included) that got no files


def county_summaries(rows: list[Readiness]) -> dict[str, list[CountySummary]]:
    """Per city (by name), a summary per county-level unit, the city's own row first."""
    by_parent: dict[str, list[Readiness]] = {}
    heads: dict[str, Readiness] = {}
    for r in rows:
        if r.level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
            heads[r.name_path] = r
        elif r.level == Level.TOWNSHIP:
            by_parent.setdefault(r.name_path.rsplit("/", 1)[0], []).append(r)
    out: dict[str, list[CountySummary]] = {}
    for path, head in heads.items():
        towns = by_parent.get(path, []) if head.level == Level.COUNTY else []
        out.setdefault(head.city, []).append(CountySummary(
            head, len(towns), sum(1 for t in towns if t.named), sum(1 for t in towns if t.missing),
            sum(1 for r in (head, *towns) if r.failed)))
    for summaries in out.values():
        summaries.sort(key=lambda s: (s.head.level, s.head.unit))
    return out


def csv_text(rows: list[Readiness]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["unit", "name_path", "level", "status", "leaders", "named", "numbered", "missing", "waits_on",
                "placeholders", "failed"])
    for r in rows:
        w.writerow([r.unit, r.name_path, r.level.label, r.status, r.leaders, r.named, r.numbered, "；".join(r.missing),
                    "；".join(r.waits_on), "；".join(r.placeholders), "；".join(r.failed)])
    return buf.getvalue()
