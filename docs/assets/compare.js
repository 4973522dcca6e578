// The compare page's "any two texts": reads compare/texts.json and lists which annotated
// formulations are new, kept or dropped between the two chosen texts. Everything is
// written with textContent: titles and quotes come from contributors' files.
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("div.tifa-compare-form");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    var out = document.querySelector(".tifa-compare-result");
    var source = new URL(form.dataset.source, location.href);
    fetch(source).then(function (r) { return r.json(); }).then(function (data) {
      var byId = {};
      data.texts.forEach(function (t) { byId[t.id] = t; });
      ["a", "b"].forEach(function (name, i) {
        var select = form.querySelector("select[name=" + name + "]");
        data.texts.forEach(function (t) {
          var option = document.createElement("option");
          option.value = t.id;
          option.textContent = t.date + ": " + t.title + " (" + t.language + ")";
          select.appendChild(option);
        });
        var wanted = new URLSearchParams(location.search).get(name);
        select.value = byId[wanted] ? wanted : data.texts[i === 0 ? Math.max(0, data.texts.length - 2) : data.texts.length - 1].id;
      });
      form.hidden = false;
      function show() {
        var a = byId[form.querySelector("select[name=a]").value], b = byId[form.querySelector("select[name=b]").value];
        out.textContent = "";
        if (!a || !b) return;
        var ids = Object.keys(Object.assign({}, a.concepts, b.concepts));
        var groups = { "new": [], "kept": [], "dropped": [] };
        ids.forEach(function (cid) {
          var inA = cid in a.concepts, inB = cid in b.concepts;
          groups[inA && inB ? "kept" : inB ? "new" : "dropped"].push(cid);
        });
        var label = function (cid) { return (data.concepts[cid] || {}).label || cid; };
        var summary = document.createElement("p");
        summary.className = "tifa-help";
        summary.textContent = groups["new"].length + " new, " + groups.kept.length + " kept, " + groups.dropped.length +
          " dropped, of the formulations annotated in the two texts.";
        out.appendChild(summary);
        var table = document.createElement("table");
        table.className = "tifa-compare";
        var head = table.createTHead().insertRow();
        ["Formulation", "Change", a.date, b.date].forEach(function (text) {
          var th = document.createElement("th");
          th.scope = "col";
          th.textContent = text;
          head.appendChild(th);
        });
        var body = table.createTBody();
        var passages = function (cell, text, cid) {
          (text.concepts[cid] || []).forEach(function (use, i) {
            if (i) cell.appendChild(document.createTextNode("; "));
            var link = document.createElement("a");
            link.href = new URL("../articles/" + encodeURIComponent(text.id) + "/#" + encodeURIComponent(use[1]), location.href).href;
            link.lang = text.language;
            link.textContent = use[0];
            cell.appendChild(link);
          });
          if (!(cid in text.concepts)) cell.textContent = "—";
        };
        ["new", "kept", "dropped"].forEach(function (name) {
          groups[name].sort(function (x, y) { return label(x).localeCompare(label(y)); }).forEach(function (cid) {
            var row = body.insertRow();
            row.className = "tifa-change-" + name;
            var concept = row.insertCell();
            var link = document.createElement("a");
            link.href = new URL("../concepts/" + encodeURIComponent(cid) + "/", location.href).href;
            link.textContent = label(cid);
            concept.appendChild(link);
            row.insertCell().textContent = name;
            passages(row.insertCell(), a, cid);
            passages(row.insertCell(), b, cid);
          });
        });
        var wrap = document.createElement("div");
        wrap.className = "tifa-table-wrap";
        wrap.appendChild(table);
        out.appendChild(wrap);
      }
      form.querySelector("button").addEventListener("click", function () {
        var query = "?a=" + encodeURIComponent(form.querySelector("select[name=a]").value) +
          "&b=" + encodeURIComponent(form.querySelector("select[name=b]").value);
        history.replaceState(null, "", query + "#any-two");
        show();
      });
      show();
    }).catch(function () {
      out.textContent = "The list of texts could not be loaded.";
    });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  else document.addEventListener("DOMContentLoaded", start);
})();
