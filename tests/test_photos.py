"""The edition mark and image comparison (图像核对): phone-like photos of pieces matched to the pack."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter, ImageOps

from collateral.cli.app import main
from collateral.data.dataset import Dataset
from collateral.compose.editionmark import MarkCode, decode, parse
from collateral.spec.params import MM
from collateral.products.specload import all_layouts
from collateral.paths import data_dir
from collateral.spec.primitives import QRCode
from collateral.products.product import Product

PACK_DATE = "2027-02-01"
FRAME = (4000, 3000)  # a 12 MP phone photo
DESK = (128, 118, 104)


def _render(pdf: Path, px_per_mm: float, index: int = 0) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        return page.render(scale=px_per_mm * 25.4 / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def _photo(piece: Image.Image, seed: int, tilt: float = 0.05, turn: float = 4.0,
           frame_size: tuple[int, int] = FRAME) -> Image.Image:
    """The piece as a phone sees it: in perspective, a little turned, on a background, blurred ~1 px, noisy."""
    rnd = random.Random(seed)
    w, h = piece.size
    k = tilt * w
    # source quad (upper-left, lower-left, lower-right, upper-right) squeezed into the output rectangle: one side
    # of the piece further away than the other
    quad = (0, -k * 0.5, 0, h + k * 0.5, w, h, w, 0)
    warped = piece.transform((w, h), Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=DESK)
    warped = warped.rotate(turn, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=DESK)
    frame = Image.new("RGB", frame_size, DESK)
    frame.paste(warped, ((frame_size[0] - warped.size[0]) // 2 + rnd.randint(-50, 50),
                         (frame_size[1] - warped.size[1]) // 2 + rnd.randint(-50, 50)))
    frame = frame.filter(ImageFilter.GaussianBlur(1.0))
    noise = Image.effect_noise(frame_size, 40).convert("RGB")
    return Image.blend(frame, noise, 0.08)


def _jpeg(image: Image.Image, path: Path, exif: Image.Exif | None = None) -> None:
    image.save(path, "JPEG", quality=85, exif=exif if exif is not None else Image.Exif())


@pytest.fixture(scope="module")
def jinshui_pack(tmp_path_factory):
    """The pack of 金水区 (leaflets and the board)."""
    root = tmp_path_factory.mktemp("photos")
    pack = root / "pack"
    assert main(["batch", "410105", "-o", str(pack), "--date", PACK_DATE, "-q", "--products", "leaflet,board"]) == 0
    return pack, root


@pytest.fixture
def jinshui(jinshui_pack):
    """The pack of 金水区, and a folder of photos of its pieces (and of others)."""
    pack, root = jinshui_pack
    shots = root / "shots"
    shots.mkdir()
    (board,) = pack.glob("*/410105-*/410105-*board*.pdf")
    (leaflet,) = pack.glob("*/410105-*/410105002-*leaflet*.pdf")
    # a board filling half a 12 MP frame's height: ~1.6 px per mm (rendered a bit larger, then warped)
    _jpeg(_photo(_render(board, 1.6), seed=1), shots / "board.jpg")
    # a leaflet on a desk at ~9 px per mm, stored on its side with an EXIF orientation tag (6: turn 90° clockwise)
    upright = _photo(_render(leaflet, 9.0), seed=2, tilt=0.03, turn=-3, frame_size=FRAME[::-1])  # held upright
    exif = Image.Exif()
    exif[0x0112] = 6
    _jpeg(upright.transpose(Image.Transpose.ROTATE_90), shots / "leaflet-sideways.jpg", exif)
    # an older edition of another township's leaflet (made a month before the pack)
    old = root / "old"
    assert main(["leaflet", "410105003", "-o", str(old), "--date", "2027-01-05"]) == 0
    (older,) = old.glob("*.pdf")
    _jpeg(_photo(_render(older, 9.0), seed=3, frame_size=FRAME[::-1]), shots / "older.jpg")
    Image.effect_noise((1600, 1200), 80).convert("RGB").save(shots / "noise.png")
    (shots / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    return pack, shots, root


def _rows(out: Path) -> dict[str, dict]:
    with (out / "photos.csv").open(encoding="utf-8-sig", newline="") as f:
        return {r["file"]: r for r in csv.DictReader(f)}


@pytest.mark.slow
def test_photos_match_current_outdated_and_unmatched(jinshui, cli):
    pack, shots, root = jinshui
    out = root / "out"
    result = cli("photos", shots, "--pack", pack, "-o", out)
    assert result.code == 0, result.err
    rows = _rows(out)
    assert set(rows) == {"board.jpg", "leaflet-sideways.jpg", "older.jpg", "noise.png", "broken.jpg"}
    board, leaflet = rows["board.jpg"], rows["leaflet-sideways.jpg"]
    assert (board["unit"], board["product"], board["status"]) == ("410105", "board", "current")
    assert (leaflet["unit"], leaflet["product"], leaflet["status"]) == ("410105002", "leaflet", "current")
    assert (rows["older.jpg"]["unit"], rows["older.jpg"]["status"]) == ("410105003", "outdated")
    assert rows["older.jpg"]["edition"].startswith("202701-")
    assert rows["noise.png"]["status"] == "unmatched" and rows["noise.png"]["note"] == "no edition mark found"
    assert rows["broken.jpg"]["status"] == "unmatched" and "cannot read" in rows["broken.jpg"]["note"]
    import json

    manifest = {(f["unit"], f["product"]): f["edition"] for f in json.loads((pack / "manifest.json").read_text())["files"]}
    assert board["edition"] == manifest[("410105", "board")]
    assert leaflet["edition"] == manifest[("410105002", "leaflet")]
    # the contact sheet shows the sideways photo upright (EXIF honoured) with its caption
    thumb = Image.open(out / leaflet["thumb"])
    assert thumb.height > thumb.width
    sheet = (out / "photos.html").read_text()
    assert "410105002" not in sheet or "河南省/郑州市/金水区/花园路街道" in sheet
    assert "旧版 (outdated)" in sheet and "broken.jpg" in sheet
    assert "5 photo(s): 2 current, 1 outdated, 2 unmatched" in result.err


def test_photos_without_a_pack_is_one_line_and_exit_1(cli, tmp_path):
    result = cli("photos", tmp_path, "--pack", tmp_path / "nopack", "-o", tmp_path / "out")
    assert result.code == 1
    assert "manifest.json" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["leaflet-a4", "leaflet-trifold", "leaflet-a4-single", "booklet-a6", "booklet-zine",
                                  "board-900x1200", "board-1200x900", "board-xbanner", "screen-1920x1080",
                                  "screen-1080x1920"])
def test_every_product_carries_its_mark_clear_of_the_qr_codes(name):
    spec = next(s for s in all_layouts()[0] if s.name == name)
    dataset = Dataset(data_dir())
    unit = dataset.find("410105002" if 3 in spec.made_for else "410105")
    product = Product.open(dataset.root, spec.name, dt_date(), dataset=dataset)
    pages = product.pages(unit)
    marks = [(n, i) for n, p in enumerate(pages) for i in p.items if isinstance(i, MarkCode)]
    assert marks, f"{name} has no edition mark"
    family = name.split("-")[0]
    for n, mark in marks:
        found = parse(mark.matrix.payload)
        assert found is not None and found.unit == unit.code and found.product == family
        module = mark.size / mark.matrix.modules_with_quiet
        sx, sy, side = mark.x + 4 * module, mark.y + 4 * module, module * mark.matrix.size
        w, h = pages[n].width, pages[n].height
        safe = spec.safe
        assert safe.left * MM - 1e-3 <= sx - module and sx + side + module <= w - safe.right * MM + 1e-3
        assert safe.top * MM - 1e-3 <= sy - module and sy + side + module <= h - safe.bottom * MM + 1e-3
        for q in pages[n].items:
            if isinstance(q, QRCode):
                apart = sx + side <= q.x or q.x + q.size <= sx or sy + side <= q.y or q.y + q.size <= sy
                assert apart, f"{name}: the edition mark overlaps a QR code's quiet zone"


def dt_date():
    import datetime as dt

    return dt.date(2027, 2, 1)


def test_the_mark_decodes_from_a_rendering_and_is_not_a_qr_code(tmp_path):
    assert main(["leaflet", "410105002", "-o", str(tmp_path), "--date", PACK_DATE]) == 0
    (pdf,) = tmp_path.glob("*.pdf")
    image = _render(pdf, 9.0).convert("L")
    (payload,) = decode(image)
    assert parse(payload).unit == "410105002"
    from collateral.codes.qr import decode_image

    assert all(parse(p) is None for p in decode_image(image))  # QR scanners see only the channels


def test_an_output_folder_inside_the_photos_is_not_read_as_photos(cli, tmp_path):
    assert main(["batch", "410105", "-o", str(tmp_path / "pack"), "-q", "--products", "board"]) == 0
    shots = tmp_path / "shots"
    shots.mkdir()
    Image.effect_noise((400, 300), 50).convert("RGB").save(shots / "wall.png")
    for _ in range(2):
        result = cli("photos", shots, "--pack", tmp_path / "pack", "-o", shots / "checked")
        assert result.code == 0, result.err
        assert list(_rows(shots / "checked")) == ["wall.png"]


# --- photos as phones take them (tests/photo_corpus.py) ---------------------------------------------------------

from photo_corpus import Shot, photo, render, save, shots  # noqa: E402


def test_quarter_turns_perspective_heic_exif_and_a_corrupt_file(jinshui_pack, cli):
    """A leaflet upside down and in perspective (no EXIF), the same as HEIC, one on its side with an EXIF tag,
    and a corrupt HEIC: each one row, the mark outlined on its thumbnail."""
    pillow_heif = pytest.importorskip("pillow_heif")
    pack, root = jinshui_pack
    shots_dir = root / "fast"
    shots_dir.mkdir()
    (leaflet,) = pack.glob("*/410105-*/410105002-*leaflet*.pdf")
    piece = render(leaflet, 150 / 25.4)
    frame = (2400, 1800)
    save(photo(piece, Shot(turn=2, tilt=20), seed=7, frame=frame), shots_dir / "upside-down.jpg")
    pillow_heif.from_pillow(photo(piece, Shot(turn=1, tilt=12), seed=8, frame=frame)).save(
        shots_dir / "iphone.HEIC", quality=80, enc_params={"preset": "ultrafast"})
    exif = Image.Exif()
    exif[0x0112] = 8  # stored turned: shown after turning 90° counter-clockwise
    save(photo(piece, Shot(), seed=9, frame=frame[::-1]).transpose(Image.Transpose.ROTATE_270), shots_dir / "exif.jpg",
         exif=exif)
    (shots_dir / "broken.heic").write_bytes(b"\x00\x00\x00\x18ftypheic not really")
    out = root / "fast-out"
    result = cli("photos", shots_dir, "--pack", pack, "-o", out)
    assert result.code == 0, result.err
    rows = _rows(out)
    edition = {(f["unit"], f["product"]): f["edition"]
               for f in __import__("json").loads((pack / "manifest.json").read_text())["files"]}
    for name in ("upside-down.jpg", "iphone.HEIC", "exif.jpg"):
        r = rows[name]
        assert (r["unit"], r["product"], r["status"], r["evidence"]) == ("410105002", "leaflet", "current", "mark"), name
        assert r["edition"] == edition[("410105002", "leaflet")]
        corners = [tuple(map(float, p.split(","))) for p in r["mark_box"].split()]
        assert len(corners) == 4
    broken = rows["broken.heic"]
    assert broken["status"] == "unmatched" and broken["note"].startswith("cannot read the image")
    assert "\n" not in broken["note"] and "Traceback" not in result.err
    # the EXIF-tagged photo is upright on the sheet (portrait), and its mark is outlined in green there
    thumb = Image.open(out / rows["exif.jpg"]["thumb"]).convert("RGB")
    assert thumb.height > thumb.width
    green = sum(1 for r, g, b in thumb.get_flattened_data() if g > 150 and r < 80 and b < 110)
    assert green > 30
    sheet = (out / "photos.html").read_text()
    assert "依据：版次码 (mark)" in sheet and "iphone.HEIC" in sheet and "花园路街道" in sheet


def test_a_mark_too_blurred_to_decode_is_recognised_by_its_pattern_and_an_older_one_never_is(jinshui_pack, cli,
                                                                                              tmp_path):
    """Blurred by 2.5 px at 150 dpi, a leaflet's mark no longer decodes (tried first, below); among the pack's marks
    its pattern is the current leaflet's. The same blur on an older edition of another township: no match, and
    above all not "current"."""
    pack, root = jinshui_pack
    shots_dir = tmp_path / "blurred"
    shots_dir.mkdir()
    (leaflet,) = pack.glob("*/410105-*/410105002-*leaflet*.pdf")
    blurred = photo(render(leaflet, 150 / 25.4), Shot(turn=1, blur=2.5), seed=7)
    save(blurred, shots_dir / "blurred.jpg")
    from collateral.campaign.photofind import find_marks, open_photo

    assert find_marks(open_photo(shots_dir / "blurred.jpg")) == []  # beyond decoding, even sharpened and enlarged
    assert main(["leaflet", "410105003", "-o", str(tmp_path / "old"), "--date", "2027-01-05"]) == 0
    (older,) = (tmp_path / "old").glob("*.pdf")
    save(photo(render(older, 150 / 25.4), Shot(turn=2, blur=2.1), seed=3), shots_dir / "older-blurred.jpg")
    out = tmp_path / "out"
    result = cli("photos", shots_dir, "--pack", pack, "-o", out)
    assert result.code == 0, result.err
    rows = _rows(out)
    edition = {(f["unit"], f["product"]): f["edition"]
               for f in __import__("json").loads((pack / "manifest.json").read_text())["files"]}
    r = rows["blurred.jpg"]
    assert (r["unit"], r["product"], r["edition"], r["status"], r["evidence"]) == (
        "410105002", "leaflet", edition[("410105002", "leaflet")], "current", "mark pattern")
    assert len(r["mark_box"].split()) == 4 and "recognised by its pattern" in r["note"]
    assert rows["older-blurred.jpg"]["status"] == "unmatched" and rows["older-blurred.jpg"]["evidence"] != "mark pattern"
    assert "依据：版次码图案 (mark pattern)" in (out / "photos.html").read_text()


CORPUS_UNITS = ("410105002", "410105003", "410105004", "410105005", "410105006")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Phone photos of leaflets and booklets of 5 townships and of 金水区's board, each photographed 8 ways
    (every quarter turn without EXIF; perspective 10–35°, blur 1–2.5 px at 150 dpi, 40 % brightness, glare,
    JPEG q40, alone and together), an older leaflet and an unrelated photo; with what each photo shows."""
    import json

    root = tmp_path_factory.mktemp("corpus")
    pack = root / "pack"
    assert main(["batch", "410105", "-o", str(pack), "--date", PACK_DATE, "-q",
                 "--products", "leaflet,booklet,board"]) == 0
    manifest = {(f["unit"], f["product"]): f["edition"] for f in json.loads((pack / "manifest.json").read_text())["files"]}
    pieces = []
    for unit in CORPUS_UNITS:
        (leaflet,) = pack.glob(f"*/410105-*/{unit}-*leaflet*.pdf")
        pieces.append((unit, "leaflet", render(leaflet, 150 / 25.4)))
        assert main(["booklet", unit, "-o", str(root / "booklets"), "--date", PACK_DATE, "--imposition", "none",
                     "--no-instructions"]) == 0
        (booklet,) = (root / "booklets").glob(f"{unit}-*.pdf")
        back = len(pdfium.PdfDocument(booklet)) - 1  # the mark is on the back cover
        pieces.append((unit, "booklet", render(booklet, 150 / 25.4, back)))
    (board,) = pack.glob("*/410105-*/410105-*board*.pdf")
    pieces.append(("410105", "board", render(board, 1.6)))
    shots_dir = root / "shots"
    shots_dir.mkdir()
    truth = {}
    for n, (unit, product, piece) in enumerate(pieces):
        for k, shot in enumerate(shots(8, seed=n)):
            name = f"{unit}-{product}-{k}-{shot.label()}.jpg"
            save(photo(piece, shot, seed=100 * n + k), shots_dir / name, shot.quality)
            truth[name] = (unit, product, manifest[(unit, product)], shot)
    assert main(["leaflet", "410105003", "-o", str(root / "old"), "--date", "2027-01-05"]) == 0
    (older,) = (root / "old").glob("*.pdf")
    save(photo(render(older, 150 / 25.4), Shot(turn=3, tilt=15), seed=999), shots_dir / "older.jpg")
    rnd = random.Random(5)
    wall = Image.new("RGB", FRAME, (200, 190, 170))
    for _ in range(40):  # a notice board of other papers: text-like stripes, no mark
        x, y = rnd.randint(0, 3600), rnd.randint(0, 2600)
        wall.paste(Image.effect_noise((rnd.randint(100, 400), rnd.randint(20, 300)), 90).convert("RGB"), (x, y))
    save(wall, shots_dir / "unrelated.jpg")
    return pack, shots_dir, root, truth


