// Draw the page's ECharts charts. Each chart is a <div class="echart" data-chart="ID"> whose data is a
// <script type="application/json" id="ID"> written by Django's json_script (no inline JavaScript, so a
// strict Content-Security-Policy holds). The JSON is a small spec built by zeren/web/charts.py:
// {kind: bar|line|pie, title, labels, series: [{name, data}], unit, horizontal, stacked, max}.
(function () {
  "use strict";
  var PALETTE = ["#b3261e", "#1a73e8", "#188038", "#f29900", "#9334e6", "#5f6368", "#e8710a", "#12b5cb"];

  function valueLabel(unit) {
    return function (p) {
      var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
      if (v === 0) { return ""; }
      return v === null || v === undefined ? "—" : v + unit;
    };
  }

  function option(spec) {
    var unit = spec.unit || "";
    var base = {
      color: PALETTE,
      animation: false,
      textStyle: { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" },
      tooltip: { trigger: spec.kind === "pie" ? "item" : "axis", valueFormatter: function (v) { return v === null || v === undefined ? "—" : v + unit; } },
      legend: spec.series.length > 1 || spec.kind === "pie" ? { bottom: 0 } : undefined
    };
    if (spec.kind === "pie") {
      var first = spec.series[0] || { name: "", data: [] };
      base.series = [{
        type: "pie", name: first.name, radius: ["30%", "55%"], top: 0, bottom: 24,
        label: { formatter: "{c}" + unit },
        data: spec.labels.map(function (label, i) { return { name: label, value: first.data[i] }; })
          .filter(function (d) { return d.value; })
      }];
      return base;
    }
    var category = { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.horizontal ? 0 : (spec.labels.length > 12 ? 30 : 0), fontSize: spec.labels.length > 8 ? 10 : 12 } };
    var value = { type: "value", max: spec.max === null ? undefined : spec.max, axisLabel: { formatter: "{value}" + unit }, minInterval: unit === "%" || unit === "分" ? undefined : 1 };
    if (spec.horizontal) { category.inverse = true; }
    base.grid = { left: 8, right: 48, top: 16, bottom: spec.series.length > 1 ? 36 : 8, containLabel: true };
    base.xAxis = spec.horizontal ? value : category;
    base.yAxis = spec.horizontal ? category : value;
    base.series = spec.series.map(function (s) {
      return {
        type: spec.kind, name: s.name, data: s.data, stack: spec.stacked ? "total" : undefined,
        label: { show: !spec.stacked, position: spec.horizontal ? "right" : "top", formatter: valueLabel(unit) },
        barMaxWidth: 28, connectNulls: false
      };
    });
    return base;
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    if (spec.horizontal) {
      element.style.height = Math.max(160, spec.labels.length * 28 + 40) + "px";
    }
    var chart = echarts.init(element, null, { renderer: "svg", locale: "ZH" });
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
    window.addEventListener("beforeprint", function () { chart.resize(); });
    element.dataset.drawn = "1";
  }

  function drawAll() {
    document.querySelectorAll("div.echart[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  // A region swapped in by htmx (a filter or a page of a list) may bring charts not drawn yet.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("div.echart[data-chart]:not([data-drawn])").forEach(draw);
  });
})();
