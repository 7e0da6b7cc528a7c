// Renders generated forms on the server, as a portal would, with React 18 in rjsf 5 and in JSON Forms 3.
//
//   node render.mjs < requests.jsonl
//
// Each stdin line is one form: {"schema", "rjsf": uiSchema, "jsonforms": uischema, "render": [formData, ...],
// "validate": [formData, ...]}. The answer is one line {"rendered": [...], "valid": [...]}: per formData to
// render, {"rjsf": html, "jsonforms": html, "console": ["level: message", ...]} with everything the
// libraries wrote to the console meanwhile (a warning is a failure for the tests); per formData to validate,
// {"rjsf": verdict, "jsonforms": verdict} of each library's own validator.
import { createInterface } from "node:readline";
import { format } from "node:util";
import React from "react";
import { renderToString } from "react-dom/server";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import rjsfCore from "@rjsf/core";
import rjsfAjv from "@rjsf/validator-ajv8";
import jsonformsCore from "@jsonforms/core";
import jsonformsReact from "@jsonforms/react";
import vanilla from "@jsonforms/vanilla-renderers";
import { addSvcdefKeywords } from "./svcdef-ajv.mjs";

const Form = rjsfCore.default;
const { customizeValidator } = rjsfAjv;
const { JsonForms } = jsonformsReact;
const { clearAllIds } = jsonformsCore;
const { vanillaRenderers, vanillaCells } = vanilla;

// rjsf: its validator with an Ajv2020 class (the default Ajv is draft-07), the svcdef annotations registered.
const rjsfValidator = customizeValidator({ AjvClass: Ajv2020 });
addSvcdefKeywords(rjsfValidator.ajv);

// JSON Forms: the options of its own createAjv(), on Ajv2020, with ajv-formats and the svcdef annotations.
const jsonFormsAjv = new Ajv2020({ allErrors: true, verbose: true, strict: false, addUsedSchema: false });
addFormats(jsonFormsAjv);
addSvcdefKeywords(jsonFormsAjv);

const captured = [];
for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
  console[level] = (...args) => captured.push(`${level}: ${format(...args)}`);
}

function render(element) {
  try {
    return renderToString(element);
  } catch (error) {
    captured.push(`error: ${error && error.stack ? error.stack : error}`);
    return "";
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const form = JSON.parse(line);
  const rendered = form.render.map((data) => {
    captured.length = 0;
    const rjsf = render(
      React.createElement(Form, { schema: form.schema, uiSchema: form.rjsf, formData: data, validator: rjsfValidator }),
    );
    clearAllIds(); // JSON Forms numbers repeated ids across renders; each render is a page of its own
    const jsonforms = render(
      React.createElement(JsonForms, {
        schema: form.schema,
        uischema: form.jsonforms,
        data,
        renderers: vanillaRenderers,
        cells: vanillaCells,
        ajv: jsonFormsAjv,
      }),
    );
    return { rjsf, jsonforms, console: [...captured] };
  });
  captured.length = 0;
  const valid = form.validate.map((data) => ({
    rjsf: rjsfValidator.validateFormData(data, form.schema).errors.length === 0,
    jsonforms: jsonFormsAjv.validate(form.schema, data),
  }));
  if (captured.length) valid.push({ console: [...captured] });
  process.stdout.write(JSON.stringify({ rendered, valid }) + "\n");
}
