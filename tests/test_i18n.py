"""The tool speaks its users' language: Chinese when the locale is Chinese, English otherwise.

The CLI runs in a subprocess with the locale a user has (``LANG=zh_CN.UTF-8``
or ``LANG=C``), and the tests read what it prints. The catalogs are checked
against the code: every message marked in it is translated (placeholders
kept), the committed .mo is the compiled .po, and Typer's own strings are in
the catalog.
"""

from __future__ import annotations

import ast
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import collateral
from collateral import i18n

REPO = Path(__file__).resolve().parents[1]
LOCALE = Path(collateral.__file__).parent / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "collateral.po"
MO = PO.with_suffix(".mo")
POT = LOCALE / "collateral.pot"
FIELD = re.compile(r"\{[^{}]*\}|%[sdr]")


def run(*args: str, lang: str = "zh_CN.UTF-8", **env: str) -> subprocess.CompletedProcess:
    """The CLI as a user runs it, with the locale ``lang`` (and nothing else saying a language)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update({"LANG": lang, "TERMINAL_WIDTH": "100", **env})
    return subprocess.run([sys.executable, "-m", "collateral.cli.app", *args], capture_output=True, text=True,
                          env=environ, cwd=REPO, timeout=120)


def catalog():
    with open(PO, "rb") as fh:
        return read_po(fh, locale="zh_CN")


# -- what a user sees ---------------------------------------------------------------------------------


def test_help_is_in_chinese_in_a_chinese_locale():
    r = run("--help")
    assert r.returncode == 0, r.stderr
    for words in ("用法: collateral [OPTIONS] COMMAND [ARGS]...", "手机信访宣传品：可直接付印的宣传材料。",
                  "─ 选项 ─", "─ 命令 ─", "显示版本号并退出。", "显示本帮助并退出。",
                  "为 TARGET 制作乡镇宣传单，按打印机能用的规格。",
                  "为全省（或 TARGET）制作成品包"):
        assert words in r.stdout, words
    for english in ("Usage:", "Options", "Commands", "Show this message", "Make the township leaflet"):
        assert english not in r.stdout


def test_a_commands_help_is_in_chinese_with_its_defaults_and_required_marks():
    r = run("leaflet", "--help")
    assert r.returncode == 0, r.stderr
    for words in ("用法: collateral leaflet", "─ 参数 ─", "[必填]", "PDF 写入的文件夹。", "[默认：out]",
                  "不生成两拼或三折页的打印说明文件（…-说明.pdf）。", "版次日期 YYYY-MM-DD（默认：今天）。"):
        assert words in r.stdout, words
    assert "Directory to write" not in r.stdout


def test_chinese_help_breaks_between_characters_instead_of_cutting_lines_off():
    r = run("--help", TERMINAL_WIDTH="64")
    assert r.returncode == 0, r.stderr
    assert "…" not in r.stdout  # Rich cuts a line it cannot break with an ellipsis
    text = "".join(line.strip("│ ").split("  ")[-1] for line in r.stdout.splitlines())
    assert "并行制作，中断后可续做。" in text
    assert not any(line.lstrip("│ ").startswith(("，", "。", "、")) for line in r.stdout.splitlines())


def test_an_unknown_unit_is_said_in_chinese_with_the_closest_names():
    r = run("leaflet", "不存在乡", "-o", "/nonexistent/never-written")
    assert r.returncode == 1
    assert r.stderr.strip() == "错误: 没有名为 '不存在乡' 的市、县或乡镇（目标 '不存在乡'）"
    r = run("leaflet", "花园路街")
    assert r.returncode == 1
    assert r.stderr.strip().startswith("错误: 没有名为 '花园路街' 的市、县或乡镇（目标 '花园路街'）；最接近的：花园路街道")
    assert "Traceback" not in r.stderr


def test_the_same_errors_are_in_english_in_the_c_locale():
    r = run("leaflet", "不存在乡", lang="C")
    assert r.returncode == 1
    assert r.stderr.strip() == "error: no city, county or township named '不存在乡' (target '不存在乡')"
    r = run("--help", lang="C")
    assert "Usage: collateral [OPTIONS] COMMAND [ARGS]..." in r.stdout
    assert "Make the township leaflet (宣传单) for TARGET" in r.stdout
    assert "Show this message and exit." in r.stdout
    assert "用法" not in r.stdout and "选项" not in r.stdout


def test_clicks_own_usage_errors_are_in_chinese():
    r = run("leaflet", "--bogus")
    assert r.returncode == 1
    assert "用法: collateral leaflet [OPTIONS]" in r.stderr
    assert "运行 'collateral leaflet --help' 查看帮助。" in r.stderr
    assert "错误: 没有这个选项：--bogus" in r.stderr
    assert "缺少参数 'target'。" in run("leaflet").stderr
    assert "错误: '--jobs' 的值无效：应为整数" in run("batch", "--jobs", "x").stderr
    assert "错误: 没有 'nocmd' 这个命令。" in run("nocmd").stderr
    assert "Error" not in run("nocmd").stderr
    assert "Error: No such option: --bogus" in run("leaflet", "--bogus", lang="C").stderr


def test_file_line_unit_and_field_stay_in_a_chinese_warning(tmp_path):
    r = run("leaflet", "410105001", "-o", str(tmp_path), "--date", "2026-11-28")
    assert r.returncode == 0, r.stderr
    county = "data/henan/410100-郑州市/410105-金水区.yaml"
    line = next(n for n, text in enumerate((REPO / county).read_text(encoding="utf-8").splitlines(), 1)
                if "区委书记" in text)
    assert f"警告: {county}:{line} | 410105 金水区 | leaders[1]: 区委书记：缺姓名 或 电话；印成空行，留待手写" in r.stderr
    assert "410105001 经八路街道：1 份宣传单，用时" in r.stderr


def test_a_batchs_progress_and_summary_are_in_chinese_and_english(tmp_path):
    args = ("batch", "410105", "--products", "leaflet", "--date", "2026-11-28", "--jobs", "1")
    r = run(*args, "-o", str(tmp_path / "zh"))
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert "[1/24] 已做 410105001 经八路街道 leaflet" in lines
    assert re.fullmatch(r"新做 24 件，0 件无变化，0 个单位失败，\d+ 条警告，用时 [\d.]+ 秒 → .*zh（24 个文件，写出 1 个 zip）",
                        lines[-1]), lines[-1]
    assert any(line.startswith("就绪情况：24 个单位中有") for line in lines)
    r = run(*args, "-q", "-o", str(tmp_path / "en"), lang="C")
    assert r.returncode == 0, r.stderr
    assert re.fullmatch(r"24 made, 0 unchanged, 0 unit\(s\) failed, \d+ warning\(s\) in [\d.]+ s → .*en "
                        r"\(24 files, 1 zip\(s\) written\)", r.stderr.splitlines()[-1])


@pytest.mark.parametrize("env, chinese", [
    ({"lang": "C", "LC_ALL": "zh_CN.UTF-8"}, True),  # LC_ALL before LANG
    ({"lang": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, True),
    ({"lang": "zh_CN.UTF-8", "LANGUAGE": "en_US:en"}, False),  # LANGUAGE first, as gettext reads them
    ({"lang": "zh_CN.GB18030"}, True),
    ({"lang": "en_US.UTF-8"}, False),
])
def test_the_language_is_chosen_as_gettext_chooses_it(env, chinese):
    r = run("leaflet", "不存在乡", **env)
    assert r.stderr.startswith("错误: 没有名为") if chinese else r.stderr.startswith("error: no city")


# -- the catalogs -------------------------------------------------------------------------------------


def _extracted() -> dict[str, list[str]]:
    """msgid → where, from the code, by the method map of babel.cfg (as ``pybabel extract`` reads it)."""
    sys.path.insert(0, str(REPO / "tools"))
    try:
        with open(REPO / "babel.cfg", encoding="utf-8") as fh:
            method_map, options_map = parse_mapping_cfg(fh, str(REPO / "babel.cfg"))
        found: dict[str, list[str]] = {}
        for file, line, message, _comments, _context in extract_from_dir(str(REPO), method_map, options_map):
            if isinstance(message, tuple):
                message = message[0]
            found.setdefault(message, []).append(f"{file}:{line}")
        return found
    finally:
        sys.path.remove(str(REPO / "tools"))


def test_every_message_in_the_code_is_translated_with_its_placeholders():
    found = _extracted()
    messages = {m.id: m for m in catalog() if m.id}
    assert len(found) > 150
    missing = {m: where for m, where in found.items() if m not in messages}
    assert not missing, f"not in the zh_CN catalog (run the update in docs/_notes/i18n.md): {missing}"
    for msgid in found:
        message = messages[msgid]
        assert message.string, f"untranslated: {msgid!r}"
        assert "fuzzy" not in message.flags, msgid
        assert sorted(FIELD.findall(message.string)) == sorted(FIELD.findall(msgid)), (msgid, message.string)


def test_the_committed_template_holds_exactly_the_messages_of_the_code():
    with open(POT, "rb") as fh:
        template = {m.id for m in read_po(fh) if m.id}
    assert template == set(_extracted())


def test_the_committed_mo_is_the_compiled_po():
    compiled = io.BytesIO()
    write_mo(compiled, catalog())
    assert MO.read_bytes() == compiled.getvalue(), "run: pybabel compile -D collateral -d src/collateral/locale"


def test_typers_own_strings_are_in_the_catalog():
    """Every ``_("…")`` of typer.core and typer.rich_utils: a new Typer's new string fails here."""
    import typer

    root = Path(typer.__file__).parent
    used = set()
    for name in ("core.py", "rich_utils.py"):
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_" and node.args \
                    and isinstance(node.args[0], ast.Constant):
                used.add(node.args[0].value)
    assert used and used <= set(i18n.TYPER)
    messages = {m.id: m.string for m in catalog()}
    assert all(messages.get(text) for text in used)


