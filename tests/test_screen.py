"""Screen images (屏显): exact pixels, sRGB, readable from 3 m on a 55" panel, QR codes that decode from the PNG."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image, ImageCms

from collateral.spec.params import Color
from collateral.paths import data_dir
from collateral.spec.primitives import QRCode
from collateral.codes.qr import decode_image
from collateral.products.product import Product
from collateral.spec.reading import screen_reading_problems
from collateral.products.screen import Screen, open_screen, srgb
from collateral.products.sizes import SCREEN_MIN_QR_PX, screen_spec
from conftest import DATE

PAYLOADS = ["https://www.hnxf.gov.cn/placeholder/app-android", "https://www.hnxf.gov.cn/placeholder/wechat"]


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_screen_pngs_are_exact_srgb_and_their_codes_decode(cli, tmp_path, size):
    r = cli("screen", "410100", "--size", size, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    first, second = sorted(tmp_path.glob("*.png"))
    assert first.name == f"410100-郑州市-screen-{size}-1.png"
    w, h = (int(v) for v in size.split("x"))
    for path in (first, second):
        with Image.open(path) as image:
            assert image.size == (w, h) and image.mode == "RGB"
            profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
            assert "sRGB" in ImageCms.getProfileDescription(profile)
    with Image.open(first) as image:
        assert sorted(decode_image(image.convert("L"))) == PAYLOADS
    with Image.open(second) as image:  # the leaders' page: the city's and its units' names
        assert decode_image(image.convert("L")) == []


@pytest.mark.parametrize("size", ["1920x1080", "1080x1920", "3840x2160", "2160x3840"])
def test_text_reads_from_3_m_and_codes_are_300_px(size):
    screen = open_screen(data_dir(), size, dt.date(2026, 11, 28))
    px_per_pt = screen.px[0] / (screen.spec.trim[0] * 72 / 25.4)
    for target in ("410000", "410100", "410105002"):
        pages = screen.pages(screen.product.dataset.find(target))
        assert screen_reading_problems(screen.spec, pages) == []
        codes = [q for p in pages for q in p.items if isinstance(q, QRCode)]
        assert len(codes) == 2
        assert all(q.size * px_per_pt >= SCREEN_MIN_QR_PX for q in codes)


def test_colours_are_the_press_colours_proofed_to_srgb():
    red = srgb(Color(0, 1, 0.9, 0.15))
    assert red[0] > 0.7 and red[1] < 0.2 and red[2] < 0.25  # the band's red stays red
    assert srgb(Color(0, 0, 0, 0)) == (1.0, 1.0, 1.0)  # paper white is screen white
    assert max(srgb(Color(0, 0, 0, 1))) < 0.15  # 100 % K is near black (black point compensated)


def test_a_screen_with_too_few_pixels_for_300_px_codes_is_refused(cli, tmp_path):
    r = cli("screen", "410105", "--size", "1280x720", "-o", tmp_path / "out")
    assert r.code == 1
    assert r.err.startswith("error: --size '1280x720': QR codes would be 210 px on a 55\" panel of 1280×720; "
                            "scanning needs at least 300 px (1920×1080 or more)"), r.err
    assert not (tmp_path / "out").exists()


def test_a_shape_far_from_16_to_9_keeps_its_text_readable(cli, tmp_path):
    """Scaled to a squarer panel, type that would shrink under 14 mm is held at the rule instead."""
    r = cli("screen", "410105", "--size", "2160x2700", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    assert "too small" not in r.err
    spec, _ = screen_spec("2160x2700")
    shown = Screen(Product.open(data_dir(), spec, dt.date(2026, 11, 28)), (2160, 2700))
    assert screen_reading_problems(spec, shown.pages(shown.product.dataset.find("410105"))) == []


def test_the_same_screen_is_the_same_png_bytes_at_any_time():
    """The embedded sRGB profile carries no creation time: a pack made again is byte-identical."""
    import time

    from collateral.products import raster

    raster._srgb_icc.cache_clear()
    first = raster._srgb_icc()
    time.sleep(1.1)  # the ICC header's dateTime counts seconds
    raster._srgb_icc.cache_clear()
    assert raster._srgb_icc() == first
