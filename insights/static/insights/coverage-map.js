// Optional enhancement: the coverage gaps as circles on a map. Leaflet is loaded by js/map-base.js
// (included first), only here. The table below the map has every figure, so the page needs no script.
(function () {
  "use strict";

  document.querySelectorAll("[data-insights-map]").forEach(function (container) {
    var points = JSON.parse(container.querySelector("script[type='application/json']").textContent);
    if (!points.length) return;
    window.SignpostMap.load(container.dataset.leaflet).then(function (L) {
      var canvas = container.querySelector(".insights-map__canvas");
      container.querySelector(".insights-map__key").hidden = false;
      var map = window.SignpostMap.open(
        L, container, canvas, "Map of coverage gaps: the table below has the same figures"
      );
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
