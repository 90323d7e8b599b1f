// axe-core over pages of the running atlas, inside the map's frame too.
//
//   node tests/a11y/scan.mjs http://127.0.0.1:8501/ map=/ place=/?site=balasausqandiq places=/places ...
//
// Each state is `name=path` (or a bare path, named after itself). A state whose path is the map page (`/` with any
// query) waits for the map frame and its Leaflet markers. Prints one JSON document: per state, the WCAG 2.1 A/AA
// violations (rule, impact, node targets, a short html snippet) and how many checked nodes lay inside a frame.
// Exit code: 0 no violation, 1 violations, 2 the scan itself failed.
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const CHROMIUM = process.env.ATLAS_CHROMIUM || "/usr/bin/chromium";
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]';
const TIMEOUT_MS = 60_000;
const PARALLEL = 3;

function isLoopback(url) {
  const u = new URL(url);
  if (["data:", "blob:", "about:"].includes(u.protocol)) return true;
  return ["127.0.0.1", "localhost", "[::1]", "::1"].includes(u.hostname);
}

function parseState(arg) {
  const at = arg.indexOf("=");
  // "name=path"; a bare path may itself hold "=" in its query, so only a name without "/" or "?" counts.
  if (at > 0 && !/[/?]/.test(arg.slice(0, at))) return { name: arg.slice(0, at), path: arg.slice(at + 1) };
  return { name: arg, path: arg };
}

function isMapPage(path) {
  return new URL(path, "http://x/").pathname === "/";
}

async function idle(page) {
  // A heading in the main area means the script has drawn; then no run may be in progress for a moment.
  await page.waitForSelector('[data-testid="stMain"] h1', { timeout: TIMEOUT_MS });
  for (let quiet = 0; quiet < 2;) {
    await page.waitForFunction(() => !document.querySelector('[data-testid="stStatusWidget"]'), null,
                               { timeout: TIMEOUT_MS });
    await page.waitForTimeout(400);
    quiet = (await page.$('[data-testid="stStatusWidget"]')) ? 0 : quiet + 1;
  }
}

async function mapDrawn(page) {
  const handle = await page.waitForSelector(MAP_FRAME, { timeout: TIMEOUT_MS });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(
    () => window.map !== undefined && document.querySelector(".leaflet-container") !== null
      && document.querySelectorAll(".leaflet-marker-icon[data-place]").length > 0
      && window.atlasLabelReport !== undefined,
    null, { timeout: TIMEOUT_MS });
  await frame.waitForTimeout(500);
}

function short(html) {
  const flat = html.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? flat.slice(0, 157) + "..." : flat;
}

async function scan(browser, base, state) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const blocked = [];
  try {
    const page = await context.newPage();
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (isLoopback(url)) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const url = new URL(state.path.replace(/^\//, ""), base).href;
    await page.goto(url, { timeout: TIMEOUT_MS });
    await idle(page);
    if (isMapPage(state.path)) {
      await mapDrawn(page);
      await idle(page);
    }
    const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
    const inFrames = [...results.passes, ...results.violations, ...results.incomplete]
      .flatMap((rule) => rule.nodes).filter((node) => Array.isArray(node.target[0]) || node.target.length > 1).length;
    return {
      name: state.name, url,
      violations: results.violations.map((rule) => ({
        id: rule.id, impact: rule.impact, help: rule.help,
        nodes: rule.nodes.map((node) => ({
          target: node.target.flat(), html: short(node.html),
          why: short([...node.any, ...node.all, ...node.none].map((check) => check.message).join(" ")),
        })),
      })),
      nodesInFrames: inFrames,
      frameNotTested: results.incomplete.some((rule) => rule.id === "frame-tested"),
      blocked: blocked.length,
    };
  } finally {
    await context.close();
  }
}

async function main() {
  const [base, ...args] = process.argv.slice(2);
  if (!base || args.length === 0) {
    console.error("usage: node scan.mjs BASE_URL [name=]PATH ...");
    process.exit(2);
  }
  const states = args.map(parseState);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
  const report = new Array(states.length);
  try {
    let next = 0;
    const worker = async () => {
      while (next < states.length) {
        const index = next++;
        report[index] = await scan(browser, base, states[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, states.length) }, worker));
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify({ axe: TAGS, states: report }, null, 2));
  process.exit(report.some((s) => s.violations.length > 0) ? 1 : 0);
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(2);
});
