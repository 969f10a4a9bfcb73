"""One product for one or many jurisdictions: data → content → composed pages.

A :class:`Product` holds what is the same for every piece of a run (dataset,
guide, fonts, layout, edition date), so a county's or the province's pieces
share the guide's set paragraphs, QR matrices and parsed fonts. What the
files are for (office or press, imposed or not) is not the product's
business: :func:`collateral.products.make.make` takes the product and an ``Output``.
Every piece of a run is composed once as a dry run before the first file is
written: bad data or text that does not fit stops the run with every
problem listed, and nothing on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from collateral.data import check
from collateral.compose import edition
from collateral.compose.engine import compose, static_characters
from collateral.compose.content import Content, build
from collateral.data.dataset import Dataset
from collateral.errors import CollateralError, DataError, Problem
from collateral.files import diskcache
from collateral.typeset.fonts import FontSet, load_fonts
from collateral.data.guide import Guide, load_guide
from collateral.data.model import Unit
from collateral.spec.primitives import Page, Place, TextLine
from collateral.spec.reading import reading_problems
from collateral.data.resolve import Resolved, leader_tables, resolve
from collateral.products.specload import load_layout
from collateral.spec.model import LayoutSpec
from collateral.products.tabletakers import explained
from collateral.i18n import _


def open_guide(dataset: Dataset, fonts: FontSet) -> Guide:
    """The guide, refused if a character of it is in no bundled font."""
    path = dataset.root / "guide.yaml"
    label = dataset.label(path)
    guide = load_guide(path, label, within=dataset.root)
    problems = check.guide_glyph_problems(guide, fonts, label)
    if problems:
        raise DataError(problems)
    return guide


def layout_guide_problems(spec: LayoutSpec, guide: Guide) -> list[Problem]:
    """Guide sections a layout names that the guide does not have."""
    keys = {s.key for s in guide.sections}
    out = []
    for block in spec.blocks():
        for part in block.get("content") or ():
            if part.startswith("section:") and part.split(":", 1)[1] not in keys:
                out.append(Problem(_("{part!r} names no section of the guide (sections: {value})").format(
                                       part=part, value=', '.join(sorted(keys))),
                                   file=block.file, line=block.line, unit_label=f"layout {spec.name}",
                                   field=f"{block.name}.content"))
    return out


def drawn_characters(pages, out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """The characters the pages draw, by font (placed pages included), spaces left out."""
    out = {} if out is None else out
    for page in pages:
        for item in page.items:
            if isinstance(item, TextLine):
                for run in item.runs:
                    out.setdefault(run.font, set()).update(ch for ch in run.text if not ch.isspace())
            elif isinstance(item, Place):
                drawn_characters((item.page,), out)
    return out


def merge_characters(seed: dict[str, str], more: dict[str, set[str]]) -> dict[str, str]:
    """A seed (see ``render._seed_codes``) with more characters, each font's in code-point order."""
    out = {font: set(chars) for font, chars in seed.items()}
    for font, chars in more.items():
        out.setdefault(font, set()).update(chars)
    return {font: "".join(sorted(chars)) for font, chars in sorted(out.items()) if chars}


def reference_characters(spec: LayoutSpec, guide: Guide, fonts: FontSet, date: dt.date,
                         root: Path) -> dict[str, set[str]]:
    """What the province's own piece of this product draws, by font; nothing if it cannot be made.

    Layouts name their static text, but much of what every piece prints
    comes from the data all units inherit (the province's channel texts),
    from the date and from the edition code. Seeding these too keeps them
    out of each piece's own font subsets and text operators (speed only:
    a character missed here is drawn all the same). The province's piece
    depends on nothing but the province file, so the seed is the same
    whether one piece or the whole province is made. Read apart from the
    run's dataset, so that a broken province file fails where it always did.
    """
    try:
        reference = Dataset(root)
        unit = reference.province
        resolved = resolve(reference, unit)
        # Kept on disk by all the piece is made from (its fingerprint) and the code that sets it: a one-piece
        # command then composes only its own piece (a fifth of its cold start).
        key = f"{edition.fingerprint(spec, guide, fonts, resolved, date)}\0{date.isoformat()}\0{_code_stamp()}"
        kept = diskcache.get("seed", key)
        if kept is not None:
            try:
                return {font: set(chars) for font, chars in json.loads(kept).items()}
            except (ValueError, AttributeError):
                pass
        content = build(resolved, guide, date, "0" * 64)
        found = drawn_characters(compose(spec, content, fonts))
        diskcache.put("seed", key, json.dumps({f: "".join(sorted(c)) for f, c in found.items()},
                                              ensure_ascii=False, sort_keys=True).encode())
        return found
    except CollateralError:
        return {}


