// The camp form's person finder: suggests people by name or login from the API as one
// types, and adds the one chosen to the mentors field. Without it, logins are typed there.
(function () {
  "use strict";
  var finder = document.querySelector("[data-person-finder]");
  if (!finder || !window.fetch) {
    return;
  }
  var target = document.getElementById(finder.dataset.target);
  var input = finder.querySelector("input");
  var list = finder.querySelector("datalist");
  var timer = null;
  var latest = "";
  finder.hidden = false;

  function handleOf(person) {
    return person.github_login || person.slug;
  }

  function suggest(query) {
    latest = query;
    var url = finder.dataset.api + "?q=" + encodeURIComponent(query);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (page) {
        if (query !== latest) {
          return; // an older answer arriving late
        }
        list.replaceChildren();
        page.results.forEach(function (person) {
          var option = document.createElement("option");
          option.value = handleOf(person);
          option.label = person.display_name + (person.chinese_name ? " " + person.chinese_name : "");
          list.appendChild(option);
        });
      })
      .catch(function () {
        list.replaceChildren();
      });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    var chosen = Array.prototype.some.call(list.options, function (option) {
      return option.value === query;
    });
    if (chosen) {
      var handles = target.value.split(/[\s,;]+/).filter(Boolean);
      if (handles.indexOf(query) === -1) {
        handles.push(query);
      }
      target.value = handles.join(", ");
      input.value = "";
      list.replaceChildren();
      return;
    }
    window.clearTimeout(timer);
    if (query.length >= 2) {
      timer = window.setTimeout(function () {
        suggest(query);
      }, 250);
    }
  });
})();
