// Staff date-and-time fields: the browser's own picker follows the browser's language, so each
// <input type="datetime-local"> becomes a text field picked with flatpickr in the page's language (data-locale on this
// script: "zh" or "default"), with the time in 24 hours. It sends "2027-03-01 08:30", which the server reads as it reads
// the browser's own "2027-03-01T08:30"; without scripts the field stays the browser's own. A typed text the picker
// cannot read is left as typed (flatpickr would empty the field), so the server refuses it and says why.
(function () {
  "use strict";
  var locale = document.currentScript.getAttribute("data-locale");
  Array.prototype.forEach.call(document.querySelectorAll('input[type="datetime-local"]'), function (input) {
    // As the server sent it: the browser empties a datetime-local value it cannot read (a refused one sent back).
    var typed = (input.getAttribute("value") || "").replace("T", " ");
    function keepTyped(chosen) {
      if (!chosen.length && typed.trim()) {
        input.value = typed;
      }
    }
    input.type = "text";
    input.value = typed;
    input.addEventListener("input", function () {
      typed = input.value;
    });
    var picker = flatpickr(input, {
      enableTime: true, time_24hr: true, dateFormat: "Y-m-d H:i", allowInput: true, disableMobile: true,
      minuteIncrement: 1, locale: locale, onChange: keepTyped, onClose: keepTyped
    });
    keepTyped(picker.selectedDates);
  });
})();
