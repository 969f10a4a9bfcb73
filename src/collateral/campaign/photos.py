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

Evidence (the ``evidence`` column) says what was read: ``mark`` (the Data
Matrix, found anywhere in the photo at any angle: see
:mod:`collateral.campaign.photofind`; its corners are the ``mark_box``
column and outlined on the thumbnail), ``mark pattern`` (a mark too blurred
to decode, recognised among the pack's own marks by its pattern, standing
out from all others and from decoy editions: :mod:`collateral.campaign.photomatch`;
an older edition never matches the current one this way), ``edition text`` (no mark decoded,
but OCR read the ``编号`` line, whose edition code names one piece of the
pack; ``+name`` when the unit's printed name agrees) or ``name`` (only the
unit's name was read: the row names the unit but stays ``unmatched``, as a
name says nothing of the edition). The text is read only with the optional
``ocr`` extra (:mod:`collateral.campaign.photoread`).

Photos are examined in parallel (one process per core). A file that cannot
be read is one row with its reason, never fatal. EXIF orientation is
honoured and HEIC/HEIF photos from iPhones are read.
"""

from __future__ import annotations

import csv
import functools
import html
import io
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, UnidentifiedImageError

from collateral.campaign import photomatch, photoread
from collateral.campaign.photofind import SUFFIXES, Found, find_marks, open_photo
from collateral.compose.editionmark import Mark, parse
from collateral.errors import DataError, Problem
from collateral.files.output import write_atomic
from collateral.i18n import _

THUMB = 480  # px: the long side of a contact-sheet thumbnail
COLUMNS = ("file", "unit", "product", "edition", "status", "evidence", "name_path", "note", "thumb", "mark_box")
OUTLINE = (0, 200, 60)  # the found mark's outline on a thumbnail


@dataclass(frozen=True)
class Pack:
    """What a pack holds, by unit and product: the current edition and the unit's name path."""

    editions: dict[tuple[str, str], str]
    names: dict[str, str]

    def by_edition(self, edition: str) -> list[tuple[str, str]]:
        """The (unit, product) pieces whose current edition is ``edition``."""
        return [key for key, e in self.editions.items() if e == edition]

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
    evidence: str = ""
    name_path: str = ""
    note: str = ""
    thumb: str = ""
    mark_box: str = ""


def _thumb(photo: Image.Image, found: list[Found]) -> bytes:
    """A small colour JPEG of the upright photo with each found mark outlined, for the contact sheet and the report."""
    small = photo.copy()
    small.thumbnail((THUMB, THUMB), Image.Resampling.BILINEAR)
    k = small.width / photo.width
    draw = ImageDraw.Draw(small)
    for f in found:
        pts = [(x * k, y * k) for x, y in f.quad]
        draw.line(pts + pts[:1], fill=OUTLINE, width=3)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _ours(text: str) -> bool:
    return parse(text) is not None


def photo_files(folder: Path, skip: Path | None = None) -> list[Path]:
    """The photos in a folder and below it, in name order (hidden files and the folder ``skip`` left out)."""
    if not folder.is_dir():
        raise DataError(Problem(_("not a folder of photos"), file=str(folder)))
    skip = skip.resolve() if skip is not None else None
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and (skip is None or not p.resolve().is_relative_to(skip)))


@dataclass(frozen=True)
class Seen:
    """What was read in one photo: its marks (with corners), the OCR's lines when no mark was, and a thumbnail."""

    marks: list[Found]
    texts: list[str]
    thumb: bytes
    pattern: photomatch.PatternMatch | None = None  # a mark too blurred to decode, recognised among the pack's


def _examine(path: Path, payloads: tuple[str, ...] = ()) -> Seen | str:
    """What a photo shows, or why it cannot be read (run in a worker): one line, never a traceback.

    ``payloads``: the pack's current marks, among which a mark too blurred to decode is recognised.
    """
    try:
        photo = open_photo(path)
        found = find_marks(photo, _ours)
        pattern = photomatch.recognise(photo.convert("L"), payloads) if not found and payloads else None
        texts = photoread.lines(photo) if not found and pattern is None else []
        return Seen(found, texts, _thumb(photo, found or ([pattern.found] if pattern else [])), pattern)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return _("cannot read the image: {err}").format(err=reason)


def _examine_all(paths: list[Path], jobs: int, payloads: tuple[str, ...] = ()) -> list[Seen | str]:
    """Every photo examined, in order; forked over ``jobs`` processes when there are enough photos."""
    examine = functools.partial(_examine, payloads=payloads)
    if jobs <= 1 or len(paths) < 8:
        return [examine(p) for p in paths]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(examine, paths, chunksize=4))


