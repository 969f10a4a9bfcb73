"""A command imports only the libraries it uses: most of a cold start is imports (bench/leaflet.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

LIBRARIES = {"pikepdf", "openpyxl", "ruamel", "rich", "selenium", "PIL", "pypdfium2", "zxingcpp", "pypdf",
             "reportlab", "yaml", "qrcode", "pydantic", "fontTools", "multiprocessing"}


def _leaflet_in_fresh_process(out, cache) -> tuple[dict, bytes]:
    """The libraries a fresh process had loaded after ``--version`` and after one leaflet, and the PDF's bytes."""
    script = f"""
        import json, sys
        from collateral.cli.app import main

        libraries = {sorted(LIBRARIES)!r}
        loaded = lambda: sorted({{m.split(".")[0] for m in sys.modules}} & set(libraries))
        assert main(["--version"]) == 0
        version = loaded()
        assert main(["leaflet", "410105002", "-o", {str(out)!r}]) == 0
        print(json.dumps({{"version": version, "leaflet": loaded()}}))
    """
    env = {**os.environ, "COLLATERAL_CACHE_DIR": str(cache)}
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                       timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    (pdf,) = out.glob("*.pdf")
    return json.loads(r.stdout.splitlines()[-1]), pdf.read_bytes()


def test_a_leaflet_imports_only_what_it_uses_and_the_disk_cache_changes_no_byte(tmp_path):
    cache = tmp_path / "cache"
    first, made = _leaflet_in_fresh_process(tmp_path / "1", cache)
    assert first["version"] == []
    # ReportLab draws, YAML is the data, qrcode encodes, PIL and zxing-cpp prove each code decodes
    assert first["leaflet"] == ["PIL", "qrcode", "reportlab", "yaml", "zxingcpp"]
    assert list((cache / "qr").rglob("*")) and list((cache / "seed").rglob("*"))
    # the next start takes the proven QR symbols and the font seed from the cache: no encoder, the same file
    again, remade = _leaflet_in_fresh_process(tmp_path / "2", cache)
    assert again["leaflet"] == ["PIL", "reportlab", "yaml", "zxingcpp"]
    assert remade == made
    # a damaged cache is only a slower start: a symbol's modules changed in place (its length kept) is proven
    # wrong as it is read and made afresh, a seed cut short is composed again; the same file again
    for entry in (e for e in cache.rglob("*") if e.is_file() and e.parent.parent.name == "qr"):
        data = bytearray(entry.read_bytes())
        for i in range(len(data) - 400, len(data), 3):
            data[i] ^= 1
        entry.write_bytes(bytes(data))
    for entry in (e for e in cache.rglob("*") if e.is_file() and e.parent.parent.name == "seed"):
        entry.write_bytes(entry.read_bytes()[:-3])
    _, after_damage = _leaflet_in_fresh_process(tmp_path / "3", cache)
    assert after_damage == made
