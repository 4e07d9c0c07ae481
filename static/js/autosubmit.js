// Progressive enhancement: a control marked data-autosubmit submits its form when it changes
// (e.g. the department filter of the demand workspace). Without JavaScript the form keeps its
// own submit button. Loaded from a file, never inline: the Content-Security-Policy forbids inline
// scripts and event handlers (onchange=...).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (!control || !control.matches || !control.matches("[data-autosubmit]") || !control.form) {
      return;
    }
    if (typeof control.form.requestSubmit === "function") {
      control.form.requestSubmit();
    } else {
      control.form.submit();
    }
  });
})();
