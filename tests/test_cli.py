"""The command line: help everywhere, exit codes, and messages instead of tracebacks."""

from __future__ import annotations

import pytest

from collateral import __version__
from collateral.cli.app import app


def test_version(cli):
    r = cli("--version")
    assert r.code == 0
    assert r.out.strip() == f"collateral {__version__}"


@pytest.mark.parametrize("command", ["leaflet", "check"])
def test_every_command_has_help(cli, command):
    r = cli(command, "--help")
    assert r.code == 0
    assert "Usage" in r.out


def test_every_registered_command_has_a_docstring():
    for command in app.registered_commands:
        assert command.callback.__doc__, command.name


@pytest.mark.parametrize(
    "args, message",
    [
        (["leaflet", "999999999"], "no jurisdiction with code 999999999"),
        (["leaflet", "郑州市/不存在区"], "no city, county or township named '不存在区' in 郑州市"),
        (["leaflet", "火星市"], "no city, county or township named '火星市'"),
        (["leaflet", "410105002", "--date", "tomorrow"], "--date 'tomorrow' is not a date"),
        (["leaflet", "410105002", "--layout", "poster-b0"], "no layout 'poster-b0'"),
    ],
)
def test_bad_input_exits_1_with_a_message(cli, tmp_path, args, message):
    r = cli(*args, "-o", tmp_path)
    assert r.code == 1
    assert message in r.err
    assert "Traceback" not in r.err
    assert not list(tmp_path.iterdir())


def test_usage_error_exits_1(cli):
    r = cli("leaflet")
    assert r.code == 1
    assert "Missing argument" in r.err


def test_an_internal_error_exits_2_and_says_it_is_a_bug(cli, tmp_path, monkeypatch):
    from collateral.products import product as products

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(products.Product, "open", broken)
    r = cli("leaflet", "410105002", "-o", tmp_path)
    assert r.code == 2
    assert "internal error: RuntimeError: boom (please report this)" in r.err
