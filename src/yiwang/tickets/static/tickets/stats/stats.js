/* Draws the statistics charts with the vendored ECharts from the JSON embedded in the page
   (json_script "stats-chart-data"). Without JavaScript the tables show the same numbers. */
(function () {
  "use strict";

  function option(spec) {
    var base = { tooltip: { trigger: spec.kind === "pie" ? "item" : "axis" }, animation: false };
    if (spec.kind === "pie") {
      base.legend = { type: "scroll", bottom: 0 };
      base.series = [{ type: "pie", radius: ["35%", "65%"], data: spec.data,
                       label: { formatter: "{b}: {c}" } }];
      return base;
    }
    var horizontal = spec.kind === "bar" && spec.labels.length > 6;
    var categoryAxis = { type: "category", data: spec.labels,
                         axisLabel: { interval: 0, width: 120, overflow: "truncate" } };
    if (spec.kind === "line") { categoryAxis.axisLabel = {}; }
    var valueAxis = { type: "value", minInterval: 1 };
    base.legend = spec.series.length > 1 ? { top: 0 } : undefined;
    base.grid = { left: 8, right: 16, top: spec.series.length > 1 ? 32 : 16, bottom: 8,
                  containLabel: true };
    base.xAxis = horizontal ? valueAxis : categoryAxis;
    base.yAxis = horizontal ? Object.assign({ inverse: true }, categoryAxis) : valueAxis;
    base.series = spec.series.map(function (s) {
      return { type: spec.kind, name: s.name, data: s.data, smooth: false };
    });
    return base;
  }

  function draw() {
    var source = document.getElementById("stats-chart-data");
    if (!source || typeof window.echarts === "undefined") { return; }
    var specs = JSON.parse(source.textContent);
    var charts = [];
    var section = document.querySelector(".stats-charts");
    if (section) { section.classList.add("is-ready"); }  /* visible before init: sizes known */
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var spec = specs[node.getAttribute("data-chart")];
      if (!spec) { return; }
      var chart = window.echarts.init(node, null, { renderer: "svg" });
      chart.setOption(option(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (c) { c.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
