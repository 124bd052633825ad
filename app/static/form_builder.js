// The form builder works without script. With it, the preview follows every edit, and choosing a field's type or
// the step to preview checks the page at once, so the row shows the settings of its new type.
(function () {
  "use strict";
  var form = document.getElementById("builder"), frame = document.getElementById("preview");
  if (!form || !frame) { return; }
  var timer = null, asked = 0;

  function refresh() {
    var body = new FormData(form), mine = ++asked;
    body.set("do", "preview");
    fetch(form.dataset.preview, {method: "POST", body: body, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && mine === asked) { frame.srcdoc = html; } });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  function recheck() {
    var check = document.createElement("input");
    check.type = "hidden"; check.name = "do"; check.value = "check";
    form.appendChild(check);
    form.submit();
  }

  form.addEventListener("input", later);
  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-recheck")) { recheck(); } else { later(); }
  });
  // The step to preview sits beside the form (form="builder"), so its changes do not bubble through it.
  var chooser = document.getElementById("preview-step");
  if (chooser) { chooser.addEventListener("change", refresh); }
})();
