// The per-person parts of a page a shared cache kept (gongzhi/personal.py): asks /_me/ once, then
// fills the forms' empty CSRF fields ({% form_token %}) and, for a logged-in reader, the account area.
// A form sent before the answer arrives waits for it.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-me");
  if (!url) { return; }
  var answer = null;
  var waiting = [];

  function apply(data) {
    answer = data;
    document.querySelectorAll("input[data-csrf]").forEach(function (input) { input.value = data.csrf; });
    if (data.authenticated && data.account) {
      document.querySelectorAll("[data-me-account]").forEach(function (area) { area.outerHTML = data.account; });
    }
    waiting.splice(0).forEach(function (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (answer === null && form.querySelector && form.querySelector("input[data-csrf]")) {
      event.preventDefault();
      if (waiting.indexOf(form) < 0) { waiting.push(form); }
    }
  }, true);

  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data) { apply(data); } })
    .catch(function () { /* the forms then fail CSRF with Django's message: nothing better to do offline */ });
}());
