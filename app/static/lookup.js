// Search drop-downs fed as the user types (views/admin/lookup.py): each select.queue-lookup asks its data-source
// for the rows starting with what is typed; a filter already applied shows its row's name, and a form's field the
// rows it holds (its options, from the server). A multiple select keeps adding what is picked. What the drop-down
// says while it looks comes from the page, in its language.
(function ($) {
  "use strict";
  var params = new URLSearchParams(window.location.search);

  function init(select) {
    var $select = $(select);
    if ($select.data("select2") || !$select.attr("name")) { return; }
    var source = $select.data("source");
    var chosen = select.options.length ? null : params.get($select.attr("name"));
    $select.select2({
      theme: "bootstrap", allowClear: true, placeholder: "", minimumInputLength: 0, width: "100%",
      closeOnSelect: !select.multiple,
      language: {searching: function () { return $select.data("searching"); },
                 noResults: function () { return $select.data("no-results"); },
                 errorLoading: function () { return $select.data("error"); }},
      ajax: {url: source, delay: 250, dataType: "json",
             data: function (p) { return {q: p.term || ""}; },
             processResults: function (data) { return {results: data.results}; }}
    });
    if (chosen) {
      $.getJSON(source, {id: chosen}, function (data) {
        (data.results || []).forEach(function (row) {
          $select.append(new Option(row.text, row.id, true, true)).trigger("change");
        });
      });
    }
  }

  function initAll() { $("select.queue-lookup").each(function () { init(this); }); }
  $(function () {
    initAll();
    // FAB's filter menu adds a filter's field when the user picks it.
    new MutationObserver(initAll).observe(document.body, {childList: true, subtree: true});
  });
})(jQuery);
