// Background jobs' progress bars (admin/_job_progress.html) follow their jobs without reloading the page: while any
// shown job is unfinished, the page asks the progress endpoint (the script tag's data-url) once a second.
// With data-reload-when-finished (a job's own page), the page reloads once its job finishes, to show the result.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script.dataset.url;
  var reload = script.hasAttribute("data-reload-when-finished");
  var FINISHED = ["done", "failed"];

  function unfinished() {
    return Array.prototype.filter.call(document.querySelectorAll(".job-progress[data-job]"), function (box) {
      return FINISHED.indexOf(box.dataset.state) < 0;
    });
  }

  function show(box, job) {
    var bar = box.querySelector(".progress-bar");
    bar.style.width = job.percent + "%";
    bar.textContent = job.percent + "%";
    bar.setAttribute("aria-valuenow", job.percent);
    bar.classList.toggle("progress-bar-success", job.state === "done");
    bar.classList.toggle("progress-bar-danger", job.state === "failed");
    box.querySelector(".job-state").textContent = job.state_label;
    var count = box.querySelector(".job-count");
    if (job.total && !count) {
      box.querySelector(".job-state").insertAdjacentHTML("afterend", ' · <span class="job-count"></span>');
      count = box.querySelector(".job-count");
    }
    if (count) { count.textContent = job.done + "/" + job.total; }
    var outcome = box.querySelector(".job-outcome");
    outcome.textContent = job.outcome;
    outcome.classList.toggle("text-danger", job.state === "failed");
    box.dataset.state = job.state;
  }

  function poll() {
    var boxes = unfinished();
    if (!boxes.length) { return; }
    var query = boxes.map(function (box) { return "id=" + encodeURIComponent(box.dataset.job); }).join("&");
    fetch(url + "?" + query, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        var finished = false;
        answer.jobs.forEach(function (job) {
          var box = document.querySelector('.job-progress[data-job="' + job.id + '"]');
          if (box) { show(box, job); finished = finished || job.finished; }
        });
        if (reload && finished) { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      }, function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
}());
