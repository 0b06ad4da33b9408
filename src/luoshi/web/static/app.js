// luoshi dashboard: draws the charts described by data-* attributes, and sends uploads
// one file at a time with a progress bar. ECharts is served by the application itself.
(function () {
  "use strict";
  var STATUS_COLOURS = {
    achieved: "#2e7d32", on_track: "#66bb6a", needs_acceleration: "#f9a825",
    off_track: "#c62828", insufficient_data: "#9e9e9e", missed: "#8e0000",
    in_progress: "#1565c0", no_verdict: "#616161"
  };

  function data(el, name) {
    var raw = el.getAttribute("data-" + name);
    return raw ? JSON.parse(raw) : null;
  }

  function chart(el, option) {
    var c = window.echarts.init(el, null, { renderer: "svg" });
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
    el.setAttribute("data-drawn", "1");
    return c;
  }

  var draw = {
    status: function (el) {
      var rows = data(el, "series"), en = el.getAttribute("data-lang") === "en";
      chart(el, {
        tooltip: {}, series: [{
          type: "pie", radius: ["40%", "70%"],
          data: rows.map(function (r) {
            return { name: en ? (r.status_en || r.status) : r.status_zh, value: r.count,
                     itemStyle: { color: STATUS_COLOURS[r.status] } };
          })
        }]
      });
    },
    line: function (el) {
      var pts = data(el, "series");
      chart(el, {
        grid: { left: 50, right: 10, top: 10, bottom: 25 }, tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: pts.map(function (p) { return p[0]; }) },
        yAxis: { type: "value", scale: true },
        series: [{ type: "line", name: el.getAttribute("data-name"),
                   data: pts.map(function (p) { return p[1]; }) }]
      });
    },
    bar: function (el) {
      var values = data(el, "series"), names = data(el, "names");
      chart(el, {
        title: { text: el.getAttribute("data-name"), textStyle: { fontSize: 13 } },
        grid: { left: 60, right: 10, top: 30, bottom: 60 }, tooltip: {},
        xAxis: { type: "category", data: names, axisLabel: { rotate: 30 } },
        yAxis: { type: "value", scale: true },
        series: [{ type: "bar", data: values }]
      });
    },
    radar: function (el) {
      var dims = data(el, "dimensions"), rows = data(el, "rows");
      chart(el, {
        tooltip: {}, legend: { bottom: 0, data: rows.map(function (r) { return r.name; }) },
        radar: { indicator: dims.map(function (d) { return { name: d, max: 1 }; }) },
        series: [{ type: "radar", data: rows.map(function (r) {
          return { name: r.name, value: r.sub_scores }; }) }]
      });
    },
    target: function (el) {
      var obs = data(el, "observed"), path = data(el, "path"), t = data(el, "target");
      var labels = data(el, "labels");
      var series = [{ type: "line", name: labels.observed, data: obs, symbolSize: 8 }];
      if (path.required.length) {
        series.push({ type: "line", name: labels.required, data: path.required,
                      lineStyle: { type: "dashed" }, symbol: "none" });
      }
      if (path.trend.length) {
        series.push({ type: "line", name: labels.trend, data: path.trend,
                      lineStyle: { type: "dotted" } });
      }
      if (t.deadline && (t.measure === "level" || t.measure === "share")) {
        series.push({ type: "scatter", name: labels.target, data: [[t.deadline, t.value]],
                      symbol: "diamond", symbolSize: 16 });
      }
      chart(el, {
        tooltip: { trigger: "axis" }, legend: { top: 0 },
        grid: { left: 70, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "value", min: "dataMin", max: "dataMax", minInterval: 1,
                 axisLabel: { formatter: function (v) { return String(v); } } },
        yAxis: { type: "value", scale: true }, series: series
      });
    },
    map: function (el) {
      var rows = data(el, "rows");
      fetch("/api/geometry").then(function (r) { return r.json(); }).then(function (geo) {
        window.echarts.registerMap("regions", geo);
        var byCode = {};
        rows.forEach(function (r) { byCode[r.code] = r; });
        var values = (geo.features || []).map(function (f) {
          var p = f.properties || {}, r = byCode[p.code] || rows.find(function (x) { return x.name === p.name; });
          return { name: p.name, value: r ? r.score : null };
        });
        chart(el, {
          tooltip: {}, visualMap: { min: 0, max: 1, calculable: true, left: 0 },
          series: [{ type: "map", map: "regions", data: values }]
        });
      });
    }
  };

  function sparkline(el) {
    var pts = data(el, "points") || [];
    if (pts.length < 2) { return; }
    chart(el, {
      grid: { left: 0, right: 0, top: 2, bottom: 2 },
      xAxis: { type: "value", show: false, min: "dataMin", max: "dataMax" },
      yAxis: { type: "value", show: false, scale: true },
      series: [{ type: "line", data: pts, symbol: "none", lineStyle: { width: 1 } }]
    });
  }

  function drawAll() {
    if (!window.echarts) {
      document.querySelectorAll("[data-chart]").forEach(function (el) {
        el.textContent = document.getElementById("no-charts") ?
          document.getElementById("no-charts").textContent : "ECharts missing";
        el.classList.add("missing");
      });
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var kind = el.getAttribute("data-chart");
      try { draw[kind](el); } catch (e) { el.textContent = String(e); }
    });
    document.querySelectorAll(".spark").forEach(sparkline);
  }

  // a sentence of the page's catalogue with its {named} parameters filled
  function say(template, params) {
    return String(template).replace(/\{(\w+)\}/g, function (all, name) {
      return name in params ? String(params[name]) : all;
    });
  }

  function uploads() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    var words = data(form, "messages") || {}, en = form.getAttribute("data-lang") === "en";
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var files = Array.prototype.slice.call(document.getElementById("upload-files").files);
      var list = document.getElementById("upload-results");
      var kind = form.querySelector("input[name=kind]:checked").value;
      function next(i) {
        if (i >= files.length) { return; }
        var f = files[i], li = document.createElement("li"), bar = document.createElement("progress");
        var name = document.createElement("span");
        name.setAttribute("translate", "no");  // a file's name is the user's, not a word to translate
        name.textContent = f.name;
        li.appendChild(name);
        li.appendChild(document.createTextNode(" " + say(words.progress, { i: i + 1, n: files.length }) + " "));
        bar.max = 100; bar.value = 0; li.appendChild(bar); list.appendChild(li);
        var body = new FormData();
        body.append("file", f); body.append("kind", kind);
        body.append("region", form.elements.region.value);
        body.append("region_name", form.elements.region_name.value);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", "/api/upload");
        // the session's CSRF token, which the page carries and another site cannot read
        xhr.setRequestHeader("X-CSRF-Token", form.elements.csrf_token.value);
        xhr.upload.onprogress = function (e) {
          if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
        };
        xhr.onload = function () {
          var out;
          try { out = JSON.parse(xhr.responseText); } catch (e) { out = {}; }
          bar.value = 100;
          var msg = document.createElement("span");
          if (xhr.status === 200) {
            li.className = "ok";
            msg.textContent = " ✓ " + say(kind === "table" ? words.table : (out["new"] ? words["new"] : words.unchanged), out);
          } else {
            li.className = "failed";
            msg.textContent = " ✗ " + ((en ? out.error_en : out.error_zh) || out.error || say(words.failed, { status: xhr.status }));
          }
          li.appendChild(msg);
          next(i + 1);
        };
        xhr.send(body);
      }
      next(0);
    });
  }

  // the supervision pages' own charts (board.js) draw with the same two helpers
  window.luoshiCharts = { data: data, chart: chart };

  document.addEventListener("DOMContentLoaded", function () { drawAll(); uploads(); });
})();

