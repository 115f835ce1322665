// cpopath progressive enhancement. Every page works without this script;
// with it, assessment answers save as soon as they are chosen, without a
// page load, and the progress bar follows.
(function () {
  "use strict";

  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var token = form.getAttribute("data-csrf");
    var bar = document.querySelector("[data-progress]");
    var label = document.querySelector("[data-progress-label]");
    form.addEventListener("change", function (ev) {
      var input = ev.target;
      if (!input || input.type !== "radio") return;
      var body = new URLSearchParams();
      body.set("item", input.name);
      body.set("value", input.value);
      fetch(url, {
        method: "POST",
        headers: { "X-CSRF-Token": token, "X-Requested-With": "fetch", "Content-Type": "application/x-www-form-urlencoded" },
        body: body.toString(),
        credentials: "same-origin"
      }).then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.json();
      }).then(function (data) {
        if (bar) { bar.max = data.total; bar.value = data.answered; }
        if (label) label.textContent = data.label;
        var fs = input.closest("fieldset");
        if (fs) {
          fs.classList.remove("missing");
          var err = fs.querySelector(".field-error");
          if (err) err.remove();
        }
      }).catch(function () {
        // The answer is still in the form; it is saved when the page is
        // submitted, so a failed background save loses nothing.
      });
    });
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (ev) {
        if (!window.confirm(f.getAttribute("data-confirm"))) ev.preventDefault();
      });
    });
  }

  // A copy button beside a read-only field (an invitation link). Without
  // script the button stays hidden and the field can be selected by hand.
  function copyButtons() {
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      var field = document.getElementById(b.getAttribute("data-copy"));
      var status = document.querySelector("[data-copy-status]");
      if (!field) return;
      b.hidden = false;
      b.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = b.getAttribute("data-copied"); };
        field.select();
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            if (document.execCommand("copy")) done();
          });
        } else if (document.execCommand("copy")) {
          done();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    confirmations();
    copyButtons();
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "FIELDSET") {
      var first = target.querySelector("input");
      if (first) first.focus();
    }
  });
})();
