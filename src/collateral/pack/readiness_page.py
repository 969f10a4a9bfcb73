"""``readiness.html``: one compact page for the provincial office to chase the counties (issue 16).

At the top, the placeholders every unit inherits from the province (said
once) and the totals. Then one collapsed section per city, its summary
line giving the counts; opened, a table with a row per county (leaders
named and with numbers out of how many, the leaders still missing,
townships with leaders, failures), and below it every unit's row. Every
table sorts by a click on its headers (numbers as numbers), a filter box
finds units by name or code and opens the cities they are in, and the
CSV beside the page is one click away. Self-contained: no request, works
from file://.
"""

from __future__ import annotations

import html

from collateral.data.model import Level
from collateral.pack.readiness import FAILED, GAPS, WAITS, Readiness, county_summaries

_e = html.escape

STYLE = """
body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;max-width:80em}
h1{font-size:1.5em;margin:.2em 0}.note{background:#fff6e0;border:1px solid #e6c15c;padding:.5em .8em;margin:.8em 0}
.tools{position:sticky;top:0;background:#fff;padding:.5em 0;display:flex;gap:.8em;align-items:center;z-index:1}
#filter{font-size:1em;padding:.3em .5em;width:22em}
details.city{border:1px solid #ccc;border-radius:4px;margin:.4em 0}
details.city>summary{padding:.5em .8em;cursor:pointer;background:#f7f1ef}
details.city>summary b{display:inline-block;min-width:8em}
details.units{margin:.5em .8em}details.units>summary{cursor:pointer;color:#555}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .45em;text-align:left;font-size:14px;vertical-align:top}
th{background:#f3e4e1;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.n{text-align:right;white-space:nowrap}.失败{color:#b00020;font-weight:bold}.待补{color:#8a5a00}
.counts span{margin-right:1.2em}.bad{color:#b00020}
"""

SCRIPT = r"""
(function(){
function key(td){var v=td.getAttribute('data-v');return v!==null?v:td.textContent.trim();}
var NUM=/^-?\d+(\.\d+)?$/;
function cmp(a,b){if(NUM.test(a)&&NUM.test(b))return parseFloat(a)-parseFloat(b);
 return a.localeCompare(b,'zh-CN',{numeric:true});}
document.querySelectorAll('table.sortable').forEach(function(table){
 var heads=table.tHead.rows[0].cells;
 Array.prototype.forEach.call(heads,function(th){th.addEventListener('click',function(){
  var col=th.cellIndex,dir=th.getAttribute('aria-sort')==='ascending'?-1:1;
  Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
  th.setAttribute('aria-sort',dir>0?'ascending':'descending');
  var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(r1,r2){return dir*cmp(key(r1.cells[col]),key(r2.cells[col]));});
  rows.forEach(function(r){body.appendChild(r);});});});});
var box=document.getElementById('filter');
box.addEventListener('input',function(){
 var q=box.value.trim().toLowerCase();
 document.querySelectorAll('details.city').forEach(function(city){
  var hits=0;
  city.querySelectorAll('tbody tr').forEach(function(tr){
   var show=!q||tr.textContent.toLowerCase().indexOf(q)>=0;tr.hidden=!show;if(show&&q)hits++;});
  city.hidden=!!q&&hits===0&&city.querySelector('summary').textContent.toLowerCase().indexOf(q)<0;
  city.open=!!q&&hits>0;var units=city.querySelector('details.units');if(units)units.open=!!q&&hits>0;});
});
document.getElementById('expand').addEventListener('click',function(){
 var all=document.querySelectorAll('details.city'),open=!Array.prototype.every.call(all,function(d){return d.open;});
 all.forEach(function(d){d.open=open;});});
})();
"""


def _n(value: int, total: int) -> str:
    cls = ' class="n bad"' if value < total else ' class="n"'
    return f'<td{cls} data-v="{value / total if total else 1:.4f}">{value}/{total}</td>'


