// The questionnaire: show only the E3 line of the chosen service type; ignore a second click
// on Send while the first is on its way (the server stores one response either way).
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) return;
  var lines = form.querySelector(".s-e3");
  function showService() {
    if (!lines) return;
    var chosen = form.querySelector("input[name=service_type]:checked");
    var items = lines.querySelectorAll("li");
    var any = false;
    items.forEach(function (li) {
      var match = chosen && li.getAttribute("data-service") === chosen.value;
      li.hidden = chosen ? !match : false;
      any = any || match;
    });
    if (chosen && !any) items.forEach(function (li) { li.hidden = false; });
    lines.classList.toggle("s-one", !!(chosen && any));
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "service_type") showService();
  });
  showService();
  // After a refused send, the list of what is missing takes the focus (a screen reader reads it), and
  // each of its links leads to its question's first answer, not to the question's frame.
  var missing = document.getElementById("missing");
  if (missing) {
    missing.setAttribute("tabindex", "-1");
    missing.focus();
    missing.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#f-']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      var first = target && target.querySelector("input");
      if (first) { event.preventDefault(); target.scrollIntoView(); first.focus(); }
    });
  }
  // A second click while the first is on its way sends nothing more.
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("data-action") === "lang") return;
    if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
    form.setAttribute("data-sent", "1");
  });
})();
