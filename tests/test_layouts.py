"""Product definitions are data: a broken layout is refused with its file:line, before any page is made."""

from __future__ import annotations

from collateral.paths import layouts_dir
from conftest import line_of


def _layout_copy(tmp_path, old, new):
    text = (layouts_dir() / "leaflet-a4.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "custom.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_text_within_5mm_of_the_trim_is_refused(cli, tmp_path):
    path = _layout_copy(tmp_path, "box: [14, 9, 140, 16]", "box: [3, 9, 140, 16]")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert f"{path}:{line_of(path, 'box: [3, 9, 140, 16]')}" in r.err
    assert ("text block [3.0, 9.0, 140.0, 16.0] reaches within the safe area of the 210×297 mm trim "
            "(top 5, right 5, bottom 5, left 5 mm)") in r.err
    assert not (tmp_path / "out").exists()


def test_unknown_style_and_block_kind_are_named(cli, tmp_path):
    path = _layout_copy(tmp_path, "style: subtitle,", "style: subtitel,")
    text = path.read_text(encoding="utf-8").replace("kind: draft_mark", "kind: stamp", 1)
    path.write_text(text, encoding="utf-8")
    r = cli("leaflet", "410105002", "--layout", path, "-o", tmp_path / "out")
    assert r.code == 1
    assert "unknown style 'subtitel'" in r.err
    assert "unknown block kind 'stamp'" in r.err


def test_backgrounds_run_into_the_bleed(cli, tmp_path):
    from conftest import DATE, render_page

    assert cli("leaflet", "410105002", "--press", "-o", tmp_path, "--date", DATE).code == 0
    (pdf,) = tmp_path.glob("*-press.pdf")
    img = render_page(pdf, 0, 72).convert("RGB")
    r, g, b = img.getpixel((1, 1))  # inside the 3 mm bleed, outside the trim
    assert r > 150 and g < 80 and b < 80  # the red band, not paper white
