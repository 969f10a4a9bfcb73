"""Make ReportLab's ToUnicode CMaps correct for characters above U+FFFF.

Why: a PDF ToUnicode CMap maps character codes to *UTF-16BE* strings, so a
supplementary-plane character such as U+21336 "𡌶" (a CJK Extension B
ideograph used in Chinese place names) must be written as the surrogate pair
``<D844DF36>``.  ReportLab formats the destination with ``"<%04X>" % cp``,
which yields ``<21336>`` -- an odd number of hex digits that viewers and text
extractors misread (pypdf, for example, returns a wrong character), so such
text is not searchable or copyable.

Where (reportlab 5.1.0): ``reportlab.pdfbase.ttfonts.makeToUnicodeCMap(
fontname, subset)``, the module-level helper that builds the CMap text.  Its
only caller, ``TTFont.addObjects`` in the same module, looks it up as a
module global at call time, so replacing that one attribute is enough.

The patch wraps the original function and rewrites only the ``bfchar``
lines for code points above U+FFFF; all other output is left byte-for-byte
as ReportLab wrote it.  ``install()`` is idempotent, works under or over
``rlcache``'s wrapper, and raises RuntimeError naming the cause if
ReportLab's own function is missing, no longer used by ``TTFont.addObjects``,
or its output no longer looks as expected, instead of silently doing nothing.
"""

from __future__ import annotations

from collateral.rl.rlpatch import changed, has, mark, reportlab_own

__all__ = ["install", "utf16be_hex"]

PATCH = "tounicode"


def utf16be_hex(cp: int) -> str:
    """Return code point *cp* as UTF-16BE hex: 4 digits, or 8 (surrogates)."""
    if cp > 0xFFFF:
        v = cp - 0x10000
        return "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
    return "%04X" % cp


def _make_wrapper(original):
    def makeToUnicodeCMap(fontname, subset):  # noqa: N802 (ReportLab's name)
        text = original(fontname, subset)
        if not any(v > 0xFFFF for v in subset):
            return text
        lines = text.split("\n")
        for i, v in enumerate(subset):
            if v <= 0xFFFF:
                continue
            bad = "<%02X> <%04X>" % (i, v)
            good = "<%02X> <%s>" % (i, utf16be_hex(v))
            try:
                lines[lines.index(bad)] = good
            except ValueError:
                if good not in lines:
                    raise changed(PATCH, f"writes no {bad!r} line for U+{v:X} in makeToUnicodeCMap") from None
        return "\n".join(lines)

    return mark(makeToUnicodeCMap, original, PATCH)


def install() -> None:
    """Patch ReportLab so ToUnicode CMaps use UTF-16BE destinations."""
    from reportlab.pdfbase import ttfonts

    current = getattr(ttfonts, "makeToUnicodeCMap", None)
    if current is None or not callable(current):
        raise changed(PATCH, "has no reportlab.pdfbase.ttfonts.makeToUnicodeCMap")
    if has(current, PATCH):
        return  # already installed
    own = reportlab_own(current, "reportlab.pdfbase.ttfonts.makeToUnicodeCMap", PATCH)
    add_objects = reportlab_own(getattr(getattr(ttfonts, "TTFont", None), "addObjects", None),
                                "reportlab.pdfbase.ttfonts.TTFont.addObjects", PATCH)
    if "makeToUnicodeCMap" not in add_objects.__code__.co_names:
        raise changed(PATCH, "TTFont.addObjects no longer calls makeToUnicodeCMap (patching it would do nothing)")

    # Self-test on ReportLab's own function before installing: U+21336 must come out as a surrogate pair.
    probe = _make_wrapper(own)("PROBE", [0, 0x41, 0x21336]).split("\n")
    if "<02> <D844DF36>" not in probe or "<01> <0041>" not in probe:
        raise changed(PATCH, "makeToUnicodeCMap output changed: the self-test's CMap is still wrong for U+21336")
    ttfonts.makeToUnicodeCMap = _make_wrapper(current)
