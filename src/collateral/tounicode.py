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
as ReportLab wrote it.  ``install()`` is idempotent and raises RuntimeError
if the function is missing, no longer used by ``TTFont.addObjects``, or its
output no longer looks as expected, instead of silently doing nothing.
"""

from __future__ import annotations

import functools

__all__ = ["install", "utf16be_hex"]

#: ReportLab version the patch was written and tested against.
WRITTEN_AGAINST_REPORTLAB = "5.1.0"

_MARKER = "_collateral_utf16be_tounicode"


def utf16be_hex(cp: int) -> str:
    """Return code point *cp* as UTF-16BE hex: 4 digits, or 8 (surrogates)."""
    if cp > 0xFFFF:
        v = cp - 0x10000
        return "%04X%04X" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF))
    return "%04X" % cp


def _make_wrapper(original):
    @functools.wraps(original)
    def makeToUnicodeCMap(fontname, subset):
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
                    raise RuntimeError(
                        "collateral.tounicode: reportlab's makeToUnicodeCMap "
                        "output changed (no %r line for U+%X); re-check the "
                        "patch (written against reportlab %s)"
                        % (bad, v, WRITTEN_AGAINST_REPORTLAB)) from None
        return "\n".join(lines)

    setattr(makeToUnicodeCMap, _MARKER, True)
    makeToUnicodeCMap.__wrapped__ = original
    return makeToUnicodeCMap


def install() -> None:
    """Patch ReportLab so ToUnicode CMaps use UTF-16BE destinations."""
    from reportlab.pdfbase import ttfonts

    original = getattr(ttfonts, "makeToUnicodeCMap", None)
    if original is None or not callable(original):
        raise RuntimeError(
            "collateral.tounicode: reportlab.pdfbase.ttfonts.makeToUnicodeCMap "
            "not found (written against reportlab %s)" % WRITTEN_AGAINST_REPORTLAB)
    if getattr(original, _MARKER, False):
        return  # already installed
    add_objects = getattr(getattr(ttfonts, "TTFont", None), "addObjects", None)
    if add_objects is None or "makeToUnicodeCMap" not in add_objects.__code__.co_names:
        raise RuntimeError(
            "collateral.tounicode: TTFont.addObjects no longer calls "
            "makeToUnicodeCMap; patching it would have no effect "
            "(written against reportlab %s)" % WRITTEN_AGAINST_REPORTLAB)

    wrapper = _make_wrapper(original)
    # Self-test before installing: U+21336 must come out as a surrogate pair.
    probe = wrapper("PROBE", [0, 0x41, 0x21336])
    if "<02> <D844DF36>" not in probe.split("\n") or "<01> <0041>" not in probe.split("\n"):
        raise RuntimeError(
            "collateral.tounicode: self-test failed, ToUnicode CMap still "
            "wrong for U+21336 (written against reportlab %s)"
            % WRITTEN_AGAINST_REPORTLAB)
    ttfonts.makeToUnicodeCMap = wrapper
