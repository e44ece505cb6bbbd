// The map on the venue chooser's "Add a venue" tab (directory/widgets.py, VenuePinWidget).
//
// A Stimulus controller, so Wagtail's admin starts it whenever the chooser puts the form on the page
// (modal content is inserted long after the page loaded). When the postcode is typed, the admin's
// postcode lookup places the pin; dragging the pin or clicking the map moves it. The pin only ever
// writes to the latitude and longitude boxes, which are what is saved and which work without the map.
// Leaflet is our own static copy, loaded by js/map-base.js the first time the tab is shown (a hidden
// map has no size).
(function () {
  "use strict";

  if (!window.wagtail || !window.wagtail.app || !window.StimulusModule || !window.SignpostMap) return;
  // The chooser's HTML brings this script each time the modal opens; register the controller once.
  if (window.signpostVenuePinMap) return;
  window.signpostVenuePinMap = true;

  var PIN_ZOOM = 17;
  var PLACES = 6; // decimal places kept: about 10 cm, finer than any pin can be placed

  function number(input) {
    var value = input ? parseFloat(input.value) : NaN;
    return isFinite(value) ? value : null;
  }

  class VenuePinMap extends window.StimulusModule.Controller {
    static targets = ["canvas", "status"];
    static values = {
      leaflet: String, lookupUrl: String, tileUrl: String, attribution: String, centre: Object
    };

    connect() {
      var form = this.element.closest("form");
      this.postcode = form && form.elements.namedItem("postcode");
      this.latitude = form && form.elements.namedItem("latitude");
      this.longitude = form && form.elements.namedItem("longitude");
      if (!this.postcode || !this.latitude || !this.longitude) return;
      this.lookups = 0;
      this.onPostcode = this.lookUp.bind(this);
      this.onTyped = function () { this.fromPostcode = false; this.pinFromBoxes(); }.bind(this);
      this.postcode.addEventListener("change", this.onPostcode);
      this.latitude.addEventListener("change", this.onTyped);
      this.longitude.addEventListener("change", this.onTyped);
      // Drawn once the tab is shown, and resized with the modal.
      this.sizeWatch = new ResizeObserver(this.resized.bind(this));
      this.sizeWatch.observe(this.element);
    }

    disconnect() {
      if (this.sizeWatch) this.sizeWatch.disconnect();
      if (this.postcode) this.postcode.removeEventListener("change", this.onPostcode);
      if (this.latitude) this.latitude.removeEventListener("change", this.onTyped);
      if (this.longitude) this.longitude.removeEventListener("change", this.onTyped);
      if (this.map) this.map.remove();
      this.map = null;
    }

    resized() {
      if (!this.element.offsetWidth) return; // the tab is hidden
      if (this.map) {
        this.map.invalidateSize();
      } else if (!this.loading) {
        this.loading = window.SignpostMap.load(this.leafletValue).then(this.draw.bind(this), function () {
          this.say("The map could not be loaded. Type the latitude and longitude, or leave them empty to use the postcode.");
        }.bind(this));
      }
    }

    draw(L) {
      if (!this.element.isConnected) return;
      this.L = L;
      L.Icon.Default.imagePath = this.leafletValue + "images/";
      this.canvasTarget.hidden = false;
      this.map = L.map(this.canvasTarget, { scrollWheelZoom: false });
      this.map.setView([this.centreValue.lat, this.centreValue.lng], 12);
      L.tileLayer(this.tileUrlValue, { attribution: this.attributionValue, maxZoom: 19 }).addTo(this.map);
      this.map.on("click", function (event) {
        this.moveTo(event.latlng.lat, event.latlng.lng, "The pin is where you clicked.");
      }.bind(this));
      this.pinFromBoxes();
    }

    // Where the latitude and longitude boxes say, if they say somewhere.
    pinFromBoxes() {
      var lat = number(this.latitude);
      var lng = number(this.longitude);
      if (!this.map || lat === null || lng === null) return;
      if (!this.pin) {
        this.pin = this.L.marker([lat, lng], {
          draggable: true,
          keyboard: false, // the boxes are the keyboard's way to move it
          title: "Where the venue is",
          alt: "Where the venue is"
        }).addTo(this.map);
        this.pin.on("dragend", function () {
          var point = this.pin.getLatLng();
          this.moveTo(point.lat, point.lng, "The pin is where you dragged it.");
        }.bind(this));
      } else {
        this.pin.setLatLng([lat, lng]);
      }
      this.map.setView([lat, lng], Math.max(this.map.getZoom(), PIN_ZOOM));
    }

    moveTo(lat, lng, message) {
      this.fromPostcode = false;
      this.latitude.value = lat.toFixed(PLACES);
      this.longitude.value = lng.toFixed(PLACES);
      this.pinFromBoxes();
      this.say(message + " Its latitude and longitude are filled in below.");
    }

    lookUp() {
      var typed = this.postcode.value.trim();
      if (!typed) return;
      var lookup = ++this.lookups;
      var address = this.lookupUrlValue + "?" + new URLSearchParams({ postcode: typed });
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (answer) {
          if (lookup !== this.lookups) return; // a newer postcode was typed meanwhile
          if (answer.latitude === null || answer.longitude === null) {
            // A pin from the last postcode would be in the wrong place; one the editor put is kept.
            if (this.fromPostcode) this.unpin();
            this.say("We could not find " + answer.postcode + " on the map. Check the postcode, or click the map where the venue is.");
            return;
          }
          this.fromPostcode = true;
          this.latitude.value = answer.latitude.toFixed(PLACES);
          this.longitude.value = answer.longitude.toFixed(PLACES);
          this.pinFromBoxes();
          this.say("The pin is at " + answer.postcode + ". Drag it or click the map if the entrance is somewhere else.");
        }.bind(this))
        .catch(function () {
          if (lookup !== this.lookups) return;
          this.say("We could not look up the postcode just now. It will be looked up again when you add the venue.");
        }.bind(this));
    }

    unpin() {
      this.latitude.value = "";
      this.longitude.value = "";
      if (this.pin) this.pin.remove();
      this.pin = null;
      this.fromPostcode = false;
    }

    say(message) {
      this.statusTarget.textContent = message;
    }
  }

  window.wagtail.app.register("venue-pin-map", VenuePinMap);
})();
