// Validate YAML files as an editor does: yaml-language-server (Red Hat's, the one VS Code's
// YAML extension runs), with each file's `# yaml-language-server: $schema=` line.
// Prints one line per diagnostic: path:line:col: message
const fs = require("fs");
const path = require("path");
const { pathToFileURL, fileURLToPath } = require("url");
const { getLanguageService } = require("yaml-language-server/lib/umd/languageservice/yamlLanguageService");
const { TextDocument } = require("vscode-languageserver-textdocument");

const service = getLanguageService({
  schemaRequestService: async (uri) => fs.readFileSync(fileURLToPath(uri), "utf-8"),
  workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).toString() },
});
service.configure({ validate: true, completion: false, hover: false, format: false, yamlVersion: "1.2" });

(async () => {
  for (const file of process.argv.slice(2)) {
    const uri = pathToFileURL(path.resolve(file)).toString();
    const doc = TextDocument.create(uri, "yaml", 1, fs.readFileSync(file, "utf-8"));
    for (const d of await service.doValidation(doc, false)) {
      console.log(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message.replace(/\n/g, " ")}`);
    }
  }
})().catch((err) => { console.error(err); process.exit(2); });
