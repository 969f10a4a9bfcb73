"""Safe YAML loading that remembers where each value came from.

Users edit the data by hand; when a value is wrong they need the file and the
line. PyYAML's safe loader forgets positions once it builds Python objects, so
this loader returns :class:`LocDict` / :class:`LocList` that keep the line of
every key and item. It also refuses duplicate keys, which plain PyYAML
silently lets the last one win.

Before parsing, a file must be a regular file (a FIFO or /dev/zero would be
read without end), at most :data:`MAX_BYTES` long (PyYAML needs ~80 times a
file's size in memory), and, when a ``within`` folder is given, must not be a
link out of it. While parsing, nesting deeper than :data:`MAX_DEPTH` is refused
at the line where it goes too deep: PyYAML builds nested values recursively,
and 5,000 brackets would end in a RecursionError instead of a message.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Callable

import yaml

from collateral.errors import DataError, Problem
from collateral.i18n import _

MAX_BYTES = 5 * 1024 * 1024  # the largest county file is ~10 KB; 5 MB is a mistake, not data
# The data nests 6 levels (county, townships, township, channels, channel, value) and layouts about 8;
# 64 is far above both and far below what Python's recursion limit lets PyYAML build.
MAX_DEPTH = 64


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


def _too_deep(label: str, mark: yaml.Mark | None) -> DataError:
    return DataError(Problem(_("nested more than {max_depth} levels deep (lists or mappings inside each "
                                "other); the data never nests that deep: a bracket or an indentation went wrong").format(
                                 max_depth=MAX_DEPTH),
                             file=label, line=mark.line + 1 if mark else None))


class _Loader(yaml.SafeLoader):
    """SafeLoader (no object tags) that builds Loc containers, refusing nesting deeper than MAX_DEPTH."""

    file_label = ""
    path: Path | None = None
    duplicate_keys: list[Problem]
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # PyYAML composes recursively (two frames a level): count the levels and stop before Python does.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _too_deep(self.file_label, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# libyaml's parser (~6x faster than PyYAML's pure-Python one) with the same constructors, so the same
# LocDict/LocList and lines. Used for text that parses; any fault is parsed again by _Loader, whose
# messages (and reader checks) are the ones users and tests know.
_CLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        file_label = ""
        path: Path | None = None
        duplicate_keys: list[Problem]
        depth = 0  # libyaml composes up to 1,000 levels; the constructors below count them


def _build_mapping(loader: _Loader, node: yaml.MappingNode) -> LocDict:
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
                Problem(_("duplicate key {key!r} (first at line {key_lines})").format(
                            key=key, key_lines=result.key_lines[key]),
                        file=loader.file_label, line=line, field=str(key))
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _build_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocList:
    result = LocList(loader.construct_object(child, deep=True) for child in node.value)
    result.file = loader.file_label
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _counted(build: Callable[[_Loader, yaml.Node], Any]) -> Callable[[_Loader, yaml.Node], Any]:
    """A constructor that counts how deep it is: nesting past MAX_DEPTH is refused at its line, not a RecursionError."""
    def construct(loader: _Loader, node: yaml.Node) -> Any:
        loader.depth += 1
        try:
            if loader.depth > MAX_DEPTH:
                raise _too_deep(loader.file_label, node.start_mark)
            return build(loader, node)
        finally:
            loader.depth -= 1

    return construct


for _loader in (_Loader, _CLoader):
    if _loader is not None:
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _counted(_build_mapping))
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _counted(_build_sequence))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _outside(path: Path, within: Path) -> Path | None:
    """Where ``path`` really is, when a link takes it out of ``within``; else None."""
    real = path.resolve()
    return None if real.is_relative_to(within.resolve()) else real


def read_data_file(path: Path, label: str, within: Path | None = None) -> str:
    """The text of a data file, refused without reading it when it is not a plain, small file.

    Raises:
        DataError: a link out of ``within``, not a regular file, over
            :data:`MAX_BYTES`, unreadable, or not UTF-8. The message names
            the file (no line: nothing was parsed).
    """
    if within is not None and (real := _outside(path, within)) is not None:
        raise DataError(Problem(_("link to {real} leaves the data folder {within}; not read").format(
                                    real=real, within=within), file=label))
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(Problem(_("{value}, not a regular file; not read").format(value=_kind(info.st_mode)),
                                    file=label))
        if info.st_size > MAX_BYTES:
            raise DataError(Problem(_("{st_size:,} bytes; data files over {value} MB are refused before "
                                       "parsing").format(st_size=info.st_size, value=MAX_BYTES // 2**20), file=label))
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)  # the file may grow after stat
    except OSError as err:
        raise DataError(Problem(f"cannot read: {err.strerror}", file=label)) from err
    if len(raw) > MAX_BYTES:
        raise DataError(Problem(_("over {value} MB; data files that large are refused").format(
                                    value=MAX_BYTES // 2**20), file=label))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(Problem(_("not UTF-8 text ({reason} at byte {start})").format(
                                    reason=err.reason, start=err.start), file=label)) from err


def load_yaml(path: Path, label: str | None = None, within: Path | None = None) -> Any:
    """Load one YAML file safely; raise :class:`DataError` with file:line on any fault.

    ``within``: the folder the file must stay in (links out of it are refused).
    """
    label = label or str(path)
    text = read_data_file(path, label, within)
    if _CLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        data = _fast_load(text, path, label)
        if data is not _FAILED:
            return data
    try:
        loader = _Loader(text)  # the reader refuses control characters right here
    except yaml.reader.ReaderError as err:
        raise DataError(_reader_problem(err, text, label)) from err
    loader.file_label = label
    loader.path = path
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.reader.ReaderError as err:
        raise DataError(_reader_problem(err, text, label)) from err
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


_FAILED = object()


def _fast_load(text: str, path: Path, label: str) -> Any:
    """The document through libyaml, or ``_FAILED`` when it has any fault (see ``_CLoader``)."""
    loader = _CLoader(text)
    loader.file_label = label
    loader.path = path
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError:
        return _FAILED
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        raise DataError(loader.duplicate_keys)
    return data


def _reader_problem(err: yaml.reader.ReaderError, text: str, label: str) -> Problem:
    """PyYAML's reader names a character position; users need the line."""
    line = text.count("\n", 0, err.position) + 1
    char = err.character if isinstance(err.character, int) else ord(str(err.character)[:1] or "\0")
    return Problem(_("YAML: character U+{char:04X} is not allowed in a YAML file ({reason}); remove it").format(
                       char=char, reason=err.reason),
                   file=label, line=line)
