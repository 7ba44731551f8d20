// Helpers for every form, loaded by the base page:
// - under a text box with a length limit, how many characters are used once the text nears the
//   limit, so that a pasted text the browser cuts at the limit is not cut without a word (the
//   wording comes from the page: data-chars on <body>, translated there);
// - beside a date (or date and time) box, the date in the Buddhist era: the browser's date box shows the Christian
//   year, while every page and document of Prongsai shows the Buddhist one.
// - a page's main form (data-unsaved: the question to ask) changed and not saved: sending another form of
//   the page (an evidence caption, a deletion), which reloads it, asks first (a tester lost a typed result);
//   a link, Back or closing the tab has the browser ask (once); and what was typed is kept in the tab
//   (sessionStorage, by person and page, cleared on logging out) until a save of it goes through, so
//   that the page reached again after the session ended offers it back (data-restore,
//   data-restore-button on <body>: the wording) with the stamps of the page it was typed on;
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
  // a part of a form that matters for one choice only (data-shown-when="id_document=progress"): hidden otherwise,
  // and its boxes not sent (a date typed, then the status changed, was refused with the photo beside it);
  // on a field's own box, its whole field (label and help), unless it shows an error
  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var rule = part.getAttribute("data-shown-when").split("="), choice = document.getElementById(rule[0]);
    if (!choice) return;
    var field = part.closest(".field");
    if (field && part.matches("input, select, textarea")) part = field;
    var boxes = part.matches("input, select, textarea") ? [part] : part.querySelectorAll("input, select, textarea");
    var show = function () {
      part.hidden = choice.value !== rule[1] && !part.classList.contains("invalid");
      Array.prototype.forEach.call(boxes, function (box) { box.disabled = part.hidden; });
    };
    choice.addEventListener("change", show);
    show();
  });
  // What was typed in a page's main form is kept in the tab until a save of it goes through. Keys
  // are the signed-in person's and the page's (its query too: a new issue for E6 is not one for I3);
  // the page after logging out clears them all, so that nobody else in that tab is offered them.
  var store = null, prefix = "prongsai-draft:";
  try { store = window.sessionStorage; } catch (e) { /* refused (a browser's privacy setting): nothing kept, each use below fails quietly */ }
  var forget = function (key) { try { store.removeItem(key); } catch (e) { /* storage refused: nothing kept */ } };
  var read = function (key) { try { return store.getItem(key); } catch (e) { return null; } };
  var write = function (key, value) { try { store.setItem(key, value); } catch (e) { /* full or refused */ } };
  if (document.querySelector("[data-logged-out]")) {
    try { Object.keys(store).forEach(function (k) { if (k.indexOf("prongsai-") === 0) store.removeItem(k); }); } catch (e) { /* none */ }
  }
  // the page after a save says whether it went through: only then is its copy dropped (the mark is
  // read once, on the next page, whatever it shows)
  var sent = read("prongsai-sent");
  forget("prongsai-sent");
  if (sent && document.querySelector(".messages .success, .messages .msg-success")) forget(sent);
  var main = document.querySelector("form[data-unsaved]");
  if (main) {
    var key = prefix + (document.body.getAttribute("data-user") || "") + ":" + location.pathname + location.search;
    var changed = false, sending = false, leaving = false;
    var kept = function (f) {
      return f.name && f.type !== "file" && f.type !== "submit" && f.type !== "button" && f.name !== "csrfmiddlewaretoken";
    };
    // the visible fields' values, a list each (ticked boxes, a multiple choice); the hidden ones apart:
    // what the page had read when it was opened (the record's stamp, the request shown), sent back with
    // a draft put back so that the server still sees a save made meanwhile as one
    var visible = function () {
      var values = {};
      Array.prototype.forEach.call(main.elements, function (f) {
        if (!kept(f) || f.type === "hidden") return;
        var list = values[f.name] || (values[f.name] = []);
        if (f.type === "radio" || f.type === "checkbox") { if (f.checked) list.push(f.value); }
        else if (f.multiple) Array.prototype.forEach.call(f.selectedOptions, function (o) { list.push(o.value); });
        else list.push(f.value);
      });
      return values;
    };
    var hidden = {};
    Array.prototype.forEach.call(main.elements, function (f) { if (kept(f) && f.type === "hidden") hidden[f.name] = f.value; });
    var keep = function () { write(key, JSON.stringify({ v: visible(), h: hidden })); };
    // a field of the form is marked wherever it stands: in it, or elsewhere on the page with form="its id"
    // (the director's note beside each measure of a report's table, sent with the note sending it back)
    var mark = function (event) { if (event.target.form === main) { changed = true; keep(); } };
    document.addEventListener("input", mark);
    document.addEventListener("change", mark);
    main.addEventListener("submit", function () { sending = true; write("prongsai-sent", key); });
    document.addEventListener("submit", function (event) {
      if (!changed || event.target === main) return;
      if (window.confirm(main.getAttribute("data-unsaved"))) leaving = true;  // asked once, not again on leaving
      else event.preventDefault();
    }, true);
    // a link, Back or closing the tab with the form changed and not saved: the browser asks first
    window.addEventListener("beforeunload", function (event) {
      if (changed && !sending && !leaving) { event.preventDefault(); event.returnValue = ""; }
    });
    // what the browser put back in the fields (Back to the page, a reload) is typed text still not saved
    var putBack = function () {
      return Array.prototype.some.call(main.elements, function (f) {
        if (!kept(f) || f.type === "hidden") return false;
        if (f.type === "radio" || f.type === "checkbox") return f.checked !== f.defaultChecked;
        if (f.tagName === "SELECT") {
          var first = Array.prototype.some.call(f.options, function (o) { return o.defaultSelected; }) ? -1 : 0;
          return Array.prototype.some.call(f.options, function (o, i) { return o.selected !== (o.defaultSelected || i === first && !f.multiple); });
        }
        return f.value !== f.defaultValue;
      });
    };
    var recheck = function () {
      if (changed || !putBack()) return;
      changed = true;
      // offered before the browser put the same text back: said once; another copy is still offered
      var offered = document.getElementById("restore-draft");
      if (offered && draft && JSON.stringify(draft.v) === JSON.stringify(visible())) offered.remove();
      keep();
    };
    // the page shown again from the browser's cache (Back): it was left, not saved, so it asks again
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { sending = false; leaving = false; }
      recheck();
    });
    var draft = null;
    try { draft = JSON.parse(read(key) || "null"); } catch (e) { draft = null; }
    if (draft && !draft.v) draft = null;  // (a copy of another shape: an older page's)
    if (main.querySelector(".errorlist") || main.hasAttribute("data-refused")) {
      // a refused save shows what was sent: still not saved, so kept and asked about as typed text is
      changed = true;
      keep();
    } else if (draft && JSON.stringify(draft.v) === JSON.stringify(visible())) {
      forget(key);  // the page shows it already
    } else if (draft && document.body.getAttribute("data-restore")) {
      // what was typed here and not saved (the session had ended, the page was left): offered back,
      // never put over what the page shows unasked
      var note = document.createElement("p");
      note.className = "note gap";
      note.id = "restore-draft";
      note.textContent = document.body.getAttribute("data-restore") + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = document.body.getAttribute("data-restore-button");
      note.appendChild(button);
      button.addEventListener("click", function () {
        hidden = draft.h;  // first: the copy kept as the fields change keeps the stamps of the page it was typed on
        Array.prototype.forEach.call(main.elements, function (f) {
          if (!kept(f)) return;
          if (f.type === "hidden") { if (f.name in draft.h) f.value = draft.h[f.name]; return; }
          var list = draft.v[f.name];
          if (!list) return;
          if (f.type === "radio" || f.type === "checkbox") f.checked = list.indexOf(f.value) !== -1;
          else if (f.multiple) Array.prototype.forEach.call(f.options, function (o) { o.selected = list.indexOf(o.value) !== -1; });
          else f.value = list[0];
          f.dispatchEvent(new Event("input", { bubbles: true }));
          f.dispatchEvent(new Event("change", { bubbles: true }));  // (what listens to a box ticked: "every unit")
        });
        note.remove();
      });
      main.insertAdjacentElement("beforebegin", note);
    }
    recheck();
  }
})();
