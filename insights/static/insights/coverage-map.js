// Optional enhancement: the coverage gaps as circles on a map. Leaflet is our own static copy (from
// npm), loaded only here. The table below the map has every figure, so the page needs no script.
(function () {
  "use strict";

  function load(base) {
    return new Promise(function (resolve, reject) {
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
  }

  document.querySelectorAll("[data-insights-map]").forEach(function (container) {
    var points = JSON.parse(container.querySelector("script[type='application/json']").textContent);
    if (!points.length) return;
    load(container.dataset.leaflet).then(function (L) {
      var canvas = container.querySelector(".insights-map__canvas");
      canvas.hidden = false;
      container.querySelector(".insights-map__key").hidden = false;
      canvas.setAttribute("role", "region");
      canvas.setAttribute("aria-label", "Map of coverage gaps: the table below has the same figures");
      var map = L.map(canvas, { scrollWheelZoom: false });
      L.tileLayer(container.dataset.tileUrl, {
        attribution: container.dataset.tileAttribution,
        maxZoom: 19
      }).addTo(map);
      var bounds = [];
      points.forEach(function (point) {
        var centre = [point.lat, point.lng];
        bounds.push(centre);
        L.circleMarker(centre, {
          radius: 6 + 24 * point.size,
          color: "#1a1a1a",
          weight: 2,
          fillColor: "#1d5c8c",
          fillOpacity: 0.45
        }).bindTooltip(point.text).addTo(map);
        L.marker(centre, {
          icon: L.divIcon({ className: "insights-map__label", html: point.district, iconSize: null }),
          keyboard: false,
          interactive: false
        }).addTo(map);
      });
      map.fitBounds(bounds, { padding: [24, 24] });
    });
  });
})();
