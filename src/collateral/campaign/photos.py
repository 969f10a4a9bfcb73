"""Image comparison (图像核对): inspectors' photos matched to a pack's manifest by their edition marks.

In: a folder of JPEG and PNG photos (boards on walls, leaflets on desks,
screens) and a pack made by ``collateral batch`` (its ``manifest.json``).
Out: one row per edition mark found (or per photo without one) with the
unit, product, edition and a status: ``current`` (the pack's edition of that
unit and product), ``outdated`` (the same unit and product, another
edition: a piece made from older data is still up) or ``unmatched`` (no
mark could be read, or the mark names a piece the pack does not have).
``photos.csv`` and ``photos.html`` (a contact sheet with captions) are
written by :func:`write`.

Photos are examined in parallel (one process per core) and read at a reduced size first (JPEG's DCT scaling makes this
cheap) and at full size only when nothing was found: a folder of 200
phone photos takes seconds. A file that cannot be read is listed, never
fatal. EXIF orientation is honoured, so a photo saved on its side shows
upright on the contact sheet.
"""

from __future__ import annotations

import csv
import html
import io
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from collateral.compose.editionmark import decode, parse
from collateral.errors import DataError, Problem
from collateral.files.output import write_atomic
from collateral.i18n import _

SUFFIXES = {".jpg", ".jpeg", ".png"}
FIRST_SIDE = 2000  # px: the long side of the first, cheap attempt; a board at 1.6 px/mm still has ≥ 3 px modules
THUMB = 320  # px: the long side of a contact-sheet thumbnail
COLUMNS = ("file", "unit", "product", "edition", "status", "name_path", "note", "thumb")


@dataclass(frozen=True)
class Pack:
    """What a pack holds, by unit and product: the current edition and the unit's name path."""

    editions: dict[tuple[str, str], str]
    names: dict[str, str]

    def status(self, unit: str, product: str, edition: str) -> str:
        current = self.editions.get((unit, product))
        if current is None:
            return "unmatched"
        return "current" if current == edition else "outdated"


def load_pack(pack: Path) -> Pack:
    """The manifest of a pack folder.

    Raises:
        DataError: no readable ``manifest.json`` in ``pack``.
    """
    path = pack / "manifest.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        files = doc["files"]
        editions = {(f["unit"], f["product"]): f["edition"] for f in files}
        names = {f["unit"]: f.get("name_path", "") for f in files}
    except FileNotFoundError as err:
        raise DataError(Problem(_("no manifest.json: not a pack made by `collateral batch`"), file=str(path))) from err
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise DataError(Problem(_("cannot read the pack's manifest: {err}").format(err=err), file=str(path))) from err
    return Pack(editions, names)


@dataclass(frozen=True)
class Row:
    """One mark found in a photo, or a photo with none (unit, product, edition empty)."""

    file: str
    unit: str
    product: str
    edition: str
    status: str
    name_path: str = ""
    note: str = ""
    thumb: str = ""


def _open(path: Path, side: int | None, mode: str = "L") -> Image.Image:
    """The photo upright (EXIF orientation applied), in ``mode``, its long side about ``side`` px (None: full size)."""
    with Image.open(path) as img:
        if side and img.format == "JPEG" and max(img.size) > side:
            k = side / max(img.size)  # DCT scaling: decodes at 1/2, 1/4 or 1/8 size, much faster
            img.draft(mode, (round(img.width * k), round(img.height * k)))
        img.load()
        upright = ImageOps.exif_transpose(img).convert(mode)
    if side and max(upright.size) > side * 1.5:
        upright.thumbnail((side, side), Image.Resampling.BILINEAR)
    return upright


def marks_in(path: Path) -> list[str]:
    """Payloads of the Data Matrix codes in a photo: read at a reduced size first, at full size if none is found."""
    img = _open(path, FIRST_SIDE)
    found = decode(img)
    if not found:
        full = _open(path, None)
        if full.size != img.size:
            found = decode(full)
    return found


def _thumb(path: Path) -> bytes:
    """A small colour JPEG of the photo, upright, for the contact sheet and the report (~10 ms: DCT scaling)."""
    small = _open(path, THUMB, "RGB")
    small.thumbnail((THUMB, THUMB), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def photo_files(folder: Path, skip: Path | None = None) -> list[Path]:
    """The photos in a folder and below it, in name order (hidden files and the folder ``skip`` left out)."""
    if not folder.is_dir():
        raise DataError(Problem(_("not a folder of photos"), file=str(folder)))
    skip = skip.resolve() if skip is not None else None
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and (skip is None or not p.resolve().is_relative_to(skip)))


def _examine(path: Path) -> tuple[list[str], bytes] | str:
    """A photo's mark payloads and thumbnail, or why it cannot be read (run in a worker)."""
    try:
        return marks_in(path), _thumb(path)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError) as err:
        return _("cannot read the image: {err}").format(err=err)


