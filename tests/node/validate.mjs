// Validates submissions with ajv as portal teams configure it.
//
//   node validate.mjs SCHEMA.json...
//
// Compiles every schema in strict mode and writes one JSON line: {"compiled": [null | "error message", ...]}.
// Then reads JSON lines {"schema": <index>, "data": [<submission>, ...]} from stdin and answers each with one
// line: a list with {"valid": true|false, "errors": [{"instancePath", "keyword", "message"}, ...]} per submission.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { strictAjv } from "./svcdef-ajv.mjs";

const ajv = strictAjv();
const validators = [];
const compiled = [];
for (const path of process.argv.slice(2)) {
  try {
    validators.push(ajv.compile(JSON.parse(readFileSync(path, "utf8"))));
    compiled.push(null);
  } catch (error) {
    validators.push(null);
    compiled.push(String(error && error.message ? error.message : error));
  }
}
process.stdout.write(JSON.stringify({ compiled }) + "\n");

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const { schema, data } = JSON.parse(line);
  const validate = validators[schema];
  const answers = data.map((submission) => {
    const valid = validate(submission);
    const errors = (validate.errors || []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, message: e.message }));
    return { valid, errors };
  });
  process.stdout.write(JSON.stringify(answers) + "\n");
}
