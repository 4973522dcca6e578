// Which highlights an annotated text shows, remembered across pages. Without this script
// the legend's links still work: they go to #hl-KIND, and CSS :target does the rest.
(function () {
  "use strict";
  var KEY = "tifa-highlights";
  var MODES = ["all", "concept", "person", "place", "organization", "none"];
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) || "all"; } catch (e) { return "all"; }
  }

  function apply(mode) {
    if (MODES.indexOf(mode) < 0) mode = "all";
    MODES.forEach(function (m) { root.classList.remove("tifa-hl-" + m); });
    if (mode !== "all") root.classList.add("tifa-hl-" + mode);
    document.querySelectorAll(".tifa-legend a[data-show]").forEach(function (a) {
      if (a.getAttribute("data-show") === mode) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
  }

  function choose(mode) {
    try { localStorage.setItem(KEY, mode); } catch (e) { /* private mode: this page only */ }
    apply(mode);
  }

  // A shared link to #hl-KIND is a choice too.
  var hash = location.hash.replace(/^#hl-/, "");
  if (location.hash.indexOf("#hl-") === 0 && MODES.indexOf(hash) >= 0) choose(hash);
  else apply(stored());

  document.addEventListener("DOMContentLoaded", function () { apply(stored()); });
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest(".tifa-legend a[data-show]");
    if (!a) return;
    event.preventDefault();
    choose(a.getAttribute("data-show"));
  });
})();
