#!/usr/bin/env python3
"""Build fonts/NotoSansSC-Supplement-Regular.ttf (and -Bold), small fallback fonts.

Why: the main font (fonts/NotoSansSC-Regular.ttf, Google Fonts' Noto Sans SC)
covers ~30,900 code points but not the rarer ideographs that turn up in
Chinese place names, e.g. U+21336 "𡌶" (CJK Extension B).  Debian's
``fonts-noto-cjk`` package ships the full Noto Sans CJK collection, which
does cover them, but only as a CFF-flavoured .ttc, and ReportLab can embed
TrueType (``glyf``) fonts only.

So this script:

1. opens the Simplified Chinese face ("Noto Sans CJK SC") of the .ttc;
2. selects every code point that face maps and the main font does not,
   restricted to the CJK ideograph blocks (Ext A, URO, compatibility,
   Ext B-H, compatibility supplement) plus CJK symbols/punctuation;
3. subsets the face to those code points (layout tables and hints dropped);
4. converts the cubic CFF outlines to quadratic TrueType ``glyf`` outlines
   (fontTools cu2qu, the same approach as fontTools' otf2ttf snippet);
5. rebuilds maxp (v1.0), post (format 3), cmap (format 4 for the BMP plus
   format 12 for everything), name ("Noto Sans SC Supplement"), and copies
   the main font's vertical metrics so both set on the same baseline;
6. writes the result deterministically (head timestamps copied from the
   source, so re-running gives byte-identical output for the same inputs).

Both sources are licensed under the SIL Open Font License 1.1; the output is
a modified version under the same licence (it does not use the Reserved Font
Name "Source").

Usage (from the repository root, with the project venv):

    apt-get install -y fonts-noto-cjk
    .venv/bin/python tools/build_fallback_font.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import cmap_classes

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TTC = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_MAIN = REPO / "fonts" / "NotoSansSC-Regular.ttf"
DEFAULT_OUT = REPO / "fonts" / "NotoSansSC-Supplement-Regular.ttf"

FAMILY = "Noto Sans SC Supplement"
STYLE = "Regular"
PS_NAME = "NotoSansSCSupplement-Regular"

# CJK ideograph blocks (inclusive ranges).
IDEOGRAPH_RANGES = [
    (0x3400, 0x4DBF),    # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),    # CJK Unified Ideographs (URO)
    (0xF900, 0xFAFF),    # CJK Compatibility Ideographs
    (0x20000, 0x323AF),  # Extensions B-H (SIP + TIP)
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
]
# CJK symbols and punctuation (only taken if the main font lacks them).
SYMBOL_RANGES = [
    (0x2E80, 0x2EFF),    # CJK Radicals Supplement
    (0x2F00, 0x2FDF),    # Kangxi Radicals
    (0x2FF0, 0x2FFF),    # Ideographic Description Characters
    (0x3000, 0x303F),    # CJK Symbols and Punctuation
    (0x31C0, 0x31EF),    # CJK Strokes
    (0x3200, 0x32FF),    # Enclosed CJK Letters and Months
    (0x3300, 0x33FF),    # CJK Compatibility
    (0xFE10, 0xFE1F),    # Vertical Forms
    (0xFE30, 0xFE4F),    # CJK Compatibility Forms
    (0xFF00, 0xFF60),    # Fullwidth ASCII variants and brackets
    (0xFFE0, 0xFFEE),    # Fullwidth signs
]

MAX_ERR = 1.0  # cu2qu approximation tolerance in font units (UPM 1000)


def in_ranges(cp: int, ranges) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def open_sc_face(ttc_path: str) -> int:
    """Return the index of the 'Noto Sans CJK SC' face in the collection."""
    coll = TTCollection(ttc_path, lazy=True)
    for i, face in enumerate(coll.fonts):
        if face["name"].getDebugName(1) == "Noto Sans CJK SC":
            return i
    names = [f["name"].getDebugName(1) for f in coll.fonts]
    raise SystemExit(f"no 'Noto Sans CJK SC' face in {ttc_path}: {names}")


def select_codepoints(src: TTFont, main: TTFont) -> tuple[list[int], list[int]]:
    have = set(main.getBestCmap())
    avail = set(src.getBestCmap())
    missing = avail - have
    ideo = sorted(cp for cp in missing if in_ranges(cp, IDEOGRAPH_RANGES))
    syms = sorted(cp for cp in missing if in_ranges(cp, SYMBOL_RANGES))
    return ideo, syms


def subset_font(font: TTFont, unicodes: list[int]) -> None:
    opts = subset.Options()
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "STAT", "DSIG"]
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.name_legacy = False
    opts.name_languages = [0x409]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)


def cff_to_glyf(font: TTFont) -> None:
    """Replace CFF outlines with quadratic glyf outlines (cf. otf2ttf)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = pen.glyph()

    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)

    # TrueType convention: lsb == xMin.
    hmtx = font["hmtx"]
    for name, g in glyphs.items():
        aw, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (aw, getattr(g, "xMin", 0))

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(glyph_order)
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.recalc(font)  # maxPoints, maxContours, ...

    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}

    head = font["head"]
    head.glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"


