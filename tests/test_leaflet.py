"""The township leaflet as a user gets it: boxes, fonts, text, scannable codes, one file per township."""

from __future__ import annotations

import re

import pytest
import zxingcpp
from pypdf import PdfReader

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from collateral.data.resolve import resolve
from conftest import DATE, county_file, render_page

MM = 72 / 25.4


def _box(page, name):
    return [float(v) for v in page[name]]


def test_office_output_is_two_exact_a4_pages(jinshui_leaflet):
    reader = PdfReader(jinshui_leaflet)
    assert len(reader.pages) == 2
    for page in reader.pages:
        x0, y0, x1, y1 = _box(page, "/MediaBox")
        assert (x0, y0) == (0, 0)
        assert (x1 / MM, y1 / MM) == (pytest.approx(210, abs=0.01), pytest.approx(297, abs=0.01))
        assert "/TrimBox" not in page and "/BleedBox" not in page


def test_every_font_is_an_embedded_subset(jinshui_leaflet):
    reader = PdfReader(jinshui_leaflet)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name
        assert "/FontFile2" in font["/FontDescriptor"], name
    assert not any("Helvetica" in n for n in fonts)


def test_page_one_names_the_place_and_the_sms_number(jinshui_leaflet):
    text = PdfReader(jinshui_leaflet).pages[0].extract_text().replace("\n", "")
    for expected in ("花园路街道", "金水区", "18837117796", "姓名、住址、身份证号码、反映的具体事项及发生地", "职务", "公开号码"):
        assert expected in text


def test_page_two_carries_the_guide(jinshui_leaflet):
    text = PdfReader(jinshui_leaflet).pages[1].extract_text()
    for expected in ("手机信访事项受理范围", "不予（不再）受理范围", "村民委员会、居民委员会及其成员",
                     "不受理匿名以及事实不清、责任主体不明的信访事项"):
        assert expected in text.replace("\n", "")


def test_qr_codes_scan_at_300_dpi(jinshui_leaflet):
    dataset = Dataset(data_dir())
    resolved = resolve(dataset, dataset.find("410105002"))
    expected = {c.qr for c in resolved.channels.values() if c.qr}
    assert len(expected) == 2
    found = {r.text for r in zxingcpp.read_barcodes(render_page(jinshui_leaflet, 0, 300),
                                                     formats=zxingcpp.BarcodeFormat.QRCode)}
    assert found == expected


def test_qr_codes_are_vectors_not_images(jinshui_leaflet):
    for page in PdfReader(jinshui_leaflet).pages:
        assert not page.images


def test_placeholder_data_marks_the_leaflet_as_a_draft(jinshui_leaflet, cli, data_copy, tmp_path):
    assert "样稿" in PdfReader(jinshui_leaflet).pages[0].extract_text()
    province = data_copy / "province.yaml"
    province.write_text(province.read_text(encoding="utf-8").replace("    placeholder: true\n", ""), encoding="utf-8")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    assert "样稿" not in PdfReader(pdf).pages[0].extract_text()


def test_blank_leader_cells_are_lines_to_fill_and_filled_ones_print(cli, data_copy, tmp_path):
    f = county_file(data_copy, "410105")
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace('name: ""', "name: 张三", 1).replace('phone: ""', 'phone: "0371-65903393"', 1),
                 encoding="utf-8")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    page_text = PdfReader(pdf).pages[0].extract_text()
    assert "张三" in page_text and "0371-65903393" in page_text
    assert "区长: no name or phone; prints as a blank line" in r.err


def test_a_county_target_makes_one_leaflet_per_township(cli, tmp_path):
    r = cli("leaflet", "410105", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    dataset = Dataset(data_dir())
    townships = dataset.townships_under(dataset.find("410105"))
    assert len(townships) > 10
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{t.code}-{t.name}-leaflet-a4.pdf" for t in townships)
    for path in tmp_path.iterdir():
        assert len(PdfReader(path).pages) == 2


def test_name_path_target_equals_code_target(cli, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli("leaflet", "郑州市/金水区/花园路街道", "-o", a, "--date", DATE).code == 0
    assert cli("leaflet", "410105002", "-o", b, "--date", DATE).code == 0
    (pa,), (pb,) = a.glob("*.pdf"), b.glob("*.pdf")
    assert pa.read_bytes() == pb.read_bytes()


def test_jiyuan_path_may_skip_the_repeated_name(cli, tmp_path):
    r = cli("leaflet", "济源示范区/沁园街道", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    assert pdf.name.startswith("419001001-")
    assert "济源示范区沁园街道" in PdfReader(pdf).pages[0].extract_text()


def test_crop_marks_extend_the_media_box_and_keep_the_trim(cli, tmp_path):
    assert cli("leaflet", "410105002", "-o", tmp_path, "--marks", "--date", DATE).code == 0
    (pdf,) = tmp_path.glob("*.pdf")
    page = PdfReader(pdf).pages[0]
    mx0, my0, mx1, my1 = _box(page, "/MediaBox")
    tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
    assert (tx1 - tx0) / MM == pytest.approx(210, abs=0.01)
    assert tx0 - mx0 > 3 * MM + 5 * MM - 0.01  # room for marks beyond the bleed
    # marks are drawn in the slug: pixels there are dark, where the unmarked page has no slug at all
    img = render_page(pdf, 0, 72).convert("L")
    corner = img.crop((0, 0, int(tx0), int(tx0)))
    assert corner.getextrema()[0] < 128


def test_output_is_deterministic(cli, tmp_path):
    for sub in ("a", "b"):
        assert cli("leaflet", "410105002", "-o", tmp_path / sub, "--date", DATE).code == 0
    (pa,), (pb,) = (tmp_path / "a").glob("*.pdf"), (tmp_path / "b").glob("*.pdf")
    assert pa.read_bytes() == pb.read_bytes()


def test_a_failure_midway_leaves_no_partial_file(cli, tmp_path, monkeypatch):
    from collateral.products import make
    from collateral.products import product as products

    calls = {"n": 0}
    real = make.render_pdf

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise products.DataError("simulated failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(make, "render_pdf", failing)
    r = cli("leaflet", "410105", "-o", tmp_path, "--date", DATE)
    assert r.code == 1
    files = list(tmp_path.iterdir())
    assert len(files) == 2
    assert all(f.suffix == ".pdf" and len(PdfReader(f).pages) == 2 for f in files)


def test_a_leaflet_is_the_same_whether_made_alone_or_in_a_batch(cli, tmp_path):
    assert cli("leaflet", "410105", "-o", tmp_path / "batch", "--date", DATE).code == 0
    assert cli("leaflet", "410105002", "-o", tmp_path / "alone", "--date", DATE).code == 0
    (alone,) = (tmp_path / "alone").glob("*.pdf")
    assert (tmp_path / "batch" / alone.name).read_bytes() == alone.read_bytes()
