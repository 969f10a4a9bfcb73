"""The field rules of the data files as tables: which keys a record has, what each holds, what is required.

One statement of the rules with two readers: :mod:`collateral.data.datafile` and
:mod:`collateral.data.guide` read the files with them (:func:`read_scalar`, and
``Reader.only(record.fields)`` for unknown keys), and
:mod:`collateral.data.jsonschemas` turns them into the JSON Schemas an editor
checks while an office types. A key added here is read and in the schema at
once; ``tests/test_schemas.py`` fails while the committed schemas lag.

Each field carries its Chinese and English descriptions, which editors show on
hover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collateral.data.model import CHANNEL_KINDS, CODE_DIGITS, Level
from collateral.data.schema import Reader

# The rules a scalar field may follow (Reader's methods, plus the guide's texts with {placeholders}).
SCALAR_RULES = ("text", "code", "phone", "url", "image", "flag", "template")

# Placeholders the guide's texts may name, filled from the resolved SMS channel (guide.py).
GUIDE_PLACEHOLDERS = frozenset({"sms_number", "sms_holder", "sms_format"})


@dataclass(frozen=True)
class Field:
    """One key of a record: its rule, whether it is required, and what it means (zh, en).

    ``rule`` is a scalar rule (:data:`SCALAR_RULES`), ``list`` (items are
    ``record``) or ``mapping`` (the value is a ``record``).
    """

    rule: str
    zh: str
    en: str
    required: bool = False
    digits: int = 0  # code: how many digits
    record: "Record | None" = None


@dataclass(frozen=True)
class Record:
    """A mapping whose keys are exactly ``fields`` (the loaders refuse any other key)."""

    name: str
    zh: str
    en: str
    fields: dict[str, Field] = field(default_factory=dict)

    def required(self) -> list[str]:
        return [k for k, f in self.fields.items() if f.required]


def read_scalar(r: Reader, key: str, rule: Field) -> Any:
    """``key`` of ``r``'s mapping read by its field's rule; problems go to ``r``.

    ``image`` and ``template`` are read as text here; the file's folder
    (datafile) and the placeholders (guide) are checked by their readers.
    """
    if rule.rule == "code":
        return r.code(key, rule.digits)
    if rule.rule == "phone":
        return r.phone(key)
    if rule.rule == "url":
        return r.url(key)
    if rule.rule == "flag":
        return r.flag(key)
    if rule.rule in ("text", "image", "template"):
        return r.text(key, required=rule.required)
    raise ValueError(f"{key}: {rule.rule!r} is not a scalar rule")


LEADER = Record("leader", "领导公开号码表的一行：职务、姓名、公开号码。姓名或号码留空则印成可手写的空行。",
                "One row of the leaders table: role, name, public number. An empty name or number prints "
                "as a line to fill in by hand.", {
    "role": Field("text", "职务，例如“区委书记”", "The role, e.g. 区委书记", required=True),
    "name": Field("text", "姓名（可留空：\"\"）", "The name (may be empty: \"\")"),
    "phone": Field("phone", "公开号码：11 位手机号（1[3-9]…）或固定电话“区号-号码”（0371-12345678）；全角数字会被转换；可留空",
                   "Public number: an 11-digit mobile (1[3-9]…) or a landline area-number (0371-12345678); "
                   "full-width digits are converted; may be empty"),
})

CHANNEL = Record("channel", "一个渠道。只写本级与上级不同的项，其余从上级继承。",
                 "One channel. Write only what differs from the level above; the rest is inherited.", {
    "label": Field("text", "渠道名称，印在卡片上方，例如“微信信访”", "The channel's name, printed above its card"),
    "how": Field("text", "一句使用说明，印在二维码下方", "One line on how to use it, printed below the code"),
    "account": Field("text", "公众号名称", "The account's name (WeChat)"),
    "qr": Field("url", "二维码内容：http(s) 网址，最多 300 个字符", "The QR payload: an http(s) URL, at most 300 characters"),
    "qr_image": Field("image", "二维码图片文件（PNG），相对于本文件所在文件夹", "A QR image (PNG), relative to this file's folder"),
    "number": Field("phone", "短信公开号码：手机号或“区号-号码”", "The public SMS number: mobile or area-number"),
    "holder": Field("text", "号码持有单位，例如“河南省信访局”", "Who holds the number"),
    "format": Field("text", "短信格式，例如“姓名+身份证号+诉求”", "The message format to write"),
    "placeholder": Field("flag", "true：该值尚未核实，用到它的宣传品都印“样稿”", "true: not yet confirmed; pieces using it print 样稿 (draft)"),
})

_CHANNEL_NAMES = {"wechat": ("微信信访", "WeChat"), "app": ("APP信访（安卓版）", "the Android app"),
                  "sms": ("短信信访", "SMS")}
CHANNELS = Record("channels", "渠道：微信、APP、短信。下级可以覆盖任何一项。",
                  "Channels: WeChat, app, SMS. A lower level may override any field.", {
    kind: Field("mapping", _CHANNEL_NAMES[kind][0], f"The {_CHANNEL_NAMES[kind][1]} channel", record=CHANNEL)
    for kind in CHANNEL_KINDS
})

_LEVEL_NAMES = {Level.PROVINCE: ("省", "province"), Level.CITY: ("市", "city"),
                Level.COUNTY: ("县（区、市）", "county"), Level.TOWNSHIP: ("乡镇（街道）", "township")}


def unit_fields(level: Level) -> dict[str, Field]:
    """The keys every unit has, at ``level`` (the code's length differs)."""
    zh, en = _LEVEL_NAMES[level]
    digits = CODE_DIGITS[level]
    return {
        "code": Field("code", f"{zh}的区划代码：{digits} 位数字，加引号（\"410105\"）以保留前导零；须与文件名一致",
                      f"The {en}'s division code: {digits} digits, quoted (\"410105\") so leading zeros survive; "
                      "must agree with the file name", required=True, digits=digits),
        "name": Field("text", f"{zh}的名称，须与文件名一致", f"The {en}'s name; must agree with the file name",
                      required=True),
        "office": Field("text", "信访部门名称，例如“金水区信访局”", "The complaint office, e.g. 金水区信访局"),
        "leaders": Field("list", "领导公开号码表", "The leaders table", record=LEADER),
        "channels": Field("mapping", CHANNELS.zh, CHANNELS.en, record=CHANNELS),
    }


TOWNSHIP = Record("township", "一个乡镇（街道）", "One township", unit_fields(Level.TOWNSHIP))
PROVINCE = Record("province", "省级信访部门的联系数据（data/province.yaml）；所有市、县、乡的宣传品都继承这里的渠道。",
                  "The province's contact data (data/province.yaml); every piece inherits its channels.", {
    **unit_fields(Level.PROVINCE),
    "divisions": Field("text", "市级文件夹所在的文件夹名，例如 henan", "The folder holding the city folders, e.g. henan"),
})
CITY = Record("city", "市级联系数据（<市代码>-<市名>/city.yaml）", "A city's contact data (<code>-<name>/city.yaml)",
              unit_fields(Level.CITY))
COUNTY = Record("county", "县级联系数据与所辖乡镇（<县代码>-<县名>.yaml）",
                "A county's contact data and its townships (<code>-<name>.yaml)", {
    **unit_fields(Level.COUNTY),
    "townships": Field("list", "所辖乡镇（街道）：代码 9 位，以本县代码开头；名称在本县内不重复",
                       "The townships: 9-digit codes starting with the county's; names unique in the county",
                       record=TOWNSHIP),
})
UNIT_RECORDS = {Level.PROVINCE: PROVINCE, Level.CITY: CITY, Level.COUNTY: COUNTY, Level.TOWNSHIP: TOWNSHIP}

_PLACEHOLDERS_ZH = "可用占位符 {sms_number}、{sms_holder}、{sms_format}"
_PLACEHOLDERS_EN = "may name {sms_number}, {sms_holder}, {sms_format}"
GUIDE_ITEM = Record("item", "一条：编号与文字", "One item: its label and text", {
    "label": Field("text", "编号，例如 \"1.\"", "Its label, e.g. \"1.\""),
    "text": Field("template", f"文字；{_PLACEHOLDERS_ZH}", f"The text; {_PLACEHOLDERS_EN}", required=True),
})
GUIDE_SECTION = Record("section", "指南的一节", "A section of the guide", {
    "key": Field("text", "节的标识（版式用 section:<key> 引用），例如 channels", "The section's key (layouts name "
                 "it as section:<key>), e.g. channels", required=True),
    "title": Field("template", "标题，不写序号（一、二、按印出的顺序自动加上）",
                   "The title, without a numeral (一、二、 are added in printed order)", required=True),
    "intro": Field("template", "导语", "An introduction"),
    "items": Field("list", "条目", "The items", record=GUIDE_ITEM),
    "note": Field("template", "附注", "A closing note"),
})
GUIDE = Record("guide", "手机信访投诉指南（data/guide.yaml，附件二）", "The complaint guide (data/guide.yaml, 附件二)", {
    "title": Field("template", "指南标题", "The guide's title", required=True),
    "definition": Field("template", "开头的定义段落", "The opening definition"),
    "sections": Field("list", "各节", "The sections", record=GUIDE_SECTION),
})
