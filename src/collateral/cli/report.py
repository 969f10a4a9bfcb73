"""The campaign's checking commands (photos, report, webcheck, bulletin), registered on the ``collateral`` app.

Thin wrappers: each parses its options, calls one module and says what it
wrote. Errors are raised as :class:`CollateralError` and turned into a
message and exit code by ``cli.main``, like every other command.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from collateral.errors import CollateralError
from collateral.i18n import N_, _


def _say(message: str) -> None:
    typer.echo(message, err=True)


def photos(
    folder: Annotated[Path, typer.Argument(help=N_("Folder of photos (JPEG, PNG, HEIC), searched with its sub-folders."))],
    pack: Annotated[Path, typer.Option("--pack", help=N_("The pack made by `collateral batch` (its manifest.json)."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Folder for photos.csv, photos.html and thumbnails."))]
    = Path("photos"),
) -> None:
    """图像核对: match photos of boards, leaflets and screens to the pack by their edition marks."""
    from collateral.campaign import photos as ph
    from collateral.files.output import check_dir

    check_dir(out)
    started = time.perf_counter()
    known = ph.load_pack(pack)
    thumbs: dict[str, bytes] = {}
    rows = ph.match(folder, known, thumbs, skip=out)
    ph.write(out, rows, thumbs)
    counts = {s: sum(r.status == s for r in rows) for s in ("current", "outdated", "unmatched")}
    _say(_("{photos} photo(s): {current} current, {outdated} outdated, {unmatched} unmatched in {seconds:.1f} s → "
           "{file}").format(photos=len({r.file for r in rows}), **counts, seconds=time.perf_counter() - started,
                            file=out / "photos.csv"))


def _when(value: str | None) -> dt.datetime:
    """--date: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default: now, to the minute)."""
    if not value:
        return dt.datetime.now().replace(second=0, microsecond=0)
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise CollateralError(_("--date {value!r} is not a date like 2027-02-01 or 2027-02-01T17:30").format(
            value=value)) from None


def report(
    city: Annotated[str, typer.Argument(help=N_("The city (省辖市): code or name, e.g. 郑州市 or 410100."))],
    month: Annotated[str, typer.Option("--month", help=N_("The month the report is due in, YYYY-MM (January: the "
                                                       "first report, due 16 Jan 17:00; later: the 1st, 18:00)."))],
    pack: Annotated[Path, typer.Option("--pack", help=N_("The pack made by `collateral batch`."))],
    photos_dir: Annotated[Optional[Path], typer.Option("--photos",
                                                       help=N_("The output folder of `collateral photos`."))]
    = None,
    web_dir: Annotated[Optional[Path], typer.Option("--webcheck",
                                                    help=N_("The output folder of `collateral webcheck`."))]
    = None,
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Folder for the .docx, the PDF and report.json."))]
    = Path("report"),
    date: Annotated[Optional[str], typer.Option("--date", help=N_("When the report is made (and sent): YYYY-MM-DD or "
                                                              "YYYY-MM-DDTHH:MM; default now."))] = None,
    data: Annotated[Optional[Path], typer.Option("--data", help=N_("Data directory (default: the bundled data)."))]
    = None,
) -> None:
    """宣传情况报告: the city's monthly report on its publicity, as .docx and PDF."""
    from collateral.data.dataset import Dataset
    from collateral.files.output import check_dir
    from collateral.paths import data_dir
    from collateral.campaign.report import make_report

    check_dir(out)
    made = make_report(Dataset(data or data_dir()), city, month, pack, out, _when(date), photos_dir, web_dir)
    fig = made.figures
    late = "" if fig.on_time else _(" (after the deadline)")
    _say(_("{city} {month}: {pieces} piece(s) of {units} unit(s), coverage {coverage:.1f}%{late} → {docx}, "
           "{pdf}").format(city=fig.city_name, month=fig.month, pieces=len(fig.pieces), units=fig.unit_count,
                           coverage=fig.coverage * 100, late=late, docx=made.docx, pdf=made.pdf.name))


