var list=root.querySelector(".cmw-entries");
function stacked(){return getComputedStyle(list).gridTemplateColumns.split(" ").length<2}
root.querySelectorAll(".cmw-trigger").forEach(function(t){popup(t,root.getElementById(t.getAttribute("popovertarget")),stacked)});
