"""Pocket booklets (口袋书): reading pages composed from a layout, imposed for the paper at hand.

In: a :class:`Product` made from a booklet layout, and the options of
``collateral booklet``. Out: named PDF files (bytes) per unit: reading-order
pages for a print shop, or sheets to print, cut, fold and staple, starting
with an instruction page; with manual duplex, fronts and backs apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from collateral import impose, instructions
from collateral.model import Unit
from collateral.primitives import Page
from collateral.products import Product, drawn_characters, merge_characters
from collateral.render import Meta, render_pdf

SIZES = {"a6": "booklet-a6", "a7": "booklet-a7", "a5": "booklet-a5"}
ZINE = "booklet-zine"


@dataclass(frozen=True)
class Options:
    imposition: str = "saddle"  # none, saddle, cutstack, zine
    flip: str = "long"
    creep: float = 0.0  # mm
    manual_duplex: bool = False
    instructions: bool = True


def layout_for(size: str, imposition: str) -> str:
    """The zine has its own eight-page layout; other modes impose the booklet of the chosen size."""
    return ZINE if imposition == "zine" else SIZES[size]


def default_imposition(size: str, press: bool) -> str:
    """What fits the paper: a print shop takes reading pages; an office A4 printer, A6 as cut-and-stack."""
    if press:
        return "none"
    return "cutstack" if size == "a6" else "saddle"


def _meta(product: Product, unit: Unit, pages: int, extra: tuple[tuple[str, str], ...] = ()) -> Meta:
    content = product.content(unit)
    return Meta(
        title=f"{product.spec.title} — {content.resolved.place}",
        author=content.resolved.office,
        subject=f"{product.guide.title}；{content.fields['sms_holder']}公开号码 {content.fields['sms_number']}",
        keywords=f"{content.edition} {product.spec.name} {product.finish.name} {pages}页" + (
            " 样稿" if content.is_draft else ""),
        date=product.date,
        extra=extra,
    )


def files(product: Product, unit: Unit, opts: Options) -> list[tuple[str, bytes]]:
    """(file-name suffix, PDF bytes) for one unit's booklet."""
    pages = product.pages(unit)
    seed = product.seed

    def render(ps, extra=()) -> bytes:
        pdf = render_pdf(tuple(ps), _meta(product, unit, len(pages), extra), product.fonts, product.finish, seed)
        if product.standard:  # PDF/X for a print shop, as for every press output
            from collateral import pdfx

            pdf = pdfx.apply(pdf, product.standard, product.file_name(unit))
        return pdf

    if opts.imposition == "none":
        return [("", render(pages))]
    plan = impose.plan(opts.imposition, len(pages), opts.flip, opts.creep)
    by_number = {n: page for n, page in enumerate(pages, 1)}
    trim = product.spec.trim
    intro: list[Page] = []
    if opts.instructions:
        intro.append(instructions.sheet(plan, trim, product.spec, product.fonts, opts.manual_duplex))
        if plan.duplex and not opts.manual_duplex:  # keep sheet 1 on a sheet of its own when printed duplex
            intro.append(Page(intro[0].width, intro[0].height, (), 0.0, "blank"))
        # the instruction sheet is the same for every unit: its characters are seeded too (speed only)
        seed = merge_characters(seed, drawn_characters(intro))
    suffix = "" if opts.imposition == "zine" else f"-{opts.imposition}"  # the zine layout says so already
    if not opts.manual_duplex or not plan.duplex:
        sheets = impose.apply(plan, by_number, trim)
        return [(suffix, render([*intro, *sheets], (("CollateralPageMap", impose.page_map(plan)),)))]
    fronts = tuple(s for s in plan.sides if s.face == "front")
    backs = tuple(reversed([s for s in plan.sides if s.face == "back"]))  # the order the stack comes back in
    return [
        (f"{suffix}-1-正面", render([*intro, *impose.apply(plan, by_number, trim, fronts)],
                                  (("CollateralPageMap", impose.page_map(plan, fronts)),))),
        (f"{suffix}-2-背面", render(impose.apply(plan, by_number, trim, backs),
                                  (("CollateralPageMap", impose.page_map(plan, backs)),))),
    ]
