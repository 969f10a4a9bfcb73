"""JSON Schemas for editors: generated from the loaders' rules, committed, and refusing what check refuses.

An office types into a data file in VS Code; the schema named on its first line
flags a misspelt key or a bad number at once. These tests hold the schema to
``collateral check``: the committed files are what the rules generate, every
bundled file validates, and for a table of edits a clerk could make, the schema
and the loader refuse (or accept) together.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from collateral.data.datafile import parse_file
from collateral.data.guide import load_guide
from collateral.data.jsonschemas import MODELINE, data_files, layout_files, modeline, rendered, stamped
from collateral.data.model import Level
from collateral.data.yamlsrc import LocDict, load_yaml
from collateral.errors import DataError, Severity
from collateral.paths import data_dir, home, layouts_dir
from collateral.products.layoutschema import all_schemas
from collateral.products.specload import parse_layout

SCHEMAS = home() / "schemas"
JINSHUI = "henan/410100-郑州市/410105-金水区.yaml"


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")))


def schema_errors(path: Path, name: str) -> list[str]:
    """What an editor would flag: ``file:line: $.json.path: message``, the line found as yamlsrc records it."""
    doc = load_yaml(path, path.name)
    out = []
    for err in sorted(validator(name).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        node, line = doc, 1
        for part in err.absolute_path:
            line = node.line_of(part)
            node = node[part]
        if err.validator == "additionalProperties" and isinstance(node, LocDict):  # the unexpected key's own line
            line = min(node.line_of(k) for k in node if k not in err.schema.get("properties", {}))
        out.append(f"{path.name}:{line}: {err.json_path}: {err.message}")
    return out


def check_errors(path: Path, name: str) -> list[str]:
    """What loading the file refuses (the reader ``collateral check`` runs on it), as ``line: field: message``."""
    try:
        if name == "guide":
            load_guide(path, path.name)
            return []
        if name == "layout":
            parse_layout(path, path.name, layouts_dir())
            return []
    except DataError as err:
        return [f"{p.line}: {p.field}: {p.message}" for p in err.problems]
    level = {"province": Level.PROVINCE, "city": Level.CITY, "county": Level.COUNTY}[name]
    parent = {"province": None, "city": "410000", "county": "410100"}[name]
    problems = parse_file(path, path.name, level, parent).problems
    return [f"{p.line}: {p.field}: {p.message}" for p in problems if p.severity == Severity.ERROR]


def test_the_committed_schemas_are_what_the_rules_generate():
    generated = all_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(generated)
    for name, schema in generated.items():
        Draft202012Validator.check_schema(schema)
        assert (SCHEMAS / name).read_bytes() == rendered(schema), (
            f"schemas/{name} is stale: run `collateral schema -o schemas/` and commit it")


def test_every_bundled_data_and_layout_file_names_its_schema_and_validates():
    files = {**data_files(data_dir()), **layout_files(layouts_dir())}
    assert len([n for n in files.values() if n == "county"]) > 150 and len(files) > 200
    assert set(files.values()) == {"province", "city", "county", "guide", "layout"}
    for path, name in files.items():
        first = path.read_text(encoding="utf-8").partition("\n")[0]
        assert first == modeline(path, SCHEMAS, name), path
        assert (path.parent / first.removeprefix(MODELINE)).resolve() == (SCHEMAS / f"{name}.schema.json").resolve()
        assert schema_errors(path, name) == [], path


def test_a_misspelt_key_fails_with_its_json_path_and_line_and_check_refuses_it_too(tmp_path):
    path = tmp_path / "410105-金水区.yaml"
    text = (data_dir() / JINSHUI).read_text(encoding="utf-8")
    path.write_text(text.replace("  - role: 区长\n    name:", "  - role: 区长\n    nmae:", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "nmae" in t)
    assert schema_errors(path, "county") == [
        f"410105-金水区.yaml:{line}: $.leaders[1]: Additional properties are not allowed ('nmae' was unexpected)"]
    assert check_errors(path, "county") == [
        f"{line}: leaders[2].nmae: unknown key 'nmae' (allowed: name, phone, role)"]


def test_a_bad_phone_number_fails_and_a_full_width_one_passes_as_check_converts_it(tmp_path):
    path = tmp_path / "410105-金水区.yaml"
    text = (data_dir() / JINSHUI).read_text(encoding="utf-8")
    path.write_text(text.replace('phone: ""', 'phone: "1391234567"', 1), encoding="utf-8")  # 10 digits
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "1391234567" in t)
    (error,) = schema_errors(path, "county")
    assert error.startswith(f"410105-金水区.yaml:{line}: $.leaders[0].phone: '1391234567' does not match")
    assert check_errors(path, "county") == [
        f"{line}: leaders[1].phone: malformed phone number '1391234567': expected a mobile number (11 digits, 1[3-9]…) "
        "or a landline 0xx(x)-xxxxxxx(x)"]
    path.write_text(text.replace('phone: ""', 'phone: "０３７１－６５９０３３９３"', 1), encoding="utf-8")
    assert schema_errors(path, "county") == [] and check_errors(path, "county") == []


# (file, text in the bundled file, replaced by): a clerk's or designer's edit.
EDITS = {
    "unknown top key": ("county", "office: 金水区信访局", "offices: 金水区信访局"),
    "code unquoted": ("county", 'code: "410105"', "code: 410105"),
    "township code 8 digits": ("county", 'code: "410105001"', 'code: "41010500"'),
    "code in full-width digits": ("county", 'code: "410105001"', 'code: "４１０１０５００１"'),
    "tab in a name": ("county", "name: 经八路街道", 'name: "经八\\t路街道"'),
    "right-to-left override": ("county", "name: 经八路街道", 'name: "经八\\u202e路街道"'),
    "name left empty": ("county", "name: 经八路街道", 'name: " "'),
    "leader without role": ("county", "  - role: 区长\n", "  - rolle: 区长\n"),
    "landline without dash": ("county", 'phone: ""', 'phone: "037165903393"'),
    "landline": ("county", 'phone: ""', 'phone: "0371-65903393"'),
    "mobile with spaces around": ("county", 'phone: ""', 'phone: " 13912345678 "'),
    "office left empty": ("county", "office: 金水区信访局", "office:"),
    "qr not a URL": ("province", "qr: https://www.hnxf.gov.cn/placeholder/wechat", "qr: www.hnxf.gov.cn"),
    "qr on a port": ("province", "qr: https://www.hnxf.gov.cn/placeholder/wechat", "qr: http://hnxf.gov.cn:8080/a"),
    "placeholder as text": ("province", "    placeholder: true", "    placeholder: 是"),
    "unknown channel": ("province", "  app:\n", "  android:\n"),
    "unknown guide placeholder": ("guide", "“{sms_number}”", "“{sms_numbr}”"),
    "guide literal braces": ("guide", "“{sms_number}”", "“{{sms_number}}”"),
    "guide lone brace": ("guide", "“{sms_number}”", "“{sms_number”"),
    "unknown layout key": ("layout", "bleed: 3", "bleeds: 3"),
    "bleed too large": ("layout", "bleed: 3", "bleed: 25"),
    "font not a choice": ("layout", "title: {font: bold,", "title: {font: italic,"),
    "made_for a mapping": ("layout", "made_for: township", "made_for: {township: 1}"),
    "made_for two levels": ("layout", "made_for: township", "made_for: [county, township]"),
    "unknown block kind": ("layout", "kind: rect,", "kind: rectangle,"),
    "unknown block parameter": ("layout", "kind: qr_card,", "kind: qr_card, qr_sizes: 30,"),
    "unknown layout field": ("layout", "{place}", "{plcae}"),
    "style named by a list": ("layout", "style: place,", "style: [place],"),
    "colour over 100": ("layout", "primary: [0, 100, 90, 15]", "primary: [0, 101, 90, 15]"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_what_the_schema_refuses_check_refuses_and_what_it_takes_check_takes(tmp_path, edit):
    name, old, new = EDITS[edit]
    source = {"county": data_dir() / JINSHUI, "province": data_dir() / "province.yaml",
              "guide": data_dir() / "guide.yaml", "layout": layouts_dir() / "leaflet-a4.yaml"}[name]
    path = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    by_schema, by_check = schema_errors(path, name), check_errors(path, name)
    assert bool(by_schema) == bool(by_check), f"schema: {by_schema}\ncheck: {by_check}"
    accepted = {"made_for two levels", "landline", "mobile with spaces around", "office left empty",
                "qr on a port", "guide literal braces"}
    assert (not by_schema) == (edit in accepted), by_schema


def test_a_key_the_loader_learns_without_a_schema_stops_the_generator(monkeypatch):
    from collateral.products import layoutschema, specload

    monkeypatch.setattr(layoutschema, "TOP_KEYS", specload.TOP_KEYS | {"margin"})
    with pytest.raises(AssertionError, match="TOP_KEYS changed"):
        layoutschema.layout_schema()


def test_stamping_replaces_or_adds_the_first_line_and_keeps_the_rest():
    line = "# yaml-language-server: $schema=../schemas/city.schema.json"
    assert stamped("# 郑州市\ncode: x\n", line) == f"{line}\n# 郑州市\ncode: x\n"
    assert stamped("# yaml-language-server: $schema=old.json\n# 郑州市\n", line) == f"{line}\n# 郑州市\n"


def test_schema_command_writes_checks_and_stamps_an_offices_own_copy(cli, tmp_path, monkeypatch):
    """An office keeps data and layouts of its own (COLLATERAL_HOME): the schemas and the first lines follow it."""
    office = tmp_path / "office"
    shutil.copytree(data_dir(), office / "data")
    shutil.copytree(layouts_dir(), office / "layouts")
    county = office / "data" / JINSHUI
    county.write_text(county.read_text(encoding="utf-8").partition("\n")[2], encoding="utf-8")  # line lost
    monkeypatch.setenv("COLLATERAL_HOME", str(office))

    r = cli("schema", "-o", office / "schemas", "--check")
    assert r.code == 1 and "differ from the rules of this version" in r.err
    r = cli("schema", "-o", office / "schemas", "--stamp")
    assert r.code == 0, r.err
    assert sorted(p.name for p in (office / "schemas").iterdir()) == sorted(all_schemas())
    assert county.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/county.schema.json\n# 金水区（郑州市）")
    assert "1 of " in r.err  # only the file that had lost its line was rewritten
    assert cli("schema", "-o", office / "schemas", "--check").code == 0
    assert schema_errors(county, "county") == []


def _patterns(node) -> set[str]:
    if isinstance(node, dict):
        own = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return own | {p for v in node.values() for p in _patterns(v)}
    if isinstance(node, list):
        return {p for v in node for p in _patterns(v)}
    return set()


@pytest.mark.skipif(shutil.which("node") is None, reason="no Node.js to run editors' regex engine")
def test_the_patterns_mean_the_same_to_an_editors_regex_engine(tmp_path):
    """Editors run the schemas in JavaScript (ECMA-262 regexes, the u flag): the same strings pass and fail."""
    import subprocess

    patterns = sorted(p for s in all_schemas().values() for p in _patterns(s))
    samples = ["13912345678", "０３７１－６５９０３３９３", "1391234567", "", " 410105 ", "经八\t路街道",
               "经八\u202e路街道", "a{sms_number}b", "{sms_numbr}", "{{x}}", "https://a.cn/x", "www.a.cn",
               "section:", "section:channels", "{place}", "{plcae}"]
    (tmp_path / "in.json").write_text(json.dumps([patterns, samples]), encoding="utf-8")
    script = ("const [p, s] = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));"
              "console.log(JSON.stringify(p.map(x => s.map(t => new RegExp(x, 'u').test(t)))));")
    out = subprocess.run(["node", "-e", script, str(tmp_path / "in.json")], capture_output=True, text=True,
                         check=True).stdout
    assert len(patterns) >= 8
    assert json.loads(out) == [[re.search(p, t) is not None for t in samples] for p in patterns]


def test_stamping_a_file_that_is_not_utf8_is_one_line_and_changes_nothing(cli, tmp_path, monkeypatch):
    office = tmp_path / "office"
    shutil.copytree(data_dir(), office / "data")
    shutil.copytree(layouts_dir(), office / "layouts")
    county = office / "data" / JINSHUI
    county.write_bytes(county.read_text(encoding="utf-8").partition("\n")[2].encode("gbk"))
    before = (office / "data" / "province.yaml").read_bytes()
    (office / "data" / "province.yaml").write_bytes(before.partition(b"\n")[2])
    monkeypatch.setenv("COLLATERAL_HOME", str(office))
    r = cli("schema", "-o", office / "schemas", "--stamp")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1 and "410105-金水区.yaml" in r.err, r.err
    assert not (office / "data" / "province.yaml").read_bytes().startswith(b"# yaml-language-server")
