"""Name each embedded font subset after the glyphs it holds.

Why: ReportLab tags subsets by their number alone (``AAAAAA+`` for the first
subset of every font in every file), so two leaflets embed different
``AAAAAA+NotoSansSC-Bold`` fonts under one name. A print shop that imposes
or merges pages of two townships (or a PDF tool that de-duplicates fonts by
name) may then draw one township's text with the other's glyphs. PDF asks
that the six-letter tag identify the subset; here it is derived from the
font and the code points of the subset, in order: the same subset gives the
same tag in every file, different subsets give different tags.

Where (reportlab 4.x/5.x): ``TTFont.addObjects`` builds each subset's name
with the module-level ``SUBSETN(n)``; the wrapper computes the tags of the
document's subsets first and has ``SUBSETN`` return them while the original
method runs. ``install()`` is idempotent, works under or over ``rlcache``'s
wrapper, and fails naming the cause if ReportLab no longer works this way.
"""

from __future__ import annotations

import functools
import hashlib

from collateral.rl.rlpatch import changed, has, mark, reportlab_own

PATCH = "subsettags"


def tag(font_name: str, subset: list[int]) -> bytes:
    """Six capital letters from a hash of the font's name and the subset's code points."""
    return _tag(font_name, tuple(subset))


@functools.lru_cache(maxsize=1024)  # a product's shared subsets recur in every document
def _tag(font_name: str, subset: tuple[int, ...]) -> bytes:
    digest = hashlib.sha256(font_name.encode() + b"\0" + ",".join(map(str, subset)).encode()).digest()
    return bytes(65 + b % 26 for b in digest[:6])


def install() -> None:
    from reportlab.pdfbase import ttfonts

    current = ttfonts.TTFont.addObjects
    if has(current, PATCH):
        return
    own = reportlab_own(current, "reportlab.pdfbase.ttfonts.TTFont.addObjects", PATCH)
    if "SUBSETN" not in own.__code__.co_names or not callable(getattr(ttfonts, "SUBSETN", None)):
        raise changed(PATCH, "TTFont.addObjects no longer names subsets with SUBSETN")

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name)
        state = self.state.get(doc)
        if state is None:
            return current(self, doc)
        tags = [tag(self.face.name.decode("latin-1") if isinstance(self.face.name, bytes) else str(self.face.name),
                    list(subset)) for subset in state.subsets]
        numbered = ttfonts.SUBSETN
        ttfonts.SUBSETN = lambda n, *args: tags[n]
        try:
            return current(self, doc)
        finally:
            ttfonts.SUBSETN = numbered

    ttfonts.TTFont.addObjects = mark(addObjects, current, PATCH)