def test_clicks_written_in_messages_are_still_the_ones_translated():
    """The English forms in i18n.CLICK_PATCHED and the fixed words of the usage errors are in typer._click."""
    import typer

    source = "".join(p.read_text(encoding="utf-8") for p in (Path(typer.__file__).parent / "_click").glob("*.py"))
    for words in ('"Usage: "', "Show this message and exit.", "Try '{command} {option}' for help.",
                  "No such option: ", "(Possible options: ", 'f"Missing {param_type}{param_hint}.',
                  "Got unexpected extra argument(s) (", "does not take a value.", "requires {msg}"):
        assert words in source, words


def test_english_is_the_identity_and_chinese_a_lookup(monkeypatch):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    try:
        monkeypatch.setenv("LANG", "C")
        i18n.reset()
        assert not i18n.is_chinese()
        assert i18n._("error") == "error"
        assert i18n.click_message("No such option: --x") == "No such option: --x"
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        i18n.reset()
        assert i18n.is_chinese()
        assert i18n._("error") == "错误"
        assert i18n.click_message("No such option: --x (Possible options: --out)") == "没有这个选项：--x（可能是：--out）"
        assert i18n.click_message("Invalid value for '--jobs': Value 'x' is not a valid integer.") == \
            "'--jobs' 的值无效：'x' 不是有效的整数。"
        assert i18n.click_message("something Click never said") == "something Click never said"
    finally:
        i18n.reset()
