"""The one path from a product to files: compose → impose → render → post-steps → name.

In: a :class:`~collateral.products.product.Product` (what is the same for every
piece), a unit, and an :class:`Output` (what the files are for: office or
press, marks, an output standard, an imposition scheme, pixels for a
screen). Out: ``(file name, bytes)`` for each file of that unit's piece.

Every command (leaflet, booklet, board, screen) and the batch go through
:func:`make`; none decides on its own which steps to run. So a press file
is PDF/X-4 whenever the output asks for it, imposed or not; a print-shop
file never carries the office instruction page; and the names say what a
file is. Post-steps are a table (:data:`POST_STEPS`), in the manner of
WeasyPrint's ``VARIANTS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from collateral.impose import sheetmap as impose
from collateral.impose import instructions
from collateral.errors import CollateralError, Problem
from collateral.data.model import Unit
from collateral.files.output import safe_name
from collateral.spec.params import MM
from collateral.spec.prepress import OFFICE, Finish
from collateral.spec.primitives import Page
from collateral.products.product import Product, drawn_characters, merge_characters
from collateral.render.pdf import Meta, render_pdf
from collateral.impose.schemes import SCHEMES, Scheme, SchemeError, reading_flip
from collateral.impose.schemes.base import EDGE

File = tuple[str, bytes]


@dataclass(frozen=True)
class Output:
    """What the files of a piece are for. The CLI's flags become one of these, and nothing else."""

    finish: Finish = OFFICE  # office (exact trim), press (bleed and boxes) or marks (press with crop marks)
    standard: str = ""  # a post-step: "pdfx-4", or none
    imposition: str = "none"  # a key of collateral.impose.schemes.SCHEMES
    flip: str = ""  # the printer's duplex flip, "long" or "short"; "" for the scheme's own
    creep: float = 0.0  # mm, the innermost sheet's shift toward the spine
    manual_duplex: bool = False  # fronts and backs as two files
    instructions: bool = True  # an office file of an imposed or folded piece starts with the instruction page
    raster: tuple[int, int] | None = None  # PNG pages of exactly these pixels (screens), instead of a PDF
    what: str = "宣传品"  # what the instruction page calls the piece: 口袋书, 宣传单
    pad: int = 1  # reading pages padded with blanks (before the back cover) to a multiple of this

    @property
    def scheme(self) -> Scheme:
        return SCHEMES[self.imposition]

    @property
    def press(self) -> bool:
        return self.finish.bleed

    @property
    def duplex_flip(self) -> str:
        """The flip a duplex printer is set to: the one asked for, or the scheme's own default."""
        return self.flip or self.scheme.flips[0]

    @property
    def options(self) -> str:
        """What else decides the bytes (padding, the instruction page's words too), for a piece's fingerprint."""
        return repr(self)


def refusals(output: Output, page: tuple[float, float]) -> list[str]:
    """Why this output cannot be made from pages of ``page`` mm, one line each; nothing is silently changed."""
    if output.imposition not in SCHEMES:
        return [f"--imposition {output.imposition!r}: choose one of {', '.join(SCHEMES)}"]
    scheme = output.scheme
    out = []
    if output.press and not scheme.press:
        out.append(f"--imposition {scheme.name} is for an office printer; a print shop takes --imposition none "
                   "(pages with bleed) and imposes them itself")
    if output.press and output.manual_duplex:
        out.append("--manual-duplex is for an office printer, not with --press")
    if output.flip and output.flip not in impose.FLIPS:
        out.append(f"--flip {output.flip!r}: choose long or short")
    if output.creep and not scheme.creep:
        out.append(f"--creep applies to sheets folded into each other; --imposition {scheme.name} has none")
    if output.flip and not scheme.duplex:
        out.append(f"--flip is a duplex setting; --imposition {scheme.name} prints one side")
    if output.flip and scheme.duplex and output.flip not in scheme.flips:
        out.append(f"--flip {output.flip}: {scheme.flip_note}")
    if output.manual_duplex and not scheme.duplex:
        out.append(f"--manual-duplex: --imposition {scheme.name} prints one side")
    if output.manual_duplex and output.flip:
        out.append("--flip goes with a duplex printer; with --manual-duplex the instruction page says how to turn "
                   "the stack")
    if output.standard and not output.press:
        out.append(f"{output.standard} is for a print shop: it needs --press")
    if scheme.sheets:
        try:
            scheme.sheet_for(page)
        except SchemeError as err:
            out += [p.message for p in err.problems]
    return out


def check_output(output: Output, page: tuple[float, float]) -> None:
    """Refuse, in one line, an output that would ignore or change an option."""
    reasons = refusals(output, page)
    if reasons:  # the first reason: one line, the one to fix first
        raise SchemeError(Problem(reasons[0]))


DUPLEX = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge"}


def print_hint(output: Output) -> str:
    """What the clerk must set in the print dialog, said on stderr too: the one setting that ruins a run."""
    scheme = output.scheme
    if output.press or not scheme.duplex:
        return ""
    if output.manual_duplex:
        return "print: fronts first, then the backs file (see the instruction page): 手动双面"
    flip = output.duplex_flip
    return f"print: duplex, flip on the {flip} edge (双面打印—{EDGE[flip]}), actual size"


