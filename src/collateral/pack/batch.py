"""The province's pack: every registered product for every unit, in parallel, resumable, verified.

In: the dataset, a TARGET (default: the whole province), the products to
make, an output folder. Out: one folder per city and county with readable
file names (see :mod:`collateral.pack.plan`), and the entries of the files
made for the manifest (:mod:`collateral.pack.manifest`); the zips
(:mod:`collateral.pack.zips`) and the readiness report
(:mod:`collateral.pack.readiness`) are written after the run by
:mod:`collateral.pack.finish`.

How it stays safe: each file is written under a temporary name and renamed
once whole; before the rename, a line saying what the file is and its
sha256 is appended to the journal. A run that is killed leaves whole files
and a journal; the next run makes only what is missing, out of date (its
fingerprint differs: see ``collateral.compose.edition``) or does not match its
journal line. One unit failing (bad data, text that does not fit) is
reported with its file:line; the others are made.

How it is fast: the shared set-up (data, fonts, layouts, the guide's set
paragraphs and QR matrices) is done once, then worker processes are forked
and each takes pieces from a queue.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import multiprocessing
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from collateral.data.dataset import Dataset
from collateral.compose.edition import code as edition_code
from collateral.errors import CollateralError, Interrupted, OutputError, Problem
from collateral.products.make import Output, file_names, make, role
from collateral.pack.manifest import Entry, Journal, Manifest, load, whole
from collateral.data.model import Level, Unit
from collateral.files.output import fsync_dir, prepare_dir, write_part
from collateral.pack.plan import Blocked, Item, blocked_units, folder, full_path, plan_items, plan_units
from collateral.spec.prepress import PRESS
from collateral.products.product import Product
from collateral.data.resolve import resolve
from collateral.i18n import _

# -- the registry: a product joins the batch by being listed here ----------------------------------


@dataclass(frozen=True)
class Registered:
    """A product the batch can make: its layout, the levels it is made for in the pack, its output."""

    name: str
    layout: str
    levels: tuple[int, ...]
    output: Output = Output()
    label: str = ""  # what the pack index calls it
    printing: str = ""  # how to print its copies, as the pack index tells a clerk (its 说明 file: INSTRUCTIONS)


REGISTRY: dict[str, Registered] = {
    "leaflet": Registered("leaflet", "leaflet-a4", (Level.TOWNSHIP,), label="宣传单（A4 双面）",
                          printing="A4 纸，双面打印（长边翻转）；缩放选“实际大小”（100%），不要选“适合页面”。"),
    "booklet": Registered("booklet", "booklet-a6", (Level.COUNTY, Level.TOWNSHIP),
                          Output(imposition="cutstack", flip="long", what="口袋书", pad=4),
                          label="口袋书（A6，A4 纸裁切）",
                          printing="要几份印几份：A4 纸，双面打印（长边翻转），选“实际大小”，勾选“逐份打印”；"
                                   "先把同一单位的“打印说明”印 1 份，按它裁切、叠放、装订。"),
    "board": Registered("board", "board-900x1200", (Level.PROVINCE, Level.CITY, Level.COUNTY),
                        Output(PRESS, "pdfx-4"), label="展板（900×1200 毫米）",
                        printing="交广告印刷公司：PDF/X-4 印刷文件，成品 900×1200 毫米，四边各含 3 毫米出血；"
                                 "不要用办公打印机。"),
}


INSTRUCTIONS = ("只印 1 份，不要和宣传品一起印：它写明宣传品文件印几份、怎样设置双面，"
                "以及裁切、折叠、装订的步骤。")  # the pack index, of every 说明 file


def product_names(text: str) -> list[str]:
    """``--products a,b``: the registered products named, all of them when none is.

    Raises:
        CollateralError: a name that is not registered.
    """
    names = [n.strip() for n in text.split(",") if n.strip()] or list(REGISTRY)
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise CollateralError(_("--products: unknown {names} (registered: {registered})").format(
            names=", ".join(unknown), registered=", ".join(REGISTRY)))
    return names


def open_products(dataset: Dataset, names: list[str], date: dt.date) -> dict[str, Product]:
    """The products of a run, each with its registered layout (its output says how the files are made)."""
    return {n: Product.open(dataset.root, REGISTRY[n].layout, date, dataset=dataset) for n in names}


# -- making pieces (in worker processes) -----------------------------------------------------------

_SHARED: dict[str, Product] = {}  # the products of this run, set before the workers fork

# OS errors after which no other piece can be written either: the run stops at the first one.
FATAL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM}


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def _make(item: Item, out: str) -> tuple[Item, list[dict] | None, list[Problem], int | None]:
    """Render one item's files to temporary names beside their final place; on failure, why (and the OS errno)."""
    product = _SHARED[item.product]
    unit = product.dataset.unit(item.unit_code)
    results = []
    try:
        files = make(product, unit, REGISTRY[item.product].output)
        stamp = product.content(unit).fingerprint  # the piece just made: its content is still at hand
        directory = Path(out) / folder(product.dataset, unit)
        for name, pdf in files:
            final = directory / name
            tmp = write_part(final, pdf, sync=False)  # renamed by the parent, after its journal line
            results.append({"final": str(final), "tmp": str(tmp), "bytes": len(pdf), "role": role(name),
                            "sha256": hashlib.sha256(pdf).hexdigest(), "pages": _pages(pdf), "fingerprint": stamp})
    except CollateralError as err:  # bad data, text that does not fit, a full disk: this unit fails
        for r in results:
            Path(r["tmp"]).unlink(missing_ok=True)
        return item, None, err.problems, getattr(err, "errno", None)
    return item, results, [], None


