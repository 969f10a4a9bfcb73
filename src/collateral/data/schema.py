"""Field rules for the data files: keys, types, phone numbers, URLs, codes.

Each rule returns problems instead of raising, so ``collateral check`` can list
every fault in a file at once, each with its file:line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from collateral.errors import Problem, Severity
from collateral.data.yamlsrc import LocDict, LocList

MOBILE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE = re.compile(r"0[0-9]{2,3}-[0-9]{7,8}")  # ASCII only: \d would take ٣ too
URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[\x21-\x7e]*)?")
QR_PAYLOAD_MAX = 300  # longer payloads need QR versions whose modules get too small to print


# Full-width digits and hyphens come from Chinese input methods and Excel; they
# are the same number, so they are converted (with a warning). Any other
# non-ASCII character (Arabic-Indic digits, letters, spaces) is refused.
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "－": "-", "—": "-", "–": "-"})


def normalize_phone(value: str) -> tuple[str, str | None]:
    """The number in ASCII, and a warning when it had to be converted.

    The one rule for every reader of phone numbers (data files, spreadsheets):
    full-width digits and dashes become ASCII; what is left must pass
    :func:`phone_problem`.
    """
    ascii_value = value.translate(_FULLWIDTH)
    if ascii_value == value:
        return value, None
    return ascii_value, f"full-width characters in phone number {value!r} converted to {ascii_value!r}"


def phone_problem(value: str) -> str | None:
    """Why a public number is unusable on paper, or None when it is fine."""
    if MOBILE.fullmatch(value) or LANDLINE.fullmatch(value):
        return None
    return (
        f"malformed phone number {value!r}: expected a mobile number (11 digits, 1[3-9]…) "
        "or a landline 0xx(x)-xxxxxxx(x)"
    )


def url_problem(value: str) -> str | None:
    """Why a QR payload would not work, or None when it is fine."""
    if not URL.fullmatch(value):
        return f"QR payload {value!r} is not an http(s) URL"
    if len(value) > QR_PAYLOAD_MAX:
        return f"QR payload is {len(value)} characters; at most {QR_PAYLOAD_MAX} print as a readable code"
    return None


# Characters that print as a box, move the pen or reorder a line: C0 controls
# (tab and line breaks included), DEL, C1 controls, and the bidi controls. A
# name with one of them looks right in an editor and wrong on paper.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_NAMES = {"\t": "tab", "\n": "line break", "\r": "carriage return"}


def describe_control(ch: str) -> str:
    """A control character as a user can look it up: 'tab (U+0009)', 'bidi control U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = f"U+{ord(ch):04X}"
    if ch in _CONTROL_NAMES:
        return f"{_CONTROL_NAMES[ch]} ({code})"
    if ord(ch) < 0x100:
        return f"control character {code}"
    return f"bidi control {code} {unicodedata.name(ch, '')}".rstrip()


def control_problem(value: str) -> str | None:
    """Why a text value cannot be printed as written, or None when it has no control characters."""
    found = list(dict.fromkeys(_CONTROL.findall(value)))
    if not found:
        return None
    what = ", ".join(describe_control(ch) for ch in found)
    return f"{what} in {value!r}: not allowed in text (prints as a box or reorders the line); remove it"


def printable(value: str) -> str:
    """``value`` with control characters escaped, safe to put in a one-line message."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


@dataclass
class Reader:
    """Reads typed fields out of one LocDict, collecting problems as it goes."""

    node: LocDict
    unit: str | None
    path: str = ""
    problems: list[Problem] = field(default_factory=list)

    def _problem(self, key: str | None, message: str, severity: Severity = Severity.ERROR) -> None:
        line = self.node.line_of(key) if key is not None else self.node.line
        name = f"{self.path}{key}" if key is not None else self.path.rstrip(".") or None
        self.problems.append(
            Problem(message, file=self.node.file, line=line, unit=self.unit, field=name, severity=severity)
        )

    def warn(self, key: str | None, message: str) -> None:
        self._problem(key, message, Severity.WARNING)

    def error(self, key: str | None, message: str) -> None:
        self._problem(key, message)

    def only(self, allowed: set[str] | dict[str, Any]) -> None:
        for key in self.node:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.error(str(key), f"unknown key {key!r} (allowed: {hint})")

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        if key not in self.node or self.node[key] is None:
            if required:
                self.error(None, f"missing required key {key!r}")
            return default
        value = self.node[key]
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(key, f"expected text, got {type(value).__name__}")
            return default
        if isinstance(value, int):
            self.error(key, f"expected text, got the number {value}; quote it (\"{value}\") so leading zeros survive")
            return default
        value = value.strip()
        problem = control_problem(value)
        if problem:
            self.error(key, problem)
            # Reported once here; later checks (fonts, names) see the text without them.
            value = _CONTROL.sub("", value).strip()
        if required and not value:
            self.error(key, f"{key!r} is empty")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.node.get(key, default)
        if not isinstance(value, bool):
            self.error(key, f"expected true or false, got {value!r}")
            return default
        return value

    def mapping(self, key: str) -> LocDict | None:
        value = self.node.get(key)
        if value is None:
            return None
        if not isinstance(value, LocDict):
            self.error(key, f"expected a mapping, got {type(value).__name__}")
            return None
        return value

    def items(self, key: str) -> LocList:
        value = self.node.get(key)
        if isinstance(value, LocList):
            return value
        if value is not None:
            self.error(key, f"expected a list, got {type(value).__name__}")
        empty = LocList()
        empty.file, empty.line, empty.item_lines = self.node.file, self.node.line_of(key), []
        return empty

    def child(self, node: LocDict, path: str) -> "Reader":
        return Reader(node, self.unit, f"{self.path}{path}.", self.problems)

    def code(self, key: str, digits: int) -> str:
        value = self.text(key, required=True)
        if value and not (value.isdigit() and len(value) == digits):
            self.error(key, f"code {value!r} must be {digits} digits")
        return value

    def phone(self, key: str) -> str:
        value = self.text(key)
        if value:
            value, converted = normalize_phone(value)
            if converted:
                self.warn(key, converted)
            problem = phone_problem(value)
            if problem:
                self.error(key, problem)
        return value

    def url(self, key: str) -> str:
        value = self.text(key)
        if value:
            problem = url_problem(value)
            if problem:
                self.error(key, problem)
        return value
