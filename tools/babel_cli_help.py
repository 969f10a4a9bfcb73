"""Babel extraction method for the CLI modules: their ``_()``/``N_()`` strings and the commands' docstrings.

Why: Typer shows a command's docstring as its help, and docstrings are no
gettext call, so Babel's own Python method does not see them. This method
yields what that one yields plus the docstring of every top-level function
whose parameters are Typer options or arguments (the commands), cleaned as
``inspect.getdoc`` cleans it: the text ``collateral.i18n.translate_help``
looks up. Named in babel.cfg; run pybabel with ``PYTHONPATH=tools``.
"""

from __future__ import annotations

import ast
import io
import re

from babel.messages.extract import extract_python


_PARAMETER = re.compile(r"typer\.(Option|Argument)\b|\bDataOpt\b")


def _is_command(node: ast.FunctionDef) -> bool:
    """Whether the function takes a Typer option or argument (``DataOpt`` is one, from cli.common)."""
    args = node.args.args + node.args.kwonlyargs
    return any(a.annotation is not None and _PARAMETER.search(ast.unparse(a.annotation)) for a in args)


def extract(fileobj, keywords, comment_tags, options):
    """Babel's extraction method signature: yields (line, funcname, message, comments)."""
    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, None, doc, [f"help of the command function {node.name}"]
