/* Apache ECharts from data blocks: <div class="chart" data-chart="bar" data-source="id-of-json-script">.
   The data block holds {labels, values, urls, name}; clicking a bar opens the records behind it. */
(function () {
  "use strict";
  var palette = ["#1d4f91", "#2e90fa", "#12b76a", "#f79009", "#7a5af8", "#ee46bc", "#06aed4", "#667085"];

  function render(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var horizontal = data.labels.length > 6;
    var category = { type: "category", data: data.labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : 20 } };
    var value = { type: "value", minInterval: 1 };
    chart.setOption({
      color: palette,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign({ inverse: true }, category) : value,
      series: [{ name: data.name, type: "bar", data: data.values, barMaxWidth: 28,
                 itemStyle: { borderRadius: horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] } }]
    });
    if (horizontal) { el.style.height = Math.max(280, data.labels.length * 30) + "px"; chart.resize(); }
    chart.on("click", function (params) {
      var url = data.urls && data.urls[params.dataIndex];
      if (url) { window.location.href = url; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-chart='bar']").forEach(render);
  });
})();

/* Lines from {labels, series: {name: [values]}}: <div class="chart" data-chart="line" data-source="…">. */
(function () {
  "use strict";
  var palette = ["#1d4f91", "#12b76a", "#f79009", "#7a5af8", "#ee46bc", "#06aed4", "#667085"];
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-chart='line']").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-source"));
      if (!source || !window.echarts) { return; }
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        color: palette,
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: data.labels },
        yAxis: { type: "value", min: function (v) { return Math.max(0, Math.floor(v.min / 10) * 10); }, max: 100 },
        series: Object.keys(data.series).map(function (name) {
          return { name: name, type: "line", data: data.series[name], connectNulls: true, symbolSize: 8 };
        })
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();

/* Stacked bars from {labels, series: [{name, values, urls}]}: <div class="chart" data-chart="stack" data-source="…">.
   Clicking a segment opens the records behind it. */
(function () {
  "use strict";
  var palette = ["#b42318", "#f04438", "#f79009", "#fdb022", "#7a5af8", "#2e90fa", "#667085"];
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".chart[data-chart='stack']").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-source"));
      if (!source || !window.echarts) { return; }
      var data = JSON.parse(source.textContent);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      el.style.height = Math.max(260, data.labels.length * 30 + 60) + "px";
      chart.resize();
      chart.setOption({
        color: palette,
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, type: "scroll" },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: data.labels, inverse: true },
        series: data.series.map(function (s) {
          return { name: s.name, type: "bar", stack: "all", data: s.values, barMaxWidth: 22 };
        })
      });
      chart.on("click", function (params) {
        var s = data.series[params.seriesIndex];
        var url = s && s.urls && s.urls[params.dataIndex];
        if (url) { window.location.href = url; }
      });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  });
})();
