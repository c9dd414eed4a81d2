// The bulletin's print button. It starts hidden and is shown here, so a
// reader without JavaScript never sees a button that does nothing, and no
// inline handler is needed: the site works under a strict
// Content-Security-Policy (script-src 'self').
document.querySelectorAll(".print-action").forEach(function (action) {
  action.hidden = false;
  action.querySelector("button").addEventListener("click", function () {
    window.print();
  });
});
