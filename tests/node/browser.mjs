// Runs generated ES modules in headless Chromium the way a portal page loads them: over HTTP, by the
// browser's own module loader, with no bundler and no Node built-ins.
//
//   node browser.mjs CHROMIUM
//
// Serves folders on 127.0.0.1 and starts CHROMIUM (playwright-core drives it; it downloads no browser).
// Writes one JSON line {"ready": "<user agent>"}, then answers JSON lines from stdin, one line each:
//   {"mount": "/abs/folder"}  ->  {"prefix": "/m0/"}: the folder's files are served below that path
//   {"clock": "2026-05-01T21:30:00Z"}  ->  {"local": "2026-05-02"}: the page's clock stands still at that instant;
//                                          the answer is the page's local date then
//   {"cases": [{"module": "/m0/x/js/index.js", "data": "<JSON text>", "today": "2026-05-01" | null,
//               "lang": "de" | null}, ...]}
//                             ->  {"results": [the module's `evaluate` result as JSON, or {"thrown": "..."}, ...],
//                                  "problems": [page errors and console errors since the last answer]}
// With "today" null, `evaluate` takes the day from the browser's clock in the service's time zone. The page runs
// in time zone Pacific/Kiritimati (UTC+14) with locale de-CH, so that code that used the browser's own zone
// or locale instead of the service's would give other days and texts than Node (which runs in the machine's).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, resolve, sep } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const TYPES = { ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".html": "text/html; charset=utf-8" };

// The page a portal would have: a module script (`/runner.js`) that imports each generated module by its URL.
// Everything is served under a strict Content-Security-Policy (scripts only from the page's origin, no eval, no
// inline script), as government portals set it: generated code that needed more would fail here.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>svcdef browser test</title>
<script type="module" src="/runner.js"></script>
`;
const RUNNER = `
const loaded = new Map();
window.runCases = async (cases) => {
  const out = [];
  for (const c of cases) {
    try {
      if (!loaded.has(c.module)) loaded.set(c.module, import(c.module));
      const mod = await loaded.get(c.module);
      const options = { lang: c.lang ?? undefined };
      if (c.today !== null) options.today = c.today;
      out.push(JSON.parse(JSON.stringify(mod.evaluate(JSON.parse(c.data), options))));
    } catch (e) {
      out.push({ thrown: String(e && e.stack ? e.stack : e) });
    }
  }
  return out;
};
window.pageReady = true;
`;
const POLICY = "default-src 'none'; script-src 'self'";
const PAGES = { "/": [TYPES[".html"], PAGE], "/runner.js": [TYPES[".js"], RUNNER] };

const mounts = [];

function served(url) {
  const path = decodeURIComponent(new URL(url, "http://127.0.0.1").pathname);
  const found = /^\/m(\d+)\/(.*)$/.exec(path);
  if (!found || !mounts[Number(found[1])]) return null;
  const root = mounts[Number(found[1])];
  const file = resolve(root, found[2]);
  return file.startsWith(root + sep) ? file : null;
}

const server = createServer(async (request, response) => {
  if (request.url === "/favicon.ico") {
    response.writeHead(204);
    response.end();
    return;
  }
  if (Object.hasOwn(PAGES, request.url)) {
    response.writeHead(200, { "content-type": PAGES[request.url][0], "content-security-policy": POLICY });
    response.end(PAGES[request.url][1]);
    return;
  }
  const file = served(request.url);
  const info = file && (await stat(file).catch(() => null));
  if (!info || !info.isFile()) {
    response.writeHead(404);
    response.end();
    return;
  }
  const type = TYPES[extname(file)] ?? "application/octet-stream";
  response.writeHead(200, { "content-type": type, "content-security-policy": POLICY });
  createReadStream(file).pipe(response);
});
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const origin = `http://127.0.0.1:${server.address().port}/`;

// No connections of Chromium's own (updates, sync, QUIC): the tests need no network beyond 127.0.0.1.
const browser = await chromium.launch({
  executablePath: process.argv[2],
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ timezoneId: "Pacific/Kiritimati", locale: "de-CH" });
const page = await context.newPage();
const problems = [];
page.on("pageerror", (error) => problems.push(String(error)));
page.on("console", (message) => {
  if (message.type() === "error") problems.push(message.text());
});
await page.goto(origin);
await page.waitForFunction(() => window.pageReady === true);
process.stdout.write(JSON.stringify({ ready: await page.evaluate(() => navigator.userAgent) }) + "\n");

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  let answer;
  if (request.mount !== undefined) {
    mounts.push(resolve(request.mount));
    answer = { prefix: `/m${mounts.length - 1}/` };
  } else if (request.clock !== undefined) {
    await page.clock.setFixedTime(new Date(request.clock));
    answer = {
      local: await page.evaluate(() => {
        const d = new Date();
        return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
      }),
    };
  } else {
    const results = await page.evaluate((cases) => window.runCases(cases), request.cases);
    answer = { results, problems: problems.splice(0) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
server.close();
