"""Inheritance: what a jurisdiction shows, worked out from itself and its parents.

A township shows the province's channels with its city's, county's and its own
overrides applied field by field, and the leaders tables of its county and
itself. A county or city shows its own table and those of the level below,
as the notice asks ("本级及所辖地区").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from collateral.data.dataset import Dataset
from collateral.data.model import CHANNEL_KINDS, Channel, Leader, Level, Unit


@dataclass(frozen=True)
class LeaderTable:
    """The leaders of one unit, as a block of rows under the unit's name."""

    unit: Unit
    leaders: tuple[Leader, ...]


@dataclass(frozen=True)
class Resolved:
    """Everything one piece needs to know about its jurisdiction."""

    unit: Unit
    ancestry: tuple[Unit, ...]
    channels: dict[str, Channel]
    tables: tuple[LeaderTable, ...]
    office: str

    @property
    def province(self) -> Unit:
        return self.ancestry[0]

    @property
    def place(self) -> str:
        """The jurisdiction as printed: 郑州市金水区花园路街道 (repeats dropped)."""
        names: list[str] = []
        for u in self.ancestry[1:]:
            if not names or names[-1] != u.name:
                names.append(u.name)
        return "".join(names) or self.unit.name

    @property
    def is_draft(self) -> bool:
        return any(c.placeholder for c in self.channels.values())

    @property
    def draft_fields(self) -> list[str]:
        return [f"channels.{k}" for k, c in self.channels.items() if c.placeholder]


def merge_channels(chain: list[Unit]) -> dict[str, Channel]:
    """Apply each level's channel fields over its parent's, province first."""
    channels: dict[str, Channel] = {}
    for unit in chain:
        for kind in CHANNEL_KINDS:
            if kind not in unit.channels:
                continue
            values, source = unit.channels[kind]
            base = channels.get(kind, Channel(kind=kind))
            # A new QR image replaces an inherited payload and vice versa.
            if "qr" in values or "qr_image" in values:
                base = replace(base, qr="", qr_image="")
            if "placeholder" not in values:
                values = {**values, "placeholder": False} if any(
                    k in values for k in ("qr", "qr_image", "number")) else values
            channels[kind] = replace(base, **values, source=source)
    return channels


def leader_tables(dataset: Dataset, unit: Unit) -> tuple[LeaderTable, ...]:
    """Which leaders a unit's piece lists: see the module docstring."""
    if unit.level == Level.TOWNSHIP:
        county = dataset.unit(unit.parent) if unit.parent else None
        units = [u for u in (county, unit) if u is not None]
    else:
        units = [unit, *dataset.children(unit.code)] if unit.level < Level.COUNTY else [unit]
    # A unit with no leaders listed adds no group; a county always shows its rows, blank or not.
    return tuple(LeaderTable(u, u.leaders) for u in units if u.leaders)


def resolve(dataset: Dataset, unit: Unit) -> Resolved:
    chain = dataset.ancestry(unit)
    office = next((u.office for u in reversed(chain) if u.office), "")
    return Resolved(
        unit=unit,
        ancestry=tuple(chain),
        channels=merge_channels(chain),
        tables=leader_tables(dataset, unit),
        office=office,
    )
