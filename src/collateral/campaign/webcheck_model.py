"""What a web check expects and what it answers: the current values of a unit's kit, and one verdict per item.

In: the dataset and the unit whose kit should be on the page. Out:
:class:`Expected` (payloads, the SMS number, the map's units with their
leaders' published numbers, and who owns every number the data knows, so that
a wrong number on a page can be named as someone else's) and :class:`Item`,
the verdict of one 附件一 item with its evidence.

A verdict is PASS, WARN or FAIL. WARN is for what a visitor can use but must
not be called done: a 样稿 (placeholder data or a draft kit on the page), numbers
still 待公布, a page that did not finish loading within the limit. ``ok`` (what
the monthly report counts as 符合) is true only for PASS.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from collateral.data.dataset import Dataset
from collateral.data.model import Level, Unit
from collateral.codes.qr import payload_from_image
from collateral.data.resolve import resolve

PASS, WARN, FAIL = "PASS", "WARN", "FAIL"
LABELS = (("wechat", "微信信访"), ("app", "APP信访（安卓版）"), ("sms", "短信投诉"))  # 附件一's wording
# Words a host page may use for the same entry (its own buttons, an image's alt), best first.
TERMS = {"wechat": ("微信信访", "微信公众号", "微信"), "app": ("APP信访", "app信访", "安卓", "APP下载", "客户端"),
         "sms": ("短信投诉", "短信信访", "短信")}
HINT, BLANK, FLOW, DRAFT = "请点击", "待公布", "手机信访流程", "样稿"


@dataclass(frozen=True)
class Item:
    """One 附件一 item: its verdict, what was expected and found, and the evidence.

    ``element`` is a short CSS path of the element a visitor would use (`` >>> ``
    crosses into a shadow root, ``iframe[…] |`` into a frame); ``read`` what was
    read off the page (texts, decoded QR payloads, the interaction that showed
    them); ``screenshot`` the file, beside webcheck.json, with the element boxed.
    """

    item: str
    title: str
    status: str
    expected: str
    found: str
    screenshot: str = ""
    element: str = ""
    read: list[str] = field(default_factory=list)
    frame: str = ""  # the URL of the frame it was found in; empty: the page itself

    @property
    def ok(self) -> bool:
        return self.status == PASS

    def doc(self) -> dict:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class Hall:
    """A unit of the map (or the target's own hall): its name and its leaders' published numbers."""

    code: str
    name: str
    numbers: tuple[str, ...]
    unpublished: int  # leaders without a number (shown 待公布)


@dataclass(frozen=True)
class Expected:
    """What the page should show for a unit, from the data (the same values the leaflets print)."""

    payloads: dict[str, str]  # wechat / app → QR payload
    sms: str
    drafts: frozenset[str]  # channel kinds whose data is marked placeholder: true
    own: Hall
    regions: dict[str, Hall]  # the map's units, code → hall, in data order
    map_name: str
    owners: dict[str, str] = field(default_factory=dict)  # a number → whose it is (金水区区长, 河南省信访局局长)

    @property
    def halls(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Every hall the kit shows (own first): code → (name, published numbers)."""
        out = {self.own.code: (self.own.name, self.own.numbers)}
        out.update({c: (h.name, h.numbers) for c, h in self.regions.items()})
        return out

    def whose(self, number: str) -> str:
        return self.owners.get(number, "")


def _hall(unit: Unit) -> Hall:
    return Hall(unit.code, unit.name, tuple(l.phone for l in unit.leaders if l.phone),
                sum(1 for l in unit.leaders if not l.phone))


def expected(dataset: Dataset, unit: Unit) -> Expected:
    """The current values of ``unit``'s kit: channel payloads and number, the map's halls, who owns each number."""
    channels = resolve(dataset, unit).channels
    payloads = {}
    for kind in ("wechat", "app"):
        c = channels.get(kind)
        if c is not None:
            payloads[kind] = payload_from_image(c.qr_image) if c.qr_image else c.qr
    sms = channels["sms"].number if "sms" in channels else ""
    drafts = frozenset(k for k, c in channels.items() if c.placeholder)
    owner = dataset.unit(unit.parent) if unit.level == Level.COUNTY and unit.parent else unit
    if owner.level == Level.CITY:
        dataset.load_city(owner.code)
    children = dataset.children(owner.code)
    owners = {}
    for u in [owner, unit, *children]:
        for leader in u.leaders:
            if leader.phone:
                owners.setdefault(leader.phone, f"{u.name}{leader.role}")
    if sms:
        owners.setdefault(sms, channels["sms"].holder or "短信投诉")
    return Expected(payloads, sms, drafts, _hall(unit), {u.code: _hall(u) for u in children}, owner.name, owners)


def report_doc(url: str, unit: Unit, items: list[Item], load: dict) -> dict:
    """webcheck.json: the page as loaded (status, type, redirects, frames, timing out), then each item."""
    counts = {s: sum(i.status == s for i in items) for s in (PASS, WARN, FAIL)}
    verdict = FAIL if counts[FAIL] else WARN if counts[WARN] else PASS
    return {"url": url, "target": unit.code, "name": unit.name, "verdict": verdict, "counts": counts,
            "load": load, "items": [i.doc() for i in items]}
