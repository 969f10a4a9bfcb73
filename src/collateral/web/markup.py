"""Escaping and small markup helpers: the only way text from the data reaches HTML or SVG.

Leader names, office names and channel texts are typed by people in many
offices; any of them may hold ``<`` or ``&``. Every piece builds its markup
with :func:`esc` for text and :func:`attrs` for attributes, so nothing from the
data is ever read by a browser as markup.
"""

from __future__ import annotations

import html


def esc(text: object) -> str:
    """Text for an HTML/SVG text node or a quoted attribute value."""
    return html.escape(str(text), quote=True)


def attrs(**values: object) -> str:
    """`` name="value"`` pairs, escaped; ``None``/``False`` values are left out, ``True`` is bare.

    A trailing underscore is dropped (``class_``) and other underscores become
    dashes (``aria_label`` → ``aria-label``).
    """
    out = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


_MD_SPECIAL = set("\\`*_{}[]()#+-.!|~")


def md_esc(text: object) -> str:
    """Text for a Markdown paragraph or table cell: punctuation Markdown reads is backslash-escaped and
    ``<``, ``>``, ``&`` become entities, so a name never turns into a link, emphasis, a column or HTML."""
    out = []
    for ch in str(text):
        if ch in "<>&":
            out.append(html.escape(ch))
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)
