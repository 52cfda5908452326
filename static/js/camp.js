// The camp page's weekly chart: PRs opened and merged, reviews, issues per camp week.
// The same numbers stand in the table below it, so the page reads the same without Chart.js.
(function () {
  "use strict";
  var source = document.getElementById("camp-weeks");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = ["#3c8d5a", "#274d8f", "#b07d3c", "#7a2f6f", "#8a8f98"];
  var canvas = document.getElementById("weekly-chart");
  canvas.closest(".chart").hidden = false;
  // With the chart drawn, the weekly table folds away; it stays open without JavaScript.
  var details = document.querySelector(".weeks-details");
  if (details) {
    details.open = false;
  }

  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.weeks,
      datasets: data.series.map(function (series, index) {
        return {
          label: series.label,
          data: series.data,
          backgroundColor: colours[index % colours.length],
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false, // the .chart box sets the height (base.css)
      interaction: { mode: "index", intersect: false },
      scales: { y: { beginAtZero: true, grace: "8%", ticks: { precision: 0 } } },
    },
  });
})();
