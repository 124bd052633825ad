// Candidate pages work without script; with it, these small conveniences are wired by data attributes,
// so no page carries inline script (the Content-Security-Policy allows none).
(function () {
  "use strict";

  // <select data-autosubmit>: choosing submits its form; data-clears names a field emptied first, and
  // data-submitter the id of the button it submits with (as if that button were pressed).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      var cleared = select.dataset.clears && select.form.elements[select.dataset.clears];
      var submitter = select.dataset.submitter && document.getElementById(select.dataset.submitter);
      if (cleared) { cleared.value = ""; }
      if (submitter) { select.form.requestSubmit(submitter); } else { select.form.submit(); }
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

  // [data-shown-if]: the field shows only while the sibling input so named holds one of data-shown-values
  // (e.g. the mailing address once 邮寄 is chosen); without script every field is shown and a hidden one is ignored.
  document.querySelectorAll("[data-shown-if]").forEach(function (input) {
    var control = input.form && input.form.elements[input.dataset.shownIf];
    if (!control) { return; }  // the condition is on another step: the server showed the field because it holds
    var values = JSON.parse(input.dataset.shownValues).map(String), field = input.closest(".field");
    var each = control.tagName ? [control] : Array.prototype.slice.call(control);
    function chosen() {  // a select's value; the ticked ones of checkboxes or radios ("true" for a lone checkbox)
      return each.filter(function (one) { return (one.type !== "checkbox" && one.type !== "radio") || one.checked; })
        .map(function (one) { return one.type === "checkbox" && each.length === 1 ? "true" : one.value; });
    }
    function refresh() {
      field.hidden = !chosen().some(function (value) { return values.indexOf(value) >= 0; });
    }
    each.forEach(function (one) { one.addEventListener("change", refresh); });
    refresh();
  });

  // A table wider than the phone scrolls sideways in its box: the box takes the keyboard focus while it scrolls, so
  // the arrow keys reach what is out of sight (and no box that does not scroll is a stop for the Tab key).
  function scrollable() {
    document.querySelectorAll(".table-wrap, .audit-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) { box.tabIndex = 0; } else { box.removeAttribute("tabindex"); }
    });
  }
  window.addEventListener("resize", scrollable);
  scrollable();

  // Repeatable groups: show the next blank slot on 新增; without script every slot is shown (base.html).
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
