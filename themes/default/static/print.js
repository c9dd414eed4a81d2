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

  // A long month is cut into pages; a unit's own button prints that unit
  // alone, first fetching its honorees from the other pages it is on.
  function printUnit(section) {
    document.body.classList.add("print-one");
    section.classList.add("print-this");
    window.print();
  }
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("print-one");
    document.querySelectorAll(".print-this").forEach(function (s) { s.classList.remove("print-this"); });
  });

  function gatherAndPrint(section, action, button) {
    var unit = section.getAttribute("data-unit");
    var urls = action.getAttribute("data-pages").split(" ");
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
        doc.querySelectorAll(".bulletin-unit").forEach(function (s) {
          if (s.getAttribute("data-unit") !== unit) { return; }
          s.querySelectorAll(".bulletin-story").forEach(function (story) {
            stories.push(document.importNode(story, true));
          });
        });
      });
      section.querySelectorAll(".bulletin-story").forEach(function (s) { s.remove(); });
      stories.forEach(function (s) { section.appendChild(s); });
      action.removeAttribute("data-pages");
      button.disabled = false;
      printUnit(section);
    }).catch(function () {
      // Offline or moved: print what this page has of the unit.
      button.disabled = false;
      printUnit(section);
    });
  }

  document.querySelectorAll(".print-action").forEach(function (action) {
    action.hidden = false;
    var button = action.querySelector("button");
    var section = action.closest(".bulletin-unit");
    button.addEventListener("click", function () {
      if (!section) {
        window.print();
      } else if (action.hasAttribute("data-pages")) {
        gatherAndPrint(section, action, button);
      } else {
        printUnit(section);
      }
    });
  });
})();
