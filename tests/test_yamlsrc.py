"""YAML the data loader refuses with file:line instead of crashing: nesting too deep."""

from __future__ import annotations

import pytest
from conftest import county_file, line_of

from collateral.data.yamlsrc import MAX_DEPTH


@pytest.mark.parametrize("nested", [
    "[" * 5000 + "]" * 5000,  # the county file: libyaml gives up at 1,000, PyYAML would recurse
    "[" * 300 + "]" * 300,  # deep enough for PyYAML's constructors to recurse, not for libyaml
    "{a: " * 5000 + "1" + "}" * 5000,
])
@pytest.mark.parametrize("command", [("template", "410105"), ("import", "x.csv", "--dry-run"),
                                     ("web", "410105", "-o", "web")])
def test_a_county_nested_too_deep_names_file_and_line(cli, data_copy, tmp_path, nested, command):
    path = county_file(data_copy, "410105")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\noffice:", f"\nnote: {nested}\noffice:", 1), encoding="utf-8")
    line = line_of(path, "note: ")
    (tmp_path / "x.csv").write_text("代码,职务,姓名,公开号码\n410105,区委书记,王建国,\n", encoding="utf-8")
    args = [command[0], *(a if a not in ("x.csv", "web") else str(tmp_path / a) for a in command[1:])]
    r = cli(*args, "--data", data_copy)
    assert r.code == 1, r.err
    assert f"error: data/henan/410100-郑州市/410105-金水区.yaml:{line}: nested more than {MAX_DEPTH} levels" in r.err
    assert "Recursion" not in r.err and "Traceback" not in r.err


def test_nesting_the_data_needs_still_loads(tmp_path):
    from collateral.data.yamlsrc import load_yaml

    path = tmp_path / "ok.yaml"
    path.write_text("a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n", encoding="utf-8")
    value = load_yaml(path)["a"]
    for _ in range(MAX_DEPTH - 1):
        (value,) = value
    assert value == 1
