// The reviewer's scoring form: autosave of the draft to the server, so that nothing typed is
// lost when the browser is closed. Without this script the "Save draft" button still saves.
(function () {
  "use strict";
  var form = document.querySelector("form.review-form");
  if (!form || !form.dataset.autosaveUrl) return;
  var url = form.dataset.autosaveUrl;
  var status = form.querySelector(".autosave-status");
  var dirty = false;
  var saving = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  function save() {
    if (!dirty || saving) return Promise.resolve();
    saving = true;
    dirty = false;
    var body = new FormData(form);
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      keepalive: true, // lets the save finish when the page is being closed
    })
      .then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (!result.ok || !result.answer.saved) throw new Error("refused");
        status.textContent = status.dataset.saved + " " + result.answer.saved_at;
      })
      .catch(function () {
        dirty = true;
        status.textContent = status.dataset.failed;
      })
      .finally(function () { saving = false; });
  }

  window.setInterval(save, 15000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save();
  });
  window.addEventListener("pagehide", save);
  form.reviewAutosave = save; // lets a test trigger a save without waiting
})();
