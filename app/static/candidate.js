// Candidate pages work without script; with it, these small conveniences are wired by data attributes,
// so no page carries inline script (the Content-Security-Policy allows none).
(function () {
  "use strict";

  // <select data-autosubmit>: choosing submits its form; data-clears names a field emptied first.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var cleared = select.dataset.clears && select.form.elements[select.dataset.clears];
      if (cleared) { cleared.value = ""; }
      select.form.submit();
    });
  });

  // <form data-confirm="...">: asks before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });

  // <button data-print>: prints the page.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Repeatable groups: show the next blank slot on 新增; without script every slot is shown.
  document.querySelectorAll("fieldset.slots").forEach(function (group) {
    var button = group.querySelector(".add-slot");
    if (!button) { return; }
    function refresh() { button.hidden = !group.querySelector(".slot.blank"); }
    button.addEventListener("click", function () {
      var next = group.querySelector(".slot.blank");
      if (next) { next.classList.remove("blank"); }
      refresh();
    });
    refresh();
  });
}());
