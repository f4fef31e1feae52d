// Validates GitHub Actions workflow files with GitHub's own parser (@actions/workflow-parser, the one behind the
// Actions language service): schema, keys, expressions and the contexts each key may use.
// Usage: node validate.mjs FILE...   Prints "FILE: error" lines and exits 1 when any file has an error.
// (@action-validator/cli, the other validator installed here, is run by the tests directly.)
import { readFileSync } from "node:fs";
import { register } from "node:module";

// The package imports its JSON schema without an import attribute (it is meant for bundlers), which Node 20
// refuses; this hook adds the attribute to .json imports.
register("data:text/javascript," + encodeURIComponent(`
  export async function load(url, context, nextLoad) {
    // Node 20 names the field importAttributes, Node 18 importAssertions.
    const key = "importAttributes" in context ? "importAttributes" : "importAssertions";
    if (url.endsWith(".json")) return nextLoad(url, { ...context, [key]: { type: "json" } });
    return nextLoad(url, context);
  }`));
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

let failed = false;
for (const file of process.argv.slice(2)) {
  const result = parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, new NoOperationTraceWriter());
  const messages = result.context.errors.getErrors().map(e => e.message);
  if (result.value !== undefined) {
    const template = await convertWorkflowTemplate(result.context, result.value);
    for (const e of template.errors ?? []) if (!messages.includes(e.Message)) messages.push(e.Message);
  }
  for (const message of messages) console.log(`${file}: ${message}`);
  failed ||= messages.length > 0;
}
process.exit(failed ? 1 : 0);
