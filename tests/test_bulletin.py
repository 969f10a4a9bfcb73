"""全省通报: the cities ranked on the reports `collateral report` wrote; the same inputs give the same files."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pypdfium2 as pdfium
import pytest

from collateral.cli.app import main


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """郑州市's report on time with one leaflet confirmed by a photo; 开封市's late, without photos."""
    root = tmp_path_factory.mktemp("bulletin")
    pack = root / "pack"
    assert main(["batch", "410105", "-o", str(pack), "--date", "2027-02-01", "-q", "--products", "leaflet"]) == 0
    (leaflet,) = pack.glob("*/410105-*/410105002-*.pdf")
    shots = root / "shots"
    shots.mkdir()
    doc = pdfium.PdfDocument(leaflet)
    doc[0].render(scale=9 * 25.4 / 72).to_pil().convert("RGB").save(shots / "desk.png")
    doc.close()
    assert main(["photos", str(shots), "--pack", str(pack), "-o", str(root / "photos")]) == 0
    out = root / "reports"
    assert main(["report", "郑州市", "--month", "2027-02", "--pack", str(pack), "--photos", str(root / "photos"),
                 "-o", str(out / "zhengzhou"), "--date", "2027-02-01T12:00"]) == 0
    assert main(["report", "开封市", "--month", "2027-02", "--pack", str(pack), "-o", str(out / "kaifeng"),
                 "--date", "2027-02-03T09:00"]) == 0
    return out


@pytest.mark.slow
def test_the_report_shows_what_the_photos_confirmed(reports):
    document = docx.Document(next((reports / "zhengzhou").glob("*.docx")))
    rows = {(r.cells[0].text, r.cells[2].text): r.cells[4].text for t in document.tables for r in t.rows[1:]
            if len(r.cells) == 5}
    assert rows[("410105002", "宣传单")] == "现行版"
    assert {v for k, v in rows.items() if k != ("410105002", "宣传单")} == {"—"}
    text = "\n".join(p.text for p in document.paragraphs)
    assert "确认张贴或发放现行版宣传品的单位1个" in text
    captions = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("desk.png" in c and "花园路街道宣传单，现行版" in c for c in captions)


@pytest.mark.slow
def test_the_bulletin_ranks_every_city_and_says_who_was_late(reports, tmp_path):
    assert main(["bulletin", "--reports", str(reports), "-o", str(tmp_path), "--date", "2027-02-05"]) == 0
    document = docx.Document(tmp_path / "全省通报-2027-02.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "关于2027年2月全省手机信访宣传工作检查情况的通报" in text
    assert "1个按时报送宣传情况报告，1个逾期报送（开封市），16个未报送" in text
    (ranking,) = document.tables
    rows = [[c.text for c in r.cells] for r in ranking.rows[1:]]
    assert len(rows) == 18 and [r[0] for r in rows] == [str(n) for n in range(1, 19)]
    assert rows[0][1] == "郑州市" and rows[0][2].startswith("按时") and rows[0][4] == "1"
    assert rows[1][1] == "开封市" and rows[1][2].startswith("逾期")
    assert {r[2] for r in rows[2:]} == {"未报送"}
    sheet = openpyxl.load_workbook(tmp_path / "全省通报-2027-02.xlsx").active
    first = [c.value for c in sheet[2]]
    assert first[:4] == [1, "410100", "郑州市", "按时"] and first[7] == 1
    assert first[8] == pytest.approx(1 / first[6], abs=1e-4)  # coverage: confirmed / units
    assert (tmp_path / "全省通报-2027-02.pdf").stat().st_size > 0


@pytest.mark.slow
def test_the_same_reports_give_the_same_bytes(reports, tmp_path):
    for run in ("a", "b"):
        assert main(["bulletin", "--reports", str(reports), "-o", str(tmp_path / run), "--date", "2027-02-05"]) == 0
    for ext in ("docx", "pdf", "xlsx"):
        name = f"全省通报-2027-02.{ext}"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), ext


def test_no_reports_is_one_line_and_exit_1(cli, tmp_path):
    result = cli("bulletin", "--reports", tmp_path, "-o", tmp_path / "out")
    assert result.code == 1 and "no report.json" in result.err
    assert not (tmp_path / "out").exists()
