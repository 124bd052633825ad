/* Account pages: a new captcha image on 换一张 (a button, shown only with this file, which alone can refresh it);
   获取验证码 posts the phone and captcha without leaving the page; the registration form's note on other ID types.
   Without this file the pages still work: 获取验证码 is a submit button that posts the whole form to the send
   endpoint, and each page load shows a new image. */
(function () {
  "use strict";

  function refresh(img) {
    img.src = img.src.split("?")[0] + "?" + Date.now();
  }

  document.querySelectorAll("button.captcha-refresh").forEach(function (button) {
    var img = button.parentNode.querySelector("img.captcha");
    button.hidden = false;
    button.addEventListener("click", function () { refresh(img); });
  });

  function countdown(button, seconds) {
    var label = button.textContent, again = button.dataset.again;
    button.disabled = true;
    (function tick() {
      if (seconds <= 0) { button.disabled = false; button.textContent = label; return; }
      button.textContent = again.replace("{s}", seconds);
      seconds -= 1;
      setTimeout(tick, 1000);
    })();
  }

  /* The captcha answered for a send is used up: the form needs a new image and a new answer. */
  function newCaptcha(form) {
    form.querySelectorAll("img.captcha").forEach(refresh);
    if (form.elements.captcha) { form.elements.captcha.value = ""; }
  }

  document.querySelectorAll("button.sms-send").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var form = button.form, status = button.closest(".field").querySelector(".sms-status");
      var data = new FormData();
      ["csrf_token", "phone", "captcha"].forEach(function (name) {
        if (form.elements[name]) { data.append(name, form.elements[name].value); }
      });
      fetch(button.formAction, {method: "POST", body: data, credentials: "same-origin",
                                headers: {"Accept": "application/json"}})
        .then(function (response) {
          return response.status === 429 ? {sent: false, messages: [button.dataset.tooFast]} : response.json();
        })
        .then(function (answer) {
          status.textContent = answer.messages.join(" ");
          status.className = "sms-status " + (answer.sent ? "sent" : "refused");
          newCaptcha(form);
          if (answer.sent) { countdown(button, answer.wait); }
        })
        .catch(function () {
          status.textContent = button.dataset.failed;
          status.className = "sms-status refused";
        });
    });
  });

  var idType = document.getElementById("id_type"), otherIdType = document.getElementById("other-id-type");
  if (idType && otherIdType) {
    var show = function () { otherIdType.hidden = idType.value === "id_card"; };
    idType.addEventListener("change", show);
    show();
  }
})();
