"""webcheck's corpus: kits made from the bundled data, host pages around them, served on 127.0.0.1.

Two data sets: the bundled data as it is (WeChat and app codes marked
placeholder: true, every leader's number 待公布), and a *published* copy with
real-looking values: codes not marked placeholder, every 郑州市 leader a number
of their own, and 郑州市's SMS number set to its 信访局长's, so the number is
already visible in the map's open panel before anyone points at 短信投诉.

The server answers the corpus folder and a few routes a web check must answer
for: ``/404``, ``/500``, ``/never`` (headers, half a page, then a byte every
0.2 s until the browser gives up), ``/never-kit`` (the same after the whole kit), ``/moved`` (302 to the kit), ``/gone`` (301 to ``/404``), ``/file.pdf``.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image

from collateral.cli.app import main
from collateral.paths import data_dir
from collateral.codes.qr import matrix, matrix_image

CORPUS = Path(__file__).parent / "webcorpus"
CITY, OTHER_CITY = "410100", "410200"
WECHAT, APP = "https://www.hnxf.gov.cn/wx/gzh", "https://www.hnxf.gov.cn/app/android"


def publish(data: Path) -> dict[str, str]:
    """Make ``data`` (a copy) published: real payloads, a number per 郑州市 leader; returns unit name+role → number."""
    province = data / "province.yaml"
    text = province.read_text(encoding="utf-8").replace("    placeholder: true\n", "")
    text = text.replace("https://www.hnxf.gov.cn/placeholder/wechat", WECHAT)
    province.write_text(text.replace("https://www.hnxf.gov.cn/placeholder/app-android", APP), encoding="utf-8")
    numbers: dict[str, str] = {}
    serial = iter(range(1000, 10000))
    for path in sorted((data / "henan" / "410100-郑州市").glob("*.yaml")):
        body = path.read_text(encoding="utf-8")
        name = re.search(r"^name: (\S+)", body, re.M).group(1)

        def number(m: re.Match) -> str:
            phone = f"1393710{next(serial)}"
            numbers[f"{name}{m.group(1)}"] = phone
            return f'  - role: {m.group(1)}\n    name: 某某\n    phone: "{phone}"'

        body = re.sub(r'  - role: (\S+)\n    name: ""\n    phone: ""', number, body)
        if path.name == "city.yaml":
            body += f'channels:\n  sms:\n    number: "{numbers["郑州市市信访局长"]}"\n'
        path.write_text(body, encoding="utf-8")
    return numbers


def _kit(data: Path, code: str, out: Path) -> Path:
    assert main(["web", code, "-o", str(out), "--data", str(data)]) == 0
    return out


def snippet(kit: Path, name: str) -> str:
    return (kit / name).read_text(encoding="utf-8")


def build(tmp: Path) -> dict:
    """The site folder and the two data sets: {"root", "published", "bundled", "numbers"}."""
    root = tmp / "site"
    published = tmp / "published"
    shutil.copytree(data_dir(), published)
    numbers = publish(published)
    kit = _kit(published, CITY, root / "kit")
    _kit(data_dir(), CITY, root / "draft")  # the bundled data: a 样稿 kit
    _kit(data_dir(), OTHER_CITY, root / "kaifeng")  # another city's kit, also 样稿 and 待公布
    # 金水区's 区长 number replaced by 中原区's: the panel of 金水区 shows someone else's number
    page = snippet(kit, "index.html")
    wrong = page.replace(numbers["金水区区长"], numbers["中原区区长"])
    assert wrong != page
    (root / "changed").mkdir()
    (root / "changed" / "index.html").write_text(wrong, encoding="utf-8")
    # the channels' SMS number replaced by 金水区区长's (the map's panels unchanged)
    cut = page.index("</cmw-channels>")
    sms = numbers["郑州市市信访局长"]
    (root / "changed-sms").mkdir()
    (root / "changed-sms" / "index.html").write_text(page[:cut].replace(sms, numbers["金水区区长"]) + page[cut:],
                                                     encoding="utf-8")
    # the kit's script and styles sit next to every page that pastes it, as its README tells a web team
    for folder in (root, root / "changed", root / "changed-sms"):
        for asset in ("kit.js", "kit.css", "demo.css"):
            shutil.copy(kit / asset, folder / asset)
    matrix_image(matrix(WECHAT), px=5).save(root / "wechat-qr.png")
    matrix_image(matrix(APP), px=5).save(root / "app-qr.png")
    shutil.copy(kit / "flow.svg", root / "flow.svg")
    channels = snippet(kit, "channels.html")
    # the QR-image page carries the kit's app and SMS entries but its own WeChat image
    no_wechat = re.sub(r'<li class="cmw-entry">(?:(?!</li>).)*?微信信访(?:(?!</li>).)*?</li>', "", channels, flags=re.S)
    assert no_wechat != channels
    parts = {"{{map}}": snippet(kit, "map.html"), "{{flow}}": snippet(kit, "flow.svg"), "{{sms}}": sms}
    for source in CORPUS.glob("*.html"):
        text = source.read_text(encoding="utf-8")
        text = text.replace("{{channels}}", channels)
        if source.name == "qr-img-alt.html":
            text = text.replace("</section>", "</section>\n" + no_wechat, 1)
        for key, value in parts.items():
            text = text.replace(key, value)
        (root / source.name).write_text(text, encoding="utf-8")
    Image.new("L", (8, 8), 255).save(root / "blank.png")
    (root / "file.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {"root": root, "published": published, "bundled": data_dir(), "numbers": numbers}


class Handler(SimpleHTTPRequestHandler):
    """The corpus folder plus the routes of pages that fail in the ways a web check must report."""

    def log_message(self, *args) -> None:  # no request log on the test's stderr
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        route = self.path.split("?")[0]
        if route in ("/404", "/500"):
            self.send_response(int(route[1:]))
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(f"<!doctype html><html lang=zh-CN><title>{route[1:]}</title><h1>出错了</h1>".encode())
        elif route in ("/never", "/never-kit"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if route == "/never":
                self.wfile.write("<!doctype html><html lang=zh-CN><title>加载中</title><main><p>正在加载……".encode())
            else:  # the whole kit, then a connection that never ends (a stalled counter script does this)
                self.wfile.write((Path(self.directory) / "kit" / "index.html").read_bytes().replace(b"</html>", b""))
            self.wfile.flush()
            end = time.monotonic() + 120
            try:
                while time.monotonic() < end:
                    time.sleep(0.2)
                    self.wfile.write(b" ")
                    self.wfile.flush()
            except OSError:  # the browser stopped the load and closed the connection
                return
        elif route in ("/moved", "/gone"):
            self.send_response(302 if route == "/moved" else 301)
            self.send_header("Location", "/kit/index.html" if route == "/moved" else "/404")
            self.end_headers()
        else:
            super().do_GET()


def serve(root: Path):
    """A threaded server on 127.0.0.1 (a free port) in a daemon thread; returns (server, base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
