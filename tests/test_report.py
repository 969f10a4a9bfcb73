"""The city's monthly report (宣传情况报告): .docx and PDF with the manifest's figures, the deadline that applies."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from collateral.cli.app import main


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "pack"
    assert main(["batch", "410105", "-o", str(out), "--date", "2027-02-01", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def made(pack, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-out")
    assert main(["report", "郑州市", "--month", "2027-02", "--pack", str(pack), "-o", str(out),
                 "--date", "2027-01-31T16:00"]) == 0
    return out


def _docx_text(path: Path) -> tuple[str, list]:
    document = docx.Document(path)
    return "\n".join(p.text for p in document.paragraphs), document.tables


def _pdf_text(path: Path) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        return "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def test_the_report_names_the_county_and_its_figures_equal_the_manifest(made, pack):
    (path,) = made.glob("*.docx")
    assert path.name == "410100-郑州市-2027-02-宣传情况报告.docx"
    text, tables = _docx_text(path)
    assert "郑州市手机信访宣传情况报告（2027年2月）" in text and "河南省投诉受理办公室：" in text
    files = json.loads((pack / "manifest.json").read_text())["files"]
    assert {f["role"] for f in files} == {"copies", "instructions"}
    files = [f for f in files if f["role"] == "copies"]  # a booklet's 说明 file is no piece of its own
    assert f"本期宣传品清单共列{len(files)}件" in text
    by_product = {p: sum(f["product"] == p for f in files) for p in ("board", "booklet", "leaflet")}
    assert f"展板{by_product['board']}件，口袋书{by_product['booklet']}件，宣传单{by_product['leaflet']}件" in text
    # every file of the manifest is a row of a level's table, with its edition
    rows = {(r.cells[0].text, r.cells[2].text, r.cells[3].text) for t in tables for r in t.rows[1:]
            if len(r.cells) == 5}
    zh = {"board": "展板", "booklet": "口袋书", "leaflet": "宣传单"}
    assert rows == {(f["unit"], zh[f["product"]], f["edition"]) for f in files}
    assert any("金水区" in r.cells[1].text for t in tables for r in t.rows[1:])
    # the deadline that applies from February on, and the office and date at the end
    assert "2027年2月1日18时前" in text
    assert text.rstrip().endswith("郑州市信访局\n2027年1月31日")
    summary = json.loads((made / "report.json").read_text())
    assert summary["pieces"] == len(files) and summary["on_time"] is True
    assert summary["units_by_level"] == {"市级": 1, "县级": 15, "乡级": 208}


def test_the_pdf_says_what_the_docx_says(made):
    (docx_path,) = made.glob("*.docx")
    (pdf_path,) = made.glob("*.pdf")
    pdf = "".join(_pdf_text(pdf_path).split())
    text, _ = _docx_text(docx_path)
    for para in text.split("\n"):
        if para.startswith(("一、宣传品制作情况", "二、图像核对情况", "五、报送时限")):
            assert "".join(para.split()) in pdf
    assert "郑州市手机信访宣传情况报告（2027年2月）河南省投诉受理办公室：" in pdf


def test_the_first_report_is_due_on_16_january_at_17(pack, tmp_path):
    assert main(["report", "410100", "--month", "2027-01", "--pack", str(pack), "-o", str(tmp_path),
                 "--date", "2027-01-16T17:30"]) == 0
    text, _ = _docx_text(next(tmp_path.glob("*.docx")))
    assert "2027年1月16日17时前（首次报告）" in text
    assert json.loads((tmp_path / "report.json").read_text())["on_time"] is False


@pytest.mark.parametrize("args, message", [
    (["郑州市", "--month", "2027-13"], "--month '2027-13' is not a month"),
    (["金水区", "--month", "2027-02"], "is not a city"),
])
def test_bad_arguments_are_one_line_and_exit_1(cli, pack, tmp_path, args, message):
    result = cli("report", *args, "--pack", pack, "-o", tmp_path / "out")
    assert result.code == 1 and message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (apt-get install "
                                                            "libreoffice-writer-nogui)")
def test_the_docx_opens_in_libreoffice(made, tmp_path):
    (path,) = made.glob("*.docx")
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                         capture_output=True, timeout=180)
    assert run.returncode == 0, run.stderr
    converted = tmp_path / path.with_suffix(".pdf").name
    assert "郑州市信访局" in _pdf_text(converted)
