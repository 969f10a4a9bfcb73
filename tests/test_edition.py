"""The edition code follows what is printed: a QR image's decoded payload, not its file name."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import qrcode

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from collateral.products.product import Product

DATE = dt.date(2026, 11, 28)


def _with_image(tmp_path: Path, payload: str) -> Path:
    """A copy of the data whose province WeChat channel is a PNG (always named wechat.png) holding ``payload``."""
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(data_dir(), data)
    qrcode.make(payload, box_size=8, border=4).save(data / "wechat.png")
    province = data / "province.yaml"
    text = province.read_text(encoding="utf-8")
    wanted = "    qr_image: wechat.png\n"
    if wanted not in text:
        old = "    qr: https://www.hnxf.gov.cn/placeholder/wechat\n"
        assert old in text
        province.write_text(text.replace(old, wanted), encoding="utf-8")
    return data


def _edition(data: Path, code: str) -> str:
    product = Product.open(data, "leaflet-a4", DATE)
    unit = product.dataset.find(code)
    return product.content(unit).edition


def test_two_qr_images_under_one_file_name_give_two_edition_codes(tmp_path):
    first = _edition(_with_image(tmp_path, "https://example.org/wechat/first"), "410105002")
    second = _edition(_with_image(tmp_path, "https://example.org/wechat/second"), "410105002")
    again = _edition(_with_image(tmp_path, "https://example.org/wechat/second"), "410105002")
    assert first != second
    assert second == again  # same payload, same code: the file's bytes, not when it was written


def test_the_decoded_payload_is_what_the_piece_prints(tmp_path):
    data = _with_image(tmp_path, "https://example.org/wechat/printed")
    dataset = Dataset(data)
    product = Product.open(data, "leaflet-a4", DATE, dataset=dataset)
    content = product.content(dataset.find("410105002"))
    assert content.channels["wechat"].qr == "https://example.org/wechat/printed"


def test_a_batch_rebuilds_the_pieces_whose_qr_image_changed_under_the_same_name(cli, tmp_path):
    data = _with_image(tmp_path, "https://example.org/wechat/first")
    pack = tmp_path / "pack"
    args = ("batch", "410105", "--products", "leaflet", "-o", pack, "--data", data, "--date", "2026-11-28", "-q")
    first = cli(*args)
    assert first.code == 0, first.err
    made = int(re.search(r"^(\d+) made, 0 unchanged", first.err, re.M).group(1))
    assert made > 10
    assert re.search(rf"^0 made, {made} unchanged", cli(*args).err, re.M)  # nothing changed: nothing made
    _with_image(tmp_path, "https://example.org/wechat/second")
    third = cli(*args)
    assert re.search(rf"^{made} made, 0 unchanged", third.err, re.M), third.err
