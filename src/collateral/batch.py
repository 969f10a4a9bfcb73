"""The province's pack: every registered product for every unit, in parallel, resumable, verified.

In: the dataset, a TARGET (default: the whole province), the products to
make, an output folder. Out: one folder per city and county with readable
file names (see :mod:`collateral.packplan`), and the entries of the files
made for the manifest (:mod:`collateral.manifest`); the zips
(:mod:`collateral.packzip`) and the readiness report
(:mod:`collateral.readiness`) are written after the run by
:mod:`collateral.pack`.

How it stays safe: each file is written under a temporary name and renamed
once whole; before the rename, a line saying what the file is and its
sha256 is appended to the journal. A run that is killed leaves whole files
and a journal; the next run makes only what is missing, out of date (its
fingerprint differs: see ``collateral.edition``) or does not match its
journal line. One unit failing (bad data, text that does not fit) is
reported with its file:line; the others are made.

How it is fast: the shared set-up (data, fonts, layouts, the guide's set
paragraphs and QR matrices) is done once, then worker processes are forked
and each takes pieces from a queue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from collateral import booklet
from collateral.dataset import Dataset
from collateral.edition import code as edition_code
from collateral.errors import CollateralError, Problem
from collateral.manifest import Entry, Journal, read_entries, whole
from collateral.model import Level, Unit
from collateral.output import fsync_dir, prepare_dir, write_part
from collateral.packplan import Blocked, Item, blocked_units, folder, name_path, plan_items
from collateral.prepress import finish
from collateral.products import Product
from collateral.resolve import resolve

# -- the registry: a product joins the batch by being listed here ----------------------------------


@dataclass(frozen=True)
class Registered:
    """A product the batch can make: its layout, the levels it is made for in the pack, how to make it."""

    name: str
    layout: str
    levels: tuple[int, ...]
    make: Callable[[Product, Unit], list[tuple[str, bytes]]]  # (file-name suffix, PDF)
    options: str = ""  # what else decides the bytes, for the fingerprint
    press: bool = False  # for a print shop: bleed and boxes
    standard: str = ""  # an output standard applied after rendering (pdfx-4)


def _leaflet(product: Product, unit: Unit) -> list[tuple[str, bytes]]:
    """One PDF from the product's own piece (leaflets, boards)."""
    return [("", product.piece(unit))]


def _booklet(product: Product, unit: Unit) -> list[tuple[str, bytes]]:
    return booklet.files(product, unit, booklet.Options("cutstack", "long"))


REGISTRY: dict[str, Registered] = {
    "leaflet": Registered("leaflet", "leaflet-a4", (Level.TOWNSHIP,), _leaflet),
    "booklet": Registered("booklet", "booklet-a6", (Level.COUNTY, Level.TOWNSHIP), _booklet, "cutstack long"),
    "board": Registered("board", "board-900x1200", (Level.PROVINCE, Level.CITY, Level.COUNTY), _leaflet,
                        press=True, standard="pdfx-4"),
}


