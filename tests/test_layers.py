"""The pipeline's layering is a contract: import-linter's ``layers`` contract in pyproject.toml.

A package may import only the packages listed below it (cli at the top, errors and paths at the
bottom). The claim tested here is the one CI relies on: the real tree keeps the contract, and an
upward import added anywhere breaks it with a message naming the module, the import and its line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=src, env=env, capture_output=True, text=True, timeout=120)


def test_the_tree_keeps_the_pipeline_order():
    proc = _lint(ROOT / "src")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_an_upward_import_fails_naming_the_module_and_its_line(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "collateral", src / "collateral",
                    ignore=shutil.ignore_patterns("__pycache__", "*.json", "assets"))
    model = src / "collateral" / "data" / "model.py"
    lines = model.read_text(encoding="utf-8").splitlines()
    # a data module reaching up to the command line, inside a function as a lazy import would
    lines += ["", "", "def _upward():", "    from collateral.cli import app  # deliberate", "    return app"]
    model.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = _lint(src)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "BROKEN" in proc.stdout
    assert f"collateral.data.model -> collateral.cli.app (l.{len(lines) - 1})" in proc.stdout, proc.stdout
