"""Each snippet as an island: a custom element whose content lives in its own shadow root.

Pasted into a city's page, a snippet meets that site's CSS: global resets,
``a{display:none}``, ``*{color:red}``, rules and ids that happen to share the
kit's names. Inside a shadow root none of these reach it, and its ids live in
their own tree, so the same snippet pasted twice gives two independent
instances. The root is declarative (``<template shadowrootmode="open">``,
parsed without script) and links the kit's stylesheet, so the content shows
styled without script. Nothing is inline: no ``<script>``, ``<style>``,
``style=""`` or ``on*=`` — government sites send ``Content-Security-Policy:
script-src 'self'; style-src 'self'``, under which inline code and styles are
dropped. ``kit.js`` (:func:`kit_js`) builds the root where a browser did not
and runs each snippet's behaviour against its root alone.
"""

from __future__ import annotations

from importlib.resources import files

from collateral.web.markup import attrs

KIT_JS, KIT_CSS = "kit.js", "kit.css"
# Snippet tag -> the asset scripts run for each instance, in order, with `root` its shadow root.
BEHAVIOUR = {"cmw-channels": ("popup.js", "channels.js"), "cmw-map": ("popup.js", "map.js")}
_STYLES = ("channels.css", "map.css", "flow.css")


def asset(name: str) -> str:
    return files("collateral.web").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def island(tag: str, body: str, base: str = "") -> str:
    """``<tag>`` holding ``body`` in its shadow root, styled by ``kit.css`` (at ``base``), driven by ``kit.js``.

    ``tag`` must be a valid custom element name (with a dash): such an element
    matches no host rule for ``div``, ``section`` or ``a``.
    """
    return (f'<{tag}>\n<template shadowrootmode="open">\n<link{attrs(rel="stylesheet", href=base + KIT_CSS)}>\n{body}'
            f"</template>\n</{tag}>\n<script{attrs(src=base + KIT_JS, async_=True)}></script>\n")


def kit_css() -> str:
    """Every snippet's rules in one file; each snippet's selectors start at its own root class."""
    return "".join(asset(name) for name in _STYLES)


def kit_js() -> str:
    """One script for every snippet on the page; loaded twice (two snippets pasted) it still runs once per snippet."""
    parts = ["/* collateral website kit: builds each snippet's shadow root where the browser did not, then runs\n"
             "   its behaviour against that root. Runs once per snippet however often the file is included. */\n"
             "(function(){\"use strict\";\nvar run={};\n"]
    for tag, scripts in BEHAVIOUR.items():
        parts.append(f'run["{tag}"]=function(root){{\n' + "".join(asset(s) for s in scripts) + "};\n")
    parts.append(
        "function boot(host){if(host.cmwReady)return;host.cmwReady=true;var root=host.shadowRoot;\n"
        'if(!root){var t=host.querySelector("template");if(!t)return;root=host.attachShadow({mode:"open"});'
        "root.appendChild(t.content);t.remove()}\nrun[host.localName](root)}\n"
        # Booted as soon as the script runs, not at DOMContentLoaded: a page whose end never arrives (a stalled
        # 统计 script below the kit) still gets a working kit. A host with nothing after it yet may still be
        # parsing; it is booted by a later copy of the script or at DOMContentLoaded.
        'function start(){var busy=document.readyState==="loading";document.querySelectorAll("' + ",".join(BEHAVIOUR)
        + '").forEach(function(h){if(!busy||h.nextSibling)boot(h)})}\n'
        'start();if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",start);\n'
        "})();\n")
    return "".join(parts)
