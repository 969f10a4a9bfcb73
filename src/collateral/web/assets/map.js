/* The map: a region or a name in the list opens its hall's panel (click, tap, Enter, Space); pointing at or
   focusing a region shows its "请点击" tip. The panels become plain panels beside the map (without script they
   are popovers opened from the list). */
var svg=root.querySelector(".cmw-svg"),tip=root.querySelector(".cmw-tip"),tipText=tip.querySelector("span");
tip.popover="manual";svg.setAttribute("role","group");
var halls={};root.querySelectorAll(".cmw-hall").forEach(function(h){h.hidden=h.hasAttribute("popover");h.removeAttribute("popover");halls[h.dataset.code]=h});
var regions=root.querySelectorAll(".cmw-region");
function choose(code,focus){var h=halls[code];if(!h)return;hide();
for(var c in halls){halls[c].hidden=c!==code}
regions.forEach(function(r){r.setAttribute("aria-expanded",String(r.dataset.code===code))});
root.querySelectorAll(".cmw-list button").forEach(function(b){b.setAttribute("aria-expanded",String(b.dataset.code===code))});
if(focus)reveal(h)}
/* A panel opened from the list or the map is scrolled fully into view below the host page's sticky or fixed
   header (whatever covers the top of the viewport, measured now), and takes the focus, which outlines it. */
function cover(){var de=document.documentElement,vw=de.clientWidth,vh=de.clientHeight,low=0;
[.1,.5,.9].forEach(function(f){document.elementsFromPoint(vw*f,1).forEach(function(el){
for(var e=el;e&&e!==de&&e!==document.body;e=e.parentElement){if(e.contains(root.host))break;var cs=getComputedStyle(e);
if(cs.position==="fixed"||cs.position==="sticky"){var r=e.getBoundingClientRect();if(r.top<=1&&r.bottom<vh/2)low=Math.max(low,r.bottom);break}}})});
return low}
function reveal(h){var z=h.currentCSSZoom||1,off=cover(),vh=document.documentElement.clientHeight;
h.style.scrollMarginTop=Math.ceil((off+8)/z)+"px";h.style.scrollMarginBottom=Math.ceil(8/z)+"px";h.focus({preventScroll:true});var r=h.getBoundingClientRect();
if(r.top<off||r.bottom>vh)h.scrollIntoView({block:r.height+off+8>vh?"start":"nearest"})}
/* A tap opens the region under the finger. The browser's touch adjustment may send the click to a neighbour whose
   edge is near (3 px inside a small district, on a phone); the finger's own point, read by the shapes' geometry
   (overlays last, as drawn), decides. */
var finger=null;svg.addEventListener("pointerdown",function(e){finger=e.pointerType==="mouse"?null:{x:e.clientX,y:e.clientY,t:Date.now()}});
function touched(){var f=finger;finger=null;if(!f||Date.now()-f.t>1500)return null;
var p=svg.createSVGPoint();p.x=f.x;p.y=f.y;p=p.matrixTransform(svg.getScreenCTM().inverse());var hit=null;
regions.forEach(function(r){if(r.querySelector("path").isPointInFill(p))hit=r.dataset.code});return hit}
function anchor(el){return function(){var p=svg.createSVGPoint();p.x=+el.dataset.x;p.y=+el.dataset.y;
p=p.matrixTransform(el.getScreenCTM());return {left:p.x,right:p.x,width:0,top:p.y-14,bottom:p.y+14}}}
regions.forEach(function(el){el.setAttribute("tabindex","0");el.setAttribute("role","button");
el.setAttribute("aria-expanded","false");
function hint(how){tipText.textContent=el.dataset.name+" · 请点击";show(tip,el,how,anchor(el))}
el.addEventListener("pointerenter",function(e){if(e.pointerType==="mouse"&&dismissed!==el)hint("hover")});
el.addEventListener("pointerleave",function(){if(dismissed===el)dismissed=null;if(shown&&shown.trig===el)hide()});
el.addEventListener("focus",function(){if(el.matches(":focus-visible"))hint("focus")});
el.addEventListener("blur",function(){if(shown&&shown.trig===el)hide()});
el.addEventListener("click",function(){var c=touched();choose(c||el.dataset.code,true)});
el.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();choose(el.dataset.code,true)}})});
root.querySelectorAll(".cmw-list button").forEach(function(b){b.removeAttribute("popovertarget");
b.setAttribute("aria-expanded","false");b.addEventListener("click",function(){choose(b.dataset.code,true)})});
root.querySelectorAll(".cmw-back").forEach(function(b){b.hidden=false;b.addEventListener("click",function(){
var r=root.querySelector('.cmw-region[data-code="'+b.dataset.code+'"]')||root.querySelector('.cmw-list button[data-code="'+b.dataset.code+'"]');
if(r)r.focus()})});