def product_names(text: str) -> list[str]:
    """``--products a,b``: the registered products named, all of them when none is.

    Raises:
        CollateralError: a name that is not registered.
    """
    names = [n.strip() for n in text.split(",") if n.strip()] or list(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise CollateralError(f"--products: unknown {', '.join(unknown)} (registered: {', '.join(REGISTRY)})")
    return names


def open_products(dataset: Dataset, names: list[str], date: dt.date) -> dict[str, Product]:
    """The products of a run, each with its registered layout, finish and output standard."""
    return {n: Product.open(dataset.root, REGISTRY[n].layout, date, finish(REGISTRY[n].press, False),
                            dataset=dataset, standard=REGISTRY[n].standard) for n in names}


# -- making pieces (in worker processes) -----------------------------------------------------------

_SHARED: dict[str, Product] = {}  # the products of this run, set before the workers fork


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _make(item: Item, out: str) -> tuple[Item, list[dict] | None, list[Problem]]:
    """Render one item's files to temporary names beside their final place."""
    product = _SHARED[item.product]
    unit = product.dataset.unit(item.unit)
    results = []
    try:
        files = REGISTRY[item.product].make(product, unit)
        stamp = product.content(unit).fingerprint  # the piece just made: its content is still at hand
        directory = Path(out) / folder(product.dataset, unit)
        base = product.file_name(unit)[: -len(".pdf")]
        for suffix, pdf in files:
            final = directory / f"{base}{suffix}.pdf"
            tmp = write_part(final, pdf, sync=False)  # renamed by the parent, after its journal line
            results.append({"final": str(final), "tmp": str(tmp), "bytes": len(pdf),
                            "sha256": hashlib.sha256(pdf).hexdigest(), "pages": _pages(pdf), "fingerprint": stamp})
    except CollateralError as err:  # bad data, text that does not fit, a full disk: this unit fails, not the run
        for r in results:
            Path(r["tmp"]).unlink(missing_ok=True)
        return item, None, err.problems
    return item, results, []


def _make_star(args: tuple[Item, str]):
    return _make(*args)


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Report:
    """What a run did: files made and kept, failures by the unit they stop, the data's warnings."""

    items: list[Item] = field(default_factory=list)  # every piece the run was asked for
    made: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    failed: dict[str, list[Problem]] = field(default_factory=dict)  # unit code → why its pieces were not made
    lost: list[Problem] = field(default_factory=list)  # errors in data files no unit could be read from
    warnings: list[Problem] = field(default_factory=list)

    def fail(self, unit: str, problems: list[Problem]) -> None:
        self.failed.setdefault(unit, []).extend(problems)

    @property
    def problems(self) -> list[Problem]:
        """Every error of the run, each once, in the order met."""
        return list(dict.fromkeys([*self.lost, *(p for ps in self.failed.values() for p in ps)]))


@dataclass
class Batch:
    dataset: Dataset
    products: dict[str, Product]
    out: Path
    root: Unit
    shard: tuple[int, int] = (1, 1)
    force: bool = False
    jobs: int = 0
    progress: Callable[[str, int, int], None] | None = None  # (what happened, done, total)
    _resolved: dict = field(default_factory=dict, repr=False)  # by unit code, for this run's fingerprints

    def fingerprint(self, item: Item) -> str:
        """The data fingerprint printed on the piece (its edition code)."""
        resolved = self._resolved.get(item.unit)  # a township's leaflet and booklet: resolved once
        if resolved is None:
            resolved = self._resolved[item.unit] = resolve(self.dataset, self.dataset.unit(item.unit))
        return self.products[item.product].fingerprint_of(resolved)

    def options(self, item: Item) -> str:
        product = self.products[item.product]
        return f"{REGISTRY[item.product].options} {product.finish.name} {product.standard}".strip()

    def blocked(self, items: list[Item]) -> Blocked:
        fonts = next(iter(self.products.values())).fonts
        units = {i.unit: self.dataset.unit(i.unit) for i in items}
        return blocked_units(self.dataset, self.root, units.values(), fonts)

    def run(self) -> Report:
        prepare_dir(self.out, recursive=True)  # what a killed run left
        self.out.mkdir(parents=True, exist_ok=True)
        items = plan_items(self.dataset, self.root, {n: REGISTRY[n].levels for n in self.products}, self.shard)
        report = Report(items=items)
        blocked = self.blocked(items)
        report.warnings = blocked.warnings
        report.lost = blocked.lost
        earlier: dict[tuple[str, str], list[Entry]] = {}
        for e in ({} if self.force else read_entries(self.out)).values():
            earlier.setdefault((e.unit, e.product), []).append(e)
        todo: list[Item] = []
        for item in items:
            if item.unit in blocked.units:
                report.failed.setdefault(item.unit, list(blocked.units[item.unit]))
                continue
            done = earlier.get((item.unit, item.product), [])
            if done and all(e.fingerprint == self.fingerprint(item) and e.options == self.options(item)
                            and whole(self.out, e) for e in done):
                report.unchanged += done
            else:
                todo.append(item)
        total = len(todo)
        journal = Journal(self.out)
        try:
            for n, (item, results, problems) in enumerate(self._results(todo), 1):
                unit = self.dataset.unit(item.unit)
                if results is None:
                    report.fail(item.unit, problems)
                    self._tell(f"failed {unit.label} {item.product}", n, total)
                    continue
                product = self.products[item.product]
                trim = "×".join(f"{v:g}" for v in product.spec.trim)
                stamp = results[0]["fingerprint"] if results else ""
                for r in results:
                    entry = Entry(str(Path(r["final"]).relative_to(self.out)), unit.code, name_path(self.dataset, unit),
                                  item.product, r["pages"], trim, r["bytes"], r["sha256"], stamp,
                                  edition_code(product.date, stamp),
                                  sorted(set(blocked.warnings_by_unit.get(unit.code, []))), self.options(item))
                    journal.append(entry)
                    os.replace(r["tmp"], r["final"])
                    report.made.append(entry)
                self._tell(f"made {unit.label} {item.product}", n, total)
        finally:
            journal.close()
            prepare_dir(self.out, recursive=True)
        fsync_dir(self.out)
        return report

    def _results(self, todo: list[Item]):
        global _SHARED
        _SHARED = self.products
        jobs = self.jobs or len(os.sched_getaffinity(0))
        args = [(item, str(self.out)) for item in todo]
        if jobs <= 1 or len(todo) < 4 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_make_star, args)
            return
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap_unordered(_make_star, args, chunksize=8)

    def _tell(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)
