// The header's menu button on phones: shows and hides the navigation and the tools (search,
// language, account). Without JavaScript the button stays hidden and everything is shown.
(function () {
  "use strict";
  function init() {
    var button = document.querySelector(".menu-button");
    if (!button) { return; }
    var header = button.closest(".site-header");
    header.classList.add("site-header--collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("site-header--open", open);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
