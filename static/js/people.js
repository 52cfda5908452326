// The contributor page's charts: monthly activity and cumulative merged PRs.
// The numbers also stand in tables, one click away (open without Chart.js).
(function () {
  "use strict";
  var source = document.getElementById("activity-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;

  function show(id) {
    return window.osc4youShowChart(document.getElementById(id));
  }

  new window.Chart(show("monthly-chart"), {
    type: "bar",
    data: {
      labels: data.months.map(window.osc4youMonthLabel),
      datasets: [
        { label: labels.commits, data: data.commits, backgroundColor: "#b07d3c" },
        { label: labels.prs, data: data.prs, backgroundColor: "#3c8d5a" },
        { label: labels.reviews, data: data.reviews, backgroundColor: "#274d8f" },
        { label: labels.issues, data: data.issues, backgroundColor: "#7a2f6f" },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false, // the .chart box sets the height (base.css)
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, grace: "8%" } },
    },
  });

  if (data.own_path.length) {
    var datasets = [{
      label: labels.merged,
      data: data.own_path,
      borderColor: "#3c8d5a",
      backgroundColor: "#3c8d5a",
      pointRadius: 0,
    }];
    if (data.committers_path) {
      datasets.push({
        label: labels.committers,
        data: data.committers_path,
        borderColor: "#7a5424",
        backgroundColor: "#7a5424",
        borderDash: [6, 4],
        pointRadius: 0,
      });
    }
    var longest = Math.max(data.own_path.length, (data.committers_path || []).length);
    new window.Chart(show("cumulative-chart"), {
      type: "line",
      data: { labels: Array.from({ length: longest }, function (_, i) { return i; }), datasets: datasets },
      options: {
        responsive: true,
      maintainAspectRatio: false, // the .chart box sets the height (base.css)
        scales: {
          x: { title: { display: true, text: labels.offset } },
          y: { beginAtZero: true },
        },
      },
    });
  }
})();
