// The bulletin's print button and print date. The button starts hidden and
// is shown here, so a reader without JavaScript never sees a button that
// does nothing, and no inline handler is needed: the site works under a
// strict Content-Security-Policy (script-src 'self').
(function () {
  // The day of printing, written when the page is printed (and shown
  // before), so the built page is the same on every build.
  function stampDate() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var text = pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear();
    document.querySelectorAll(".print-date").forEach(function (el) {
      el.querySelector(".print-date-value").textContent = text;
      el.hidden = false;
    });
  }
  stampDate();
  window.addEventListener("beforeprint", stampDate);

  // A unit's part of a long month is cut into pages; "print all" fetches
  // the other pages and prints the unit's honorees as one document.
  function gatherAndPrint(action, button) {
    var urls = action.getAttribute("data-pages").split(" ");
    var here = document.querySelector(".bulletin-unit");
    button.disabled = true;
    Promise.all(urls.map(function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.text();
      });
    })).then(function (pages) {
      var stories = [];
      pages.forEach(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        doc.querySelectorAll(".bulletin-unit .bulletin-story").forEach(function (s) {
          stories.push(document.importNode(s, true));
        });
      });
      here.querySelectorAll(".bulletin-story").forEach(function (s) { s.remove(); });
      stories.forEach(function (s) { here.appendChild(s); });
      document.querySelectorAll(".pager, .bulletin-part").forEach(function (el) { el.hidden = true; });
      action.hidden = true;
      window.print();
    }).catch(function () {
      // Offline or moved: print this page as it is.
      button.disabled = false;
      window.print();
    });
  }

  document.querySelectorAll(".print-action").forEach(function (action) {
    action.hidden = false;
    var button = action.querySelector("button");
    button.addEventListener("click", function () {
      if (action.hasAttribute("data-pages")) {
        gatherAndPrint(action, button);
      } else {
        window.print();
      }
    });
  });
})();
