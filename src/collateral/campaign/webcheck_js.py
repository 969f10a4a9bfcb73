"""The scripts webcheck runs in the page: finding what a visitor would use, and reading what is visible.

Every search walks the document and every open shadow root (the kit's
snippets live in shadow roots). Elements are found by the kit's own markers
first (``.cmw-trigger`` and the ``aria-label`` of the popover it opens,
``data-code``/``data-name`` on the map's regions and halls), then by
accessible names: text, ``alt``, ``aria-label``, ``aria-labelledby``,
``title``, an SVG's ``<title>``. Visible means what the browser renders:
``checkVisibility`` (display, visibility, opacity, closed popovers) and a box
of non-zero size. Each script returns plain lists, elements included
(Selenium hands them back as WebElements).
"""

from __future__ import annotations

COMMON = r"""
const W=window.__wc||(window.__wc={});
function deep(root,out){out=out||[];for(const el of root.querySelectorAll('*')){out.push(el);if(el.shadowRoot)deep(el.shadowRoot,out)}return out}
function shown(el){if(!el||!el.isConnected)return false;
 if(el.checkVisibility&&!el.checkVisibility({opacityProperty:true,visibilityProperty:true}))return false;
 const r=el.getBoundingClientRect();return r.width>0&&r.height>0}
function norm(s){return (s||'').replace(/\s+/g,'')}
function own(el){let t='';for(const n of el.childNodes)if(n.nodeType===3)t+=n.nodeValue;return norm(t)}
function inert(el){return !!(el.closest&&el.closest('script,style,template,noscript,title,desc'))}
function byIds(el,ids){const r=el.getRootNode();return ids.split(/\s+/).map(i=>{const x=r.getElementById?r.getElementById(i):null;return x?x.textContent:''}).join('')}
function label(el){const a=el.getAttribute('aria-label');if(a)return [norm(a),'aria-label'];
 const lb=el.getAttribute('aria-labelledby');if(lb){const t=norm(byIds(el,lb));if(t)return [t,'aria-labelledby']}
 if(/^(img|input|area)$/.test(el.localName)&&el.getAttribute('alt'))return [norm(el.getAttribute('alt')),'alt'];
 if(el.localName==='svg'){const tt=el.querySelector('title');if(tt&&norm(tt.textContent))return [norm(tt.textContent),'title']}
 if(!/^(svg|picture|img)$/.test(el.localName)){const t=norm(el.innerText!==undefined&&shown(el)?el.innerText:el.textContent);if(t)return [t,'text']}
 const img=el.querySelector&&el.querySelector('img[alt]');if(img&&norm(img.getAttribute('alt')))return [norm(img.getAttribute('alt')),'alt'];
 const t=el.getAttribute('title');return t?[norm(t),'title']:['','']}
function seg(el){let s=el.localName;if(el.id&&/^[A-Za-z][\w-]*$/.test(el.id))return s+'#'+el.id;
 const c=[...el.classList].filter(x=>x!=='cmw-js'&&/^[A-Za-z][\w-]*$/.test(x)).slice(0,2);if(c.length)s+='.'+c.join('.');
 const p=el.parentNode;if(p&&p.children){const same=[...p.children].filter(x=>x.localName===el.localName);
 if(same.length>1&&!el.id)s+=':nth-of-type('+(same.indexOf(el)+1)+')'}return s}
function path(el){const parts=[];let n=el,k=0;
 while(n&&n.nodeType===1&&n.localName!=='body'&&n.localName!=='html'){parts.unshift(seg(n));k++;if(n.id&&/^[A-Za-z][\w-]*$/.test(n.id))break;
  if(n.parentElement){if(k>=5)break;n=n.parentElement}else{const r=n.getRootNode();if(r.host){parts.unshift(seg(r.host),'>>>')}break}}
 return parts.join(' > ').replace(/ > >>> > /g,' >>> ')}
function box(el){const r=el.getBoundingClientRect();return [r.left,r.top,r.width,r.height]}
function texts(root){const out=[];const all=[root,...deep(root.shadowRoot||root)];
 for(const e of all){if(inert(e)||!shown(e))continue;const t=own(e);if(t)out.push(t)}return out}
function controlled(el){const id=el.getAttribute('aria-controls')||el.getAttribute('popovertarget');if(!id)return null;
 const r=el.getRootNode();return (r.getElementById&&r.getElementById(id))||document.getElementById(id)}
function context(el){let n=el;for(let i=0;i<4&&n;i++){if(/^(li|p|dd|td|tr|section|figure|div)$/.test(n.localName)&&norm(n.textContent).length<=300)return n;
 n=n.parentElement||(n.getRootNode().host||null)}return el}
"""

