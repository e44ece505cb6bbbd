// Optional enhancement: draws a Leaflet map where a page has [data-map]. Leaflet is loaded by
// js/map-base.js (included first) only when a map is shown, so pages stay light on slow connections.
(function () {
  "use strict";

  // A popup's content, built as elements so that no text from the page is read as HTML.
  function popup(marker) {
    var box = document.createElement("div");
    var name = document.createElement(marker.url ? "a" : "strong");
    name.textContent = (marker.number ? marker.number + ". " : "") + marker.title;
    if (marker.url) name.href = marker.url;
    box.appendChild(name);
    [marker.place, marker.next].forEach(function (text) {
      if (!text) return;
      var line = document.createElement("p");
      line.textContent = text;
      box.appendChild(line);
    });
    return box;
  }

  function draw(container) {
    var data = container.querySelector("script[type='application/json']");
    var markers = data ? JSON.parse(data.textContent) : [];
    var canvas = container.querySelector(".map__canvas");
    if (!markers.length) return;
    window.SignpostMap.load(container.dataset.leaflet).then(function (L) {
      var map = window.SignpostMap.open(L, container, canvas, container.dataset.mapLabel || "Map");
      var bounds = [];
      markers.forEach(function (marker) {
        var point = [marker.lat, marker.lng];
        bounds.push(point);
        var options = { title: marker.title, alt: marker.title };
        // Numbered pins match the numbers in the list; the place searched from has its own pin.
        if (marker.number) {
          options.icon = L.divIcon({
            className: "map-pin",
            html: "<span>" + Number(marker.number) + "</span>",
            iconSize: [30, 30],
            iconAnchor: [15, 30],
            popupAnchor: [0, -28]
          });
          options.title = marker.number + ". " + marker.title;
          options.alt = options.title;
        } else if (marker.kind === "searched") {
          options.icon = L.divIcon({ className: "map-pin map-pin--searched", iconSize: [22, 22] });
          options.keyboard = false;
        }
        var pin = L.marker(point, options).addTo(map);
        pin.bindPopup(popup(marker));
      });
      if (bounds.length === 1) {
        map.setView(bounds[0], 15);
      } else {
        map.fitBounds(bounds, { padding: [24, 24] });
      }
    });
  }

  document.querySelectorAll("[data-map]").forEach(function (container) {
    var autoload = container.dataset.mapAutoload;
    if (autoload === "true" || (autoload === "wide" && window.matchMedia("(min-width: 75rem)").matches)) {
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
