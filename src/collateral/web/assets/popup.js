/* Pop-ups: top layer (popover="manual"), placed by the trigger inside the viewport, one open on the page,
   Esc closes whatever opened it, a second tap closes, a tap elsewhere closes. */
/* `dismissed`: the trigger whose pop-up Esc closed while the pointer was on it (or on the pop-up over it); it does not
   open again by hovering until the pointer has left it (WCAG 1.4.13: dismissible without moving the pointer). */
var shown=null,timer=0,dismissed=null;root.host.classList.add("cmw-js");
/* Below the trigger (above when there is no room), shifted to stay 8 px inside the viewport. With `zone` (the
   entries, stacked in a column) it keeps clear of them all, so every entry stays in reach: beside the column,
   else under or over it. */
/* In a frame the margin is 24 px: a frame from another site (out of process) is told nothing when the pointer
   jumps out of it, only when it crosses the frame's own page, so the pop-up leaves a strip that a mouse moving at
   up to ~1,400 px/s (60 events/s) cannot jump over. */
var inFrame=false;try{inFrame=window.self!==window.top}catch(e){inFrame=true}
function place(pop,r,zone){var de=document.documentElement,vw=de.clientWidth,vh=de.clientHeight,m=inFrame?24:8,g=6;
pop.style.left="0px";pop.style.top="0px";var b=pop.getBoundingClientRect(),w=b.width,h=b.height,x=null,y;
/* Under CSS zoom (长辈版: html{zoom:1.25}) rects are in zoomed pixels, left/top in the pop-up's own, unzoomed ones. */
var z=pop.currentCSSZoom||1;
var cx=Math.max(m,Math.min(r.left+r.width/2-w/2,vw-w-m)),cy=Math.max(m,Math.min(r.top+r.height/2-h/2,vh-h-m));
if(zone){if(zone.right+g+w<=vw-m){x=zone.right+g;y=cy}else if(zone.left-g-w>=m){x=zone.left-g-w;y=cy}
else if(zone.bottom+g+h<=vh-m){x=cx;y=zone.bottom+g}else if(zone.top-g-h>=m){x=cx;y=zone.top-g-h}}
if(x===null){x=cx;y=r.bottom+g;if(y+h>vh-m){y=r.top-g-h>=m?r.top-g-h:Math.max(m,vh-h-m)}}
pop.style.left=x/z+"px";pop.style.top=y/z+"px"}
function hide(){clearTimeout(timer);if(!shown)return;var s=shown;shown=null;
if(s.pop.matches(":popover-open"))s.pop.hidePopover();if(!s.at)s.trig.setAttribute("aria-expanded","false")}
function rect(){return shown.at?shown.at():shown.trig.getBoundingClientRect()}
function replace(){place(shown.pop,rect(),shown.zone&&shown.zone())}
function show(pop,trig,how,at,zone){clearTimeout(timer);if(shown&&shown.pop===pop&&shown.trig===trig){shown.how=how;return}hide();
shown={pop:pop,trig:trig,how:how,at:at,zone:zone};document.dispatchEvent(new CustomEvent("cmw-open",{detail:pop}));
pop.showPopover();replace();if(!at)trig.setAttribute("aria-expanded","true")}
function later(){clearTimeout(timer);timer=setTimeout(hide,300)}
document.addEventListener("cmw-open",function(e){if(shown&&shown.pop!==e.detail)hide()});
document.addEventListener("keydown",function(e){if(e.key==="Escape"&&shown){var s=shown;
var inside=s.pop.contains(root.activeElement);if(s.how==="hover")dismissed=s.trig;hide();if(inside)s.trig.focus()}});
document.addEventListener("pointerdown",function(e){if(!shown||shown.how==="hover")return;var p=e.composedPath();
if(p.indexOf(shown.pop)<0&&p.indexOf(shown.trig)<0)hide()});
/* The pointer leaving the document (the kit in an iframe: out of the frame) closes what hovering opened. */
document.documentElement.addEventListener("mouseleave",function(){if(shown&&shown.how==="hover")later()});
window.addEventListener("resize",function(){if(shown)replace()});
document.addEventListener("scroll",function(){if(shown)replace()},{capture:true,passive:true});
function popup(trig,pop,zone){pop.popover="manual";trig.removeAttribute("popovertarget");
trig.setAttribute("aria-expanded","false");trig.setAttribute("aria-controls",pop.id);
trig.addEventListener("pointerenter",function(e){if(e.pointerType==="mouse"&&dismissed!==trig)show(pop,trig,"hover",null,zone)});
trig.addEventListener("pointerleave",function(e){if(dismissed===trig)dismissed=null;
if(e.pointerType==="mouse"&&shown&&shown.pop===pop&&shown.how==="hover")later()});
pop.addEventListener("pointerenter",function(){if(shown&&shown.pop===pop)clearTimeout(timer)});
pop.addEventListener("pointerleave",function(e){if(e.pointerType==="mouse"&&shown&&shown.pop===pop&&shown.how==="hover")later()});
trig.addEventListener("focus",function(){if(trig.matches(":focus-visible"))show(pop,trig,"focus",null,zone)});
trig.addEventListener("blur",function(e){if(shown&&shown.pop===pop&&shown.how==="focus"&&!pop.contains(e.relatedTarget))hide()});
pop.addEventListener("focusout",function(e){if(shown&&shown.pop===pop&&shown.how==="focus"&&e.relatedTarget!==trig&&!pop.contains(e.relatedTarget))hide()});
trig.addEventListener("click",function(e){e.preventDefault();
if(shown&&shown.pop===pop&&shown.how==="click")hide();else show(pop,trig,"click",null,zone)})}
