"""Characters the fonts lack, and text that does not fit: drawn right or refused, never boxes or clipping."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import DATE, county_file


def _rename(data, old, new):
    f = county_file(data, "410105")
    f.write_text(f.read_text(encoding="utf-8").replace(f"name: {old}", f"name: {new}"), encoding="utf-8")


def _glyph_for(reader: PdfReader, char: str):
    """The embedded glyph a page draws for ``char``: (font name, glyph) via the font's ToUnicode map."""
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin1")
            target = "".join(f"{b:02X}" for b in char.encode("utf-16-be"))
            m = re.search(r"<([0-9A-F]{2})> <" + target + ">", cmap)
            if not m:
                continue
            code = int(m.group(1), 16)
            data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            tt = TTFont(io.BytesIO(data))
            for table in tt["cmap"].tables:  # subsets carry a (1,0) or symbol (3,0) table
                for key in (code, 0xF000 + code):
                    if key in table.cmap:
                        return font["/BaseFont"], tt["glyf"][table.cmap[key]]
    return None, None


def test_an_ext_b_place_name_prints_with_the_supplement_font(cli, data_copy, tmp_path):
    _rename(data_copy, "花园路街道", "花园𡌶街道")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    reader = PdfReader(pdf)
    assert "郑州市金水区花园𡌶街道" in reader.pages[0].extract_text()
    # a second, independent extractor (PDFium, as in Chrome) reads the same characters
    doc = pdfium.PdfDocument(str(pdf))
    assert "郑州市金水区花园𡌶街道" in doc[0].get_textpage().get_text_range()
    doc.close()
    font, glyph = _glyph_for(reader, "𡌶")
    assert font is not None and "Supplement" in font
    assert glyph.numberOfContours > 0  # a real outline, not the empty or .notdef box


def test_a_guide_paragraph_too_long_for_its_frame_names_the_frame(cli, data_copy, tmp_path):
    guide = data_copy / "guide.yaml"
    text = guide.read_text(encoding="utf-8")
    long_item = "行政机关及其工作人员" * 120
    guide.write_text(text.replace("text: 行政机关及其工作人员；", f"text: {long_item}；"), encoding="utf-8")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path / "out", "--date", DATE)
    assert r.code == 1
    assert re.search(r"error: layouts/leaflet-a4\.yaml:\d+ \| 410105002 花园路街道 \| guide: text does not fit "
                     r"frame 'guide' of leaflet-a4: needs [\d.]+ mm but the frame is 238\.0 mm high "
                     r"\([\d.]+ mm over\) at the minimum size", r.err), r.err
    assert not (tmp_path / "out").exists()


def test_a_long_township_name_shrinks_to_fit_its_frame(cli, data_copy, tmp_path):
    long_name = "新乡化学与物理电源产业园区管理委员会街道办事处"
    _rename(data_copy, "花园路街道", long_name)
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path, "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = tmp_path.glob("*.pdf")
    assert long_name in PdfReader(pdf).pages[0].extract_text().replace("\n", "")


def test_a_name_too_long_even_at_the_minimum_size_is_refused(cli, data_copy, tmp_path):
    _rename(data_copy, "花园路街道", "很长" * 60 + "街道")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path / "out", "--date", DATE)
    assert r.code == 1
    assert "text does not fit frame 'place' of leaflet-a4" in r.err
    assert not (tmp_path / "out").exists()


def test_a_township_with_its_own_leaders_gets_its_own_group_until_the_table_is_full(cli, data_copy, tmp_path):
    f = county_file(data_copy, "410105")
    own = ('\n    leaders:\n'
           '      - {role: 街道党工委书记, name: 李四, phone: "15890062201"}\n'
           '      - {role: 街道办事处主任, name: 王五, phone: ""}\n')
    text = f.read_text(encoding="utf-8").replace("name: 花园路街道\n", "name: 花园路街道" + own, 1)
    f.write_text(text, encoding="utf-8")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path / "ok", "--date", DATE)
    assert r.code == 0, r.err
    (pdf,) = (tmp_path / "ok").glob("*.pdf")
    page = PdfReader(pdf).pages[0].extract_text().replace("\n", "")
    assert "街道党工委书记李四15890062201" in page.replace(" ", "")
    assert "410105002 花园路街道 | leaders[2]: 街道办事处主任: no phone" in r.err

    many = "".join(f'      - {{role: 副主任{n}, name: 赵六, phone: ""}}\n' for n in "一二三四五六七八九十")
    f.write_text(text.replace('phone: "15890062201"}\n', 'phone: "15890062201"}\n' + many, 1), encoding="utf-8")
    r = cli("leaflet", "410105002", "--data", data_copy, "-o", tmp_path / "full", "--date", DATE)
    assert r.code == 1
    # named at the township's own leaders list, the line a clerk would shorten; the layout frame in the message
    line = next(i for i, ln in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
                if ln.strip() == "leaders:" and i > text[:text.index("花园路街道")].count("\n"))
    assert re.search(rf"error: data/henan/410100-郑州市/410105-金水区\.yaml:{line} \| 410105002 花园路街道 \| leaders: "
                     r"leaders table 'leaders' of leaflet-a4: 15 leader rows of 2 unit\(s\) need \d+ mm at [\d.]+ pt, "
                     r"the frame has 56 mm; the table runs over at 花园路街道; .*"
                     r"\(frame 'leaders' of leaflet-a4 at layouts/leaflet-a4\.yaml:\d+\)",
                     r.err), r.err
    assert not (tmp_path / "full").exists()
