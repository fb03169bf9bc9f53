// Light touches only; every page works without JavaScript.
// Hovering or focusing a link to an article outlines every other link to that article on the page.
(function () {
  "use strict";
  function mark(id, on) {
    document.querySelectorAll("[data-article]").forEach(function (el) {
      if (el.getAttribute("data-article") === id) { el.classList.toggle("hl", on); }
    });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var el = e.target.closest && e.target.closest("[data-article]");
      if (el) { mark(el.getAttribute("data-article"), true); }
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var el = e.target.closest && e.target.closest("[data-article]");
      if (el) { mark(el.getAttribute("data-article"), false); }
    });
  });
  // Opened at a span (#focus): move keyboard focus there too.
  var focus = document.getElementById("focus");
  if (focus && location.hash === "#focus") { focus.focus({ preventScroll: false }); }
})();
