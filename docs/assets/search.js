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

  // How well a name answers a query, lower is better: the whole name (0), the whole
  // name with spaces ignored, so pinyin typed "xinzhi shengchanli" or "xinzhishengchanli"
  // finds 新质生产力 (1), its start (2), the start of one of its words (3), anywhere (4).
  function score(name, q, bare) {
    var n = fold(name);
    if (!n) return 9;
    if (n === q) return 0;
    var nBare = n.replace(/[\s\-·']/g, "");
    if (bare && nBare === bare) return 1;
    if (n.indexOf(q) === 0 || (bare && nBare.indexOf(bare) === 0)) return 2;
    if ((" " + n).indexOf(" " + q) !== -1) return 3;
    if (n.indexOf(q) !== -1 || (bare && nBare.indexOf(bare) !== -1)) return 4;
    return 9;
  }

  // Concepts answering a query, best first: a concept's label or 汉字 ranks before another
  // concept's alias (another rendering) of the same words; ties go to the more used concept
  // (two may share their 汉字), then the shorter label, then A–Z.
  function rank(concepts, query) {
    var q = fold(query);
    if (!q) return [];
    var bare = q.replace(/[\s\-·']/g, "");
    return concepts.map(function (c) {
      var own = Math.min(score(c.label, q, bare), score(c.zh, q, bare), score(c.pinyin, q, bare));
      var other = Math.min.apply(null, [9].concat(c.names.map(function (n) { return score(n, q, bare); })));
      var best = Math.min(own * 2, other * 2 + 1);
      return { c: c, best: best };
    }).filter(function (x) { return x.best < 18; }).sort(function (a, b) {
      return a.best - b.best || (b.c.uses || 0) - (a.c.uses || 0) || a.c.label.length - b.c.label.length || (a.c.label < b.c.label ? -1 : a.c.label > b.c.label ? 1 : 0);
    }).map(function (x) { return x.c; });
  }
  window.tifaRankConcepts = function (query) {
    return fetch("concepts.json").then(function (r) { return r.json(); }).then(function (data) {
      return rank(data, query).map(function (c) { return c.url; });
    });
  };

  function showConcepts(box, concepts, query) {
    box.textContent = "";
    var hits = rank(concepts, query).slice(0, 8);
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
