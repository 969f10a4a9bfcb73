"""The font cache: the face it gives back is the parsed one, it lives where the environment says, and a
damaged one is only a slower start."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from collateral.rl import fontcache
from collateral.paths import fonts_dir

FONT = fonts_dir() / "NotoSansSC-Supplement-Regular.ttf"  # the small one: parsed in a few ms


def _attrs(face) -> dict:
    out = {k: v for k, v in vars(face).items() if k != "_ttf_data" and not callable(v)}
    out["glyphToChar"] = face.glyphToChar
    out["hmetrics"] = list(face.hmetrics)
    return out


def test_a_cached_face_is_the_parsed_face(monkeypatch, tmp_path):
    monkeypatch.setenv("COLLATERAL_CACHE_DIR", str(tmp_path))
    parsed = ttfonts.TTFontFace(str(FONT))
    fontcache.save(FONT, parsed)
    (cache,) = tmp_path.iterdir()
    assert cache.name.startswith(FONT.name) and cache.suffix == ".fontcache"
    loaded = fontcache.load(FONT)
    assert isinstance(loaded, ttfonts.TTFontFace)
    assert _attrs(loaded) == _attrs(parsed)
    assert loaded._ttf_data[:] == FONT.read_bytes()
    subset = [0, 32, *sorted(parsed.charToGlyph)[100:140]]
    assert loaded.makeSubset(subset) == parsed.makeSubset(subset)  # what gets embedded, byte for byte


@pytest.mark.parametrize("env, where", [
    ({"COLLATERAL_CACHE_DIR": "{tmp}/mine", "XDG_CACHE_HOME": "{tmp}/xdg"}, "mine"),
    ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/collateral"),
    ({"HOME": "{tmp}/home"}, "home/.cache/collateral"),
])
def test_the_cache_lives_where_the_environment_says(monkeypatch, tmp_path, env, where):
    for key in ("COLLATERAL_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value.format(tmp=tmp_path))
    fontcache.save(FONT, ttfonts.TTFontFace(str(FONT)))
    (cache,) = (tmp_path / where).iterdir()
    assert cache == fontcache.cache_file(FONT)


def test_a_damaged_or_foreign_cache_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("COLLATERAL_CACHE_DIR", str(tmp_path))
    fontcache.save(FONT, ttfonts.TTFontFace(str(FONT)))
    cache = fontcache.cache_file(FONT)
    cache.write_bytes(cache.read_bytes()[:-10])  # cut short, as by a full disk
    assert fontcache.load(FONT) is None
    cache.write_bytes(b"\x80\x05 a pickle of the older format")
    assert fontcache.load(FONT) is None


def test_an_unwritable_cache_folder_is_only_a_slower_start(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COLLATERAL_CACHE_DIR", str(blocker / "cache"))
    fontcache.save(FONT, ttfonts.TTFontFace(str(FONT)))  # no error
    assert fontcache.load(FONT) is None
    assert not Path(blocker / "cache").exists()