def _same(path: Path, size: int, sha256: str) -> bool:
    """Is the file already on disk exactly these bytes (size, then sha256)?"""
    try:
        return path.stat().st_size == size and hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def _make_star(args: tuple[Item, str]):
    return _make(*args)


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and says what was done (no worker tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# -- the run ---------------------------------------------------------------------------------------


class Stopped(OutputError):
    """The run cannot go on (a full disk, a read-only folder): said in one line, with how to resume."""


def fix(err_no: int | None, out: Path) -> str:
    """What the user does about a fatal OS error before running again."""
    if err_no in (errno.ENOSPC, errno.EDQUOT):
        return _("free some space")
    if err_no == errno.EFBIG:
        return _("write the pack to a file system that takes larger files (-o)")
    return _("make {folder} writable (or choose another folder with -o)").format(folder=out)


@dataclass
class Report:
    """What a run did, and the pack's manifest as it now stands (see :mod:`collateral.pack.finish`)."""

    manifest: Manifest  # every file of the pack after this run: kept from earlier runs, unchanged, made
    made: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    kept: list[Entry] = field(default_factory=list)  # files of earlier runs outside this run's TARGET or products
    stale: list[Entry] = field(default_factory=list)  # files of this run's pieces that no longer belong
    failed: dict[str, list[Problem]] = field(default_factory=dict)  # unit code → why it got no files
    lost: list[Problem] = field(default_factory=list)  # errors in data files no unit could be read from
    warnings: list[Problem] = field(default_factory=list)
    made_items: list[Item] = field(default_factory=list)  # pieces made whole by this run
    tried: int = 0  # pieces this run has finished with, made or failed

    def fail(self, unit: str, problems: list[Problem]) -> None:
        self.failed.setdefault(unit, []).extend(problems)

    @property
    def problems(self) -> list[Problem]:
        """Every error of the run, each once, in the order met."""
        return list(dict.fromkeys([*self.lost, *(p for ps in self.failed.values() for p in ps)]))


def manifest_name(shard: tuple[int, int]) -> str:
    return "manifest" if shard == (1, 1) else f"manifest-{shard[0]}-of-{shard[1]}"


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
        resolved = self._resolved.get(item.unit_code)  # a township's leaflet and booklet: resolved once
        if resolved is None:
            resolved = self._resolved[item.unit_code] = resolve(self.dataset, self.dataset.unit(item.unit_code))
        return self.products[item.product].fingerprint_of(resolved)

    def options(self, item: Item) -> str:
        return REGISTRY[item.product].output.options

    def paths(self, item: Item) -> list[str]:
        """The files the item makes now, relative to the pack: a piece listed with other files is made again.

        So a pack made when the instruction page was page 1 of the booklet
        (one file) gets its booklets remade with their 说明 file beside them.
        """
        product = self.products[item.product]
        unit = self.dataset.unit(item.unit_code)
        where = folder(self.dataset, unit)
        return sorted(str(where / n) for n in file_names(product, unit, REGISTRY[item.product].output))

    def _known(self, e: Entry) -> bool:
        """Can an earlier run's file stay listed: its unit still in the data, its product registered, on disk?"""
        try:
            self.dataset.unit(e.unit_code)
            return e.product in REGISTRY and (self.out / e.path).stat().st_size == e.bytes
        except (KeyError, OSError):
            return False

    def run(self) -> Report:
        """Make what is missing or out of date; the report holds the pack's manifest as it now stands.

        Raises:
            Stopped: a full disk, a file too large, a read-only folder: at the first one, naming the path.
            Interrupted: Ctrl-C; what was made is whole and in the journal, the next run goes on from there.
            OutputError: the output folder cannot be used at all.
        """
        prepare_dir(self.out, recursive=True)  # what a killed run left
        units = plan_units(self.dataset, self.root, self.shard)
        items = plan_items(units, {n: REGISTRY[n].levels for n in self.products})
        scope = {(i.unit_code, i.product) for i in items} | {(u.code, "") for u in units}
        prior = load(self.out, manifest_name(self.shard))
        report = Report(Manifest(run=prior.run, zips=prior.zips))
        earlier: dict[tuple[str, str], list[Entry]] = {}
        gone: list[Entry] = []  # listed, but no longer of this data (a unit removed) or not whole on disk
        for e in prior.files.values():
            if (e.unit_code, e.product) in scope:
                earlier.setdefault((e.unit_code, e.product), []).append(e)
            elif self._known(e):
                report.kept.append(e)
            else:
                gone.append(e)
        report.manifest.failed = {k: v for k, v in prior.failed.items() if k not in scope}
        kept_units = {e.unit_code: self.dataset.unit(e.unit_code) for e in report.kept}
        fonts = next(iter(self.products.values())).fonts
        blocked = blocked_units(self.dataset, self.root, [*units, *kept_units.values()], fonts)
        report.warnings, report.lost = blocked.warnings, blocked.lost
        todo: list[Item] = []
        for u in units:
            if u.code in blocked.units:
                report.failed[u.code] = list(blocked.units[u.code])
                report.manifest.failed[(u.code, "")] = [str(p) for p in blocked.units[u.code]]
        for code, problems in blocked.lost_units.items():  # a county whose file cannot be read: no Unit, no files
            report.failed[code] = list(problems)
            report.manifest.failed[(code, "")] = [str(p) for p in problems]
        for item in items:
            if item.unit_code in blocked.units:
                continue
            done = earlier.get((item.unit_code, item.product), [])
            if done and not self.force and sorted(e.path for e in done) == self.paths(item) and all(
                    e.fingerprint == self.fingerprint(item) and e.options == self.options(item)
                    and whole(self.out, e) for e in done):
                report.unchanged += done
            else:
                todo.append(item)
        try:
            self._make_all(todo, report, blocked)
        except KeyboardInterrupt:
            left = len(todo) - report.tried
            raise Interrupted(_("interrupted: {made} made, {left} left; run again to finish").format(
                made=len(report.made_items), left=left)) from None
        except OutputError as err:
            if err.errno not in FATAL and not isinstance(err, Stopped):
                raise
            raise self._stopped(err, len(report.made_items), len(todo)) from None
        for e in report.kept + report.unchanged:  # what the data says now, not what it said when made
            e.warnings = sorted(set(blocked.warnings_by_unit.get(e.unit_code, [])))
        files = report.kept + report.unchanged + report.made
        report.manifest.files = {e.path: e for e in files}
        report.stale = [e for es in earlier.values() for e in es if e.path not in report.manifest.files]
        report.stale += [e for e in gone if e.path not in report.manifest.files]
        return report

    def _make_all(self, todo: list[Item], report: Report, blocked: Blocked) -> None:
        """Make the pieces in worker processes; each file journalled, then renamed into place."""
        total = len(todo)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(Problem(_("cannot make the folder: {error}").format(error=err.strerror or err),
                                      file=str(self.out)),
                              errno=err.errno) from err
        journal = Journal(self.out)
        results = self._results(todo)
        try:
            for n, (item, made, problems, err_no) in enumerate(results, 1):
                report.tried = n - 1
                unit = self.dataset.unit(item.unit_code)
                if made is None:
                    if err_no in FATAL:
                        raise Stopped(problems, errno=err_no)
                    report.fail(item.unit_code, problems)
                    report.manifest.failed[(item.unit_code, item.product)] = [str(p) for p in problems]
                    report.tried = n
                    self._tell(_("failed {unit} {product}").format(unit=unit.label, product=item.product), n, total)
                    continue
                product = self.products[item.product]
                trim = "×".join(f"{v:g}" for v in product.spec.trim)
                stamp = made[0]["fingerprint"] if made else ""
                for r in made:
                    entry = Entry(str(Path(r["final"]).relative_to(self.out)), unit.code, full_path(self.dataset, unit),
                                  item.product, r["pages"], trim, r["bytes"], r["sha256"], stamp,
                                  edition_code(product.date, stamp),
                                  sorted(set(blocked.warnings_by_unit.get(unit.code, []))), self.options(item),
                                  r["role"])
                    journal.append(entry)
                    try:
                        if _same(Path(r["final"]), r["bytes"], r["sha256"]):  # e.g. the 说明 of a piece a kill
                            Path(r["tmp"]).unlink(missing_ok=True)  # left half made: the file stays untouched
                        else:
                            os.replace(r["tmp"], r["final"])
                    except OSError as err:
                        raise OutputError(Problem(_("cannot write: {error}").format(error=err.strerror or err),
                                                  file=r["final"]),
                                          errno=err.errno) from err
                    report.made.append(entry)
                report.made_items.append(item)
                report.tried = n
                self._tell(_("made {unit} {product}").format(unit=unit.label, product=item.product), n, total)
        finally:
            results.close()  # the workers are stopped before their .part files are cleared
            journal.close()
            try:
                prepare_dir(self.out, recursive=True)
            except OutputError:
                pass  # a folder that cannot be listed now: the next run clears its .part files
        fsync_dir(self.out)

    def _stopped(self, err: OutputError, made: int, total: int) -> Stopped:
        problem = err.problems[0]
        how = _("{fix}, then run the same command again to make the other {left}").format(
            fix=fix(err.errno, self.out), left=total - made)
        return Stopped(Problem(_("{message}; stopped after {made} of {total} pieces: {how}").format(
                                   message=problem.message, made=made, total=total, how=how),
                               file=problem.file, line=problem.line, unit_label=problem.unit_label, field=problem.field),
                       errno=err.errno)

    def _results(self, todo: list[Item]):
        global _SHARED
        _SHARED = self.products
        jobs = self.jobs or len(os.sched_getaffinity(0))
        args = [(item, str(self.out)) for item in todo]
        if jobs <= 1 or len(todo) < 4 or "fork" not in multiprocessing.get_all_start_methods():
            yield from map(_make_star, args)
            return
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_quiet_worker) as pool:
            yield from pool.imap_unordered(_make_star, args, chunksize=8)

    def _tell(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)
