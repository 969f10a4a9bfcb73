"""网上查阅: webcheck judges the corpus of host pages (tests/webcorpus, served on 127.0.0.1) as a visitor would.

One browser for the module. The default run checks the kit as made, the
never-ending page, the error answers and the CLI's JSON; the rest of the
corpus (each known wrong verdict as its own page) is the slow sweep.
"""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from collateral.data.dataset import Dataset
from collateral.paths import data_dir
from collateral.codes.qr import decode_image
from collateral.campaign.webcheck import CHROMIUM, DRIVER, browser, check_page, expected

from webcheck_corpus import APP, CITY, WECHAT, build, serve

SMS = "18837117796"
ITEMS = ["channels", "wechat", "app", "sms", "flow", "map_hint", "map_regions", "map_numbers"]
needs_browser = pytest.mark.skipif(not (CHROMIUM.exists() and DRIVER.exists()),
                                   reason="no /usr/bin/chromium and /usr/bin/chromedriver "
                                          "(apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The corpus built and served; ``check(page, data=…, limit=…)`` runs webcheck in the module's browser."""
    if not (CHROMIUM.exists() and DRIVER.exists()):
        pytest.skip("no Chromium")
    tmp = tmp_path_factory.mktemp("webcheck")
    made = build(tmp)
    server, base = serve(made["root"])
    cross = made["root"] / "iframe-cross.html"  # the same server under another origin
    cross.write_text(cross.read_text(encoding="utf-8").replace("{{other}}", base.replace("127.0.0.1", "localhost")),
                     encoding="utf-8")
    driver = browser(tmp / "profile")
    sets = {"published": Dataset(made["published"]), "bundled": Dataset(made["bundled"])}

    def check(page: str, data: str = "published", limit: float = 30.0):
        ds = sets[data]
        exp = expected(ds, ds.find(CITY))
        items, shots, load = check_page(driver, f"{base}/{page}", exp, limit)
        return {i.item: i for i in items}, shots, load, exp

    yield {"check": check, "base": base, "numbers": made["numbers"], "driver": driver}
    driver.quit()
    server.shutdown()


def _codes(png: bytes) -> list[str]:
    return decode_image(Image.open(io.BytesIO(png)).convert("L"))


def test_expected_values_come_from_the_data():
    dataset = Dataset(data_dir())
    exp = expected(dataset, dataset.find("410100"))
    assert exp.sms == SMS and exp.whose(SMS) == "河南省信访局局长"
    assert set(exp.payloads) == {"wechat", "app"} and all(exp.payloads.values())
    assert exp.drafts == {"wechat", "app"}  # the bundled codes are placeholders: a page showing them is a 样稿
    assert "410102" in exp.regions and exp.own.name == "郑州市" and len(exp.regions) == 15


def test_a_page_that_is_not_there_is_one_line_and_exit_1(cli, tmp_path):
    result = cli("webcheck", tmp_path / "nothing.html", "--target", "410100", "-o", tmp_path / "out")
    assert result.code == 1 and "neither a URL nor a page on disk" in result.err
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@needs_browser
def test_the_kit_as_made_passes_every_item_with_its_evidence(corpus):
    items, shots, load, exp = corpus["check"]("kit/index.html")
    assert list(items) == ITEMS
    assert {k: i.status for k, i in items.items()} == dict.fromkeys(ITEMS, "PASS"), \
        {k: i.found for k, i in items.items() if not i.ok}
    assert load["status"] == 200 and load["content_type"].startswith("text/html") and not load["timed_out"]
    # the SMS number is already visible in the open panel of 郑州市 (its 信访局长's): it still counts
    assert exp.sms == corpus["numbers"]["郑州市市信访局长"] and exp.sms in exp.own.numbers
    assert items["sms"].found.endswith(exp.sms) and "cmw-channels >>>" in items["sms"].element
    # evidence: an element, what was read, a screenshot that shows it
    for key in ITEMS:
        assert items[key].element and items[key].read and items[key].screenshot in shots, key
    assert WECHAT in _codes(shots[items["wechat"].screenshot])
    assert APP in _codes(shots[items["app"].screenshot]) and WECHAT not in _codes(shots[items["app"].screenshot])
    assert "15 个地区齐全" in items["map_regions"].found
    assert "48 个公开号码" in items["map_numbers"].found


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@needs_browser
def test_a_page_that_never_ends_is_stopped_at_its_limit_and_still_answered(corpus):
    items, shots, load, _ = corpus["check"]("never", limit=3)
    assert load["timed_out"] and 3 <= load["seconds"] < 30 and load["status"] == 200
    assert all(i.status == "FAIL" and "3 秒内未加载完成" in i.found for i in items.values())
    assert items["channels"].screenshot in shots


@needs_browser
@pytest.mark.parametrize("route, status, why", [("404", 404, "HTTP 404 Not Found"),
                                                ("500", 500, "HTTP 500 Internal Server Error"),
                                                ("file.pdf", 200, "不是网页（HTTP 200 OK，application/pdf"),
                                                ("gone", 404, "经 1 次重定向")])
def test_error_answers_and_other_types_fail_every_item_naming_the_status(corpus, route, status, why):
    items, _, load, _ = corpus["check"](route)
    assert load["status"] == status
    assert all(i.status == "FAIL" and why in i.found for i in items.values()), [i.found for i in items.values()]
    if route == "gone":
        assert load["redirects"] == [{"status": 301, "from": f"{corpus['base']}/gone", "to": f"{corpus['base']}/404"}]


@pytest.mark.slow  # end to end (> 1.5 s); the default run keeps its 90 s budget, CI runs it with -m slow
@needs_browser
def test_the_cli_writes_its_json_on_a_server_error_and_exits_1(corpus, cli, tmp_path):
    result = cli("webcheck", f"{corpus['base']}/500", "--target", "郑州市", "-o", tmp_path / "out", "--limit", "5")
    assert result.code == 1 and "Traceback" not in result.err
    doc = json.loads((tmp_path / "out" / "webcheck.json").read_text(encoding="utf-8"))
    assert doc["verdict"] == "FAIL" and doc["load"]["status"] == 500 and doc["load"]["limit"] == 5
    assert [i["item"] for i in doc["items"]] == ITEMS and not any(i["ok"] for i in doc["items"])
    assert "(500, text/html; charset=utf-8)" in result.err.splitlines()[-1]


# The slow sweep: every other page of the corpus, each a verdict webcheck once got wrong. page → (data set,
# the statuses that are not PASS, words the verdict of each must contain).
SWEEP = {
    "changed/index.html": ("published", {"map_numbers": ("FAIL", "金水区：页面上有")}),
    "changed-sms/index.html": ("published", {"sms": ("FAIL", "（金水区区长的号码），应为")}),
    "footer-links.html": ("published", {}),
    "own-buttons.html": ("published", {}),
    "flow-picture.html": ("published", {}),
    "flow-news-link.html": ("published", {"flow": ("FAIL", "只有文字“我市召开会议部署手机信访流程优化工作”")}),
    "qr-img-alt.html": ("published", {}),
    "iframe.html": ("published", {}),
    "iframe-cross.html": ("published", {}),
    "moved": ("published", {}),
    "draft/index.html": ("bundled", {"wechat": ("WARN", "样稿"), "app": ("WARN", "样稿"),
                                     "map_numbers": ("WARN", "待公布")}),
    "kaifeng/index.html": ("bundled", {"wechat": ("WARN", "样稿"), "app": ("WARN", "样稿"),
                                       "map_regions": ("FAIL", "不是郑州市的地区：龙亭区"),
                                       "map_numbers": ("FAIL", "地图不是郑州市的")}),
}


@pytest.mark.slow
@needs_browser
@pytest.mark.parametrize("page", list(SWEEP))
def test_each_page_of_the_corpus_gets_its_verdict_with_evidence(corpus, page):
    data, wrong = SWEEP[page]
    items, shots, load, exp = corpus["check"](page, data=data)
    got = {k: i.status for k, i in items.items() if i.status != "PASS"}
    assert got == {k: s for k, (s, _) in wrong.items()}, {k: items[k].found for k in got}
    for key, (_, words) in wrong.items():
        assert words in items[key].found, items[key].found
    assert all(i.screenshot in shots for i in items.values())
    assert all(i.element and i.read for i in items.values())
    numbers = corpus["numbers"]
    if page == "changed-sms/index.html":
        assert f"应为 {numbers['郑州市市信访局长']}（郑州市市信访局长）" in items["sms"].found
    if page == "changed/index.html":  # the unit whose panel shows it, and whose number it really is
        found = items["map_numbers"].found
        assert f"{numbers['中原区区长']}（中原区区长的号码）" in found and f"缺少 {numbers['金水区区长']}（金水区区长）" in found
        assert items["map_numbers"].element.endswith("-r-410105")  # 金水区's region, opened in the screenshot
    if page == "footer-links.html":  # the kit's buttons, not the footer's links of the same words
        assert all("cmw-channels >>>" in items[k].element and "footer" not in items[k].element
                   for k in ("wechat", "app", "sms"))
    if page == "own-buttons.html":  # no kit markers: found by their words, the QR shown on hover, not the footer
        assert all(items[k].element.startswith("main > section") and "悬停" in items[k].found
                   for k in ("wechat", "app", "sms")), [items[k].element for k in ("wechat", "app", "sms")]
        assert APP in _codes(shots[items["app"].screenshot])
    if page == "flow-picture.html":
        assert items["flow"].element.endswith("picture > img") and "alt“手机信访流程”" in items["flow"].found
    if page == "qr-img-alt.html":  # found by its alt, counted by what it decodes to
        assert items["wechat"].element.endswith("img") and "微信公众号二维码" in items["wechat"].found
        assert WECHAT in _codes(shots[items["wechat"].screenshot])
    if page.startswith("iframe"):
        assert load["frames"] and all(i.frame.endswith("/kit/index.html") for i in items.values() if i.element)
        assert ("localhost" in items["wechat"].frame) == (page == "iframe-cross.html")
    if page == "moved":
        assert load["redirects"][0]["status"] == 302 and load["final_url"].endswith("/kit/index.html")


@pytest.mark.slow
@needs_browser
def test_a_kit_on_a_page_that_never_ends_is_checked_as_far_as_it_came_and_nothing_passes(corpus):
    items, _, load, _ = corpus["check"]("never-kit", limit=3)
    assert load["timed_out"]
    assert {i.status for i in items.values()} == {"WARN"}, {k: i.found for k, i in items.items()}
    assert all("3 秒内未加载完成" in i.found for i in items.values())
    assert items["sms"].found.startswith("悬停“短信投诉”后显示")


@pytest.mark.slow
@needs_browser
@pytest.mark.parametrize("page", ["footer-links.html", "own-buttons.html", "flow-picture.html", "flow-news-link.html", "qr-img-alt.html",
                                  "iframe.html", "iframe-cross.html"])
def test_the_corpus_pages_are_accessible_themselves(corpus, page):
    """lang, title, landmarks, a titled iframe: axe-core finds nothing on the host pages around the kit."""
    from webkit_browser import axe_violations

    corpus["driver"].get(f"{corpus['base']}/{page}")
    assert axe_violations(corpus["driver"]) == []


@pytest.mark.slow
@needs_browser
def test_warnings_alone_exit_0_and_the_report_counts_only_passes(corpus, cli, tmp_path):
    """The 样稿 kit through the CLI: WARN lines, exit 0; the city's report does not call a WARN 符合."""
    from collateral.cli.app import main

    result = cli("webcheck", f"{corpus['base']}/draft/index.html", "--target", "郑州市", "-o", tmp_path / "draft")
    assert result.code == 0, result.err
    assert [l.split(":")[0] for l in result.err.splitlines() if l.startswith("WARN")] == \
        ["WARN wechat", "WARN app", "WARN map_numbers"]
    assert "5 of 8 item(s) pass, 3 warn, 0 fail" in result.err
    doc = json.loads((tmp_path / "draft" / "webcheck.json").read_text(encoding="utf-8"))
    assert doc["verdict"] == "WARN" and doc["counts"] == {"PASS": 5, "WARN": 3, "FAIL": 0}
    assert all((tmp_path / "draft" / i["screenshot"]).is_file() for i in doc["items"])
    pack = tmp_path / "pack"
    assert main(["batch", "410105", "-o", str(pack), "-q", "--products", "board"]) == 0
    assert main(["report", "郑州市", "--month", "2027-02", "--pack", str(pack), "--webcheck", str(tmp_path / "draft"),
                 "-o", str(tmp_path / "report"), "--date", "2027-02-01T10:00"]) == 0
    import docx

    document = docx.Document(next((tmp_path / "report").glob("*.docx")))
    web = next(t for t in document.tables if t.rows[0].cells[0].text == "项目")
    assert [r.cells[1].text for r in web.rows[1:]].count("符合") == 5
