"""Benchmark (not a test): our speed as ratios to peers measured in the same run, as machines differ.

    python bench/peers.py [--quick] [--runs 9] [--count 200] [--batch-runs 2] [--skip-province] [--filled]
                          [--json FILE]

1. A leaflet against Typst (the ``typst`` wheel: the Typst compiler inside a Python module; ``pip install
   -e '.[bench]'``), on ``bench/peer-leaflet.typ``, the same two A4 pages as ``layouts/leaflet-a4.yaml``
   with the same fonts, text, table and codes (see that file for what it leaves out):
   - cold: ``collateral leaflet 410105002 -o DIR`` in a fresh process against a fresh
     ``python -c "import typst; typst.compile(...)"`` of the same township, median of ``--runs`` after one
     untimed run each (bytecode, font cache and the OS's file cache warm, as for an installed tool);
   - warm: in this process, ms per leaflet over ``--count`` townships: our make path (content → compose →
     render, as ``bench/leaflet.py``) against one ``typst.Compiler`` reused, given each township's content
     through ``sys_inputs``. Both write each PDF with ``write_atomic``.
   Typst is handed its inputs ready: the content as JSON and the codes as SVG files, made before any timing
   from our own content (``Product.content``) and verified matrices; we start from the YAML data.
2. ``collateral check`` (all the bundled data, every layout composed for every unit) against ``collateral
   batch --products leaflet --force`` (the province's 2,586 leaflets rendered): fresh processes, both
   cores, alternated, ``--batch-runs`` each; with ``--filled``, the same on the filled data too
   (``tools/fill_data.py``: every leader named, a quarter of the townships with leaders of their own).

Ratios are ours / Typst and check / leaflets: below 1, ours is faster (check takes less than rendering).
Wall and CPU are both printed; the load average before and after says how busy the machine was (other
work slows wall times; the ratio of two things run side by side moves much less).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from leaflet import collateral_cmd, fresh  # bench/leaflet.py: one way of timing a fresh process

ROOT = Path(__file__).resolve().parent.parent
TYP = Path(__file__).with_name("peer-leaflet.typ")
FONTS = ROOT / "fonts"
COLD_UNIT = "410105002"
DATE = dt.date(2026, 11, 28)


@dataclass
class Figure:
    """One measured thing: median wall and CPU seconds over ``n`` runs (or ms per piece, see ``unit``)."""

    what: str
    wall: float
    cpu: float
    n: int
    unit: str = "s"
    low: float = 0.0
    high: float = 0.0


def figure(what: str, walls: list[float], cpus: list[float], unit: str = "s") -> Figure:
    return Figure(what, statistics.median(walls), statistics.median(cpus), len(walls), unit, min(walls), max(walls))


# ---- the peer's inputs ---------------------------------------------------------------------------


def svg(runs, size: int) -> str:
    """A code's matrix as one vector path, its quiet zone included (as ``web/qrsvg`` draws it)."""
    from collateral.codes.qr import QUIET

    n = size + 2 * QUIET
    d = "".join(f"M{c + QUIET} {r + QUIET}h{k}v1h-{k}z" for r, c, k in runs)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {n} {n}" shape-rendering="crispEdges">'
            f'<rect width="{n}" height="{n}" fill="#fff"/><path fill="#000" d="{d}"/></svg>')


