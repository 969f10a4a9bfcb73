"""``sms:`` links for public SMS numbers: a tap opens the messaging app with the number and the format.

The notice publishes these numbers for SMS petitions only ("请不要采用语音、视频、彩信的方式"),
so they are never ``tel:`` links, which would start a voice call. The body
pre-fills the format the notice asks for (姓名、住址、身份证号码、反映的具体事项及发生地),
one field a line, for the sender to complete. ``?&body=`` is the spelling
both Android (``?body=``) and iOS (``&body=``) read.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from collateral.web.markup import attrs, esc


def body(format_: str) -> str:
    """``姓名：\\n住址：\\n…`` from ``姓名、住址、…``: the fields to fill, one a line."""
    fields = [f.strip() for f in re.split(r"[、，,；;]", format_) if f.strip()]
    return "\n".join(f"{f}：" for f in fields)


def sms_href(number: str, format_: str = "") -> str:
    digits = re.sub(r"[^\d+]", "", number)
    text = body(format_)
    return f"sms:{digits}" + (f"?&body={quote(text, safe='')}" if text else "")


def sms_link(number: str, format_: str = "", class_: str | None = None) -> str:
    """The number as a link to send an SMS; ``draggable=false`` so a mouse drag selects its digits."""
    return (f'<a{attrs(class_=class_, href=sms_href(number, format_), draggable="false", title="发送短信")}>'
            f"{esc(number)}</a>")
