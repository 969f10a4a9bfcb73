"""Reading what is printed on a piece when no edition mark decodes: the ``编号`` line and the unit's name.

Optional: it needs the ``ocr`` extra (``pip install 'collateral[ocr]'``),
RapidOCR on ONNX Runtime, whose Chinese detection and recognition models come
inside its wheel (nothing is downloaded at run time). Without it
:func:`available` is False and a photo without a readable mark is simply
unmatched.

What the text may prove is decided in :mod:`collateral.campaign.photos`: an
edition code read in the text names one piece of the pack; a name alone
never makes a photo current.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

from PIL import Image

OCR_SIDE = 2400  # px: the long side the photo is read at (the unit's name is large type; speed matters)
_EDITION = re.compile(r"(\d{6})\s*[-－—–一]\s*([0-9a-z]{8})")


def available() -> bool:
    """Whether the OCR engine (the ``ocr`` extra) is installed."""
    return importlib.util.find_spec("rapidocr") is not None and importlib.util.find_spec("onnxruntime") is not None


@lru_cache(maxsize=1)
def _engine():
    from rapidocr import RapidOCR  # the `ocr` extra

    # one thread: photos are read in parallel, one process per core
    return RapidOCR(params={"Global.log_level": "critical", "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                            "EngineConfig.onnxruntime.inter_op_num_threads": 1})


def lines(photo: Image.Image) -> list[str]:
    """The lines of text OCR reads in the photo (any quarter turn), or [] without the ``ocr`` extra."""
    if not available():
        return []
    import numpy as np  # installed with the `ocr` extra

    small = photo.convert("RGB")
    if max(small.size) > OCR_SIDE:
        small = small.copy()
        small.thumbnail((OCR_SIDE, OCR_SIDE), Image.Resampling.LANCZOS)
    result = _engine()(np.asarray(small))
    return [t for t in (result.txts or ()) if t]


def editions(texts: list[str]) -> list[str]:
    """The edition codes (``202702-84f19436``) in the text, as printed after ``编号``."""
    out = []
    for text in texts:
        flat = text.lower().replace(" ", "").replace("o", "0")
        out += [f"{a}-{b}" for a, b in _EDITION.findall(flat)]
    return list(dict.fromkeys(out))


def name_of(texts: list[str], names: dict[str, str]) -> str | None:
    """The unit whose name is printed (``郑州市金水区花园路街道``), the most specific one, or None.

    ``names``: unit code → name path (``河南省/郑州市/金水区/花园路街道``). A unit counts
    when its last two names, run together, are in one line; a county (its
    city and itself) only when no township of it is.
    """
    flat = ["".join(t.split()) for t in texts]
    best, best_len = None, 0
    for code, path in names.items():
        parts = [p for p in path.split("/") if p]
        key = "".join(parts[-2:]) if len(parts) >= 2 else "".join(parts)
        if key and len(key) > best_len and any(key in t for t in flat):
            best, best_len = code, len(key)
    return best
