// qrsign serve: a drop zone for each file input, forms that cannot be sent twice, a moving progress bar.
// The pages work without it: forms post, and a running job's page reloads itself.
"use strict";
(function () {
  function showChosen(zone, input) {
    var out = zone.querySelector("[data-chosen]");
    if (!out) return;
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    out.textContent = names.length ? names.length + ": " + names.slice(0, 5).join(", ") + (names.length > 5 ? ", …" : "") : "";
  }
  document.querySelectorAll("[data-drop]").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    input.addEventListener("change", function () { showChosen(zone, input); });
    ["dragenter", "dragover"].forEach(function (kind) {
      zone.addEventListener(kind, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (kind) {
      zone.addEventListener(kind, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      var files = e.dataTransfer.files;
      if (!input.multiple && files.length > 1) {
        var one = new DataTransfer(); one.items.add(files[0]); files = one.files;
      }
      input.files = files;
      showChosen(zone, input);
    });
  });
  // a double click sends a form once
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (form.dataset.sent) { e.preventDefault(); return; }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (b) {
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
  // progress of a running job, every half second; the page reloads when it ends
  var box = document.querySelector("[data-job]");
  if (box) {
    var bar = box.querySelector("progress"), text = box.querySelector("[data-progress-text]");
    var poll = function () {
      fetch("/job/" + box.dataset.job + "/progress", { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (j) {
          if (j.state !== "running") { window.location.reload(); return; }
          if (j.total) { bar.max = j.total; bar.value = j.done; text.textContent = j.done + " / " + j.total; }
          window.setTimeout(poll, 500);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    window.setTimeout(poll, 300);
  }
}());
