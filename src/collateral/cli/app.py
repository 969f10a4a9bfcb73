"""The ``collateral`` command line: the only place errors become messages and exit codes.

Exit codes: 0 done; 1 the data, a layout or the command line is wrong (the
message says where); 2 an internal error (a bug: please report it); 130
interrupted by Ctrl-C (what was finished is whole: run again to finish).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collateral import __version__
from collateral.cli import args as cliargs
from collateral.cli import data as clidata
from collateral.cli import make as climake
from collateral.cli import pack as clipack
from collateral.cli import report as clireport
from collateral.cli.common import say
from collateral.errors import CollateralError, Interrupted
from collateral.i18n import N_, _

app = typer.Typer(
    name="collateral",
    help=N_("Print-ready publicity material for the mobile petition channels (手机信访宣传品)."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


def _version(value: bool) -> None:
    if value:
        typer.echo(f"collateral {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=N_("Show the version and exit."))] = False,
) -> None:
    """Make leaflets, booklets and boards for every jurisdiction from the bundled data."""


# -- spreadsheets: collect leaders' names and numbers from the offices (issue 11) ----------


# the commands, in the order --help lists them: make pieces, the pack, data and web, the campaign's checks
for _commands in (climake, clipack, clidata, clireport):
    _commands.register(app)


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` name, if they name one: Typer builds (and inspects) every command
    it holds before running one, a tenth of a one-leaflet start. The app's own help, ``--version`` and a
    mistyped command (answered with the commands it could mean) still get the whole app."""
    import copy

    if not args or args[0].startswith("-"):
        return app
    keep = [c for c in app.registered_commands
            if (c.name or typer.main.get_command_name(c.callback.__name__)) == args[0]]
    if not keep:
        return app
    one = copy.copy(app)
    one.registered_commands = keep
    return one


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turn errors into messages and exit codes."""
    from collateral import i18n

    cliargs.install()  # plain values without pydantic: ~150 ms off every command's start
    i18n.install()  # Typer's own words in the user's language
    args = sys.argv[1:] if argv is None else argv
    if not args:  # the app's help, shown as the arguments are parsed
        i18n.chinese_line_breaks()
    try:
        command = typer.main.get_command(_app_for(args))
        i18n.translate_help(command)
        result = command.main(args=argv, prog_name="collateral", standalone_mode=False)
    except CollateralError as err:
        for problem in err.problems:
            say(str(problem))
        return 1
    except typer.Exit as err:
        return err.exit_code
    except typer.TyperException as err:  # usage errors: bad option, missing argument
        if type(err).__name__ == "NoArgsIsHelpError":  # `collateral` alone: its help (shown when raised)
            err.show()
        elif hasattr(err, "format_message"):
            i18n.show_usage_error(err)
        else:
            say(_("error: {message}").format(message=err))
        return 1
    except typer.Abort as err:
        if isinstance(err.__cause__, KeyboardInterrupt):  # Click turns Ctrl-C into Abort
            say(_("interrupted"))
            return INTERRUPTED
        say(_("aborted"))
        return 1
    except Interrupted as err:  # Ctrl-C in a command that can say what it had done
        say(_(err.message))  # the default "interrupted", or the command's own (translated where it is made)
        return INTERRUPTED
    except KeyboardInterrupt:
        say(_("interrupted"))
        return INTERRUPTED
    except Exception as err:  # a bug, not the user's fault: say so
        import traceback

        traceback.print_exc()
        say(_("internal error: {kind}: {error} (please report this)").format(kind=type(err).__name__, error=err))
        return 2
    return result if isinstance(result, int) else 0


def _leave(code: int) -> None:
    """End the process without the interpreter's teardown (~100 ms of freeing fonts, modules and caches).

    Only for a finished command: the exit handlers still run (worker pools,
    temporary folders, logging) and the standard streams are flushed first;
    every file the command writes is closed and renamed before this.
    """
    import atexit
    import os

    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # a closed pipe or a failing handler: let the normal exit report it
        sys.exit(code)
    os._exit(code)


def run() -> None:
    """Console-script entry point."""
    _leave(main())

if __name__ == "__main__":
    _leave(main())
