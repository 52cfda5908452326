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

// The header's menu: on narrow screens (where CSS shows the button) it folds behind "Menu".
// Without this script the button stays hidden and the menu open.
(function () {
  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  setOpen(false);
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu from inside it and gives the focus back to the button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true"
        && button.offsetParent !== null) {
      setOpen(false);
      if (menu.contains(document.activeElement)) {
        button.focus();
      }
    }
  });
})();

// A table wider than its card scrolls inside .table-scroll; keyboard users reach that scroll
// only if the box takes the focus, so it does while (and only while) it overflows.
(function () {
  var boxes = document.querySelectorAll(".table-scroll");
  if (!boxes.length) {
    return;
  }
  function update() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
  // A table in a closed <details> has no width until it opens.
  document.querySelectorAll("details").forEach(function (details) {
    details.addEventListener("toggle", update);
  });
})();
