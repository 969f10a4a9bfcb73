"""The user's language: messages in Chinese when the locale is Chinese (zh_CN), English otherwise.

Why: the people who run collateral are Chinese civil servants, on machines set
to ``LANG=zh_CN.UTF-8``. Every message is written in English in the source,
marked ``_("…")`` (or ``N_("…")`` where it is built at import time and
translated where it is shown), and looked up in the gettext catalog
``locale/zh_CN/LC_MESSAGES/collateral.mo`` (made by Babel from
``locale/zh_CN/LC_MESSAGES/collateral.po``; see docs/_notes/i18n.md). Only the
standard library's :mod:`gettext` runs here: the language is chosen as it
chooses it (the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set; C
or a language without a catalog is English), once per process.

Typer's own words come two ways. ``typer.core`` and ``typer.rich_utils`` call
``gettext.gettext`` (the default domain): :func:`install` makes collateral's
domain the default, and the catalog holds their strings (:data:`TYPER`).
Typer 0.29's vendored Click has its words written in (no gettext): "Usage: "
and the --help option's help are patched where they are made
(:func:`install`, checked against ``typer._click`` before patching; if Typer
changed, they stay English), and its error messages are translated by their
English form (:func:`click_message`, from :data:`CLICK`).
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

DOMAIN = "collateral"
LOCALE_DIR = Path(__file__).with_name("locale")

_catalog: gettext.NullTranslations | None = None


def translations() -> gettext.NullTranslations:
    """The catalog of the user's language (read once; English is the identity)."""
    global _catalog
    if _catalog is None:
        _catalog = gettext.translation(DOMAIN, LOCALE_DIR, fallback=True)
    return _catalog


def _(message: str) -> str:
    """``message`` in the user's language (the English text is the key)."""
    return translations().gettext(message) if message else message


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it: it is translated where it is shown."""
    return message


def is_chinese() -> bool:
    """Whether messages are shown in Chinese."""
    return type(translations()) is not gettext.NullTranslations


def reset() -> None:
    """Forget the language chosen (tests that change the environment in-process)."""
    global _catalog
    _catalog = None


# -- Typer's own strings -------------------------------------------------------------------------------

#: What typer.core and typer.rich_utils look up with gettext.gettext (typer 0.29.2); a test checks that
#: every ``_("…")`` in their source is here, so a new Typer string cannot go untranslated unnoticed.
TYPER = (
    N_("(dynamic)"), N_("Aborted!"), N_("default: {default}"), N_("required"), N_("env var: {var}"),
    N_("Arguments"), N_("Options"), N_("Commands"), N_("Missing command."), N_("No such command {name!r}."),
    N_("(deprecated) "), N_("[default: {}]"), N_("[env var: {}]"), N_("[required]"), N_("Error"),
    N_("Aborted."), N_("Try [blue]'{command_path} {help_option}'[/] for help."),
)

#: The vendored Click's written-in messages (typer/_click, 0.29.2), by their English form. The
#: ``{name}`` fields match any text and are kept as they are (option names, values); ``{message}``
#: is itself translated. Longest first: the first that matches the whole message is used.
CLICK = (
    N_("No such option: {name} (Possible options: {options})"),
    N_("No such option: {name}"),
    N_("Missing argument {name}. {message}"),
    N_("Missing argument {name}."),
    N_("Missing option {name}. {message}"),
    N_("Missing option {name}."),
    N_("Missing parameter: {name}"),
    N_("Invalid value for {name}: {message}"),
    N_("Invalid value: {message}"),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {count} arguments."),
    N_("Option {name} does not take a value."),
    N_("Argument {name} takes {count} values."),
    N_("Value {value} is not a valid {kind}."),
    N_("{value} is not one of {choices}."),
    N_("{kind} {name} does not exist."),
    N_("{kind} {name} is a file."),
    N_("{kind} {name} is a directory."),
    N_("{kind} {name} is not readable."),
    N_("{kind} {name} is not writable."),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("Input should be a valid boolean, unable to interpret input"),
)
#: Words Click puts into its messages (the kind of parameter, of path).
CLICK_WORDS = (N_("File"), N_("Directory"), N_("Path"), N_("integer"), N_("float"), N_("text"))
#: Written-in strings of the vendored Click patched where they are made (:func:`install`).
CLICK_PATCHED = (N_("Usage: "), N_("Show this message and exit."), N_("Try '{command} {option}' for help."),
                 N_("Error: {message}"))

_FIELD = re.compile(r"\\\{(\w+)\\\}")
_PATTERNS: list[tuple[re.Pattern[str], str]] = []


def click_message(message: str) -> str:
    """A message of Click's (or Typer's conversion) in the user's language; unknown ones as they are."""
    if not is_chinese():
        return message
    if not _PATTERNS:
        _PATTERNS.extend((re.compile(_FIELD.sub(r"(?P<\1>.+?)", re.escape(t)) + r"\Z", re.S), t) for t in CLICK)
    for pattern, template in _PATTERNS:
        found = pattern.match(message)
        if found:
            values = found.groupdict()
            for key in ("message", "kind"):
                if key in values:
                    values[key] = click_message(values[key]) if key == "message" else _(values[key])
            return _(template).format(**values)
    return message