def match(folder: Path, pack: Pack, thumbs: dict[str, bytes] | None = None, jobs: int = 0,
          skip: Path | None = None) -> list[Row]:
    """Every photo of ``folder`` matched to ``pack``; ``thumbs`` (if given) receives a thumbnail per file.

    ``jobs``: worker processes (0: one per core). ``skip``: a folder left out (the output's own
    thumbnails, when it lies inside ``folder``).
    """
    paths = photo_files(folder, skip)
    rows: list[Row] = []
    payloads = tuple(sorted(Mark(u, p, e).payload for (u, p), e in pack.editions.items()))
    for n, (path, seen) in enumerate(zip(paths, _examine_all(paths, jobs or os.cpu_count() or 1, payloads)), 1):
        rel = path.relative_to(folder).as_posix()
        thumb = f"thumbs/{n:04d}.jpg"
        if isinstance(seen, str):
            rows.append(Row(rel, "", "", "", "unmatched", note=seen))
            continue
        if thumbs is not None:
            thumbs[thumb] = seen.thumb
        rows += _rows_of(rel, seen, pack, thumb)
    return rows


def _rows_of(rel: str, seen: Seen, pack: Pack, thumb: str) -> list[Row]:
    """The rows of one photo: a row per mark; without one, what the printed text proves (see the module's doc)."""
    rows = []
    for f in seen.marks:
        m = parse(f.payload)
        assert m is not None  # find_marks kept only ours
        status = pack.status(m.unit, m.product, m.edition)
        note = "" if status != "unmatched" else _("the pack has no such unit and product")
        rows.append(Row(rel, m.unit, m.product, m.edition, status, "mark", pack.names.get(m.unit, ""), note, thumb,
                        f.box()))
    if rows:
        return rows
    if seen.pattern is not None:
        m = parse(seen.pattern.found.payload)
        assert m is not None  # one of the pack's own marks
        return [Row(rel, m.unit, m.product, m.edition, pack.status(m.unit, m.product, m.edition), "mark pattern",
                    pack.names.get(m.unit, ""),
                    _("edition mark too blurred to decode, recognised by its pattern among the pack's marks "
                      "(correlation {score}, {lead} ahead of the next)").format(score=seen.pattern.score,
                                                                               lead=seen.pattern.lead),
                    thumb, seen.pattern.found.box())]
    named = photoread.name_of(seen.texts, pack.names)
    for edition in photoread.editions(seen.texts):
        pieces = pack.by_edition(edition)
        if len(pieces) == 1 and (named is None or named == pieces[0][0]):
            unit, product = pieces[0]
            evidence = "edition text+name" if named else "edition text"
            rows.append(Row(rel, unit, product, edition, "current", evidence, pack.names.get(unit, ""),
                            _("no edition mark read; the printed edition code names this piece"), thumb))
    if rows:
        return rows
    if named is not None:
        return [Row(rel, named, "", "", "unmatched", "name", pack.names.get(named, ""),
                    _("no edition mark read; only the unit's name: the edition is not known"), thumb)]
    return [Row(rel, "", "", "", "unmatched", note=_("no edition mark found"), thumb=thumb)]


_STATUS_ZH = {"current": "现行版", "outdated": "旧版", "unmatched": "未匹配"}
_EVIDENCE_ZH = {"mark": "版次码", "mark pattern": "版次码图案", "edition text": "编号文字", "edition text+name": "编号文字＋名称", "name": "仅名称"}


def contact_sheet(rows: list[Row]) -> str:
    """``photos.html``: a thumbnail per photo with its file name, unit, product, edition and status."""
    cells = []
    for r in rows:
        img = f'<img src="{html.escape(r.thumb)}" alt="">' if r.thumb else '<div class="none">无法读取</div>'
        who = f"{html.escape(r.name_path or r.unit)}<br>{html.escape(r.product)} {html.escape(r.edition)}" \
            if r.unit else html.escape(r.note)
        if r.evidence:
            who += f'<br><span class="evidence">依据：{_EVIDENCE_ZH.get(r.evidence, "")} ({html.escape(r.evidence)})</span>'
            who += f"<br>{html.escape(r.note)}" if r.note and r.unit else ""
        cells.append(f'<figure class="{r.status}">{img}<figcaption><b>{html.escape(r.file)}</b><br>{who}<br>'
                     f'<span class="status">{_STATUS_ZH[r.status]} ({r.status})</span></figcaption></figure>')
    counts = {s: sum(r.status == s for r in rows) for s in _STATUS_ZH}
    summary = "，".join(f"{_STATUS_ZH[s]} {n}" for s, n in counts.items())
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图像核对</title>
<style>
body {{ font-family: "Noto Sans SC", sans-serif; margin: 1.5em; }}
.sheet {{ display: flex; flex-wrap: wrap; gap: 12px; }}
figure {{ width: 320px; margin: 0; border: 3px solid #999; padding: 6px; }}
figure img {{ max-width: 100%; max-height: 320px; display: block; margin: auto; }}
figcaption {{ font-size: 13px; word-break: break-all; }}
.current {{ border-color: #2a7a2a; }} .outdated {{ border-color: #c0392b; }} .unmatched {{ border-color: #999; }}
.status {{ font-weight: bold; }} .evidence {{ color: #555; }}
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
