/* Touch: a tap opens an entry, a tap elsewhere closes it; Esc hides what hover or focus showed. Not needed without JS. */
(function(){var root=document.currentScript&&document.currentScript.parentNode;if(!root)return;
root.querySelectorAll(".cmw-entry").forEach(function(e){var a=e.querySelector(".cmw-trigger");
a.addEventListener("click",function(ev){ev.preventDefault();var open=!e.classList.contains("is-open");
root.querySelectorAll(".cmw-entry.is-open").forEach(function(x){x.classList.remove("is-open")});
if(open){e.classList.add("is-open")}e.classList.remove("is-dismissed")});
e.addEventListener("keydown",function(ev){if(ev.key==="Escape"){e.classList.add("is-dismissed");e.classList.remove("is-open")}});
e.addEventListener("mouseleave",function(){e.classList.remove("is-dismissed")});
e.addEventListener("focusout",function(ev){if(!e.contains(ev.relatedTarget)){e.classList.remove("is-dismissed","is-open")}});});})();
