"""The province's pack: every registered product for every unit, in parallel, resumable, verified.

In: the dataset, a TARGET (default: the whole province), the products to
make, an output folder. Out: one folder per city and county with readable
file names, a zip per city, ``manifest.json``/``.csv`` (per file: unit,
product, pages, trim, bytes, sha256, fingerprint, edition, warnings) and a
readiness report of the data still missing.

How it stays safe: each file is written under a temporary name and renamed
once whole; before the rename, a line saying what the file is and its
sha256 is appended to ``.collateral-journal.jsonl``. A run that is killed
leaves whole files and a journal; the next run makes only what is missing,
out of date (its fingerprint differs: see ``collateral.edition``) or does
not match its journal line. One unit failing (bad data, text that does not
fit) is reported with its file:line; the others are made.

How it is fast: the shared set-up (data, fonts, layouts, the guide's set
paragraphs and QR matrices) is done once, then worker processes are forked
and each takes pieces from a queue.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import multiprocessing
import os
import re
import zipfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable

from collateral import check
from collateral.dataset import Dataset
from collateral.errors import CollateralError, OutputError, Problem
from collateral.model import Level, Unit
from collateral.output import open_part, prepare_dir, safe_name, write_atomic, write_part
from collateral.make import Output, make
from collateral.prepress import PRESS
from collateral.products import Product
from collateral.resolve import leader_tables, resolve

JOURNAL = ".collateral-journal.jsonl"


# -- the registry: a product joins the batch by being listed here ----------------------------------


@dataclass(frozen=True)
class Registered:
    """A product the batch can make: its layout, the levels it is made for in the pack, its output."""

    name: str
    layout: str
    levels: tuple[int, ...]
    output: Output = Output()


REGISTRY: dict[str, Registered] = {
    "leaflet": Registered("leaflet", "leaflet-a4", (Level.TOWNSHIP,)),
    "booklet": Registered("booklet", "booklet-a6", (Level.COUNTY, Level.TOWNSHIP),
                          Output(imposition="cutstack", flip="long", what="口袋书", pad=4)),
    "board": Registered("board", "board-900x1200", (Level.PROVINCE, Level.CITY, Level.COUNTY),
                        Output(PRESS, "pdfx-4")),
}


# -- what a run makes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    product: str
    unit: str  # code


@dataclass
class Entry:
    """One file of the pack, as the manifest lists it."""

    path: str  # relative to the output folder
    unit: str
    name_path: str
    product: str
    pages: int
    trim: str
    bytes: int
    sha256: str
    fingerprint: str  # of the data printed on it (see collateral.edition); its first 8 characters are printed
    edition: str
    warnings: list[str] = field(default_factory=list)
    options: str = ""  # how it was made (product options, finish, standard): a change rebuilds it too

    def as_dict(self) -> dict:
        """For JSON (dataclasses.asdict deep-copies field by field: a third of a second per province run)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Report:
    made: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def name_path(dataset: Dataset, unit: Unit) -> str:
    return "/".join(u.name for u in dataset.ancestry(unit))


def folder(dataset: Dataset, unit: Unit) -> Path:
    """DIR/<code>-<city>/<code>-<county>/: a city's and a county's own pieces sit in their folder."""
    parts = [u for u in dataset.ancestry(unit)[1:] if u.level in (Level.CITY, Level.COUNTY)]
    if unit.level == Level.TOWNSHIP:
        parts = parts[:2]
    return Path(*[f"{u.code}-{safe_name(u.name)}" for u in parts]) if parts else Path()


def parse_shard(text: str | None) -> tuple[int, int]:
    if not text:
        return 1, 1
    m = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise CollateralError(f"--shard {text!r}: give K/N with 1 ≤ K ≤ N, e.g. 2/3")
    return int(m.group(1)), int(m.group(2))


def plan_items(dataset: Dataset, root: Unit, products: list[str], shard: tuple[int, int]) -> list[Item]:
    """Every (product, unit) of the run, in code order; a shard takes every N-th unit."""
    units = sorted([root, *_below(dataset, root)], key=lambda u: u.code)
    k, n = shard
    units = [u for i, u in enumerate(units) if i % n == k - 1]
    return [Item(p, u.code) for u in units for p in products if u.level in REGISTRY[p].levels]