@pytest.mark.slow
def test_corpus_of_phone_photos_matches_without_a_wrong_match(corpus, cli):
    pack, shots_dir, root, truth = corpus
    out = root / "out"
    result = cli("photos", shots_dir, "--pack", pack, "-o", out)
    assert result.code == 0, result.err
    rows = _rows(out)
    assert set(rows) == set(truth) | {"older.jpg", "unrelated.jpg"}
    right, wrong, missed = [], [], []
    for name, (unit, product, edition, shot) in truth.items():
        r = rows[name]
        got = (r["unit"], r["product"], r["edition"])
        if r["status"] == "current" and got == (unit, product, edition):
            right.append(name)
        elif r["status"] != "unmatched" or (r["unit"] and r["unit"] != unit):
            wrong.append((name, got, r["status"]))
        else:
            missed.append((name, shot))
    rate = len(right) / len(truth)
    print(f"corpus: {len(right)} of {len(truth)} matched ({rate:.0%}), {len(wrong)} wrong; missed: "
          + ", ".join(n for n, _ in missed))
    assert not wrong
    assert rate >= 0.95, missed
    assert (rows["older.jpg"]["unit"], rows["older.jpg"]["status"]) == ("410105003", "outdated")
    assert rows["unrelated.jpg"]["status"] == "unmatched" and not rows["unrelated.jpg"]["unit"]
