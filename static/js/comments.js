// Progressive enhancement: "Reply" moves the comment form under the comment instead of opening a page.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) { return; }
  var home = form.parentNode, anchor = form.nextSibling;
  var parentField = form.querySelector("input[name=parent]");
  var cancel = form.querySelector(".comment-form__cancel");
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-reply-to]");
    if (!link || !parentField) { return; }
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
    comment.after(form);
    parentField.value = link.getAttribute("data-reply-to");
    if (cancel) { cancel.hidden = false; }
    form.querySelector("textarea").focus();
  });
  if (cancel) {
    cancel.addEventListener("click", function () {
      home.insertBefore(form, anchor);
      parentField.value = "";
      cancel.hidden = true;
    });
  }
})();
