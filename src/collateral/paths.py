"""Where the bundled data, layouts and fonts live.

The package runs from a checkout (``pip install -e .``); the folders sit at
the repository root beside ``src/``. ``COLLATERAL_HOME`` points elsewhere,
e.g. at an office's own copy of the data and layouts.
"""

from __future__ import annotations

import os
from pathlib import Path

# Files the tool itself keeps in a data or output folder while it works there (see locks, transaction);
# named here so that reading a folder (dataset) does not import the machinery that writes them.
LOCK_NAME = ".collateral.lock"
JOURNAL_NAME = ".collateral-journal.json"


def home() -> Path:
    env = os.environ.get("COLLATERAL_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return home() / "data"


def layouts_dir() -> Path:
    return home() / "layouts"


def fonts_dir() -> Path:
    return home() / "fonts"


def profiles_dir() -> Path:
    return home() / "profiles"


def cache_dir() -> Path:
    """Where the caches are kept: ``$COLLATERAL_CACHE_DIR``, ``$XDG_CACHE_HOME/collateral`` or ``~/.cache/collateral``."""
    explicit = os.environ.get("COLLATERAL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "collateral"
