"""What the province still has to chase: per unit, the leaders' names or numbers missing and the placeholders.

Written with every pack (``readiness.csv`` for a spreadsheet, ``readiness.html``
to read), so the provincial office can see which county has not filled in its
leaders before the pieces go to print.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from collateral.dataset import Dataset
from collateral.model import Unit
from collateral.output import write_atomic
from collateral.packplan import name_path
from collateral.resolve import resolve


@dataclass(frozen=True)
class Readiness:
    unit: str
    name_path: str
    level: str
    missing: tuple[str, ...]  # leader names or numbers
    placeholders: tuple[str, ...]  # channel values not confirmed yet
    failed: tuple[str, ...] = ()  # why the unit got no files


def readiness(dataset: Dataset, units: Iterable[Unit], failed: dict[str, list[str]] | None = None) -> list[Readiness]:
    """Per unit: what its pieces print as blanks or as drafts, so the province can chase each county."""
    out = []
    for unit in sorted(units, key=lambda u: u.code):
        missing = tuple(f"{l.role}: {'、'.join({'name': '姓名', 'phone': '号码'}[m] for m in l.missing)}"
                        for l in unit.leaders if l.missing)
        placeholders = tuple(resolve(dataset, unit).draft_fields)
        out.append(Readiness(unit.code, name_path(dataset, unit), unit.level.label, missing, placeholders,
                             tuple((failed or {}).get(unit.code, ()))))
    return out


def write_readiness(out: Path, rows: list[Readiness]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["unit", "name_path", "level", "missing", "placeholders"])
    for r in rows:
        w.writerow([r.unit, r.name_path, r.level, "；".join(r.missing), "；".join(r.placeholders)])
    write_atomic(out / "readiness.csv", buf.getvalue().encode("utf-8-sig"))
    write_atomic(out / "readiness.html", readiness_html(rows).encode())


def readiness_html(rows: list[Readiness]) -> str:
    """A table per city, sortable by a click on a header; self-contained, no request."""
    e = html.escape
    cities: dict[str, list[Readiness]] = {}
    for r in rows:
        city = r.name_path.split("/")[1] if "/" in r.name_path else r.name_path
        cities.setdefault(city, []).append(r)
    parts = []
    for city, rs in cities.items():
        gaps = sum(1 for r in rs if r.missing or r.placeholders)
        body = "".join(
            f"<tr><td>{e(r.unit)}</td><td>{e(r.name_path)}</td><td>{e(r.level)}</td>"
            f"<td>{e('；'.join(r.missing))}</td><td>{e('；'.join(r.placeholders))}</td></tr>" for r in rs)
        parts.append(f"<section><h2>{e(city)} <small>{gaps} / {len(rs)} 个单位待补</small></h2><table>"
                     "<thead><tr><th>代码</th><th>单位</th><th>层级</th><th>缺少的领导信息</th><th>未核实的渠道</th></tr>"
                     f"</thead><tbody>{body}</tbody></table></section>")
    script = ("document.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{"
              "const tb=th.closest('table').tBodies[0];const rows=[...tb.rows];const d=th.dataset.d=th.dataset.d==='1'?'-1':'1';"
              "rows.sort((a,b)=>d*a.cells[i].textContent.localeCompare(b.cells[i].textContent,'zh'));"
              "rows.forEach(r=>tb.appendChild(r));}));")
    return ("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>手机信访宣传数据准备情况</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:2em}"
            "th,td{border:1px solid #bbb;padding:.3em .5em;text-align:left;font-size:14px}th{background:#f3e4e1;"
            "cursor:pointer}h2 small{color:#666;font-weight:normal}</style>"
            f"<h1>手机信访宣传数据准备情况</h1>{''.join(parts)}<script>{script}</script></html>\n")
