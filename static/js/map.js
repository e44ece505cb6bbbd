// Optional enhancement: draws a Leaflet map where a page has [data-map]. Leaflet is our own static
// copy (from npm) and is only fetched when a map is shown, so pages stay light on slow connections.
(function () {
  "use strict";

  var leaflet = null;

  function loadLeaflet(base) {
    if (leaflet) return leaflet;
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

  function draw(container) {
    var data = container.querySelector("script[type='application/json']");
    var markers = data ? JSON.parse(data.textContent) : [];
    var canvas = container.querySelector(".map__canvas");
    if (!markers.length) return;
    loadLeaflet(container.dataset.leaflet).then(function (L) {
      canvas.hidden = false;
      canvas.setAttribute("role", "region");
      canvas.setAttribute("aria-label", container.dataset.mapLabel || "Map");
      var map = L.map(canvas, { scrollWheelZoom: false });
      L.tileLayer(container.dataset.tileUrl, {
        attribution: container.dataset.tileAttribution,
        maxZoom: 19
      }).addTo(map);
      var bounds = [];
      markers.forEach(function (marker) {
        var point = [marker.lat, marker.lng];
        bounds.push(point);
        var pin = L.marker(point, { title: marker.title, alt: marker.title }).addTo(map);
        if (marker.url) {
          var link = document.createElement("a");
          link.href = marker.url;
          link.textContent = marker.title;
          pin.bindPopup(link);
        }
      });
      if (bounds.length === 1) {
        map.setView(bounds[0], 15);
      } else {
        map.fitBounds(bounds, { padding: [24, 24] });
      }
    });
  }

  document.querySelectorAll("[data-map]").forEach(function (container) {
    if (container.dataset.mapAutoload === "true") {
      draw(container);
      return;
    }
    var button = container.querySelector(".map__button");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.hidden = true;
      draw(container);
    });
  });
})();
