// Optional enhancements for /find/: "Use my location", and the filters folded away on small screens.
// Everything here also works without JavaScript (the location box, the open filter panel).
(function () {
  "use strict";

  var button = document.querySelector("[data-use-location]");
  if (button && "geolocation" in navigator) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var form = button.form;
      var lat = form.querySelector("[data-location-lat]");
      var lng = form.querySelector("[data-location-lng]");
      button.disabled = true;
      button.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(5);
          lng.value = position.coords.longitude.toFixed(5);
          lat.disabled = lng.disabled = false;
          var where = form.querySelector("[name=where]");
          if (where) where.value = "";
          form.submit();
        },
        function () {
          button.disabled = false;
          button.textContent = "Use my location";
          var note = document.createElement("p");
          note.className = "field__error";
          note.setAttribute("role", "alert");
          note.textContent = "We couldn't get your location. Type your postcode instead.";
          button.insertAdjacentElement("afterend", note);
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  var filters = document.querySelector("[data-filters]");
  if (filters && window.matchMedia("(max-width: 50rem)").matches && !filters.querySelector("input:checked")) {
    filters.open = false;
  }
})();
