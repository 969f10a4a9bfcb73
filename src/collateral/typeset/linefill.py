"""Breaking a paragraph's clusters into lines: greedy filling, then CLReq's repairs.

In: clusters (``textunits``), already compressed where marks meet (``cjk``).
Out: the lines, each a list of units, with a line's first opening mark and
last closing mark compressed. On top of greedy filling:

* place names (known unit names, ``placebreak``) are words no line enters;
  a name wider than the line breaks at its own word ends, and only then
  anywhere kinsoku allows;
* no hanging punctuation: a mark that would stick out is compressed at the
  line end instead, so every glyph stays inside the frame (and so inside the
  layout's safety zones);
* no 孤字: a paragraph's last line holds at least two characters; if greedy
  filling leaves one, the lines before it are re-broken narrower, as long as
  no line needs more than :data:`MAX_SPREAD` between characters to justify;
* a caption may prefer to break after a pausing mark (``phrase``).
"""

from __future__ import annotations

from collateral.typeset.cjk import ENDING, HALF, at_line_end, at_line_start, letters, trims
from collateral.typeset.placebreak import inner_breaks
from collateral.typeset.textunits import EPS, Measure, Overflow, clusters_of

MAX_SPREAD = 0.25  # em added between two characters at most when justifying (CLReq: keep the grid even)
PHRASE_END = frozenset("、，；：。！？,;:!?”’」』）》】〕")  # a quote or bracket closes a phrase too


class Word(list):
    """Clusters glued into one piece no line break enters; ``parts``: how it splits when wider than a line."""

    parts: list[list[str]] | None = None


def glue(clusters: list[list[str]], text: str) -> list[list[str]]:
    """Clusters joined into words where a break would fall inside a known place name."""
    closed, words = inner_breaks(text)
    if not closed:
        return clusters
    out: list[list[str]] = []
    spans: list[tuple[int, int]] = []  # (start, end) offsets of each output piece
    pos = 0
    for cluster in clusters:
        size = sum(len(u) for u in cluster)
        if out and pos in closed:
            out[-1] = out[-1] + cluster
            spans[-1] = (spans[-1][0], pos + size)
        else:
            out.append(cluster)
            spans.append((pos, pos + size))
        pos += size
    result: list[list[str]] = []
    for piece, (start, end) in zip(out, spans):
        if len(piece) == 1 or not any(start < p < end for p in closed):
            result.append(piece)
            continue
        word = Word(piece)
        ends = {e for s, es in words.items() if start <= s < end for e in es}
        word.parts = _split_at(piece, start, ends)
        result.append(word)
    return result


def _split_at(units: list[str], start: int, ends: set[int]) -> list[list[str]] | None:
    """The units of a word cut at the given offsets (kinsoku clusters kept whole); None if it does not cut."""
    parts: list[list[str]] = []
    pos = start
    for cluster in clusters_of(units):
        size = sum(len(u) for u in cluster)
        if parts and pos not in ends:
            parts[-1] = parts[-1] + cluster
        else:
            parts.append(list(cluster))
        pos += size
    return parts if len(parts) > 1 else None


