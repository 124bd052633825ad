// Staff pages: Flask-AppBuilder's script alerts "No row selected" in English when a bulk action is chosen with no
// row ticked; the page's own alert dialog carries that message in the page's language. Deferred, so it runs after
// FAB's scripts have defined ab_alert.
(function () {
  "use strict";
  var dialog = document.getElementById("modal-alert");
  var show = window.ab_alert;
  if (!dialog || typeof show !== "function") {
    return;
  }
  window.ab_alert = function (text) {
    show(text === "No row selected" ? dialog.getAttribute("data-no-row") : text);
  };
})();
