"""Shared fixtures: the bundled data, broken copies of it, and leaflets made once per session."""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from collateral.cli import main
from collateral.paths import data_dir

DATE = "2026-11-28"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run the CLI in-process; returns exit code, stdout and stderr."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def county_file(data: Path, code: str) -> Path:
    return next(data.glob(f"henan/*/{code}-*.yaml"))


def _fill_data_module():
    """tools/fill_data.py, the generator of the filled dataset (tools/ is not a package)."""
    path = Path(__file__).resolve().parent.parent / "tools" / "fill_data.py"
    spec = importlib.util.spec_from_file_location("fill_data", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fill_data = _fill_data_module()


@pytest.fixture(scope="session")
def filled_data(tmp_path_factory) -> Path:
    """The bundled data with every leader named and numbered, as offices fill it in (tools/fill_data.py).

    Read-only: tests that edit data copy it first (``shutil.copytree``).
    """
    return fill_data.fill(data_dir(), tmp_path_factory.mktemp("filled") / "data")


@pytest.fixture(scope="session")
def filled_data_four_char(tmp_path_factory) -> Path:
    """The filled data with a 4-character name (欧阳建国 style) for every leader in 郑州市."""
    return fill_data.fill(data_dir(), tmp_path_factory.mktemp("filled4") / "data", four_char=["410100"])


@pytest.fixture(scope="session")
def jinshui_leaflet(tmp_path_factory) -> Path:
    """The leaflet of 花园路街道 (410105002), made through the CLI as a user would."""
    out = tmp_path_factory.mktemp("leaflet")
    assert main(["leaflet", "410105002", "-o", str(out), "--date", DATE]) == 0
    (pdf,) = out.glob("*.pdf")
    return pdf


def render_page(pdf: Path, index: int = 0, dpi: int = 300):
    """A page as a PIL image at ``dpi``, the way a phone camera would see paper."""
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[index].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data or layout file as a clerk would: one value changed, the rest as it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The line a message must name: the first that holds ``needle``."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)
