"""How a patch of ReportLab's private internals is made and checks itself (internal, see ``patches``).

Why: ReportLab's font output is mended (``tounicode``: CMaps above U+FFFF;
``subsettags``: subset names) and its repeated work cached (``rlcache``) by
replacing a few of its module functions and methods. Those are private, so

- ReportLab is pinned to the minor release they were written against
  (``pyproject.toml``; ``constraints.txt`` pins the exact version);
- importing ``collateral`` changes nothing in the process: ``patches.install``
  runs when a product is first made (``fonts.load_fonts``, ``render.render_pdf``);
- each patch checks ReportLab's *own* function, found under whatever wrappers
  collateral's other patches put around it, so any install order works, and
  a failure says what actually happened: which ReportLab release no longer
  does what, or which foreign function stands where ReportLab's should be.

Each wrapper is made with ``functools.wraps(original, updated=())``: it gets
``__wrapped__`` (the function it wraps) and its own :data:`MARK` only.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterator

import reportlab

#: The ReportLab release the patches were written and tested against; pyproject.toml allows its minor series.
WRITTEN_AGAINST = "5.1.0"
#: The attribute each wrapper carries: the name of the patch that made it.
MARK = "_collateral_patch"


def layers(fn: Callable) -> Iterator[Callable]:
    """``fn`` and every function it wraps (``__wrapped__``), outermost first."""
    seen = set()
    while fn is not None and id(fn) not in seen:
        seen.add(id(fn))
        yield fn
        fn = getattr(fn, "__wrapped__", None)


def has(fn: Callable, patch: str) -> bool:
    """Whether one of the layers of ``fn`` is the wrapper of ``patch``."""
    return any(getattr(layer, MARK, None) == patch for layer in layers(fn))


def mark(wrapper: Callable, original: Callable, patch: str) -> Callable:
    """Make ``wrapper`` a layer of ``patch`` around ``original``: its name, ``__wrapped__`` and mark."""
    functools.update_wrapper(wrapper, original, updated=())
    setattr(wrapper, MARK, patch)
    return wrapper


def reportlab_own(fn: Callable, where: str, patch: str) -> Callable:
    """ReportLab's own function under collateral's wrappers, or a RuntimeError naming what stands there instead."""
    inner = list(layers(fn))[-1]
    module = getattr(inner, "__module__", "") or ""
    if not module.startswith("reportlab."):
        raise RuntimeError(
            f"collateral.rl.{patch}: {where} is {module}.{getattr(inner, '__qualname__', inner)!r}, not ReportLab's "
            f"own function (something else replaced it without functools.wraps); the patch only wraps ReportLab's")
    return inner


def changed(patch: str, what: str) -> RuntimeError:
    """The error for a ReportLab that no longer works the way a patch assumes: which release, which was expected."""
    return RuntimeError(
        f"collateral.rl.{patch}: ReportLab {reportlab.Version} {what}; the patch was written against ReportLab "
        f"{WRITTEN_AGAINST} (pyproject.toml allows 5.1.x; `pip install -c constraints.txt` installs the tested one)")
