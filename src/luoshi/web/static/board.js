// luoshi supervision pages: the charts described by data-board-chart attributes (an
// indicator's series across regions, the assessment's league table). Values arrive
// already scaled by the server (luoshi.display), with the axis's unit beside them.
(function () {
  "use strict";

  var data = window.luoshiCharts.data, chart = window.luoshiCharts.chart;  // from app.js

  var draw = {
    // one line per region over the years; the axis names its unit
    series: function (el) {
      var rows = data(el, "series"), years = data(el, "years"), unit = el.getAttribute("data-axis");
      chart(el, {
        tooltip: { trigger: "axis", valueFormatter: function (v) { return v + " " + unit; } },
        legend: { type: "scroll", top: 0 },
        grid: { left: 60, right: 20, top: 40, bottom: 30 },
        xAxis: { type: "category", data: years.map(String) },
        yAxis: { type: "value", name: unit, scale: true },
        series: rows.map(function (r) {
          var byYear = {};
          r.points.forEach(function (p) { byYear[p[0]] = p[1]; });
          return { type: "line", name: r.name, connectNulls: true,
                   data: years.map(function (y) { return y in byYear ? byYear[y] : null; }) };
        })
      });
    },
    // departments' scores as bars from zero to the scale's top, each labelled with its unit
    league: function (el) {
      var rows = data(el, "rows"), unit = el.getAttribute("data-unit");
      var top = Number(el.getAttribute("data-max")) || 100;
      chart(el, {
        tooltip: { valueFormatter: function (v) { return v + unit; } },
        grid: { left: 10, right: 60, top: 30, bottom: 20, containLabel: true },
        xAxis: { type: "value", min: 0, max: top, name: unit },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
        series: [{ type: "bar", data: rows.map(function (r) { return r.value; }),
                   label: { show: true, position: "right",
                            formatter: function (p) { return p.value + unit; } } }]
      });
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-board-chart]").forEach(function (el) {
      try { draw[el.getAttribute("data-board-chart")](el); } catch (e) { el.textContent = String(e); }
    });
  });
})();
