// Optional enhancements for /find/: "Use my location" (filters.js opens the filters at desk widths).
// Everything here also works without JavaScript (the location box).
(function () {
  "use strict";

  // "Use my location" fills in the search form's hidden location fields and sends the form: a new
  // search, so it starts at page 1 and nearest first (the form has no page field).
  document.querySelectorAll("[data-use-location]").forEach(function (button) {
    if (!("geolocation" in navigator)) return;
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
  });
})();
