// Says each regular time back in words as the editor types it: "Every Tuesday, 2pm to 3:30pm".
// The same rules as directory/entry.py read the times; the server reads them again when saving and
// says them back once more, so this is only a help while typing. Rows added later are covered too,
// because the listener is on the document.
(function () {
  "use strict";

  var WORD_TIMES = { noon: [12, 0], midday: [12, 0], "12noon": [12, 0], midnight: [0, 0] };
  var NIGHT_ENDS = 6;

  function parseTime(text) {
    var squashed = text.trim().toLowerCase().replace(/\s+/g, "").replace(/([ap])\.?m\.?$/, "$1m");
    if (WORD_TIMES[squashed]) return { hour: WORD_TIMES[squashed][0], minute: WORD_TIMES[squashed][1] };
    var match = squashed.match(/^(\d{1,2})(?:[:.](\d{2}))?(am|pm)?$/) || squashed.match(/^(\d{2})(\d{2})$/);
    if (!match) return null;
    var hour = parseInt(match[1], 10);
    var minute = match[2] ? parseInt(match[2], 10) : 0;
    var half = match[3];
    if (minute > 59) return null;
    if (half) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (half === "pm" ? 12 : 0);
    } else if (hour > 23 || (!match[2] && hour >= 1 && hour <= 12)) {
      return null; // "2" on its own could be 2am or 2pm: the server asks.
    }
    return { hour: hour, minute: minute };
  }

  function formatTime(time) {
    if (time.hour === 0 && time.minute === 0) return "midnight";
    if (time.hour === 12 && time.minute === 0) return "12 noon";
    var hour = time.hour % 12 || 12;
    var suffix = time.hour < 12 ? "am" : "pm";
    var words = time.minute ? hour + ":" + String(time.minute).padStart(2, "0") + suffix : hour + suffix;
    return time.hour < NIGHT_ENDS ? words + " (in the middle of the night)" : words;
  }

  function selectedText(select) {
    if (!select || select.selectedIndex < 0 || !select.value) return "";
    return select.options[select.selectedIndex].text;
  }

  function describeDay(day, repeat) {
    if (repeat === "weekly") return "Every " + day;
    if (repeat === "fortnightly") return "Every other " + day;
    var ordinal = { monthly_1: "First", monthly_2: "Second", monthly_3: "Third", monthly_4: "Fourth", monthly_last: "Last" };
    return ordinal[repeat] ? ordinal[repeat] + " " + day + " of the month" : "";
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  function readBack(target) {
    var row = target.closest("[data-inline-panel-child]");
    var output = row && row.querySelector("[data-read-back]");
    if (!output) return;
    var day = selectedText(field(row, "day"));
    var repeat = field(row, "repeat");
    var opens = field(row, "opens_at");
    var closes = field(row, "closes_at");
    if (!day || !repeat || !opens || !closes || !opens.value.trim() || !closes.value.trim()) return;
    var start = parseTime(opens.value);
    var end = parseTime(closes.value);
    if (!start || !end) {
      output.textContent = "We cannot read " + (start ? "the finishing" : "the starting") +
        " time yet. Type it like 2pm, 2:30pm or 14:00.";
      return;
    }
    var words = describeDay(day, repeat.value) + ", " + formatTime(start) + " to " + formatTime(end);
    output.textContent = "We will show this as: ";
    var strong = document.createElement("strong");
    strong.textContent = words;
    output.appendChild(strong);
  }

  function onChange(event) {
    var name = event.target.name || "";
    if (/-(day|repeat|opens_at|closes_at)$/.test(name)) readBack(event.target);
  }

  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
})();
