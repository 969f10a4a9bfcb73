"""Leaflet formats for every printer: which layout a format is, and the A5 two-up sheet.

In: a :class:`Product` made from a leaflet layout and the options of
``collateral leaflet``. Out: PDF bytes per unit. The formats are layouts
in ``layouts/`` (``extends:`` the A4 leaflet), not code: A4 both sides, the
tri-fold (A4 landscape, folded in three), A5 and one-sided A4. Only the
A5 leaflet is imposed, two copies per A4 side (:func:`impose.twoup`), so a
township office prints half as many sheets and cuts once.
"""

from __future__ import annotations

from collateral import impose
from collateral.layout import Page, Rule
from collateral.params import MM
from collateral.model import Unit
from collateral.prepress import OFFICE, REGISTRATION
from collateral.products import Product
from collateral.render import render_pdf

FORMATS = {"a4": "leaflet-a4", "trifold": "leaflet-trifold", "a5": "leaflet-a5", "a4-single": "leaflet-a4-single"}
IMPOSED = {"a5": "twoup"}  # formats an office printer gets imposed, and how

CUT_TICK = (6.0, 14.0)  # mm from the sheet's top and bottom edges: inside an office printer's printable area


def default_imposition(fmt: str, press: bool) -> str:
    """A print shop takes single pages; an office printer, A5 two-up on A4."""
    return "none" if press else IMPOSED.get(fmt, "none")


def cut_ticks(sheet: Page) -> tuple[Rule, ...]:
    """Short marks on the centre line at the top and bottom of an office sheet: where to cut.

    An office sheet has nothing outside its trim, so the cut is shown on the
    sheet itself, on the cut line, where the paper cutter takes it away.
    """
    x = sheet.width / 2
    a, b = (v * MM for v in CUT_TICK)
    return (Rule(x, a, x, b, REGISTRATION, 0.5), Rule(x, sheet.height - a, x, sheet.height - b, REGISTRATION, 0.5))


def twoup_sheets(product: Product, pages: tuple[Page, ...], flip: str = "long") -> tuple[impose.Plan, list[Page]]:
    """The two-up plan and its sheet pages; in office output, with cut ticks on the front."""
    plan = impose.twoup(flip)
    trim = product.spec.trim
    sheet_w = impose.sheet_size(plan.mode, trim)[0]
    gutter = (sheet_w / plan.cols - trim[0]) / 2  # backgrounds run on to the cut
    sheets = impose.apply(plan, {n: page for n, page in enumerate(pages, 1)}, trim, clip=gutter)
    if product.finish is OFFICE:
        sheets[0] = Page(sheets[0].width, sheets[0].height, sheets[0].items + cut_ticks(sheets[0]), sheets[0].bleed,
                         sheets[0].name, sheets[0].guides)
    return plan, sheets


def twoup_pdf(product: Product, unit: Unit, flip: str = "long") -> bytes:
    content = product.content(unit)
    plan, sheets = twoup_sheets(product, product.pages(unit), flip)
    meta = product.meta(content, (("CollateralPageMap", impose.page_map(plan)),))
    return render_pdf(tuple(sheets), meta, product.fonts, product.finish, product.seed)


def file_name(product: Product, unit: Unit, imposition: str) -> str:
    name = product.file_name(unit)
    return name if imposition == "none" else f"{name[:-len('.pdf')]}-2up.pdf"
