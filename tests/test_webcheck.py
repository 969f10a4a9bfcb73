"""网上查阅: webcheck drives headless Chromium over kit pages served on 127.0.0.1 and names what is wrong."""

from __future__ import annotations

import functools
import json
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from collateral.cli.app import main
from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from collateral.campaign.webcheck import CHROMIUM, DRIVER, expected

SMS = "18837117796"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """郑州市's kit, a copy with one digit of the SMS number changed and one without the WeChat entry, on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    assert main(["web", "410100", "-o", str(root / "good")]) == 0
    page = (root / "good" / "index.html").read_text(encoding="utf-8")
    assert SMS in page
    (root / "sms").mkdir()
    (root / "sms" / "index.html").write_text(page.replace(SMS, SMS[:-1] + "5"), encoding="utf-8")
    (root / "nowechat").mkdir()
    entry = re.compile(r"<li\b[^>]*>(?:(?!</li>).)*?微信信访(?:(?!</li>).)*?</li>", re.S)
    assert len(entry.findall(page)) == 1
    (root / "nowechat" / "index.html").write_text(entry.sub("", page), encoding="utf-8")
    handler = functools.partial(_Quiet, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no request log on the test's stderr
        pass


def test_expected_values_come_from_the_data():
    dataset = Dataset(data_dir())
    exp = expected(dataset, dataset.find("410100"))
    assert exp.sms == SMS
    assert set(exp.payloads) == {"wechat", "app"} and all(exp.payloads.values())
    assert "410102" in exp.halls and exp.halls["410100"][0] == "郑州市"


def test_a_page_that_is_not_there_is_one_line_and_exit_1(cli, tmp_path):
    result = cli("webcheck", tmp_path / "nothing.html", "--target", "410100", "-o", tmp_path / "out")
    assert result.code == 1 and "neither a URL nor a page on disk" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.slow
@pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                    reason="no /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)")
def test_webcheck_passes_the_kit_and_names_the_changed_number_and_the_missing_channel(site, cli, tmp_path):
    good = cli("webcheck", f"{site}/good/index.html", "--target", "郑州市", "-o", tmp_path / "good")
    assert good.code == 0, good.err
    doc = json.loads((tmp_path / "good" / "webcheck.json").read_text())
    assert [i["item"] for i in doc["items"]] == ["channels", "wechat", "app", "sms", "flow", "map_hint", "map_numbers"]
    assert all(i["ok"] for i in doc["items"])
    assert all((tmp_path / "good" / i["screenshot"]).is_file() for i in doc["items"])
    assert next(i for i in doc["items"] if i["item"] == "sms")["found"] == SMS
    # the city's report carries the results and their screenshots
    pack = tmp_path / "pack"
    assert main(["batch", "410105", "-o", str(pack), "-q", "--products", "board"]) == 0
    assert main(["report", "郑州市", "--month", "2027-02", "--pack", str(pack), "--webcheck", str(tmp_path / "good"),
                 "-o", str(tmp_path / "report"), "--date", "2027-02-01T10:00"]) == 0
    import docx

    document = docx.Document(next((tmp_path / "report").glob("*.docx")))
    web = next(t for t in document.tables if t.rows[0].cells[0].text == "项目")
    assert [r.cells[1].text for r in web.rows[1:]] == ["符合"] * 7
    assert "按附件一要求查阅网页7项，符合要求7项，全部符合要求。" in "\n".join(p.text for p in document.paragraphs)

    changed = cli("webcheck", f"{site}/sms/index.html", "--target", "410100", "-o", tmp_path / "sms")
    assert changed.code == 1
    failing = [line for line in changed.err.splitlines() if line.startswith("FAIL")]
    assert len(failing) == 1 and failing[0].startswith("FAIL sms:")
    assert f"expected {SMS}; found {SMS[:-1]}5" in failing[0]

    missing = cli("webcheck", f"{site}/nowechat/index.html", "--target", "410100", "-o", tmp_path / "nowechat")
    assert missing.code == 1
    failing = [line.split(":")[0] for line in missing.err.splitlines() if line.startswith("FAIL")]
    assert failing == ["FAIL channels", "FAIL wechat"]
    assert "缺少 微信信访" in missing.err