def _below(dataset: Dataset, unit: Unit) -> list[Unit]:
    out, level = [], [unit]
    while level:
        level = [c for u in level for c in dataset.children(u.code)]
        out += level
    return out


# -- the journal: what is already made ------------------------------------------------------------


def read_journal(out: Path) -> dict[str, Entry]:
    """Entries of earlier runs, by path: the manifest, then the journal lines after it; a torn last line is skipped."""
    entries: dict[str, Entry] = {}
    for name in ("manifest.json", *sorted(p.name for p in out.glob("manifest-*-of-*.json"))):
        path = out / name
        if path.is_file():
            try:
                for e in json.loads(path.read_text(encoding="utf-8"))["files"]:
                    entries[e["path"]] = Entry(**e)
            except (ValueError, KeyError, TypeError):
                pass  # a manifest we cannot read: the files are checked again
    journal = out / JOURNAL
    if journal.is_file():
        for line in journal.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                e = Entry(**json.loads(line))
            except (ValueError, TypeError):
                continue
            entries[e.path] = e
    return entries


def _whole(out: Path, e: Entry) -> bool:
    path = out / e.path
    try:
        if path.stat().st_size != e.bytes:
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == e.sha256
    except OSError:
        return False


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
        files = make(product, unit, REGISTRY[item.product].output)
        stamp = product.content(unit).fingerprint  # the piece just made: its content is still at hand
        directory = Path(out) / folder(product.dataset, unit)
        for name, pdf in files:
            final = directory / name
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
        return REGISTRY[item.product].output.options

    def data_problems(self, units: Iterable[Unit], fonts) -> tuple[dict[str, list[Problem]], list[Problem]]:
        """Errors that stop a unit (by unit code, its whole chain counted), and warnings of the printed tables."""
        units = list(units)
        in_use = {u.code: u for t in units for u in self.dataset.ancestry(t)}
        printed = {t.unit.code: t.unit for u in units for t in leader_tables(self.dataset, u)}
        problems = check.check_units(self.dataset, in_use.values(), fonts, printed.values())
        by_file: dict[str, list[Problem]] = {}
        for p in check.errors(problems):
            by_file.setdefault(p.file or "", []).append(p)
        blocked: dict[str, list[Problem]] = {}
        reached: set[str] = set()
        for u in units:
            files = {a.source.file for a in self.dataset.ancestry(u)}
            reached |= files
            errs = [p for f in files for p in by_file.get(f, [])]
            if errs:
                blocked[u.code] = errs
        # a file that did not load at all (a county's YAML broken) has no units to block: report it whole
        lost = [p for f, ps in by_file.items() if f not in reached and self._under_root(f) for p in ps]
        if lost:
            blocked[""] = lost
        return blocked, check.warnings(problems)

    def _under_root(self, file: str) -> bool:
        """Is a data file part of the run's TARGET (the province: all; a city: its folder; a county: its file)?"""
        if self.root.level == Level.PROVINCE:
            return True
        own = self.root.source.file
        return file == own or (self.root.level == Level.CITY and file.startswith(str(Path(own).parent) + "/"))

    def run(self) -> Report:
        report = Report()
        self.out.mkdir(parents=True, exist_ok=True)
        prepare_dir(self.out, recursive=True)  # what a killed run left
        products = sorted(self.products)
        items = plan_items(self.dataset, self.root, products, self.shard)
        fonts = next(iter(self.products.values())).fonts
        blocked, warnings = self.data_problems({i.unit: self.dataset.unit(i.unit) for i in items}.values(), fonts)
        report.warnings = warnings
        report.failed += blocked.pop("", [])
        warn_by_unit: dict[str, list[str]] = {}
        for w in warnings:
            if w.unit:
                warn_by_unit.setdefault(w.unit.split()[0], []).append(str(w))
        earlier: dict[tuple[str, str], list[Entry]] = {}
        for e in ({} if self.force else read_journal(self.out)).values():
            earlier.setdefault((e.unit, e.product), []).append(e)
        todo: list[Item] = []
        for item in items:
            if item.unit in blocked:
                report.failed += blocked[item.unit]
                continue
            done = earlier.get((item.unit, item.product), [])
            if done and all(e.fingerprint == self.fingerprint(item) and e.options == self.options(item)
                            and _whole(self.out, e) for e in done):
                report.unchanged += done
            else:
                todo.append(item)
        total = len(todo)
        journal = open(self.out / JOURNAL, "a", encoding="utf-8")
        try:
            for n, (item, results, problems) in enumerate(self._results(todo), 1):
                unit = self.dataset.unit(item.unit)
                if results is None:
                    report.failed += problems
                    self._tell(f"failed {unit.label} {item.product}", n, total)
                    continue
                product = self.products[item.product]
                trim = "×".join(f"{v:g}" for v in product.spec.trim)
                stamp = results[0]["fingerprint"] if results else ""
                for r in results:
                    entry = Entry(str(Path(r["final"]).relative_to(self.out)), unit.code, name_path(self.dataset, unit),
                                  item.product, r["pages"], trim, r["bytes"], r["sha256"], stamp,
                                  _edition(product.date, stamp), sorted(set(warn_by_unit.get(unit.code, []))),
                                  self.options(item))
                    journal.write(json.dumps(entry.as_dict(), ensure_ascii=False) + "\n")
                    journal.flush()
                    os.replace(r["tmp"], r["final"])
                    report.made.append(entry)
                self._tell(f"made {unit.label} {item.product}", n, total)
        finally:
            journal.close()
            prepare_dir(self.out, recursive=True)
        _fsync_dir(self.out)
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


