"""The kinds of block a layout is made of: one module each, and the one registry.

A new kind is a module in this package (a :class:`~collateral.compose.kinds.base.Kind`
subclass) and a line in :data:`KINDS`; nothing else lists kinds. The
registry sits below the parser (``specparts`` checks parameters against a
kind's schema) and the engine (``compose`` asks a kind to lay itself out).
"""

from __future__ import annotations

from collateral.compose.kinds.base import Kind
from collateral.compose.kinds.draftmark import DraftMark
from collateral.compose.kinds.editionmark import EditionMark
from collateral.compose.kinds.flow import Flow
from collateral.compose.kinds.leaders import LeadersColumns, LeadersTable
from collateral.compose.kinds.qrcard import QRCard
from collateral.compose.kinds.rect import Rect
from collateral.compose.kinds.smscard import SMSCard
from collateral.compose.kinds.text import Text

KINDS: dict[str, Kind] = {
    "rect": Rect(),
    "text": Text(),
    "flow": Flow(),
    "qr_card": QRCard(),
    "sms_card": SMSCard(),
    "leaders_table": LeadersTable(),
    "leaders_columns": LeadersColumns(),
    "draft_mark": DraftMark(),
    "edition_mark": EditionMark(),
}
