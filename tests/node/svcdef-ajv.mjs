// The Ajv set-up docs/outputs.md gives portal teams, shared by every Node script of the test suite.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** The annotation keywords of svcdef's schema.json (generators/schema ANNOTATIONS). */
export const SVCDEF_KEYWORDS = [
  "x-svcdef-type",
  "x-svcdef-minimum",
  "x-svcdef-maximum",
  "x-svcdef-currency",
  "x-svcdef-check-digit",
  "x-svcdef-visible-if",
  "x-svcdef-required-if",
  "x-svcdef-rules",
  "x-svcdef-computed",
  "x-svcdef-fees",
];

/** Register the annotations so that strict mode accepts them; they validate nothing. */
export function addSvcdefKeywords(ajv) {
  for (const keyword of SVCDEF_KEYWORDS) ajv.addKeyword(keyword);
  return ajv;
}

/** Ajv2020 in strict mode with all errors, ajv-formats and the svcdef annotations. */
export function strictAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return addSvcdefKeywords(ajv);
}