# The visible elements now: what an interaction reveals is compared against this.
SNAPSHOT = COMMON + "W.before=new Set(deep(document).filter(shown));return W.before.size;"

# What is visible after an interaction with arguments[0]: texts of newly shown elements, of what it
# controls (a popover, a panel), and of its own block (a number printed beside its label); and the boxes
# where a QR code counts as its: its block, what it controls, images that appeared.
REVEALED = COMMON + r"""
const el=arguments[0],b=W.before||new Set(),fresh=[];
for(const e of deep(document)){if(b.has(e)||inert(e)||!shown(e))continue;const t=own(e);if(t)fresh.push(t);
 const a=e.getAttribute('aria-label');if(a&&e.localName!=='svg')fresh.push(norm(a))}
const c=controlled(el),zones=[box(context(el))];if(c&&shown(c))zones.push(box(c));
for(const e of deep(document))if(!b.has(e)&&/^(img|svg|canvas|object)$/.test(e.localName)&&shown(e))zones.push(box(e));
return [fresh,c&&shown(c)?texts(c):[],texts(context(el)),c?path(c):'',zones];
"""

# Candidates for one channel entry: [element, how found, its name, CSS path, shown], best first.
ENTRIES = COMMON + r"""
const [want,terms]=arguments,out=[];const all=deep(document);
for(const t of all){if(!t.classList||!t.classList.contains('cmw-trigger'))continue;const pop=controlled(t);
 const nm=norm((pop&&pop.getAttribute('aria-label'))||t.textContent);if(nm===norm(want))out.push({el:t,how:'kit',name:nm,score:1000})}
const active=e=>/^(a|button|summary|img|svg|input|picture|area|label)$/.test(e.localName)||e.hasAttribute('tabindex')
 ||/button|link|img|tab/.test(e.getAttribute('role')||'');
for(const e of all){if(inert(e)||out.some(o=>o.el===e))continue;let nm,how;
 if(active(e))[nm,how]=label(e);else{nm=own(e);how='text';if(!nm&&e.getAttribute('title')){nm=norm(e.getAttribute('title'));how='title'}}
 if(!nm||nm.length>30)continue;const low=nm.toLowerCase();const ti=terms.findIndex(t=>low.includes(t.toLowerCase()));if(ti<0)continue;
 let s=100-ti*15+(nm===norm(want)?30:0)+(active(e)?15:0)-(nm.length>12?15:0);
 if(e.closest('footer,[role=contentinfo]'))s-=40;if(e.closest('svg')&&e.localName!=='svg')s-=40;if(!shown(e))s-=60;
 out.push({el:e,how:how,name:nm,score:s})}
out.sort((a,b)=>b.score-a.score);const kept=[];
for(const o of out){if(kept.some(k=>k.el.contains(o.el)||o.el.contains(k.el)))continue;kept.push(o)}
return kept.slice(0,5).map(o=>[o.el,o.how,o.name,path(o.el),shown(o.el)]);
"""

# Square-ish visible images (img, svg, canvas): QR codes a page shows without naming them.
IMAGES = COMMON + r"""
return deep(document).filter(e=>/^(img|svg|canvas|object)$/.test(e.localName)&&!(e.localName==='svg'&&e.parentElement&&e.parentElement.closest('svg'))
 &&shown(e)&&(()=>{const r=e.getBoundingClientRect();return r.width>=60&&r.width<=600&&Math.abs(r.width-r.height)<=r.width*0.25})())
 .slice(0,12).map(e=>[e,path(e)]);
"""

# The element at a viewport point, through shadow roots: which element a decoded QR code is.
AT_POINT = COMMON + r"""
let r=document,el=null;for(let i=0;i<8;i++){const e=r.elementFromPoint(arguments[0],arguments[1]);if(!e||e===el)break;el=e;
 if(e.shadowRoot)r=e.shadowRoot;else break}
const img=el&&el.closest?(el.closest('svg,img,canvas,picture')||el):el;return img?[img,path(img)]:null;
"""

