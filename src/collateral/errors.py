"""Errors and warnings as values a user can read.

Every problem names where it comes from: the file and line of the data, the
jurisdiction, the field. The library raises :class:`CollateralError`; only the
CLI turns it into a message and an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from collateral.i18n import N_, _


class Severity(str, Enum):
    ERROR = N_("error")
    WARNING = N_("warning")


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in the data or the output."""

    message: str
    file: str | None = None
    line: int | None = None
    unit_label: str | None = None  # as a user names it: 410105 金水区
    field: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        """file:line, the file alone, or '' for a problem of the command line (its message says what it is)."""
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        parts = [part for part in (self.where, self.unit_label, self.field) if part]
        if not parts:  # e.g. "--size '12x': ...": the message begins with what it refers to
            return f"{_(self.severity.value)}: {self.message}"
        return f"{_(self.severity.value)}: {' | '.join(parts)}: {self.message}"


class CollateralError(Exception):
    """A failure the user can fix: bad data, text that does not fit, a bad target."""

    def __init__(self, problems: Problem | list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class DataError(CollateralError):
    """The dataset is broken: YAML, schema, phone numbers, duplicate codes..."""


class TargetError(CollateralError):
    """The TARGET named on the command line matches no jurisdiction."""


class FitError(CollateralError):
    """Text does not fit its frame even at the frame's minimum size."""


class GlyphError(CollateralError):
    """A character no bundled font can draw."""


class QRError(CollateralError):
    """A QR payload or image that cannot be printed as a scannable code."""


class OutputError(CollateralError):
    """A file cannot be written: the output path is a file, read-only, the disk is full...

    ``errno`` is the OS error behind it, if any: a batch stops at the first
    full disk or read-only folder instead of failing piece after piece.
    """

    def __init__(self, problems: Problem | list[Problem] | str, errno: int | None = None) -> None:
        super().__init__(problems)
        self.errno = errno


class Interrupted(Exception):
    """The user pressed Ctrl-C (SIGINT): the CLI says what was done and exits 130, as shells expect."""

    def __init__(self, message: str = "interrupted") -> None:
        super().__init__(message)
        self.message = message


class LockedError(CollateralError):
    """Another run holds the folder (data or output): the message names it (pid, command, since when)."""
