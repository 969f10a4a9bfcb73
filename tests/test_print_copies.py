"""Printing 50 copies as the words say gives 50 copies and one instruction sheet (issue 25, part 4).

The clerk's procedure is taken from the 说明 file itself, read back from
the PDF as text: it says which file to print once (itself: 「本说明只印
1 份」), which file(s) to print as many times as copies are wanted
(「份数打印：宣传品文件“…”」) and with which setting (双面打印—长边/短边翻转,
单面打印, or fronts and backs by hand). A simulated printer then prints
the files named, the number of times said, and counts the sheets that come
out and what is on them. Nothing here knows the file names or the flip
but what the words say; they are then checked against the files made.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from collateral.impose import sheetmap as impose
from collateral.impose.instructions import COPIES, ONCE
from collateral.products.make import Output, make, piece_plan, role
from collateral.paths import data_dir
from collateral.products.product import Product
from conftest import DATE

N = 50  # the copies a clerk wants
INSTRUCTION_WORDS = ("打印说明", "本说明", "份数打印", "双面打印—")  # on the 说明 only, never on a piece


def _text(page) -> str:
    return re.sub(r"\s+", "", page.extract_text())


@dataclass
class Printed:
    """What came out of the printer: each sheet's page texts (one side, or front and back)."""

    sheets: list[list[str]]

    def count(self, words: tuple[str, ...]) -> int:
        return sum(1 for s in self.sheets if any(w in side for side in s for w in words))


def _print(pdf: bytes, copies: int, duplex: bool) -> list[list[str]]:
    """An office printer: ``copies`` times every page of a file, two pages a sheet when duplex."""
    texts = [_text(p) for p in PdfReader(io.BytesIO(pdf)).pages]
    per = 2 if duplex else 1
    one = [texts[i:i + per] for i in range(0, len(texts), per)]
    return [list(sheet) for _ in range(copies) for sheet in one]


def _follow(files: dict[str, bytes]) -> tuple[Printed, dict]:
    """Print as the 说明 says: itself once, the file(s) it names N times with the setting it names."""
    (note,) = [n for n in files if role(n) == "instructions"]
    words = "".join(_text(p) for p in PdfReader(io.BytesIO(files[note])).pages)
    assert ONCE.replace(" ", "") in words  # 本说明只印1份
    with pikepdf.open(io.BytesIO(files[note])) as doc:
        assert doc.Root.ViewerPreferences.Duplex == "/Simplex"  # one side: its sheet is the pencil-mark sheet too
    sheets = _print(files[note], 1, duplex=False)
    said = re.search(COPIES + r"(.*?)。", words).group(1)
    per_copy = int(re.search(r"每份(\d+)张纸", said).group(1))
    manual = re.search(r"正面文件“(.+?)”和背面文件“(.+?)”", said)
    if manual:  # fronts N times; the sheets back into the tray; backs N times on them: no new sheets
        fronts, backs = (files[manual.group(i)] for i in (1, 2))
        front_sheets = _print(fronts, N, duplex=False)
        back_sheets = _print(backs, N, duplex=False)
        assert len(front_sheets) == len(back_sheets)
        sheets += [f + b for f, b in zip(front_sheets, back_sheets)]
        named, flip = [manual.group(1), manual.group(2)], ""
    else:
        (name,) = re.findall(r"宣传品文件“(.+?)”", said)
        flip = re.search(r"双面打印—(长边翻转|短边翻转)", said)
        duplex = flip is not None
        assert duplex or "单面打印" in said
        sheets += _print(files[name], N, duplex)
        named, flip = [name], flip.group(1) if flip else ""
    return Printed(sheets), {"words": words, "named": named, "flip": flip, "per_copy": per_copy,
                             "pieces": int(m.group(1)) if (m := re.search(r"裁开得(\d+)份", said)) else 1}


CASES = {  # id: (layout, output) as the commands make them for an office printer
    "trifold": ("leaflet-trifold", Output(imposition="trifold", what="宣传单")),
    "a5-two-up": ("leaflet-a5", Output(imposition="twoup", what="宣传单")),
    "a5-two-up-short": ("leaflet-a5", Output(imposition="twoup", flip="short", what="宣传单")),
    "a5-two-up-manual": ("leaflet-a5", Output(imposition="twoup", manual_duplex=True, what="宣传单")),
    "booklet-cutstack": ("booklet-a6", Output(imposition="cutstack", flip="long", what="口袋书", pad=4)),
    "booklet-cutstack-manual": ("booklet-a6", Output(imposition="cutstack", manual_duplex=True, what="口袋书",
                                                     pad=4)),
    "booklet-saddle-a5": ("booklet-a5", Output(imposition="saddle", what="口袋书", pad=4)),
    "booklet-saddle-a6-short": ("booklet-a6", Output(imposition="saddle", flip="short", what="口袋书", pad=4)),
    "booklet-saddle-a7": ("booklet-a7", Output(imposition="saddle", what="口袋书", pad=4)),
    "booklet-zine": ("booklet-zine", Output(imposition="zine", what="口袋书")),
}


