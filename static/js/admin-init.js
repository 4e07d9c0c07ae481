// Wagtail admin widgets without inline scripts (Content-Security-Policy: script-src 'self').
//
// Wagtail 8 starts its choosers, date pickers and inline panels with an inline <script> after each
// widget ("new ImageChooser(id, options)", "initDateChooser(id, config)", "new InlinePanel(...)").
// Gongzhi renders those as inert data instead (gongzhi/admin_scripts.py and the template overrides
// in site/templates/wagtailadmin/):
//
//   <script type="application/json" data-gongzhi-init="ImageChooser" data-gongzhi-new>[args]</script>
//
// and this file makes the same call from a static file: once the page is parsed (before
// DOMContentLoaded, as the inline scripts ran during parsing), and again for every such element
// inserted later (a form InlinePanel adds, a chooser modal). Only Wagtail's own initialisers may be
// called, with JSON arguments: nothing in the data can run code of its own.
(function () {
  "use strict";
  var CALLS = /^(init(Date|Time|DateTime)Chooser|create[A-Za-z]*Chooser)$/;
  var CONSTRUCTORS = /^([A-Z][A-Za-z]*Chooser|InlinePanel|MultipleChooserPanel)$/;
  var SELECTOR = "script[type='application/json'][data-gongzhi-init]";

  function run(element) {
    if (element.gongzhiStarted) return;
    element.gongzhiStarted = true;
    var name = element.getAttribute("data-gongzhi-init");
    var isNew = element.hasAttribute("data-gongzhi-new");
    if (!(isNew ? CONSTRUCTORS : CALLS).test(name) || typeof window[name] !== "function") {
      console.error("gongzhi admin-init: no initialiser " + name);
      return;
    }
    var args = JSON.parse(element.textContent);
    if (typeof args === "string") args = JSON.parse(args);
    if (isNew) {
      new (Function.prototype.bind.apply(window[name], [null].concat(args)))();
    } else {
      window[name].apply(window, args);
    }
  }

  function runWithin(root) {
    if (root.nodeType !== 1) return;
    if (root.matches(SELECTOR)) run(root);
    Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), run);
  }

  function start() {
    runWithin(document.documentElement);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, runWithin);
      });
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("readystatechange", function once() {
      document.removeEventListener("readystatechange", once);
      start();
    });
  } else {
    start();
  }
})();
