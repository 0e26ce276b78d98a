// The dossier editor: growable lists of rows, and autosave of the draft.
// Everything works without this script (rows come one at a time, the button saves).
(function () {
  "use strict";
  var form = document.querySelector("form.dossier-editor");
  if (!form) return;

  // Rows: clone the formset's empty form, renumbering __prefix__, and bump TOTAL_FORMS.
  form.querySelectorAll("[data-rows]").forEach(function (box) {
    var prefix = box.dataset.rows;
    var total = box.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var max = box.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    var list = box.querySelector(".row-list");
    var template = box.querySelector("template");
    var add = box.querySelector(".add-row");
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) return;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = list.lastElementChild.querySelector("input, textarea, select");
      if (first) first.focus();
    });
    // Removing a row ticks its DELETE box and hides it; the server drops it on save.
    list.addEventListener("change", function (event) {
      if (event.target.name && /-DELETE$/.test(event.target.name)) {
        event.target.closest(".row").classList.toggle("deleted", event.target.checked);
      }
    });
  });

  var url = form.dataset.autosaveUrl;
  if (!url) return;
  var status = form.querySelector(".autosave-status");
  var errors = document.querySelector(".autosave-errors");
  var dirty = false;
  var saving = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  function showErrors(lines) {
    errors.replaceChildren();
    (lines || []).forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      errors.appendChild(item);
    });
  }

  function save() {
    if (!dirty || saving) return Promise.resolve();
    saving = true;
    dirty = false;
    return fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok || !answer.body.saved) throw new Error("refused");
        status.textContent = status.dataset.saved + " " + answer.body.saved_at;
        showErrors(answer.body.errors);
        var panel = document.getElementById("screening");
        if (panel) panel.outerHTML = answer.body.screening_html;
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
  form.dossierAutosave = save; // lets a test trigger a save without waiting
})();
