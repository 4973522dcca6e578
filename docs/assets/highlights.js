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
  // On a touch screen there is no hover: the first tap on a highlight opens its note in
  // place (class tifa-open), a second tap on it follows the link to its concept or entity.
  var touched = false;
  document.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; }, true);
  document.addEventListener("click", function (event) {
    var ann = event.target.closest && event.target.closest("a.tifa-ann[data-tip], a.tifa-outer-link[data-tip]");
    if (!ann || !touched) return;
    if (ann.classList.contains("tifa-open")) return;  // the second tap: follow the link
    event.preventDefault();
    document.querySelectorAll(".tifa-open").forEach(function (el) { el.classList.remove("tifa-open"); });
    ann.classList.add("tifa-open");
  });
  document.addEventListener("click", function (event) {
    if (!touched || !event.target.closest || event.target.closest(".tifa-open")) return;
    document.querySelectorAll(".tifa-open").forEach(function (el) { el.classList.remove("tifa-open"); });
  }, true);
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest(".tifa-legend a[data-show]");
    if (!a) return;
    event.preventDefault();
    choose(a.getAttribute("data-show"));
  });
})();
