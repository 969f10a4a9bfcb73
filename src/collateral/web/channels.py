"""The channels snippet: 微信信访, APP信访（安卓版）, 短信投诉, each revealing its QR code or number.

As Attachment 1 describes the province's home page: moving the pointer onto an
entry shows the WeChat code, the app download code or the director's public
SMS number. Here the same happens on keyboard focus and on a tap. Each entry
is a button whose panel is a popover: in the top layer, so no ancestor's
``overflow`` clips it. Without script the browser's own popover toggling
works (a tap opens it centred in the viewport, a second tap or Esc closes it);
the script (``popup.js``) adds hover, placement by the entry and one-at-a-time
across every snippet on the page. The snippet is an :func:`~collateral.web.shadow.island`.
"""

from __future__ import annotations

from collateral.web.markup import attrs, esc
from collateral.web.qrsvg import qr_svg
from collateral.web.shadow import island
from collateral.web.sms import sms_link
from collateral.web.view import ChannelView

_ICONS = {  # 20×20 pictograms drawn in the text colour; decorative
    "wechat": '<path d="M7.5 3C3.9 3 1 5.4 1 8.4c0 1.7.9 3.2 2.4 4.2L2.8 15l2.6-1.4c.7.2 1.4.3 2.1.3h.4a5 5 0 0 1'
              '-.1-1c0-3.1 3-5.6 6.6-5.6h.4C14.1 4.9 11.1 3 7.5 3zm5.9 5.3c-3 0-5.4 2-5.4 4.4s2.4 4.4 5.4 4.4c.6 0'
              ' 1.2-.1 1.7-.2l2.1 1.1-.5-1.9c1.3-.8 2.1-2 2.1-3.4 0-2.4-2.4-4.4-5.4-4.4z"/>',
    "app": '<path d="M6 1h8a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2zm0 3v11h8V4H6zm4 12.2a1'
           ' 1 0 1 0 0 .1z"/>',
    "sms": '<path d="M2 4h16a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm.8 1.8v8.4h14.4V5.8L10'
           ' 10.6 2.8 5.8z"/>',
}


def _icon(kind: str) -> str:
    return f'<svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false">{_ICONS[kind]}</svg>'


def _draft(channel: ChannelView, what: str) -> str:
    return f'<p class="cmw-draft">样稿：{esc(what)}待核实，请勿发布</p>' if channel.draft else ""


def _panel(channel: ChannelView) -> str:
    if channel.kind == "sms":
        holder = f"{channel.holder}手机短信信访公开号码" if channel.holder else "手机短信信访公开号码"
        body = (f'<p class="cmw-holder">{esc(holder)}</p>'
                f'<p class="cmw-number">{sms_link(channel.number, channel.format)}</p>')
        if channel.format:
            body += f'<p class="cmw-format">短信格式：{esc(channel.format)}</p>'
        return body + _draft(channel, "号码")
    what = "微信信访二维码" if channel.kind == "wechat" else "APP信访（安卓版）下载二维码"
    body = qr_svg(channel.payload, what)
    if channel.how:
        body += f'<p class="cmw-how">{esc(channel.how)}</p>'
    return body + _draft(channel, "二维码")


def channels_html(code: str, place: str, channels: tuple[ChannelView, ...]) -> str:
    """The snippet: ``<cmw-channels>`` with its style, markup and script in its own shadow root.

    Ids carry ``code`` too, though the shadow root already keeps two pasted
    copies apart: a reader of the markup sees which unit an id belongs to.
    """
    title = f"cmw-{code}-channels"
    entries = []
    for c in channels:
        pop = f"cmw-{code}-{c.kind}"
        entries.append(
            f'<li class="cmw-entry">'
            f'<button{attrs(type="button", class_="cmw-trigger", popovertarget=pop)}>{_icon(c.kind)}'
            f"<span>{esc(c.label)}</span></button>"
            f'<div{attrs(class_="cmw-pop", id=pop, popover="auto", role="group", aria_label=c.label)}>{_panel(c)}</div></li>'
        )
    body = (f'<section{attrs(class_="cmw-channels", lang="zh-CN", aria_labelledby=title)}>\n'
            f'<h2{attrs(class_="cmw-h", id=title)}>手机信访 · {esc(place)}</h2>\n'
            f'<ul class="cmw-entries">\n' + "\n".join(entries) + "\n</ul>\n</section>\n")
    return island("cmw-channels", body)
