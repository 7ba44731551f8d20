// Collection monitoring: set the progress bars, then refresh the counts every data-interval seconds
// from the round's JSON endpoint (no inline script, no page reload).
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  function setBars() {
    live.querySelectorAll("[data-progress]").forEach(function (bar) {
      var w = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-width")) || 0));
      bar.style.width = w + "%";
    });
  }
  function apply(data) {
    Object.keys(data.cells).forEach(function (key) {
      var cell = data.cells[key];
      var count = live.querySelector('[data-cell="' + key + '"]');
      if (count) count.textContent = cell.count;
      var heading = live.querySelector('[data-so-far="' + key + '"]');  // the tool's heading: "N so far"
      if (heading) heading.textContent = heading.getAttribute("data-text").replace("{n}", cell.count);
      var bar = live.querySelector('[data-progress="' + key + '"]');
      if (bar) bar.setAttribute("data-width", cell.percent === null ? 0 : cell.percent);
      var row = live.querySelector('[data-row="' + key + '"]');
      if (row) row.classList.toggle("lag", cell.lagging);
    });
    var updated = live.querySelector("[data-updated]");
    if (updated) updated.textContent = data.updated;
    setBars();
  }
  function poll() {
    fetch(live.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () {});
  }
  setBars();
  var seconds = parseInt(live.getAttribute("data-interval"), 10) || 30;
  window.setInterval(poll, seconds * 1000);
})();
