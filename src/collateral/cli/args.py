"""Typer's argument conversion for plain values, without importing pydantic (internal; start-up only).

Why: Typer 0.29 converts every parameter's value through a pydantic
TypeAdapter; importing pydantic and building the adapters is ~150 ms of a
~0.4 s ``collateral leaflet``. The commands only take plain strings, paths,
numbers and flags. For those, :func:`install` converts well-formed values
directly (a str as it is, a path through Typer's own path checks, digits
to an int or float); anything else, including every malformed value, goes
to Typer's own conversion, so its results and error messages are unchanged.

Where (typer 0.29.2, pinned to 0.29.x in pyproject.toml): the private
``typer._coercion`` (``RuntimeParam``, ``build_runtime_param``) and
``typer.core._TyperParameter.get_runtime_param``. If Typer's internals are not
the ones this was written against, nothing is patched and Typer works as it
always does, only slower; :func:`install` then returns False (a test asserts
that it is True with the pinned Typer). Installed by ``cli.main``, not on import.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
_PATH_DEFAULTS = {"exists": False, "file_okay": True, "dir_okay": True, "writable": False, "readable": True,
                  "resolve_path": False, "allow_dash": False, "path_type": None}


def _converter(descriptor) -> Any:
    """A fast conversion for the descriptor's plain type, or None to leave it to Typer."""
    from typer._param_types import coerce_cli_path

    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if (info.parser is not None or descriptor.file_annotation is not None or descriptor.is_choice
            or info.min is not None or info.max is not None):
        return None
    if annotation is bool:  # a flag's value is a bool already; anything else goes to Typer
        return lambda value, param, ctx: value if isinstance(value, bool) else None
    if annotation is str:
        return lambda value, param, ctx: value if isinstance(value, str) else None
    if annotation is int:
        return lambda value, param, ctx: int(value) if isinstance(value, str) and _INT.fullmatch(value) else None
    if annotation is float:
        return lambda value, param, ctx: float(value) if isinstance(value, str) and _FLOAT.fullmatch(value) else None
    if annotation is Path and all(getattr(info, k, v) == v for k, v in _PATH_DEFAULTS.items()):
        def path(value, param, ctx):
            if not isinstance(value, str):
                return None
            return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

        return path
    return None


def install() -> bool:
    """Give Typer's parameters the fast conversion where it applies (idempotent).

    True once installed; False, changing nothing, if Typer's internals are not the expected ones.
    """
    try:
        from typer import _coercion, core
        from typer._param_types import coerce_cli_path  # noqa: F401 (needed by _converter)
    except ImportError:
        return False
    parameter = getattr(core, "_TyperParameter", None)
    base = getattr(_coercion, "RuntimeParam", None)
    build = getattr(_coercion, "build_runtime_param", None)
    if parameter is None or base is None or build is None:
        return False
    if getattr(parameter, "_collateral_fast", False):
        return True
    annotations = getattr(parameter, "__annotations__", {})
    if not hasattr(parameter, "get_runtime_param") or "type_descriptor" not in annotations:
        return False

    class Fast(base):
        """Plain values converted here; the rest by Typer's own runtime parameter, built when first needed."""

        def __init__(self, descriptor, convert) -> None:
            object.__setattr__(self, "parameter_info", descriptor.parameter_info)
            object.__setattr__(self, "annotation", descriptor.annotation)
            object.__setattr__(self, "_descriptor", descriptor)
            object.__setattr__(self, "_convert", convert)
            object.__setattr__(self, "_typer", None)

        def _coerce_value(self, value, param, ctx):
            out = self._convert(value, param, ctx)
            if out is not None:
                return out
            if self._typer is None:
                object.__setattr__(self, "_typer", build(self._descriptor))
            return self._typer._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self):
        if self._runtime_param is None:
            convert = _converter(self.type_descriptor)
            self._runtime_param = Fast(self.type_descriptor, convert) if convert else build(self.type_descriptor)
        return self._runtime_param

    parameter.get_runtime_param = get_runtime_param
    parameter._collateral_fast = True
    return True
