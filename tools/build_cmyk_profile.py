"""Build the CMYK output profile for PDF/X output intents: profiles/FOGRA39L-coated.icc.

    apt-get install argyll icc-profiles-free
    python tools/build_cmyk_profile.py

No freely licensed CMYK .icc ships in Debian, but icc-profiles-free ships
Fogra's characterisation data for coated offset paper (FOGRA39L.ti3,
ISO 12647-2:2004/Amd 1, paper type 1/2; zlib licence), and ArgyllCMS's
``colprof`` builds a profile from it. Run once; the .icc is committed, so
neither package is needed to use or test collateral.

Options, and why: ``-qm`` medium-quality A2B tables (CMYK → Lab, what a
viewer or RIP proofs with); ``-bl`` low-quality B2A tables, which keep the
file at ~70 KB (each board embeds it) and are not used to convert anything
in our PDFs, whose colours are already CMYK; ``-kr -l330 -L98``: ramp black
generation, 330 % total area coverage and 98 % black, FOGRA39's limits;
``-nc``: the measurement data is not copied into the profile.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TI3 = Path("/usr/share/color/icc/FOGRA39L.ti3")
OUT = Path(__file__).resolve().parents[1] / "profiles" / "FOGRA39L-coated.icc"
DESCRIPTION = "collateral FOGRA39L coated (ArgyllCMS colprof)"
COPYRIGHT = "Characterisation data FOGRA39L.ti3 (c) Kai-Uwe Behrmann, zlib licence; profile built with ArgyllCMS colprof"


def main() -> None:
    if not TI3.is_file() or shutil.which("colprof") is None:
        sys.exit("needs Debian packages icc-profiles-free and argyll: apt-get install argyll icc-profiles-free")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(TI3, Path(tmp) / TI3.name)
        subprocess.run(["colprof", "-qm", "-bl", "-kr", "-l330", "-L98", "-nc", f"-D{DESCRIPTION}", f"-C{COPYRIGHT}",
                        TI3.stem], cwd=tmp, check=True)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(tmp) / f"{TI3.stem}.icc", OUT)
    print(f"{OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
