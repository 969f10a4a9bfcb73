"""What the web kit shows for one unit, as plain data worked out from the resolved data.

The same :func:`collateral.data.resolve.resolve` that feeds the leaflets feeds the
site, so a number printed on paper and the number on the city's home page
cannot differ. No markup here: the pieces (``channels``, ``hallmap``) only
carry this data out, and tests can check it without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral.data.dataset import Dataset
from collateral.errors import Problem, QRError, Severity, TargetError
from collateral.data.model import Channel, Level, Unit
from collateral.codes.qr import payload_from_image
from collateral.data.resolve import resolve
from collateral.i18n import _

# The three entries as Attachment 1 names them on a home page (not the leaflet's wording).
ENTRIES = (("wechat", "微信信访"), ("app", "APP信访（安卓版）"), ("sms", "短信投诉"))
BLANK = "待公布"  # shown where a leader's name or number is not published yet


@dataclass(frozen=True)
class ChannelView:
    """One entry of the channels snippet: a QR payload (WeChat, app) or a number (SMS)."""

    kind: str
    label: str
    how: str
    account: str
    payload: str
    number: str
    holder: str
    format: str
    draft: bool  # a value marked placeholder: true; the snippet says 样稿


@dataclass(frozen=True)
class LeaderRow:
    role: str
    name: str  # empty when not published
    phone: str


@dataclass(frozen=True)
class Hall:
    """A unit's reception hall as the map's panel shows it."""

    code: str
    name: str
    office: str
    leaders: tuple[LeaderRow, ...]


@dataclass(frozen=True)
class KitView:
    """Everything the kit of one unit shows."""

    code: str
    name: str
    place: str  # 河南省 / 郑州市 / 郑州市金水区
    channels: tuple[ChannelView, ...]
    map_code: str  # whose map: the province's, the city's, or a county's city
    map_name: str
    own: Hall  # the target's own hall: the panel shown before any click
    regions: tuple[Hall, ...]  # the units of the map, in data order
    current: str | None  # a county target: its region is highlighted
    warnings: tuple[Problem, ...]


def _payload(unit: Unit, channel: Channel) -> str:
    if channel.qr or not channel.qr_image:
        return channel.qr
    try:
        return payload_from_image(channel.qr_image)
    except QRError as err:
        src = channel.source
        raise QRError([Problem(p.message, file=src.file if src else p.file, line=src.line if src else None,
                               unit_label=unit.label, field=f"channels.{channel.kind}.qr_image")
                       for p in err.problems]) from err


def channel_views(dataset: Dataset, unit: Unit) -> tuple[ChannelView, ...]:
    channels = resolve(dataset, unit).channels
    views = []
    for kind, label in ENTRIES:
        c = channels.get(kind, Channel(kind))
        views.append(ChannelView(kind, label, c.how, c.account, _payload(unit, c) if kind != "sms" else "",
                                 c.number, c.holder, c.format, c.placeholder))
    return tuple(views)


def hall(dataset: Dataset, unit: Unit) -> Hall:
    return Hall(unit.code, unit.name, resolve(dataset, unit).office,
                tuple(LeaderRow(l.role, l.name, l.phone) for l in unit.leaders))


def _warnings(dataset: Dataset, unit: Unit, shown: list[Unit]) -> list[Problem]:
    out = []
    for kind, channel in resolve(dataset, unit).channels.items():
        if channel.placeholder:
            src = channel.source
            out.append(Problem(_("value marked placeholder: true; the web kit shows it as 样稿 — replace it "
                                  "before publishing"), file=src.file if src else None, line=src.line if src else None,
                               unit_label=unit.label, field=f"channels.{kind}", severity=Severity.WARNING))
    for u in shown:
        for i, leader in enumerate(u.leaders, 1):
            if leader.missing:
                out.append(Problem(_("{role}: no {value}; shown as {blank} on the map").format(
                                       role=leader.role, value=_(" or ").join(_(m) for m in leader.missing), blank=BLANK),
                                   file=leader.source.file, line=leader.source.line, unit_label=u.label,
                                   field=f"leaders[{i}]", severity=Severity.WARNING))
    return out


def map_owner(dataset: Dataset, unit: Unit) -> Unit:
    """Whose map the kit shows: the province's or a city's own; a county's city.

    Raises:
        TargetError: ``unit`` is a township (its county's kit covers it).
    """
    if unit.level == Level.TOWNSHIP:
        raise TargetError(_("{unit} is a township: the web kit is made for the province, a city or a county "
                             "(try its county {parent})").format(unit=unit.label, parent=unit.parent))
    return dataset.unit(unit.parent) if unit.level == Level.COUNTY and unit.parent else unit


def kit_view(dataset: Dataset, unit: Unit, extra: tuple[str, ...] = ()) -> KitView:
    """The kit of the province, a city or a county.

    ``extra``: codes of units below the map's own children that are regions of
    the map too (the 省直管县 on the province map); they follow the children.

    Raises:
        TargetError: ``unit`` is a township (its county's kit covers it).
        QRError: a supplied QR image does not decode.
    """
    owner = map_owner(dataset, unit)
    if owner.level == Level.CITY:
        dataset.load_city(owner.code)  # a county's map shows its neighbours too
    regions = dataset.children(owner.code)
    known = {r.code for r in regions}
    regions += [dataset.load_county(code) for code in extra if code not in known]
    resolved = resolve(dataset, unit)
    return KitView(
        code=unit.code,
        name=unit.name,
        place=resolved.place,
        channels=channel_views(dataset, unit),
        map_code=owner.code,
        map_name=owner.name,
        own=hall(dataset, unit),
        regions=tuple(hall(dataset, r) for r in regions),
        current=unit.code if unit.level == Level.COUNTY else None,
        warnings=tuple(_warnings(dataset, unit, [unit, *regions])),
    )
