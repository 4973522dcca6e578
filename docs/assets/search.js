// Tifa search page. Two parts, both static and first-party:
// 1. an exact lookup of concept names (English label, 汉字, pinyin, other renderings)
//    in search/concepts.json, so a formulation typed in any of them leads to its page;
// 2. Pagefind's full-text UI over the chunked index in /pagefind/ (a large site is
//    indexed in parts: bundles.json lists the other bundles, which Pagefind merges).
// A query in the address (?q=…) is searched at once, so the header box can point here.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function showConcepts(box, concepts, query) {
    var q = fold(query);
    box.textContent = "";
    if (!q) return;
    var hits = concepts.filter(function (c) {
      return [c.label, c.zh, c.pinyin].concat(c.names).some(function (name) {
        return name && fold(name).indexOf(q) !== -1;
      });
    }).slice(0, 8);
    if (!hits.length) return;
    var heading = document.createElement("h2");
    heading.textContent = "Concepts";
    var list = document.createElement("ul");
    hits.forEach(function (c) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "../" + c.url;
      link.textContent = c.label;
      item.appendChild(link);
      if (c.zh) {
        var zh = document.createElement("span");
        zh.lang = "zh-Hans";
        zh.textContent = " " + c.zh + (c.pinyin ? " " + c.pinyin : "");
        item.appendChild(zh);
      }
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function start() {
    fetch("bundles.json").then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; }).then(function (bundles) {
      begin(bundles.map(function (path) { return { bundlePath: path }; }));
    });
  }

  function begin(mergeIndex) {
    var box = document.getElementById("tifa-concept-hits");
    var concepts = [];
    var lastQuery = "";
    var ui = new PagefindUI({
      mergeIndex: mergeIndex,
      element: "#tifa-search",
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      // The site may live under a sub-path (GitHub Pages): result links are relative to it.
      baseUrl: new URL("..", window.location.href).pathname,
      translations: { placeholder: "Search concepts, texts, people… / 搜索" },
      processTerm: function (term) {
        lastQuery = term;
        showConcepts(box, concepts, term);
        return term;
      }
    });
    fetch("concepts.json").then(function (r) { return r.json(); }).then(function (data) {
      concepts = data;
      showConcepts(box, concepts, lastQuery);
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
