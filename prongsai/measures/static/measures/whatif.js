// What-if: post the target scores to the JSON endpoint on every change and update the
// figures; the form still works without JavaScript (it submits and the server recomputes).
(function () {
  "use strict";
  var form = document.getElementById("whatif-form");
  if (!form || !window.fetch) { return; }
  var endpoint = form.getAttribute("data-endpoint");
  var errorBox = document.getElementById("whatif-error");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var sequence = 0;

  function format(value) {
    return value === null || value === undefined ? "–" : Number(value).toFixed(2);
  }
  function show(name, text) {
    var el = document.querySelector('[data-figure="' + name + '"]');
    if (el) { el.textContent = text; }
  }
  function targets() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && el.name !== "csrfmiddlewaretoken" && el.value !== "") { out[el.name] = el.value; }
    });
    return out;
  }
  function markInvalid() {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !el.checkValidity) { return; }
      if (el.checkValidity()) { el.removeAttribute("aria-invalid"); } else { el.setAttribute("aria-invalid", "true"); }
    });
  }
  function recompute() {
    var mine = ++sequence;
    fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({targets: targets()})
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; });
    }).then(function (reply) {
      if (mine !== sequence) { return; }
      markInvalid();
      var errors = reply.ok ? [] : (reply.data.errors || []);
      // each message beside its own box as well ("E6: 120 is outside 0–100"), where the eye is
      document.querySelectorAll("[data-error-for]").forEach(function (el) {
        var code = el.getAttribute("data-error-for");
        el.textContent = errors.filter(function (e) { return e.indexOf(code + ":") === 0; }).join(" ");
      });
      if (!reply.ok) {
        errorBox.textContent = errors.join(" · ");
        errorBox.hidden = false;
        // the figures of the last valid targets would mislead beside a refused one
        document.querySelectorAll("[data-figure]").forEach(function (el) { el.textContent = el.getAttribute("data-figure") === "short-of" ? "" : "–"; });
        return;
      }
      errorBox.hidden = true;
      show("ita", format(reply.data.ita));
      show("level", reply.data.level || "–");
      show("short-of", reply.data.short_of || "");
      show("gain", format(reply.data.gain));
      Object.keys(reply.data.tools).forEach(function (code) { show("tool-" + code, format(reply.data.tools[code])); });
    }).catch(function () { /* the Recompute button still works */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(recompute, 150);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    recompute();
  });
})();