def peer_inputs(job, units, folder: Path) -> dict[str, str]:
    """Each township's content as the JSON ``peer-leaflet.typ`` reads, by unit code; the codes as SVG files.

    Made from ``Product.content``, so both documents print the same strings: place, leaders, the guide
    with the unit's SMS channel, office, date, edition code; QR and Data Matrix from the same verified
    matrices (``collateral.codes.qr.matrix``, ``collateral.compose.editionmark.matrix``).
    """
    from collateral.codes import qr
    from collateral.compose import editionmark

    (folder / "codes").mkdir(exist_ok=True)
    written: dict[str, str] = {}

    def code_file(m) -> str:
        name = written.get(m.payload)
        if name is None:
            name = written[m.payload] = f"codes/{len(written)}.svg"
            (folder / name).write_text(svg(m.runs, m.size))
        return name

    out = {}
    for unit in units:
        content = job.content(unit)
        f = content.fields
        guide = content.guide
        channels = {k: {"label": c.label, "how": c.how, "qr": code_file(qr.matrix(c.qr))}
                    for k, c in content.channels.items() if k in ("wechat", "app")}
        sms = content.channels["sms"]
        mark = editionmark.matrix(editionmark.Mark(unit.code, "leaflet", content.edition))
        out[unit.code] = json.dumps({
            "place": f["place"], "office": f["office"], "date": f["date"], "edition": f["edition"],
            "table_title": f["table_title"], "draft": content.is_draft, "mark": code_file(mark),
            "sms": {"holder": sms.holder, "number": sms.number, "format": sms.format},
            "tables": [{"title": t.title, "rows": [{"role": r.role, "name": r.name, "phone": r.phone} for r in t.rows]}
                       for t in content.tables],
            "guide": {"title": guide.title, "definition": guide.definition,
                      "sections": [{"title": s.title, "intro": s.intro, "note": s.note,
                                    "items": [{"label": i.label, "text": i.text} for i in s.items]}
                                   for s in (guide.section(k) for k in ("channels", "accepted", "rejected"))]},
            **channels,
        }, ensure_ascii=False)
    return out


# ---- 1. a leaflet against Typst --------------------------------------------------------------------


def cold(runs: int, folder: Path, unit_json: str) -> tuple[Figure, Figure, Figure]:
    """A fresh process making one leaflet: ours, Typst's, and a bare interpreter for scale."""
    (folder / "unit.json").write_text(unit_json)
    ours = figure("cold: `collateral leaflet 410105002`",
                  *fresh([*collateral_cmd(), "leaflet", COLD_UNIT, "-o", str(folder / "ours")], runs))
    script = ("import sys, typst; from pathlib import Path; d = Path(sys.argv[1]); "
              "typst.compile(str(d / 'leaflet.typ'), output=str(d / 'typst.pdf'), font_paths=[sys.argv[2]], "
              "ignore_system_fonts=True, sys_inputs={'unit': (d / 'unit.json').read_text()})")
    peer = figure("cold: python -c 'import typst; typst.compile(…)'",
                  *fresh([sys.executable, "-c", script, str(folder), str(FONTS)], runs))
    bare = figure("cold: python -c pass (the interpreter alone)", *fresh([sys.executable, "-c", "pass"], runs))
    return ours, peer, bare


def warm(job, units, inputs: dict[str, str], folder: Path) -> tuple[Figure, Figure, dict]:
    """ms per leaflet in one process, after each side's first piece (which is reported apart)."""
    import typst

    from collateral.files.output import write_atomic
    from collateral.products.make import Output, make

    def per_piece(step) -> tuple[list[float], list[float], float]:
        walls, cpus = [], []
        for unit in units:
            t, c = time.perf_counter(), time.process_time()
            step(unit)
            walls.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - c) * 1000)
        return walls[1:], cpus[1:], walls[0]

    ours_dir, peer_dir = folder / "warm-ours", folder / "warm-typst"
    ours_dir.mkdir()
    peer_dir.mkdir()

    def ours_step(unit) -> None:
        for name, blob in make(job, unit, Output()):
            write_atomic(ours_dir / name, blob)

    t = time.perf_counter()
    compiler = typst.Compiler(str(folder / "leaflet.typ"), font_paths=[str(FONTS)], ignore_system_fonts=True,
                              sys_inputs={"unit": inputs[units[0].code]})
    peer_setup = time.perf_counter() - t

    def peer_step(unit) -> None:
        write_atomic(peer_dir / f"{unit.code}.pdf", compiler.compile(sys_inputs={"unit": inputs[unit.code]}))

    ow, oc, ofirst = per_piece(ours_step)
    pw, pc, pfirst = per_piece(peer_step)
    n = len(units)
    ours = figure(f"warm: ms per leaflet, our make path, {n} townships", ow, oc, "ms")
    peer = figure(f"warm: ms per document, typst.Compiler reused, {n} townships", pw, pc, "ms")
    sizes = {"ours_kb": sum(p.stat().st_size for p in ours_dir.iterdir()) / n / 1024,
             "typst_kb": sum(p.stat().st_size for p in peer_dir.iterdir()) / n / 1024,
             "ours_first_ms": ofirst, "typst_first_ms": pfirst, "typst_compiler_ms": peer_setup * 1000}
    return ours, peer, sizes