def _county_table(summaries) -> str:
    rows = []
    for s in summaries:
        h = s.head
        own = {Level.PROVINCE: "（省本级）", Level.CITY: "（市本级）"}.get(h.level, "")
        rows.append(
            f"<tr><td>{_e(h.name_path.split('/')[-1])}{own}</td><td>{_e(h.unit)}</td>"
            f"{_n(h.named, h.leaders)}{_n(h.numbered, h.leaders)}"
            f"<td>{_e('、'.join(h.missing)) or '—'}</td>"
            f"{_n(s.townships_with_leaders, s.townships) if s.townships else '<td class=n data-v=-1>—</td>'}"
            f"<td class=n>{s.townships_missing}</td>"
            f"<td class=\"n{' bad' if s.failed else ''}\">{s.failed}</td></tr>")
    return ("<table class=\"sortable counties\"><thead><tr><th>单位</th><th>代码</th><th>领导已填姓名</th>"
            "<th>已填号码</th><th>待补的领导</th><th>有领导姓名的乡镇</th><th>领导信息不全的乡镇</th><th>失败的单位</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _unit_table(rows: list[Readiness]) -> str:
    body = "".join(
        f"<tr><td>{_e(r.unit)}</td><td>{_e(r.name_path)}</td><td>{_e(r.level.label)}</td>"
        f"<td class=\"{_e(r.status)}\">{_e(r.status)}</td><td>{_e('、'.join(r.missing))}</td>"
        f"<td>{_e('、'.join(r.waits_on))}</td>"
        f"<td>{_e('、'.join(r.placeholders))}</td><td>{_e('；'.join(r.failed))}</td></tr>" for r in rows)
    return ("<table class=\"sortable units\"><thead><tr><th>代码</th><th>单位</th><th>层级</th><th>状态</th>"
            "<th>缺少的领导信息</th><th>所印他级领导待补</th><th>本地未核实的渠道</th><th>失败原因</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def page(rows: list[Readiness], inherited: tuple[str, ...]) -> str:
    """The whole page, from the readiness rows and the placeholders inherited from the province."""
    cities: dict[str, list[Readiness]] = {}
    for r in rows:
        cities.setdefault(r.city, []).append(r)
    summaries = county_summaries(rows)
    sections = []
    for city, rs in cities.items():
        failed = sum(1 for r in rs if r.status == FAILED)
        gaps = sum(1 for r in rs if r.status == GAPS)
        waits = sum(1 for r in rs if r.status == WAITS)
        counties = [s for s in summaries.get(city, []) if s.head.level == Level.COUNTY]
        leaders = [s.head for s in summaries.get(city, [])]
        total = sum(h.leaders for h in leaders)
        named, numbered = sum(h.named for h in leaders), sum(h.numbered for h in leaders)
        size = ("<span>省本级</span>" if all(r.level == Level.PROVINCE for r in rs) else
                f"<span>{len(counties)} 个县区</span><span>{sum(1 for r in rs if r.level == Level.TOWNSHIP)} 个乡镇</span>")
        line = (f"<b>{_e(city)}</b><span class=counts>{size}"
                f"<span>领导姓名 {named}/{total}</span><span>号码 {numbered}/{total}</span>"
                f"<span>待补 {gaps}</span><span>待他级补 {waits}</span>"
                f"<span class=\"{'bad' if failed else ''}\">失败 {failed}</span></span>")
        table = _county_table(summaries[city]) if city in summaries else ""
        sections.append(f"<details class=city data-city=\"{_e(city)}\"><summary>{line}</summary>{table}"
                        f"<details class=units><summary>各单位明细（{len(rs)} 个）</summary>{_unit_table(rs)}"
                        "</details></details>")
    note = (f"<p class=note>省级尚未核实、各单位继承的渠道（只在此列出一次）：<b>{_e('、'.join(inherited))}</b>。"
            "用到它们的宣传品都印有“样稿”字样，正式印刷前请省信访局提供真实内容。</p>" if inherited else "")
    statuses = {s: sum(1 for r in rows if r.status == s) for s in dict.fromkeys(r.status for r in rows)}
    totals = "，".join(f"{s} {n}" for s, n in statuses.items())
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>手机信访宣传数据准备情况</title><style>{STYLE}</style></head><body>"
            f"<h1>手机信访宣传数据准备情况</h1><p>共 {len(rows)} 个单位：{_e(totals)}。</p>{note}"
            "<div class=tools><input id=filter type=search placeholder=\"筛选：单位名称或代码，如 金水区\" "
            "aria-label=\"筛选单位\"><a href=\"readiness.csv\" download>下载 CSV</a>"
            "<button id=expand type=button>全部展开/收起</button></div>"
            f"{''.join(sections)}<script>{SCRIPT}</script></body></html>\n")
