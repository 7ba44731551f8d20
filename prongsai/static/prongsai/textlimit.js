// Under every text box with a length limit: how many characters are used, once the text nears
// the limit, so that a pasted text the browser cuts at the limit is not cut without a word.
// The wording comes from the page (data-chars on <body>, translated there).
(function () {
  "use strict";
  var wording = document.body.getAttribute("data-chars") || "{n} / {max}";
  function counterFor(box) {
    var note = document.createElement("span");
    note.className = "help chars";
    note.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", note);
    function show() {
      var max = parseInt(box.getAttribute("maxlength"), 10), n = box.value.length;
      var near = n >= max * 0.8;
      note.hidden = !near;
      note.classList.toggle("full", n >= max);
      note.textContent = near ? wording.replace("{n}", n.toLocaleString()).replace("{max}", max.toLocaleString()) : "";
    }
    box.addEventListener("input", show);
    show();
  }
  document.querySelectorAll("textarea[maxlength]").forEach(counterFor);
})();
