// Sorting a concordance (tifa/kwic.py) by date, by the word left of the keyword or by the
// word right of it, as in AntConc. Without this script the table is in date order,
// grouped by text. The script only moves the table's own rows, makes buttons of the
// column headings and sets a clipped cell's title; it writes no HTML, and reads the
// contexts as text.
(function () {
  "use strict";
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

  function clean(text) {
    return text.replace(/[^\p{L}\p{N}\s]/gu, " ").replace(/\s+/g, " ").trim();
  }

  // The words nearest the keyword first: the left context read backwards (word by word,
  // or character by character in Chinese, which has no spaces), the right one forwards.
  function key(row, side) {
    var cell = row.querySelector(side === "left" ? "td.tifa-left" : "td.tifa-right");
    var text = clean(cell ? cell.textContent : "");
    if (side === "right") return text;
    if (CJK.test(text)) return Array.from(text.replace(/\s/g, "")).reverse().join("");
    return text.split(" ").reverse().join(" ");
  }

  function setUp(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[id]"));
    var home = rows.map(function (row) { return row.parentNode; });
    var heads = table.querySelectorAll("thead th[data-sort]");
    var flat = null;

    function sort(by) {
      heads.forEach(function (th) {
        if (th.getAttribute("data-sort") === by) th.setAttribute("aria-sort", "ascending");
        else th.removeAttribute("aria-sort");
      });
      if (by === "date") {  // back to the built order, each row in its text's group
        rows.forEach(function (row, i) { home[i].appendChild(row); });
        if (flat) { flat.remove(); flat = null; }
        table.classList.remove("tifa-kwic-flat");
        return;
      }
      var keyed = rows.map(function (row, i) { return { row: row, key: key(row, by), i: i }; });
      keyed.sort(function (a, b) { return collator.compare(a.key, b.key) || a.i - b.i; });
      if (!flat) { flat = document.createElement("tbody"); table.appendChild(flat); }
      keyed.forEach(function (x) { flat.appendChild(x.row); });
      table.classList.add("tifa-kwic-flat");
    }

    heads.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var hint = document.createElement("span");
      hint.className = "tifa-sr";
      hint.textContent = ", sort";
      button.appendChild(hint);
      button.addEventListener("click", function () { sort(th.getAttribute("data-sort")); });
      th.appendChild(button);
    });
    sort("date");
    // A context clipped to one line shows whole in a tooltip (and on focus, by CSS).
    table.addEventListener("mouseover", function (event) {
      var cell = event.target.closest && event.target.closest("td.tifa-left, td.tifa-kw, td.tifa-right");
      if (cell && !cell.title && cell.scrollWidth > cell.clientWidth) cell.title = cell.textContent.trim();
    });
  }

  function start() {
    document.querySelectorAll("table.tifa-kwic").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
