"""The one path from a product to files: compose → impose → render → post-steps → name.

In: a :class:`~collateral.products.product.Product` (what is the same for every
piece), a unit, and an :class:`Output` (what the files are for: office or
press, marks, an output standard, an imposition scheme, pixels for a
screen). Out: ``(file name, bytes)`` for each file of that unit's piece.

Every command (leaflet, booklet, board, screen) and the batch go through
:func:`make`; none decides on its own which steps to run. So a press file
is PDF/X-4 whenever the output asks for it, imposed or not; an office
file of an imposed or folded piece comes with its instruction page as a
file of its own (``…-说明.pdf``, printed once), never inside the pages to
copy; a print-shop file has none; and the names say what a file is. Post-steps are a table (:data:`POST_STEPS`), in the manner of
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
from collateral.i18n import _

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
    instructions: bool = True  # an office file of an imposed or folded piece comes with its 说明 file
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
        out.append(_("--imposition {name} is for an office printer; a print shop takes --imposition none "
                      "(pages with bleed) and imposes them itself").format(name=scheme.name))
    if output.press and output.manual_duplex:
        out.append(_("--manual-duplex is for an office printer, not with --press"))
    if output.flip and output.flip not in impose.FLIPS:
        out.append(_("--flip {flip!r}: choose long or short").format(flip=output.flip))
    if output.creep and not scheme.creep:
        out.append(_("--creep applies to sheets folded into each other; --imposition {name} has none").format(
                       name=scheme.name))
    if output.flip and not scheme.duplex:
        out.append(_("--flip is a duplex setting; --imposition {name} prints one side").format(name=scheme.name))
    if output.flip and scheme.duplex and output.flip not in scheme.flips:
        out.append(f"--flip {output.flip}: {scheme.flip_note}")
    if output.manual_duplex and not scheme.duplex:
        out.append(_("--manual-duplex: --imposition {name} prints one side").format(name=scheme.name))
    if output.manual_duplex and output.flip:
        out.append(_("--flip goes with a duplex printer; with --manual-duplex the instruction page says how "
                      "to turn the stack"))
    if output.standard and not output.press:
        out.append(_("{standard} is for a print shop: it needs --press").format(standard=output.standard))
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


DUPLEX = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge", "simplex": "Simplex"}
INSTRUCTIONS = "-说明"  # the instruction file's name: the piece file's stem and this


def instructed(output: Output) -> bool:
    """Does this output come with a 说明 file (an office file of an imposed or folded piece)?"""
    return not output.press and output.instructions and output.scheme.instructs


def role(name: str) -> str:
    """What a file made by :func:`make` is for: ``instructions`` (print once) or ``copies`` (print N times)."""
    return "instructions" if name.endswith(f"{INSTRUCTIONS}.pdf") else "copies"


def file_names(product: Product, unit: Unit, output: Output) -> list[str]:
    """The names of the PDFs :func:`make` writes for ``unit``, in its order, without making them."""
    stem = file_stem(product, unit, output)
    manual = output.manual_duplex and output.scheme.duplex
    pieces = [f"{stem}-1-正面.pdf", f"{stem}-2-背面.pdf"] if manual and output.scheme.sheets else [f"{stem}.pdf"]
    return ([f"{stem}{INSTRUCTIONS}.pdf"] if instructed(output) else []) + pieces


def print_hint(output: Output, names: list[str] | None = None) -> str:
    """What the clerk must do at the printer, said on stderr too: which file once, which N times, which setting.

    ``names``: the files of one unit (as :func:`file_names` gives them), to name them; else said of every unit.
    """
    scheme = output.scheme
    if output.press:
        return ""
    files = names or [f"*{INSTRUCTIONS}.pdf", *(["*-1-正面.pdf", "*-2-背面.pdf"] if output.manual_duplex
                                                 and scheme.duplex else [_("the piece file")])]
    once, copies = (files[0], files[1:]) if instructed(output) else ("", files)
    if output.manual_duplex and scheme.duplex:
        first = _("read {once} on screen first (mark the paper as it says), print it once, then ").format(once=once) \
            if once else _("print: ")
        return first + _("{fronts} N copies uncollated, the sheets back in the tray, {backs} N copies: 手动双面").format(
            fronts=copies[0], backs=copies[1])
    first = _("print {once} once, then ").format(once=once) if once else _("print: ")
    if not scheme.duplex:
        return first + _("{file} N copies, one side, actual size").format(file=copies[0]) if once else ""
    flip = output.duplex_flip
    return first + _("{file} N copies: duplex, flip on the {flip} edge (双面打印—{edge}), actual size").format(
        file=copies[0], flip=flip, edge=EDGE[flip])


def meta(product: Product, unit: Unit, output: Output, pages: int, extra: tuple[tuple[str, str], ...] = (),
         duplex: str = "", instructions: bool = False) -> Meta:
    """The document information of every file: built here and nowhere else.

    ``duplex``: the flip a viewer's print dialog should preselect (/ViewerPreferences /Duplex), or none;
    ``instructions``: the file is the piece's 说明, not the piece.
    """
    content = product.content(unit)
    return Meta(
        title=f"{'打印说明：' if instructions else ''}{product.spec.title} — {content.resolved.place}",
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


def piece_plan(product: Product, unit: Unit, output: Output) -> tuple[tuple[Page, ...], impose.SheetMap, bool]:
    """The composed pages, the scheme's plan for them, and whether fronts and backs go by hand."""
    pages = product.pages(unit)
    scheme = output.scheme
    scheme.check_pages(len(pages), unit.label)
    manual = output.manual_duplex and scheme.duplex
    flip = reading_flip(scheme.sheet_for(product.spec.trim)) if manual else output.duplex_flip
    return pages, scheme.plan(len(pages), flip, output.creep), manual


