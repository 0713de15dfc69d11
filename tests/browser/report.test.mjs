// Browser test of `planner assess --format html`: for every example profile,
// generate the report with the built binary, load it as file:// in headless
// Chromium (@sparticuz/chromium driven by puppeteer-core) and assert:
//   - no console error and no page error;
//   - no request leaves the file (every request is intercepted; anything but
//     the file itself or a data: URL fails the test);
//   - the app's name and the verdict are on the page;
//   - every chart (svg) renders with a non-zero size.
// Screenshots go to tests/browser/out/ (docs/report.png is one of them).
//
//   cd tests/browser && npm ci && node report.test.mjs
// Environment: PLANNER_BIN (default ../../target/debug/planner),
// REPORT_SCREENSHOT (the example whose screenshot to copy to docs/report.png
// when UPDATE_SCREENSHOT=1; default examples/b2b-saas-uncertain.yaml).

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, resolve, basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import chromium from "@sparticuz/chromium";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = resolve(process.env.PLANNER_BIN ?? join(root, "target/debug/planner"));
const out = join(here, "out");
mkdirSync(out, { recursive: true });

const examples = [
  ...readdirSync(join(root, "examples"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => `examples/${f}`),
  "examples/ci/app.yaml",
];
const shot = process.env.REPORT_SCREENSHOT ?? "examples/b2b-saas-uncertain.yaml";

function planner(args) {
  const r = spawnSync(bin, args, { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run ${bin}: ${r.error.message} (build it with cargo build --locked)`);
  if (r.status !== 0) throw new Error(`planner ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The verdict the report must state, from the JSON contract. */
function expectedVerdict(report) {
  if (report.upgrade_by_month !== null && report.next_tier !== null) {
    return `Verdict: start moving to ${report.next_tier} by month ${report.upgrade_by_month}`;
  }
  if (report.upgrade_by_month !== null) return `Verdict: by month ${report.upgrade_by_month} `;
  return "Verdict: no tier move needed";
}

const failures = [];
const fail = (ex, what) => failures.push(`${ex}: ${what}`);

chromium.setGraphicsMode = false;
const browser = await puppeteer.launch({
  args: puppeteer.defaultArgs({ args: chromium.args, headless: "shell" }),
  defaultViewport: { width: 1200, height: 900, deviceScaleFactor: 1 },
  executablePath: await chromium.executablePath(),
  headless: "shell",
});

try {
  for (const ex of examples) {
    const name = basename(ex, ".yaml") + (ex.includes("/ci/") ? "-ci" : "");
    const file = join(out, `${name}.html`);
    planner(["assess", ex, "--format", "html", "-o", file]);
    const report = JSON.parse(planner(["assess", ex, "--format", "json"]));
    const url = pathToFileURL(file).href;

    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      if (r.url() !== url && !r.url().startsWith("data:")) errors.push(`request failed: ${r.url()}`);
    });
    await page.setRequestInterception(true);
    page.on("request", (r) => {
      requests.push(r.url());
      if (r.url() === url || r.url().startsWith("data:")) r.continue();
      else r.abort();
    });
    await page.goto(url, { waitUntil: "load" });

    for (const e of errors) fail(ex, e);
    for (const r of requests) {
      if (r !== url && !r.startsWith("data:")) fail(ex, `request leaves the file: ${r}`);
    }
    const body = await page.evaluate(() => document.body.innerText);
    const h1 = await page.$eval("h1", (e) => e.textContent);
    if (!h1.includes(report.app)) fail(ex, `the heading "${h1}" lacks the app name "${report.app}"`);
    const verdict = expectedVerdict(report);
    if (!body.includes(verdict)) fail(ex, `the verdict "${verdict}" is not on the page`);
    const charts = await page.$$eval("svg", (svgs) =>
      svgs.map((s) => {
        const r = s.getBoundingClientRect();
        return { id: s.id, width: r.width, height: r.height, shapes: s.querySelectorAll("rect, line, polyline, polygon").length };
      }),
    );
    if (charts.length !== 3) fail(ex, `${charts.length} charts, expected 3`);
    for (const c of charts) {
      if (!(c.width > 0 && c.height > 0)) fail(ex, `chart ${c.id} has size ${c.width}×${c.height}`);
      if (c.shapes === 0) fail(ex, `chart ${c.id} draws nothing`);
    }
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    const top = join(out, `${name}-top.png`);
    await page.screenshot({ path: top, clip: { x: 0, y: 0, width: 1200, height: 1300 } });
    if (ex === shot && process.env.UPDATE_SCREENSHOT) {
      copyFileSync(top, join(root, "docs/report.png"));
    }
    await page.close();
    console.log(`ok ${ex}: ${charts.length} charts, ${requests.length} request(s), verdict found`);
  }
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.error(`\n${failures.length} failure(s):\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`browser test passed: ${examples.length} reports`);
