// The assessor's page: give a verdict without leaving the item; the scores update in place.
// Without JavaScript the forms post and the page reloads at the item (the same result).
(function () {
  "use strict";
  function setAll(selector, text) {
    document.querySelectorAll(selector).forEach(function (el) { el.textContent = text; });
  }
  function apply(article, data) {
    article.className = article.className.replace(/\bitem-\w+/, "item-" + data.status);
    var status = article.querySelector("[data-status]");
    if (status) { status.className = "status status-" + data.status; status.textContent = data.status_label; }
    var note = article.querySelector("[data-status-note]");  // "the last pass counts until …": given now
    if (note) { note.hidden = true; }
    var score = article.querySelector("[data-item-score]");
    if (score) { score.textContent = data.score; score.parentElement.hidden = false; }
    var comment = article.querySelector("[data-comment]");
    if (comment) { comment.textContent = data.comment; comment.parentElement.hidden = !data.comment; }
    Object.keys(data.scores).forEach(function (code) { setAll('[data-score="' + code + '"]', data.scores[code]); });
    Object.keys(data.indicators).forEach(function (code) { setAll('[data-indicator="' + code + '"]', data.indicators[code]); });
    setAll("[data-awaiting]", data.awaiting);
    // the server's own rendering of the "provisional" tag (escaped there), or nothing once every item has a verdict
    document.querySelectorAll("[data-provisional]").forEach(function (el) { el.innerHTML = data.provisional; });
    document.querySelectorAll("[data-level]").forEach(function (el) {
      el.textContent = data.level;
      el.className = "level level-" + (data.level_code || "none");
    });
  }
  document.querySelectorAll("form.verdict").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!window.fetch || !button) { return; }
      event.preventDefault();
      var body = new FormData(form);
      body.append(button.name, button.value);
      var live = form.querySelector("[data-live]");
      var buttons = form.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      }).then(function (result) {
        if (result.data.ok) {
          apply(form.closest("article"), result.data);
          form.querySelector("textarea").value = "";
          live.className = "live live-ok";
          live.textContent = result.data.message;
        } else {
          live.className = "live live-error";
          live.textContent = (result.data.errors || []).join(" ");
        }
      }).catch(function () {
        var input = document.createElement("input");
        input.type = "hidden"; input.name = button.name; input.value = button.value;
        form.appendChild(input);
        form.submit();  // the plain post: the page reloads at the item
      }).finally(function () {
        buttons.forEach(function (b) { b.disabled = false; });
      });
    });
  });
})();