def _examine_all(paths: list[Path], jobs: int) -> list[tuple[list[str], bytes] | str]:
    """Every photo examined, in order; forked over ``jobs`` processes when there are enough photos."""
    if jobs <= 1 or len(paths) < 8:
        return [_examine(p) for p in paths]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_examine, paths, chunksize=4))


def match(folder: Path, pack: Pack, thumbs: dict[str, bytes] | None = None, jobs: int = 0,
          skip: Path | None = None) -> list[Row]:
    """Every photo of ``folder`` matched to ``pack``; ``thumbs`` (if given) receives a thumbnail per file.

    ``jobs``: worker processes (0: one per core). ``skip``: a folder left out (the output's own
    thumbnails, when it lies inside ``folder``).
    """
    paths = photo_files(folder, skip)
    rows: list[Row] = []
    for n, (path, seen) in enumerate(zip(paths, _examine_all(paths, jobs or os.cpu_count() or 1)), 1):
        rel = path.relative_to(folder).as_posix()
        thumb = f"thumbs/{n:04d}.jpg"
        if isinstance(seen, str):
            rows.append(Row(rel, "", "", "", "unmatched", note=seen))
            continue
        payloads, small = seen
        if thumbs is not None:
            thumbs[thumb] = small
        marks = [m for m in dict.fromkeys(map(parse, payloads)) if m is not None]
        if not marks:
            rows.append(Row(rel, "", "", "", "unmatched", note=_("no edition mark found"), thumb=thumb))
        for m in marks:
            status = pack.status(m.unit, m.product, m.edition)
            note = "" if status != "unmatched" else _("the pack has no such unit and product")
            rows.append(Row(rel, m.unit, m.product, m.edition, status, pack.names.get(m.unit, ""), note, thumb))
    return rows


_STATUS_ZH = {"current": "现行版", "outdated": "旧版", "unmatched": "未匹配"}


def contact_sheet(rows: list[Row]) -> str:
    """``photos.html``: a thumbnail per photo with its file name, unit, product, edition and status."""
    cells = []
    for r in rows:
        img = f'<img src="{html.escape(r.thumb)}" alt="">' if r.thumb else '<div class="none">无法读取</div>'
        who = f"{html.escape(r.name_path or r.unit)}<br>{html.escape(r.product)} {html.escape(r.edition)}" \
            if r.unit else html.escape(r.note)
        cells.append(f'<figure class="{r.status}">{img}<figcaption><b>{html.escape(r.file)}</b><br>{who}<br>'
                     f'<span class="status">{_STATUS_ZH[r.status]} ({r.status})</span></figcaption></figure>')
    counts = {s: sum(r.status == s for r in rows) for s in _STATUS_ZH}
    summary = "，".join(f"{_STATUS_ZH[s]} {n}" for s, n in counts.items())
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图像核对</title>
<style>
body {{ font-family: "Noto Sans SC", sans-serif; margin: 1.5em; }}
.sheet {{ display: flex; flex-wrap: wrap; gap: 12px; }}
figure {{ width: 240px; margin: 0; border: 3px solid #999; padding: 6px; }}
figure img {{ max-width: 100%; max-height: 240px; display: block; margin: auto; }}
figcaption {{ font-size: 13px; word-break: break-all; }}
.current {{ border-color: #2a7a2a; }} .outdated {{ border-color: #c0392b; }} .unmatched {{ border-color: #999; }}
.status {{ font-weight: bold; }}
</style></head><body>
<h1>图像核对</h1><p>{len(rows)} 条：{summary}</p>
<div class="sheet">
{chr(10).join(cells)}
</div></body></html>
"""


def write(out: Path, rows: list[Row], thumbs: dict[str, bytes]) -> list[Path]:
    """``photos.csv``, ``photos.html`` and the thumbnails they show, each written whole."""
    written = [write_atomic(out / name, blob) for name, blob in sorted(thumbs.items())]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([getattr(r, c) for c in COLUMNS])
    written.append(write_atomic(out / "photos.csv", buf.getvalue().encode("utf-8-sig")))
    written.append(write_atomic(out / "photos.html", contact_sheet(rows).encode()))
    return written


def read_rows(out: Path) -> list[Row]:
    """The rows a ``photos`` run wrote to ``out`` (for the monthly report).

    Raises:
        DataError: ``out/photos.csv`` is missing or not one of ours.
    """
    path = out / "photos.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [Row(**{c: rec.get(c) or "" for c in COLUMNS}) for rec in csv.DictReader(f)]
    except OSError as err:
        raise DataError(Problem(_("cannot read the photo results: {value}").format(value=err.strerror or err),
                                file=str(path))) from err
