"""Safe YAML loading that remembers where each value came from.

Users edit the data by hand; when a value is wrong they need the file and the
line. PyYAML's safe loader forgets positions once it builds Python objects, so
this loader returns :class:`LocDict` / :class:`LocList` that keep the line of
every key and item. It also refuses duplicate keys, which plain PyYAML
silently lets the last one win.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from collateral.errors import DataError, Problem


class LocDict(dict):
    """A mapping that knows its file, its own line and the line of each key.

    ``file`` is the label messages show; ``path`` the real file, against which
    relative paths written in the data (a QR image) are resolved.
    """

    file: str = ""
    path: Path | None = None
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocList(list):
    """A sequence that knows its file, its own line and the line of each item."""

    file: str = ""
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader (no object tags) that builds Loc containers."""

    file_label = ""
    path: Path | None = None
    duplicate_keys: list[Problem]


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LocDict:
    result = LocDict()
    result.file = loader.file_label
    result.path = loader.path
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicate_keys.append(
                Problem(f"duplicate key {key!r} (first at line {result.key_lines[key]})",
                        file=loader.file_label, line=line, field=str(key))
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.file = loader.file_label
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, label: str | None = None) -> Any:
    """Load one YAML file safely; raise :class:`DataError` with file:line on any fault."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise DataError(Problem(f"not UTF-8 text ({err.reason} at byte {err.start})", file=label)) from err
    except OSError as err:
        raise DataError(Problem(f"cannot read: {err.strerror}", file=label)) from err
    loader = _Loader(text)
    loader.file_label = label
    loader.path = path
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (err.context, err.problem) if x)
        raise DataError(Problem(f"YAML syntax: {what}", file=label, line=line)) from err
    except yaml.YAMLError as err:
        raise DataError(Problem(f"YAML: {err}", file=label)) from err
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        raise DataError(loader.duplicate_keys)
    return data
