"""Names a person types for a jurisdiction: common aliases, and the closest names when one is not found.

People write 济源市 for 济源示范区, 长垣县 for what is now 长垣市, 管城区 for
管城回族区: the same place with another suffix. :func:`stem` drops the suffix
so such a name still finds its unit when exactly one unit shares the stem.
When nothing matches, :func:`closest` offers the names most alike, so a
"not found" message always says what to try instead.
"""

from __future__ import annotations

import difflib
import re

from collateral.i18n import _

_SUFFIX = re.compile(r"(回族区|城乡一体化示范区|示范区|新区|自治县|街道|镇|乡|区|县|市|省)$")


def stem(name: str) -> str:
    """The name without its administrative suffix: 济源示范区 → 济源, 长垣县 → 长垣."""
    base = _SUFFIX.sub("", name)
    return base or name


def closest(name: str, names: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``names`` most alike ``name`` (shared stem first), best first, without repeats."""
    unique = list(dict.fromkeys(names))
    same = [x for x in unique if stem(x) == stem(name) and x != name]
    scored = sorted(((difflib.SequenceMatcher(None, name, x).ratio(), x) for x in unique if x != name),
                    key=lambda t: -t[0])  # stable: data order among equals
    best = scored[0][0] if scored else 0.0
    alike = [x for ratio, x in scored if ratio >= max(0.3, best * 0.75)]  # the near ones, not every 某市
    return list(dict.fromkeys(same + alike))[:n]


def suggestion(name: str, names: list[str]) -> str:
    """``; closest: 甲, 乙`` for a message, or "" when nothing is alike."""
    found = closest(name, names)
    return _("; closest: {names}").format(names=", ".join(found)) if found else ""