def build_cmap(font: TTFont, mapping: dict[int, str]) -> None:
    bmp = {cp: g for cp, g in mapping.items() if cp <= 0xFFFF}
    tables = []
    for plat, enc, fmt, m in ((0, 3, 4, bmp), (0, 4, 12, mapping),
                              (3, 1, 4, bmp), (3, 10, 12, mapping)):
        t = cmap_classes[fmt](fmt)
        t.platformID, t.platEncID, t.language = plat, enc, 0
        t.cmap = dict(m)
        tables.append(t)
    cmap = font["cmap"] = newTable("cmap")
    cmap.tableVersion = 0
    # Sorted by (platform, encoding): (3,10) format 12 is last, which is the
    # subtable ReportLab ends up reading (it keeps the last platform-3 one).
    cmap.tables = tables


def set_names(font: TTFont, src_version: str) -> None:
    """Family "Noto Sans SC Supplement", style taken from the source face (Regular or Bold)."""
    style = font["name"].getDebugName(2) or STYLE
    ps_name = f"NotoSansSCSupplement-{style.replace(' ', '')}"
    name = font["name"]
    keep = {0, 7, 8, 9, 10, 11, 12, 13, 14}
    name.names = [r for r in name.names if r.nameID in keep]
    version = f"{src_version}; NotoSansCJK SC supplement subset"
    for nid, text in ((1, FAMILY), (2, style),
                      (3, f"{src_version.split(';')[0].replace('Version ', '')};"
                          f"{ps_name}"),
                      (4, f"{FAMILY} {style}"), (5, version), (6, ps_name)):
        name.setName(text, nid, 3, 1, 0x409)


def copy_vertical_metrics(font: TTFont, main: TTFont) -> None:
    if font["head"].unitsPerEm != main["head"].unitsPerEm:
        raise SystemExit("unitsPerEm differs: %d vs %d" % (
            font["head"].unitsPerEm, main["head"].unitsPerEm))
    for attr in ("ascent", "descent", "lineGap"):
        setattr(font["hhea"], attr, getattr(main["hhea"], attr))
    for attr in ("sTypoAscender", "sTypoDescender", "sTypoLineGap",
                 "usWinAscent", "usWinDescent"):
        setattr(font["OS/2"], attr, getattr(main["OS/2"], attr))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ttc", default=DEFAULT_TTC,
                    help="Noto Sans CJK .ttc (default: %(default)s)")
    ap.add_argument("--main-font", default=str(DEFAULT_MAIN),
                    help="main font whose coverage is subtracted "
                         "(default: %(default)s)")
    ap.add_argument("-o", "--output", default=str(DEFAULT_OUT),
                    help="output .ttf (default: %(default)s)")
    args = ap.parse_args(argv)

    face_index = open_sc_face(args.ttc)
    src = TTFont(args.ttc, fontNumber=face_index, recalcTimestamp=False)
    main_font = TTFont(args.main_font, lazy=True)
    src_version = src["name"].getDebugName(5) or "unknown"

    ideo, syms = select_codepoints(src, main_font)
    unicodes = ideo + syms
    if not unicodes:
        print("nothing to do: main font already covers the SC face")
        return 1
    subset_font(src, unicodes)
    # getBestCmap() after subsetting gives the new glyph names.
    wanted = set(unicodes)
    mapping = {cp: g for cp, g in src.getBestCmap().items() if cp in wanted}
    missing = set(unicodes) - set(mapping)
    if missing:
        raise SystemExit(f"{len(missing)} code points lost in subsetting")

    cff_to_glyf(src)
    build_cmap(src, mapping)
    set_names(src, src_version)
    copy_vertical_metrics(src, main_font)

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    src.save(out)  # recalcTimestamp=False: head.modified kept from source

    # Re-open and sanity-check.
    chk = TTFont(out)
    assert "glyf" in chk and "CFF " not in chk
    assert chk["maxp"].tableVersion == 0x00010000
    formats = sorted({t.format for t in chk["cmap"].tables})
    ext_b = sum(1 for cp in ideo if 0x20000 <= cp <= 0x2A6DF)
    print(f"source: {args.ttc} face {face_index} ({src_version})")
    print(f"code points: {len(ideo)} ideographs ({ext_b} Ext B), "
          f"{len(syms)} symbols; glyphs: {chk['maxp'].numGlyphs}; "
          f"cmap formats {formats}")
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
