"""Each snippet as an island: a custom element whose content lives in its own shadow root.

Pasted into a city's page, a snippet meets that site's CSS: global resets,
``a{display:none}``, ``*{color:red}``, rules and ids that happen to share the
kit's names. Inside a shadow root none of these reach it, and its ids live in
their own tree, so the same snippet pasted twice gives two independent
instances. The root is declarative (``<template shadowrootmode="open">``,
parsed without script); a few lines of script build it where a browser did
not, then run the snippet's behaviour against that root alone.
"""

from __future__ import annotations

from importlib.resources import files

# Builds the shadow root where the parser did not, then hands it to the snippet's code as `root`.
_BOOT = ('(function(host){var root=host.shadowRoot;if(!root){var t=host.querySelector("template");'
         'root=host.attachShadow({mode:"open"});root.appendChild(t.content);t.remove()}\n')


def asset(name: str) -> str:
    return files("collateral.web").joinpath(f"assets/{name}").read_text(encoding="utf-8")


def island(tag: str, style: str, body: str, scripts: tuple[str, ...]) -> str:
    """``<tag>`` holding ``body`` and ``style`` in its shadow root, and the ``scripts`` (asset names) run for it.

    ``tag`` must be a valid custom element name (with a dash): such an element
    matches no host rule for ``div``, ``section`` or ``a``.
    """
    code = "".join(asset(s) for s in scripts)
    return (f'<{tag} style="display:block">\n<template shadowrootmode="open">\n<style>\n{style}</style>\n{body}'
            f"</template>\n<script>\n{_BOOT}{code}}})(document.currentScript.parentNode);\n</script>\n</{tag}>\n")
