// The questionnaire: show only the E3 line of the chosen service type; ignore a second click
// on Send while the first is on its way (the server stores one response either way).
(function () {
  "use strict";
  // A language button: with script, the page is asked for again in that language (a reload then does
  // not offer to send the form), and the answers given so far come back from this tab's own storage,
  // read once and removed at once, whatever page the switch lands on (closed, already sent: on a shared
  // tablet the next person must not get them); without script (or storage) the button sends the form.
  var KEY = "prongsai-answers:" + location.pathname;
  var saved = null;
  try {
    saved = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
  } catch (e) { /* no storage: nothing to bring back */ }
  var form = document.getElementById("questionnaire");
  if (!form) return;
  if (saved !== null) {
    try {
      JSON.parse(saved).forEach(function (pair) {
        var input = form.querySelector("input[type=radio][name='" + CSS.escape(pair[0]) + "'][value='" + CSS.escape(pair[1]) + "']");
        if (input) input.checked = true;
      });
    } catch (e) { /* a value not written by this page: ignored */ }
  }
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
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action=lang]");
    if (!button) return;
    var answers = [];
    form.querySelectorAll("input[type=radio]:checked").forEach(function (input) { answers.push([input.name, input.value]); });
    try { sessionStorage.setItem(KEY, JSON.stringify(answers)); } catch (e) { return; }  // the form is sent instead
    event.preventDefault();
    var url = new URL(location.pathname, location.href);
    url.searchParams.set("lang", button.value);
    var eligible = form.querySelector("input[type=hidden][name=eligible]");
    if (eligible) url.searchParams.set("eligible", eligible.value);
    location.assign(url.toString());
  });
  showService();
  // After a refused send, the list of what is missing takes the focus (a screen reader reads it), and
  // each of its links leads to its question's first answer, not to the question's frame.
  var missing = document.getElementById("missing");
  if (missing) {
    // this page answers a POST: made the history's entry for the address itself, Back from the
    // thank-you page opens the questionnaire instead of the browser's "Confirm Form Resubmission"
    if (history.replaceState) history.replaceState(null, "", location.href);
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
