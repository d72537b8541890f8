/* Unsaved-change guard for entry forms (form[data-unsaved-guard]): once something is typed
   and not saved, leaving the page asks first, and a separate submit form (form[data-unsaved-check],
   e.g. 上报) is stopped with the form's message until the changes are saved. Submitting the
   guarded form itself (保存, 保存并上报) is never stopped. */
(function () {
  "use strict";
  var guarded = document.querySelectorAll("form[data-unsaved-guard]");
  if (!guarded.length) return;
  var dirty = false;
  var leaving = false;
  var message = guarded[0].getAttribute("data-unsaved-message") || "";
  function mark() { dirty = true; document.body.setAttribute("data-unsaved", "1"); }
  guarded.forEach(function (form) {
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { leaving = true; });
  });
  document.querySelectorAll("form[data-unsaved-check]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (dirty && !leaving) {
        event.preventDefault();
        var box = form.querySelector("[data-unsaved-alert]");
        if (!box) {
          box = document.createElement("div");
          box.className = "alert alert-warning py-2 mb-2";
          box.setAttribute("data-unsaved-alert", "");
          box.setAttribute("data-testid", "unsaved-alert");
          form.insertBefore(box, form.firstChild);
        }
        box.textContent = message;
      }
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = message;
      return message;
    }
  });
})();
