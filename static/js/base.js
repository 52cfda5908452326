// Submit a form as soon as one of its [data-autosubmit] controls changes (the language switcher).
document.querySelectorAll("[data-autosubmit]").forEach((control) => {
  control.addEventListener("change", () => control.form.submit());
});

// Charts: show a chart's box, and fold the table of its figures (details.chart-data in the
// same card) to one click away; without Chart.js the chart stays hidden and the table open.
window.osc4youShowChart = function (canvas) {
  var box = canvas.closest(".chart");
  box.hidden = false;
  var card = box.closest(".card");
  var figures = card && card.querySelector("details.chart-data");
  if (figures) {
    figures.open = false;
  }
  return canvas;
};

// Months as people read them in the page's language: "Dec 2026", "2026年12月".
window.osc4youMonthLabel = function (iso) {
  var parts = iso.split("-");
  var date = new Date(Date.UTC(Number(parts[0]), Number(parts[1]) - 1, 1));
  return new Intl.DateTimeFormat(document.documentElement.lang || "en", {
    year: "numeric", month: "short", timeZone: "UTC",
  }).format(date);
};