def meta(product: Product, unit: Unit, output: Output, pages: int, extra: tuple[tuple[str, str], ...] = (),
         duplex: str = "") -> Meta:
    """The document information of every file: built here and nowhere else.

    ``duplex``: the flip a viewer's print dialog should preselect (/ViewerPreferences /Duplex), or none.
    """
    content = product.content(unit)
    return Meta(
        title=f"{product.spec.title} — {content.resolved.place}",
        author=content.resolved.office,
        subject=f"{product.guide.title}；{content.fields['sms_holder']}公开号码 {content.fields['sms_number']}",
        keywords=f"{content.edition} {product.spec.name} {output.finish.name} {pages}页" + (
            " 样稿" if content.is_draft else ""),
        date=product.date,
        extra=extra,
        duplex=DUPLEX.get(duplex, ""),
    )


# -- post-steps: applied to a rendered document, in order ------------------------------------------

def _pdfx4(data: bytes, label: str) -> bytes:
    from collateral.render import pdfx  # pikepdf: ~60 ms of start-up, for press output only

    return pdfx.apply(data, "pdfx-4", label)


POST_STEPS: dict[str, tuple[str, Callable[[bytes, str], bytes]]] = {
    # standard: (file-name suffix, finisher)
    "pdfx-4": ("-pdfx4", _pdfx4),
}


def file_stem(product: Product, unit: Unit, output: Output) -> str:
    """``410105002-花园路街道-leaflet-a5-press-pdfx4-2up``: unit, product, finish, standard, scheme."""
    finish = "" if output.finish is OFFICE else f"-{output.finish.name}"
    standard = POST_STEPS[output.standard][0] if output.standard else ""
    return f"{unit.code}-{safe_name(unit.name)}-{product.spec.name}{finish}{standard}{output.scheme.suffix}"


def _intro(product: Product, unit: Unit, output: Output, plan: impose.SheetMap, pages: tuple[Page, ...]) -> list[Page]:
    """The instruction page (and its blank back, when printed duplex), for office files only."""
    if output.press or not output.instructions or not output.scheme.instructs:
        return []
    page = instructions.page(output.scheme, plan, product.spec.trim, product.spec, product.fonts,
                             output.manual_duplex, output.what, pages[0].guides)
    if plan.duplex and not output.manual_duplex:  # keep sheet 1 on a sheet of its own when printed duplex
        return [page, Page(page.width, page.height, (), 0.0, "blank")]
    return [page]


@dataclass(frozen=True)
class Sheets:
    """One file's pages, as they go on paper, and what the file says about them."""

    suffix: str  # added to the file name: "-1-正面"
    pages: list[Page]
    page_map: str  # the plan as text (impose.page_map), or ""
    duplex: str  # the flip a print dialog should preselect, or ""


def sheets(product: Product, unit: Unit, output: Output) -> list[Sheets]:
    """The composed pages imposed as the scheme says, file by file."""
    pages = product.pages(unit)
    scheme = output.scheme
    scheme.check_pages(len(pages), unit.label)
    trim = product.spec.trim
    manual = output.manual_duplex and scheme.duplex
    flip = reading_flip(scheme.sheet_for(trim)) if manual else output.duplex_flip
    plan = scheme.plan(len(pages), flip, output.creep)
    duplex = plan.flip if plan.duplex and not manual else ""
    intro = _intro(product, unit, output, plan, pages)
    if not scheme.sheets:  # the pages are the sheets (reading pages, a tri-fold)
        total = impose.padded(len(pages), output.pad)
        blank = Page(pages[0].width, pages[0].height, (), pages[0].bleed, "blank")
        filled = [*pages[:-1], *[blank] * (total - len(pages)), pages[-1]] if total > len(pages) else list(pages)
        return [Sheets("", [*intro, *filled], "", duplex)]
    geo = (impose.press_geometry(plan, trim, pages[0].bleed / MM) if output.press
           else impose.office_geometry(plan, trim, scheme.sheet_for(trim)))
    by_number = {n: page for n, page in enumerate(pages, 1)}

    def place(sides=None) -> list[Page]:
        return impose.apply(plan, by_number, trim, geo, sides, ticks=not output.press)

    if not manual:
        return [Sheets("", [*intro, *place()], impose.page_map(plan), duplex)]
    fronts = tuple(s for s in plan.sides if s.face == "front")
    backs = tuple(s for s in plan.sides if s.face == "back")  # the stack goes back sheet 1 on top (see the words)
    return [Sheets("-1-正面", [*intro, *place(fronts)], impose.page_map(plan, fronts), ""),
            Sheets("-2-背面", place(backs), impose.page_map(plan, backs), "")]


def make(product: Product, unit: Unit, output: Output) -> list[File]:
    """Every file of ``unit``'s piece, named, with every post-step applied."""
    stem = file_stem(product, unit, output)
    count = len(product.pages(unit))
    seed = product.seed
    out: list[File] = []
    for part in sheets(product, unit, output):
        pages = tuple(part.pages)
        if pages[0].name == "instructions":  # the same for every unit: seeded too (speed only)
            seed = merge_characters(seed, drawn_characters(pages[:1]))
        if output.raster:
            from collateral.products import raster  # PDFium and the colour transform: screens only

            out += raster.png_files(product, unit, pages, stem, output.raster)
            continue
        extra = (("CollateralPageMap", part.page_map),) if part.page_map else ()
        info = meta(product, unit, output, count, extra, part.duplex)
        data = render_pdf(pages, info, product.fonts, output.finish, seed)
        name = f"{stem}{part.suffix}.pdf"
        if output.standard:
            data = POST_STEPS[output.standard][1](data, name)
        out.append((name, data))
    return out


def piece(product: Product, unit: Unit, output: Output = Output()) -> bytes:
    """The bytes of a piece that is one file (a leaflet, a board)."""
    files = make(product, unit, output)
    if len(files) != 1:
        raise CollateralError(f"{unit.label}: {product.spec.name} makes {len(files)} files, not one")
    return files[0][1]
