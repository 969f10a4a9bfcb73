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
from collateral.i18n import N_, _

# The patterns are written once, in the small regex language Python's re and the ECMA-262 regexes of
# JSON Schema (editors) share, so the schemas carry the very rule check applies (see jsonschemas).
MOBILE_PATTERN = "1[3-9][0-9]{9}"
LANDLINE_PATTERN = "0[0-9]{2,3}-[0-9]{7,8}"  # ASCII only: \d would take ٣ too
URL_PATTERN = r"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[\x21-\x7e]*)?"
MOBILE = re.compile(MOBILE_PATTERN)
LANDLINE = re.compile(LANDLINE_PATTERN)
URL = re.compile(URL_PATTERN)
QR_PAYLOAD_MAX = 300  # longer payloads need QR versions whose modules get too small to print


# Full-width digits and hyphens come from Chinese input methods and Excel; they
# are the same number, so they are converted (with a warning). Any other
# non-ASCII character (Arabic-Indic digits, letters, spaces) is refused.
_DASHES = "－—–"
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, **{d: "-" for d in _DASHES}})


def widened(pattern: str) -> str:
    """A phone pattern that also takes what :func:`normalize_phone` converts: ``1`` → ``[1１]``, ``-`` → ``[-－—–]``.

    For the schemas: check accepts full-width digits and dashes (with a
    warning), so an editor must not flag them. Only the constructs the phone
    patterns use are known (digits, ``[a-b]`` digit ranges, ``{m,n}``, ``-``).
    """
    wide = lambda d: chr(0xFF10 + int(d))  # noqa: E731
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":
            end = pattern.index("]", i)
            lo, hi = pattern[i + 1:end].split("-")
            out.append(f"[{lo}-{hi}{wide(lo)}-{wide(hi)}]")
            i = end + 1
        elif ch == "{":
            end = pattern.index("}", i)
            out.append(pattern[i:end + 1])
            i = end + 1
        elif ch.isdigit():
            out.append(f"[{ch}{wide(ch)}]")
            i += 1
        elif ch == "-":
            out.append(f"[-{_DASHES}]")
            i += 1
        else:
            raise ValueError(f"widened: {ch!r} in {pattern!r} is not a phone pattern construct")
    return "".join(out)


def normalize_phone(value: str) -> tuple[str, str | None]:
    """The number in ASCII, and a warning when it had to be converted.

    The one rule for every reader of phone numbers (data files, spreadsheets):
    full-width digits and dashes become ASCII; what is left must pass
    :func:`phone_problem`.
    """
    ascii_value = value.translate(_FULLWIDTH)
    if ascii_value == value:
        return value, None
    return ascii_value, _("full-width characters in phone number {value!r} converted to {ascii_value!r}").format(
                            value=value, ascii_value=ascii_value)


def phone_problem(value: str) -> str | None:
    """Why a public number is unusable on paper, or None when it is fine."""
    if MOBILE.fullmatch(value) or LANDLINE.fullmatch(value):
        return None
    return (
        _("malformed phone number {value!r}: expected a mobile number (11 digits, 1[3-9]…) or a landline "
           "0xx(x)-xxxxxxx(x)").format(value=value)
    )


def url_problem(value: str) -> str | None:
    """Why a QR payload would not work, or None when it is fine."""
    if not URL.fullmatch(value):
        return _("QR payload {value!r} is not an http(s) URL").format(value=value)
    if len(value) > QR_PAYLOAD_MAX:
        return _("QR payload is {count} characters; at most {qr_payload_max} print as a readable code").format(
                   count=len(value), qr_payload_max=QR_PAYLOAD_MAX)
    return None


# Characters that print as a box, move the pen or reorder a line: C0 controls
# (tab and line breaks included), DEL, C1 controls, and the bidi controls. A
# name with one of them looks right in an editor and wrong on paper.
CONTROL_CLASS = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # inside [...], in both dialects
_CONTROL = re.compile(f"[{CONTROL_CLASS}]")
_CONTROL_NAMES = {"\t": N_("tab"), "\n": N_("line break"), "\r": N_("carriage return")}


def describe_control(ch: str) -> str:
    """A control character as a user can look it up: 'tab (U+0009)', 'bidi control U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = f"U+{ord(ch):04X}"
    if ch in _CONTROL_NAMES:
        return f"{_(_CONTROL_NAMES[ch])} ({code})"
    if ord(ch) < 0x100:
        return _("control character {code}").format(code=code)
    return _("bidi control {code} {name}").format(code=code, name=unicodedata.name(ch, "")).rstrip()


def control_problem(value: str) -> str | None:
    """Why a text value cannot be printed as written, or None when it has no control characters."""
    found = list(dict.fromkeys(_CONTROL.findall(value)))
    if not found:
        return None
    what = ", ".join(describe_control(ch) for ch in found)
    return _("{what} in {value!r}: not allowed in text (prints as a box or reorders the line); remove it").format(
               what=what, value=value)


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
            Problem(message, file=self.node.file, line=line, unit_label=self.unit, field=name, severity=severity)
        )

    def warn(self, key: str | None, message: str) -> None:
        self._problem(key, message, Severity.WARNING)

    def error(self, key: str | None, message: str) -> None:
        self._problem(key, message)

    def only(self, allowed: set[str] | dict[str, Any]) -> None:
        for key in self.node:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.error(str(key), _("unknown key {key!r} (allowed: {hint})").format(key=key, hint=hint))

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        if key not in self.node or self.node[key] is None:
            if required:
                self.error(None, _("missing required key {key!r}").format(key=key))
            return default
        value = self.node[key]
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.error(key, _("expected text, got {type}").format(type=type(value).__name__))
            return default
        if isinstance(value, int):
            self.error(key, _("expected text, got the number {value}; quote it (\"{value}\") so leading zeros "
                               "survive").format(value=value))
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
            self.error(key, _("expected true or false, got {value!r}").format(value=value))
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
        if value and not (value.isascii() and value.isdigit() and len(value) == digits):
            self.error(key, _("code {value!r} must be {digits} digits").format(value=value, digits=digits))
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


def template_pattern(names: frozenset[str] | set[str]) -> str:
    """A regex (both dialects) for a text whose ``{fields}`` are all among ``names``, as str.format reads them.

    ``{{`` and ``}}`` are literal braces; ``{name}``, ``{name!r}`` and
    ``{name:spec}`` name a field. For the schemas: the loaders check the same
    with :class:`string.Formatter` (guide.py, params.template_problem).
    """
    alternatives = "|".join(sorted(names))
    return rf"^(?:[^{{}}]|\{{\{{|\}}\}}|\{{(?:{alternatives})(?:![rsa])?(?::[^{{}}]*)?\}})*$"