def show_usage_error(err) -> None:
    """Click's UsageError.show in the user's language: the usage line, where to find help, the error."""
    import typer

    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(command=ctx.command_path,
                                                                  option=ctx.help_option_names[0]) + "\n"
        typer.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=ctx.color)
    typer.echo(_("Error: {message}").format(message=click_message(err.format_message())), err=True)


def translate_help(command) -> None:
    """Put the help of a Click command tree (the app's commands, their options) into the user's language.

    Help texts are marked ``N_`` (options) or are the commands' docstrings; both are keys of the catalog.
    """
    if not is_chinese():
        return
    for attr in ("help", "short_help", "epilog"):
        text = getattr(command, attr, None)
        if isinstance(text, str):
            setattr(command, attr, _(text))
    for param in getattr(command, "params", ()):
        if isinstance(getattr(param, "help", None), str):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def install() -> None:
    """Make Typer speak the user's language (idempotent; called by ``cli.main`` before the app runs).

    Where (typer 0.29.2): gettext's default domain (typer.core, typer.rich_utils, whose constants are
    set again if it was imported already), ``typer._click.formatting.HelpFormatter.write_usage``'s
    default prefix, and the help text ``typer._click.decorators.help_option`` gives --help.
    """
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        for name, text in _RICH_CONSTANTS.items():
            if hasattr(rich_utils, name):
                setattr(rich_utils, name, gettext.gettext(text))
    try:
        from typer._click import decorators, formatting
    except ImportError:
        return
    write_usage = getattr(formatting.HelpFormatter, "write_usage", None)
    if write_usage is not None and not getattr(write_usage, "_collateral", False):
        def usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

        usage._collateral = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = usage
    help_option = getattr(decorators, "help_option", None)
    if help_option is not None and not getattr(help_option, "_collateral", False):
        def translated_help_option(param_decls):
            add = help_option(param_decls)

            def apply(command):
                add(command)
                option = command.params[-1] if command.params else None
                if option is not None and getattr(option, "help", None):
                    option.help = _(option.help)
                    show = option.callback

                    def show_help(ctx, param, value):
                        if value:
                            chinese_line_breaks()
                        return show(ctx, param, value)

                    option.callback = show_help
                return command

            return apply

        translated_help_option._collateral = True  # type: ignore[attr-defined]
        decorators.help_option = translated_help_option


# Where a line of Chinese may break: between any two characters, but not before a closing mark (，。）)
# nor after an opening one (（“). A "word" for Rich is one such piece, or a run of other text.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019"
_OPENING = "（“‘「『【《〈"
_CLOSING = "，。、；：！？）”’」』】》〉…"
_WORD = re.compile(rf"\s*(?:[{_OPENING}]*[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]+[{_CLOSING}]*)\s*")


def chinese_line_breaks() -> None:
    """Let Rich (Typer's help) break Chinese lines between characters, as Chinese text breaks.

    Why: Rich breaks lines at spaces only, so a Chinese sentence is one long "word" that it cuts off with
    "…" in the help's tables. Where (rich 13–15): ``rich._wrap.re_word``, the pattern of a word;
    patched only when the help is shown in Chinese (a test reads the help in a narrow terminal).
    """
    if not is_chinese():
        return
    try:
        from rich import _wrap
    except ImportError:
        return
    if isinstance(getattr(_wrap, "re_word", None), re.Pattern):
        _wrap.re_word = _WORD


_RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ", "DEFAULT_STRING": "[default: {}]", "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]", "ARGUMENTS_PANEL_TITLE": "Arguments", "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands", "ERRORS_PANEL_TITLE": "Error", "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
