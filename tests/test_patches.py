"""ReportLab and Typer are patched in private places: only once a product is made, in any order, and a
failure names its real cause. Each case runs in a fresh interpreter, as a user's process would."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import textwrap

import reportlab

PATCHES = ("tounicode", "subsettags", "rlcache")


def _python(script: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _result(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out


def test_importing_collateral_patches_nothing_until_a_product_is_made():
    out = _result(_python("""
        import json, pkgutil, importlib
        from reportlab import rl_config
        from reportlab.pdfbase import pdfdoc, ttfonts
        from typer import core
        import collateral

        def state():
            return {"cmap": ttfonts.makeToUnicodeCMap, "addObjects": ttfonts.TTFont.addObjects,
                    "flate": pdfdoc.PDFZCompress.encode, "useA85": rl_config.useA85,
                    "typer": core._TyperParameter.get_runtime_param}

        before = state()
        for module in pkgutil.walk_packages(collateral.__path__, "collateral."):
            importlib.import_module(module.name)
        imported = state()
        from collateral.typeset.fonts import load_fonts
        load_fonts()
        made = state()
        from collateral.cli.app import main
        assert main(["--version"]) == 0
        ran = state()
        print(json.dumps({"imported": [k for k in before if imported[k] != before[k]],
                          "made": sorted(k for k in before if made[k] != before[k]),
                          "cli": [k for k in before if ran[k] != made[k]]}))
    """))
    changes = json.loads(out.splitlines()[-1])
    assert changes["imported"] == []  # every module imported, nothing patched
    assert changes["made"] == ["addObjects", "cmap", "flate", "useA85"]  # the fonts of a first product
    assert changes["cli"] == ["typer"]  # the CLI's fast argument conversion, installed by running it


def test_the_patches_install_in_any_order_and_make_the_same_pdf():
    script = """
        import hashlib, importlib, io, json, sys
        from pypdf import PdfReader
        from reportlab.pdfbase import ttfonts
        from reportlab.pdfgen.canvas import Canvas
        from collateral.rl.rlpatch import MARK, layers

        for name in sys.argv[1:]:
            importlib.import_module("collateral.rl." + name).install()
        from collateral.typeset.fonts import load_fonts

        fonts = load_fonts()  # installs them all: each one in place already, none twice
        buf = io.BytesIO()
        c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=fonts.regular.name)
        c.setFont(fonts.regular.name, 12)
        c.drawString(72, 720, "郑州市金水区花园")
        c.setFont(fonts.face_for("regular", "𡌶").name, 12)
        c.drawString(168, 720, "𡌶")
        c.save()
        data = buf.getvalue()
        print(json.dumps({
            "sha": hashlib.sha256(data).hexdigest(),
            "text": PdfReader(io.BytesIO(data)).pages[0].extract_text(),
            "addObjects": sorted(str(getattr(f, MARK, None)) for f in layers(ttfonts.TTFont.addObjects)),
            "cmap": sorted(str(getattr(f, MARK, None)) for f in layers(ttfonts.makeToUnicodeCMap)),
        }))
    """
    orders = list(itertools.permutations(PATCHES))
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *order], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for order in orders]
    results = [json.loads(_result(p).splitlines()[-1]) for p in procs]
    for order, r in zip(orders, results):
        assert r["addObjects"] == ["None", "rlcache", "subsettags"], order  # ReportLab's own, under one each
        assert r["cmap"] == ["None", "rlcache", "tounicode"], order
        assert "花园𡌶" in r["text"].replace("\n", ""), (order, r["text"])  # U+21336 extracts as itself
    assert len({r["sha"] for r in results}) == 1  # the same bytes whatever the order


def test_a_foreign_wrapper_is_named_not_blamed_on_reportlab():
    out = _result(_python("""
        from reportlab.pdfbase import ttfonts
        original = ttfonts.TTFont.addObjects

        def logged(self, doc):  # another library's patch, made without functools.wraps
            return original(self, doc)

        ttfonts.TTFont.addObjects = logged
        from collateral.rl import patches
        try:
            patches.install()
        except RuntimeError as err:
            print(err)
    """))
    assert "reportlab.pdfbase.ttfonts.TTFont.addObjects is __main__.'logged', not ReportLab's own function" in out
    assert "ReportLab 5" not in out  # nothing about a ReportLab release that never changed


def test_a_reportlab_that_changed_is_named_with_its_version():
    out = _result(_python("""
        from reportlab.pdfbase import ttfonts
        original = ttfonts.makeToUnicodeCMap

        def makeToUnicodeCMap(fontname, subset):  # as if a new ReportLab wrote destinations its own way
            return original(fontname, subset).replace("<21336>", "<021336>")

        makeToUnicodeCMap.__module__ = "reportlab.pdfbase.ttfonts"
        ttfonts.makeToUnicodeCMap = makeToUnicodeCMap
        from collateral.rl import patches
        try:
            patches.install()
        except RuntimeError as err:
            print(err)
    """))
    assert out.startswith(f"collateral.rl.tounicode: ReportLab {reportlab.Version} writes no '<02> <21336>' line "
                          "for U+21336 in makeToUnicodeCMap; the patch was written against ReportLab 5.1.0"), out


def test_typer_fast_conversion_holds_for_the_pinned_typer():
    from collateral.cli import args as cliargs

    assert cliargs.install() is True  # Typer's internals are the ones it was written against