def fill(clusters: list[list[str]], m: Measure, width: float, first_width: float, phrase: float = 0.0,
         narrow: dict[int, float] | None = None, split_over: float = 0.0) -> list[list[str]]:
    """Greedy line filling; the units of each line. ``narrow``: a smaller measure for some lines (by index).

    ``split_over``: a place name no wider than this is never split, even on a
    narrower line (it raises :class:`Overflow` instead): balancing a title
    must not tear a name that fits the frame.

    With ``phrase`` > 0 (for short centred texts: card captions, SMS format),
    a line that must break prefers to end after a pausing mark, as long as it
    stays at least ``phrase`` of the measure full: "反映的具体事项" is not torn
    in two when "、" offers a break a little earlier.
    """
    narrow = narrow or {}
    lines: list[list[str]] = []
    cur: list[list[str]] = []  # clusters on the current line
    cur_w = 0.0

    def measure_now() -> float:
        base = first_width if not lines else width
        return min(base, narrow.get(len(lines), base))

    def flush() -> None:
        nonlocal cur, cur_w
        units = [u for c in cur for u in c]
        while units and units[-1] == " ":
            units.pop()
        if units:
            units[-1] = at_line_end(units[-1])
        lines.append(units)
        cur, cur_w = [], 0.0

    def end_cut(cluster: list[str]) -> float:
        last = cluster[-1]
        return (HALF - trims(last)[1]) * m.size if len(last) == 1 and last in ENDING else 0.0

    def starting(cluster: list[str]) -> list[str]:
        first = at_line_start(cluster[0])
        if first is cluster[0]:
            return cluster
        copy = Word([first, *cluster[1:]])
        copy.parts = None
        return copy

    queue = list(reversed(clusters))
    while queue:
        cluster = queue.pop()
        measure = measure_now()
        if cluster == [" "]:
            if cur:
                cur.append([" "])
                cur_w += m.unit(" ")
            continue
        if not cur:
            cluster = starting(cluster)
        w = m.cluster(cluster)
        prev = cur[-1][-1] if cur else None
        lead = m.gap(prev, cluster[0]) if prev and prev != " " else 0.0
        if cur_w + lead + w <= measure + EPS:
            cur.append(cluster)
            cur_w += lead + w
            continue
        if cur_w + lead + w - end_cut(cluster) <= measure + EPS:
            cur.append(cluster)
            flush()
            continue
        if cur:
            if phrase and _break_at_phrase(cur, queue, cluster, m, measure * phrase):
                flush()
                continue
            flush()
            measure = measure_now()
            cluster = starting(cluster)
            w = m.cluster(cluster)
        if w - end_cut(cluster) <= measure + EPS:
            cur.append(cluster)
            cur_w = w
            if w > measure + EPS:
                flush()
        elif isinstance(cluster, Word) and w <= split_over + EPS:
            raise Overflow("".join(cluster), w, measure)
        elif len(cluster) > 1:
            # a place name wider than the line breaks at its word ends; a word or a freak run of marks
            # wider than a line breaks where kinsoku allows, and only then anywhere
            parts = getattr(cluster, "parts", None) or clusters_of(cluster)
            queue.extend(reversed(parts if len(parts) > 1 else [[u] for u in cluster]))
        else:
            raise Overflow(cluster[0], w, measure)
    if cur or not lines:
        flush()
    return lines


def _break_at_phrase(cur: list[list[str]], queue: list[list[str]], pending: list[str], m: Measure,
                     least: float) -> bool:
    """Move the clusters after the last phrase end back to the queue, if the line stays long enough."""
    width = 0.0
    ends: list[tuple[int, float]] = []
    for i, c in enumerate(cur):
        width += m.cluster(c)
        # a phrase ends after a pausing mark, or before an opening one (“河南省信访局”)
        if c[-1][-1] in PHRASE_END or (i + 1 < len(cur) and cur[i + 1][0][0] in "（《「『【〔〖〘〚〈‘“"):
            ends.append((i, width))
    for i, w in reversed(ends):
        if i < len(cur) - 1 and w >= least:
            queue.append(pending)
            queue.extend(reversed(cur[i + 1:]))
            del cur[i + 1:]
            return True
    return False


def natural(units: list[str], m: Measure) -> float:
    return m.cluster(units)


def spread(units: list[str], m: Measure, measure: float) -> float:
    """Space added between two units to justify the line to ``measure``, in em (0 when nothing to add)."""
    gaps = len(units) - 1
    body = natural(units, m)
    if gaps <= 0 or body >= measure:
        return 0.0
    return (measure - body) / gaps / m.size


def no_orphan(clusters: list[list[str]], m: Measure, width: float, first_width: float, phrase: float,
              lines: list[list[str]]) -> list[list[str]]:
    """The lines re-broken so the last holds at least two characters (no 孤字), if that can be done well.

    The one to three lines before the last are set narrower, half an em at a
    time, until a character more comes down; a try is kept only if the
    paragraph keeps its number of lines and no re-broken line needs more than
    :data:`MAX_SPREAD` to justify. Otherwise the greedy lines stay.
    """
    n = len(lines)
    if n < 2 or letters(lines[-1]) >= 2:
        return lines
    for k in range(1, min(3, n - 1) + 1):
        for steps in range(1, 7):
            cut = steps * HALF * m.size
            narrow = {i: (first_width if i == 0 else width) - cut for i in range(n - 1 - k, n - 1)}
            try:
                trial = fill(clusters, m, width, first_width, phrase, narrow)
            except Overflow:
                break
            if len(trial) != n:
                break
            if letters(trial[-1]) < 2:
                continue
            if all(spread(trial[i], m, first_width if i == 0 else width) <= MAX_SPREAD + EPS
                   for i in range(n - 1 - k, n - 1)):
                return trial
    return lines


def balanced(clusters: list[list[str]], m: Measure, width: float, first: float, phrase: float, count: int) -> float:
    """The narrowest measure that still sets the text in ``count`` lines (to within a quarter point).

    No measure below the text's width shared out evenly can do, so the search starts there.
    """
    total = sum(m.unit(u) for c in clusters for u in c)
    lo, hi = max(0.0, total / count - 1.0), width
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        try:
            n = len(fill(clusters, m, mid, mid - (width - first), phrase, split_over=width))
        except Overflow:
            n = count + 1
        if n <= count:
            hi = mid
        else:
            lo = mid
    return hi