# ---- 2. check against the province's leaflets -------------------------------------------------------


def province(runs: int, folder: Path, data: Path | None = None) -> tuple[Figure, Figure]:
    """``collateral check`` and ``batch --products leaflet --force``, alternated so load changes hit both.

    ``data``: another data folder (the filled data), else the bundled data.
    """
    cmd = collateral_cmd()
    runs_of = {"check": ([], []), "batch": ([], [])}
    on = ["--data", str(data)] if data else []
    pack = folder / ("pack-filled" if data else "pack")
    commands = {"check": [*cmd, "check", "-q", *on],
                "batch": [*cmd, "batch", "--products", "leaflet", "--force", "-q", "-o", str(pack), *on]}
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env=env)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if done.returncode:
                sys.exit(f"{' '.join(command[1:3])} failed (exit {done.returncode}): {done.stderr.strip()[-400:]}")
            runs_of[name][0].append(wall)
            runs_of[name][1].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    pdfs = len(list(pack.rglob("*.pdf")))
    what = " (filled data)" if data else ""
    return (figure(f"`collateral check`{what or ' (all data, every layout composed)'}", *runs_of["check"]),
            figure(f"`batch --products leaflet --force`{what} ({pdfs} leaflets)", *runs_of["batch"]))


def filled_data(folder: Path) -> Path:
    """The bundled data with every leader filled in (``tools/fill_data.py``, as the tests' ``filled_data``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("fill_data", ROOT / "tools" / "fill_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from collateral.paths import data_dir

    return module.fill(data_dir(), folder / "filled")


# ---- report -----------------------------------------------------------------------------------------


def row(f: Figure) -> str:
    spread = f" ({f.low:.0f}–{f.high:.0f})" if f.unit == "ms" and f.n > 1 else (
        f" ({f.low * 1000:.0f}–{f.high * 1000:.0f})" if f.wall < 2 and f.n > 1 else
        f" ({f.low:.1f}–{f.high:.1f})" if f.n > 1 else "")
    if f.unit == "ms":
        wall, cpu = f"{f.wall:.1f} ms", f"{f.cpu:.1f} ms"
    elif f.wall < 2:
        wall, cpu = f"{f.wall * 1000:.0f} ms", f"{f.cpu * 1000:.0f} ms"
    else:
        wall, cpu = f"{f.wall:.1f} s", f"{f.cpu:.1f} s"
    return f"  {f.what:<62} {wall + spread:>22} {cpu:>10}  n={f.n}"


def ratio(label: str, a: Figure, b: Figure) -> tuple[str, dict]:
    w, c = a.wall / b.wall, a.cpu / b.cpu
    return f"  {label:<62} {w:>15.2f} wall {c:>6.2f} CPU", {"what": label, "wall": round(w, 3), "cpu": round(c, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer runs: 5 cold, 50 townships, 1 province run each")
    ap.add_argument("--runs", type=int, default=None, help="cold runs per side (default 9; --quick 5)")
    ap.add_argument("--count", type=int, default=None, help="townships in the warm loop (default 200; --quick 50)")
    ap.add_argument("--batch-runs", type=int, default=None, help="check and batch runs each (default 2; --quick 1)")
    ap.add_argument("--skip-province", action="store_true", help="only the leaflet against Typst")
    ap.add_argument("--filled", action="store_true", help="part 2 on the filled data (tools/fill_data.py) too")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures and ratios to this file")
    args = ap.parse_args()
    runs = args.runs or (5 if args.quick else 9)
    count = args.count or (50 if args.quick else 200)
    batch_runs = args.batch_runs or (1 if args.quick else 2)
    try:
        import typst
    except ImportError:
        sys.exit("the `typst` module is missing: pip install -c constraints.txt -e '.[bench]'")

    load_before = os.getloadavg()
    from collateral.paths import data_dir
    from collateral.products.product import Product

    job = Product.open(data_dir(), "leaflet-a4", DATE)
    job.dataset.load_all()
    townships = [u for u in job.dataset.units() if u.level == 3]
    units = townships[:count]
    job.validate(units)
    figures: list[Figure] = []
    lines: list[str] = []
    ratios: list[dict] = []
    extra: dict = {}
    with tempfile.TemporaryDirectory(prefix="collateral-peers-") as tmp:
        folder = Path(tmp)
        (folder / "leaflet.typ").write_text(TYP.read_text())
        cold_unit = next(u for u in townships if u.code == COLD_UNIT)
        inputs = peer_inputs(job, [cold_unit, *units], folder)
        # the warm loop starts where bench/leaflet.py does: nothing of these units composed, no mark encoded
        job._recent = None
        from collateral.compose import editionmark
        editionmark.matrix.cache_clear()

        c_ours, c_peer, c_bare = cold(runs, folder, inputs[COLD_UNIT])
        w_ours, w_peer, extra = warm(job, units, inputs, folder)
        figures += [c_ours, c_peer, c_bare, w_ours, w_peer]
        pairs = [("cold leaflet, ours / Typst", c_ours, c_peer), ("warm leaflet, ours / Typst", w_ours, w_peer)]
        if not args.skip_province:
            check, batch = province(batch_runs, folder)
            figures += [check, batch]
            pairs.append(("check / the province's leaflets", check, batch))
            if args.filled:
                check, batch = province(batch_runs, folder, filled_data(folder))
                figures += [check, batch]
                pairs.append(("check / the province's leaflets, filled data", check, batch))
    load_after = os.getloadavg()

    print(f"peers, {dt.datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores, Typst {typst_version()}, "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(f"  {'':<62} {'wall (median, range)':>22} {'CPU':>10}")
    for f in figures:
        print(row(f))
    print(f"  first piece in the process: ours {extra['ours_first_ms']:.0f} ms, Typst {extra['typst_first_ms']:.0f} ms "
          f"(+{extra['typst_compiler_ms']:.0f} ms making the Compiler); mean PDF size: ours "
          f"{extra['ours_kb']:.0f} KB, Typst {extra['typst_kb']:.0f} KB")
    print("ratios (below 1: the first is faster)")
    for label, a, b in pairs:
        text, entry = ratio(label, a, b)
        print(text)
        ratios.append(entry)
    if args.json:
        args.json.write_text(json.dumps({
            "when": dt.datetime.now().isoformat(timespec="seconds"), "cores": os.cpu_count(),
            "typst": typst_version(), "load_before": load_before, "load_after": load_after,
            "figures": [asdict(f) for f in figures], "ratios": ratios, "extra": extra,
        }, indent=2, ensure_ascii=False) + "\n")
        print(f"figures written to {args.json}")


def typst_version() -> str:
    """The Typst compiler's version inside the wheel (the wheel's own version can differ)."""
    import typst

    return typst.Compiler(b"").eval("sys.version").strip('"').removeprefix("version(").rstrip(")").replace(", ", ".")


if __name__ == "__main__":
    main()
