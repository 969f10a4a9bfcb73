"""The data model: jurisdictions, their leaders and their channels, as written.

Values here are exactly what the data files say, with the file:line they came
from. Inheritance (a township taking its county's and the province's channels)
is worked out later, in :mod:`collateral.data.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from collateral.i18n import _


class Level(IntEnum):
    PROVINCE = 0
    CITY = 1
    COUNTY = 2
    TOWNSHIP = 3

    @property
    def label(self) -> str:
        return ("省级", "市级", "县级", "乡级")[self]


CODE_DIGITS = {Level.PROVINCE: 6, Level.CITY: 6, Level.COUNTY: 6, Level.TOWNSHIP: 9}

CHANNEL_KINDS = ("wechat", "app", "sms")


@dataclass(frozen=True)
class Source:
    """Where a value was written: shown in every message about it."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Leader:
    """One row of a leaders table; empty name or phone prints as a line to fill in."""

    role: str
    name: str
    phone: str
    source: Source

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f for f in ("name", "phone") if not getattr(self, f))


@dataclass(frozen=True)
class Channel:
    """A way to reach the office: WeChat account, Android app or SMS number.

    ``qr`` is the payload the printed QR code carries. ``placeholder`` marks a
    value nobody has confirmed yet; any output using it is a draft (样稿).
    """

    kind: str
    label: str = ""
    how: str = ""
    account: str = ""
    qr: str = ""
    qr_image: str = ""
    number: str = ""
    holder: str = ""
    format: str = ""
    placeholder: bool = False
    source: Source | None = None


# What each channel must resolve to before a piece can print it: the one statement of the rule,
# asked by ``check`` for every unit and by the blocks that draw the channels.
REQUIRED = {"wechat": "qr", "app": "qr", "sms": "number"}


def channel_gap(kind: str, channel: "Channel | None") -> str | None:
    """Why a resolved channel cannot be printed (no QR payload, no number), or None."""
    need = REQUIRED[kind]
    if channel is None or not (getattr(channel, need) or (need == "qr" and channel.qr_image)):
        return _("channel {kind!r} resolves to no {need}").format(kind=kind, need=need) + \
            (_(" (qr or qr_image)") if need == "qr" else "")
    return None


@dataclass(frozen=True)
class Unit:
    """A jurisdiction at any level, with what its own file says about it.

    ``channels`` holds only the fields this level sets (overrides), keyed by
    channel kind, each with the :class:`Source` of the block.
    """

    code: str
    name: str
    level: Level
    parent: str | None
    source: Source
    office: str = ""
    leaders: tuple[Leader, ...] = ()
    channels: dict[str, tuple[dict[str, Any], Source]] = field(default_factory=dict, hash=False)
    key_lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    def where(self, key: str) -> Source:
        """The file:line of one of this unit's keys (name, office...)."""
        return Source(self.source.file, self.key_lines.get(key, self.source.line))

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"
