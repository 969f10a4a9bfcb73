"""Where a place name may break across lines: between its parts, and inside a long part at word ends.

A place printed on a cover (郑州市金水区花园路街道) is the names of the units
above and of the unit itself, run together. A line may break between those
names; inside one name only where a word ends (郑州航空港 / 经济综合实验区,
never 郑州航空港经 / 济综合实验区), and only when the whole name is wider
than the line.

Where words end inside a name is decided by a segmenter (jieba, with its
bundled dictionary), not by a hand-kept word list. Loading jieba costs about
half a second, so the word ends of every unit name of the bundled data are
worked out once, at build time, by ``tools/build_place_words.py`` into
``placewords.json`` beside this module; a run only reads that table (a few
milliseconds, and only when a text is set). A name the table lacks (a unit a
user added) is segmented by jieba when first met, if jieba is installed;
``tests/test_placebreak.py`` checks that the table is complete for the
bundled data and agrees with the segmenter.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("placewords.json")


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[int, ...]]:
    """Every known unit name → the offsets inside it where a word ends (none at 0 or at its end)."""
    raw = json.loads(TABLE.read_text(encoding="utf-8"))
    return {name: tuple(ends) for name, ends in raw["names"].items()}


@lru_cache(maxsize=1)
def _lengths() -> dict[str, tuple[int, ...]]:
    """A name's first character → the lengths of the known names starting with it, longest first."""
    out: dict[str, set[int]] = {}
    for name in table():
        out.setdefault(name[0], set()).add(len(name))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in out.items()}


def segment(name: str) -> tuple[int, ...]:
    """Word ends inside ``name`` by the segmenter: none leaving a single character alone at either side.

    A break that leaves one character (郑东新 / 区) would tear a suffix from
    its word; such ends are dropped.
    """
    import jieba  # noqa: PLC0415 (half a second to load: only when a name is not in the table)

    jieba.setLogLevel(60)
    ends, pos = [], 0
    for word in jieba.cut(name, HMM=False):
        pos += len(word)
        if 2 <= pos <= len(name) - 2:
            ends.append(pos)
    return tuple(ends)


def word_ends(name: str) -> tuple[int, ...]:
    known = table().get(name)
    return known if known is not None else segment(name)


@lru_cache(maxsize=8192)
def name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every known unit name in ``text``, longest first from left to right.

    Only the lengths of names that start with the character at hand are tried: most characters of a text
    (digits, the guide's words) start none, and are passed at once.
    """
    names = table()
    lengths = _lengths()
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n - 1:
        for size in lengths.get(text[pos], ()):
            end = pos + size
            if size >= 2 and end <= n and text[pos:end] in names:
                spans.append((pos, end))
                pos = end
                break
        else:
            pos += 1
    return tuple(spans)


def inner_breaks(text: str) -> tuple[frozenset[int], dict[int, tuple[int, ...]]]:
    """Offsets inside names where no line may break, and each name's own word ends (by its start)."""
    closed: set[int] = set()
    words: dict[int, tuple[int, ...]] = {}
    for start, end in name_spans(text):
        closed.update(range(start + 1, end))
        words[start] = tuple(start + e for e in word_ends(text[start:end]))
    return frozenset(closed), words
