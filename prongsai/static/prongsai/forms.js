// Helpers for every form, loaded by the base page:
// - under a text box with a length limit, how many characters are used once the text nears the
//   limit, so that a pasted text the browser cuts at the limit is not cut without a word (the
//   wording comes from the page: data-chars on <body>, translated there);
// - beside a date (or date and time) box, the date in the Buddhist era: the browser's date box shows the Christian
//   year, while every page and document of Prongsai shows the Buddhist one.
// - a page's main form (data-unsaved: the question to ask) changed and not saved: sending another form of
//   the page (an evidence caption, a deletion), which reloads it, asks first (a tester lost a typed result);
//   a link, Back or closing the tab has the browser ask; and what was typed is kept in the tab
//   (sessionStorage) until a save of it goes through, so that a page reached again after the session
//   ended offers it back (data-restore, data-restore-button on <body>: the wording);
// - a part of a form shown for one choice of another field only (data-shown-when).
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
    // a paste the box cuts at its limit: said, with how long the pasted text was
    box.addEventListener("paste", function (event) {
      var pasted = (event.clipboardData || window.clipboardData).getData("text").replace(/\r\n?/g, "\n");  // as the box keeps it
      var max = parseInt(box.getAttribute("maxlength"), 10);
      var room = max - box.value.length + (box.selectionEnd - box.selectionStart);
      if (pasted.length > room) {
        setTimeout(function () {
          note.hidden = false;
          note.classList.add("full");
          note.textContent = cut.replace("{n}", pasted.length.toLocaleString()).replace("{kept}", Math.max(room, 0).toLocaleString())
                                .replace("{max}", max.toLocaleString());
        }, 0);
      }
    });
    show();
  }
  var cut = document.body.getAttribute("data-chars-cut") || "{n} / {kept} / {max}";
  document.querySelectorAll("textarea[maxlength]").forEach(counterFor);

  // A list of boxes to tick (data-check-all="name" on a box in its heading ticks or clears them all) and
  // a button saying how many are ticked (data-count="name", its wording in data-count-text with {n}):
  // a tester, finding every weak item ticked, clicked the three wanted and planned the other four.
  // `all` (a box, or null) ticks or clears `boxes` at once and shows whether all, some or none are
  // ticked; `changed(n)` hears how many are, on every change
  function tickAll(all, boxes, changed) {
    function show() {
      var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      if (all) { all.checked = n === boxes.length; all.indeterminate = n > 0 && n < boxes.length; }
      if (changed) { changed(n); }
    }
    boxes.forEach(function (b) { b.addEventListener("change", show); });
    if (all) {
      all.addEventListener("change", function () { boxes.forEach(function (b) { b.checked = all.checked; }); show(); });
    }
    show();
  }
  // A long list of boxes (the city's 50 agencies) gets a search box (data-filter-boxes="the list's id")
  // showing only the boxes whose label holds what is typed, and a button ticking those shown (a tester
  // met 50 boxes to pick a level's districts from)
  document.querySelectorAll("[data-filter-boxes]").forEach(function (holder) {
    var list = document.getElementById(holder.getAttribute("data-filter-boxes"));
    if (!list) { return; }
    holder.hidden = false;
    var input = holder.querySelector("input"), tick = holder.querySelector("button");
    var rows = Array.prototype.map.call(list.querySelectorAll("label"), function (label) {
      return { row: label.parentElement === list ? label : label.parentElement, label: label, box: label.querySelector("input") };
    });
    // how many are ticked, shown or hidden by the search (a tester's 12 ticked, then hidden, went unseen)
    var count = holder.querySelector("[data-ticked-count]"), none = holder.querySelector("[data-none-found]");
    function counted() {
      var n = rows.filter(function (r) { return r.box && r.box.checked; }).length;
      if (count) { count.textContent = holder.getAttribute("data-ticked").replace("{n}", n); }
    }
    rows.forEach(function (r) { if (r.box) { r.box.addEventListener("change", counted); } });
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      rows.forEach(function (r) { r.row.hidden = words !== "" && r.label.textContent.toLowerCase().indexOf(words) < 0; });
      if (none) {
        none.textContent = holder.getAttribute("data-none");
        none.hidden = rows.some(function (r) { return !r.row.hidden; });
      }
    });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });  // not the form's save
    tick.addEventListener("click", function () {
      rows.forEach(function (r) {
        if (!r.row.hidden && r.box && !r.box.checked) { r.box.checked = true; r.box.dispatchEvent(new Event("change")); }
      });
    });
    counted();
  });
  document.querySelectorAll("[data-count]").forEach(function (button) {
    var boxes = document.querySelectorAll("input[type=checkbox][name='" + button.getAttribute("data-count") + "']");
    var all = document.querySelector("[data-check-all='" + button.getAttribute("data-count") + "']");
    if (all) { all.hidden = false; }
    tickAll(all, boxes, function (n) {
      button.textContent = button.getAttribute("data-count-text").replace("{n}", n);
      button.disabled = n === 0;
    });
  });

  // A cell of unit boxes (data-all-units="its label") gets one box more that ticks or clears them all,
  // and the date above [data-fill-dates="deadline"] fills every empty deadline box of the table: a
  // tester assigning fifteen measures ticked eleven boxes and typed a date for each.
  // (a form whose unit boxes are one field of many names their box by data-all-units-in="its id")
  document.querySelectorAll("[data-all-units]").forEach(function (holder) {
    var inside = holder.getAttribute("data-all-units-in");
    var cell = inside ? document.getElementById(inside) : holder;
    if (!cell) return;
    var boxes = cell.querySelectorAll("input[type=checkbox]");
    if (boxes.length < 3) return;
    var label = document.createElement("label");
    var all = document.createElement("input");
    all.type = "checkbox";
    label.className = "all-units";
    label.appendChild(all);
    label.appendChild(document.createTextNode(" " + holder.getAttribute("data-all-units")));
    cell.insertBefore(label, cell.firstChild);
    tickAll(all, boxes);
  });
  document.querySelectorAll("[data-fill-dates]").forEach(function (button) {
    var form = button.closest("form");
    var source = button.parentNode.querySelector("input[type=date]");
    button.parentNode.hidden = false;
    button.addEventListener("click", function () {
      if (!source.value) { source.focus(); return; }
      form.querySelectorAll("input[type=date][name$='-" + button.getAttribute("data-fill-dates") + "']").forEach(function (box) {
        if (!box.value) {
          box.value = source.value;
          box.dispatchEvent(new Event("change"));
        }
      });
    });
  });

  var english = (document.documentElement.lang || "th").indexOf("en") === 0;
  var buddhist = null;
  try {
    buddhist = new Intl.DateTimeFormat(english ? "en-GB-u-ca-buddhist" : "th-TH-u-ca-buddhist",
                                       {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
  } catch (e) { return; }
  function eraFor(box) {
    var note = document.createElement("span");
    note.className = "help be-date";
    box.insertAdjacentElement("afterend", note);
    function show() {
      var parts = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(box.value);
      note.textContent = parts ? "= " + buddhist.format(new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])))
                                 + (parts[4] ? " " + parts[4] : "") : "";
    }
    box.addEventListener("input", show);
    box.addEventListener("change", show);
    show();
  }
  document.querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(eraFor);
  // a part of a form that matters for one choice only (data-shown-when="id_document=progress"): hidden otherwise
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var rule = part.getAttribute("data-shown-when").split("="), choice = document.getElementById(rule[0]);
    if (!choice) return;
    var show = function () { part.hidden = choice.value !== rule[1]; };
    choice.addEventListener("change", show);
    show();
  });
  // a save that went through (its page says so) ends the copy kept of what was typed for it
  var sent = null;
  try { sent = sessionStorage.getItem("prongsai-sent"); } catch (e) { sent = null; }
  if (sent && document.querySelector(".messages .success, .messages .msg-success")) {
    sessionStorage.removeItem(sent);
    sessionStorage.removeItem("prongsai-sent");
  }
  var main = document.querySelector("form[data-unsaved]");
  if (main) {
    var changed = false, sending = false, key = "prongsai-draft:" + location.pathname;
    var typed = function () {  // the texts, dates and choices of the form (never its files or hidden fields)
      var values = {};
      Array.prototype.forEach.call(main.elements, function (f) {
        if (!f.name || f.type === "hidden" || f.type === "file" || f.type === "submit" || f.type === "button") return;
        if ((f.type === "radio" || f.type === "checkbox") && !f.checked) return;
        values[f.name] = f.value;
      });
      return values;
    };
    var mark = function () {
      changed = true;
      try { sessionStorage.setItem(key, JSON.stringify(typed())); } catch (e) { /* full or refused: the prompt stays */ }
    };
    main.addEventListener("input", mark);
    main.addEventListener("change", mark);
    main.addEventListener("submit", function () {
      sending = true;
      try { sessionStorage.setItem("prongsai-sent", key); } catch (e) { /* nothing kept */ }
    });
    document.addEventListener("submit", function (event) {
      if (changed && event.target !== main && !window.confirm(main.getAttribute("data-unsaved"))) event.preventDefault();
    }, true);
    // a link, Back or closing the tab with the form changed and not saved: the browser asks first
    window.addEventListener("beforeunload", function (event) {
      if (changed && !sending) { event.preventDefault(); event.returnValue = ""; }
    });
    // what was typed here and not saved (the session had ended, the page was left): offered back,
    // never put over what the page shows unasked
    var draft = null;
    try { draft = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { draft = null; }
    var shown = typed();
    if (draft && !Object.keys(draft).some(function (k) { return k in shown && draft[k] !== shown[k]; })) {
      sessionStorage.removeItem(key);
    } else if (draft && document.body.getAttribute("data-restore")) {
      var note = document.createElement("p");
      note.className = "note gap";
      note.id = "restore-draft";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = document.body.getAttribute("data-restore-button");
      note.textContent = document.body.getAttribute("data-restore") + " ";
      note.appendChild(button);
      button.addEventListener("click", function () {
        Array.prototype.forEach.call(main.elements, function (f) {
          if (!(f.name in draft) || f.type === "hidden" || f.type === "file") return;
          if (f.type === "radio" || f.type === "checkbox") f.checked = draft[f.name] === f.value;
          else f.value = draft[f.name];
          f.dispatchEvent(new Event("input", { bubbles: true }));
        });
        note.remove();
      });
      main.insertAdjacentElement("beforebegin", note);
    }
  }
})();
