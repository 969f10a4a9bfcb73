"""The filled dataset (tools/fill_data.py): realistic leaders, valid for the data rules, the same every time."""

from __future__ import annotations

import re

import yaml

from collateral.data.dataset import Dataset
from collateral.data.model import Level
from collateral.paths import data_dir
from conftest import fill_data


def _leaders(data):
    dataset = Dataset(data).load_all()
    return dataset, [(u, l) for u in dataset.units() for l in u.leaders]


def test_every_leader_is_named_with_a_valid_number(filled_data):
    dataset, leaders = _leaders(filled_data)
    assert not [p for p in dataset.problems if p.severity.name == "ERROR"]
    assert leaders and all(l.name and l.phone for _, l in leaders)
    names = [l.name for _, l in leaders]
    assert {len(n) for n in names if "·" not in n} == {2, 3, 4}
    assert any(n.startswith(("欧阳", "司马", "上官", "诸葛")) for n in names)
    dotted = [n for n in names if "·" in n]
    assert dotted and max(len(n) for n in dotted) <= 8 and any(len(n) == 8 for n in dotted)
    phones = [l.phone for _, l in leaders]
    assert any(re.fullmatch(r"0\d{3}-\d{8}", p) for p in phones) and any(re.fullmatch(r"1\d{10}", p) for p in phones)
    roles = [l.role for _, l in leaders]
    assert max(len(r) for r in roles) == 10 and "副区长（分管信访）" in roles


def test_some_townships_have_their_own_leaders(filled_data):
    dataset = Dataset(filled_data).load_all()
    townships = [u for u in dataset.units() if u.level == Level.TOWNSHIP]
    with_leaders = [t for t in townships if t.leaders]
    assert 0.15 < len(with_leaders) / len(townships) < 0.35
    assert {len(t.leaders) for t in with_leaders} == {2, 3}


def test_same_seed_same_files(filled_data, tmp_path):
    """Deterministic: a second run writes the same bytes, so test failures reproduce."""
    again = fill_data.fill(data_dir(), tmp_path / "again")
    for path in filled_data.rglob("*.yaml"):
        assert (again / path.relative_to(filled_data)).read_bytes() == path.read_bytes(), path


def test_four_char_names_under_one_city(filled_data_four_char):
    dataset, leaders = _leaders(filled_data_four_char)
    inside = [l.name for u, l in leaders if u.code.startswith("4101")]
    outside = [l.name for u, l in leaders if not u.code.startswith("4101")]
    assert inside and all(len(n) == 4 and "·" not in n for n in inside)
    assert any(len(n) != 4 for n in outside)
