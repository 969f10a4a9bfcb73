"""Where the bundled data, layouts and fonts live.

The package runs from a checkout (``pip install -e .``); the folders sit at
the repository root beside ``src/``. ``COLLATERAL_HOME`` points elsewhere,
e.g. at an office's own copy of the data and layouts.
"""

from __future__ import annotations

import os
from pathlib import Path


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
