// Tifa "Cite this page": today's date as the access date, one-click copy, and
// downloads made in the browser (no extra files, no third party). Without JavaScript
// the citations stay readable and selectable, dated with the page's version date.
(function () {
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function accessDates() {
    var now = new Date();
    var y = now.getFullYear(), m = now.getMonth() + 1, d = now.getDate();
    var shapes = {
      iso: y + "-" + pad(m) + "-" + pad(d),
      ris: y + "/" + pad(m) + "/" + pad(d) + "/",
      parts: "[" + y + ", " + m + ", " + d + "]"
    };
    document.querySelectorAll(".tifa-accessed").forEach(function (el) {
      var shape = shapes[el.getAttribute("data-format")];
      if (shape) el.textContent = shape;
    });
  }

  function textOf(id) {
    var el = document.getElementById(id);
    return el ? el.textContent : "";
  }

  function flash(button, message) {
    var before = button.textContent;
    button.textContent = message;
    setTimeout(function () { button.textContent = before; }, 1500);
  }

  function wire() {
    accessDates();
    document.querySelectorAll("button.tifa-copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = textOf(button.getAttribute("data-copy"));
        if (navigator.clipboard) {
          navigator.clipboard.writeText(text).then(function () { flash(button, "Copied"); },
                                                   function () { flash(button, "Select and copy"); });
        }
      });
    });
    document.querySelectorAll("button.tifa-download").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var blob = new Blob([textOf(button.getAttribute("data-copy"))], { type: button.getAttribute("data-mime") + ";charset=utf-8" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.getAttribute("data-filename");
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      });
    });
  }

  // Material loads pages without reloading when navigation.instant is on; this site
  // does not use it, so the page's own load is enough.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
