"""One product for one or many jurisdictions: data → content → layout → render → file.

A :class:`Job` holds what is the same for every piece of a run (dataset,
guide, fonts, layout, date), so a county's or the province's leaflets share
the guide's set paragraphs, QR matrices and parsed fonts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from collateral import check
from collateral.content import build
from collateral.dataset import Dataset
from collateral.errors import DataError, Problem
from collateral.fonts import FontSet, load_fonts
from collateral.guide import Guide, load_guide
from collateral.layout import compose, static_characters
from collateral.layoutspec import LayoutSpec, load_layout
from collateral.model import Level, Unit
from collateral.output import safe_name, write_atomic
from collateral.prepress import sheet
from collateral.render import Meta, render_pdf
from collateral.resolve import leader_tables, resolve


@dataclass
class Job:
    dataset: Dataset
    guide: Guide
    fonts: FontSet
    spec: LayoutSpec
    date: dt.date
    marks: bool = False
    warnings: list[Problem] = field(default_factory=list)
    seed: dict[str, str] = field(default_factory=dict)  # characters every piece draws, see render

    @classmethod
    def open(cls, data_dir: Path, layout: str, date: dt.date, marks: bool = False) -> "Job":
        dataset = Dataset(data_dir)
        guide_path = data_dir / "guide.yaml"
        guide = load_guide(guide_path, dataset.label(guide_path), within=data_dir)
        fonts = load_fonts()
        problems = check.guide_glyph_problems(guide, fonts, dataset.label(guide_path))
        if problems:
            raise DataError(problems)
        spec = load_layout(layout)
        # The guide as every unit without its own SMS number prints it.
        seed = static_characters(spec, guide.for_sms(None), fonts)
        return cls(dataset, guide, fonts, spec, date, marks, seed=seed)

    def targets(self, unit: Unit) -> list[Unit]:
        """Leaflets are made per township; a county, city or the province means all of theirs."""
        return self.dataset.townships_under(unit) if unit.level != Level.TOWNSHIP else [unit]

    def validate(self, units: list[Unit]) -> None:
        """Refuse bad data before any file is written; keep the warnings for the report."""
        in_use = {u.code: u for t in units for u in self.dataset.ancestry(t)}
        printed = {t.unit.code: t.unit for u in units for t in leader_tables(self.dataset, u)}
        problems = check.check_units(self.dataset, in_use.values(), self.fonts, printed.values())
        errors = check.errors(problems)
        if errors:
            raise DataError(errors)
        self.warnings = check.warnings(problems)

    def piece(self, unit: Unit) -> bytes:
        content = build(resolve(self.dataset, unit), self.guide, self.date)
        pages = compose(self.spec, content, self.fonts)
        meta = Meta(
            title=f"{self.spec.title} — {content.resolved.place}",
            author=content.resolved.office,
            subject=f"{self.guide.title}；{content.fields['sms_holder']}公开号码 {content.fields['sms_number']}",
            keywords=f"{content.edition} {self.spec.name}" + (" 样稿" if content.is_draft else ""),
        )
        return render_pdf(pages, sheet(self.spec, self.marks), meta, self.fonts, self.marks, self.seed)

    def file_name(self, unit: Unit) -> str:
        return f"{unit.code}-{safe_name(unit.name)}-{self.spec.name}.pdf"

    def write(self, unit: Unit, out_dir: Path) -> Path:
        return write_atomic(out_dir / self.file_name(unit), self.piece(unit))
