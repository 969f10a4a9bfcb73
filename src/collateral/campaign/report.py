"""A city's monthly publicity report (宣传情况报告): .docx, PDF, and the figures as JSON for the bulletin.

In: the city, the month, the pack (and optionally the ``photos`` and
``webcheck`` results). Out, in one folder: ``<code>-<city>-<month>-宣传情况报告.docx``
and ``.pdf`` with the same content (see :mod:`collateral.campaign.reportmodel`),
and ``report.json``, the figures the province's bulletin ranks
(:mod:`collateral.campaign.bulletin`). Every file is made before the first is
written, and each is written whole.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from collateral.data.dataset import Dataset
from collateral.files.output import safe_name, write_atomic
from collateral.campaign.reportdata import LEVELS, Figures, deadline_text, gather
from collateral.campaign.reportdocx import write_docx
from collateral.campaign.reportmodel import build
from collateral.campaign.reportpdf import write_pdf

SUMMARY = "report.json"


@dataclass(frozen=True)
class Made:
    docx: Path
    pdf: Path
    summary: Path
    figures: Figures


def summary(fig: Figures) -> dict:
    """What the bulletin needs of a report: plain numbers and texts, no paths."""
    return {
        "city": fig.city,
        "city_name": fig.city_name,
        "month": fig.month,
        "submitted": fig.submitted.isoformat(timespec="minutes"),
        "deadline": fig.deadline.isoformat(timespec="minutes"),
        "deadline_text": deadline_text(fig),
        "on_time": fig.on_time,
        "units": fig.unit_count,
        "units_by_level": {lv: len(fig.units[lv]) for lv in LEVELS},
        "pieces": len(fig.pieces),
        "pieces_by_product": {p: fig.count(product=p) for p in fig.products},
        "confirmed": len(fig.confirmed),
        "coverage": round(fig.coverage, 4),
        "photos": len({r.file for r in fig.photos}),
        "outdated": len(fig.outdated),
        "web_checked": len(fig.web),
        "web_failed": [w.title for w in fig.web_failures],
        "gaps": len(fig.gaps),
    }


def make_report(dataset: Dataset, city: str, month: str, pack: Path, out: Path, submitted: dt.datetime,
                photos_dir: Path | None = None, web_dir: Path | None = None) -> Made:
    """Gather the figures, lay out both documents, then write them and the summary."""
    fig = gather(dataset, city, month, pack, submitted, photos_dir, web_dir)
    date_text = f"{submitted.year}年{submitted.month}月{submitted.day}日"
    blocks = build(fig, date_text)
    title = f"{fig.city_name}手机信访宣传情况报告（{fig.month}）"
    docx = write_docx(blocks, title, fig.office, submitted)
    pdf = write_pdf(blocks, title, fig.office, submitted)
    stem = f"{fig.city}-{safe_name(fig.city_name)}-{fig.month}-宣传情况报告"
    doc = (json.dumps(summary(fig), ensure_ascii=False, indent=1) + "\n").encode()
    return Made(write_atomic(out / f"{stem}.docx", docx), write_atomic(out / f"{stem}.pdf", pdf),
                write_atomic(out / SUMMARY, doc), fig)
