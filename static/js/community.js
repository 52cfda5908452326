// The community page's chart: titles members gained per year, one stacked bar per role.
// The same numbers stand in a table one click away (open without Chart.js).
(function () {
  "use strict";
  var source = document.getElementById("titles-data");
  var canvas = document.getElementById("titles-chart");
  if (!source || !canvas || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#3c8d5a", "#274d8f", "#7a2f6f", "#b07d3c", "#7a5424", "#5b6b7a"];
  window.osc4youShowChart(canvas);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.years,
      datasets: data.series.map(function (series, i) {
        return { label: series.label, data: series.counts, backgroundColor: colours[i % colours.length] };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false, // the .chart box sets the height (base.css)
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, grace: "8%", ticks: { precision: 0 }, title: { display: true, text: data.axis } },
      },
    },
  });
})();
