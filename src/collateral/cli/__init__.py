"""The command line: options in, one-line messages and exit codes out.

May import every package below it; nothing imports it. ``app`` holds the Typer app and exit codes; the
commands live by job in ``make``, ``pack``, ``data`` and ``report``.
"""
