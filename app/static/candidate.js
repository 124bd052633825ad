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

  // [data-shown-if]: a field (or group) shows only while the input so named holds one of data-shown-values (e.g. the
  // mailing address once 邮寄 is chosen). A hidden one's inputs are disabled, so the browser neither checks nor
  // sends them, and a field shown by a hidden one's answer hides too; every form re-reads its conditions on each
  // change and when the browser brings the page back with the answers it kept. Without script every field is
  // shown and the server ignores a hidden one.
  var CONTROLS = "input, select, textarea";
  var conditional = Array.prototype.slice.call(document.querySelectorAll("[data-shown-if]")).map(function (element) {
    var form = element.closest("form"), wrapper = element.tagName === "FIELDSET" ? element : element.closest(".field");
    var control = form && form.elements[element.dataset.shownIf];
    if (!control || !wrapper) { return null; }  // on another step: the server showed the field because it holds
    return {form: form, wrapper: wrapper, values: JSON.parse(element.dataset.shownValues).map(String),
            each: control.tagName ? [control] : Array.prototype.slice.call(control)};
  }).filter(Boolean);

  function chosen(each) {  // a select's value; the ticked checkboxes or radios ("true" for a ticked yes/no box)
    return each.filter(function (one) {
      return !one.disabled && ((one.type !== "checkbox" && one.type !== "radio") || one.checked);
    }).map(function (one) { return one.type === "checkbox" && one.value === "y" ? "true" : one.value; });
  }

  function refresh() {
    var changed = true;
    while (changed) {  // until a field hidden now hides no other
      changed = false;
      conditional.forEach(function (entry) {
        var hide = !chosen(entry.each).some(function (value) { return entry.values.indexOf(value) >= 0; });
        changed = changed || entry.wrapper.hidden !== hide;
        entry.wrapper.hidden = hide;
        // In document order: a group shown again enables its fields, then those hidden within it are disabled again.
        Array.prototype.forEach.call(entry.wrapper.querySelectorAll(CONTROLS), function (one) { one.disabled = hide; });
      });
    }
  }

  conditional.map(function (entry) { return entry.form; }).filter(function (form, i, all) {
    return all.indexOf(form) === i;
  }).forEach(function (form) { form.addEventListener("change", refresh); });
  window.addEventListener("pageshow", refresh);
  refresh();

  // A table wider than the phone scrolls sideways in its box, as does a typed value wider than its fact (an order
  // number): the box takes the keyboard focus while it scrolls, so the arrow keys reach what is out of sight (and no
  // box that does not scroll is a stop for the Tab key).
  function scrollable() {
    document.querySelectorAll(".table-wrap, .audit-wrap, dd.mono").forEach(function (box) {
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