# The 手机信访流程: graphics (img, picture, svg, object, canvas) named 流程, and mere text that says it.
FLOW = COMMON + r"""
const want=arguments[0],g=[],words=[];
for(const e of deep(document)){if(inert(e))continue;
 if(/^(img|svg|object|canvas|input)$/.test(e.localName)&&!(e.localName==='svg'&&e.parentElement&&e.parentElement.closest('svg'))){
  let [nm,how]=label(e);const fig=e.closest('figure');if(!nm.includes('流程')&&fig){const c=fig.querySelector('figcaption');if(c){nm=norm(c.textContent);how='figcaption'}}
  if(nm.includes('流程')){const r=e.getBoundingClientRect();g.push([e,how,nm,path(e),shown(e),Math.round(r.width),Math.round(r.height),
   e.localName==='svg'?norm(e.textContent).slice(0,400):''])}}
 else if(own(e).includes(want)&&!e.closest('svg'))words.push([e,e.localName,own(e),path(e),shown(e)])}
return [g,words];
"""

# The map: its regions (the kit's .cmw-region, else links and buttons inside an svg), list buttons, iframes.
MAP = COMMON + r"""
const names=arguments[0],regions=[],list=[];
for(const e of deep(document)){if(inert(e))continue;
 const kit=e.classList&&e.classList.contains('cmw-region');
 const inSvg=e.closest('svg')&&e.localName!=='svg'&&(e.localName==='a'||/button|link/.test(e.getAttribute('role')||'')||e.hasAttribute('tabindex'));
 if(kit||inSvg){let nm=e.dataset&&e.dataset.name;if(!nm){nm=label(e)[0].split(/[：:·]/)[0]}
  const r=e.getBoundingClientRect();regions.push([e,nm,(e.dataset&&e.dataset.code)||'',path(e),Math.round(r.width*r.height),kit])}
 else if(e.localName==='button'&&!e.closest('svg')&&(e.closest('.cmw-list')||names.includes(norm(e.textContent))))
  list.push([e,norm(e.textContent),(e.dataset&&e.dataset.code)||'',path(e)])}
const halls=deep(document).filter(e=>e.classList&&e.classList.contains('cmw-hall')).length;
return [regions,list,halls];
"""

# Click each region in turn (a click event, as a tap or a mouse click sends) and read the panel it opens.
SWEEP = COMMON + r"""
const [els,names]=arguments,out=[];
for(const el of els){W.before=new Set(deep(document).filter(shown));
 el.dispatchEvent(new MouseEvent('click',{bubbles:true,composed:true,cancelable:true,view:window}));
 let panel=null;const root=el.getRootNode();
 for(const h of (root.querySelectorAll?root.querySelectorAll('.cmw-hall'):[]))if(shown(h)){panel=h;break}
 if(!panel){const fresh=deep(document).filter(e=>!W.before.has(e)&&shown(e)&&!inert(e));
  panel=fresh.find(e=>names.some(n=>norm(e.textContent).includes(n))&&e.querySelector('h1,h2,h3,h4,h5,h6,caption,strong,b'))||fresh[0]||null}
 if(!panel){out.push(['','','',[],'']);continue}
 const h=panel.querySelector('h1,h2,h3,h4,h5,h6,caption,strong,b');
 out.push([h?norm(h.textContent):'',(panel.dataset&&panel.dataset.code)||'',texts(panel).join(' '),[],path(panel)])}
return out;
"""

# The panel shown before any click: the kit's visible .cmw-hall, its heading and text.
OPEN_HALL = COMMON + r"""
for(const h of deep(document))if(h.classList&&h.classList.contains('cmw-hall')&&shown(h)){
 const t=h.querySelector('h1,h2,h3,h4,h5,h6');return [t?norm(t.textContent):'',h.dataset.code||'',texts(h).join(' '),path(h),h]}
return null;
"""

FRAMES = COMMON + r"""
return deep(document).filter(e=>e.localName==='iframe'||e.localName==='frame').map(e=>{const r=e.getBoundingClientRect();
 return [e,e.src||'',path(e),[r.left+e.clientLeft,r.top+e.clientTop],shown(e)]});
"""

# Whether a tap on arguments[0] would leave the page (a link to another document): such a tap is not tried.
LEAVES = r"""
const a=arguments[0].closest&&arguments[0].closest('a[href]');if(!a)return false;
const u=new URL(a.href,location.href),h=new URL(location.href);
return !/^(javascript|sms|tel|mailto):/.test(u.protocol)&&(u.origin+u.pathname+u.search)!==(h.origin+h.pathname+h.search);
"""
BOX = COMMON + "return box(arguments[0]);"
PATH = COMMON + "return path(arguments[0]);"
CENTER = "arguments[0].scrollIntoView({block:'center',inline:'center'});"
BLUR = ("let a=document.activeElement;while(a&&a.shadowRoot&&a.shadowRoot.activeElement)a=a.shadowRoot.activeElement;"
        "if(a&&a.blur)a.blur();")
