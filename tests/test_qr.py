"""QR codes: vector, verified, big enough to scan; supplied images are decoded and redrawn."""

from __future__ import annotations

import qrcode
import zxingcpp
from pypdf import PdfReader

from collateral.codes.qr import QUIET, matrix, module_problem
from collateral.compose.editionmark import Mark, matrix as mark_matrix
from conftest import DATE, render_page


def test_matrix_reads_back_its_payload_and_merges_runs():
    m = matrix("https://www.hnxf.gov.cn/placeholder/wechat")
    modules = sum(n for _, _, n in m.runs)
    assert len(m.runs) < modules  # runs are merged, not one rectangle per module
    assert m.modules_with_quiet == m.size + 2 * QUIET


def test_the_runs_drawn_are_the_modules_decoded():
    """The proof decodes the symbol's modules (``dark``); the drawing is its runs: both are the same modules."""
    for m in (matrix("https://www.hnxf.gov.cn/placeholder/wechat"),
              mark_matrix(Mark("410105002", "leaflet", "202611-ad581a54"))):
        drawn = bytearray(m.size * m.size)
        for r, c, n in m.runs:
            assert n > 0 and 0 <= c and c + n <= m.size
            drawn[r * m.size + c:r * m.size + c + n] = b"\x01" * n
        assert bytes(drawn) == m.dark
        assert all(m.dark[r * m.size + c - 1] == 0 for r, c, _ in m.runs if c)  # each run as long as it gets


def test_modules_below_half_a_millimetre_are_refused():
    m = matrix("https://www.hnxf.gov.cn/" + "x" * 200)
    assert module_problem(m, 20) is not None
    assert module_problem(m, 60) is None


def _use_image(data, image_path):
    province = data / "province.yaml"
    text = province.read_text(encoding="utf-8")
    text = text.replace("qr: https://www.hnxf.gov.cn/placeholder/wechat\n    placeholder: true",
                        f"qr_image: {image_path.name}")
    province.write_text(text, encoding="utf-8")


def test_a_supplied_qr_image_is_decoded_and_redrawn_as_vector(cli, data_copy, tmp_path):
    payload = "http://weixin.qq.com/r/TEST-hnxf-official"
    qrcode.make(payload).save(data_copy / "wechat.png")
    _use_image(data_copy, data_copy / "wechat.png")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    assert not PdfReader(pdf).pages[0].images
    found = {x.text for x in zxingcpp.read_barcodes(render_page(pdf, 0, 300))}
    assert payload in found


def test_an_image_that_does_not_decode_is_an_error(cli, data_copy, tmp_path):
    from PIL import Image

    Image.new("RGB", (200, 200), "white").save(data_copy / "wechat.png")
    _use_image(data_copy, data_copy / "wechat.png")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path / "out", "--date", DATE)
    assert r.code == 1
    assert "no QR code found in the image" in r.err
    assert "data/province.yaml:" in r.err and "channels.wechat.qr_image" in r.err
    assert not (tmp_path / "out").exists()
