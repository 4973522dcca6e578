// A table wider than the screen scrolls sideways in its frame, and a keyboard user can
// scroll only a frame that takes focus (WCAG 2.1.1; axe's scrollable-region-focusable).
// So each frame that does overflow becomes a focusable region, named after its table's
// caption; a frame that fits stays out of the Tab order. Attributes only, no HTML.
(function () {
  "use strict";
  var FRAMES = ".md-typeset .tifa-table-wrap, .md-typeset .md-typeset__scrollwrap, .md-typeset .tifa-chart-wrap";

  function name(frame) {
    var caption = frame.querySelector("caption");
    return caption ? caption.textContent.trim() + " (scrolls sideways)" : "Table (scrolls sideways)";
  }

  function mark() {
    document.querySelectorAll(FRAMES).forEach(function (frame) {
      if (frame.hasAttribute("tabindex") && !frame.hasAttribute("data-tifa-scroll")) return;  // a concordance is one already
      var overflows = frame.scrollWidth > frame.clientWidth + 1 && getComputedStyle(frame).overflowX !== "visible";
      if (overflows) {
        frame.tabIndex = 0;
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", name(frame));
        frame.setAttribute("data-tifa-scroll", "");
      } else if (frame.hasAttribute("data-tifa-scroll")) {
        ["tabindex", "role", "aria-label", "data-tifa-scroll"].forEach(function (a) { frame.removeAttribute(a); });
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () { clearTimeout(pending); pending = setTimeout(mark, 200); });
  if (document.readyState === "complete") mark();
  else window.addEventListener("load", mark);
})();
