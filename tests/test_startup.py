"""A command imports only the libraries it uses: most of a cold start is imports (bench/leaflet.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

LIBRARIES = {"pikepdf", "openpyxl", "ruamel", "rich", "selenium", "PIL", "pypdfium2", "zxingcpp", "pypdf",
             "reportlab", "yaml", "qrcode", "pydantic", "fontTools", "multiprocessing"}


def test_a_leaflet_imports_only_what_it_uses(tmp_path):
    script = f"""
        import json, sys
        from collateral.cli.app import main

        libraries = {sorted(LIBRARIES)!r}
        loaded = lambda: sorted({{m.split(".")[0] for m in sys.modules}} & set(libraries))
        assert main(["--version"]) == 0
        version = loaded()
        assert main(["leaflet", "410105002", "-o", {str(tmp_path)!r}]) == 0
        print(json.dumps({{"version": version, "leaflet": loaded()}}))
    """
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    loaded = json.loads(r.stdout.splitlines()[-1])
    assert loaded["version"] == []
    # ReportLab draws, YAML is the data, qrcode encodes, PIL and zxing-cpp prove each code decodes
    assert loaded["leaflet"] == ["PIL", "qrcode", "reportlab", "yaml", "zxingcpp"]
