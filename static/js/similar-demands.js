/* Similar public demands while a resident types a demand title (demands app, engagement/demands/views/similar.py).
 *
 * Markup (the demand form):
 *   <input id="id_title" name="title" data-similar-demands="/search/similar-demands/"
 *          data-similar-target="similar-demands" aria-describedby="similar-demands">
 *   <div id="similar-demands" class="similar-demands" aria-live="polite" hidden
 *        data-heading="Similar public demands — maybe yours is already there:"></div>
 *   <script src="/static/js/similar-demands.js" defer></script>
 * Without JavaScript nothing changes: the form submits as usual.
 */
(function () {
  "use strict";
  var DELAY = 350;

  function render(box, items) {
    while (box.firstChild) box.removeChild(box.firstChild);
    if (!items.length) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.textContent = box.getAttribute("data-heading") || "Similar public demands:";
    box.appendChild(heading);
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      a.target = "_blank";
      a.rel = "noopener";
      li.appendChild(a);
      li.appendChild(document.createTextNode(" · " + item.tracking_number + " · " + item.status));
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function wire(input) {
    var url = input.getAttribute("data-similar-demands");
    var box = document.getElementById(input.getAttribute("data-similar-target") || "similar-demands");
    if (!url || !box || !window.fetch) return;
    var timer = null, last = "", controller = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var title = input.value.trim();
        if (title === last) return;
        last = title;
        if (title.length < 2) { render(box, []); return; }
        if (controller && controller.abort) controller.abort();
        controller = window.AbortController ? new AbortController() : null;
        fetch(url + "?title=" + encodeURIComponent(title), {
          headers: { "Accept": "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined
        })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (items) { if (input.value.trim() === title) render(box, items); })
          .catch(function () { /* offline or aborted: keep the form usable */ });
      }, DELAY);
    });
  }

  document.querySelectorAll("[data-similar-demands]").forEach(wire);
})();
