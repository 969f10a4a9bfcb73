"""The complaint guide (手机信访投诉指南) as data, with the local SMS channel filled in.

The guide's text is edited in ``data/guide.yaml`` without touching code. Its
paragraphs may name the SMS channel ({sms_number}, {sms_holder},
{sms_format}); a county that publishes its own number gets it in the guide too.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from collateral.data.rules import GUIDE, GUIDE_ITEM, GUIDE_PLACEHOLDERS, GUIDE_SECTION, Record, read_scalar
from collateral.errors import DataError
from collateral.data.model import Channel
from collateral.data.schema import Reader
from collateral.data.yamlsrc import LocDict, load_yaml
from collateral.i18n import _

FIELDS = GUIDE_PLACEHOLDERS
NUMERALS = "一二三四五六七八九十"
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def numbered(n: int, title: str) -> str:
    """A section title as 附件二 numbers it: 一、二、三、 by its place among the sections a product prints.

    A product that leaves a section out (a booklet gives the channels pages
    of their own) still counts from 一、, so the data's titles carry no numeral.
    """
    if n <= 10:
        numeral = NUMERALS[n - 1]
    elif n < 20:
        numeral = "十" + NUMERALS[n - 11]
    else:
        numeral = NUMERALS[n // 10 - 1] + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")
    return f"{numeral}、{title}"


@dataclass(frozen=True)
class Item:
    label: str
    text: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    items: tuple[Item, ...]
    note: str


@dataclass(frozen=True)
class Guide:
    title: str
    definition: str
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def __hash__(self) -> int:  # worked out once: a guide is part of the key of every block that prints it
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(tuple(getattr(self, f) for f in self.__dataclass_fields__))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __getstate__(self) -> dict:  # a hash is only good in the process that made it (str hashes are seeded)
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def for_sms(self, sms: Channel | None) -> "Guide":
        """The guide with the SMS channel's values put in its placeholders.

        The same guide object for every unit with the same SMS values: the layout caches keyed by it then
        compare it by identity.
        """
        return _for_sms(self, sms.number if sms else "", sms.holder if sms else "", sms.format if sms else "")

    def strings(self) -> list[tuple[str, str]]:
        """(field, text) for every string, for glyph checks."""
        out = [("title", self.title), ("definition", self.definition)]
        for s in self.sections:
            out += [(f"{s.key}.title", s.title), (f"{s.key}.intro", s.intro), (f"{s.key}.note", s.note)]
            out += [(f"{s.key}.items[{n}]", i.text) for n, i in enumerate(s.items, 1)]
        return out


@lru_cache(maxsize=256)
def _for_sms(guide: Guide, number: str, holder: str, format: str) -> Guide:
    values = {"sms_number": number, "sms_holder": holder, "sms_format": format}

    def fill(text: str) -> str:
        return text.format_map(values)

    return Guide(
        title=fill(guide.title),
        definition=fill(guide.definition),
        sections=tuple(
            replace(s, title=fill(s.title), intro=fill(s.intro), note=fill(s.note),
                    items=tuple(Item(fill(i.label), fill(i.text)) for i in s.items))
            for s in guide.sections
        ),
    )


def _check_template(r: Reader, key: str, text: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as err:
        r.error(key, f"bad placeholder: {err}")
        return
    unknown = names - FIELDS
    if unknown:
        r.error(key, f"unknown placeholder {sorted(unknown)}; allowed: {sorted(FIELDS)}")


def load_guide(path: Path, label: str, within: Path | None = None) -> Guide:
    """The guide from ``path``; ``within``: the data folder, which a link must not leave."""
    node = load_yaml(path, label, within)
    if not isinstance(node, LocDict):
        raise DataError(f"{label}:1: expected a mapping")
    r = Reader(node, unit="guide")
    r.only(GUIDE.fields)

    def text(reader: Reader, record: Record, key: str) -> str:
        """A field of the reader's record (data.rules), its placeholders checked when it is a template."""
        rule = record.fields[key]
        value = read_scalar(reader, key, rule)
        if rule.rule == "template":
            _check_template(reader, key, value)
        return value

    sections = []
    for n, sec in enumerate(r.items("sections"), 1):
        if not isinstance(sec, LocDict):
            r.error("sections", _("section {n} must be a mapping").format(n=n))
            continue
        sr = r.child(sec, f"sections[{n}]")
        sr.only(GUIDE_SECTION.fields)
        items = []
        for m, item in enumerate(sr.items("items"), 1):
            if not isinstance(item, LocDict):
                sr.error("items", _("item {m} must be a mapping with label and text").format(m=m))
                continue
            ir = sr.child(item, f"items[{m}]")
            ir.only(GUIDE_ITEM.fields)
            items.append(Item(text(ir, GUIDE_ITEM, "label"), text(ir, GUIDE_ITEM, "text")))
        title = _NUMBERED.sub("", text(sr, GUIDE_SECTION, "title"))  # numbered where printed: see numbered()
        sections.append(Section(text(sr, GUIDE_SECTION, "key"), title, text(sr, GUIDE_SECTION, "intro"),
                                tuple(items), text(sr, GUIDE_SECTION, "note")))
    guide = Guide(text(r, GUIDE, "title"), text(r, GUIDE, "definition"), tuple(sections))
    if r.problems:
        raise DataError(r.problems)
    return guide
