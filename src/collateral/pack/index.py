"""``pack/index.html``: a township clerk types part of the unit's name and gets its files (issue 16).

One self-contained page at the top of the pack: the list of units and
their files is embedded as JSON, a search box matches a name, a name
path or a code, and each unit found shows its files as links, a
thumbnail of each file's first page and the printer settings to use:
a booklet's file says 「份数打印」 (print it as many times as copies are
wanted) and its 说明 beside it 「只印 1 份」 (print it once).
Thumbnails are the PDFs themselves, shown by the browser's own PDF viewer
(``<object type="application/pdf">``) when a search finds three units or
fewer (a button per file otherwise, each viewer being heavy): nothing
is rendered when the pack is made (5,553 pictures would double the time
of a province run), and it works from file:// with no server, the pack
copied onto a USB stick as it is. A browser that cannot show PDFs inline
shows the link instead.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from collateral.data.dataset import Dataset
from collateral.pack.manifest import Manifest
from collateral.files.output import write_atomic

_e = html.escape

STYLE = """
body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222;max-width:70em}
h1{font-size:1.5em}#q{font-size:1.2em;padding:.4em .6em;width:min(28em,90%)}
#count{color:#555;margin:.6em 0}.unit{border:1px solid #ccc;border-radius:4px;padding:.6em .9em;margin:.8em 0}
.unit h2{font-size:1.15em;margin:.1em 0 .5em}.unit h2 small{color:#666;font-weight:normal}
.files{display:flex;flex-wrap:wrap;gap:1em}.file{width:15em}
.thumb{width:15em;height:21em;border:1px solid #ddd;background:#fafafa;display:block}
.role{display:inline-block;font-weight:bold;padding:0 .4em;border-radius:3px;color:#fff;background:#b00020}
.role.once{background:#555}.none{color:#b00020}.file a{display:block;margin:.3em 0;word-break:break-all}.print{font-size:.9em;color:#444;margin:.2em 0}
"""

SCRIPT = r"""
(function(){
var UNITS=JSON.parse(document.getElementById('units').textContent);
var q=document.getElementById('q'),list=document.getElementById('results'),count=document.getElementById('count');
var PREVIEWED=3,SHOWN=30,timer=null;
function href(p){return p.split('/').map(encodeURIComponent).join('/');}
function el(tag,attrs,text){var e=document.createElement(tag);for(var k in attrs)e.setAttribute(k,attrs[k]);
 if(text!==undefined)e.textContent=text;return e;}
function preview(card,f){var o=el('object',{'class':'thumb','type':'application/pdf',
  'data':href(f.path)+'#page=1&view=Fit&toolbar=0&navpanes=0&scrollbar=0','aria-label':'首页预览：'+f.label});
 o.appendChild(el('span',{},'（此浏览器不能预览 PDF，请点下面的文件名打开）'));card.insertBefore(o,card.firstChild);}
function show(){
 var text=q.value.trim();list.textContent='';
 if(!text){count.textContent='共 '+UNITS.length+' 个单位。输入名称的一部分（如 花园路）或代码查找。';return;}
 var words=text.split(/[\s/，,、]+/).filter(Boolean);  // 郑州 花园路, 金水区/花园路: every word
 var hits=UNITS.filter(function(u){return words.every(function(w){return u.path.indexOf(w)>=0||u.code.indexOf(w)===0;});});
 count.textContent=hits.length?('找到 '+hits.length+' 个单位'+(hits.length>SHOWN?'，只列出前 '+SHOWN+' 个，请输入更多字':'')):'没有找到“'+text+'”：请换个写法，或只输入名称的一部分。';
 hits.slice(0,SHOWN).forEach(function(u,i){
  var box=el('section',{'class':'unit','data-code':u.code});
  var h=el('h2',{},u.path+' ');h.appendChild(el('small',{},u.code+' · '+u.level));box.appendChild(h);
  var files=el('div',{'class':'files'});
  if(!u.files.length)files.appendChild(el('p',{'class':'none'},'暂无文件：本单位的数据有误，宣传品未能生成，'+
    '已在数据准备情况（readiness.html）中列出；请联系县（区）信访部门。'));
  u.files.forEach(function(f){
   var card=el('div',{'class':'file'});
   card.appendChild(el('span',{'class':'role'+(f.role==='instructions'?' once':'')},
    f.role==='instructions'?'只印 1 份':'份数打印：要几份印几份'));
   card.appendChild(el('a',{'href':href(f.path)},f.label+'（PDF，'+f.pages+' 页）'));
   card.appendChild(el('p',{'class':'print'},f.print));
   if(hits.length<=PREVIEWED)preview(card,f);
   else{var b=el('button',{'type':'button','class':'show'},'显示首页预览');
    b.addEventListener('click',function(){b.remove();preview(card,f);});card.appendChild(b);}
   files.appendChild(card);});
  box.appendChild(files);list.appendChild(box);});
}
q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(show,200);});
if(location.hash.length>1){q.value=decodeURIComponent(location.hash.slice(1));}
show();
})();
"""


def units_json(dataset: Dataset, manifest: Manifest, labels: dict[str, str], printing: dict[str, str],
               once: str = "") -> str:
    """The pack's units and files, for the page's search: name path, code, level, files with how to print them.

    ``printing``: how to print each product's copies; ``once``: what a 说明 file (role "instructions") says.
    """
    by_unit: dict[str, list] = {}
    for path in sorted(manifest.files):
        e = manifest.files[path]
        label = labels.get(e.product, e.product)
        apart = e.role == "instructions"
        by_unit.setdefault(e.unit_code, []).append({"path": e.path, "product": e.product, "role": e.role,
                                              "label": f"{label}的打印说明" if apart else label,
                                              "pages": e.pages, "trim": e.trim,
                                              "print": once if apart else printing.get(e.product, "")})
    for unit_code, _ in manifest.failed:  # listed too, so that a clerk learns why there is nothing
        by_unit.setdefault(unit_code, [])
    order = {name: i for i, name in enumerate(labels)}
    units = []
    for code in sorted(by_unit):
        by_unit[code].sort(key=lambda f: (order.get(f["product"], len(order)), f["role"] != "instructions"))
        try:
            unit = dataset.unit(code)
        except KeyError:
            continue
        units.append({"code": code, "path": dataset.target_path(unit), "level": unit.level.label,
                      "files": by_unit[code]})
    # "</" would end the script element early: JSON allows "<\/"
    return json.dumps(units, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def page(units: str) -> str:
    return ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>手机信访宣传品：按单位查找</title><style>{STYLE}</style></head><body>"
            "<h1>手机信访宣传品：按单位查找</h1>"
            "<p><label for=q>单位名称或代码：</label><input id=q type=search autofocus autocomplete=off "
            "placeholder=\"如 花园路、金水区、410105002\"></p><p id=count role=status></p><div id=results></div>"
            "<p><a href=\"readiness.html\">数据准备情况</a> · <a href=\"manifest.csv\">文件清单（CSV）</a></p>"
            f"<script type=\"application/json\" id=units>{units}</script><script>{SCRIPT}</script></body></html>\n")


def write_index(out: Path, dataset: Dataset, manifest: Manifest, labels: dict[str, str],
                printing: dict[str, str], once: str = "") -> Path:
    """``out``/index.html for the pack as the manifest lists it."""
    return write_atomic(out / "index.html", page(units_json(dataset, manifest, labels, printing, once)).encode())