def webcheck(
    page: Annotated[str,
                    typer.Argument(help=N_("The page to check: a URL, or an HTML file (or a kit folder) on disk."))],
    target: Annotated[str, typer.Option("--target",
                                        help=N_("The unit whose kit should be on the page (code or name)."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Folder for webcheck.json and the screenshots."))]
    = Path("webcheck"),
    limit: Annotated[float, typer.Option("--limit", min=1.0, max=600.0,
                                         help=N_("Seconds the page may take to load; then it is checked as far as it "
                                                 "came, and nothing on it passes."))] = 30.0,
    data: Annotated[Optional[Path], typer.Option("--data", help=N_("Data directory (default: the bundled data)."))]
    = None,
) -> None:
    """网上查阅: check a web page for 附件一's items with the current values (headless Chromium).

    Exit 0: every item PASS, or some WARN (样稿, 待公布, slow page) and none FAIL; 1: some item FAIL.
    webcheck.json is written in every case.
    """
    import json
    import tempfile

    from collateral.campaign import webcheck as wc
    from collateral.data.dataset import Dataset
    from collateral.files.output import check_dir, write_atomic
    from collateral.paths import data_dir

    check_dir(out)
    dataset = Dataset(data or data_dir())
    unit = dataset.find(target)
    expected = wc.expected(dataset, unit)
    url = wc.as_url(page)
    with tempfile.TemporaryDirectory(prefix="collateral-chromium-") as profile:
        driver = wc.browser(Path(profile))
        try:
            items, shots, loaded = wc.check_page(driver, url, expected, limit)
        finally:
            driver.quit()
    for name, png in shots.items():
        write_atomic(out / name, png)
    doc = wc.report_doc(url, unit, items, loaded)
    write_atomic(out / "webcheck.json", (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())
    answer = ", ".join(str(x) for x in (loaded.get("status"), loaded.get("content_type")) if x)
    if loaded.get("redirects"):
        answer += _(", redirected to {url}").format(url=loaded.get("final_url"))
    for i in items:
        head = {"PASS": "ok  ", "WARN": "WARN", "FAIL": "FAIL"}[i.status]
        _say(f"{head} {i.item}: {i.title}" + ("" if i.ok else _(
            ": expected {expected}; found {found}").format(expected=i.expected, found=i.found)))
    counts = doc["counts"]
    _say(_("{passed} of {total} item(s) pass, {warned} warn, {failed} fail on {url}").format(
        passed=counts["PASS"], total=len(items), warned=counts["WARN"], failed=counts["FAIL"], url=url)
         + (f" ({answer})" if answer else "") + f" → {out / 'webcheck.json'}")
    if counts["FAIL"]:
        raise typer.Exit(1)


def bulletin(
    reports: Annotated[Path, typer.Option("--reports", help=N_("Folder holding the cities' report folders "
                                                            "(each with the report.json `collateral report` writes)."))],
    out: Annotated[Path, typer.Option("-o", "--out", help=N_("Folder for the bulletin's .docx, PDF and .xlsx."))]
    = Path("bulletin"),
    month: Annotated[Optional[str], typer.Option("--month", help=N_("YYYY-MM (default: the latest month reported)."))]
    = None,
    date: Annotated[Optional[str], typer.Option("--date", help=N_("The bulletin's date, YYYY-MM-DD (default: today)."))]
    = None,
    data: Annotated[Optional[Path], typer.Option("--data", help=N_("Data directory (default: the bundled data)."))]
    = None,
) -> None:
    """全省通报: the 18 cities ranked on their monthly reports, as .docx, PDF and .xlsx."""
    from collateral.campaign import bulletin as bl
    from collateral.data.dataset import Dataset
    from collateral.files.output import check_dir, write_atomic
    from collateral.paths import data_dir
    from collateral.campaign.reportdocx import write_docx
    from collateral.campaign.reportpdf import write_pdf

    check_dir(out)
    day = _when(date).date()
    found_month, found = bl.load_reports(reports, month)
    ranked = bl.results(Dataset(data or data_dir()), found)
    blocks = bl.blocks(found_month, ranked, day)
    title = f"{found_month} 全省手机信访宣传工作检查情况的通报"
    stamp = _when(day.isoformat())
    files = {"docx": write_docx(blocks, title, bl.ISSUER, stamp), "pdf": write_pdf(blocks, title, bl.ISSUER, stamp),
             "xlsx": bl.workbook(found_month, ranked, day)}
    written = [write_atomic(out / f"全省通报-{found_month}.{ext}", blob) for ext, blob in files.items()]
    _say(_("{month}: {reported} of {cities} cities reported; first {first} → {files}").format(
        month=found_month, reported=len(found), cities=len(ranked), first=ranked[0].name,
        files=", ".join(str(p) for p in written)))


def register(app: typer.Typer) -> None:
    """Add the commands to the app (called once by ``collateral.cli.app``)."""
    app.command()(photos)
    app.command()(report)
    app.command()(webcheck)
    app.command()(bulletin)
