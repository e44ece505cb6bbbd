// Filter panels (Find help, What's on) are a <details>, folded on phones so that the results come
// first. Where the panel stands beside the results there is room for it, so it is opened. The page's
// CSS decides the layout (a container query, which follows the text size), so this asks the layout
// rather than the window's width. Without JavaScript the panel keeps the state the page sent.
(function () {
  "use strict";

  document.querySelectorAll("details[data-filters]").forEach(function (filters) {
    var columns = getComputedStyle(filters.parentElement).gridTemplateColumns.split(" ");
    if (columns.length > 1) {
      filters.open = true;
    }
  });
})();