def _edition(date: dt.date, stamp: str) -> str:
    from collateral.edition import code

    return code(date, stamp)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- manifest, zips, readiness ---------------------------------------------------------------------


def write_manifest(out: Path, entries: list[Entry], name: str = "manifest") -> None:
    entries = sorted(entries, key=lambda e: e.path)
    doc = {"generator": "collateral", "files": [e.as_dict() for e in entries]}
    write_atomic(out / f"{name}.json", (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["path", "unit", "name_path", "product", "pages", "trim", "bytes", "sha256", "fingerprint", "edition",
                "warnings"])
    for e in entries:
        w.writerow([e.path, e.unit, e.name_path, e.product, e.pages, e.trim, e.bytes, e.sha256, e.fingerprint,
                    e.edition, len(e.warnings)])
    write_atomic(out / f"{name}.csv", buf.getvalue().encode("utf-8-sig"))


def write_zips(out: Path, entries: list[Entry]) -> list[Path]:
    """A zip per city of exactly that city's files (stored: PDFs are compressed already), each written whole."""
    cities: dict[str, list[Entry]] = {}
    for e in entries:
        top = Path(e.path).parts[0] if len(Path(e.path).parts) > 1 else None
        if top:
            cities.setdefault(top, []).append(e)
    from concurrent.futures import ThreadPoolExecutor

    jobs = max(1, min(len(cities), len(os.sched_getaffinity(0))))
    with ThreadPoolExecutor(jobs) as pool:  # reading, CRC and writing release the GIL: one city per core
        written = list(pool.map(lambda item: _write_zip(out, *item), sorted(cities.items())))
    _fsync_dir(out)
    return written


def _write_zip(out: Path, city: str, files: list[Entry]) -> Path:
    """One city's zip, streamed to a temporary name (no copy in memory) and renamed once whole and synced."""
    final = out / f"{city}.zip"
    fd, tmp = open_part(final)
    try:
        with open(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as z:
            for e in sorted(files, key=lambda e: e.path):
                info = zipfile.ZipInfo(e.path, date_time=(2020, 1, 1, 0, 0, 0))
                z.writestr(info, (out / e.path).read_bytes())
            z.close()
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException as err:
        tmp.unlink(missing_ok=True)
        if isinstance(err, OSError):  # as write_atomic says it: the path and the reason
            raise OutputError(Problem(f"cannot write: {err.strerror or err}", file=str(final))) from err
        raise
    return final


@dataclass(frozen=True)
class Readiness:
    unit: str
    name_path: str
    level: str
    missing: tuple[str, ...]  # leader names or numbers
    placeholders: tuple[str, ...]  # channel values not confirmed yet


def readiness(dataset: Dataset, units: Iterable[Unit]) -> list[Readiness]:
    """Per unit: what its pieces print as blanks or as drafts, so the province can chase each county."""
    out = []
    for unit in sorted(units, key=lambda u: u.code):
        missing = tuple(f"{l.role}: {'、'.join({'name': '姓名', 'phone': '号码'}[m] for m in l.missing)}"
                        for l in unit.leaders if l.missing)
        placeholders = tuple(resolve(dataset, unit).draft_fields)
        out.append(Readiness(unit.code, name_path(dataset, unit), unit.level.label, missing, placeholders))
    return out


def write_readiness(out: Path, rows: list[Readiness]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["unit", "name_path", "level", "missing", "placeholders"])
    for r in rows:
        w.writerow([r.unit, r.name_path, r.level, "；".join(r.missing), "；".join(r.placeholders)])
    write_atomic(out / "readiness.csv", buf.getvalue().encode("utf-8-sig"))
    write_atomic(out / "readiness.html", readiness_html(rows).encode())


def readiness_html(rows: list[Readiness]) -> str:
    """A table per city, sortable by a click on a header; self-contained, no request."""
    e = html.escape
    cities: dict[str, list[Readiness]] = {}
    for r in rows:
        city = r.name_path.split("/")[1] if "/" in r.name_path else r.name_path
        cities.setdefault(city, []).append(r)
    parts = []
    for city, rs in cities.items():
        gaps = sum(1 for r in rs if r.missing or r.placeholders)
        body = "".join(
            f"<tr><td>{e(r.unit)}</td><td>{e(r.name_path)}</td><td>{e(r.level)}</td>"
            f"<td>{e('；'.join(r.missing))}</td><td>{e('；'.join(r.placeholders))}</td></tr>" for r in rs)
        parts.append(f"<section><h2>{e(city)} <small>{gaps} / {len(rs)} 个单位待补</small></h2><table>"
                     "<thead><tr><th>代码</th><th>单位</th><th>层级</th><th>缺少的领导信息</th><th>未核实的渠道</th></tr>"
                     f"</thead><tbody>{body}</tbody></table></section>")
    script = ("document.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{"
              "const tb=th.closest('table').tBodies[0];const rows=[...tb.rows];const d=th.dataset.d=th.dataset.d==='1'?'-1':'1';"
              "rows.sort((a,b)=>d*a.cells[i].textContent.localeCompare(b.cells[i].textContent,'zh'));"
              "rows.forEach(r=>tb.appendChild(r));}));")
    return ("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>手机信访宣传数据准备情况</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}"
            "th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;font-size:14px}th{background:#f3e4e1;"
            "cursor:pointer}h2 small{color:#666;font-weight:normal}</style>"
            f"<h1>手机信访宣传数据准备情况</h1>{''.join(parts)}<script>{script}</script></html>\n")


def merge(dirs: list[Path]) -> list[Entry]:
    """Join shard runs into the first folder: files copied where missing, one manifest for all."""
    target = dirs[0]
    entries: dict[str, Entry] = {}
    for d in dirs:
        if not any(d.glob("manifest*.json")) and not (d / JOURNAL).is_file():
            raise CollateralError(Problem("holds no manifest of a batch run (manifest.json or "
                                          "manifest-K-of-N.json): not a pack folder", file=str(d)))
        for e in read_journal(d).values():
            src = d / e.path
            if not _whole(d, e):
                raise CollateralError(Problem(f"{e.path} does not match its manifest entry (sha256 or size)",
                                              file=str(src)))
            if d != target and not _whole(target, e):
                write_atomic(target / e.path, src.read_bytes())
            entries[e.path] = e
    return sorted(entries.values(), key=lambda e: e.path)