// Forms that choose by name: comboboxes over /api/pick/<kind>, chips for several choices, and
// the milestone editor's rows. Hand-written after the WAI-ARIA Authoring Practices'
// "editable combobox with list autocomplete" pattern: the accessible libraries (e.g.
// alphagov's accessible-autocomplete) choose one value only and would be one more bundle to
// vendor, while these forms also need chips and must keep working as plain fields (a typed
// name, code or id, a <select>, checkboxes, rows) when this script does not run.
(function () {
  "use strict";
  var WORDS = { none: "—", count: "{n}", remove: "×", add: "+" };
  var uid = 0;

  function words() {
    var el = document.getElementById("pick-words");
    if (el) {
      try { WORDS = JSON.parse(el.textContent); } catch (e) { /* keep the defaults */ }
    }
  }

  function regionOf(form, name) {
    var field = name && form ? form.elements.namedItem(name) : null;
    return field && field.value ? field.value.trim() : "";
  }

  // A text box that offers the choices of /api/pick/<kind> as the user types. ``opts``:
  // kind, box (the visible input), form, regionFrom (a field narrowing the search),
  // exclude (values not to offer), fixed (choices of the page's own words offered before
  // the matches, such as 未交办), pick(choice) when one is chosen.
  function combobox(opts) {
    var box = opts.box, n = ++uid;
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var items = [], active = -1, timer = null, asked = 0, pending = false, enter = false;
    list.id = (box.id || "pick-" + n) + "-list";
    list.className = "pick-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "vh";
    status.setAttribute("role", "status");
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("autocomplete", "off");
    var wrap = box.parentNode;
    if (!wrap.classList.contains("pick")) {  // the list hangs under the box itself
      wrap = document.createElement("span");
      wrap.className = "pick";
      box.insertAdjacentElement("beforebegin", wrap);
      wrap.appendChild(box);
    }
    wrap.appendChild(list);
    wrap.appendChild(status);

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(i) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (i + options.length) % options.length;
      options.forEach(function (o, j) { o.setAttribute("aria-selected", j === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(i) {
      var choice = items[i];
      if (!choice) { return; }
      close();
      opts.pick(choice);
    }

    function show(found) {
      pending = false;
      var skip = opts.exclude ? opts.exclude() : {}, typed = box.value.trim();
      var fixed = (opts.fixed || []).filter(function (c) { return c.label.indexOf(typed) >= 0; });
      items = fixed.concat(found).filter(function (c) { return !skip[c.value]; });
      list.textContent = "";
      items.forEach(function (c, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-value", c.value);
        // a name from the store, not a word of the page (unless it is one of the fixed choices)
        if (!c.word) { li.setAttribute("translate", "no"); }
        li.textContent = c.label;
        if (c.hint) {
          var hint = document.createElement("small");
          hint.textContent = c.hint;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(hint);
        }
        // mousedown, not click: the box keeps its focus and its blur does not close the list
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      if (!items.length) {
        var none = document.createElement("li");
        none.className = "pick-none";
        none.textContent = WORDS.none;
        list.appendChild(none);
      }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
      status.textContent = items.length ? WORDS.count.replace("{n}", items.length) : WORDS.none;
    }

    function search() {
      var params = new URLSearchParams({ q: box.value.trim() });
      var region = regionOf(opts.form, opts.regionFrom);
      if (region) { params.set("region", region); }
      var mine = ++asked;
      fetch("/api/pick/" + opts.kind + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (found) {
          if (mine !== asked || document.activeElement !== box) { return; }
          show(found);
          // Enter pressed before the answer came: it meant the first match
          if (enter) { enter = false; if (items.length) { choose(0); } }
        })
        .catch(function () { pending = false; enter = false; /* the typed text still goes with the form */ });
    }

    box.addEventListener("input", function () {
      if (opts.typed) { opts.typed(box.value); }
      // the list shown belongs to the text before: nothing in it may be chosen any more
      close();
      items = [];
      pending = true;
      asked++;  // and an answer still on its way is for the text before too
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    box.addEventListener("focus", function () { if (!box.value) { search(); } });
    box.addEventListener("blur", function () { enter = false; setTimeout(close, 100); });
    box.addEventListener("keydown", function (ev) {
      var open = !list.hidden;
      if (ev.key === "ArrowDown") {
        ev.preventDefault();
        if (open) { mark(active + 1); } else { search(); }
      } else if (ev.key === "ArrowUp") {
        if (open) { ev.preventDefault(); mark(active - 1); }
      } else if (ev.key === "Enter") {
        // Enter chooses the marked match, else the first; typed text waiting for its matches
        // waits for them; only an empty box lets Enter send the form
        if (open && items.length) { ev.preventDefault(); choose(active >= 0 ? active : 0); }
        else if (pending) { ev.preventDefault(); enter = true; clearTimeout(timer); search(); }
        else if (open) { ev.preventDefault(); }
      } else if (ev.key === "Escape") {
        if (open) { ev.preventDefault(); close(); }
      }
    });
    return { close: close };
  }

  // One choice: the field (an <input> or a <select>) keeps its name on a hidden input that
  // holds the chosen value, or the typed text when nothing was chosen (the server takes a
  // name or a code as the plain field does).
  function single(field) {
    var form = field.form, isSelect = field.tagName === "SELECT";
    var strict = field.hasAttribute("data-pick-strict");
    var hidden = document.createElement("input");
    var box = document.createElement("input");
    var label = isSelect
      ? (field.value ? field.options[field.selectedIndex].text : "")
      : (field.getAttribute("data-label") || field.value);
    // a <select>'s options marked data-fixed are choices in the page's words (未交办)
    var fixed = isSelect ? Array.prototype.filter.call(field.options, function (o) {
      return o.hasAttribute("data-fixed");
    }).map(function (o) { return { value: o.value, label: o.text, hint: "", word: true }; }) : [];
    hidden.type = "hidden";
    hidden.name = field.name;
    hidden.value = field.value;
    box.type = "text";
    box.id = field.id;
    box.value = label;
    box.required = field.required;
    box.placeholder = field.getAttribute("placeholder") || field.getAttribute("data-placeholder") || "";
    box.className = "pick-box";
    field.id = field.id + "-plain";
    field.removeAttribute("name");
    field.disabled = true;
    field.hidden = true;
    var current = field.parentNode.querySelector(".pick-current");
    if (current) { current.hidden = true; }
    var wrap = document.createElement("span");
    wrap.className = "pick";
    field.insertAdjacentElement("afterend", wrap);
    wrap.appendChild(box);
    wrap.appendChild(hidden);
    combobox({
      kind: field.getAttribute("data-pick"), box: box, form: form,
      regionFrom: field.getAttribute("data-pick-region"), fixed: fixed,
      // a filter that takes ids only (data-pick-strict) sends nothing for text not chosen
      typed: function (text) { hidden.value = strict ? "" : text.trim(); },
      pick: function (c) { hidden.value = c.value; box.value = c.label; }
    });
  }

  function chipRemove(li, input) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "chip-remove";
    // the button's name, read aloud: 移除 + the chip's own (data) label
    var mark = document.createElement("span"), word = document.createElement("span");
    var what = document.createElement("span");
    mark.textContent = "×";
    mark.setAttribute("aria-hidden", "true");
    word.className = "vh";
    word.textContent = WORDS.remove + " ";
    what.className = "vh";
    what.setAttribute("translate", "no");
    what.textContent = li.textContent.trim();
    b.appendChild(mark);
    b.appendChild(word);
    b.appendChild(what);
    b.addEventListener("click", function () {
      var next = li.parentNode.closest("fieldset").querySelector(".pick-box");
      input.checked = false;
      li.hidden = true;
      if (next) { next.focus(); }
    });
    li.appendChild(b);
  }

  // Several choices: each is a checked checkbox in a chip; a search box adds more.
  function multi(set) {
    var form = set.closest("form"), chips = set.querySelector(".chips");
    var box = set.querySelector("input[data-pick-search]");
    var name = null;
    set.querySelectorAll(".chip").forEach(function (li) {
      var input = li.querySelector("input[type=checkbox]");
      name = name || input.name;
      input.hidden = true;
      if (!input.checked) { li.hidden = true; }
      chipRemove(li, input);
    });
    if (!box) {
      var field = document.createElement("span"), label = document.createElement("label");
      field.className = "field wide";
      box = document.createElement("input");
      box.id = set.getAttribute("data-search-id");
      box.placeholder = set.getAttribute("data-placeholder") || "";
      label.htmlFor = box.id;
      label.textContent = set.getAttribute("data-search-label") || "";
      field.appendChild(label);
      field.appendChild(box);
      set.appendChild(field);
    }
    name = name || box.name;
    box.classList.add("pick-box");
    combobox({
      kind: set.getAttribute("data-pick-multi"), box: box, form: form,
      regionFrom: set.getAttribute("data-pick-region"),
      exclude: function () {
        var out = {};
        set.querySelectorAll(".chip input:checked").forEach(function (i) { out[i.value] = true; });
        return out;
      },
      pick: function (c) {
        var input = set.querySelector(".chip input[value=\"" + CSS.escape(c.value) + "\"]");
        if (input) {
          input.checked = true;
          input.closest(".chip").hidden = false;
        } else {
          var li = document.createElement("li"), label = document.createElement("label");
          var small = document.createElement("small");
          li.className = "chip";
          input = document.createElement("input");
          input.type = "checkbox";
          input.name = name;
          input.value = c.value;
          input.checked = true;
          input.hidden = true;
          var text = document.createElement("span");
          text.textContent = c.label;
          text.setAttribute("translate", "no");
          small.textContent = c.hint || "";
          small.setAttribute("translate", "no");
          label.appendChild(input);
          label.appendChild(document.createTextNode(" "));
          label.appendChild(text);
          label.appendChild(document.createTextNode(" "));
          label.appendChild(small);
          li.appendChild(label);
          chipRemove(li, input);
          chips.appendChild(li);
        }
        box.value = "";
      }
    });
  }

  // The milestone editor: rows of date, description, value, unit and done; buttons add a row
  // (from the <template>, with a key of its own) and remove one.
  function milestones(editor) {
    var rows = editor.querySelector(".ms-rows");
    var template = editor.querySelector("template.ms-template");
    var add = editor.querySelector(".ms-add");
    var next = rows.querySelectorAll(".ms-row").length;

    function wire(row) {
      var remove = row.querySelector(".ms-remove");
      remove.hidden = false;
      remove.addEventListener("click", function () {
        var after = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        (after ? after.querySelector("input[type=date]") : add).focus();
      });
    }

    rows.querySelectorAll(".ms-row").forEach(function (row, i) {
      var empty = Array.prototype.every.call(
        row.querySelectorAll("input[name=ms_due], input[name=ms_title]"),
        function (input) { return !input.value; });
      // the page's spare blank rows are for forms without this script: keep one
      if (empty && i > 0 && rows.querySelectorAll(".ms-row").length > 1) { row.remove(); } else { wire(row); }
    });
    add.hidden = false;
    add.addEventListener("click", function () {
      var key = "n" + (next++);
      var html = template.innerHTML.split("__key__").join(key);
      rows.insertAdjacentHTML("beforeend", html);
      var row = rows.lastElementChild;
      wire(row);
      row.querySelector("input[type=date]").focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    words();
    document.querySelectorAll("[data-pick]").forEach(single);
    document.querySelectorAll("[data-pick-multi]").forEach(multi);
    document.querySelectorAll("[data-ms-editor]").forEach(milestones);
  });
})();
