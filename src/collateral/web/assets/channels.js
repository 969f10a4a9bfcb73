var list=root.querySelector(".cmw-entries");
function zone(){return getComputedStyle(list).gridTemplateColumns.split(" ").length<2?list.getBoundingClientRect():null}
root.querySelectorAll(".cmw-trigger").forEach(function(t){popup(t,root.getElementById(t.getAttribute("popovertarget")),zone)});
