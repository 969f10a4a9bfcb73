"""What goes on a piece for one jurisdiction: strings, codes, tables. No geometry.

The same :class:`Content` feeds every product: a leaflet, a booklet page, a
2.4 m board or a screen differ only in where ``layout`` puts it.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from functools import cached_property

from collateral.compose.edition import code as edition_code
from collateral.errors import Problem, QRError
from collateral.data.guide import Guide
from collateral.data.model import Channel, Level, Source
from collateral.codes.qr import payload_from_image
from collateral.data.resolve import Resolved


@dataclass(frozen=True)
class Row:
    role: str
    name: str
    phone: str
    source: Source


@dataclass(frozen=True)
class TableGroup:
    """Leaders of one unit; ``title`` is the unit's name, shown when a table has several groups.

    ``source``: the unit's ``leaders:`` list, named when the table overflows.
    """

    title: str
    rows: tuple[Row, ...]
    source: Source
    name_source: Source

    def __hash__(self) -> int:  # worked out once: a group is in the key of every leaders table laid out
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.title, self.rows, self.source, self.name_source))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:  # a hash is only good in the process that made it (str hashes are seeded)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}


_GROUPS: dict[tuple[int, int], tuple] = {}  # ids of (unit, leaders) → (unit, leaders, group): see _group


def _group(unit, leaders) -> TableGroup:
    """A unit's leaders as a table group: one object for every piece that lists them (a county's, in each of its
    townships' pieces of every layout), so the caches keyed by a piece's tables find them by identity."""
    key = (id(unit), id(leaders))
    hit = _GROUPS.get(key)
    if hit is not None and hit[0] is unit and hit[1] is leaders:
        return hit[2]
    group = TableGroup(unit.name, tuple(Row(l.role, l.name, l.phone, l.source) for l in leaders),
                       unit.where("leaders"), unit.where("name"))
    if len(_GROUPS) >= 8192:
        _GROUPS.clear()
    _GROUPS[key] = (unit, leaders, group)
    return group


@dataclass(frozen=True)
class Content:
    resolved: Resolved
    guide: Guide
    date: dt.date
    channels: dict[str, Channel]  # with QR images decoded into ``qr``
    fingerprint: str = ""  # of everything the piece prints (see ``collateral.compose.edition``); its edition code

    @property
    def unit(self):
        return self.resolved.unit

    @cached_property
    def tables(self) -> tuple[TableGroup, ...]:
        return tuple(_group(t.unit, t.leaders) for t in self.resolved.tables)

    @cached_property
    def edition(self) -> str:
        """Printed in small type: tells a checker which data and edition a sheet came from."""
        if self.fingerprint:
            return edition_code(self.date, self.fingerprint)
        return f"{self.unit.code}-{self.date:%Y%m%d}"

    @cached_property
    def fields(self) -> dict[str, str]:
        """Values layouts may name in text templates, e.g. ``{place}``."""
        sms = self.channels.get("sms", Channel("sms"))
        scope = "本级" if self.unit.level == Level.TOWNSHIP else "本级及所辖地区"
        return {
            "place": self.resolved.place,
            "name": self.unit.name,
            "code": self.unit.code,
            "province": self.resolved.province.name,
            "office": self.resolved.office,
            "date": f"{self.date.year}年{self.date.month}月",
            "edition": self.edition,
            "sms_number": sms.number,
            "sms_holder": sms.holder,
            "sms_format": sms.format,
            "wechat_account": self.channels.get("wechat", Channel("wechat")).account,
            "table_title": f"{scope}领导干部手机短信信访公开号码" if self.unit.level != Level.TOWNSHIP
            else f"{'及'.join(t.title for t in self.tables)}领导干部手机短信信访公开号码",
            "guide_title": self.guide.title,
        }

    @property
    def is_draft(self) -> bool:
        return self.resolved.is_draft

    def source_of(self, template: str) -> tuple[str, Source] | None:
        """The data value behind the first field of a layout text: where a clerk would change it."""
        unit = self.unit
        sms = self.channels.get("sms")
        office_unit = next((u for u in reversed(self.resolved.ancestry) if u.office), None)
        for _, name, _, _ in string.Formatter().parse(template):
            if name in ("place", "name", "code"):
                return "name", unit.where("name")
            if name == "office" and office_unit is not None:
                return "office", office_unit.where("office")
            if name in ("sms_number", "sms_holder", "sms_format") and sms is not None and sms.source:
                return f"channels.sms.{name[4:]}", sms.source
            if name == "table_title" and self.tables:
                return "name", self.tables[-1].name_source
        return None


def _with_payload(unit_label: str, channel: Channel) -> Channel:
    if not channel.qr_image:
        return channel
    try:
        payload = payload_from_image(channel.qr_image)
    except QRError as err:
        src = channel.source
        raise QRError([Problem(p.message, file=src.file if src else p.file, line=src.line if src else None,
                               unit_label=unit_label, field=f"channels.{channel.kind}.qr_image")
                       for p in err.problems]) from err
    return Channel(**{**channel.__dict__, "qr": payload})


def build(resolved: Resolved, guide: Guide, date: dt.date, fingerprint: str = "") -> Content:
    channels = {k: _with_payload(resolved.unit.label, c) for k, c in resolved.channels.items()}
    return Content(resolved, guide.for_sms(channels.get("sms")), date, channels, fingerprint)
