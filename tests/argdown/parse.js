// Parse Argdown files with Argdown's own parser and print what it found, as JSON:
//   node parse.js FILE...   ->  [{file, errors, statements, arguments, relations}, ...]
// Used by the tests to check that argmap's Argdown export loses nothing.
"use strict";
const fs = require("fs");
const core = require("@argdown/core");

function parse(file) {
  const app = new core.ArgdownApplication();
  app.addPlugin(new core.ParserPlugin(), "parse-input");
  app.addPlugin(new core.DataPlugin(), "build-model");
  app.addPlugin(new core.ModelPlugin(), "build-model");
  const input = fs.readFileSync(file, "utf8");
  const response = app.run({ input, process: ["parse-input", "build-model"], logLevel: "error" });
  const errors = []
    .concat((response.lexerErrors || []).map((e) => `line ${e.line}: ${e.message}`))
    .concat((response.parserErrors || []).map((e) => `line ${e.token && e.token.startLine}: ${e.message}`))
    .concat((response.exceptions || []).map((e) => String(e)));
  const statements = Object.values(response.statements || {}).map((s) => ({
    title: s.title,
    text: core.IEquivalenceClass.getCanonicalMemberText(s) || null,
    tags: s.tags || [],
    data: s.data || null,
  }));
  const args = Object.values(response.arguments || {}).map((a) => ({
    title: a.title,
    text: core.IArgument.getCanonicalMemberText(a) || null,
    tags: a.tags || [],
    data: a.data || null,
  }));
  const relations = (response.relations || []).map((r) => ({
    from: r.from.title,
    to: r.to.title,
    type: r.relationType,
  }));
  return { file, errors, statements, arguments: args, relations };
}

console.log(JSON.stringify(process.argv.slice(2).map(parse)));
