// Optional: suggestions for the search box as the resident types (help topics and listing names),
// offered through a native <datalist>, which browsers and screen readers already know how to present.
// Without JavaScript the search box is an ordinary text box and the search works the same.
(function () {
  "use strict";

  var input = document.querySelector("input[data-autocomplete]");
  if (!input || !("fetch" in window)) return;

  var list = document.createElement("datalist");
  list.id = input.id + "-suggestions";
  input.insertAdjacentElement("afterend", list);
  input.setAttribute("list", list.id);

  var url = input.getAttribute("data-autocomplete");
  var timer = null;
  var latest = 0;
  var cache = {};

  function show(words) {
    list.textContent = "";
    words.forEach(function (word) {
      var option = document.createElement("option");
      option.value = word;
      list.appendChild(option);
    });
  }

  function lookUp(text) {
    if (cache[text]) {
      show(cache[text]);
      return;
    }
    var request = ++latest;
    fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        cache[text] = data.suggestions || [];
        if (request === latest) show(cache[text]);
      })
      .catch(function () {
        // Suggestions are a nicety: if they fail, the search box still works as before.
      });
  }

  input.addEventListener("input", function () {
    var text = input.value.trim();
    window.clearTimeout(timer);
    if (text.length < 2) {
      show([]);
      return;
    }
    timer = window.setTimeout(function () {
      lookUp(text);
    }, 200);
  });
})();
