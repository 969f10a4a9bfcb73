"""The kinds of block a layout is made of: one module each, and the one registry.

A new kind is a module in this package (a :class:`~collateral.kinds.base.Kind`
subclass) and a line in :data:`KINDS`; nothing else lists kinds. The
registry sits below the parser (``specparts`` checks parameters against a
kind's schema) and the engine (``compose`` asks a kind to lay itself out).
"""

from __future__ import annotations

from collateral.kinds.base import Kind
from collateral.kinds.draftmark import DraftMark
from collateral.kinds.flow import Flow
from collateral.kinds.leaders import LeadersColumns, LeadersTable
from collateral.kinds.qrcard import QRCard
from collateral.kinds.rect import Rect
from collateral.kinds.smscard import SMSCard
from collateral.kinds.text import Text

KINDS: dict[str, Kind] = {
    "rect": Rect(),
    "text": Text(),
    "flow": Flow(),
    "qr_card": QRCard(),
    "sms_card": SMSCard(),
    "leaders_table": LeadersTable(),
    "leaders_columns": LeadersColumns(),
    "draft_mark": DraftMark(),
}