@pytest.fixture(scope="module")
def products():
    cache: dict[str, Product] = {}

    def get(layout: str) -> Product:
        if layout not in cache:
            import datetime as dt

            cache[layout] = Product.open(data_dir(), layout, dt.date.fromisoformat(DATE))
        return cache[layout]
    return get


@pytest.mark.parametrize("case", CASES)
def test_fifty_copies_as_the_words_say_give_fifty_copies_and_one_instruction_sheet(products, case):
    layout, output = CASES[case]
    product = products(layout)
    unit = product.dataset.find("410105002")
    files = dict(make(product, unit, output))
    printed, said = _follow(files)
    assert printed.count(("打印说明",)) == 1  # the 说明, once
    pieces = [s for s in printed.sheets if not any(w in side for side in s for w in INSTRUCTION_WORDS)]
    assert len(pieces) == len(printed.sheets) - 1  # every other sheet is a piece's, with no instruction on it
    assert len(pieces) == N * said["per_copy"]  # 50 copies of as many sheets as the 说明 says a copy takes
    # the pages to copy are the piece's, and only those: the same bytes as the file made without a 说明
    bare = dict(make(product, unit, replace(output, instructions=False)))
    assert {n: b for n, b in files.items() if role(n) == "copies"} == bare
    assert sorted(said["named"]) == sorted(bare)  # the 说明 names exactly the files to copy
    _, plan, manual = piece_plan(product, unit, output)
    assert said["per_copy"] == len({s.sheet for s in plan.sides})
    for name in bare:
        reader = PdfReader(io.BytesIO(files[name]))
        assert len(reader.pages) == (len(plan.sides) // (2 if manual else 1) if output.scheme.sheets else 2)
        for page in reader.pages:
            text = _text(page)
            assert text and not any(w in text for w in INSTRUCTION_WORDS), (name, text[:60])
        if output.scheme.sheets and not manual:
            assert reader.metadata["/CollateralPageMap"] == impose.page_map(plan)
    # the flip the words name is the plan's, and the one the piece file asks the print dialog for
    if plan.duplex and not manual:
        assert said["flip"] == {"long": "长边翻转", "short": "短边翻转"}[plan.flip]
        with pikepdf.open(io.BytesIO(files[said["named"][0]])) as doc:
            assert doc.Root.ViewerPreferences.Duplex == {"long": "/DuplexFlipLongEdge",
                                                         "short": "/DuplexFlipShortEdge"}[plan.flip]
            assert "/NumCopies" not in doc.Root.ViewerPreferences and "/PrintPageRange" not in doc.Root.ViewerPreferences
    # a two-up sheet is two leaflets: the words say so, and 50 copies are 100 leaflets
    assert said["pieces"] == (2 if output.imposition == "twoup" else 1)


def test_the_trifold_as_the_command_and_the_clerks_notes_say(cli, tmp_path):
    """From the command line, as docs/clerk.md tells the clerk: the 说明 once, the leaflet 50 times."""
    notes = (Path(__file__).parents[1] / "docs" / "clerk.md").read_text(encoding="utf-8")
    assert "说明" in notes and "只印 1 份" in notes and "份数" in notes
    r = cli("leaflet", "410105002", "--format", "trifold", "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    files = {p.name: p.read_bytes() for p in tmp_path.glob("*.pdf")}
    assert sorted(files) == ["410105002-花园路街道-leaflet-trifold-说明.pdf", "410105002-花园路街道-leaflet-trifold.pdf"]
    printed, said = _follow(files)
    assert said["named"] == ["410105002-花园路街道-leaflet-trifold.pdf"] and said["flip"] == "短边翻转"
    assert len(printed.sheets) == N + 1 and printed.count(("打印说明",)) == 1
    assert all(len(s) == 2 for s in printed.sheets[1:])  # each copy: outside and inside on one sheet
