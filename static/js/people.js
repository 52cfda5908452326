// The contributor page's charts: monthly activity and cumulative merged PRs.
// The numbers also stand in tables, so the page reads the same without Chart.js.
(function () {
  "use strict";
  var source = document.getElementById("activity-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;

  function show(id) {
    var canvas = document.getElementById(id);
    canvas.closest(".chart").hidden = false;
    return canvas;
  }

  new window.Chart(show("monthly-chart"), {
    type: "bar",
    data: {
      labels: data.months,
      datasets: [
        { label: labels.commits, data: data.commits, backgroundColor: "#b07d3c" },
        { label: labels.prs, data: data.prs, backgroundColor: "#3c8d5a" },
        { label: labels.reviews, data: data.reviews, backgroundColor: "#274d8f" },
        { label: labels.issues, data: data.issues, backgroundColor: "#7a2f6f" },
      ],
    },
    options: {
      responsive: true,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
    },
  });

  if (data.cumulative.length) {
    new window.Chart(show("cumulative-chart"), {
      type: "line",
      data: {
        labels: data.cumulative.map(function (point) { return point[0]; }),
        datasets: [{
          label: labels.merged,
          data: data.cumulative.map(function (point) { return point[1]; }),
          borderColor: "#3c8d5a",
          backgroundColor: "#3c8d5a",
          stepped: true,
        }],
      },
      options: { responsive: true, scales: { y: { beginAtZero: true } } },
    });
  }
})();