def _code_stamp() -> str:
    """The files of the code loaded so far (this package's and ReportLab's modules): a changed checkout is a miss."""
    import sys

    parts = []
    for name, module in sorted(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and name.startswith(("collateral", "reportlab")):
            try:
                info = os.stat(path)
            except OSError:
                continue
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(parts)


# Pieces known to compose, by fingerprint (see ``collateral.compose.edition``): the fingerprint hashes all that a
# piece prints, so the same fingerprint composes the same way. A cache for one process: a second `check`
# of nearly the same data, or `check` then `leaflet`, composes only what changed.
_COMPOSES: set[str] = set()


def _dry_run_share(products: list["Product"], share: int, shares: int,
                   units: list[Unit] | None = None) -> tuple[list[Problem], set[str]]:
    problems: list[Problem] = []
    before = set(_COMPOSES)
    resolved: dict = {}  # each unit resolved once for all products (see Product.dry_run)
    for product in products:
        todo = [u for u in (product.dataset.units() if units is None else units)
                if u.level in product.spec.checked_levels]
        # a contiguous run of the units (the data lists a county's townships together): what a county's pieces
        # share (its leaders table, its channels) is laid out by one process, not by each
        n = len(todo)
        problems += product.dry_run(todo[share * n // shares:(share + 1) * n // shares], resolved)
    return problems, _COMPOSES - before


def dry_run_all(products: list["Product"], jobs: int | None = None, units: list[Unit] | None = None) -> list[Problem]:
    """Compose every piece of every product, on every core: ``check`` sees what each command would make.

    ``units``: only these units' pieces (an import composes those its changes
    reach); default every unit loaded. Share 0 is composed here, each other
    share (a run of the units) in a process forked once the data, fonts and
    layouts are loaded: it starts with this process's objects and warm caches
    (nothing is pickled on the way in). Problems come back in a fixed order.
    """
    import gc
    import multiprocessing

    jobs = jobs or len(os.sched_getaffinity(0))
    # Composing makes millions of short-lived objects and next to no cycles (a few hundred in a province's
    # check), while the caches it fills grow: the collector's passes over them were a seventh of the time.
    # What the run leaves (caches, the data) is then moved out of the collector's sight, or the first
    # collection after it would walk it all once more.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return _dry_run_share(products, 0, 1, units)[0]
        return _dry_run_forked(products, jobs, units)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def _dry_run_forked(products: list["Product"], jobs: int, units: list[Unit] | None) -> list[Problem]:
    import multiprocessing

    # One piece of each product first, here: what every piece shares (the layout's own texts, the guide set at
    # its measures, the province's codes) is then laid out once and inherited, not once per process. Its
    # problems are not kept: a piece that fails is not remembered, so its share composes it again and says so.
    resolved: dict = {}
    for product in products:
        first = next((u for u in (product.dataset.units() if units is None else units)
                      if u.level in product.spec.checked_levels), None)
        if first is not None:
            product.dry_run([first], resolved)
    fork = multiprocessing.get_context("fork")
    workers = []
    try:
        for k in range(1, jobs):
            receive, send = fork.Pipe(duplex=False)
            worker = fork.Process(target=_dry_run_worker, args=(products, k, jobs, units, send), daemon=True)
            worker.start()
            send.close()
            workers.append((worker, receive))
        shares = [_dry_run_share(products, 0, jobs, units)]
        for worker, receive in workers:
            try:
                outcome, result = receive.recv()
            except EOFError:
                outcome, result = "died", None
            worker.join()
            if outcome == "raised":
                raise result
            if outcome != "done":
                raise RuntimeError(f"a check worker ended with exit code {worker.exitcode}")
            shares.append(result)
    finally:
        for worker, _receive in workers:
            if worker.is_alive():
                worker.terminate()
    for _share, composed in shares[1:]:
        _COMPOSES.update(composed)
    return sorted((p for share, _ in shares for p in share), key=lambda p: (p.file or "", p.line or 0, str(p)))


def _dry_run_worker(products: list["Product"], share: int, shares: int, units: list[Unit] | None, send) -> None:
    """One share in a forked process; sends back ("done", (problems, composed)) or ("raised", the exception)."""
    try:
        result: tuple = ("done", _dry_run_share(products, share, shares, units))
    except BaseException as err:  # noqa: BLE001 (re-raised in the parent, as a pool would)
        result = ("raised", err)
    try:
        send.send(result)
    except Exception as err:  # noqa: BLE001 (an exception that does not pickle: its text then)
        send.send(("raised", RuntimeError(f"{result[1]!r} ({err})")))
    send.close()
    os._exit(0)  # no teardown: the parent owns every file and cache


@dataclass
class Product:
    dataset: Dataset
    guide: Guide
    fonts: FontSet
    spec: LayoutSpec
    date: dt.date
    warnings: list[Problem] = field(default_factory=list)
    seed: dict[str, str] = field(default_factory=dict)  # characters every piece draws, see render
    # the last unit composed, (unit, content, pages or None): a run checks each piece, then makes it
    _recent: tuple | None = field(default=None, repr=False, compare=False)
    _seed_text: tuple | None = field(default=None, repr=False, compare=False)  # (seed, as fingerprint_of hashes it)

    @classmethod
    def open(cls, data_dir: Path, layout: str | LayoutSpec, date: dt.date,
             dataset: Dataset | None = None) -> "Product":
        """``layout``: a name in layouts/, or a spec made elsewhere (a board scaled to ``--size``)."""
        dataset = dataset or Dataset(data_dir)
        fonts = load_fonts()
        guide = open_guide(dataset, fonts)
        spec = load_layout(layout) if isinstance(layout, str) else layout
        problems = layout_guide_problems(spec, guide)
        if problems:
            raise DataError(problems)
        # The guide as every unit without its own SMS number prints it.
        seed = static_characters(spec, guide.for_sms(None), fonts)
        seed = merge_characters(seed, reference_characters(spec, guide, fonts, date, dataset.root))
        return cls(dataset, guide, fonts, spec, date, seed=seed)

    def targets(self, unit: Unit) -> list[Unit]:
        """The units a TARGET means: itself, if the product is made for its level, and those below it."""
        levels = self.spec.made_for
        out = [unit] if unit.level in levels else []
        if max(levels) > unit.level:
            below = [unit]
            while below:
                below = [c for u in below for c in self.dataset.children(u.code)]
                out += [u for u in below if u.level in levels]
        return out

    def fingerprint_of(self, resolved: Resolved, values: str | None = None) -> str:
        """What this product's piece for a resolved unit is made from (see ``collateral.compose.edition``)."""
        # the seed decides the font subsets, hence the bytes: it is part of what a piece is made from
        seed, text = self._seed_text or (None, "")
        if seed is not self.seed:
            text = "".join(f"{k}:{v}\n" for k, v in self.seed.items())
            self._seed_text = (self.seed, text)
        return edition.fingerprint(self.spec, self.guide, self.fonts, resolved, self.date, text, values)

    def content(self, unit: Unit) -> Content:
        recent = self._recent
        if recent is not None and recent[0] is unit:
            return recent[1]
        resolved = resolve(self.dataset, unit)
        stamp = self.fingerprint_of(resolved)
        content = build(resolved, self.guide, self.date, stamp)
        self._recent = (unit, content, None)
        return content

    def pages(self, unit: Unit) -> tuple[Page, ...]:
        """The composed pages; the last unit's are kept, so checking a piece and making it compose once."""
        content = self.content(unit)
        recent = self._recent
        if recent[2] is not None:
            return recent[2]
        pages = compose(self.spec, content, self.fonts)
        self._recent = (unit, content, pages)
        return pages

    def dry_run(self, units: list[Unit], resolved_units: dict | None = None) -> list[Problem]:
        """Compose every piece without rendering: what does not fit, or cannot be drawn, for every unit.

        ``resolved_units``: a dict that one call for many products shares (id of a unit → the unit, its
        dataset, its resolution and printed values), so each unit is resolved once, not once per product.
        """
        problems: list[Problem] = []
        memo = {} if resolved_units is None else resolved_units
        for unit in units:
            known = memo.get(id(unit))
            if known is not None and known[0] is unit and known[1] is self.dataset:
                resolved, values = known[2], known[3]
            else:
                resolved = resolve(self.dataset, unit)
                values = edition.printed_values(resolved)
                memo[id(unit)] = (unit, self.dataset, resolved, values)
            stamp = self.fingerprint_of(resolved, values)
            if stamp in _COMPOSES:
                continue
            content = build(resolved, self.guide, self.date, stamp)
            try:
                pages = compose(self.spec, content, self.fonts)
            except CollateralError as err:
                problems += explained(err, self.fonts)
                continue
            unreadable = reading_problems(self.spec, pages)  # boards and screens: read from a distance
            if unreadable:
                problems += [Problem(_("{name}: text too small to read at its distance: {p}").format(
                                         name=self.spec.name, p=p),
                                     file=self.spec.file, unit_label=unit.label, field="reading rule") for p in unreadable]
                continue
            _COMPOSES.add(stamp)
            self._recent = (unit, content, pages)  # checked then made: composed once
        return problems

    def validate(self, units: list[Unit]) -> None:
        """Refuse bad data, and pieces that would not fit, before any file is written."""
        in_use = {u.code: u for t in units for u in self.dataset.ancestry(t)}
        printed = {t.unit.code: t.unit for u in units for t in leader_tables(self.dataset, u)}
        problems = check.check_units(self.dataset, in_use.values(), self.fonts, printed.values())
        errors = check.errors(problems)
        if not errors:
            errors = self.dry_run(units)
        if errors:
            raise DataError(list(dict.fromkeys(errors)))
        self.warnings = check.warnings(problems)
