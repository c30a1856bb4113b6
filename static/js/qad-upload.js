// Evidence uploads with a progress bar. Without JavaScript the form posts
// normally; with it, the same form posts by XHR so upload progress shows.
(function () {
  "use strict";
  function enhance(form) {
    var bar = form.querySelector(".qad-upload-progress");
    var error = form.querySelector(".qad-upload-error");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
        }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = {}; }
        if (xhr.status < 400 && body.redirect) {
          window.location.assign(body.redirect);
          return;
        }
        bar.hidden = true;
        button.disabled = false;
        error.textContent = body.error || "The upload failed. Please try again.";
      });
      xhr.addEventListener("error", function () {
        bar.hidden = true;
        button.disabled = false;
        error.textContent = "The upload was interrupted. Please try again.";
      });
      error.textContent = "";
      bar.value = 0;
      bar.hidden = false;
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-upload]").forEach(enhance);
})();
