// What every map shares (the results and listing maps, js/map.js; the insights coverage map): Leaflet,
// our own static copy from npm, fetched once and only when a map is shown, so pages stay light on slow
// connections; and a map drawn in a container's canvas with the tiles the container names.
// Loaded again each time an admin chooser brings it: the first copy, and its Leaflet, are kept.
window.SignpostMap = window.SignpostMap || (function () {
  "use strict";

  var leaflet = null;

  function load(base) {
    if (leaflet) return leaflet;
    if (window.L) return (leaflet = Promise.resolve(window.L));
    leaflet = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = base + "leaflet.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = base + "leaflet.js";
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leaflet;
  }

  // Shows the canvas as a labelled region and draws a map in it, with the container's tiles
  // (data-tile-url, data-tile-attribution).
  function open(L, container, canvas, label) {
    canvas.hidden = false;
    canvas.setAttribute("role", "region");
    canvas.setAttribute("aria-label", label);
    var map = L.map(canvas, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tileUrl, {
      attribution: container.dataset.tileAttribution,
      maxZoom: 19
    }).addTo(map);
    return map;
  }

  return { load: load, open: open };
})();
