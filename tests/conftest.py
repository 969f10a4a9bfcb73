"""Shared fixtures: the bundled data, broken copies of it, and leaflets made once per session.

Every test starts from the process-wide state a fresh process would have, but
for the parsed fonts (see ``_fresh_caches``), and nothing is written outside
temporary folders: the font cache goes to one made for the session.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Before collateral is imported (test modules load fonts at import): the font cache of this session, not
# the user's ~/.cache/collateral. Subprocesses the tests start inherit it.
_CACHE = tempfile.mkdtemp(prefix="collateral-test-cache-")
os.environ["COLLATERAL_CACHE_DIR"] = _CACHE
# The tests read messages in English whatever the machine's locale (gettext takes LANGUAGE first);
# tests/test_i18n.py runs the CLI in Chinese with an environment of its own.
os.environ["LANGUAGE"] = "en"

import pypdfium2 as pdfium  # noqa: E402
import pytest  # noqa: E402

from collateral.cli.app import main  # noqa: E402
from collateral.paths import data_dir  # noqa: E402

DATE = "2026-11-28"

#: Caches kept from test to test: the fonts are parsed and registered with ReportLab once per process.
KEPT = {("collateral.typeset.fonts", "load_fonts")}
#: Module-level dicts and sets that remember work for the process (compose results, laid-out blocks, seeds).
STORES = {"_COMPOSES", "_LAID_OUT", "_FIXED"}


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


def _process_caches():
    """Every cache a collateral module keeps for the process: lru_caches, rlcache's stores and STORES."""
    from collateral.rl import rlcache

    seen: set[int] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("collateral") or module is None:
            continue
        for attr, value in list(vars(module).items()):
            if (name, attr) in KEPT or id(value) in seen:
                continue
            if isinstance(value, functools._lru_cache_wrapper):
                if value.__module__ != name:
                    continue  # imported from another module: kept or cleared where it is defined
                yield value.cache_clear
            elif isinstance(value, (rlcache.Memo, rlcache._LRU)):
                yield _emptier(value)
            elif attr in STORES and isinstance(value, (dict, set)):
                yield value.clear
            else:
                continue
            seen.add(id(value))


def _emptier(store):
    def empty():
        store.data.clear()
        if hasattr(store, "size"):
            store.size = 0

    return empty


@pytest.fixture(autouse=True)
def _fresh_caches():
    """No test sees what an earlier one left in a process-wide cache (a compose cache once made one pass or
    fail by the order the tests ran in)."""
    for clear in _process_caches():
        clear()
    yield


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


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """A writable copy of the bundled data cut to one county, 郑州市/金水区 (24 townships).

    For tests of what a command says about a value of 金水区: it says the same
    as on the whole data, but `check` reads 3 files, not 200, and composes 24
    townships' pieces, not the province's 2,586 (~0.1 s, not ~10). Tests that
    need other units (another city, a city's every county) use ``data_copy``.
    """
    source, target = data_dir(), tmp_path / "data"
    shutil.copytree(source, target, ignore=lambda folder, names: [
        n for n in names if Path(folder) == source / "henan" and n != "410100-郑州市"
        or Path(folder).parent == source / "henan" and n not in ("city.yaml", "410105-金水区.yaml")])
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
