// Staff date and date-and-time fields: the browser's own picker follows the browser's language, so each
// <input type="datetime-local"> or <input type="date"> (forms, and search filters as they are added) becomes a text
// field picked with flatpickr in the page's language (data-locale on this script: "zh" or "default"), with the time
// in 24 hours. It sends "2027-03-01 08:30" or "2027-03-01", which the server reads as it reads the browser's own
// "2027-03-01T08:30"; without scripts the field stays the browser's own. A typed text the picker cannot read is left
// as typed (flatpickr would empty the field), so the server refuses it and says why.
(function () {
  "use strict";
  var locale = document.currentScript.getAttribute("data-locale");
  var FIELDS = 'input[type="datetime-local"], input[type="date"]';

  function pick(input) {
    var withTime = input.type === "datetime-local";
    // As the server sent it: the browser empties a value it cannot read (a refused one sent back).
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
      enableTime: withTime, time_24hr: true, dateFormat: withTime ? "Y-m-d H:i" : "Y-m-d", allowInput: true,
      disableMobile: true, minuteIncrement: 1, locale: locale, onChange: keepTyped, onClose: keepTyped
    });
    keepTyped(picker.selectedDates);
  }

  function pickWithin(root) {
    if (root.matches && root.matches(FIELDS)) {
      pick(root);
    } else if (root.querySelectorAll) {
      Array.prototype.forEach.call(root.querySelectorAll(FIELDS), pick);
    }
  }

  pickWithin(document);
  // FAB's search filters add their fields when the user adds a filter.
  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, pickWithin);
    });
  }).observe(document.body, {childList: true, subtree: true});
})();
