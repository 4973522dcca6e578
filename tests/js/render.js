// Renders CSL-JSON items with citeproc-js (the processor Zotero uses) in CSL styles given
// as files, so the test can compare with what the pages print.
// stdin: {"styles": {"name": "path.csl"}, "locale": "path/locales-en-US.xml", "items": [...]}
// stdout: {"name": {"item id": "reference as HTML"}}
"use strict";
const fs = require("fs");
const CSL = require("citeproc");

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const locale = fs.readFileSync(input.locale, "utf8");
const byId = new Map(input.items.map((item) => [item.id, item]));
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId.get(id) };
const out = {};
for (const [name, path] of Object.entries(input.styles)) {
  // One engine per style (parsing a style costs seconds), each item rendered alone.
  const engine = new CSL.Engine(sys, fs.readFileSync(path, "utf8"), "en-US", true);
  engine.setOutputFormat("html");
  out[name] = {};
  for (const id of byId.keys()) {
    engine.updateItems([id]); // alone, as on its page: no "2026a, 2026b" disambiguation
    const [, entries] = engine.makeBibliography();
    out[name][id] = entries[0].replace(/^\s*<div class="csl-entry">/, "").replace(/<\/div>\s*$/, "").trim();
  }
}
process.stdout.write(JSON.stringify(out));
