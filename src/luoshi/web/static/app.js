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

  document.addEventListener("DOMContentLoaded", function () { drawAll(); uploads(); });
})();