def instruction_page(product: Product, unit: Unit, output: Output, names: tuple[str, ...]) -> Page:
    """The 说明 of an office file: one page, naming ``names`` (the files to copy) and how to print them."""
    pages, plan, manual = piece_plan(product, unit, output)
    return instructions.page(output.scheme, plan, product.spec.trim, product.spec, product.fonts, names,
                             manual, output.what, pages[0].guides)


@dataclass(frozen=True)
class Sheets:
    """One file's pages, as they go on paper, and what the file says about them."""

    suffix: str  # added to the file name: "-1-正面"
    pages: list[Page]
    page_map: str  # the plan as text (impose.page_map), or ""
    duplex: str  # the flip a print dialog should preselect, or ""


def sheets(product: Product, unit: Unit, output: Output) -> list[Sheets]:
    """The composed pages imposed as the scheme says, file by file."""
    pages, plan, manual = piece_plan(product, unit, output)
    scheme = output.scheme
    trim = product.spec.trim
    duplex = plan.flip if plan.duplex and not manual else ""
    if not scheme.sheets:  # the pages are the sheets (reading pages, a tri-fold)
        total = impose.padded(len(pages), output.pad)
        blank = Page(pages[0].width, pages[0].height, (), pages[0].bleed, "blank")
        filled = [*pages[:-1], *[blank] * (total - len(pages)), pages[-1]] if total > len(pages) else list(pages)
        return [Sheets("", filled, "", duplex)]
    geo = (impose.press_geometry(plan, trim, pages[0].bleed / MM) if output.press
           else impose.office_geometry(plan, trim, scheme.sheet_for(trim)))
    by_number = {n: page for n, page in enumerate(pages, 1)}

    def place(sides=None) -> list[Page]:
        return impose.apply(plan, by_number, trim, geo, sides, ticks=not output.press)

    if not manual:
        return [Sheets("", place(), impose.page_map(plan), duplex)]
    fronts = tuple(s for s in plan.sides if s.face == "front")
    backs = tuple(s for s in plan.sides if s.face == "back")  # the stack goes back sheet 1 on top (see the words)
    return [Sheets("-1-正面", place(fronts), impose.page_map(plan, fronts), ""),
            Sheets("-2-背面", place(backs), impose.page_map(plan, backs), "")]


def make(product: Product, unit: Unit, output: Output) -> list[File]:
    """Every file of ``unit``'s piece, named, with every post-step applied: the 说明 first, if any, then the copies.

    The 说明 (:func:`instruction_page`) is a file apart, so that the pages
    to copy are the piece's file and nothing else: a clerk printing it 50
    times gets 50 copies and no instruction sheet among them.
    """
    stem = file_stem(product, unit, output)
    count = len(product.pages(unit))
    out: list[File] = []
    for part in sheets(product, unit, output):
        pages = tuple(part.pages)
        if output.raster:
            from collateral.products import raster  # PDFium and the colour transform: screens only

            out += raster.png_files(product, unit, pages, stem, output.raster)
            continue
        extra = (("CollateralPageMap", part.page_map),) if part.page_map else ()
        info = meta(product, unit, output, count, extra, part.duplex)
        data = render_pdf(pages, info, product.fonts, output.finish, product.seed)
        name = f"{stem}{part.suffix}.pdf"
        if output.standard:
            data = POST_STEPS[output.standard][1](data, name)
        out.append((name, data))
    if instructed(output) and not output.raster:
        page = instruction_page(product, unit, output, tuple(name for name, _ in out))
        seed = merge_characters(product.seed, drawn_characters([page]))  # its words are seeded too (speed only)
        info = meta(product, unit, output, count, duplex="simplex", instructions=True)
        out.insert(0, (f"{stem}{INSTRUCTIONS}.pdf", render_pdf((page,), info, product.fonts, output.finish, seed)))
    return out


def piece(product: Product, unit: Unit, output: Output = Output()) -> bytes:
    """The bytes of a piece that is one file to copy (a leaflet, a board; its 说明 left out)."""
    files = [f for f in make(product, unit, output) if role(f[0]) == "copies"]
    if len(files) != 1:
        raise CollateralError(_("{unit}: {name} makes {count} files, not one").format(
                                  unit=unit.label, name=product.spec.name, count=len(files)))
    return files[0][1]
