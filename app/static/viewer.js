// The review page's image viewer: a picture opened from the page (a link marked data-viewer) shows in a layer over it,
// where the reviewer zooms (buttons, the wheel, + and -), rotates (buttons, r and l), drags it about, and closes it
// (the button, Esc). Rotation and zoom only change how it is drawn: the stored file is never touched. Without
// scripts the link opens the file itself.
(function () {
  "use strict";
  var layer = document.getElementById("viewer");
  if (!layer) {
    return;
  }
  var picture = layer.querySelector("img");
  var caption = layer.querySelector("[data-viewer-name]");
  var scaleShown = layer.querySelector("[data-viewer-scale]");
  var view = {scale: 1, turn: 0, x: 0, y: 0};
  var opener = null;

  function draw() {
    picture.style.transform = "translate(" + view.x + "px," + view.y + "px) rotate(" + view.turn + "deg) scale(" +
      view.scale + ")";
    scaleShown.textContent = Math.round(view.scale * 100) + "%";
    layer.setAttribute("data-turn", String(((view.turn % 360) + 360) % 360));
  }

  function reset() {
    view = {scale: 1, turn: 0, x: 0, y: 0};
    draw();
  }

  function zoom(factor) {
    view.scale = Math.min(8, Math.max(0.2, view.scale * factor));
    draw();
  }

  var actions = {
    "zoom-in": function () { zoom(1.25); },
    "zoom-out": function () { zoom(0.8); },
    "rotate-left": function () { view.turn -= 90; draw(); },
    "rotate-right": function () { view.turn += 90; draw(); },
    "reset": reset,
    "close": close
  };

  function open(link) {
    opener = link;
    picture.src = link.getAttribute("href");
    picture.alt = link.getAttribute("data-name") || "";
    caption.textContent = link.getAttribute("data-name") || "";
    reset();
    layer.hidden = false;
    document.body.style.overflow = "hidden";
    layer.querySelector("[data-viewer-action=close]").focus();
  }

  function close() {
    layer.hidden = true;
    document.body.style.overflow = "";
    picture.removeAttribute("src");
    if (opener) {
      opener.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-viewer]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      open(link);
    }
  });
  layer.addEventListener("click", function (event) {
    var button = event.target.closest("[data-viewer-action]");
    if (button) {
      actions[button.getAttribute("data-viewer-action")]();
    } else if (event.target === layer || event.target.hasAttribute("data-viewer-stage")) {
      close();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (layer.hidden) {
      return;
    }
    var keys = {"Escape": "close", "+": "zoom-in", "=": "zoom-in", "-": "zoom-out", "r": "rotate-right",
                "l": "rotate-left", "0": "reset"};
    if (keys[event.key]) {
      event.preventDefault();
      actions[keys[event.key]]();
    }
  });
  layer.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.1 : 1 / 1.1);
  }, {passive: false});

  var drag = null;
  picture.addEventListener("pointerdown", function (event) {
    drag = {x: event.clientX - view.x, y: event.clientY - view.y};
    picture.setPointerCapture(event.pointerId);
    event.preventDefault();
  });
  picture.addEventListener("pointermove", function (event) {
    if (drag) {
      view.x = event.clientX - drag.x;
      view.y = event.clientY - drag.y;
      draw();
    }
  });
  picture.addEventListener("pointerup", function () { drag = null; });
  picture.addEventListener("pointercancel", function () { drag = null; });
})();
