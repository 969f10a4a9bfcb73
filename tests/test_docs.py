"""The docs are true: every shell example in docs/*.md runs, and every link and picture is there.

A clerk copies a command from docs/clerk.md and expects it to work as written. Each page's ```sh
blocks run in order, as one bash script (``set -e``: the first command that fails fails the page) in
a fresh folder, on the bundled data: the slow test. The fast ones check that every ``collateral``
line names a real command with options it takes, and that every relative link resolves.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main

from collateral.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(p for p in (ROOT / "docs").glob("*.md"))
SH = re.compile(r"```sh\n(.*?)```", re.S)


def _blocks(page: Path) -> list[str]:
    return SH.findall(page.read_text(encoding="utf-8"))


def _commands(page: Path) -> list[list[str]]:
    out = []
    for block in _blocks(page):
        for line in block.splitlines():
            lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            lexer.commenters = "#"
            command: list[str] = []
            for word in [*lexer, ";"]:  # each simple command of the line: `a || b`, `a && b`, `a | b`
                if word in ("||", "&&", "|", ";", "&"):
                    if command and command[0] == "collateral":
                        out.append(command)
                    command = []
                else:
                    command.append(word)
    return out


def test_every_user_has_a_page_and_the_readme_links_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for name in ("clerk", "hall", "web-team", "data", "province", "developers"):
        assert (ROOT / "docs" / f"{name}.md").is_file()
        assert f"](docs/{name}.md)" in readme


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: p.name)
def test_links_and_pictures_resolve(page):
    text = page.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)[^)]*\)", text) + re.findall(r'<img src="([^"]+)"', text)
    missing = [t for t in targets if "://" not in t and not (page.parent / t).exists()]
    assert not missing, missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_example_names_a_real_command_and_its_options(page):
    group = typer.main.get_command(app)
    for words in _commands(page):
        line, args = " ".join(words), words[1:]
        ctx = group.make_context("collateral", list(args), resilient_parsing=True)
        name, cmd, rest = group.resolve_command(ctx, list(args)) if args and args[0] != "--help" else (None, None, [])
        if cmd is None:
            continue
        try:
            cmd.make_context(name, rest)
        except typer.Exit:  # --help
            pass
        except typer.BadParameter.__mro__[1] as err:  # Typer's own (vendored) click UsageError
            pytest.fail(f"{page.name}: `{line}`: {err.format_message()}")


@pytest.mark.slow
@pytest.mark.parametrize("page", [p for p in PAGES if _blocks(p)], ids=lambda p: p.name)
def test_every_shell_example_runs(page, tmp_path):
    # As an office works: in a folder of its own with its own copy of the data, layouts and schemas
    # (COLLATERAL_HOME), so the examples that edit files (import, schema --stamp) edit the copy.
    for name in ("data", "layouts", "schemas"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("fonts", "profiles"):
        (tmp_path / name).symlink_to(ROOT / name)
    script = "set -euo pipefail\n" + "\n".join(_blocks(page))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "COLUMNS": "100", "COLLATERAL_HOME": str(tmp_path)}
    proc = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, f"{page.name}: exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
